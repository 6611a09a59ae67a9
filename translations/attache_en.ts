<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>FindBar</name>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n match</numerusform>
            <numerusform>%n matches</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KeyStore</name>
    <message numerus="yes">
        <source>The secret service did not answer within %n second(s).</source>
        <translation>
            <numerusform>The secret service did not answer within %n second.</numerusform>
            <numerusform>The secret service did not answer within %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProviderPanel</name>
    <message numerus="yes">
        <source>The server does not list the model in use, %1: choose one of the %n it lists.</source>
        <translation>
            <numerusform>The server does not list the model in use, %1: choose the one it lists.</numerusform>
            <numerusform>The server does not list the model in use, %1: choose one of the %n it lists.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Connected: %n model(s)</source>
        <translation>
            <numerusform>Connected: %n model</numerusform>
            <numerusform>Connected: %n models</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This provider does not list its models; the catalog names %n.</source>
        <translation>
            <numerusform>This provider does not list its models; the catalog names one.</numerusform>
            <numerusform>This provider does not list its models; the catalog names %n.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionModel</name>
    <message numerus="yes">
        <source>%1
Updated %2 · %n message(s)</source>
        <translation>
            <numerusform>%1
Updated %2 · %n message</numerusform>
            <numerusform>%1
Updated %2 · %n messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TurnBuilder</name>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n token</numerusform>
            <numerusform>%n tokens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UsageChart</name>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
</context>
</TS>
