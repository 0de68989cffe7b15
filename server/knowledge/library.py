# Longer than 400 lines: forty articles' text, one entry each, read like the articles themselves.
"""The demo's knowledge base: the pharmacy's common questions, in English and Polish.

Each topic is one entry with both languages side by side, so a translation is never forgotten.
Bodies are Markdown; ``answer`` is what the advisor reads out or pastes into a reply, short
enough to text (the SMS limit). ``stale`` articles were last reviewed long enough ago that the
demo shows one past its review date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.core.orm import ArticleRow
from server.knowledge import articles


@dataclass(frozen=True)
class Text:
    title: str
    answer: str
    body: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    team: str
    en: Text
    pl: Text
    review_days: int = 180
    stale: bool = False  # reviewed more than review_days ago in the demo


TOPICS: tuple[Topic, ...] = (
    Topic(
        "prescriptions",
        Text(
            "Free prescriptions: who is exempt from the charge",
            "You don't pay for prescriptions if you're 60 or over, under 16, 16 to 18 in "
            "full-time education, pregnant or had a baby in the last 12 months with a maternity "
            "exemption certificate, hold a medical exemption certificate, or get certain "
            "benefits. Tell us which applies and we'll record it on your account.",
            """In England a prescription item costs the NHS charge unless the patient is exempt.

**Exempt without a certificate**
- aged 60 or over, or under 16
- aged 16–18 and in full-time education

**Exempt with a certificate** (we record the number and expiry date)
- *Maternity exemption* (MatEx): pregnant, or a baby in the last 12 months
- *Medical exemption* (MedEx): certain conditions, such as diabetes treated with medicine
- *HC2* (NHS Low Income Scheme)

**Through benefits**: Income Support, income-based JSA, income-related ESA, Pension Credit
Guarantee Credit, or Universal Credit within the earnings limit.

