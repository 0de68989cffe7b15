<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AccountHeader</name>
    <message numerus="yes">
        <source>%n years · born {0} · NHS {1}</source>
        <translation>
            <numerusform>%n year · born {0} · NHS {1}</numerusform>
            <numerusform>%n years · born {0} · NHS {1}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AccountStats</name>
    <message numerus="yes">
        <source>oldest %n day(s)</source>
        <translation>
            <numerusform>oldest %n day</numerusform>
            <numerusform>oldest %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChallengeView</name>
    <message numerus="yes">
        <source>Not verified. Check the answers with the caller. %n attempt(s) left.</source>
        <translation>
            <numerusform>Not verified. Check the answers with the caller. %n attempt left.</numerusform>
            <numerusform>Not verified. Check the answers with the caller. %n attempts left.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s) left</source>
        <translation>
            <numerusform>%n attempt left</numerusform>
            <numerusform>%n attempts left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message numerus="yes">
        <source>%n entries, newest first</source>
        <translation>
            <numerusform>%n entry, newest first</numerusform>
            <numerusform>%n entries, newest first</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n action(s) made offline have not been sent yet. Signing out discards them. Sign out anyway?</source>
        <translation>
            <numerusform>%n action made offline has not been sent yet. Signing out discards it. Sign out anyway?</numerusform>
            <numerusform>%n actions made offline have not been sent yet. Signing out discards them. Sign out anyway?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusWidgets</name>
    <message numerus="yes">
        <source>Enquiries: %n unread</source>
        <translation>
            <numerusform>Enquiries: %n unread</numerusform>
            <numerusform>Enquiries: %n unread</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n late</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n yours</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to send</source>
        <translation>
            <numerusform>%n waiting to send</numerusform>
            <numerusform>%n waiting to send</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused</source>
        <translation>
            <numerusform>%n refused</numerusform>
            <numerusform>%n refused</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WorkflowForm</name>
    <message numerus="yes">
        <source>Pick the address (%n at {0})</source>
        <translation>
            <numerusform>Pick the address (%n at {0})</numerusform>
            <numerusform>Pick the address (%n at {0})</numerusform>
        </translation>
    </message>
</context>
</TS>
