<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ChatHeader</name>
    <message>
        <source>The model this chat talks to</source>
        <translation>Das Modell, mit dem dieser Chat spricht</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Chat settings…</source>
        <translation>Chat-Einstellungen…</translation>
    </message>
    <message>
        <source>This chat&apos;s system prompt, temperature and maximum tokens</source>
        <translation>Systemprompt, Temperatur und maximale Token dieses Chats</translation>
    </message>
    <message>
        <source>Cannot use this model</source>
        <translation>Dieses Modell kann nicht verwendet werden</translation>
    </message>
    <message>
        <source>Chat settings •</source>
        <translation>Chat-Einstellungen •</translation>
    </message>
    <message>
        <source>Cannot keep the chat settings</source>
        <translation>Die Chat-Einstellungen können nicht gespeichert werden</translation>
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <source>Ask anything. Replies stream in as they are written.</source>
        <translation>Fragen Sie, was Sie möchten. Antworten erscheinen, während sie geschrieben werden.</translation>
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
        <source>Message Attache — Enter to send, Shift+Enter for a new line, Up for earlier messages</source>
        <translation>Nachricht an Attache – Eingabetaste zum Senden, Umschalt+Eingabetaste für eine neue Zeile, Pfeil nach oben für frühere Nachrichten</translation>
    </message>
    <message>
        <source>Code task</source>
        <translation>Code-Aufgabe</translation>
    </message>
    <message>
        <source>Explain, test, document, debug, implement or review the code selected in the conversation, or the code in the message box</source>
        <translation>Den im Chat ausgewählten Code oder den Code im Eingabefeld erklären, testen, dokumentieren, debuggen, implementieren oder überprüfen</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu generieren</translation>
    </message>
    <message>
        <source>Code task on the selection</source>
        <translation>Code-Aufgabe für die Auswahl</translation>
    </message>
    <message>
        <source>Explain</source>
        <translation>Erklären</translation>
    </message>
    <message>
        <source>Write tests</source>
        <translation>Tests schreiben</translation>
    </message>
    <message>
        <source>Write documentation</source>
        <translation>Dokumentation schreiben</translation>
    </message>
    <message>
        <source>Find the bug</source>
        <translation>Fehler finden</translation>
    </message>
    <message>
        <source>Implement</source>
        <translation>Implementieren</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Überprüfen</translation>
    </message>
    <message>
        <source>Select code in the conversation, or paste it into the message box, then choose the task again.</source>
        <translation>Wählen Sie Code im Chat aus oder fügen Sie ihn ins Eingabefeld ein und wählen Sie dann erneut die Aufgabe.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Open the Provider panel</source>
        <translation>Anbieter-Bereich öffnen</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Attach…</source>
        <translation>Anhängen…</translation>
    </message>
    <message>
        <source>Attach files to the message (or drop them on it); they are sent as @path references</source>
        <translation>Dateien an die Nachricht anhängen (oder auf sie ziehen); sie werden als @Pfad-Verweise gesendet</translation>
    </message>
    <message>
        <source>Ask again for the last reply; the earlier answer is kept (Ctrl+R)</source>
        <translation>Die letzte Antwort neu anfordern; die frühere bleibt erhalten (Strg+R)</translation>
    </message>
    <message>
        <source>Editing a message: sending replaces it and everything after it. Esc cancels.</source>
        <translation>Nachricht wird bearbeitet: Senden ersetzt sie und alles danach. Esc bricht ab.</translation>
    </message>
    <message>
        <source>Delete this message and the reply to it? This cannot be undone.</source>
        <translation>Diese Nachricht und die Antwort darauf löschen? Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Delete this reply? This cannot be undone.</source>
        <translation>Diese Antwort löschen? Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Delete message</source>
        <translation>Nachricht löschen</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Dateien anhängen</translation>
    </message>
    <message>
        <source>Not attached (a space in the path cannot be referenced): %1</source>
        <translation>Nicht angehängt (ein Pfad mit Leerzeichen kann nicht verwiesen werden): %1</translation>
    </message>
</context>
<context>
    <name>ChatSettingsDialog</name>
    <message>
        <source>Chat settings</source>
        <translation>Chat-Einstellungen</translation>
    </message>
    <message>
        <source>For &quot;%1&quot; only; kept with the chat and sent with each of its messages.</source>
        <translation>Nur für „%1“; beim Chat gespeichert und mit jeder seiner Nachrichten gesendet.</translation>
    </message>
    <message>
        <source>For example: Answer briefly, in German.</source>
        <translation>Zum Beispiel: Antworte kurz und auf Deutsch.</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>Lower is more focused, higher more varied (0–2).</source>
        <translation>Niedriger ist gezielter, höher vielfältiger (0–2).</translation>
    </message>
    <message>
        <source>Maximum tokens</source>
        <translation>Maximale Token</translation>
    </message>
    <message>
        <source>The longest a reply may be.</source>
        <translation>Die größte Länge einer Antwort.</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Systemprompt</translation>
    </message>
    <message>
        <source>Unchecked: the provider&apos;s default.</source>
        <translation>Nicht angehakt: die Vorgabe des Anbieters.</translation>
    </message>
</context>
<context>
    <name>ClientsModel</name>
    <message>
        <source>Window</source>
        <translation>Fenster</translation>
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
        <source>Other</source>
        <translation>Andere</translation>
    </message>
    <message>
        <source>in this process</source>
        <translation>in diesem Prozess</translation>
    </message>
    <message>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <source>standard input and output</source>
        <translation>Standardein- und -ausgabe</translation>
    </message>
    <message>
        <source>event stream</source>
        <translation>Ereignisstrom</translation>
    </message>
    <message>
        <source>%1 over %2
Attached %3, last heard from %4</source>
        <translation>%1 über %2
