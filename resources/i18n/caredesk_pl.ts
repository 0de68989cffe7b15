<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name></name>
    <message>
        <source>CareDesk met an error</source>
        <translation>W CareDesk wystąpił błąd</translation>
    </message>
    <message>
        <source>Something went wrong inside CareDesk. What you were doing may not have finished: check it before going on. Copy this report into a ticket for the service desk; it holds no patient details.</source>
        <translation>W CareDesk coś poszło nie tak. To, co robiłeś, mogło się nie zakończyć: sprawdź to, zanim przejdziesz dalej. Skopiuj ten raport do zgłoszenia dla działu wsparcia; nie zawiera danych pacjenta.</translation>
    </message>
    <message>
        <source>Error report</source>
        <translation>Raport o błędzie</translation>
    </message>
    <message>
        <source>&amp;Copy report</source>
        <translation>Kopiuj &amp;raport</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>Kopiuj raport</translation>
    </message>
    <message>
        <source>Carry &amp;on</source>
        <translation>&amp;Kontynuuj</translation>
    </message>
    <message>
        <source>Carry on</source>
        <translation>Kontynuuj</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Skopiowano</translation>
    </message>
    <message>
        <source>LATE: claim was due {0}</source>
        <translation>PO TERMINIE: należało przejąć do {0}</translation>
    </message>
    <message>
        <source>claimed in time</source>
        <translation>przejęte w terminie</translation>
    </message>
    <message>
        <source>claim by {0}</source>
        <translation>przejmij do {0}</translation>
    </message>
    <message>
        <source>claimed by {0}</source>
        <translation>przejęte przez: {0}</translation>
    </message>
    <message>
        <source>for {0}, unclaimed</source>
        <translation>dla: {0}, nieprzejęte</translation>
    </message>
    <message>
        <source>unclaimed</source>
        <translation>nieprzejęte</translation>
    </message>
    <message>
        <source>{age} · {patient}: {title}
{sla} · {who} · escalated by {by}</source>
        <translation>{age} · {patient}: {title}
{sla} · {who} · przekazał(a): {by}</translation>
    </message>
    <message>
        <source>the system</source>
        <translation>system</translation>
    </message>
    <message>
        <source>Escalations</source>
        <translation>Eskalacje</translation>
    </message>
    <message>
        <source>Escalations waiting, oldest first</source>
        <translation>Oczekujące eskalacje, od najstarszej</translation>
    </message>
    <message>
        <source>Clinical note</source>
        <translation>Notatka kliniczna</translation>
    </message>
    <message>
        <source>Clinical note: a reply to the advisor, or the outcome</source>
        <translation>Notatka kliniczna: odpowiedź dla konsultanta albo wynik</translation>
    </message>
    <message>
        <source>Cla&amp;im</source>
        <translation>Prze&amp;jmij</translation>
    </message>
    <message>
        <source>&amp;Reply</source>
        <translation>Odpo&amp;wiedz</translation>
    </message>
    <message>
        <source>Re&amp;solve</source>
        <translation>&amp;Rozwiąż</translation>
    </message>
    <message>
        <source>{0} waiting · {1} late · claim within {2:g} h</source>
        <translation>Oczekuje: {0} · po terminie: {1} · przejmij w ciągu {2:g} godz.</translation>
    </message>
    <message>
        <source>No details given.</source>
        <translation>Brak szczegółów.</translation>
    </message>
    <message>
        <source>{0}  free</source>
        <translation>{0}  wolne</translation>
    </message>
    <message>
        <source>{when}  {patient}: {reason} ({status})</source>
        <translation>{when}  {patient}: {reason} ({status})</translation>
    </message>
    <message>
        <source>Appointments</source>
        <translation>Wizyty</translation>
    </message>
    <message>
        <source>◀ Earlier</source>
        <translation>◀ Wcześniej</translation>
    </message>
    <message>
        <source>Earlier</source>
        <translation>Wcześniej</translation>
    </message>
    <message>
        <source>&amp;Today</source>
        <translation>D&amp;ziś</translation>
    </message>
    <message>
        <source>Later ▶</source>
        <translation>Później ▶</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Później</translation>
    </message>
    <message>
        <source>Show a day or a week</source>
        <translation>Pokaż dzień albo tydzień</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Dzień</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Tydzień</translation>
    </message>
    <message>
        <source>Appointment slots</source>
        <translation>Terminy wizyt</translation>
    </message>
    <message>
        <source>Op&amp;en</source>
        <translation>Otwó&amp;rz</translation>
    </message>
    <message>
        <source>Ca&amp;ll</source>
        <translation>Zadzwo&amp;ń</translation>
    </message>
    <message>
        <source>Do&amp;ne</source>
        <translation>Od&amp;byta</translation>
    </message>
    <message>
        <source>No-sho&amp;w</source>
        <translation>&amp;Nieobecność</translation>
    </message>
    <message>
        <source>C&amp;ancel appointment</source>
        <translation>Od&amp;wołaj wizytę</translation>
    </message>
    <message>
        <source>Free slot to move to</source>
        <translation>Wolny termin do przeniesienia</translation>
    </message>
    <message>
        <source>&amp;Move</source>
        <translation>&amp;Przenieś</translation>
    </message>
    <message>
        <source>{range}: {booked} booked, {free} free</source>
        <translation>{range}: zarezerwowane {booked}, wolne {free}</translation>
    </message>
    <message>
        <source>No appointments this week.</source>
        <translation>Brak wizyt w tym tygodniu.</translation>
    </message>
    <message>
        <source>texted CALL ME</source>
        <translation>wysłał SMS „CALL ME”</translation>
    </message>
    <message>
        <source>rang {0}</source>
        <translation>dzwonił na {0}</translation>
    </message>
    <message>
        <source>asked in the queue</source>
        <translation>poprosił w kolejce</translation>
    </message>
    <message>
        <source>LATE: due {0}</source>
        <translation>PO TERMINIE: termin {0}</translation>
    </message>
    <message>
        <source>call back by {0}</source>
        <translation>oddzwonić do {0}</translation>
    </message>
    <message>
        <source>yours</source>
        <translation>twoje</translation>
    </message>
    <message>
        <source>taken by {0}</source>
        <translation>przejął: {0}</translation>
    </message>
    <message>
        <source>another advisor</source>
        <translation>inny konsultant</translation>
    </message>
    <message>
        <source>free to take</source>
        <translation>do przejęcia</translation>
    </message>
    <message>
        <source>{number} · {how}
waited {age} · {sla} · {who}</source>
        <translation>{number} · {how}