Use the workflow *Record an exemption certificate* to save it. Never guess: if the caller is
unsure, the [NHS eligibility checker](https://www.nhsbsa.nhs.uk/check-if-youre-eligible-help)
tells them.""",
            ("exempt", "exemption", "free prescription", "charge", "certificate", "maternity"),
        ),
        Text(
            "Bezpłatne recepty: kto jest zwolniony z opłaty",
            "Nie płacą Państwo za recepty, jeśli mają Państwo 60 lat lub więcej, mniej niż 16 "
            "lat, 16–18 lat i uczą się w pełnym wymiarze, są w ciąży lub urodzili w ostatnich 12 "
            "miesiącach (z zaświadczeniem), mają zaświadczenie o zwolnieniu medycznym lub "
            "pobierają niektóre świadczenia. Proszę powiedzieć, co dotyczy Państwa, a zapiszemy "
            "to na koncie.",
            """W Anglii za każdą pozycję na recepcie pobierana jest opłata NHS, chyba że pacjent
jest zwolniony.

**Zwolnienie bez zaświadczenia**
- wiek 60 lat lub więcej albo poniżej 16 lat
- wiek 16–18 lat i nauka w pełnym wymiarze

**Zwolnienie z zaświadczeniem** (zapisujemy numer i datę ważności)
- *MatEx*: ciąża lub dziecko urodzone w ostatnich 12 miesiącach
- *MedEx*: niektóre choroby, np. cukrzyca leczona lekami
- *HC2* (program dla osób o niskich dochodach)

Zwolnienie zapisuje się przepływem *Record an exemption certificate*.""",
            ("zwolnienie", "bezpłatna recepta", "opłata", "zaświadczenie", "exempt"),
        ),
    ),
    Topic(
        "prescriptions",
        Text(
            "Prescription prepayment certificate (PPC)",
            "If you pay for more than three items in three months, or eleven in a year, a "
            "prepayment certificate saves money: it covers every NHS prescription for three or "
            "twelve months. You buy it from the NHS Business Services Authority, then give us "
            "its number.",
            """A **PPC** covers all NHS prescriptions for its period, whatever the number of items.

| Period | Worth it from |
|---|---|
| 3 months | 4 items |
| 12 months | 12 items (can be paid monthly) |

The patient buys it from the NHSBSA, not from us. Once they have the number, record it with
*Record an exemption certificate*; orders placed before the start date are not refunded by us.""",
            ("ppc", "prepayment", "certificate", "save money", "charge"),
        ),
        Text(
            "Przedpłacony certyfikat na recepty (PPC)",
            "Jeśli płacą Państwo za więcej niż trzy pozycje w trzy miesiące lub jedenaście w "
            "roku, certyfikat przedpłacony się opłaca: obejmuje wszystkie recepty NHS przez trzy "
            "lub dwanaście miesięcy. Kupuje się go w NHSBSA, a potem podaje nam numer.",
            """**PPC** obejmuje wszystkie recepty NHS w swoim okresie, bez względu na liczbę
pozycji.

- 3 miesiące: opłaca się od 4 pozycji
- 12 miesięcy: opłaca się od 12 pozycji (można płacić miesięcznie)

Certyfikat kupuje pacjent w NHSBSA. Numer zapisujemy przepływem *Record an exemption
certificate*.""",
            ("ppc", "przedpłata", "certyfikat", "oszczędność"),
        ),
    ),
    Topic(
        "pharmacy",
        Text(
            "Why is my medicine out of stock?",
            "Some medicines are in short supply across the UK, not just with us. We order it "
            "every day from several wholesalers and send it as soon as it arrives. If it's "
            "urgent, your GP or our pharmacist can suggest an alternative that is in stock.",
            """Shortages are usually national: a manufacturer's problem, a raw material, or demand.

What we do:
1. Order daily from every wholesaler we use.
2. Keep the order open and send it the day stock arrives.
3. Tell the patient by text when it is on its way.

If the patient will run out within **3 days**, offer *Escalate a medication question to a
pharmacist*: the pharmacist can ask the GP for an alternative. Never suggest a different
strength or medicine yourself.""",
            ("out of stock", "shortage", "unavailable", "delay", "supply"),
        ),
        Text(
            "Dlaczego mojego leku nie ma w magazynie?",
            "Niektórych leków brakuje w całej Wielkiej Brytanii, nie tylko u nas. Zamawiamy je "
            "codziennie od kilku hurtowni i wysyłamy, gdy tylko dotrą. Jeśli sprawa jest pilna, "
            "lekarz lub nasz farmaceuta może zaproponować dostępny zamiennik.",
            """Braki są zwykle ogólnokrajowe: problem producenta, surowca lub popyt.

1. Zamawiamy codziennie u wszystkich hurtowni.
2. Zamówienie pozostaje otwarte i wysyłamy je w dniu dostawy.
3. Pacjent dostaje SMS, gdy paczka jest w drodze.

Jeśli pacjentowi skończy się lek w ciągu **3 dni**, zaproponuj przekazanie pytania
farmaceucie. Nigdy nie proponuj samodzielnie innej dawki ani leku.""",
            ("brak", "niedostępny", "opóźnienie", "magazyn", "out of stock"),
        ),
    ),
    Topic(
        "patient-care",
        Text(
            "How to reorder a repeat prescription",
            "You can reorder in the app under Prescriptions, choosing Request repeat, or I can "
            "request it for you now. We send the request to your GP, who usually approves it "
            "within two working days, and we dispatch as soon as they do.",
            """Repeat medicines are reordered by the patient in the app, or by us on the phone.

- **In the app**: *Prescriptions* → the medicine → *Request repeat*.
- **By phone**: run *Request a repeat prescription*.

The GP surgery usually approves within **2 working days** (some take up to 5). Order at least
a week before running out. Reminders can be switched on with *Medication reminder settings*.""",
            ("reorder", "repeat", "request", "order again", "refill"),
        ),
        Text(
            "Jak ponownie zamówić lek na receptę stałą",
            "Można zamówić ponownie w aplikacji, w zakładce Recepty, wybierając Zamów ponownie, "
            "albo mogę to zrobić teraz za Państwa. Wysyłamy prośbę do lekarza, który zwykle "
            "zatwierdza ją w ciągu dwóch dni roboczych, a my wysyłamy lek zaraz potem.",
            """Leki stałe pacjent zamawia w aplikacji albo my przez telefon.

- **W aplikacji**: *Recepty* → lek → *Zamów ponownie*.
- **Przez telefon**: przepływ *Request a repeat prescription*.

Przychodnia zatwierdza zwykle w ciągu **2 dni roboczych**. Warto zamawiać tydzień przed
końcem leku.""",
            ("zamówić ponownie", "recepta stała", "powtórka", "reorder"),
        ),
    ),
    Topic(
        "logistics",
        Text(
            "Delivery times and methods",
            "Standard delivery by Royal Mail Tracked 48 takes two to three working days once "
            "your order is dispatched; courier delivery is next working day if dispatched by "
            "3 pm. You can also collect from a collection point. You'll get a text with "
            "tracking when it leaves us.",
            """| Method | Time after dispatch | Notes |
|---|---|---|
| Royal Mail Tracked 48 | 2–3 working days | free |
| Courier (DPD) | next working day | dispatched by 3 pm |
| Collection point | 1–2 working days | ID needed to collect |

Dispatch follows the GP's approval and dispensing. Use *Track an order* for a specific
parcel, or *Change delivery date or method* before it is dispatched.""",
            ("delivery", "how long", "shipping", "courier", "royal mail", "when"),
        ),
        Text(
            "Czas i sposoby dostawy",
            "Standardowa dostawa Royal Mail Tracked 48 trwa dwa–trzy dni robocze od wysyłki; "
            "kurier dostarcza następnego dnia roboczego przy wysyłce do 15:00. Można też odebrać "
            "paczkę w punkcie odbioru. Po wysyłce przyjdzie SMS z numerem przesyłki.",
            """- Royal Mail Tracked 48: 2–3 dni robocze, bezpłatnie
- Kurier (DPD): następny dzień roboczy przy wysyłce do 15:00
- Punkt odbioru: 1–2 dni robocze, potrzebny dokument tożsamości

Konkretną paczkę sprawdza się przepływem *Track an order*.""",
            ("dostawa", "ile trwa", "kurier", "wysyłka", "delivery"),
        ),
    ),
    Topic(
        "logistics",
        Text(
            "My parcel hasn't arrived",
            "I'm sorry it hasn't arrived. I'll check the tracking now. If the carrier shows it "
            "delivered and you can't find it, or it's more than two days late, we'll send a "
            "replacement at no cost and look into it with the carrier.",
            """1. Run *Track an order* and read the carrier's last scan.
2. **Delivered but not found**: ask them to check with neighbours and safe places.
3. **Late by 2+ working days**, or still missing after the checks: run *Reship a missing or
   damaged parcel*. Controlled drugs cannot be reshipped without a pharmacist.
4. Log the lost parcel against the carrier (the reship workflow does this).""",
            ("parcel", "not arrived", "missing", "lost", "late", "where is my order"),
        ),
        Text(
            "Paczka nie dotarła",
            "Przykro mi, że paczka nie dotarła. Sprawdzę teraz status przesyłki. Jeśli kurier "
            "pokazuje doręczenie, a paczki nie ma, albo jest opóźniona o ponad dwa dni, wyślemy "
            "bezpłatnie nową i wyjaśnimy sprawę z przewoźnikiem.",
            """1. Przepływ *Track an order*: ostatni skan przewoźnika.
2. **Doręczona, ale nie ma**: sąsiedzi, bezpieczne miejsca.
3. **Opóźnienie 2+ dni robocze**: *Reship a missing or damaged parcel*. Leków kontrolowanych nie
   wysyłamy ponownie bez farmaceuty.""",
            ("paczka", "nie dotarła", "zgubiona", "opóźniona", "gdzie jest"),
        ),
    ),
    Topic(
        "prescriptions",
        Text(
            "Nominating us as your pharmacy",
            "To have your GP send prescriptions to us, you nominate us as your pharmacy. You can "
            "do it in our app during sign-up, or in the NHS App under Prescriptions. It takes "
            "effect straight away and doesn't change your GP.",
            """Electronic prescriptions go to the patient's **nominated pharmacy**.

- In our app: *Account* → *Nominated pharmacy* → *Use this pharmacy*.
- In the NHS App: *Prescriptions* → *Your nominated pharmacy*.

Nomination is immediate; prescriptions already sent elsewhere stay there. It does not change
the GP (for that, *Change nominated GP*).""",
            ("nominate", "nomination", "transfer", "switch pharmacy", "eps"),
        ),
        Text(
            "Wybór naszej apteki jako nominowanej",
            "Aby lekarz wysyłał recepty do nas, trzeba wybrać naszą aptekę jako nominowaną. "
            "Można to zrobić w naszej aplikacji lub w NHS App w zakładce Prescriptions. Działa "
            "od razu i nie zmienia lekarza.",
            """Recepty elektroniczne trafiają do **apteki nominowanej** pacjenta.

- Nasza aplikacja: *Konto* → *Apteka nominowana*.
- NHS App: *Prescriptions* → *Your nominated pharmacy*.

Recepty wysłane wcześniej gdzie indziej tam zostają.""",
            ("nominacja", "zmiana apteki", "przeniesienie", "nominate"),
        ),
    ),
    Topic(
        "prescriptions",
        Text(
            "When the GP rejects a repeat request",
            "Your GP hasn't approved this request. That usually means they want to review the "
            "medicine or see you first. Please contact your surgery; once they issue a new "
            "prescription, we'll dispense it straight away.",
            """Reasons surgeries give: a medication review is due, the medicine was changed or
stopped, or a blood test is needed.

- Read out the surgery's reason if it is on the order.
- Offer *Chase a prescription with the GP* only when there is **no** answer after 3 working
  days; a rejection is an answer.
- If the patient will run out, offer *Escalate a medication question to a pharmacist* (an
  emergency supply may be possible).""",
            ("rejected", "declined", "gp", "not approved", "refused"),
        ),
        Text(
            "Gdy lekarz odrzuci prośbę o receptę",
            "Lekarz nie zatwierdził tej prośby. Zwykle oznacza to, że chce przejrzeć leczenie "
            "lub zobaczyć się z Państwem. Proszę skontaktować się z przychodnią; gdy wystawi "
            "nową receptę, od razu ją zrealizujemy.",
            """Powody: przegląd leków, zmiana lub odstawienie leku, potrzebne badanie krwi.

- Odczytaj powód przychodni, jeśli jest w zamówieniu.
- Ponaglenie lekarza tylko przy **braku** odpowiedzi po 3 dniach roboczych.""",
            ("odrzucona", "lekarz", "niezatwierdzona", "odmowa"),
        ),
    ),
    Topic(
        "pharmacy",
        Text(
            "Controlled drugs: ID and signature on delivery",
            "Because this medicine is a controlled drug, the person receiving it must sign and "
            "may be asked for photo ID. It can't be left in a safe place or with a neighbour, "
            "and collection points need the named patient or their representative.",
            """Schedule 2 and 3 controlled drugs are sent **signed for** only.

- No safe place, no neighbour.
- Couriers may ask for photo ID.
- A prescription for a Schedule 2–4 drug is valid for **28 days** from its date.

Run *Controlled-drug ID check* before changing the address or the recipient.""",
            ("controlled drug", "cd", "id", "signature", "opioid"),
        ),
        Text(
            "Leki kontrolowane: dokument i podpis przy odbiorze",
            "Ponieważ to lek kontrolowany, odbiorca musi złożyć podpis i może zostać poproszony "
            "o dokument ze zdjęciem. Nie można zostawić go w bezpiecznym miejscu ani u sąsiada.",
            """Leki kontrolowane z grup 2 i 3 wysyłamy tylko **za podpisem**.

- Bez bezpiecznego miejsca i sąsiadów.
- Recepta na lek z grup 2–4 jest ważna **28 dni**.""",
            ("lek kontrolowany", "podpis", "dokument", "opioid"),
        ),
    ),
    Topic(
        "pharmacy",
        Text(
            "Returning unwanted or unused medicines",
            "We can't take medicines back or resell them once they've left the pharmacy, for "
            "safety reasons. Please take unwanted medicines to any local pharmacy for safe "
            "disposal. If we sent the wrong item, we'll replace it and refund you.",
            """Medicines cannot be returned for resale (the Human Medicines Regulations).

- **Unwanted**: any community pharmacy disposes of them free.
- **Wrong item or damaged**: *Reship a missing or damaged parcel* and, where paid, *Refund a
  payment*. The patient keeps or disposes of the wrong item; never ask them to post it.
- **Sharps**: the council's sharps service.""",
            ("return", "unwanted", "dispose", "wrong item", "send back"),
        ),
        Text(
            "Zwrot niepotrzebnych leków",
            "Ze względów bezpieczeństwa nie przyjmujemy zwrotów leków, które opuściły aptekę. "
            "Niepotrzebne leki można oddać do utylizacji w dowolnej aptece. Jeśli wysłaliśmy "
            "niewłaściwy lek, wymienimy go i zwrócimy pieniądze.",
            """Leków nie można zwrócić do ponownej sprzedaży.

- **Niepotrzebne**: każda apteka przyjmie je do utylizacji.
- **Niewłaściwe lub uszkodzone**: ponowna wysyłka i ewentualny zwrot pieniędzy.""",
            ("zwrot", "utylizacja", "niewłaściwy lek", "oddać"),
        ),
    ),
    Topic(
        "logistics",
        Text(
            "Fridge medicines: how they're delivered",
            "Medicines that must be kept cold travel in an insulated box with ice packs and are "
            "sent by next-day courier, Monday to Thursday, so they never wait over a weekend. "
            "Please put them in the fridge as soon as they arrive.",
            """Cold-chain items (insulins, some injections, some eye drops):

- Dispatched **Monday–Thursday** by next-day courier.
- Insulated box, good for 48 hours.
- Not sent to collection points.

A parcel delayed more than 48 hours: do not use; run *Reship a missing or damaged parcel* and
*Escalate a medication question to a pharmacist*.""",
            ("fridge", "cold", "insulin", "refrigerated", "cool box"),
        ),
        Text(
            "Leki z lodówki: jak je dostarczamy",
            "Leki, które trzeba przechowywać w chłodzie, wysyłamy w izolowanym pudełku z "
            "wkładami chłodzącymi, kurierem na następny dzień, od poniedziałku do czwartku. "
            "Proszę włożyć je do lodówki zaraz po dostawie.",
            """Leki chłodnicze (insuliny, niektóre zastrzyki):

- Wysyłka **pon.–czw.** kurierem na następny dzień.
- Pudełko izolowane wystarcza na 48 godzin.
- Nie do punktów odbioru.""",
            ("lodówka", "chłodzenie", "insulina", "fridge"),
        ),
    ),
    Topic(
        "patient-care",
        Text(
            "Managing someone else's prescriptions",
            "You can manage prescriptions for someone you care for once they've added you as "
            "their representative, or for a child under 16 on your own account. Either of you "
            "can set it up in the app, or we can add you now with their permission.",
            """A **representative** may order and speak for a patient; a **dependant** is a
child's record on a parent's account.

- The patient must agree: on the call, or in the app (*Account* → *People I trust*).
- A representative passes the representative challenge on every call.
- Run *Add or remove a representative or dependant*.""",
            ("someone else", "carer", "representative", "child", "family", "on behalf"),
        ),
        Text(
            "Zarządzanie receptami innej osoby",
            "Można zarządzać receptami osoby, którą się Państwo opiekują, gdy doda Państwa jako "
            "przedstawiciela, albo receptami dziecka poniżej 16 lat na własnym koncie. Można to "
            "ustawić w aplikacji albo teraz z nami, za zgodą tej osoby.",
            """**Przedstawiciel** może zamawiać i rozmawiać w imieniu pacjenta.

- Potrzebna zgoda pacjenta.
- Przedstawiciel przechodzi weryfikację przy każdej rozmowie.""",
            ("przedstawiciel", "opiekun", "dziecko", "w imieniu"),
        ),
    ),
    Topic(
        "pharmacy",
        Text(
            "Travelling abroad with medicines",
            "Keep medicines in their original packaging with the pharmacy label, in your hand "
            "luggage. For controlled drugs, or more than three months' supply, you may need a "
            "letter from your GP or a licence; check the destination country's rules.",
            """- Original packaging, pharmacy label, hand luggage.
- **Controlled drugs**: more than 3 months' supply needs a Home Office licence; less needs a
  GP letter.
- We cannot dispatch outside the UK.
- Extra supply before travel is the GP's decision: *Request a repeat prescription* early.""",
            ("travel", "abroad", "holiday", "flight", "airport"),
        ),
        Text(
            "Podróż za granicę z lekami",
            "Leki najlepiej przewozić w oryginalnych opakowaniach z etykietą apteki, w bagażu "
            "podręcznym. Przy lekach kontrolowanych lub zapasie na ponad trzy miesiące może być "
            "potrzebny list od lekarza lub zezwolenie.",
            """- Oryginalne opakowania, etykieta, bagaż podręczny.
- **Leki kontrolowane**: powyżej 3 miesięcy potrzebne zezwolenie Home Office.
- Nie wysyłamy leków za granicę.""",
            ("podróż", "za granicę", "wakacje", "lotnisko"),
        ),
        review_days=90,
        stale=True,
    ),
    Topic(
        "pharmacy",
        Text(
            "Why my medicine looks different (generics)",
            "The medicine may look different because it's a generic version or from a different "
            "manufacturer. It contains the same active ingredient at the same strength and works "
            "the same way. If you're worried, our pharmacist can check it with you.",
            """GPs prescribe by the medicine's name; we dispense whichever licensed make is in
stock. Colour, shape and box change; the active ingredient and strength do not.

Exceptions where the brand matters (some epilepsy medicines, modified-release forms) are
prescribed by brand, and we dispense that brand. Concerns go to a pharmacist.""",
            ("generic", "looks different", "brand", "different tablet", "colour"),
        ),
        Text(
            "Dlaczego lek wygląda inaczej (zamienniki)",
            "Lek może wyglądać inaczej, bo to zamiennik lub inny producent. Zawiera tę samą "
            "substancję czynną w tej samej dawce i działa tak samo. W razie wątpliwości nasz "
            "farmaceuta to sprawdzi.",
            """Wydajemy dowolny dopuszczony lek o tej nazwie. Zmienia się kolor i kształt,
nie substancja ani dawka. Wyjątki (np. niektóre leki przeciwpadaczkowe) lekarz przepisuje z
nazwy handlowej.""",
            ("zamiennik", "generyk", "wygląda inaczej", "inny kolor"),
        ),
    ),
    Topic(
        "pharmacy",
        Text(
            "Run out of medicine: emergency supply",
            "If you've run out and can't wait for your GP, a pharmacist may be able to give an "
            "emergency supply, or you can call NHS 111. I'll pass this to our pharmacist now so "
            "they can call you back today.",
            """A pharmacist may make an **emergency supply** (up to 30 days, not most controlled
drugs) when the patient has been prescribed the medicine before.

- Run *Escalate a medication question to a pharmacist*, urgency *today*.
- Out of hours, NHS 111 can arrange a supply from a local pharmacy.
- Never promise the supply: it is the pharmacist's decision.""",
            ("run out", "emergency", "urgent", "no tablets left", "111"),
        ),
        Text(
            "Skończył się lek: pilne wydanie",
            "Jeśli lek się skończył i nie można czekać na lekarza, farmaceuta może wydać go "
            "awaryjnie albo można zadzwonić pod NHS 111. Przekażę to teraz naszemu farmaceucie, "
            "który oddzwoni dziś.",
            """Farmaceuta może wydać lek **awaryjnie** (do 30 dni, bez większości leków
kontrolowanych), jeśli był wcześniej przepisany.

- Przekaż pytanie farmaceucie z pilnością *dziś*.
- Poza godzinami pracy: NHS 111.""",
            ("skończył się", "pilne", "awaryjnie", "111"),
        ),
    ),
    Topic(
        "patient-care",
        Text(
            "Refunds: when and how long",
            "Refunds go back to the card you paid with and take three to five working days to "
            "appear, depending on your bank. You'll get an email when we've issued it.",
            """- Refunds return to the original card; we cannot refund to a different card.
- **3–5 working days** after we issue it; the bank decides the exact day.
- Large refunds need a lead's approval (the *Refund a payment* workflow asks for it).
- Prescription charges for exempt patients are refunded once the certificate is recorded.""",
            ("refund", "money back", "charged twice", "how long refund"),
        ),
        Text(
            "Zwroty pieniędzy: kiedy i jak długo",
            "Zwrot trafia na kartę, którą Państwo płacili, i pojawia się po trzech–pięciu dniach "
            "roboczych, zależnie od banku. Po jego zleceniu przyjdzie e-mail.",
            """- Zwrot tylko na kartę, którą zapłacono.
- **3–5 dni roboczych**.
- Duże zwroty zatwierdza lider zespołu.""",
            ("zwrot", "pieniądze", "podwójna opłata", "refund"),
        ),
    ),
    Topic(
        "patient-care",
        Text(
            "Card declined: updating payment details",
            "Your last payment didn't go through, so the order is on hold. I can text you a "
            "secure link to update your card; once it's done we'll take the payment and send "
            "your order. We never take card details over the phone.",
            """A declined card holds the order until a new card is added.

- Never take card numbers on a call (PCI DSS).
- Run *Send a secure link to update the card*: the link lasts 24 hours.
- The order continues automatically once the payment succeeds.""",
            ("card declined", "payment failed", "update card", "payment", "card"),
        ),
        Text(
            "Odrzucona karta: zmiana danych płatności",
            "Ostatnia płatność nie przeszła, więc zamówienie czeka. Mogę wysłać SMS-em bezpieczny "
            "link do zmiany karty; potem pobierzemy płatność i wyślemy zamówienie. Nigdy nie "
            "przyjmujemy danych karty przez telefon.",
            """Odrzucona karta wstrzymuje zamówienie do czasu dodania nowej.

- Nigdy nie przyjmuj numeru karty w rozmowie.
- Przepływ *Send a secure link to update the card*: link ważny 24 godziny.""",
            ("odrzucona karta", "płatność", "zmiana karty", "karta"),
        ),
    ),
    Topic(
        "engineering",
        Text(
            "Can't sign in to the app",
            "Let's get you back in. I can send a password reset link to your email now. If the "
            "app says your account is locked after several tries, I can unlock it once I've "
            "confirmed who you are.",
            """1. *Send a password reset link* (to the email on the account only).
2. Locked after failed attempts: *Unlock the app account* once verified.
3. Still failing: *Report an app problem to engineering* with the phone model and app version.

Never set or read out a password.""",
            ("sign in", "login", "password", "locked out", "app"),
        ),
        Text(
            "Nie mogę zalogować się do aplikacji",
            "Pomogę wrócić do konta. Mogę teraz wysłać link do zmiany hasła na Państwa e-mail. "
            "Jeśli aplikacja pokazuje blokadę po kilku próbach, odblokuję konto po weryfikacji.",
            """1. *Send a password reset link*.
2. Blokada: *Unlock the app account* po weryfikacji.
3. Dalej nie działa: zgłoszenie do zespołu aplikacji.""",
            ("logowanie", "hasło", "zablokowane", "aplikacja"),
        ),
    ),
    Topic(
        "patient-care",
        Text(
            "Reminders to reorder",
            "We can remind you by text or in the app a week before a repeat medicine runs out. "
            "I can switch that on now, and you can turn it off at any time.",
            """Reminders go **7 days** before the expected run-out date, by app notification or
text.

- Run *Medication reminder settings*.
- Reminders are service messages, not marketing: they are sent even without marketing consent.""",
            ("reminder", "remind", "notification", "run out"),
        ),
        Text(
            "Przypomnienia o ponownym zamówieniu",
            "Możemy przypominać SMS-em lub w aplikacji tydzień przed końcem leku stałego. Mogę to "
            "teraz włączyć, a wyłączyć można w każdej chwili.",
            """Przypomnienie przychodzi **7 dni** przed końcem leku.

- Przepływ *Medication reminder settings*.""",
            ("przypomnienie", "powiadomienie", "koniec leku"),
        ),
    ),
    Topic(
        "pharmacy",
        Text(
            "Side effects: what to do",
            "If you have a side effect, please don't stop the medicine without advice unless "
            "it's severe. If you have difficulty breathing, swelling of the face or a severe "
            "rash, call 999. Otherwise I'll pass this to our pharmacist and we'll record it.",
            """**Emergency** (breathing, swelling, collapse): tell them to call **999** now.

Otherwise:
1. *Report a side effect or suspected reaction* (it can be sent to the MHRA Yellow Card scheme).
2. *Escalate a medication question to a pharmacist* for advice on continuing.
3. Do not advise stopping or changing the dose yourself.""",
            ("side effect", "reaction", "rash", "yellow card", "allergic"),
        ),
        Text(
            "Działania niepożądane: co robić",
            "Jeśli wystąpił skutek uboczny, proszę nie odstawiać leku bez porady, chyba że "
            "objawy są ciężkie. Przy duszności, obrzęku twarzy lub silnej wysypce proszę "
            "dzwonić pod 999. W innym razie przekażę to farmaceucie i zapiszemy zgłoszenie.",
            """**Nagły przypadek**: natychmiast **999**.

W innym razie: zgłoszenie działania niepożądanego i pytanie do farmaceuty. Nie doradzaj
samodzielnie odstawienia leku.""",
            ("skutek uboczny", "reakcja", "wysypka", "alergia"),
        ),
    ),
    Topic(
        "patient-care",
        Text(
            "Complaints: how we handle them",
            "I'm sorry about this. I'll log it as a formal complaint now. We'll acknowledge it "
            "within two working days and give you a full reply within twenty working days.",
            """Under the NHS complaints regulations:

- Acknowledge within **2 working days** (the *Log a complaint* workflow sends it).
- A full response within **20 working days**, or a reason and a new date.
- The patient can go to the Parliamentary and Health Service Ombudsman if unhappy.""",
            ("complaint", "unhappy", "complain", "ombudsman", "escalate"),
        ),
        Text(
            "Skargi: jak je rozpatrujemy",
            "Przepraszam za to. Zapiszę to teraz jako formalną skargę. Potwierdzimy ją w ciągu "
            "dwóch dni roboczych, a pełną odpowiedź damy w ciągu dwudziestu dni roboczych.",
            """- Potwierdzenie w **2 dni robocze**.
- Pełna odpowiedź w **20 dni roboczych**.
- Pacjent może odwołać się do Ombudsmana.""",
            ("skarga", "reklamacja", "niezadowolony", "complaint"),
        ),
    ),
)