Verbunden: %3, zuletzt gemeldet: %4</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(unbenannt)</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
</context>
<context>
    <name>ClientsPanel</name>
    <message>
        <source>Copy VS Code snippet</source>
        <translation>VS-Code-Snippet kopieren</translation>
    </message>
    <message>
        <source>Settings for VS Code naming this server and where its token is</source>
        <translation>Einstellungen für VS Code mit diesem Server und dem Ort seines Tokens</translation>
    </message>
    <message>
        <source>Copy curl snippet</source>
        <translation>curl-Snippet kopieren</translation>
    </message>
    <message>
        <source>A chat from a terminal; the token is read from the discovery file when the command runs</source>
        <translation>Ein Chat aus dem Terminal; das Token wird beim Ausführen des Befehls aus der Discovery-Datei gelesen</translation>
    </message>
    <message>
        <source>Reset token…</source>
        <translation>Token zurücksetzen …</translation>
    </message>
    <message>
        <source>Make a new token; every attached client must reconnect</source>
        <translation>Ein neues Token erzeugen; jeder verbundene Client muss sich neu verbinden</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adresse:</translation>
    </message>
    <message>
        <source>Token file:</source>
        <translation>Token-Datei:</translation>
    </message>
    <message>
        <source>The local server is not running: nothing can attach.</source>
        <translation>Der lokale Server läuft nicht: Nichts kann sich verbinden.</translation>
    </message>
    <message>
        <source>Where editors and scripts attach</source>
        <translation>Hier verbinden sich Editoren und Skripte</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Clients read the token from this file, readable by you alone; the token changes at every start</source>
        <translation>Clients lesen das Token aus dieser Datei, die nur Sie lesen können; das Token ändert sich bei jedem Start</translation>
    </message>
    <message>
        <source>// Attache: the token is read from the discovery file; it changes at every start.</source>
        <translation>// Attache: Das Token wird aus der Discovery-Datei gelesen; es ändert sich bei jedem Start.</translation>
    </message>
    <message>
        <source>Copied settings for VS Code: paste them into settings.json.</source>
        <translation>Einstellungen für VS Code kopiert: Fügen Sie sie in settings.json ein.</translation>
    </message>
    <message>
        <source>Copied a curl command: paste it into a terminal (it needs jq).</source>
        <translation>curl-Befehl kopiert: Fügen Sie ihn in ein Terminal ein (er benötigt jq).</translation>
    </message>
    <message>
        <source>Token reset; attached clients must reconnect with the new token from %1.</source>
        <translation>Token zurückgesetzt; verbundene Clients müssen sich mit dem neuen Token aus %1 neu verbinden.</translation>
    </message>
</context>
<context>
    <name>Engine</name>
    <message>
        <source>cannot write: %1</source>
        <translation>Schreiben nicht möglich: %1</translation>
    </message>
    <message>
        <source>replaces %1 (%2 bytes, binary or too large to compare) with %3 bytes of text</source>
        <translation>ersetzt %1 (%2 Bytes, binär oder zu groß zum Vergleichen) durch %3 Bytes Text</translation>
    </message>
    <message>
        <source>no change: %1 already has this content</source>
        <translation>keine Änderung: %1 hat diesen Inhalt bereits</translation>
    </message>
    <message>
        <source>creates the empty file %1</source>
        <translation>legt die leere Datei %1 an</translation>
    </message>
    <message>
        <source>Reads a UTF-8 text file in the workspace and returns its content. The path is relative to the workspace root; use offset (first line, 1-based) and limit (number of lines) to read part of a large file.</source>
        <translation>Liest eine UTF-8-Textdatei im Arbeitsbereich und gibt ihren Inhalt zurück. Der Pfad ist relativ zum Stammordner des Arbeitsbereichs; mit offset (erste Zeile, ab 1 gezählt) und limit (Anzahl der Zeilen) wird ein Teil einer großen Datei gelesen.</translation>
    </message>
    <message>
        <source>Lists the entries of one folder in the workspace (not recursive), sorted by name: folders end with &quot;/&quot;, files show their size in bytes. The path is relative to the workspace root and defaults to the root itself.</source>
        <translation>Listet die Einträge eines Ordners im Arbeitsbereich auf (nicht rekursiv), nach Namen sortiert: Ordner enden auf „/“, Dateien zeigen ihre Größe in Bytes. Der Pfad ist relativ zum Stammordner des Arbeitsbereichs; ohne Angabe ist es der Stammordner selbst.</translation>
    </message>
    <message>
        <source>Runs a program in the workspace root and returns its exit code and combined output. argv is the program and its arguments as separate strings, e.g. [&quot;git&quot;, &quot;status&quot;]; no shell is used, so pipes, redirection, globs and variables are not expanded.</source>
        <translation>Führt ein Programm im Stammordner des Arbeitsbereichs aus und gibt seinen Exit-Code und die gesamte Ausgabe zurück. argv ist das Programm mit seinen Argumenten als einzelne Zeichenketten, z.&#xa0;B. [&quot;git&quot;, &quot;status&quot;]; es wird keine Shell verwendet, daher werden Pipes, Umleitungen, Globs und Variablen nicht expandiert.</translation>
    </message>
    <message>
        <source>Searches the text files under a workspace folder for a literal string (not a regular expression) and returns matching lines as &quot;path:line: text&quot;, paths relative to the workspace root. Skips .git and other version-control folders, binary files and files over 2 MiB; glob (e.g. &quot;*.cpp&quot;) limits which file names are searched.</source>
        <translation>Durchsucht die Textdateien unter einem Ordner des Arbeitsbereichs nach einer wörtlichen Zeichenkette (keinem regulären Ausdruck) und gibt die passenden Zeilen als „Pfad:Zeile: Text“ zurück, mit Pfaden relativ zum Stammordner des Arbeitsbereichs. Überspringt .git und andere Ordner der Versionsverwaltung, Binärdateien und Dateien über 2&#xa0;MiB; glob (z.&#xa0;B. „*.cpp“) begrenzt, welche Dateinamen durchsucht werden.</translation>
    </message>
    <message>
        <source>Creates a text file in the workspace or replaces its whole content (missing folders are created). The path is relative to the workspace root; the user may be shown the change as a diff and asked to approve it first.</source>
        <translation>Legt eine Textdatei im Arbeitsbereich an oder ersetzt ihren gesamten Inhalt (fehlende Ordner werden angelegt). Der Pfad ist relativ zum Stammordner des Arbeitsbereichs; die Änderung kann dem Benutzer vorher als Diff gezeigt und zur Freigabe vorgelegt werden.</translation>
    </message>
    <message>
        <source>A reply is still being written in this session; stop it or wait for it to finish, then regenerate.</source>
        <translation>In dieser Sitzung wird noch eine Antwort geschrieben; stoppen Sie sie oder warten Sie, bis sie fertig ist, und lassen Sie dann neu erzeugen.</translation>
    </message>
    <message>
        <source>There is no key to store: paste the key first.</source>
        <translation>Kein Schlüssel zum Speichern: Fügen Sie zuerst den Schlüssel ein.</translation>
    </message>
    <message>
        <source>The key could not be written to %1.</source>
        <translation>Der Schlüssel ließ sich nicht in %1 schreiben.</translation>
    </message>
    <message>
        <source>The key could not be removed from %1.</source>
        <translation>Der Schlüssel ließ sich nicht aus %1 entfernen.</translation>
    </message>
    <message>
        <source>Attache no longer uses the key, but it is still in the secret service: %1</source>
        <translation>Attache verwendet den Schlüssel nicht mehr, er liegt aber noch im Schlüsselbund: %1</translation>
    </message>
    <message>
        <source>The secret service did not answer within %1 s.</source>
        <translation>Der Schlüsselbund hat nicht innerhalb von %1 s geantwortet.</translation>
    </message>
    <message>
        <source>Access to the secret service was declined.</source>
        <translation>Der Zugriff auf den Schlüsselbund wurde verweigert.</translation>
    </message>
    <message>
        <source>The secret service is locked (%1).</source>
        <translation>Der Schlüsselbund ist gesperrt (%1).</translation>
    </message>
    <message>
        <source>No secret service (such as GNOME Keyring or KWallet) is running.</source>
        <translation>Es läuft kein Schlüsselbund (etwa GNOME Keyring oder KWallet).</translation>
    </message>
    <message>
        <source>The key could not be removed from the secret service (%1).</source>
        <translation>Der Schlüssel ließ sich nicht aus dem Schlüsselbund entfernen (%1).</translation>
    </message>
    <message>
        <source>No secret service could be reached (%1).</source>
        <translation>Es ist kein Schlüsselbund erreichbar (%1).</translation>
    </message>
    <message>
        <source>%1 sent its reply compressed (%2) although Attache asked for it uncompressed. Check that the base URL points at the API itself, not at a proxy that rewrites replies.</source>
        <translation>%1 hat seine Antwort komprimiert gesendet (%2), obwohl Attache sie unkomprimiert angefordert hat. Prüfen Sie, ob die Basis-URL auf die API selbst zeigt und nicht auf einen Proxy, der Antworten umschreibt.</translation>
    </message>
    <message>
        <source>%1 answered with something Attache cannot read as HTTP (%2). Check that the base URL points at an OpenAI-compatible API.</source>
        <translation>%1 hat mit etwas geantwortet, das Attache nicht als HTTP lesen kann (%2). Prüfen Sie, ob die Basis-URL auf eine OpenAI-kompatible API zeigt.</translation>
    </message>
    <message>
        <source>%1 answered HTTP %2, a redirect to &quot;%3&quot;. Set the base URL to the address it points to.</source>
        <translation>%1 hat mit HTTP %2 geantwortet, einer Weiterleitung nach „%3“. Setzen Sie die Basis-URL auf die Adresse, auf die sie verweist.</translation>
    </message>
    <message>
        <source>There is already a session named &quot;%1&quot;; pick another name.</source>
        <translation>Es gibt schon eine Sitzung namens „%1“; wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>Session &quot;%1&quot; has a reply streaming; stop it first.</source>
        <translation>In Sitzung „%1“ läuft noch eine Antwort; stoppen Sie sie zuerst.</translation>
    </message>
    <message>
        <source>Cannot open the session database %1: %2</source>
        <translation>Die Sitzungsdatenbank %1 lässt sich nicht öffnen: %2</translation>
    </message>
    <message>
        <source>Cannot create %1; sessions are kept in memory only.</source>
        <translation>%1 lässt sich nicht anlegen; Sitzungen werden nur im Speicher gehalten.</translation>
    </message>
    <message>
        <source>The session database %1 was written by a newer Attache (schema %2); update Attache to open it.</source>
        <translation>Die Sitzungsdatenbank %1 stammt von einem neueren Attache (Schema %2); aktualisieren Sie Attache, um sie zu öffnen.</translation>
    </message>
    <message>
        <source>Cannot prepare the session database %1: %2</source>
        <translation>Die Sitzungsdatenbank %1 lässt sich nicht vorbereiten: %2</translation>
    </message>
    <message>
        <source>The disk that holds the session database is full; free some space and try again.</source>
        <translation>Der Datenträger mit der Sitzungsdatenbank ist voll; geben Sie Platz frei und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The session database could not be read or written; Attache&apos;s log says why.</source>
        <translation>Die Sitzungsdatenbank ließ sich nicht lesen oder schreiben; das Protokoll von Attache nennt den Grund.</translation>
    </message>
    <message>
        <source>Permission request %1 was already answered.</source>
        <translation>Die Berechtigungsanfrage %1 wurde bereits beantwortet.</translation>
    </message>
    <message>
        <source>The temperature goes from 0 to 2.</source>
        <translation>Die Temperatur reicht von 0 bis 2.</translation>
    </message>
    <message>
        <source>The maximum of tokens must be at least 1.</source>
        <translation>Die maximale Anzahl an Token muss mindestens 1 sein.</translation>
    </message>
    <message>
        <source>A reply is still being written in this session; stop it or wait for it to finish.</source>
        <translation>In dieser Sitzung wird noch eine Antwort geschrieben; halten Sie sie an oder warten Sie, bis sie fertig ist.</translation>
    </message>
