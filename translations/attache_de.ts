<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ChatPanel</name>
    <message>
        <source>Ask anything. Replies stream in as they are written.</source>
        <translation>Fragen Sie, was Sie möchten. Antworten erscheinen, während sie geschrieben werden.</translation>
    </message>
    <message>
        <source>Message Attache — Enter to send, Shift+Enter for a new line</source>
        <translation>Nachricht an Attache – Eingabe zum Senden, Umschalt+Eingabe für eine neue Zeile</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Stop the reply (Esc)</source>
        <translation>Antwort anhalten (Esc)</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Another client</source>
        <translation>Anderer Client</translation>
    </message>
    <message>
        <source>VS Code</source>
        <translation>VS Code</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Kommandozeile</translation>
    </message>
    <message>
        <source>Attache</source>
        <translation>Attache</translation>
    </message>
    <message>
        <source>(stopped)</source>
        <translation>(angehalten)</translation>
    </message>
    <message>
        <source>(failed)</source>
        <translation>(fehlgeschlagen)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Attache</source>
        <translation>Attache</translation>
    </message>
    <message>
        <source>Attache window</source>
        <translation>Attache-Fenster</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>No provider set up</source>
        <translation>Kein Anbieter eingerichtet</translation>
    </message>
    <message>
        <source>&amp;Show Attache</source>
        <translation>Attache &amp;anzeigen</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>&amp;Neuer Chat</translation>
    </message>
    <message>
        <source>&amp;Pause server</source>
        <translation>Server &amp;pausieren</translation>
    </message>
    <message>
        <source>Stop answering editors and scripts for now; the window keeps working.</source>
        <translation>Vorerst nicht mehr auf Editoren und Skripte antworten; das Fenster funktioniert weiter.</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>No system tray: closing the window quits Attache.</source>
        <translation>Keine Systemleiste vorhanden: Schließen des Fensters beendet Attache.</translation>
    </message>
    <message>
        <source>Attache keeps running</source>
        <translation>Attache läuft weiter</translation>
    </message>
    <message>
        <source>Editors stay attached. Open the window from the tray icon; quit from its menu.</source>
        <translation>Editoren bleiben verbunden. Öffnen Sie das Fenster über das Symbol in der Systemleiste; beenden Sie Attache über dessen Menü.</translation>
    </message>
    <message>
        <source>Cannot start a new chat: %1</source>
        <translation>Neuer Chat nicht möglich: %1</translation>
    </message>
    <message>
        <source>Server paused: editors and scripts cannot attach</source>
        <translation>Server pausiert: Editoren und Skripte können sich nicht verbinden</translation>
    </message>
</context>
<context>
    <name>PermissionDialog</name>
    <message>
        <source>Allow %1?</source>
        <translation>%1 erlauben?</translation>
    </message>
    <message>
        <source>The assistant wants to run &lt;b&gt;%1&lt;/b&gt;. Nothing happens until you answer.</source>
        <translation>Der Assistent möchte &lt;b&gt;%1&lt;/b&gt; ausführen. Bis Sie antworten, geschieht nichts.</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Argumente</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <source>Allow once</source>
        <translation>Einmal erlauben</translation>
    </message>
    <message>
        <source>Allow for this session</source>
        <translation>Für diese Sitzung erlauben</translation>
    </message>
    <message>
        <source>Always allow %1</source>
        <translation>%1 immer erlauben</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>Ablehnen</translation>
    </message>