czeka {age} · {sla} · {who}</translation>
    </message>
    <message>
        <source>Call-backs</source>
        <translation>Oddzwonienia</translation>
    </message>
    <message>
        <source>Call-backs waiting, oldest first</source>
        <translation>Oczekujące oddzwonienia, najstarsze najpierw</translation>
    </message>
    <message>
        <source>Enter takes the selected call-back, or dials it when it is yours.</source>
        <translation>Enter przejmuje zaznaczone oddzwonienie albo wybiera numer, gdy jest twoje.</translation>
    </message>
    <message>
        <source>Nobody is waiting for a call-back.</source>
        <translation>Nikt nie czeka na oddzwonienie.</translation>
    </message>
    <message>
        <source>Ta&amp;ke</source>
        <translation>&amp;Przejmij</translation>
    </message>
    <message>
        <source>&amp;Dial</source>
        <translation>&amp;Wybierz numer</translation>
    </message>
    <message>
        <source>How the call-back ended</source>
        <translation>Jak zakończyło się oddzwonienie</translation>
    </message>
    <message>
        <source>Record o&amp;utcome</source>
        <translation>Zapisz wyni&amp;k</translation>
    </message>
    <message>
        <source>{0} waiting · {1} late · call back within {2} min</source>
        <translation>czeka: {0} · po terminie: {1} · oddzwonić w ciągu {2} min</translation>
    </message>
    <message>
        <source>Your softphone has the number: press call.</source>
        <translation>Softphone ma numer: naciśnij „Zadzwoń”.</translation>
    </message>
    <message>
        <source>No softphone is set up to dial tel: links on this computer.</source>
        <translation>Na tym komputerze żaden softphone nie obsługuje linków tel:.</translation>
    </message>
    <message>
        <source>over {0} s</source>
        <translation>ponad {0} s</translation>
    </message>
    <message>
        <source>within {0} s</source>
        <translation>w ciągu {0} s</translation>
    </message>
    <message>
        <source>chat</source>
        <translation>czat</translation>
    </message>
    <message>
        <source>call</source>
        <translation>połączenie</translation>
    </message>
    <message>
        <source>Routed: {0}</source>
        <translation>Przekierowanie: {0}</translation>
    </message>
    <message>
        <source>oldest {0} min</source>
        <translation>najdłużej {0} min</translation>
    </message>
    <message>
        <source>none waiting</source>
        <translation>nikt nie czeka</translation>
    </message>
    <message>
        <source>Call-backs: {waiting} waiting, {late} late · {oldest}</source>
        <translation>Oddzwonienia: {waiting} czeka, {late} po terminie · {oldest}</translation>
    </message>
    <message>
        <source>Floor</source>
        <translation>Sala</translation>
    </message>
    <message>
        <source>Waiting for an agent, longest first</source>
        <translation>Czekające na konsultanta, od najdłużej czekających</translation>
    </message>
    <message>
        <source>Locked challenges waiting for a lead</source>
        <translation>Zablokowane weryfikacje czekające na kierownika</translation>
    </message>
    <message>
        <source>&amp;Unlock challenge</source>
        <translation>&amp;Odblokuj weryfikację</translation>
    </message>
    <message>
        <source>Waiting for an agent</source>
        <translation>Czekające na konsultanta</translation>
    </message>
    <message>
        <source>Locked challenges</source>
        <translation>Zablokowane weryfikacje</translation>
    </message>
    <message>
        <source>Unlocked: {0}</source>
        <translation>Odblokowano: {0}</translation>
    </message>
    <message>
        <source>{caller} · {agent} · since {time}</source>
        <translation>{caller} · {agent} · od {time}</translation>
    </message>
    <message>
        <source>no agent</source>
        <translation>bez konsultanta</translation>
    </message>
    <message>
        <source>Account {account} · challenges locked since {time}</source>
        <translation>Konto {account} · weryfikacje zablokowane od {time}</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Brak</translation>
    </message>
    <message>
        <source>Nobody is waiting.</source>
        <translation>Nikt nie czeka.</translation>
    </message>
    <message>
        <source>{waiting} waiting, {over} over SLA · {locked} locked · {refunds} refund requests · late today: {phone} calls, {chat} chats, {escalations} escalations</source>
        <translation>Czeka: {waiting}, ponad SLA: {over} · zablokowane: {locked} · prośby o zwrot: {refunds} · dziś po czasie: połączenia {phone}, czaty {chat}, eskalacje {escalations}</translation>
    </message>
    <message>
        <source>{0:.0f} s</source>
        <translation>{0:.0f} s</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>Wskaźniki</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Okres</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Dziś</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Ostatnie 7 dni</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>O&amp;dśwież</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>&amp;Eksportuj CSV…</translation>
    </message>
    <message>
        <source>Calls: answered, missed and abandoned</source>
        <translation>Połączenia: odebrane, nieodebrane i porzucone</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Połączenia</translation>
    </message>
    <message>
        <source>Open escalations by team and age</source>
        <translation>Otwarte eskalacje według zespołu i wieku</translation>
    </message>
    <message>
        <source>Enquiry response times by team</source>
        <translation>Czas odpowiedzi na zapytania według zespołów</translation>
    </message>
    <message>
        <source>Enquiries: time to answer</source>
        <translation>Zapytania: czas odpowiedzi</translation>
    </message>
    <message>
        <source>{0} to {1} (UTC)</source>
        <translation>{0} do {1} (UTC)</translation>
    </message>
    <message>
        <source>{0} calls, {1} chats</source>
        <translation>połączenia: {0}, czaty: {1}</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Odebrane</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Nieodebrane</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Porzucone</translation>
    </message>
    <message>
        <source>Under 2 h</source>
        <translation>Poniżej 2 godz.</translation>
    </message>
    <message>
        <source>Under a day</source>
        <translation>Poniżej doby</translation>
    </message>
    <message>
        <source>Under a week</source>
        <translation>Poniżej tygodnia</translation>
    </message>
    <message>
        <source>Older</source>
        <translation>Starsze</translation>
    </message>
    <message>
        <source>{team}: {answered} answered, median {median}, {within} in a day, {waiting} waiting</source>
        <translation>{team}: odpowiedzi {answered}, mediana {median}, {within} w ciągu doby, czeka {waiting}</translation>
    </message>
    <message>
        <source>{0} h</source>
        <translation>{0} godz.</translation>
    </message>
    <message>
        <source>target {hours} h: {within} in target, {overdue} overdue</source>
        <translation>cel {hours} godz.: w terminie {within}, po terminie {overdue}</translation>
    </message>
    <message>
        <source>No enquiries in this period.</source>
        <translation>Brak zapytań w tym okresie.</translation>
    </message>
    <message>
        <source>Export the figures</source>
        <translation>Eksportuj wskaźniki</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Pliki CSV (*.csv)</translation>
    </message>
    <message>
        <source>Could not write {0}: {1}</source>
        <translation>Nie można zapisać {0}: {1}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>Zapisano {0}</translation>
    </message>
    <message>
        <source>NEW</source>
        <translation>NOWE</translation>
    </message>
    <message>
        <source>rerouted</source>
        <translation>przekierowane</translation>
    </message>
    <message>
        <source>reminder sent</source>
        <translation>wysłano przypomnienie</translation>
    </message>
    <message>
        <source>wrote again</source>
        <translation>napisał(a) ponownie</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>odrzucone</translation>
    </message>
    <message>
        <source>answered {0}</source>
        <translation>odpowiedziano {0}</translation>
    </message>
    <message>
        <source>email</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <source>attachments: {0}</source>
        <translation>załączniki: {0}</translation>
    </message>
    <message>
        <source>{0} bytes</source>
        <translation>{0} B</translation>
    </message>
    <message>
        <source>{0:.0f} KB</source>
        <translation>{0:.0f} KB</translation>
    </message>
    <message>
        <source>{0:.1f} MB</source>
        <translation>{0:.1f} MB</translation>
    </message>
    <message>
        <source>Attachments, listed only (never opened here): {0}</source>
        <translation>Załączniki, tylko wymienione (nigdy tu nie otwierane): {0}</translation>
    </message>
    <message>
        <source>——— They wrote again, {0} ———</source>
        <translation>——— Kolejna wiadomość, {0} ———</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>ktoś</translation>
    </message>
    <message>
        <source>Rejected by {0} at {1}: {2}</source>
        <translation>Odrzucone ({0}, {1}): {2}</translation>
    </message>
    <message>
        <source>Answered {0} by {1} at {2}</source>
        <translation>Odpowiedziano {0} ({1}, {2})</translation>
    </message>
    <message>
        <source>Open · read by {0}</source>
        <translation>Otwarte · przeczytane przez: {0}</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Otwarte</translation>
    </message>
    <message>
        <source>Enquiries</source>
        <translation>Zapytania</translation>
    </message>
    <message>
        <source>No enquiries. New ones from the web form and by email appear here.</source>
        <translation>Brak zapytań. Nowe z formularza i z e-maili pojawią się tutaj.</translation>
    </message>
    <message>
        <source>Enquiries, oldest open first</source>
        <translation>Zapytania, najstarsze otwarte najpierw</translation>
    </message>
    <message>
        <source>The enquiry</source>
        <translation>Zapytanie</translation>
    </message>
    <message>
        <source>Your reply, the note of the phone call, or the reason for rejecting it</source>
        <translation>Twoja odpowiedź, notatka z rozmowy telefonicznej albo powód odrzucenia</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Odpowiedź</translation>
    </message>
    <message>
        <source>Reply by</source>
        <translation>Odpowiedz przez</translation>
    </message>
    <message>
        <source>Send &amp;reply</source>
        <translation>&amp;Wyślij odpowiedź</translation>
    </message>
    <message>
        <source>Answered by &amp;phone</source>
        <translation>Odpowiedziano &amp;telefonicznie</translation>
    </message>
    <message>
        <source>You called the sender: the box holds the note of the call</source>
        <translation>Zadzwoniono do nadawcy: pole zawiera notatkę z rozmowy</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>&amp;Odrzuć</translation>
    </message>
    <message>
        <source>Not for us (spam, a duplicate): the box holds the reason; it counts as answered</source>
        <translation>Nie do nas (spam, duplikat): pole zawiera powód; liczy się jako odpowiedź</translation>
    </message>
    <message>
        <source>Out of &amp;office…</source>
        <translation>Poza &amp;biurem…</translation>
    </message>
    <message>
        <source>Reply to new enquiries at once while a team is away</source>
        <translation>Odpowiadaj od razu na nowe zapytania, gdy zespołu nie ma</translation>
    </message>
    <message>
        <source>{0} unread · {1} open</source>
        <translation>nieprzeczytane: {0} · otwarte: {1}</translation>
    </message>
    <message>
        <source>Enquiries ({0})</source>
        <translation>Zapytania ({0})</translation>
    </message>
    <message>
        <source>received {0}</source>
        <translation>otrzymano {0}</translation>
    </message>
    <message>
        <source>rerouted from {0}</source>
        <translation>przekierowane z: {0}</translation>
    </message>
    <message>
        <source>by email {0}</source>
        <translation>e-mailem {0}</translation>
    </message>
    <message>
        <source>replies to {0}, answered</source>
        <translation>odpowiedź na {0} (już załatwione)</translation>
    </message>
    <message>
        <source>{0} / {1} characters</source>
        <translation>{0} / {1} znaków</translation>
    </message>
    <message>
        <source>Out-of-office reply</source>
        <translation>Odpowiedź „poza biurem”</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Zespół</translation>
    </message>
    <message>
        <source>What senders are told, e.g. we are closed until Monday 9:00</source>
        <translation>Co usłyszą nadawcy, np. jesteśmy zamknięci do poniedziałku 9:00</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Odpowiedź</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Do</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>&amp;Zespół</translation>
    </message>
    <message>
        <source>&amp;Until</source>
        <translation>&amp;Do</translation>
    </message>
    <message>
        <source>Switch &amp;on</source>
        <translation>&amp;Włącz</translation>
    </message>
    <message>
        <source>Switch o&amp;ff</source>
        <translation>Wy&amp;łącz</translation>
    </message>
    <message>
        <source>Write the reply (up to {0} characters: it may go by text).</source>
        <translation>Napisz odpowiedź (do {0} znaków: może pójść SMS-em).</translation>
    </message>
    <message>
        <source>CareDesk</source>
        <translation>CareDesk</translation>
    </message>
    <message>
        <source>Texts in this conversation</source>
        <translation>SMS-y w tej rozmowie</translation>
    </message>
    <message>
        <source>Quick response</source>
        <translation>Szybka odpowiedź</translation>
    </message>
    <message>
        <source>Language of the quick responses</source>
        <translation>Język szybkich odpowiedzi</translation>
    </message>
    <message>
        <source>Write a text, or choose a quick response…</source>
        <translation>Napisz SMS albo wybierz szybką odpowiedź…</translation>
    </message>
    <message>
        <source>Your reply</source>
        <translation>Twoja odpowiedź</translation>
    </message>
    <message>
        <source>&amp;Send text</source>
        <translation>&amp;Wyślij SMS</translation>
    </message>
    <message>
        <source>Send (Ctrl+Enter)</source>
        <translation>Wyślij (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>&amp;Call back</source>
        <translation>&amp;Oddzwoń</translation>
    </message>
    <message>
        <source>Your softphone dials the number that texted</source>
        <translation>Softphone wybierze numer, z którego przyszedł SMS</translation>
    </message>
    <message>
        <source>Send app &amp;link</source>
        <translation>Wyślij &amp;link do aplikacji</translation>
    </message>
    <message>
        <source>Texts a one-time link: opened in the pharmacy app, it verifies the caller</source>
        <translation>Wysyła jednorazowy link: otwarty w aplikacji apteki weryfikuje rozmówcę</translation>
    </message>
    <message>
        <source>Texts with {0}</source>
        <translation>SMS-y z {0}</translation>
    </message>
    <message>
        <source>This number replied STOP: no text can be sent until it texts START.</source>
        <translation>Ten numer odpisał STOP: nie można wysłać SMS-a, dopóki nie odpisze START.</translation>
    </message>
    <message>
        <source>Quick response…</source>
        <translation>Szybka odpowiedź…</translation>
    </message>
    <message>
        <source>{0} / {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <source>Characters, of the most one text can hold</source>
        <translation>Znaki, wobec limitu jednego SMS-a</translation>
    </message>
    <message>
        <source>Your softphone is dialling {0}.</source>
        <translation>Softphone wybiera {0}.</translation>
    </message>
    <message>
        <source>Choose how the call-back ended.</source>
        <translation>Wybierz, jak zakończyło się oddzwonienie.</translation>
    </message>
    <message>
        <source>Call-back recorded: {0}.</source>
        <translation>Oddzwonienie zapisane: {0}.</translation>
    </message>
    <message>
        <source>The call-back is yours: dial {0}.</source>
        <translation>Oddzwonienie jest twoje: wybierz {0}.</translation>
    </message>
    <message>
        <source>Not noted on the conversation: {0}</source>
        <translation>Nie zapisano w rozmowie: {0}</translation>
    </message>
    <message>
        <source>Noted on the conversation: “{0}”.</source>
        <translation>Zapisano w rozmowie: „{0}”.</translation>
    </message>
    <message>
        <source>Someone saved a newer version while you were editing. Copy your changes, reopen the article and make them again. ({0})</source>
        <translation>Ktoś zapisał nowszą wersję podczas twojej edycji. Skopiuj swoje zmiany, otwórz artykuł ponownie i wprowadź je jeszcze raz. ({0})</translation>
    </message>
    <message>
        <source>Article · {0}</source>
        <translation>Artykuł · {0}</translation>
    </message>
    <message>
        <source>past its review date</source>
        <translation>po terminie przeglądu</translation>
    </message>
    <message>
        <source>Go to conversation: {0}</source>
        <translation>Przejdź do rozmowy: {0}</translation>
    </message>
</context>
<context>
    <name>AccountHeader</name>
    <message numerus="yes">
        <source>%n years · born {0} · NHS {1}</source>
        <translation>
            <numerusform>%n rok · ur. {0} · NHS {1}</numerusform>
            <numerusform>%n lata · ur. {0} · NHS {1}</numerusform>
            <numerusform>%n lat · ur. {0} · NHS {1}</numerusform>
        </translation>
    </message>
    <message>
        <source>Exemption: {0}</source>
        <translation>Zwolnienie: {0}</translation>
    </message>
</context>
<context>
    <name>AccountStats</name>
    <message>
        <source>None</source>
        <translation>Brak</translation>
    </message>
    <message>
        <source>None due</source>
        <translation>Nic nie czeka</translation>
    </message>
    <message numerus="yes">
        <source>oldest %n day(s)</source>
        <translation>
            <numerusform>najstarsza: %n dzień</numerusform>
            <numerusform>najstarsza: %n dni</numerusform>
            <numerusform>najstarsza: %n dni</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AccountSummary</name>
    <message>
        <source>Contact and care</source>
        <translation>Kontakt i opieka</translation>
    </message>
    <message>
        <source>Open issues</source>
        <translation>Otwarte sprawy</translation>
    </message>
    <message>
        <source>Recent workflows and notes</source>
        <translation>Ostatnie czynności i notatki</translation>
    </message>
    <message>
        <source>none nominated</source>
        <translation>nie wskazano</translation>
    </message>
    <message>
        <source>none</source>
        <translation>brak</translation>
    </message>
    <message>
        <source>{title} — {team}, {days} d</source>
        <translation>{title} — {team}, {days} dn.</translation>
    </message>
    <message>
        <source>No open issues</source>
        <translation>Brak otwartych spraw</translation>
    </message>
    <message>
        <source>{when}  {who} noted: {body}</source>
        <translation>{when}  {who} zanotował(a): {body}</translation>
    </message>
    <message>
        <source>Nothing recorded yet</source>
        <translation>Jeszcze nic nie zapisano</translation>
    </message>
</context>
<context>
    <name>AccountView</name>
    <message>
        <source>Account records</source>
        <translation>Dane konta</translation>
    </message>
    <message>
        <source>&amp;Orders</source>
        <translation>&amp;Zamówienia</translation>
    </message>
    <message>
        <source>&amp;Prescriptions</source>
        <translation>&amp;Recepty</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Historia</translation>
    </message>
    <message>
        <source>Offline: the account as of {0}. Anything changed since is not shown.</source>
        <translation>Bez połączenia: stan konta z {0}. Późniejsze zmiany nie są widoczne.</translation>
    </message>
</context>
<context>
    <name>AppointmentStatus</name>
    <message>
        <source>booked</source>
        <translation>zarezerwowana</translation>
    </message>
    <message>
        <source>done</source>
        <translation>odbyta</translation>
    </message>
    <message>
        <source>no_show</source>
        <translation>nieobecność</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>odwołana</translation>
    </message>
</context>
<context>
    <name>ArticleEditor</name>
    <message>
        <source>Edit article</source>
        <translation>Edycja artykułu</translation>
    </message>
    <message>
        <source>New article</source>
        <translation>Nowy artykuł</translation>
    </message>
    <message>
        <source>Words callers use, separated by commas</source>
        <translation>Słowa, których używają dzwoniący, oddzielone przecinkami</translation>
    </message>
    <message>
        <source> days</source>
        <translation> dni</translation>
    </message>
    <message>
        <source>This edit is a review: the review date becomes today</source>
        <translation>Ta zmiana to przegląd: data przeglądu zmieni się na dziś</translation>
    </message>
    <message>
        <source>What changed, for the history</source>
        <translation>Co się zmieniło (do historii)</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Tytuł</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Język</translation>
    </message>
    <message>
        <source>Owner &amp;team</source>
        <translation>Zespół &amp;właściciel</translation>
    </message>
    <message>
        <source>Ta&amp;gs</source>
        <translation>Ta&amp;gi</translation>
    </message>
    <message>
        <source>&amp;Answer to read out</source>
        <translation>&amp;Odpowiedź do odczytania</translation>
    </message>
    <message>
        <source>Review &amp;every</source>
        <translation>&amp;Przegląd co</translation>
    </message>
    <message>
        <source>Change &amp;note</source>
        <translation>&amp;Notatka o zmianie</translation>
    </message>
    <message>
        <source>Article body, in Markdown</source>
        <translation>Treść artykułu w Markdown</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Podgląd</translation>
    </message>
    <message>
        <source>Body (Markdown)</source>
        <translation>Treść (Markdown)</translation>
    </message>
    <message>
        <source>Preview, as advisors see it</source>
        <translation>Podgląd, tak jak zobaczą go konsultanci</translation>
    </message>
    <message>
        <source>&amp;Save  (Ctrl+S)</source>
        <translation>&amp;Zapisz  (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Zapisz</translation>
    </message>
    <message>
        <source>Cancel  (Esc)</source>
        <translation>Anuluj  (Esc)</translation>
    </message>
    <message>
        <source>{0} / {1} characters</source>
        <translation>{0} / {1} znaków</translation>
    </message>
    <message>
        <source>longer than one text ({0})</source>
        <translation>dłuższa niż jeden SMS ({0})</translation>
    </message>
    <message>
        <source>Check these before saving: {0}.</source>
        <translation>Sprawdź przed zapisaniem: {0}.</translation>
    </message>
</context>
<context>
    <name>ArticlePane</name>
    <message>
        <source>Answer to read out</source>
        <translation>Odpowiedź do odczytania</translation>
    </message>
    <message>
        <source>&amp;Copy answer  (Ctrl+Shift+C)</source>
        <translation>&amp;Kopiuj odpowiedź  (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <source>Copy answer</source>
        <translation>Kopiuj odpowiedź</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>Artykuł</translation>
    </message>
    <message>
        <source>That link was not opened: the desk opens only web and email links.</source>
        <translation>Nie otwarto tego linku: CareDesk otwiera tylko linki do stron i e-maili.</translation>
    </message>
    <message>
        <source>&amp;Edit article</source>
        <translation>&amp;Edytuj artykuł</translation>
    </message>
    <message>
        <source>Close  (Esc)</source>
        <translation>Zamknij  (Esc)</translation>
    </message>
    <message>
        <source>Article · {language} · {team} · reviewed {reviewed} · version {version}</source>
        <translation>Artykuł · {language} · {team} · przegląd {reviewed} · wersja {version}</translation>
    </message>
    <message>
        <source>Past its review date ({0}): check it with {1} before relying on it.</source>
        <translation>Po terminie przeglądu ({0}): sprawdź z zespołem {1}, zanim na nim polegasz.</translation>
    </message>
    <message>
        <source>Answer copied.</source>
        <translation>Odpowiedź skopiowana.</translation>
    </message>
</context>
<context>
    <name>Badges</name>
    <message>
        <source>Locked</source>
        <translation>Zablokowany</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Zweryfikowany</translation>
    </message>
    <message>
        <source>DOB check</source>
        <translation>Data urodzenia</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Oddzwoń</translation>
    </message>
    <message>
        <source>Not verified</source>
        <translation>Niezweryfikowany</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Error</source>
        <translation>Błąd</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Uwaga</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Gotowe</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Informacja</translation>
    </message>
</context>
<context>
    <name>Busy</name>
    <message>
        <source>Working…</source>
        <translation>Trwa praca…</translation>
    </message>
</context>
<context>
    <name>ChallengeView</name>
    <message>
        <source>Patient</source>
        <translation>Pacjent</translation>
    </message>
    <message>
        <source>Representative (carer, parent)</source>
        <translation>Przedstawiciel (opiekun, rodzic)</translation>
    </message>
    <message>
        <source>GP practice or pharmacy</source>
        <translation>Przychodnia lub apteka</translation>
    </message>
    <message>
        <source>Verify the caller</source>
        <translation>Zweryfikuj rozmówcę</translation>
    </message>
    <message>
        <source>&amp;Caller is</source>
        <translation>&amp;Dzwoni</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Zweryfikuj</translation>
    </message>
    <message>
        <source>I have called back on the registered number</source>
        <translation>Oddzwoniłem(-am) na zarejestrowany numer</translation>
    </message>
    <message>
        <source>Chat from {0}</source>
        <translation>Czat od {0}</translation>
    </message>
    <message>
        <source>Texts from {0}: ask the questions by text, or send an app link</source>
        <translation>SMS-y od {0}: zadaj pytania SMS-em albo wyślij link do aplikacji</translation>
    </message>
    <message>
        <source>Call from {0}</source>
        <translation>Połączenie od {0}</translation>
    </message>
    <message>
        <source>The caller used the app from a number that is not on the account: ask for their date of birth.</source>
        <translation>Rozmówca dzwoni z aplikacji z numeru spoza konta: zapytaj o datę urodzenia.</translation>
    </message>
    <message>
        <source>Verified. Opening the account…</source>
        <translation>Zweryfikowano. Otwieram konto…</translation>
    </message>
    <message numerus="yes">
        <source>Not verified. Check the answers with the caller. %n attempt(s) left.</source>
        <translation>
            <numerusform>Nie zweryfikowano. Sprawdź odpowiedzi z rozmówcą. Została %n próba.</numerusform>
            <numerusform>Nie zweryfikowano. Sprawdź odpowiedzi z rozmówcą. Zostały %n próby.</numerusform>
            <numerusform>Nie zweryfikowano. Sprawdź odpowiedzi z rozmówcą. Zostało %n prób.</numerusform>
        </translation>
    </message>
    <message>
        <source>Fill in every answer before verifying.</source>
        <translation>Przed weryfikacją wypełnij wszystkie odpowiedzi.</translation>
    </message>
    <message>
        <source>Locked. {0} You can offer to call the patient back on the number we hold.</source>
        <translation>Zablokowano. {0} Możesz zaproponować oddzwonienie na numer zapisany w koncie.</translation>
    </message>
    <message>
        <source>Too many failed attempts: ask a team lead to unlock the conversation. Do not discuss the account.</source>
        <translation>Zbyt wiele nieudanych prób: poproś kierownika zespołu o odblokowanie rozmowy. Nie rozmawiaj o koncie.</translation>
    </message>
    <message>
        <source>The calling number is not the organisation&apos;s registered number. End this call, call the organisation back on {0}, then confirm below.</source>
        <translation>Numer, z którego dzwoniono, nie jest zarejestrowanym numerem placówki. Zakończ rozmowę, oddzwoń do placówki pod numer {0}, a potem potwierdź poniżej.</translation>
    </message>
    <message>
        <source>The calling number is not the organisation&apos;s registered number. End this call, call the organisation back, then confirm below.</source>
        <translation>Numer, z którego dzwoniono, nie jest zarejestrowanym numerem placówki. Zakończ rozmowę, oddzwoń do placówki, a potem potwierdź poniżej.</translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s) left</source>
        <translation>
            <numerusform>Została %n próba</numerusform>
            <numerusform>Zostały %n próby</numerusform>
            <numerusform>Zostało %n prób</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>Order</source>
        <translation>Zamówienie</translation>
    </message>
    <message>
        <source>Placed</source>
        <translation>Złożone</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Zapłacono</translation>
    </message>
    <message>
        <source>Refundable</source>
        <translation>Do zwrotu</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Pozycje</translation>
    </message>
    <message>
        <source>Medicine</source>
        <translation>Lek</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Powtarzana</translation>
    </message>
    <message>
        <source>Next due</source>
        <translation>Następna</translation>
    </message>
    <message>
        <source>Dosage</source>
        <translation>Dawkowanie</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Kiedy</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Co</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Szczegóły</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <source>Command palette</source>
        <translation>Paleta poleceń</translation>
    </message>
    <message>
        <source>Nothing matches. Try fewer letters.</source>
        <translation>Nic nie pasuje. Wpisz mniej liter.</translation>
    </message>
    <message>
        <source>Type a workflow, an article or a caller… (Esc to close)</source>
        <translation>Wpisz czynność, artykuł lub rozmówcę… (Esc zamyka)</translation>
    </message>
    <message>
        <source>Type an article to insert its answer… (Esc to close)</source>
        <translation>Wpisz artykuł, by wstawić odpowiedź… (Esc zamyka)</translation>
    </message>
</context>
<context>
    <name>Connection</name>
    <message>
        <source>● Live</source>
        <translation>● Połączono</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Łączenie…</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Bez połączenia</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Ponowne łączenie</translation>
    </message>
    <message>
        <source>{0} — retrying in {1} s</source>
        <translation>{0} — ponowna próba za {1} s</translation>
    </message>
    <message>
        <source>{0} — retrying now</source>
        <translation>{0} — ponawiam teraz</translation>
    </message>
</context>
<context>
    <name>ConversationBar</name>
    <message>
        <source>Chat with {who} ended · wrap-up</source>
        <translation>Czat z: {who} zakończony · podsumowanie</translation>
    </message>
    <message>
        <source>Call with {who} ended · wrap-up</source>
        <translation>Rozmowa z: {who} zakończona · podsumowanie</translation>
    </message>
    <message>
        <source>Chat from {who} · waiting</source>
        <translation>Czat od: {who} · czeka</translation>
    </message>
    <message>
        <source>Call from {who} · waiting</source>
        <translation>Połączenie od: {who} · czeka</translation>
    </message>
    <message>
        <source>Chatting with {who} · {time}</source>
        <translation>Czat z: {who} · {time}</translation>
    </message>
    <message>
        <source>On call with {who} · {time}</source>
        <translation>Rozmowa z: {who} · {time}</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>Przekaż…</translation>
    </message>
    <message>
        <source>Hand the conversation to another advisor or team</source>
        <translation>Przekaż rozmowę innemu konsultantowi lub zespołowi</translation>
    </message>
    <message>
        <source>End call  (Ctrl+Shift+E)</source>
        <translation>Zakończ rozmowę  (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <source>Texts with {who} ended · wrap-up</source>
        <translation>SMS-y z {who} zakończone · podsumowanie</translation>
    </message>
    <message>
        <source>Text from {who} · waiting</source>
        <translation>SMS od {who} · czeka</translation>
    </message>
    <message>
        <source>Texting with {who} · {time}</source>
        <translation>SMS-y z {who} · {time}</translation>
    </message>
    <message>
        <source>End texting  (Ctrl+Shift+E)</source>
        <translation>Zakończ SMS-y  (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <source>End the conversation</source>
        <translation>Zakończ rozmowę</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Wynik</translation>
    </message>
    <message>
        <source>Outcome of the conversation</source>
        <translation>Wynik rozmowy</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notatka</translation>
    </message>
    <message>
        <source>Wrap-up note (optional)</source>
        <translation>Notatka podsumowująca (opcjonalna)</translation>
    </message>
    <message>
        <source>Optional: what was agreed, what happens next</source>
        <translation>Opcjonalnie: co ustalono, co dalej</translation>
    </message>
    <message>
        <source>Close  (Ctrl+Shift+Enter)</source>
        <translation>Zamknij  (Ctrl+Shift+Enter)</translation>
    </message>
    <message>
        <source>Close the conversation</source>
        <translation>Zamknij rozmowę</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Wybierz…</translation>
    </message>
    <message>
        <source>End chat  (Ctrl+Shift+E)</source>
        <translation>Zakończ czat  (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <source>Choose the outcome before closing.</source>
        <translation>Przed zamknięciem wybierz wynik.</translation>
    </message>
</context>
<context>
    <name>ConversationPanel</name>
    <message>
        <source>Conversations</source>
        <translation>Rozmowy</translation>
    </message>
    <message>
        <source>Conversations · {0}</source>
        <translation>Rozmowy · {0}</translation>
    </message>
    <message>
        <source>{0} ringing</source>
        <translation>dzwoni: {0}</translation>
    </message>
</context>
<context>
    <name>Details</name>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <source>GP</source>
        <translation>Lekarz rodzinny</translation>
    </message>
    <message>
        <source>Representatives</source>
        <translation>Przedstawiciele</translation>
    </message>
    <message>
        <source>Dependants</source>
        <translation>Osoby zależne</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Zamówienie</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Dostawa</translation>
    </message>
    <message>
        <source>Tracking</source>
        <translation>Śledzenie</translation>
    </message>
    <message>
        <source>Deliver to</source>
        <translation>Adres dostawy</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Pozycje</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Zapłacono</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>Zwroty</translation>
    </message>
    <message>
        <source>Medicine</source>
        <translation>Lek</translation>
    </message>
    <message>
        <source>Dosage</source>
        <translation>Dawkowanie</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Powtarzana</translation>
    </message>
    <message>
        <source>Next due</source>
        <translation>Następna</translation>
    </message>
    <message>
        <source>Prescriber</source>
        <translation>Wystawiający</translation>
    </message>
    <message>
        <source>{order} · placed {day} · {status}</source>
        <translation>{order} · złożone {day} · {status}</translation>
    </message>
    <message>
        <source>{method} · expected {day}</source>
        <translation>{method} · spodziewana {day}</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>jeszcze brak</translation>
    </message>
    <message>
        <source>{refunded} refunded · {left} can still be refunded</source>
        <translation>zwrócono {refunded} · można jeszcze zwrócić {left}</translation>
    </message>
    <message>
        <source>nothing was paid (free prescription)</source>
        <translation>nic nie zapłacono (recepta bezpłatna)</translation>
    </message>
</context>
<context>
    <name>Enquiries</name>
    <message>
        <source>A text is at most {0} characters.</source>
        <translation>SMS może mieć najwyżej {0} znaków.</translation>
    </message>
    <message>
        <source>Give a reason of at least 3 characters.</source>
        <translation>Podaj powód (co najmniej 3 znaki).</translation>
    </message>
    <message>
        <source>Out-of-office reply on for {0} until {1}.</source>
        <translation>Odpowiedź „poza biurem” włączona dla: {0} do {1}.</translation>
    </message>
    <message>
        <source>Out-of-office reply off for {0}.</source>
        <translation>Odpowiedź „poza biurem” wyłączona dla: {0}.</translation>
    </message>
    <message>
        <source>Reply sent by email.</source>
        <translation>Odpowiedź wysłana e-mailem.</translation>
    </message>
    <message>
        <source>Reply sent to the app.</source>
        <translation>Odpowiedź wysłana do aplikacji.</translation>
    </message>
    <message>
        <source>Reply sent by text.</source>
        <translation>Odpowiedź wysłana SMS-em.</translation>
    </message>
    <message>
        <source>Recorded as answered by phone.</source>
        <translation>Zapisano jako odpowiedź telefoniczną.</translation>
    </message>
    <message>
        <source>Rejected: it counts as answered.</source>
        <translation>Odrzucone: liczy się jako odpowiedź.</translation>
    </message>
    <message>
        <source>by email</source>
        <translation>e-mailem</translation>
    </message>
    <message>
        <source>in the app</source>
        <translation>w aplikacji</translation>
    </message>
    <message>
        <source>by text</source>
        <translation>SMS-em</translation>
    </message>
    <message>
        <source>by phone</source>
        <translation>telefonicznie</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>App message</source>
        <translation>Wiadomość w aplikacji</translation>
    </message>
    <message>
        <source>Text (SMS)</source>
        <translation>SMS</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Your session ended. Sign in again.</source>
        <translation>Sesja wygasła. Zaloguj się ponownie.</translation>
    </message>
    <message>
        <source>The server is taking too long to answer. Try again in a moment.</source>
        <translation>Serwer zbyt długo nie odpowiada. Spróbuj ponownie za chwilę.</translation>
    </message>
    <message>
        <source>Cannot reach the CareDesk server at {0}. Check the network connection or the address.</source>
        <translation>Brak połączenia z serwerem CareDesk pod adresem {0}. Sprawdź sieć lub adres.</translation>
    </message>
    <message>
        <source>Cannot reach the CareDesk server. Check the network connection or the address.</source>
        <translation>Brak połączenia z serwerem CareDesk. Sprawdź sieć lub adres.</translation>
    </message>
    <message>
        <source>{0} Reference for the service desk: {1}</source>
        <translation>{0} Numer zgłoszenia dla działu wsparcia: {1}</translation>
    </message>
    <message>
        <source>Something went wrong. Try again; if it keeps happening, tell your team lead.</source>
        <translation>Coś poszło nie tak. Spróbuj ponownie; jeśli to się powtarza, powiadom kierownika zespołu.</translation>
    </message>
    <message>
        <source>Too many wrong passwords while offline: wait for the connection, or sign out.</source>
        <translation>Zbyt wiele błędnych haseł bez połączenia: poczekaj na połączenie albo wyloguj się.</translation>
    </message>
    <message>
        <source>The server cannot be reached to check your password: wait for the connection, or sign out.</source>
        <translation>Nie można połączyć się z serwerem, by sprawdzić hasło: poczekaj na połączenie albo wyloguj się.</translation>
    </message>
    <message>
        <source>That is not your password.</source>
        <translation>To nie jest Twoje hasło.</translation>
    </message>
    <message>
        <source>Offline, and there is no cache to keep this in.</source>
        <translation>Brak połączenia i brak pamięci podręcznej, by to zachować.</translation>
    </message>
</context>
<context>
    <name>Form</name>
    <message>
        <source> · £{0} refundable</source>
        <translation> · do zwrotu £{0}</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Wymagane.</translation>
    </message>
    <message>
        <source>At most {0} characters ({1} now).</source>
        <translation>Najwyżej {0} znaków (teraz {1}).</translation>
    </message>
    <message>
        <source>An amount in pounds, e.g. 12.50.</source>
        <translation>Kwota w funtach, np. 12.50.</translation>
    </message>
    <message>
        <source>A date, e.g. 24/11/2026.</source>
        <translation>Data, np. 24/11/2026.</translation>
    </message>
    <message>
        <source>Not a phone number.</source>
        <translation>To nie jest numer telefonu.</translation>
    </message>
    <message>
        <source>Not an email address.</source>
        <translation>To nie jest adres e-mail.</translation>
    </message>
    <message>
        <source>Not a UK postcode.</source>
        <translation>To nie jest brytyjski kod pocztowy.</translation>
    </message>
    <message>
        <source>needs a {0}</source>
        <translation>wymaga roli: {0}</translation>
    </message>
    <message>
        <source> or </source>
        <translation> lub </translation>
    </message>
    <message>
        <source>open a conversation first</source>
        <translation>najpierw otwórz rozmowę</translation>
    </message>
    <message>
        <source>needs a verified caller</source>
        <translation>wymaga zweryfikowanego rozmówcy</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>bez połączenia</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <source>History</source>
        <translation>Historia</translation>
    </message>
    <message>
        <source>Loading the history…</source>
        <translation>Wczytywanie historii…</translation>
    </message>
    <message>
        <source>Not loaded: {0}</source>
        <translation>Nie wczytano: {0}</translation>
    </message>
    <message numerus="yes">
        <source>%n entries, newest first</source>
        <translation>
            <numerusform>%n wpis, od najnowszych</numerusform>
            <numerusform>%n wpisy, od najnowszych</numerusform>
            <numerusform>%n wpisów, od najnowszych</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing recorded yet</source>
        <translation>Jeszcze nic nie zapisano</translation>
    </message>
</context>
<context>
    <name>KeyringNotice</name>
    <message>
        <source>This computer has no safe place for CareDesk to keep your sign-in. CareDesk works as usual, but when you close it you will have to sign in again, and anything it saved for working offline is lost. Please ask your IT service desk to set up the computer&apos;s password store (keyring) for CareDesk.</source>
        <translation>Ten komputer nie ma bezpiecznego miejsca, w którym CareDesk mógłby zapamiętać Twoje logowanie. CareDesk działa normalnie, ale po jego zamknięciu trzeba będzie zalogować się ponownie, a wszystko, co zapisał do pracy bez sieci, przepadnie. Poproś dział IT o skonfigurowanie magazynu haseł (keyring) tego komputera dla CareDesk.</translation>
    </message>
</context>
<context>
    <name>Lead</name>
    <message>
        <source>Answered</source>
        <translation>Odebrane</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Nieodebrane</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Porzucone</translation>
    </message>
    <message>
        <source>Average answer</source>
        <translation>Średni czas odebrania</translation>
    </message>
    <message>
        <source>Average handle</source>
        <translation>Średni czas obsługi</translation>
    </message>
    <message>
        <source>First-contact resolution</source>
        <translation>Rozwiązane przy pierwszym kontakcie</translation>
    </message>
    <message>
        <source>Chat first response</source>
        <translation>Pierwsza odpowiedź na czacie</translation>
    </message>
    <message>
        <source>Answered late</source>
        <translation>Odebrane po czasie</translation>
    </message>
</context>
<context>
    <name>Links</name>
    <message>
        <source>The link&apos;s conversation does not exist, or is not yours.</source>
        <translation>Rozmowa z linku nie istnieje albo nie jest Twoja.</translation>
    </message>
    <message>
        <source>The link is too long to be a CareDesk link.</source>
        <translation>Link jest za długi jak na link CareDesk.</translation>
    </message>
    <message>
        <source>Not a CareDesk link: it must start with caredesk://</source>
        <translation>To nie jest link CareDesk: musi zaczynać się od caredesk://</translation>
    </message>
    <message>
        <source>The conversation link has no valid conversation id (caredesk://conversation/&lt;id&gt;).</source>
        <translation>Link do rozmowy nie ma prawidłowego identyfikatora rozmowy (caredesk://conversation/&lt;id&gt;).</translation>
    </message>
    <message>
        <source>A call link has no path: caredesk://call?from=&lt;number&gt;&amp;digits=&lt;code&gt;</source>
        <translation>Link połączenia nie ma ścieżki: caredesk://call?from=&lt;numer&gt;&amp;digits=&lt;kod&gt;</translation>
    </message>
    <message>
        <source>The call link gives a value twice.</source>
        <translation>Link połączenia podaje wartość dwa razy.</translation>
    </message>
    <message>
        <source>The call link has no caller number (from=).</source>
        <translation>Link połączenia nie ma numeru dzwoniącego (from=).</translation>
    </message>
    <message>
        <source>The caller number in the link is not a phone number.</source>
        <translation>Numer dzwoniącego w linku nie jest numerem telefonu.</translation>
    </message>
    <message>
        <source>The app code in the link must be six digits.</source>
        <translation>Kod z aplikacji w linku musi mieć sześć cyfr.</translation>
    </message>
    <message>
        <source>The call id in the link is not valid.</source>
        <translation>Identyfikator połączenia w linku jest nieprawidłowy.</translation>
    </message>
    <message>
        <source>The desk does not know this kind of link; it opens caredesk://conversation/&lt;id&gt; and caredesk://call?from=&lt;number&gt;.</source>
        <translation>Biurko nie zna tego rodzaju linku; otwiera caredesk://conversation/&lt;id&gt; i caredesk://call?from=&lt;numer&gt;.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>CareDesk is locked</source>
        <translation>CareDesk jest zablokowany</translation>
    </message>
    <message>
        <source>Your password</source>
        <translation>Twoje hasło</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Odblokuj</translation>
    </message>
    <message>
        <source>Locked after a while without use. {0}, enter your password.</source>
        <translation>Zablokowano po okresie bezczynności. {0}, podaj swoje hasło.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Select a conversation, or wait for the next call.</source>
        <translation>Wybierz rozmowę albo poczekaj na następne połączenie.</translation>
    </message>
    <message>
        <source>An enquiry has waited two days unread: see Enquiries (Ctrl+3).</source>
        <translation>Zapytanie czeka nieprzeczytane od dwóch dni: zobacz Zapytania (Ctrl+3).</translation>
    </message>
    <message>
        <source>Refund approved: £{0} on {1} for {2}.</source>
        <translation>Zwrot zatwierdzony: £{0} za {1} dla: {2}.</translation>
    </message>
    <message>
        <source>Refund declined: £{0} on {1} for {2}.</source>
        <translation>Zwrot odrzucony: £{0} za {1} dla: {2}.</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Wylogowanie</translation>
    </message>
    <message numerus="yes">
        <source>%n action(s) made offline have not been sent yet. Signing out discards them. Sign out anyway?</source>
        <translation>
            <numerusform>%n czynność wykonana bez połączenia nie została jeszcze wysłana. Wylogowanie ją odrzuci. Wylogować mimo to?</numerusform>
            <numerusform>%n czynności wykonane bez połączenia nie zostały jeszcze wysłane. Wylogowanie je odrzuci. Wylogować mimo to?</numerusform>
            <numerusform>%n czynności wykonanych bez połączenia nie zostało jeszcze wysłanych. Wylogowanie je odrzuci. Wylogować mimo to?</numerusform>
        </translation>
    </message>
    <message>
        <source>Link not opened</source>
        <translation>Nie otwarto linku</translation>
    </message>
    <message>
        <source>Your softphone has the number: press call.</source>
        <translation>Softphone ma już numer: naciśnij „Zadzwoń”.</translation>
    </message>
    <message>
        <source>No softphone is set up to dial tel: links on this computer.</source>
        <translation>Na tym komputerze żaden softphone nie obsługuje linków tel:.</translation>
    </message>
    <message>
        <source>A workflow was skipped ({0}): {1}</source>
        <translation>Pominięto czynność ({0}): {1}</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>&amp;Got it</source>
        <translation>Rozu&amp;miem</translation>
    </message>
    <message>
        <source>Dismiss this notice</source>
        <translation>Zamknij to powiadomienie</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>Incoming chat</source>
        <translation>Czat czeka</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Połączenie przychodzące</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Przydzielono czat</translation>
    </message>
    <message>
        <source>New text</source>
        <translation>Nowy SMS</translation>
    </message>
    <message>
        <source>New call</source>
        <translation>Przydzielono połączenie</translation>
    </message>
    <message>
        <source>Security alert</source>
        <translation>Alert bezpieczeństwa</translation>
    </message>
</context>
<context>
    <name>OrdersTab</name>
    <message>
        <source>Orders</source>
        <translation>Zamówienia</translation>
    </message>
</context>
<context>
    <name>OutboxDialog</name>
    <message>
        <source>Waiting to send</source>
        <translation>Do wysłania</translation>
    </message>
    <message>
        <source>Actions waiting to send</source>
        <translation>Czynności czekające na wysłanie</translation>
    </message>
    <message>
        <source>Dismiss the refused one</source>
        <translation>Usuń odrzuconą</translation>
    </message>
    <message>
        <source>Sent in this order as soon as the connection is back.</source>
        <translation>Zostaną wysłane w tej kolejności, gdy tylko wróci połączenie.</translation>
    </message>
    <message>
        <source>{0} — refused: {1}</source>
        <translation>{0} — odrzucone: {1}</translation>
    </message>
    <message>
        <source>{0} — waiting</source>
        <translation>{0} — czeka</translation>
    </message>
</context>
<context>
    <name>PaletteDelegate</name>
    <message>
        <source>Article</source>
        <translation>Artykuł</translation>
    </message>
    <message>
        <source>Suggested</source>
        <translation>Sugerowane</translation>
    </message>
</context>
<context>
    <name>PaletteModel</name>
    <message>
        <source>{0}, unavailable: {1}</source>
        <translation>{0}, niedostępne: {1}</translation>
    </message>
</context>
<context>
    <name>Panel</name>
    <message>
        <source>Ringing</source>
        <translation>Dzwoni</translation>
    </message>
    <message>
        <source>On call</source>
        <translation>W rozmowie</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>Podsumowanie</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Czeka</translation>
    </message>
    <message>
        <source>Chatting</source>
        <translation>Czat</translation>
    </message>
    <message>
        <source>New text</source>
        <translation>Nowy SMS</translation>
    </message>
    <message>
        <source>Texting</source>
        <translation>SMS-y</translation>
    </message>
    <message>
        <source>No conversations.
Calls and chats appear here the moment they arrive.</source>
        <translation>Brak rozmów.
Połączenia i czaty pojawią się tu, gdy tylko nadejdą.</translation>
    </message>
</context>
<context>
    <name>Pharmacy</name>
    <message>
        <source>Claimed: {0}</source>
        <translation>Przejęto: {0}</translation>
    </message>
    <message>
        <source>Reply noted on the account: {0}</source>
        <translation>Odpowiedź zapisana na koncie: {0}</translation>
    </message>
    <message>
        <source>Resolved: {0}</source>
        <translation>Rozwiązano: {0}</translation>
    </message>
    <message>
        <source>Moved {0} to {1}</source>
        <translation>Przeniesiono: {0} na {1}</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>Aircall has {0} ready to call in your phone app.</source>
        <translation>Aircall ma numer {0} gotowy do wybrania w aplikacji telefonu.</translation>
    </message>
    <message>
        <source>{0} min</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <source>{0} h {1} min</source>
        <translation>{0} godz. {1} min</translation>
    </message>
    <message>
        <source>{0} days</source>
        <translation>{0} dni</translation>
    </message>
</context>
<context>
    <name>PrescriptionsTab</name>
    <message>
        <source>Prescriptions</source>
        <translation>Recepty</translation>
    </message>
</context>
<context>
    <name>RefundRequests</name>
    <message>
        <source>£{amount} on {order} for {patient}: {reason} (asked by {who}, {when})</source>
        <translation>£{amount} za {order} dla: {patient}: {reason} (prosi {who}, {when})</translation>
    </message>
    <message>
        <source>Refund requests</source>
        <translation>Prośby o zwrot</translation>
    </message>
    <message>
        <source>Refund requests waiting</source>
        <translation>Prośby o zwrot czekające na decyzję</translation>
    </message>
    <message>
        <source>Note for the advisor</source>
        <translation>Notatka dla konsultanta</translation>
    </message>
    <message>
        <source>Note for the advisor (optional)</source>
        <translation>Notatka dla konsultanta (opcjonalna)</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Zatwierdź</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Odrzuć</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Zatwierdzono</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Odrzucono</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>advisor</source>
        <translation>konsultant</translation>
    </message>
    <message>
        <source>pharmacist</source>
        <translation>farmaceuta</translation>
    </message>
    <message>
        <source>lead</source>
        <translation>kierownik zespołu</translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <source>This sheet</source>
        <translation>Ta ściąga</translation>
    </message>
    <message>
        <source>Command palette: move, run</source>
        <translation>Paleta poleceń: wybór, uruchomienie</translation>
    </message>
    <message>
        <source>Close the palette, or leave a workflow</source>
        <translation>Zamknij paletę albo wyjdź z czynności</translation>
    </message>
    <message>
        <source>Copy the script or the answer to read out</source>
        <translation>Kopiuj skrypt lub odpowiedź do odczytania</translation>
    </message>
    <message>
        <source>In a reply: insert an article&apos;s answer</source>
        <translation>W odpowiedzi: wstaw odpowiedź z artykułu</translation>
    </message>
    <message>
        <source>Confirm a workflow</source>
        <translation>Zatwierdź czynność</translation>
    </message>
    <message>
        <source>Next field; in the last field, confirm</source>
        <translation>Następne pole; w ostatnim polu zatwierdza</translation>
    </message>
    <message>
        <source>Copy the selected row of a table</source>
        <translation>Skopiuj zaznaczony wiersz tabeli</translation>
    </message>
    <message>
        <source>Account: orders, prescriptions, history</source>
        <translation>Konto: zamówienia, recepty, historia</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Skróty klawiszowe</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Klawisze</translation>
    </message>
    <message>
        <source>Does</source>
        <translation>Działanie</translation>
    </message>
    <message>
        <source>Ctrl is ⌘ on macOS.</source>
        <translation>Na macOS Ctrl to ⌘.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to CareDesk</source>
        <translation>Zaloguj się do CareDesk</translation>
    </message>
    <message>
        <source>Use your CareDesk username or work email.</source>
        <translation>Użyj nazwy użytkownika CareDesk lub służbowego e-maila.</translation>
    </message>
    <message>
        <source>Set by your IT team</source>
        <translation>Ustawione przez dział IT</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Serwer</translation>
    </message>
    <message>
        <source>&amp;Username</source>
        <translation>&amp;Użytkownik</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Hasło</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Zaloguj</translation>
    </message>
    <message>
        <source>Enter the server, your username and your password.</source>
        <translation>Podaj serwer, nazwę użytkownika i hasło.</translation>
    </message>
</context>
<context>
    <name>Spoken</name>
    <message>
        <source>waiting</source>
        <translation>czeka</translation>
    </message>
    <message>
        <source>ringing</source>
        <translation>dzwoni</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>w toku</translation>
    </message>
    <message>
        <source>in wrap-up</source>
        <translation>w podsumowaniu</translation>
    </message>
    <message>
        <source>Chat from {who}, {state}, {badge}</source>
        <translation>Czat od: {who}, {state}, {badge}</translation>
    </message>
    <message>
        <source>Texts from {who}, {state}, {badge}</source>
        <translation>SMS-y od {who}, {state}, {badge}</translation>
    </message>
    <message>
        <source>Call from {who}, {state}, {badge}</source>
        <translation>Połączenie od: {who}, {state}, {badge}</translation>
    </message>
    <message>
        <source>new text</source>
        <translation>nowy SMS</translation>
    </message>
</context>
<context>
    <name>States</name>
    <message>
        <source>Placed</source>
        <translation>Złożone</translation>
    </message>
    <message>
        <source>Awaiting prescription</source>
        <translation>Czeka na receptę</translation>
    </message>
    <message>
        <source>Dispensing</source>
        <translation>W realizacji</translation>
    </message>
    <message>
        <source>Dispatched</source>
        <translation>Wysłane</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Doręczone</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Anulowane</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktywna</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Wstrzymana</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Otwarta</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Rozwiązana</translation>
    </message>
    <message>
        <source>Claimed</source>
        <translation>Przejęte</translation>
    </message>
    <message>
        <source>Booked</source>
        <translation>Zarezerwowana</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Poczta</translation>
    </message>
    <message>
        <source>Courier</source>
        <translation>Kurier</translation>
    </message>
    <message>
        <source>Collection point</source>
        <translation>Punkt odbioru</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Zamknięta</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Nieodebrana</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Porzucona</translation>
    </message>
    <message>
        <source>Wrap up</source>
        <translation>Podsumowanie</translation>
    </message>
</context>
<context>
    <name>StatusWidgets</name>
    <message>
        <source>Your availability</source>
        <translation>Twoja dostępność</translation>
    </message>
    <message>
        <source>Whether you take new conversations (Ctrl+Shift+A)</source>
        <translation>Czy przyjmujesz nowe rozmowy (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <source>The enquiry inbox (Ctrl+3)</source>
        <translation>Skrzynka zapytań (Ctrl+3)</translation>
    </message>
    <message>
        <source>Callers waiting for a call-back (Ctrl+4)</source>
        <translation>Dzwoniący czekający na oddzwonienie (Ctrl+4)</translation>
    </message>
    <message numerus="yes">
        <source>Enquiries: %n unread</source>
        <translation>
            <numerusform>Zapytania: %n nieprzeczytane</numerusform>
            <numerusform>Zapytania: %n nieprzeczytane</numerusform>
            <numerusform>Zapytania: %n nieprzeczytanych</numerusform>
        </translation>
    </message>
    <message>
        <source>Enquiries</source>
        <translation>Zapytania</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n czeka</numerusform>
            <numerusform>%n czekają</numerusform>
            <numerusform>%n czeka</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n late</source>
        <translation>
            <numerusform>%n po terminie</numerusform>
            <numerusform>%n po terminie</numerusform>
            <numerusform>%n po terminie</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n yours</source>
        <translation>
            <numerusform>%n twoje</numerusform>
            <numerusform>%n twoje</numerusform>
            <numerusform>%n twoich</numerusform>
        </translation>
    </message>
    <message>
        <source>Call-backs: {0}</source>
        <translation>Oddzwonienia: {0}</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to send</source>
        <translation>
            <numerusform>%n czeka na wysłanie</numerusform>
            <numerusform>%n czekają na wysłanie</numerusform>
            <numerusform>%n czeka na wysłanie</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused</source>
        <translation>
            <numerusform>%n odrzucona</numerusform>
            <numerusform>%n odrzucone</numerusform>
            <numerusform>%n odrzuconych</numerusform>
        </translation>
    </message>
    <message>
        <source>Not done after reconnecting: {0}: {1}</source>
        <translation>Nie wykonano po ponownym połączeniu: {0}: {1}</translation>
    </message>
</context>
<context>
    <name>SuggestionStrip</name>
    <message>
        <source>Suggested next</source>
        <translation>Sugerowane dalej</translation>
    </message>
    <message>
        <source>Suggested workflow</source>
        <translation>Sugerowany proces</translation>
    </message>
    <message>
        <source>Suggested: {0}, because {1}</source>
        <translation>Sugerowane: {0}, ponieważ {1}</translation>
    </message>
    <message>
        <source>nothing for this account</source>
        <translation>nic dla tego konta</translation>
    </message>
</context>
<context>
    <name>Team</name>
    <message>
        <source>Available</source>
        <translation>Dostępny</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Zajęty</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Nieobecny</translation>
    </message>
    <message>
        <source>{0} min</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <source>{0} h {1:02d} min</source>
        <translation>{0} godz. {1:02d} min</translation>
    </message>
    <message>
        <source> · on a conversation</source>
        <translation> · w rozmowie</translation>
    </message>
    <message>
        <source>{name} — {state} for {time}</source>
        <translation>{name} — {state} od {time}</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Zespół</translation>
    </message>
</context>
<context>
    <name>TeamPanel</name>
    <message>
        <source>Team availability</source>
        <translation>Dostępność zespołu</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>A text is at most {0} characters.</source>
        <translation>SMS może mieć najwyżej {0} znaków.</translation>
    </message>
    <message>
        <source>App link sent: the caller is verified when they open it.</source>
        <translation>Link wysłany: rozmówca zostanie zweryfikowany, gdy go otworzy.</translation>
    </message>
    <message>
        <source>Your softphone is dialling {0}.</source>
        <translation>Softphone wybiera {0}.</translation>
    </message>
    <message>
        <source>sending…</source>
        <translation>wysyłanie…</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>wysłany</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>doręczony</translation>
    </message>
    <message>
        <source>not delivered</source>
        <translation>niedoręczony</translation>
    </message>
    <message>
        <source>received</source>
        <translation>odebrany</translation>
    </message>
    <message>
        <source>automatic, after a missed call</source>
        <translation>automatyczny, po nieodebranym połączeniu</translation>
    </message>
    <message>
        <source>automatic, after hours</source>
        <translation>automatyczny, poza godzinami pracy</translation>
    </message>
    <message>
        <source>app link</source>
        <translation>link do aplikacji</translation>
    </message>
    <message>
        <source>quick response</source>
        <translation>szybka odpowiedź</translation>
    </message>
</context>
<context>
    <name>Tiles</name>
    <message>
        <source>Patient since</source>
        <translation>Pacjent od</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Zamówienia</translation>
    </message>
    <message>
        <source>Last order</source>
        <translation>Ostatnie zamówienie</translation>
    </message>
    <message>
        <source>Next delivery</source>
        <translation>Następna dostawa</translation>
    </message>
    <message>
        <source>Active repeats</source>
        <translation>Aktywne powtarzane</translation>
    </message>
    <message>
        <source>Open issues</source>
        <translation>Otwarte sprawy</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>Call</source>
        <translation>Połączenie</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Czat</translation>
    </message>
    <message>
        <source>Workflow</source>
        <translation>Czynność</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notatka</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>Wizyta</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>Sprawa</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Plik</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Wyloguj</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Za&amp;kończ</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Widok</translation>
    </message>
    <message>
        <source>&amp;Command palette…</source>
        <translation>&amp;Paleta poleceń…</translation>
    </message>
    <message>
        <source>Conversation &amp;list</source>
        <translation>&amp;Lista rozmów</translation>
    </message>
    <message>
        <source>&amp;Open conversation</source>
        <translation>&amp;Otwarta rozmowa</translation>
    </message>
    <message>
        <source>&amp;Availability</source>
        <translation>&amp;Dostępność</translation>
    </message>
    <message>
        <source>&amp;Enquiries</source>
        <translation>&amp;Zapytania</translation>
    </message>
    <message>
        <source>Call-&amp;backs</source>
        <translation>Oddzwo&amp;nienia</translation>
    </message>
    <message>
        <source>&amp;Waiting to send…</source>
        <translation>Do &amp;wysłania…</translation>
    </message>
    <message>
        <source>New &amp;knowledge article…</source>
        <translation>Nowy &amp;artykuł bazy wiedzy…</translation>
    </message>
    <message>
        <source>&amp;Conversation</source>
        <translation>&amp;Rozmowa</translation>
    </message>
    <message>
        <source>&amp;End call or chat</source>
        <translation>&amp;Zakończ rozmowę lub czat</translation>
    </message>
    <message>
        <source>&amp;Wrap up…</source>
        <translation>&amp;Podsumuj…</translation>
    </message>
    <message>
        <source>&amp;Close after wrap-up</source>
        <translation>Za&amp;mknij po podsumowaniu</translation>
    </message>
    <message>
        <source>&amp;Transfer…</source>
        <translation>Prze&amp;każ…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Pomo&amp;c</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Skróty klawiszowe</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>Yes</source>
        <translation>Tak</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nie</translation>
    </message>
</context>
<context>
    <name>Workflow</name>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Dodaj</translation>
    </message>
    <message>
        <source>Add a note</source>
        <translation>Dodaj notatkę</translation>
    </message>
    <message>
        <source>Add a note to the account (or, before verification, to the conversation).</source>
        <translation>Dodaj notatkę do konta (albo, przed weryfikacją, do rozmowy).</translation>
    </message>
    <message>
        <source>Add or remove a representative (carer, parent) who may speak for the patient.</source>
        <translation>Dodaj lub usuń przedstawiciela (opiekuna, rodzica), który może mówić w imieniu pacjenta.</translation>
    </message>
    <message>
        <source>Add or remove a representative or dependant</source>
        <translation>Dodaj lub usuń przedstawiciela lub osobę zależną</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <source>Advice given</source>
        <translation>Udzielona porada</translation>
    </message>
    <message>
        <source>Allergies (comma-separated)</source>
        <translation>Alergie (rozdzielone przecinkami)</translation>
    </message>
    <message>
        <source>Also change order</source>
        <translation>Zmień też zamówienie</translation>
    </message>
    <message>
        <source>Amount (£)</source>
        <translation>Kwota (£)</translation>
    </message>
    <message>
        <source>App</source>
        <translation>Aplikacja</translation>
    </message>
    <message>
        <source>As prescribed</source>
        <translation>Zgodnie z zaleceniem</translation>
    </message>
    <message>
        <source>At (HH:MM)</source>
        <translation>O godzinie (GG:MM)</translation>
    </message>
    <message>
        <source>Book a telephone appointment with a pharmacist</source>
        <translation>Umów rozmowę telefoniczną z farmaceutą</translation>
    </message>
    <message>
        <source>Book a telephone appointment with a pharmacist in the first free slot of a day.</source>
        <translation>Umów rozmowę telefoniczną z farmaceutą w pierwszym wolnym terminie danego dnia.</translation>
    </message>
    <message>
        <source>Cancel an order</source>
        <translation>Anuluj zamówienie</translation>
    </message>
    <message>
        <source>Cancel an order before it is dispatched, with the reason.</source>
        <translation>Anuluj zamówienie przed wysyłką, z podaniem powodu.</translation>
    </message>
    <message>
        <source>Carer</source>
        <translation>Opiekun</translation>
    </message>
    <message>
        <source>Certificate number</source>
        <translation>Numer zaświadczenia</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Zmień</translation>
    </message>
    <message>
        <source>Change delivery address</source>
        <translation>Zmień adres dostawy</translation>
    </message>
    <message>
        <source>Change delivery date or method</source>
        <translation>Zmień termin lub sposób dostawy</translation>
    </message>
    <message>
        <source>Change how or when an order not yet dispatched is delivered (post, courier, collection point).</source>
        <translation>Zmień, jak lub kiedy zostanie dostarczone zamówienie jeszcze niewysłane (poczta, kurier, punkt odbioru).</translation>
    </message>
    <message>
        <source>Change nominated GP</source>
        <translation>Zmień wskazanego lekarza rodzinnego</translation>
    </message>
    <message>
        <source>Change the delivery address, on the account and on an order not yet dispatched.</source>
        <translation>Zmień adres dostawy w koncie i w zamówieniu jeszcze niewysłanym.</translation>
    </message>
    <message>
        <source>Change the nominated GP practice, by its ODS code.</source>
        <translation>Zmień wskazaną przychodnię po jej kodzie ODS.</translation>
    </message>
    <message>
        <source>Chase a prescription with the GP</source>
        <translation>Ponagl przychodnię w sprawie recepty</translation>
    </message>
    <message>
        <source>Chase the GP practice about a prescription request that has not been approved.</source>
        <translation>Ponagl przychodnię w sprawie niezatwierdzonej prośby o receptę.</translation>
    </message>
    <message>
        <source>Check the patient&apos;s photo ID before supplying a controlled drug (pharmacists).</source>
        <translation>Sprawdź dokument ze zdjęciem przed wydaniem leku kontrolowanego (farmaceuci).</translation>
    </message>
    <message>
        <source>Checked, not kept</source>
        <translation>Sprawdzony, nie zapisany</translation>
    </message>
    <message>
        <source>Clinical</source>
        <translation>Kliniczne</translation>
    </message>
    <message>
        <source>Close the account / erasure request</source>
        <translation>Zamknij konto / żądanie usunięcia danych</translation>
    </message>
    <message>
        <source>Close the account at the patient&apos;s request; erasure goes to data protection.</source>
        <translation>Zamknij konto na prośbę pacjenta; żądanie usunięcia danych trafia do ochrony danych.</translation>
    </message>
    <message>
        <source>Collection point</source>
        <translation>Punkt odbioru</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>Skargi</translation>
    </message>
    <message>
        <source>Conditions (comma-separated)</source>
        <translation>Choroby (rozdzielone przecinkami)</translation>
    </message>
    <message>
        <source>Controlled-drug ID check</source>
        <translation>Kontrola tożsamości przy leku kontrolowanym</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Rozmowa</translation>
    </message>
    <message>
        <source>Courier</source>
        <translation>Kurier</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>Uszkodzona</translation>
    </message>
    <message>
        <source>Data protection</source>
        <translation>Ochrona danych</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Daughter</source>
        <translation>Córka</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Dzień</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Szczegóły</translation>
    </message>
    <message>
        <source>Device, app version, steps</source>
        <translation>Urządzenie, wersja aplikacji, kroki</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>Document number (not kept)</source>
        <translation>Numer dokumentu (nie zapisywany)</translation>
    </message>
    <message>
        <source>Driving licence</source>
        <translation>Prawo jazdy</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Engineering</source>
        <translation>Dział techniczny</translation>
    </message>
    <message>
        <source>Escalate a medication question to a pharmacist</source>
        <translation>Przekaż pytanie o lek farmaceucie</translation>
    </message>
    <message>
        <source>Exemption</source>
        <translation>Zwolnienie</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Wygasa</translation>
    </message>
    <message>
        <source>Explain a charge</source>
        <translation>Wyjaśnij opłatę</translation>
    </message>
    <message>
        <source>Explain what a charge on an order was for.</source>
        <translation>Wyjaśnij, za co była opłata w zamówieniu.</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>Opinia</translation>
    </message>
    <message>
        <source>First line</source>
        <translation>Pierwsza linia</translation>
    </message>
    <message>
        <source>Got it elsewhere</source>
        <translation>Kupione gdzie indziej</translation>
    </message>
    <message>
        <source>How they take them</source>
        <translation>Jak je przyjmuje</translation>
    </message>
    <message>
        <source>In 2 weeks</source>
        <translation>Za 2 tygodnie</translation>
    </message>
    <message>
        <source>In 3 months</source>
        <translation>Za 3 miesiące</translation>
    </message>
    <message>
        <source>In a month</source>
        <translation>Za miesiąc</translation>
    </message>
    <message>
        <source>Leave empty for all repeats</source>
        <translation>Zostaw puste dla wszystkich powtarzanych</translation>
    </message>
    <message>
        <source>Log a complaint</source>
        <translation>Zarejestruj skargę</translation>
    </message>
    <message>
        <source>Log a complaint for the complaints team (acknowledged within two working days).</source>
        <translation>Zarejestruj skargę dla zespołu skarg (potwierdzenie w ciągu dwóch dni roboczych).</translation>
    </message>
    <message>
        <source>Logistics</source>
        <translation>Logistyka</translation>
    </message>
    <message>
        <source>Low income</source>
        <translation>Niski dochód</translation>
    </message>
    <message>
        <source>Marketing and contact preferences</source>
        <translation>Zgody marketingowe i kontaktowe</translation>
    </message>
    <message>
        <source>Marketing emails</source>
        <translation>E-maile marketingowe</translation>
    </message>
    <message>
        <source>Marketing texts</source>
        <translation>SMS-y marketingowe</translation>
    </message>
    <message>
        <source>Maternity exemption certificate</source>
        <translation>Zaświadczenie o zwolnieniu (ciąża i macierzyństwo)</translation>
    </message>
    <message>
        <source>Medical exemption certificate</source>
        <translation>Zaświadczenie o zwolnieniu ze względów medycznych</translation>
    </message>
    <message>
        <source>Medication reminder settings</source>
        <translation>Przypomnienia o lekach</translation>
    </message>
    <message>
        <source>Medicine</source>
        <translation>Lek</translation>
    </message>
    <message>
        <source>Medicines reviewed</source>
        <translation>Omówione leki</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Sposób</translation>
    </message>
    <message>
        <source>Mild</source>
        <translation>Łagodne</translation>
    </message>
    <message>
        <source>Send a follow-up text (at most 255 characters), one of the pharmacy&apos;s quick responses; works for any caller.</source>
        <translation>Wyślij SMS (najwyżej 255 znaków), jedną z gotowych odpowiedzi apteki; dla każdego rozmówcy.</translation>
    </message>
    <message>
        <source>Misses some doses</source>
        <translation>Pomija niektóre dawki</translation>
    </message>
    <message>
        <source>Escalate a medication question to a pharmacist: the pharmacy team&apos;s queue, or one pharmacist by name.</source>
        <translation>Przekaż pytanie o lek farmaceucie: do kolejki zespołu farmaceutów albo do wskazanego farmaceuty.</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>Eskalacja</translation>
    </message>
    <message>
        <source>Give the status of an escalation</source>
        <translation>Podaj status eskalacji</translation>
    </message>
    <message>
        <source>Issues</source>
        <translation>Zgłoszenia</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>Zaginiona</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>Numer komórkowy</translation>
    </message>
    <message>
        <source>Moderate</source>
        <translation>Umiarkowane</translation>
    </message>
    <message>
        <source>Name one when the patient is already talking to them: only they can take it.</source>
        <translation>Wskaż, gdy pacjent jest już z nim w kontakcie: tylko ten farmaceuta może je przejąć.</translation>
    </message>
    <message>
        <source>No follow-up</source>
        <translation>Bez kontroli</translation>
    </message>
    <message>
        <source>No longer needed</source>
        <translation>Już niepotrzebne</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notatka</translation>
    </message>
    <message>
        <source>Note for the team</source>
        <translation>Notatka dla zespołu</translation>
    </message>
    <message>
        <source>Often misses or stops</source>
        <translation>Często pomija lub odstawia</translation>
    </message>
    <message>
        <source>Only an order not yet dispatched can change</source>
        <translation>Zmienić można tylko zamówienie jeszcze niewysłane</translation>
    </message>
    <message>
        <source>Only this prescription</source>
        <translation>Tylko ta recepta</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Zamówienie</translation>
    </message>
    <message>
        <source>Ordered by mistake</source>
        <translation>Zamówione przez pomyłkę</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Zamówienia</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Inne</translation>
    </message>
    <message>
        <source>Other photo ID</source>
        <translation>Inny dokument ze zdjęciem</translation>
    </message>
    <message>
        <source>Over 60</source>
        <translation>Powyżej 60 lat</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>Rodzic</translation>
    </message>
    <message>
        <source>Passport</source>
        <translation>Paszport</translation>
    </message>
    <message>
        <source>Patient care</source>
        <translation>Obsługa pacjentów</translation>
    </message>
    <message>
        <source>Pause (untick to resume)</source>
        <translation>Wstrzymaj (odznacz, by wznowić)</translation>
    </message>
    <message>
        <source>Pause or resume repeat prescriptions</source>
        <translation>Wstrzymaj lub wznów recepty powtarzane</translation>
    </message>
    <message>
        <source>Pause or resume repeat prescriptions (one, or all).</source>
        <translation>Wstrzymaj lub wznów recepty powtarzane (jedną lub wszystkie).</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Płatności</translation>
    </message>
    <message>
        <source>Pharmacist</source>
        <translation>Farmaceuta</translation>
    </message>
    <message>
        <source>Pharmacy</source>
        <translation>Apteka</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Poczta</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>Kod pocztowy</translation>
    </message>
    <message>
        <source>Power of attorney</source>
        <translation>Pełnomocnictwo</translation>
    </message>
    <message>
        <source>Practice ODS code</source>
        <translation>Kod ODS przychodni</translation>
    </message>
    <message>
        <source>Prescription</source>
        <translation>Recepta</translation>
    </message>
    <message>
        <source>Prescription prepayment certificate</source>
        <translation>Przedpłata za recepty (PPC)</translation>
    </message>
    <message>
        <source>Prescriptions</source>
        <translation>Recepty</translation>
    </message>
    <message>
        <source>Press Enter in the postcode to look the addresses up</source>
        <translation>Naciśnij Enter w polu kodu pocztowego, by wyszukać adresy</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Pytanie</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Powód</translation>
    </message>
    <message>
        <source>Record a medication review</source>
        <translation>Zapisz przegląd leków</translation>
    </message>
    <message>
        <source>Record a subject access request (a copy of the patient&apos;s data), for data protection.</source>
        <translation>Zarejestruj wniosek o dostęp do danych (kopię danych pacjenta) dla działu ochrony danych.</translation>
    </message>
    <message>
        <source>Record a telephone medication review: the medicines gone through, how the patient takes them,
their concerns, the advice given and when to review again (pharmacists).</source>
        <translation>Zapisz telefoniczny przegląd leków: omówione leki, sposób ich przyjmowania, obawy pacjenta, udzieloną poradę i termin kolejnego przeglądu (farmaceuci).</translation>
    </message>
    <message>
        <source>Record an exemption certificate</source>
        <translation>Zapisz zaświadczenie o zwolnieniu</translation>
    </message>
    <message>
        <source>Record or update the patient&apos;s prescription charge exemption.</source>
        <translation>Zapisz lub zaktualizuj zwolnienie pacjenta z opłat za recepty.</translation>
    </message>
    <message>
        <source>Refund a payment</source>
        <translation>Zwróć płatność</translation>
    </message>
    <message>
        <source>Refund part or all of a payment: never more than was paid; larger refunds need a lead.</source>
        <translation>Zwróć część lub całość płatności: nigdy więcej, niż zapłacono; większe zwroty wymagają kierownika.</translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation>Pokrewieństwo</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Usuń</translation>
    </message>
    <message>
        <source>Report a problem with the app to engineering.</source>
        <translation>Zgłoś problem z aplikacją do działu technicznego.</translation>
    </message>
    <message>
        <source>Report a side effect or suspected adverse reaction (pharmacists).</source>
        <translation>Zgłoś działanie niepożądane lub podejrzenie reakcji (farmaceuci).</translation>
    </message>
    <message>
        <source>Report a side effect or suspected reaction</source>
        <translation>Zgłoś działanie niepożądane</translation>
    </message>
    <message>
        <source>Report an app problem to engineering</source>
        <translation>Zgłoś problem z aplikacją</translation>
    </message>
    <message>
        <source>Request a repeat prescription</source>
        <translation>Poproś o receptę powtarzaną</translation>
    </message>
    <message>
        <source>Request the next issue of a repeat prescription from the GP.</source>
        <translation>Poproś przychodnię o kolejne wystawienie recepty powtarzanej.</translation>
    </message>
    <message>
        <source>Resend an order confirmation or receipt</source>
        <translation>Wyślij ponownie potwierdzenie lub paragon</translation>
    </message>
    <message>
        <source>Resend an order confirmation or receipt by email.</source>
        <translation>Wyślij ponownie e-mailem potwierdzenie zamówienia lub paragon.</translation>
    </message>
    <message>
        <source>Reship a missing or damaged parcel</source>
        <translation>Wyślij ponownie zaginioną lub uszkodzoną paczkę</translation>
    </message>
    <message>
        <source>Review again</source>
        <translation>Kolejny przegląd</translation>
    </message>
    <message>
        <source>Second line</source>
        <translation>Druga linia</translation>
    </message>
    <message>
        <source>Send a follow-up text</source>
        <translation>Wyślij SMS</translation>
    </message>
    <message>
        <source>Send a missing or damaged parcel again, by courier, at no charge.</source>
        <translation>Wyślij ponownie zaginioną lub uszkodzoną paczkę kurierem, bez opłat.</translation>
    </message>
    <message>
        <source>Send a password reset link</source>
        <translation>Wyślij link do zmiany hasła</translation>
    </message>
    <message>
        <source>Send a password reset link to the email on the account.</source>
        <translation>Wyślij link do zmiany hasła na e-mail zapisany w koncie.</translation>
    </message>
    <message>
        <source>Send a secure link to update the card</source>
        <translation>Wyślij bezpieczny link do zmiany karty</translation>
    </message>
    <message>
        <source>Send a secure link to update the payment card (never take card details on the phone).</source>
        <translation>Wyślij bezpieczny link do zmiany karty płatniczej (nigdy nie przyjmuj danych karty przez telefon).</translation>
    </message>
    <message>
        <source>Send reminders</source>
        <translation>Wysyłaj przypomnienia</translation>
    </message>
    <message>
        <source>Set marketing and contact preferences (email and text).</source>
        <translation>Ustaw zgody marketingowe i kontaktowe (e-mail i SMS).</translation>
    </message>
    <message>
        <source>Set medication reminder texts on or off, and their time.</source>
        <translation>Włącz lub wyłącz SMS-y z przypomnieniem o lekach i ustaw ich godzinę.</translation>
    </message>
    <message>
        <source>Severe</source>
        <translation>Ciężkie</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Nasilenie</translation>
    </message>
    <message>
        <source>Son</source>
        <translation>Syn</translation>
    </message>
    <message>
        <source>Spouse</source>
        <translation>Małżonek</translation>
    </message>
    <message>
        <source>Subject access request (copy of data)</source>
        <translation>Wniosek o dostęp do danych (kopia danych)</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Podsumowanie</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Zespół</translation>
    </message>
    <message>
        <source>Tell the caller where an open escalation stands: which team has it, who, and since when.</source>
        <translation>Powiedz dzwoniącemu, na jakim etapie jest otwarta eskalacja: który zespół ją ma, kto i od kiedy.</translation>
    </message>
    <message>
        <source>Text (up to 255 characters)</source>
        <translation>Treść (do 255 znaków)</translation>
    </message>
    <message>
        <source>The patient confirmed the closure</source>
        <translation>Pacjent potwierdził zamknięcie</translation>
    </message>
    <message>
        <source>The photo and details match the patient</source>
        <translation>Zdjęcie i dane zgadzają się z pacjentem</translation>
    </message>
    <message>
        <source>Their concerns</source>
        <translation>Obawy pacjenta</translation>
    </message>
    <message>
        <source>Their full name</source>
        <translation>Imię i nazwisko</translation>
    </message>
    <message>
        <source>They ask for their data to be erased</source>
        <translation>Prosi o usunięcie swoich danych</translation>
    </message>
    <message>
        <source>Town or city</source>
        <translation>Miejscowość</translation>
    </message>
    <message>
        <source>Track an order</source>
        <translation>Sprawdź status zamówienia</translation>
    </message>
    <message>
        <source>Track an order: where it is, the carrier, and the tracking link to read out or text.</source>
        <translation>Sprawdź zamówienie: gdzie jest, przewoźnik i link do śledzenia do odczytania lub wysłania SMS-em.</translation>
    </message>
    <message>
        <source>Transfer the conversation</source>
        <translation>Przekaż rozmowę</translation>
    </message>
    <message>
        <source>Transfer the conversation to another team or agent.</source>
        <translation>Przekaż rozmowę innemu zespołowi lub konsultantowi.</translation>
    </message>
    <message>
        <source>Under 16</source>
        <translation>Poniżej 16 lat</translation>
    </message>
    <message>
        <source>Unlock the app account</source>
        <translation>Odblokuj konto w aplikacji</translation>
    </message>
    <message>
        <source>Unlock the app account after too many failed logins.</source>
        <translation>Odblokuj konto w aplikacji po zbyt wielu nieudanych logowaniach.</translation>
    </message>
    <message>
        <source>Update allergies and conditions</source>
        <translation>Zaktualizuj alergie i choroby</translation>
    </message>
    <message>
        <source>Update allergies and conditions after a pharmacist&apos;s review.</source>
        <translation>Zaktualizuj alergie i choroby po przeglądzie przez farmaceutę.</translation>
    </message>
    <message>
        <source>Update contact details</source>
        <translation>Zaktualizuj dane kontaktowe</translation>
    </message>
    <message>
        <source>Update the patient&apos;s mobile number or email address.</source>
        <translation>Zaktualizuj numer komórkowy lub adres e-mail pacjenta.</translation>
    </message>
    <message>
        <source>What goes wrong</source>
        <translation>Co nie działa</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Co się stało</translation>
    </message>
    <message>
        <source>What it is about</source>
        <translation>Czego dotyczy</translation>
    </message>
    <message>
        <source>What they asked for</source>
        <translation>O co prosi</translation>
    </message>
    <message>
        <source>Wrong item</source>
        <translation>Niewłaściwy produkt</translation>
    </message>
    <message>
        <source>Yellow Card submitted</source>
        <translation>Zgłoszono w systemie Yellow Card</translation>
    </message>
    <message>
        <source>e.g. A81005</source>
        <translation>np. A81005</translation>
    </message>
</context>
<context>
    <name>WorkflowForm</name>
    <message>
        <source> (optional)</source>
        <translation> (opcjonalnie)</translation>
    </message>
    <message>
        <source>Type the postcode above and press Enter</source>
        <translation>Wpisz kod pocztowy powyżej i naciśnij Enter</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wczytywanie…</translation>
    </message>
    <message>
        <source>Looking up {0}…</source>
        <translation>Szukam {0}…</translation>
    </message>
    <message numerus="yes">
        <source>Pick the address (%n at {0})</source>
        <translation>
            <numerusform>Wybierz adres (%n pod {0})</numerusform>
            <numerusform>Wybierz adres (%n pod {0})</numerusform>
            <numerusform>Wybierz adres (%n pod {0})</numerusform>
        </translation>
    </message>
    <message>
        <source>No addresses found at {0}: type it below</source>
        <translation>Brak adresów dla {0}: wpisz adres poniżej</translation>
    </message>
    <message>
        <source>Lookup failed: type the address below</source>
        <translation>Wyszukiwanie nie powiodło się: wpisz adres poniżej</translation>
    </message>
    <message>
        <source>The address lookup did not work. {0}</source>
        <translation>Wyszukiwanie adresu nie zadziałało. {0}</translation>
    </message>
    <message>
        <source>Nothing to choose from</source>
        <translation>Brak pozycji do wyboru</translation>
    </message>
    <message>
        <source>Could not be loaded</source>
        <translation>Nie udało się wczytać</translation>
    </message>
    <message>
        <source>The choices for “{0}” could not be loaded. {1}</source>
        <translation>Nie udało się wczytać listy „{0}”. {1}</translation>
    </message>
</context>
<context>
    <name>WorkflowRunner</name>
    <message>
        <source>e.g. 12.50</source>
        <translation>np. 12.50</translation>
    </message>
    <message>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/rrrr</translation>
    </message>
    <message>
        <source>e.g. 07700 900123</source>
        <translation>np. 07700 900123</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>nazwa@example.com</translation>
    </message>
    <message>
        <source>e.g. LS1 4AB</source>
        <translation>np. LS1 4AB</translation>
    </message>
    <message>
        <source>comma-separated</source>
        <translation>rozdzielone przecinkami</translation>
    </message>
    <message>
        <source>Any pharmacist (the team&apos;s queue)</source>
        <translation>Dowolny farmaceuta (kolejka zespołu)</translation>
    </message>
    <message>
        <source>Say to the caller</source>
        <translation>Powiedz rozmówcy</translation>
    </message>
    <message>
        <source>Copy script  (Ctrl+Shift+C)</source>
        <translation>Kopiuj tekst  (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <source>Back  (Esc)</source>
        <translation>Wstecz  (Esc)</translation>
    </message>
    <message>
        <source>Confirm  (Ctrl+Enter)</source>
        <translation>Zatwierdź  (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Zatwierdź</translation>
    </message>
    <message>
        <source>Ask a lead to approve  (Ctrl+Shift+L)</source>
        <translation>Poproś kierownika o zgodę  (Ctrl+Shift+L)</translation>
    </message>
    <message>
        <source>The script appears when the form is complete.</source>
        <translation>Tekst pojawi się po wypełnieniu formularza.</translation>
    </message>
    <message>
        <source>Script copied.</source>
        <translation>Skopiowano tekst.</translation>
    </message>
    <message>
        <source>Check the highlighted fields.</source>
        <translation>Sprawdź zaznaczone pola.</translation>
    </message>
    <message>
        <source>Done: {0}</source>
        <translation>Gotowe: {0}</translation>
    </message>
    <message>
        <source>Offline: kept, and sent as soon as the connection is back.</source>
        <translation>Bez połączenia: zachowano i zostanie wysłane, gdy tylko wróci połączenie.</translation>
    </message>
    <message>
        <source>Asked a lead to approve £{0} on {1}. The decision will show here and on the account.</source>
        <translation>Poproszono kierownika o zgodę na £{0} za {1}. Decyzja pojawi się tutaj i na koncie.</translation>
    </message>
    <message>
        <source>Tell the caller: a team lead will look at the refund today, and we&apos;ll let them know by text or email.</source>
        <translation>Powiedz rozmówcy: kierownik zespołu rozpatrzy zwrot jeszcze dziś, a my damy znać SMS-em lub e-mailem.</translation>
    </message>
    <message>
        <source>Not done. {0}</source>
        <translation>Nie wykonano. {0}</translation>
    </message>
    <message>
        <source>Nothing was done, so there is nothing to read out. Put it right and confirm again, or tell the caller you cannot do this now.</source>
        <translation>Nic nie zostało zrobione, więc nie ma czego odczytać. Popraw i zatwierdź ponownie albo powiedz rozmówcy, że teraz nie da się tego zrobić.</translation>
    </message>
</context>
</TS>