</context>
<context>
    <name>ErrorHelp</name>
    <message>
        <source>No AI provider is set up.</source>
        <translation>Es ist kein KI-Anbieter eingerichtet.</translation>
    </message>
    <message>
        <source>The provider needs an API key.</source>
        <translation>Der Anbieter benötigt einen API-Schlüssel.</translation>
    </message>
    <message>
        <source>The provider rejected the API key.</source>
        <translation>Der Anbieter hat den API-Schlüssel abgelehnt.</translation>
    </message>
    <message>
        <source>The provider is limiting how often it may be asked.</source>
        <translation>Der Anbieter begrenzt, wie oft er angefragt werden darf.</translation>
    </message>
    <message>
        <source>The provider did not answer in time.</source>
        <translation>Der Anbieter hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>The provider could not give a reply.</source>
        <translation>Der Anbieter konnte keine Antwort liefern.</translation>
    </message>
    <message>
        <source>The provider&apos;s answer could not be read.</source>
        <translation>Die Antwort des Anbieters ließ sich nicht lesen.</translation>
    </message>
    <message>
        <source>The chosen model or provider is not known.</source>
        <translation>Das gewählte Modell oder der Anbieter ist unbekannt.</translation>
    </message>
    <message>
        <source>The reply failed.</source>
        <translation>Die Antwort ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Add an API key in the Provider panel, or use a local server such as Ollama, llama.cpp or LM Studio.</source>
        <translation>Fügen Sie im Anbieter-Bereich einen API-Schlüssel hinzu oder verwenden Sie einen lokalen Server wie Ollama, llama.cpp oder LM Studio.</translation>
    </message>
    <message>
        <source>Add a key in the Provider panel or set %1 and restart Attache.</source>
        <translation>Fügen Sie im Anbieter-Bereich einen Schlüssel hinzu oder setzen Sie %1 und starten Sie Attache neu.</translation>
    </message>
    <message>
        <source>Check the key in the Provider panel (it may be mistyped, expired or revoked) or set a valid one in %1, then regenerate the reply.</source>
        <translation>Prüfen Sie den Schlüssel im Anbieter-Bereich (er kann falsch eingegeben, abgelaufen oder widerrufen sein) oder setzen Sie einen gültigen in %1 und generieren Sie dann die Antwort neu.</translation>
    </message>
    <message>
        <source>Wait %1 s, as the provider asks, then regenerate the reply.</source>
        <translation>Warten Sie %1 s, wie vom Anbieter verlangt, und generieren Sie dann die Antwort neu.</translation>
    </message>
    <message>
        <source>Wait a moment, then regenerate the reply, or pick another model in the Provider panel.</source>
        <translation>Warten Sie einen Moment und generieren Sie dann die Antwort neu oder wählen Sie im Anbieter-Bereich ein anderes Modell.</translation>
    </message>
    <message>
        <source>Check your network connection, or that your local model server is running, then regenerate the reply.</source>
        <translation>Prüfen Sie Ihre Netzwerkverbindung oder ob Ihr lokaler Modellserver läuft, und generieren Sie dann die Antwort neu.</translation>
    </message>
    <message>
        <source>Check the model and the server address in the Provider panel; if they are right, the provider may be having trouble: regenerate the reply in a moment.</source>
        <translation>Prüfen Sie Modell und Serveradresse im Anbieter-Bereich; stimmen beide, hat der Anbieter möglicherweise Probleme: Generieren Sie die Antwort gleich noch einmal.</translation>
    </message>
    <message>
        <source>Make sure the server address points at an Anthropic-compatible API (its root, without /v1), then regenerate the reply.</source>
        <translation>Stellen Sie sicher, dass die Serveradresse auf eine Anthropic-kompatible API zeigt (ihre Wurzel, ohne /v1), und generieren Sie dann die Antwort neu.</translation>
    </message>
    <message>
        <source>Make sure the server address points at an OpenAI-compatible API (it usually ends in /v1), then regenerate the reply.</source>
        <translation>Stellen Sie sicher, dass die Serveradresse auf eine OpenAI-kompatible API zeigt (sie endet meist auf /v1), und generieren Sie dann die Antwort neu.</translation>
    </message>
    <message>
        <source>Pick another model or provider in the Provider panel.</source>
        <translation>Wählen Sie im Anbieter-Bereich ein anderes Modell oder einen anderen Anbieter.</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in the conversation</source>
        <translation>In der Unterhaltung suchen</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>Vorheriger Treffer (Umschalt+Eingabe)</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>Nächster Treffer (Eingabe)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Schließen (Esc)</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>Keine Treffer</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n Treffer</numerusform>
            <numerusform>%n Treffer</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HelpDialogs</name>
    <message>
        <source>Enter</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>Die Nachricht senden</translation>
    </message>
    <message>
        <source>Shift+Enter</source>
        <translation>Umschalt+Eingabe</translation>
    </message>
    <message>
        <source>New line in the message</source>
        <translation>Neue Zeile in der Nachricht</translation>
    </message>
    <message>
        <source>Up, Down</source>
        <translation>Hoch, Runter</translation>
    </message>
    <message>
        <source>Earlier messages, in an empty message box</source>
        <translation>Frühere Nachrichten, im leeren Nachrichtenfeld</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Stop the reply; cancel an edit</source>
        <translation>Die Antwort anhalten; eine Bearbeitung abbrechen</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <source>Regenerate the last reply</source>
        <translation>Die letzte Antwort neu erzeugen</translation>
    </message>
    <message>
        <source>Find in the conversation</source>
        <translation>In der Unterhaltung suchen</translation>
    </message>
    <message>
        <source>Go to the message box</source>
        <translation>Zum Nachrichtenfeld</translation>
    </message>
    <message>
        <source>Show or hide the chats</source>
        <translation>Chats zeigen oder ausblenden</translation>
    </message>
    <message>
        <source>Show or hide the provider</source>
        <translation>Anbieter zeigen oder ausblenden</translation>
    </message>
    <message>
        <source>Show or hide the tools</source>
        <translation>Werkzeuge zeigen oder ausblenden</translation>
    </message>
    <message>
        <source>Show or hide the usage</source>
        <translation>Verbrauch zeigen oder ausblenden</translation>
    </message>
    <message>
        <source>F2</source>
        <translation>F2</translation>
    </message>
    <message>
        <source>Rename the selected chat</source>
        <translation>Den gewählten Chat umbenennen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete the selected chat</source>
        <translation>Den gewählten Chat löschen</translation>
    </message>
    <message>
        <source>Tab, Shift+Tab</source>
        <translation>Tab, Umschalt+Tab</translation>
    </message>
    <message>
        <source>Chats, conversation, message box, Send</source>
        <translation>Chats, Unterhaltung, Nachrichtenfeld, Senden</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Does</source>
        <translation>Wirkung</translation>
    </message>
    <message>
        <source>About Attache</source>
        <translation>Über Attache</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Attache %1&lt;/h3&gt;&lt;p&gt;A desktop AI assistant: one engine for the window, your editors and your scripts, on a local port only this computer can reach.&lt;/p&gt;&lt;p&gt;Licensed under the GNU General Public License, version 3 or later.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Attache %1&lt;/h3&gt;&lt;p&gt;Ein KI-Assistent für den Desktop: eine Engine für das Fenster, Ihre Editoren und Ihre Skripte, an einem lokalen Port, den nur dieser Computer erreicht.&lt;/p&gt;&lt;p&gt;Lizenziert unter der GNU General Public License, Version 3 oder später.&lt;/p&gt;</translation>
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
        <source>Server paused: editors and scripts cannot attach</source>
        <translation>Server pausiert: Editoren und Skripte können sich nicht verbinden</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Nutzung</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>Token reset; attached clients must reconnect.</source>
        <translation>Token zurückgesetzt; verbundene Clients müssen sich neu verbinden.</translation>
    </message>
    <message>
        <source>&amp;Find in the conversation…</source>
        <translation>In der Unterhaltung &amp;suchen…</translation>
    </message>
    <message>
        <source>Go to the &amp;message box</source>
        <translation>Zum &amp;Nachrichtenfeld</translation>
    </message>
    <message>
        <source>&amp;Chat settings…</source>
        <translation>&amp;Chat-Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About Attache</source>
        <translation>Über &amp;Attache</translation>
    </message>
    <message>
        <source>Panels</source>
        <translation>Bereiche</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Close this notice</source>
        <translation>Diesen Hinweis schließen</translation>
    </message>