</context>
<context>
    <name>ProviderPanel</name>
    <message>
        <source>Paste an API key</source>
        <translation>Schlüssel einfügen</translation>
    </message>
    <message>
        <source>The key is kept in memory for this run of Attache only; storing it in the system&apos;s secret store is coming. Environment variables still work.</source>
        <translation>Der Schlüssel bleibt nur im Arbeitsspeicher, bis Attache beendet wird; das Ablegen im Schlüsselspeicher des Systems folgt. Umgebungsvariablen funktionieren weiterhin.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>Provider:</source>
        <translation>Anbieter:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API-Schlüssel:</translation>
    </message>
    <message>
        <source>(key set)</source>
        <translation>(Schlüssel gesetzt)</translation>
    </message>
    <message>
        <source>(local)</source>
        <translation>(lokal)</translation>
    </message>
    <message>
        <source>(needs key)</source>
        <translation>(Schlüssel nötig)</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>wird geladen …</translation>
    </message>
    <message>
        <source>Showing the catalog&apos;s models: the provider&apos;s list could not be read (%1).</source>
        <translation>Modelle aus dem Katalog: Die Liste des Anbieters ließ sich nicht lesen (%1).</translation>
    </message>
    <message>
        <source>Key saved for this run of Attache (not stored on disk yet).</source>
        <translation>Schlüssel gespeichert, bis Attache beendet wird (noch nicht auf der Festplatte).</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet …</translation>
    </message>
    <message numerus="yes">
        <source>Connected: %n model(s)</source>
        <translation>
            <numerusform>Verbunden: %n Modell</numerusform>
            <numerusform>Verbunden: %n Modelle</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not connect: %1</source>
        <translation>Keine Verbindung: %1</translation>
    </message>
    <message numerus="yes">
        <source>This provider does not list its models; the catalog names %n.</source>
        <translation>
            <numerusform>Dieser Anbieter listet seine Modelle nicht auf; der Katalog nennt eines.</numerusform>
            <numerusform>Dieser Anbieter listet seine Modelle nicht auf; der Katalog nennt %n.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Editors attach at %1</source>
        <translation>Editoren verbinden sich unter %1</translation>
    </message>
</context>
<context>
    <name>SessionModel</name>
    <message numerus="yes">
        <source>Updated %1 · %n message(s)</source>
        <translation>
            <numerusform>Aktualisiert %1 · %n Nachricht</numerusform>
            <numerusform>Aktualisiert %1 · %n Nachrichten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionPanel</name>
    <message>
        <source>Search sessions</source>
        <translation>Sitzungen durchsuchen</translation>
    </message>
    <message>
        <source>Double-click or press Enter to open a session; F2 renames it</source>
        <translation>Doppelklick oder Eingabetaste öffnet eine Sitzung, F2 benennt sie um</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Start a new session</source>
        <translation>Neue Sitzung beginnen</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren …</translation>
    </message>
    <message>
        <source>Save the session as Markdown or JSON</source>
        <translation>Sitzung als Markdown oder JSON speichern</translation>
    </message>
    <message>
        <source>Cannot rename the session</source>
        <translation>Sitzung kann nicht umbenannt werden</translation>
    </message>
    <message>
        <source>Cannot open the session</source>
        <translation>Sitzung kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Cannot create a session</source>
        <translation>Sitzung kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Delete session</source>
        <translation>Sitzung löschen</translation>
    </message>
    <message>
        <source>Delete the session &quot;%1&quot; and all its messages? This cannot be undone.</source>
        <translation>Die Sitzung „%1“ mit allen Nachrichten löschen? Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Cannot delete the session</source>
        <translation>Sitzung kann nicht gelöscht werden</translation>
    </message>
    <message>
        <source>Export session</source>
        <translation>Sitzung exportieren</translation>
    </message>
    <message>
        <source>Markdown (*.md);;JSON (*.json)</source>
        <translation>Markdown (*.md);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Cannot export the session</source>
        <translation>Sitzung kann nicht exportiert werden</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 ließ sich nicht schreiben: %2</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>Attache</source>
        <translation>Attache</translation>
    </message>
    <message>
        <source>Attache asks</source>
        <translation>Attache fragt</translation>
    </message>
    <message>
        <source>Attache suggests</source>
        <translation>Attache schlägt vor</translation>
    </message>
    <message>
        <source>Permission needed</source>
        <translation>Erlaubnis nötig</translation>
    </message>
    <message>
        <source>The model wants to use %1. Click to answer.</source>
        <translation>Das Modell möchte %1 verwenden. Zum Antworten klicken.</translation>
    </message>
    <message>
        <source>Reply ready</source>
        <translation>Antwort fertig</translation>
    </message>
    <message>
        <source>The reply failed</source>
        <translation>Die Antwort ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>Attache — server paused</source>
        <translation>Attache – Server pausiert</translation>
    </message>
</context>
</TS>