def seed(session: Session, today: date) -> int:
    """Write every topic in both languages, once (a database with articles is left alone)."""
    if session.scalar(select(func.count()).select_from(ArticleRow)):
        return 0
    written = 0
    for n, topic in enumerate(TOPICS):
        # Reviewed on different days over the last months; a stale one past its review date.
        reviewed = today - timedelta(
            days=topic.review_days + 12 if topic.stale else (n * 7) % max(1, topic.review_days - 30)
        )
        for language, text in ((m.ArticleLanguage.EN, topic.en), (m.ArticleLanguage.PL, topic.pl)):
            draft = m.ArticleDraft(
                title=text.title,
                answer=text.answer,
                body=text.body,
                tags=list(text.tags),
                language=language,
                team=topic.team,
                review_days=topic.review_days,
                change_note="Imported with the demo",
            )
            articles.create(session, None, draft, today=reviewed)
            written += 1
    return written


def summaries(reviewed_on: date) -> list[m.ArticleSummary]:
    """Every topic in both languages as the palette lists them, without a database (the desk's
    ranking tests and the palette bench index the real library this way)."""
    return [
        m.ArticleSummary(
            id=f"art_demo_{n}_{language}",
            title=text.title,
            answer=text.answer,
            tags=list(text.tags),
            language=m.ArticleLanguage(language),
            team=topic.team,
            reviewed_on=reviewed_on,
            review_due=reviewed_on + timedelta(days=topic.review_days),
            version=1,
        )
        for n, topic in enumerate(TOPICS)
        for language, text in (("en", topic.en), ("pl", topic.pl))
    ]