</context>
<context>
    <name>McpPanel</name>
    <message>
        <source>Add…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <source>Add a server: a program to start, or a URL to reach</source>
        <translation>Einen Server hinzufügen: ein Programm, das gestartet wird, oder eine URL, die erreicht wird</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <source>Stop the server and start it again now</source>
        <translation>Den Server anhalten und sofort wieder starten</translation>
    </message>
    <message>
        <source>MCP servers</source>
        <translation>MCP-Server</translation>
    </message>
    <message>
        <source>Saved in %1</source>
        <translation>Gespeichert in %1</translation>
    </message>
    <message>
        <source>No MCP servers yet. Add one, or write mcp.json as Claude Desktop does.</source>
        <translation>Noch keine MCP-Server. Fügen Sie einen hinzu oder schreiben Sie mcp.json wie für Claude Desktop.</translation>
    </message>
    <message>
        <source>%1: %2 over %3</source>
        <translation>%1: %2 über %3</translation>
    </message>
    <message>
        <source>Speaks MCP %1 (%2 %3)</source>
        <translation>Spricht MCP %1 (%2 %3)</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Letzter Fehler: %1</translation>
    </message>
    <message>
        <source>Trying again in %1 s (restart %2).</source>
        <translation>Neuer Versuch in %1 s (Neustart %2).</translation>
    </message>
    <message>
        <source>Tools: %1</source>
        <translation>Werkzeuge: %1</translation>
    </message>
    <message>
        <source>Remove %1?</source>
        <translation>%1 entfernen?</translation>
    </message>
    <message>
        <source>Stop %1 and remove it from mcp.json?</source>
        <translation>%1 anhalten und aus mcp.json entfernen?</translation>
    </message>
</context>
<context>
    <name>McpServerDialog</name>
    <message>
        <source>Add an MCP server</source>
        <translation>MCP-Server hinzufügen</translation>
    </message>
    <message>
        <source>files</source>
        <translation>dateien</translation>
    </message>
    <message>
        <source>Start a program</source>
        <translation>Ein Programm starten</translation>
    </message>
    <message>
        <source>Reach a URL</source>
        <translation>Eine URL erreichen</translation>
    </message>
    <message>
        <source>NAME=value, one a line; ${VAR} takes it from Attache&apos;s environment</source>
        <translation>NAME=Wert, einer pro Zeile; ${VAR} nimmt den Wert aus Attaches Umgebung</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Type the command that starts the server.</source>
        <translation>Geben Sie den Befehl ein, der den Server startet.</translation>
    </message>
</context>
<context>
    <name>McpServersModel</name>
    <message>
        <source>Starting</source>
        <translation>Startet</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <source>Uncheck to stop it and keep it off (saved in mcp.json).</source>
        <translation>Abwählen, um ihn anzuhalten und aus zu lassen (in mcp.json gespeichert).</translation>
    </message>
    <message>
        <source>Failed, retrying</source>
        <translation>Fehlgeschlagen, neuer Versuch folgt</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Führt aus</translation>
    </message>
</context>
<context>
    <name>OnboardingPage</name>
    <message>
        <source>Welcome to Attache</source>
        <translation>Willkommen bei Attache</translation>
    </message>
    <message>
        <source>Attache needs an AI model to talk to. Connect one of these and the chat opens here; editors and scripts attached to Attache use it too.</source>
        <translation>Attache braucht ein KI-Modell, mit dem es sprechen kann. Richten Sie eine der folgenden Möglichkeiten ein, dann öffnet sich hier der Chat; mit Attache verbundene Editoren und Skripte nutzen das Modell ebenfalls.</translation>
    </message>
    <message>
        <source>Add an API key</source>
        <translation>API-Schlüssel hinzufügen</translation>
    </message>
    <message>
        <source>For a hosted provider: OpenAI, Perplexity, OpenRouter, Groq, Mistral… Paste the key in the Provider panel.</source>
        <translation>Für einen gehosteten Anbieter: OpenAI, Perplexity, OpenRouter, Groq, Mistral … Fügen Sie den Schlüssel im Anbieter-Bereich ein.</translation>
    </message>
    <message>
        <source>Use a local server (Ollama, llama.cpp, LM Studio)</source>
        <translation>Lokalen Server verwenden (Ollama, llama.cpp, LM Studio)</translation>
    </message>
    <message>
        <source>No key and nothing leaves your machine: start the server, then choose it in the Provider panel.</source>
        <translation>Kein Schlüssel nötig, und nichts verlässt Ihren Rechner: Starten Sie den Server und wählen Sie ihn dann im Anbieter-Bereich.</translation>
    </message>
</context>
<context>
    <name>PermissionDialog</name>
    <message>
        <source>Allow %1?</source>
        <translation>%1 erlauben?</translation>
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
    <message>
        <source>Allow %1 without asking until Attache quits</source>
        <translation>%1 ohne Nachfrage erlauben, bis Attache beendet wird</translation>
    </message>
    <message>
        <source>Never ask again for %1; change it back in the tool settings</source>
        <translation>Bei %1 nie mehr nachfragen; lässt sich in den Werkzeugeinstellungen wieder ändern</translation>
    </message>
    <message>
        <source>The assistant wants to create &lt;b&gt;%1&lt;/b&gt; (+%2 lines).</source>
        <translation>Der Assistent möchte &lt;b&gt;%1&lt;/b&gt; anlegen (+%2 Zeilen).</translation>
    </message>
    <message>
        <source>The assistant wants to change &lt;b&gt;%1&lt;/b&gt; (+%2 −%3 lines).</source>
        <translation>Der Assistent möchte &lt;b&gt;%1&lt;/b&gt; ändern (+%2 −%3 Zeilen).</translation>
    </message>
    <message>
        <source>The assistant wants to run a command in the working directory.</source>
        <translation>Der Assistent möchte einen Befehl im Arbeitsverzeichnis ausführen.</translation>
    </message>
    <message>
        <source>The assistant wants to run &lt;b&gt;%1&lt;/b&gt;.</source>
        <translation>Der Assistent möchte &lt;b&gt;%1&lt;/b&gt; ausführen.</translation>
    </message>
    <message>
        <source>%1 Nothing happens until you answer.</source>
        <translation>%1 Bis Sie antworten, geschieht nichts.</translation>
    </message>
    <message>
        <source>Denied automatically in %1:%2 if nobody answers.</source>
        <translation>Wird in %1:%2 automatisch abgelehnt, wenn niemand antwortet.</translation>
    </message>
    <message>
        <source>The assistant wants to run &lt;b&gt;%1&lt;/b&gt; from the MCP server &lt;b&gt;%2&lt;/b&gt;.</source>
        <translation>Der Assistent möchte &lt;b&gt;%1&lt;/b&gt; vom MCP-Server &lt;b&gt;%2&lt;/b&gt; ausführen.</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>nur lesend</translation>
    </message>
    <message>
        <source>destructive</source>
        <translation>zerstörend</translation>
    </message>
    <message>
        <source>not destructive</source>
        <translation>nicht zerstörend</translation>
    </message>
    <message>
        <source>idempotent</source>
        <translation>idempotent</translation>
    </message>
    <message>
        <source>reaches the outside world</source>
        <translation>greift nach außen</translation>
    </message>
    <message>
        <source>The server says the tool is %1; Attache asks all the same.</source>
        <translation>Laut Server ist das Werkzeug %1; Attache fragt trotzdem.</translation>
    </message>
</context>
<context>
    <name>ProviderKeySection</name>
    <message>
        <source>Paste an API key</source>
        <translation>Schlüssel einfügen</translation>
    </message>
    <message>
        <source>Saved in the system&apos;s secret store (GNOME Keyring, KWallet). A key set in the environment wins over it.</source>
        <translation>Wird im Schlüsselbund des Systems gespeichert (GNOME Keyring, KWallet). Ein in der Umgebung gesetzter Schlüssel hat Vorrang.</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Forget key</source>
        <translation>Schlüssel vergessen</translation>
    </message>
    <message>
        <source>Removes the key Attache keeps for this provider, from the secret store and the config file. A key in the environment stays.</source>
        <translation>Entfernt den Schlüssel, den Attache für diesen Anbieter aufbewahrt, aus dem Schlüsselbund und der Konfigurationsdatei. Ein Schlüssel in der Umgebung bleibt erhalten.</translation>
    </message>
    <message>
        <source>Store in config file</source>
        <translation>In Konfigurationsdatei speichern</translation>
    </message>
    <message>
        <source>Writes the key as plain text to Attache&apos;s settings file (readable by you only, 0600). Anyone who can read your files, or a backup of them, can read it.</source>
        <translation>Schreibt den Schlüssel im Klartext in die Einstellungsdatei von Attache (nur für Sie lesbar, 0600). Wer Ihre Dateien oder eine Sicherung davon lesen kann, kann auch ihn lesen.</translation>
    </message>
    <message>
        <source>Key from %1 in the environment; it wins over a key saved here.</source>
        <translation>Schlüssel aus %1 in der Umgebung; er hat Vorrang vor einem hier gespeicherten Schlüssel.</translation>
    </message>
    <message>
        <source>Key in use until Attache quits; it is not stored.</source>
        <translation>Schlüssel in Gebrauch, bis Attache beendet wird; er wird nicht gespeichert.</translation>
    </message>
    <message>
        <source>Key stored in the system&apos;s secret store.</source>
        <translation>Schlüssel im Schlüsselbund des Systems gespeichert.</translation>
    </message>
    <message>
        <source>Key stored in Attache&apos;s config file %1, readable by anyone who can read your files.</source>
        <translation>Schlüssel in der Konfigurationsdatei %1 von Attache gespeichert, lesbar für jeden, der Ihre Dateien lesen kann.</translation>
    </message>
    <message>
        <source>Key from providers.json in Attache&apos;s config folder.</source>
        <translation>Schlüssel aus providers.json im Konfigurationsordner von Attache.</translation>
    </message>
    <message>
        <source>Reading the key from the secret store…</source>
        <translation>Schlüssel wird aus dem Schlüsselbund gelesen …</translation>
    </message>
    <message>
        <source>No key needed by a server of your own; save one if yours asks for it.</source>
        <translation>Ein eigener Server braucht keinen Schlüssel; speichern Sie einen, falls Ihrer danach fragt.</translation>
    </message>
    <message>
        <source>No key: paste one above, or set %1 in the environment.</source>
        <translation>Kein Schlüssel: Fügen Sie oben einen ein oder setzen Sie %1 in der Umgebung.</translation>
    </message>
    <message>
        <source>No key: paste one above.</source>
        <translation>Kein Schlüssel: Fügen Sie oben einen ein.</translation>
    </message>
    <message>
        <source>Keys cannot be stored safely: %1 You can store the key in Attache&apos;s config file instead, but anyone who can read your files can read it there.</source>
        <translation>Schlüssel lassen sich nicht sicher speichern: %1 Sie können den Schlüssel stattdessen in der Konfigurationsdatei von Attache speichern, dort kann ihn aber jeder lesen, der Ihre Dateien lesen kann.</translation>
    </message>
    <message>
        <source>Keys cannot be stored safely: %1 Set %2 in the environment instead, or store the key in Attache&apos;s config file, where anyone who can read your files can read it.</source>
        <translation>Schlüssel lassen sich nicht sicher speichern: %1 Setzen Sie stattdessen %2 in der Umgebung oder speichern Sie den Schlüssel in der Konfigurationsdatei von Attache, wo ihn jeder lesen kann, der Ihre Dateien lesen kann.</translation>
    </message>
    <message>
        <source>Saving the key in the system&apos;s secret store…</source>
        <translation>Schlüssel wird im Schlüsselbund des Systems gespeichert …</translation>
    </message>
    <message>
        <source>Key stored in the config file.</source>
        <translation>Schlüssel in der Konfigurationsdatei gespeichert.</translation>
    </message>
    <message>
        <source>Key forgotten.</source>
        <translation>Schlüssel vergessen.</translation>
    </message>
</context>
<context>
    <name>ProviderPanel</name>
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
        <source>loading…</source>
        <translation>wird geladen …</translation>
    </message>
    <message>
        <source>Showing the catalog&apos;s models: the provider&apos;s list could not be read (%1).</source>
        <translation>Modelle aus dem Katalog: Die Liste des Anbieters ließ sich nicht lesen (%1).</translation>
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
    <message>
        <source>The provider&apos;s API address, including its version path, e.g. http://127.0.0.1:11434/v1 for Ollama. Empty: the address shown in grey.</source>
        <translation>Die API-Adresse des Anbieters einschließlich Versionspfad, z.&#xa0;B. http://127.0.0.1:11434/v1 für Ollama. Leer: die grau angezeigte Adresse.</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>reading key…</source>
        <translation>Schlüssel wird gelesen …</translation>
    </message>
    <message>
        <source>key from environment</source>
        <translation>Schlüssel aus Umgebung</translation>
    </message>
    <message>
        <source>key for this run</source>
        <translation>vorübergehender Schlüssel</translation>
    </message>
    <message>
        <source>key in secret store</source>
        <translation>Schlüssel im Schlüsselbund</translation>
    </message>
    <message>
        <source>key in config file</source>
        <translation>Schlüssel in Konfigurationsdatei</translation>
    </message>
    <message>
        <source>key in providers.json</source>
        <translation>Schlüssel in providers.json</translation>
    </message>
    <message>
        <source>needs key</source>
        <translation>Schlüssel nötig</translation>
    </message>
    <message>
        <source>local</source>
        <translation>lokal</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 in the environment wins: %2</source>
        <translation>%1 in der Umgebung hat Vorrang: %2</translation>
    </message>
    <message>
        <source>Find a local server</source>
        <translation>Lokalen Server suchen</translation>
    </message>
    <message>
        <source>Looks for Ollama, llama.cpp and LM Studio on their default ports and uses the first that answers</source>
        <translation>Sucht Ollama, llama.cpp und LM Studio an ihren Standardports und verwendet den ersten, der antwortet</translation>
    </message>
    <message numerus="yes">
        <source>The server does not list the model in use, %1: choose one of the %n it lists.</source>
        <translation>
            <numerusform>Der Server führt das verwendete Modell %1 nicht auf: Wählen Sie das eine, das er aufführt.</numerusform>
            <numerusform>Der Server führt das verwendete Modell %1 nicht auf: Wählen Sie eines der %n, die er aufführt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Looking for a local server…</source>
        <translation>Suche nach einem lokalen Server…</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1 unter %2</translation>
    </message>
    <message>
        <source>No local server answered (%1). Start one, or enter its address under Server.</source>
        <translation>Kein lokaler Server hat geantwortet (%1). Starten Sie einen, oder tragen Sie seine Adresse unter Server ein.</translation>
    </message>
    <message>
        <source>Found %1 at %2; Attache uses it now.</source>
        <translation>%1 unter %2 gefunden; Attache verwendet ihn jetzt.</translation>
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
    <name>SecondInstance</name>
    <message>
        <source>Attache is running</source>
        <translation>Attache läuft</translation>
    </message>
    <message>
        <source>Attache is already running (%1), but it did not answer (%2); its server may be paused. Open its window from the tray icon, or quit it and start Attache again.</source>
        <translation>Attache läuft bereits (%1), hat aber nicht geantwortet (%2); sein Server ist vielleicht pausiert. Öffnen Sie sein Fenster über das Symbol im Infobereich, oder beenden Sie es und starten Sie Attache erneut.</translation>
    </message>
    <message>
        <source>Attache is already running in the background, without a window (%1). Editors and scripts can use it. To use the window, quit that instance (for example: kill %2), then start Attache again.</source>
        <translation>Attache läuft bereits im Hintergrund, ohne Fenster (%1). Editoren und Skripte können es nutzen. Um das Fenster zu verwenden, beenden Sie diese Instanz (zum Beispiel: kill %2) und starten Sie Attache erneut.</translation>
    </message>
</context>
<context>
    <name>SessionModel</name>
    <message numerus="yes">
        <source>%1
Updated %2 · %n message(s)</source>
        <translation>
            <numerusform>%1
Aktualisiert %2 · %n Nachricht</numerusform>
            <numerusform>%1
Aktualisiert %2 · %n Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
    <message>
        <source>Earlier</source>
        <translation>Früher</translation>
    </message>
</context>
<context>
    <name>SessionPanel</name>
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
    <message>
        <source>Search chats and messages</source>
        <translation>Chats und Nachrichten durchsuchen</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Chats</source>
        <translation>Chats</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>Keine Treffer</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Local server</source>
        <translation>Lokaler Server</translation>
    </message>
    <message>
        <source>Taken by another program, the next free port is used</source>
        <translation>Ist er von einem anderen Programm belegt, wird der nächste freie Port verwendet</translation>
    </message>
    <message>
        <source>Applies on the next start.</source>
        <translation>Gilt ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>Web pages from these origins may use Attache (with the token). Editors and scripts send no origin and need no entry.</source>
        <translation>Webseiten dieser Ursprünge dürfen Attache nutzen (mit dem Token). Editoren und Skripte senden keinen Ursprung und brauchen keinen Eintrag.</translation>
    </message>
    <message>
        <source>e.g. http://localhost:3000</source>
        <translation>z.&#xa0;B. http://localhost:3000</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>&quot;*&quot; at the end matches the rest, as in vscode-webview://*. Applies at once.</source>
        <translation>„*“ am Ende steht für den Rest, wie in vscode-webview://*. Gilt sofort.</translation>
    </message>
    <message>
        <source>Reset token…</source>
        <translation>Token zurücksetzen …</translation>
    </message>
    <message>
        <source>Make a new token; every attached client must reconnect</source>
        <translation>Ein neues Token erzeugen; jeder verbundene Client muss sich neu verbinden</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>Allowed &amp;origins:</source>
        <translation>Erlaubte &amp;Ursprünge:</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>Desktop</translation>
    </message>
    <message>
        <source>Keep running in the system tray when the window closes</source>
        <translation>Beim Schließen des Fensters in der Systemleiste weiterlaufen</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Attache uses the new language after a restart.</source>
        <translation>Attache verwendet die neue Sprache nach einem Neustart.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Design:</translation>
    </message>
    <message>
        <source>Enter an origin, such as vscode-webview://* or http://localhost:3000.</source>
        <translation>Geben Sie einen Ursprung ein, etwa vscode-webview://* oder http://localhost:3000.</translation>
    </message>
    <message>
        <source>&quot;null&quot; is never allowed: sandboxed pages and local files send it, so any page could pass as one.</source>
        <translation>„null“ ist nie erlaubt: Seiten in einer Sandbox und lokale Dateien senden es, daher könnte sich jede Seite als solche ausgeben.</translation>
    </message>
    <message>
        <source>A bare &quot;*&quot; would let every web page use Attache; name the origins you trust instead.</source>
        <translation>Ein bloßes „*“ würde jeder Webseite die Nutzung von Attache erlauben; nennen Sie stattdessen die Ursprünge, denen Sie vertrauen.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an origin: write a scheme and a host with no path, such as http://localhost:3000; only the end may be &quot;*&quot;.</source>
        <translation>„%1“ ist kein Ursprung: Geben Sie ein Schema und einen Host ohne Pfad an, etwa http://localhost:3000; nur das Ende darf „*“ sein.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; would let other web sites in: a web origin may leave only its port open, as in http://localhost:*.</source>
        <translation>„%1“ würde andere Websites zulassen: Ein Web-Ursprung darf nur seinen Port offenlassen, wie in http://localhost:*.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; names no host; write one, such as http://localhost:3000.</source>
        <translation>„%1“ nennt keinen Host; geben Sie einen an, etwa http://localhost:3000.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is already in the list.</source>
        <translation>„%1“ ist bereits in der Liste.</translation>
    </message>
    <message>
        <source>Cannot save the settings</source>
        <translation>Einstellungen können nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Could not write %1. Check that the folder exists and is writable, then try again.</source>
        <translation>%1 ließ sich nicht schreiben. Prüfen Sie, ob der Ordner existiert und beschreibbar ist, und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Token reset; attached clients must reconnect with the new token from the discovery file.</source>
        <translation>Token zurückgesetzt; verbundene Clients müssen sich mit dem neuen Token aus der Discovery-Datei neu verbinden.</translation>
    </message>
    <message>
        <source>Attache runs on port %1 now: %2, as set, was taken. A change applies on the next start.</source>
        <translation>Attache läuft jetzt auf Port %1: %2, wie eingestellt, war belegt. Eine Änderung gilt ab dem nächsten Start.</translation>
    </message>
</context>
<context>
    <name>TokenReset</name>
    <message>
        <source>Reset the token</source>
        <translation>Token zurücksetzen</translation>
    </message>
    <message>
        <source>Give the local server a new token? Every attached editor and script is disconnected at once and must read the new token from the discovery file to attach again.</source>
        <translation>Dem lokalen Server ein neues Token geben? Alle verbundenen Editoren und Skripte werden sofort getrennt und müssen das neue Token aus der Discovery-Datei lesen, um sich wieder zu verbinden.</translation>
    </message>
    <message>
        <source>Reset token</source>
        <translation>Token zurücksetzen</translation>
    </message>
</context>
<context>
    <name>ToolsModel</name>
    <message>
        <source>Allow</source>
        <translation>Erlauben</translation>
    </message>
    <message>
        <source>Ask first</source>
        <translation>Vorher fragen</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Reads files in the working directory.</source>
        <translation>Liest Dateien im Arbeitsverzeichnis.</translation>
    </message>
    <message>
        <source>Changes files in the working directory.</source>
        <translation>Ändert Dateien im Arbeitsverzeichnis.</translation>
    </message>
    <message>
        <source>Runs programs in the working directory.</source>
        <translation>Führt Programme im Arbeitsverzeichnis aus.</translation>
    </message>
    <message>
        <source>%1 Uncheck to keep it from the model.</source>
        <translation>%1 Abwählen, um es dem Modell vorzuenthalten.</translation>
    </message>
    <message>
        <source>%1 Disabled: the model is not offered it.</source>
        <translation>%1 Deaktiviert: Es wird dem Modell nicht angeboten.</translation>
    </message>
    <message>
        <source>Allow: runs without asking. Ask first: every attached client and this window are asked. Deny: never runs.</source>
        <translation>Erlauben: läuft ohne Nachfrage. Vorher fragen: Alle verbundenen Clients und dieses Fenster werden gefragt. Ablehnen: läuft nie.</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Richtlinie</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>From the MCP server &quot;%1&quot;; asks first unless you allow it.</source>
        <translation>Vom MCP-Server „%1“; fragt zuerst, außer Sie erlauben es.</translation>
    </message>
</context>
<context>
    <name>ToolsPanel</name>
    <message>
        <source>Choose…</source>
        <translation>Auswählen …</translation>
    </message>
    <message>
        <source>The folder the model may read, write and run commands in</source>
        <translation>Der Ordner, in dem das Modell lesen, schreiben und Befehle ausführen darf</translation>
    </message>
    <message>
        <source>Attach files named in messages</source>
        <translation>In Nachrichten genannte Dateien anhängen</translation>
    </message>
    <message>
        <source>A word naming a file in the working directory attaches that file, as &quot;@path&quot; always does.</source>
        <translation>Ein Wort, das eine Datei im Arbeitsverzeichnis nennt, hängt diese Datei an, wie es „@Pfad“ immer tut.</translation>
    </message>
    <message>
        <source>Working directory</source>
        <translation>Arbeitsverzeichnis</translation>
    </message>
    <message>
        <source>Tools the model may use</source>
        <translation>Werkzeuge, die das Modell verwenden darf</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>None chosen: the model cannot use tools until you choose one.</source>
        <translation>Kein Ordner gewählt: Das Modell kann keine Werkzeuge verwenden, bis Sie einen wählen.</translation>
    </message>
    <message>
        <source>Commands stop after %1 s; output is cut at %2, files read at %3.</source>
        <translation>Befehle enden nach %1 s; Ausgaben werden bei %2 abgeschnitten, gelesene Dateien bei %3.</translation>
    </message>
    <message>
        <source>Cannot use that folder: %1.</source>
        <translation>Dieser Ordner kann nicht verwendet werden: %1.</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <source>Copy code</source>
        <translation>Code kopieren</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>↓ Jump to latest</source>
        <translation>↓ Zur neuesten Nachricht</translation>
    </message>
    <message>
        <source>Scroll to the newest message</source>
        <translation>Zur neuesten Nachricht blättern</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu erzeugen</translation>
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
<context>
    <name>TurnBuilder</name>
    <message>
        <source>(stopped)</source>
        <translation>(angehalten)</translation>
    </message>
    <message>
        <source>(failed)</source>
        <translation>(fehlgeschlagen)</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Attache</source>
        <translation>Attache</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>läuft …</translation>
    </message>
    <message>
        <source>waiting for your permission</source>
        <translation>wartet auf Ihre Erlaubnis</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message>
        <source>▾ hide details</source>
        <translation>▾ Details ausblenden</translation>
    </message>
    <message>
        <source>▸ details</source>
        <translation>▸ Details</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>Argumente:</translation>
    </message>
    <message>
        <source>No result yet.</source>
        <translation>Noch kein Ergebnis.</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>Fehler:</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>Ergebnis:</translation>
    </message>
    <message>
        <source>Only the first %1 of %2 lines are shown.</source>
        <translation>Nur die ersten %1 von %2 Zeilen werden angezeigt.</translation>
    </message>
    <message>
        <source>Shortened to %1 characters.</source>
        <translation>Auf %1 Zeichen gekürzt.</translation>
    </message>
    <message>
        <source>The tool cut its output at its size limit.</source>
        <translation>Das Werkzeug hat seine Ausgabe an seiner Größenbegrenzung abgeschnitten.</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>stopped, did not run</source>
        <translation>angehalten, nicht ausgeführt</translation>
    </message>
    <message>
        <source>did not run</source>
        <translation>nicht ausgeführt</translation>
    </message>
    <message>
        <source>%1 s to first token</source>
        <translation>%1 s bis zum ersten Token</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 Token/s</translation>
    </message>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n Token</numerusform>
            <numerusform>%n Token</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UsageChart</name>
    <message>
        <source>Tokens in</source>
        <translation>Eingabe-Tokens</translation>
    </message>
    <message>
        <source>Tokens out</source>
        <translation>Ausgabe-Tokens</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weiterer Eintrag</numerusform>
            <numerusform>und %n weitere Einträge</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UsageModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
    <message>
        <source>Includes token counts estimated where the provider reported none.</source>
        <translation>Enthält geschätzte Token-Zahlen, wo der Anbieter keine gemeldet hat.</translation>
    </message>
    <message>
        <source>≈ %1</source>
        <translation>≈ %1</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Tokens in</source>
        <translation>Eingabe-Tokens</translation>
    </message>
    <message>
        <source>Tokens out</source>
        <translation>Ausgabe-Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
</context>
<context>
    <name>UsageView</name>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>Gesamter Zeitraum</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <source>&amp;By:</source>
        <translation>&amp;Nach:</translation>
    </message>
    <message>
        <source>No chats in this period yet.</source>
        <translation>In diesem Zeitraum noch keine Chats.</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 (deleted)</source>
        <translation>%1 (gelöscht)</translation>
    </message>
    <message>
        <source>This window</source>
        <translation>Dieses Fenster</translation>
    </message>
    <message>
        <source>HTTP clients</source>
        <translation>HTTP-Clients</translation>
    </message>
    <message>
        <source>No chats in this period.</source>
        <translation>Keine Chats in diesem Zeitraum.</translation>
    </message>
    <message>
        <source>Requests: %1    Tokens in: %2    Tokens out: %3    Cost: %4</source>
        <translation>Anfragen: %1    Eingabe-Tokens: %2    Ausgabe-Tokens: %3    Kosten: %4</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(unbekannt)</translation>
    </message>
</context>
</TS>
