<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>ChatHeader</name>
    <message>
        <source>The model this chat talks to</source>
        <translation>Le modèle auquel parle cette conversation</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Chat settings…</source>
        <translation>Réglages de la conversation…</translation>
    </message>
    <message>
        <source>This chat&apos;s system prompt, temperature and maximum tokens</source>
        <translation>Prompt système, température et nombre maximal de jetons de cette conversation</translation>
    </message>
    <message>
        <source>Cannot use this model</source>
        <translation>Impossible d’utiliser ce modèle</translation>
    </message>
    <message>
        <source>Chat settings •</source>
        <translation>Réglages de la conversation •</translation>
    </message>
    <message>
        <source>Cannot keep the chat settings</source>
        <translation>Impossible d’enregistrer les réglages de la conversation</translation>
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <source>Ask anything. Replies stream in as they are written.</source>
        <translation>Posez n’importe quelle question. Les réponses s’affichent au fil de leur rédaction.</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Envoyer</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>Stop the reply (Esc)</source>
        <translation>Arrêter la réponse (Échap)</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Vous</translation>
    </message>
    <message>
        <source>Another client</source>
        <translation>Un autre client</translation>
    </message>
    <message>
        <source>VS Code</source>
        <translation>VS Code</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Ligne de commande</translation>
    </message>
    <message>
        <source>Attache</source>
        <translation>Attache</translation>
    </message>
    <message>
        <source>Message Attache — Enter to send, Shift+Enter for a new line, Up for earlier messages</source>
        <translation>Message à Attache — Entrée pour envoyer, Maj+Entrée pour une nouvelle ligne, flèche Haut pour les messages précédents</translation>
    </message>
    <message>
        <source>Code task</source>
        <translation>Tâche de code</translation>
    </message>
    <message>
        <source>Explain, test, document, debug, implement or review the code selected in the conversation, or the code in the message box</source>
        <translation>Expliquer, tester, documenter, déboguer, implémenter ou relire le code sélectionné dans la discussion, ou le code de la zone de saisie</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Régénérer</translation>
    </message>
    <message>
        <source>Code task on the selection</source>
        <translation>Tâche de code sur la sélection</translation>
    </message>
    <message>
        <source>Explain</source>
        <translation>Expliquer</translation>
    </message>
    <message>
        <source>Write tests</source>
        <translation>Écrire des tests</translation>
    </message>
    <message>
        <source>Write documentation</source>
        <translation>Écrire la documentation</translation>
    </message>
    <message>
        <source>Find the bug</source>
        <translation>Trouver le bogue</translation>
    </message>
    <message>
        <source>Implement</source>
        <translation>Implémenter</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Relire</translation>
    </message>
    <message>
        <source>Select code in the conversation, or paste it into the message box, then choose the task again.</source>
        <translation>Sélectionnez du code dans la discussion ou collez-le dans la zone de saisie, puis choisissez de nouveau la tâche.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Open the Provider panel</source>
        <translation>Ouvrir le panneau Fournisseur</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Attach…</source>
        <translation>Joindre…</translation>
    </message>
    <message>
        <source>Attach files to the message (or drop them on it); they are sent as @path references</source>
        <translation>Joindre des fichiers au message (ou les y déposer) ; ils sont envoyés comme références @chemin</translation>
    </message>
    <message>
        <source>Ask again for the last reply; the earlier answer is kept (Ctrl+R)</source>
        <translation>Redemander la dernière réponse ; la précédente est conservée (Ctrl+R)</translation>
    </message>
    <message>
        <source>Editing a message: sending replaces it and everything after it. Esc cancels.</source>
        <translation>Modification d’un message : l’envoi le remplace, ainsi que tout ce qui suit. Échap annule.</translation>
    </message>
    <message>
        <source>Delete this message and the reply to it? This cannot be undone.</source>
        <translation>Supprimer ce message et sa réponse ? Cette action est irréversible.</translation>
    </message>
    <message>
        <source>Delete this reply? This cannot be undone.</source>
        <translation>Supprimer cette réponse ? Cette action est irréversible.</translation>
    </message>
    <message>
        <source>Delete message</source>
        <translation>Supprimer le message</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Joindre des fichiers</translation>
    </message>
    <message>
        <source>Not attached (a space in the path cannot be referenced): %1</source>
        <translation>Non joint (un chemin contenant une espace ne peut pas être référencé) : %1</translation>
    </message>
</context>
<context>
    <name>ChatSettingsDialog</name>
    <message>
        <source>Chat settings</source>
        <translation>Réglages de la conversation</translation>
    </message>
    <message>
        <source>For &quot;%1&quot; only; kept with the chat and sent with each of its messages.</source>
        <translation>Pour « %1 » seulement ; conservés avec la conversation et envoyés avec chacun de ses messages.</translation>
    </message>
    <message>
        <source>For example: Answer briefly, in German.</source>
        <translation>Par exemple : Réponds brièvement, en français.</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Température</translation>
    </message>
    <message>
        <source>Lower is more focused, higher more varied (0–2).</source>
        <translation>Plus bas est plus précis, plus haut plus varié (0–2).</translation>
    </message>
    <message>
        <source>Maximum tokens</source>
        <translation>Jetons maximum</translation>
    </message>
    <message>
        <source>The longest a reply may be.</source>
        <translation>La longueur maximale d’une réponse.</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Prompt système</translation>
    </message>
    <message>
        <source>Unchecked: the provider&apos;s default.</source>
        <translation>Décoché : la valeur par défaut du fournisseur.</translation>
    </message>
</context>
<context>
    <name>ClientsModel</name>
    <message>
        <source>Window</source>
        <translation>Fenêtre</translation>
    </message>
    <message>
        <source>VS Code</source>
        <translation>VS Code</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Ligne de commande</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Autre</translation>
    </message>
    <message>
        <source>in this process</source>
        <translation>dans ce processus</translation>
    </message>
    <message>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <source>standard input and output</source>
        <translation>entrée et sortie standard</translation>
    </message>
    <message>
        <source>event stream</source>
        <translation>flux d’événements</translation>
    </message>
    <message>
        <source>%1 over %2
Attached %3, last heard from %4</source>
        <translation>%1 via %2
Connecté le %3, dernier contact le %4</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Depuis</translation>
    </message>
</context>
<context>
    <name>ClientsPanel</name>
    <message>
        <source>Copy VS Code snippet</source>
        <translation>Copier l’extrait VS Code</translation>
    </message>
    <message>
        <source>Settings for VS Code naming this server and where its token is</source>
        <translation>Paramètres pour VS Code indiquant ce serveur et l’emplacement de son token</translation>
    </message>
    <message>
        <source>Copy curl snippet</source>
        <translation>Copier l’extrait curl</translation>
    </message>
    <message>
        <source>A chat from a terminal; the token is read from the discovery file when the command runs</source>
        <translation>Une discussion depuis un terminal&#xa0;; le token est lu dans le fichier de découverte à l’exécution de la commande</translation>
    </message>
    <message>
        <source>Reset token…</source>
        <translation>Réinitialiser le token…</translation>
    </message>
    <message>
        <source>Make a new token; every attached client must reconnect</source>
        <translation>Créer un nouveau token&#xa0;; chaque client connecté doit se reconnecter</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adresse&#xa0;:</translation>
    </message>
    <message>
        <source>Token file:</source>
        <translation>Fichier du token&#xa0;:</translation>
    </message>
    <message>
        <source>The local server is not running: nothing can attach.</source>
        <translation>Le serveur local n’est pas démarré&#xa0;: rien ne peut s’y connecter.</translation>
    </message>
    <message>
        <source>Where editors and scripts attach</source>
        <translation>L’adresse où se connectent les éditeurs et les scripts</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
    <message>
        <source>Clients read the token from this file, readable by you alone; the token changes at every start</source>
        <translation>Les clients lisent le token dans ce fichier, lisible par vous seul&#xa0;; le token change à chaque démarrage</translation>
    </message>
    <message>
        <source>// Attache: the token is read from the discovery file; it changes at every start.</source>
        <translation>// Attache&#xa0;: le token est lu dans le fichier de découverte&#xa0;; il change à chaque démarrage.</translation>
    </message>
    <message>
        <source>Copied settings for VS Code: paste them into settings.json.</source>
        <translation>Paramètres pour VS Code copiés&#xa0;: collez-les dans settings.json.</translation>
    </message>
    <message>
        <source>Copied a curl command: paste it into a terminal (it needs jq).</source>
        <translation>Commande curl copiée&#xa0;: collez-la dans un terminal (elle nécessite jq).</translation>
    </message>
    <message>
        <source>Token reset; attached clients must reconnect with the new token from %1.</source>
        <translation>Token réinitialisé&#xa0;; les clients connectés doivent se reconnecter avec le nouveau token de %1.</translation>
    </message>
</context>
<context>
    <name>Engine</name>
    <message>
        <source>cannot write: %1</source>
        <translation>impossible d’écrire&#xa0;: %1</translation>
    </message>
    <message>
        <source>replaces %1 (%2 bytes, binary or too large to compare) with %3 bytes of text</source>
        <translation>remplace %1 (%2 octets, binaire ou trop grand pour être comparé) par %3 octets de texte</translation>
    </message>
    <message>
        <source>no change: %1 already has this content</source>
        <translation>aucun changement&#xa0;: %1 a déjà ce contenu</translation>
    </message>
    <message>
        <source>creates the empty file %1</source>
        <translation>crée le fichier vide %1</translation>
    </message>
    <message>
        <source>Reads a UTF-8 text file in the workspace and returns its content. The path is relative to the workspace root; use offset (first line, 1-based) and limit (number of lines) to read part of a large file.</source>
        <translation>Lit un fichier texte UTF-8 de l’espace de travail et renvoie son contenu. Le chemin est relatif à la racine de l’espace de travail&#xa0;; offset (première ligne, à partir de 1) et limit (nombre de lignes) en lisent une partie quand le fichier est gros.</translation>
    </message>
    <message>
        <source>Lists the entries of one folder in the workspace (not recursive), sorted by name: folders end with &quot;/&quot;, files show their size in bytes. The path is relative to the workspace root and defaults to the root itself.</source>
        <translation>Liste les entrées d’un dossier de l’espace de travail (sans récursion), triées par nom&#xa0;: les dossiers se terminent par «&#xa0;/&#xa0;», les fichiers indiquent leur taille en octets. Le chemin est relatif à la racine de l’espace de travail&#xa0;; par défaut, c’est la racine elle-même.</translation>
    </message>
    <message>
        <source>Runs a program in the workspace root and returns its exit code and combined output. argv is the program and its arguments as separate strings, e.g. [&quot;git&quot;, &quot;status&quot;]; no shell is used, so pipes, redirection, globs and variables are not expanded.</source>
        <translation>Exécute un programme à la racine de l’espace de travail et renvoie son code de sortie et sa sortie combinée. argv est le programme et ses arguments, chacun dans sa propre chaîne, par ex. [&quot;git&quot;, &quot;status&quot;]&#xa0;; aucun shell n’est utilisé&#xa0;: tubes, redirections, globs et variables ne sont pas développés.</translation>
    </message>
    <message>
        <source>Searches the text files under a workspace folder for a literal string (not a regular expression) and returns matching lines as &quot;path:line: text&quot;, paths relative to the workspace root. Skips .git and other version-control folders, binary files and files over 2 MiB; glob (e.g. &quot;*.cpp&quot;) limits which file names are searched.</source>
        <translation>Cherche une chaîne littérale (pas une expression régulière) dans les fichiers texte sous un dossier de l’espace de travail et renvoie les lignes trouvées sous la forme «&#xa0;chemin:ligne: texte&#xa0;», chemins relatifs à la racine de l’espace de travail. Ignore .git et les autres dossiers de gestion de versions, les fichiers binaires et ceux de plus de 2&#xa0;Mio&#xa0;; glob (par ex. «&#xa0;*.cpp&#xa0;») limite les noms de fichiers parcourus.</translation>
    </message>
    <message>
        <source>Creates a text file in the workspace or replaces its whole content (missing folders are created). The path is relative to the workspace root; the user may be shown the change as a diff and asked to approve it first.</source>
        <translation>Crée un fichier texte dans l’espace de travail ou remplace tout son contenu (les dossiers manquants sont créés). Le chemin est relatif à la racine de l’espace de travail&#xa0;; la modification peut d’abord être montrée à l’utilisateur sous forme de diff, pour qu’il l’approuve.</translation>
    </message>
    <message>
        <source>A reply is still being written in this session; stop it or wait for it to finish, then regenerate.</source>
        <translation>Une réponse est encore en cours dans cette session ; arrêtez-la ou attendez sa fin, puis régénérez.</translation>
    </message>
    <message>
        <source>There is no key to store: paste the key first.</source>
        <translation>Aucune clé à enregistrer&#xa0;: collez d’abord la clé.</translation>
    </message>
    <message>
        <source>The key could not be written to %1.</source>
        <translation>Impossible d’écrire la clé dans %1.</translation>
    </message>
    <message>
        <source>The key could not be removed from %1.</source>
        <translation>Impossible de retirer la clé de %1.</translation>
    </message>
    <message>
        <source>Attache no longer uses the key, but it is still in the secret service: %1</source>
        <translation>Attache n’utilise plus la clé, mais elle se trouve encore dans le trousseau&#xa0;: %1</translation>
    </message>
    <message>
        <source>The secret service did not answer within %1 s.</source>
        <translation>Le service de secrets n’a pas répondu en %1 s.</translation>
    </message>
    <message>
        <source>Access to the secret service was declined.</source>
        <translation>L’accès au trousseau a été refusé.</translation>
    </message>
    <message>
        <source>The secret service is locked (%1).</source>
        <translation>Le trousseau est verrouillé (%1).</translation>
    </message>
    <message>
        <source>No secret service (such as GNOME Keyring or KWallet) is running.</source>
        <translation>Aucun trousseau (comme GNOME Keyring ou KWallet) n’est en cours d’exécution.</translation>
    </message>
    <message>
        <source>The key could not be removed from the secret service (%1).</source>
        <translation>Impossible de retirer la clé du trousseau (%1).</translation>
    </message>
    <message>
        <source>No secret service could be reached (%1).</source>
        <translation>Aucun trousseau n’a pu être joint (%1).</translation>
    </message>
    <message>
        <source>%1 sent its reply compressed (%2) although Attache asked for it uncompressed. Check that the base URL points at the API itself, not at a proxy that rewrites replies.</source>
        <translation>%1 a envoyé sa réponse compressée (%2) alors qu’Attache l’a demandée non compressée. Vérifiez que l’URL de base pointe vers l’API elle-même, et non vers un proxy qui réécrit les réponses.</translation>
    </message>
    <message>
        <source>%1 answered with something Attache cannot read as HTTP (%2). Check that the base URL points at an OpenAI-compatible API.</source>
        <translation>%1 a répondu par quelque chose qu’Attache ne peut pas lire comme du HTTP (%2). Vérifiez que l’URL de base pointe vers une API compatible OpenAI.</translation>
    </message>
    <message>
        <source>%1 answered HTTP %2, a redirect to &quot;%3&quot;. Set the base URL to the address it points to.</source>
        <translation>%1 a répondu HTTP %2, une redirection vers «&#xa0;%3&#xa0;». Indiquez comme URL de base l’adresse vers laquelle elle pointe.</translation>
    </message>
    <message>
        <source>There is already a session named &quot;%1&quot;; pick another name.</source>
        <translation>Une session nommée « %1 » existe déjà ; choisissez un autre nom.</translation>
    </message>
    <message>
        <source>Session &quot;%1&quot; has a reply streaming; stop it first.</source>
        <translation>Une réponse est en cours dans la session « %1 » ; arrêtez-la d’abord.</translation>
    </message>
    <message>
        <source>Cannot open the session database %1: %2</source>
        <translation>Impossible d’ouvrir la base des sessions %1 : %2</translation>
    </message>
    <message>
        <source>Cannot create %1; sessions are kept in memory only.</source>
        <translation>Impossible de créer %1 ; les sessions sont gardées en mémoire seulement.</translation>
    </message>
    <message>
        <source>The session database %1 was written by a newer Attache (schema %2); update Attache to open it.</source>
        <translation>La base des sessions %1 a été écrite par un Attache plus récent (schéma %2) ; mettez Attache à jour pour l’ouvrir.</translation>
    </message>
    <message>
        <source>Cannot prepare the session database %1: %2</source>
        <translation>Impossible de préparer la base des sessions %1 : %2</translation>
    </message>
    <message>
        <source>The disk that holds the session database is full; free some space and try again.</source>
        <translation>Le disque qui contient la base des sessions est plein ; libérez de la place et réessayez.</translation>
    </message>
    <message>
        <source>The session database could not be read or written; Attache&apos;s log says why.</source>
        <translation>La base des sessions n’a pas pu être lue ou écrite ; le journal d’Attache en donne la raison.</translation>
    </message>
    <message>
        <source>Permission request %1 was already answered.</source>
        <translation>La demande d’autorisation %1 a déjà reçu une réponse.</translation>
    </message>
    <message>
        <source>The temperature goes from 0 to 2.</source>
        <translation>La température va de 0 à 2.</translation>
    </message>
    <message>
        <source>The maximum of tokens must be at least 1.</source>
        <translation>Le maximum de jetons doit être d’au moins 1.</translation>
    </message>
    <message>
        <source>A reply is still being written in this session; stop it or wait for it to finish.</source>
        <translation>Une réponse est encore en cours d’écriture dans cette session ; arrêtez-la ou attendez qu’elle se termine.</translation>
    </message>
</context>
<context>
    <name>ErrorHelp</name>
    <message>
        <source>No AI provider is set up.</source>
        <translation>Aucun fournisseur d’IA n’est configuré.</translation>
    </message>
    <message>
        <source>The provider needs an API key.</source>
        <translation>Le fournisseur a besoin d’une clé d’API.</translation>
    </message>
    <message>
        <source>The provider rejected the API key.</source>
        <translation>Le fournisseur a refusé la clé d’API.</translation>
    </message>
    <message>
        <source>The provider is limiting how often it may be asked.</source>
        <translation>Le fournisseur limite la fréquence des requêtes.</translation>
    </message>
    <message>
        <source>The provider did not answer in time.</source>
        <translation>Le fournisseur n’a pas répondu à temps.</translation>
    </message>
    <message>
        <source>The provider could not give a reply.</source>
        <translation>Le fournisseur n’a pas pu fournir de réponse.</translation>
    </message>
    <message>
        <source>The provider&apos;s answer could not be read.</source>
        <translation>La réponse du fournisseur n’a pas pu être lue.</translation>
    </message>
    <message>
        <source>The chosen model or provider is not known.</source>
        <translation>Le modèle ou le fournisseur choisi est inconnu.</translation>
    </message>
    <message>
        <source>The reply failed.</source>
        <translation>La réponse a échoué.</translation>
    </message>
    <message>
        <source>Add an API key in the Provider panel, or use a local server such as Ollama, llama.cpp or LM Studio.</source>
        <translation>Ajoutez une clé d’API dans le panneau Fournisseur, ou utilisez un serveur local comme Ollama, llama.cpp ou LM Studio.</translation>
    </message>
    <message>
        <source>Add a key in the Provider panel or set %1 and restart Attache.</source>
        <translation>Ajoutez une clé dans le panneau Fournisseur ou définissez %1 et redémarrez Attache.</translation>
    </message>
    <message>
        <source>Check the key in the Provider panel (it may be mistyped, expired or revoked) or set a valid one in %1, then regenerate the reply.</source>
        <translation>Vérifiez la clé dans le panneau Fournisseur (elle est peut-être mal saisie, expirée ou révoquée) ou définissez-en une valide dans %1, puis régénérez la réponse.</translation>
    </message>
    <message>
        <source>Wait %1 s, as the provider asks, then regenerate the reply.</source>
        <translation>Patientez %1 s, comme le demande le fournisseur, puis régénérez la réponse.</translation>
    </message>
    <message>
        <source>Wait a moment, then regenerate the reply, or pick another model in the Provider panel.</source>
        <translation>Patientez un instant, puis régénérez la réponse, ou choisissez un autre modèle dans le panneau Fournisseur.</translation>
    </message>
    <message>
        <source>Check your network connection, or that your local model server is running, then regenerate the reply.</source>
        <translation>Vérifiez votre connexion réseau, ou que votre serveur de modèles local est démarré, puis régénérez la réponse.</translation>
    </message>
    <message>
        <source>Check the model and the server address in the Provider panel; if they are right, the provider may be having trouble: regenerate the reply in a moment.</source>
        <translation>Vérifiez le modèle et l’adresse du serveur dans le panneau Fournisseur&#xa0;; s’ils sont corrects, le fournisseur rencontre peut-être des difficultés&#xa0;: régénérez la réponse dans un instant.</translation>
    </message>
    <message>
        <source>Make sure the server address points at an Anthropic-compatible API (its root, without /v1), then regenerate the reply.</source>
        <translation>Assurez-vous que l’adresse du serveur pointe vers une API compatible Anthropic (sa racine, sans /v1), puis régénérez la réponse.</translation>
    </message>
    <message>
        <source>Make sure the server address points at an OpenAI-compatible API (it usually ends in /v1), then regenerate the reply.</source>
        <translation>Assurez-vous que l’adresse du serveur pointe vers une API compatible OpenAI (elle se termine généralement par /v1), puis régénérez la réponse.</translation>
    </message>
    <message>
        <source>Pick another model or provider in the Provider panel.</source>
        <translation>Choisissez un autre modèle ou fournisseur dans le panneau Fournisseur.</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in the conversation</source>
        <translation>Rechercher dans la conversation</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>Occurrence précédente (Maj+Entrée)</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>Occurrence suivante (Entrée)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Fermer (Échap)</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>Aucun résultat</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n occurrence</numerusform>
            <numerusform>%n occurrences</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HelpDialogs</name>
    <message>
        <source>Enter</source>
        <translation>Entrée</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>Envoyer le message</translation>
    </message>
    <message>
        <source>Shift+Enter</source>
        <translation>Maj+Entrée</translation>
    </message>
    <message>
        <source>New line in the message</source>
        <translation>Nouvelle ligne dans le message</translation>
    </message>
    <message>
        <source>Up, Down</source>
        <translation>Haut, Bas</translation>
    </message>
    <message>
        <source>Earlier messages, in an empty message box</source>
        <translation>Messages précédents, dans une zone de message vide</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Échap</translation>
    </message>
    <message>
        <source>Stop the reply; cancel an edit</source>
        <translation>Arrêter la réponse ; annuler une modification</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Nouvelle conversation</translation>
    </message>
    <message>
        <source>Regenerate the last reply</source>
        <translation>Régénérer la dernière réponse</translation>
    </message>
    <message>
        <source>Find in the conversation</source>
        <translation>Rechercher dans la conversation</translation>
    </message>
    <message>
        <source>Go to the message box</source>
        <translation>Aller à la zone de message</translation>
    </message>
    <message>
        <source>Show or hide the chats</source>
        <translation>Afficher ou masquer les conversations</translation>
    </message>
    <message>
        <source>Show or hide the provider</source>
        <translation>Afficher ou masquer le fournisseur</translation>
    </message>
    <message>
        <source>Show or hide the tools</source>
        <translation>Afficher ou masquer les outils</translation>
    </message>
    <message>
        <source>Show or hide the usage</source>
        <translation>Afficher ou masquer la consommation</translation>
    </message>
    <message>
        <source>F2</source>
        <translation>F2</translation>
    </message>
    <message>
        <source>Rename the selected chat</source>
        <translation>Renommer la conversation sélectionnée</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Delete the selected chat</source>
        <translation>Supprimer la conversation sélectionnée</translation>
    </message>
    <message>
        <source>Tab, Shift+Tab</source>
        <translation>Tab, Maj+Tab</translation>
    </message>
    <message>
        <source>Chats, conversation, message box, Send</source>
        <translation>Conversations, fil, zone de message, Envoyer</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Réglages</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Touches</translation>
    </message>
    <message>
        <source>Does</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>About Attache</source>
        <translation>À propos d’Attache</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Attache %1&lt;/h3&gt;&lt;p&gt;A desktop AI assistant: one engine for the window, your editors and your scripts, on a local port only this computer can reach.&lt;/p&gt;&lt;p&gt;Licensed under the GNU General Public License, version 3 or later.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Attache %1&lt;/h3&gt;&lt;p&gt;Un assistant IA pour le bureau : un seul moteur pour la fenêtre, vos éditeurs et vos scripts, sur un port local que seul cet ordinateur peut joindre.&lt;/p&gt;&lt;p&gt;Sous licence GNU General Public License, version 3 ou ultérieure.&lt;/p&gt;</translation>
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
        <translation>Fenêtre d’Attache</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sessions</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>No provider set up</source>
        <translation>Aucun fournisseur configuré</translation>
    </message>
    <message>
        <source>&amp;Show Attache</source>
        <translation>&amp;Afficher Attache</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>&amp;Nouvelle discussion</translation>
    </message>
    <message>
        <source>&amp;Pause server</source>
        <translation>Mettre le serveur en &amp;pause</translation>
    </message>
    <message>
        <source>Stop answering editors and scripts for now; the window keeps working.</source>
        <translation>Ne plus répondre aux éditeurs ni aux scripts pour l’instant&#xa0;; la fenêtre reste utilisable.</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>No system tray: closing the window quits Attache.</source>
        <translation>Pas de zone de notification&#xa0;: fermer la fenêtre quitte Attache.</translation>
    </message>
    <message>
        <source>Attache keeps running</source>
        <translation>Attache reste actif</translation>
    </message>
    <message>
        <source>Editors stay attached. Open the window from the tray icon; quit from its menu.</source>
        <translation>Les éditeurs restent connectés. Rouvrez la fenêtre depuis l’icône de la zone de notification&#xa0;; quittez depuis son menu.</translation>
    </message>
    <message>
        <source>Server paused: editors and scripts cannot attach</source>
        <translation>Serveur en pause&#xa0;: les éditeurs et les scripts ne peuvent pas se connecter</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>Outils</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Utilisation</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <source>Token reset; attached clients must reconnect.</source>
        <translation>Token réinitialisé&#xa0;; les clients connectés doivent se reconnecter.</translation>
    </message>
    <message>
        <source>&amp;Find in the conversation…</source>
        <translation>&amp;Rechercher dans la conversation…</translation>
    </message>
    <message>
        <source>Go to the &amp;message box</source>
        <translation>Aller à la zone de &amp;message</translation>
    </message>
    <message>
        <source>&amp;Chat settings…</source>
        <translation>Réglages de la &amp;conversation…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <source>&amp;About Attache</source>
        <translation>À &amp;propos d’Attache</translation>
    </message>
    <message>
        <source>Panels</source>
        <translation>Panneaux</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Close this notice</source>
        <translation>Fermer cet avis</translation>
    </message>
</context>
<context>
    <name>McpPanel</name>
    <message>
        <source>Add…</source>
        <translation>Ajouter…</translation>
    </message>
    <message>
        <source>Add a server: a program to start, or a URL to reach</source>
        <translation>Ajouter un serveur : un programme à lancer ou une URL à joindre</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Redémarrer</translation>
    </message>
    <message>
        <source>Stop the server and start it again now</source>
        <translation>Arrêter le serveur et le relancer maintenant</translation>
    </message>
    <message>
        <source>MCP servers</source>
        <translation>Serveurs MCP</translation>
    </message>
    <message>
        <source>Saved in %1</source>
        <translation>Enregistré dans %1</translation>
    </message>
    <message>
        <source>No MCP servers yet. Add one, or write mcp.json as Claude Desktop does.</source>
        <translation>Aucun serveur MCP pour l’instant. Ajoutez-en un, ou écrivez mcp.json comme pour Claude Desktop.</translation>
    </message>
    <message>
        <source>%1: %2 over %3</source>
        <translation>%1 : %2 via %3</translation>
    </message>
    <message>
        <source>Speaks MCP %1 (%2 %3)</source>
        <translation>Parle MCP %1 (%2 %3)</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Dernière erreur : %1</translation>
    </message>
    <message>
        <source>Trying again in %1 s (restart %2).</source>
        <translation>Nouvel essai dans %1 s (redémarrage %2).</translation>
    </message>
    <message>
        <source>Tools: %1</source>
        <translation>Outils : %1</translation>
    </message>
    <message>
        <source>Remove %1?</source>
        <translation>Supprimer %1 ?</translation>
    </message>
    <message>
        <source>Stop %1 and remove it from mcp.json?</source>
        <translation>Arrêter %1 et le retirer de mcp.json ?</translation>
    </message>
</context>
<context>
    <name>McpServerDialog</name>
    <message>
        <source>Add an MCP server</source>
        <translation>Ajouter un serveur MCP</translation>
    </message>
    <message>
        <source>files</source>
        <translation>fichiers</translation>
    </message>
    <message>
        <source>Start a program</source>
        <translation>Lancer un programme</translation>
    </message>
    <message>
        <source>Reach a URL</source>
        <translation>Joindre une URL</translation>
    </message>
    <message>
        <source>NAME=value, one a line; ${VAR} takes it from Attache&apos;s environment</source>
        <translation>NOM=valeur, une par ligne ; ${VAR} prend la valeur dans l’environnement d’Attache</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <source>Type the command that starts the server.</source>
        <translation>Saisissez la commande qui lance le serveur.</translation>
    </message>
</context>
<context>
    <name>McpServersModel</name>
    <message>
        <source>Starting</source>
        <translation>Démarrage</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Prêt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>En échec</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Désactivé</translation>
    </message>
    <message>
        <source>Uncheck to stop it and keep it off (saved in mcp.json).</source>
        <translation>Décochez pour l’arrêter et le garder éteint (enregistré dans mcp.json).</translation>
    </message>
    <message>
        <source>Failed, retrying</source>
        <translation>En échec, nouvel essai prévu</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>Outils</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Exécute</translation>
    </message>
</context>
<context>
    <name>OnboardingPage</name>
    <message>
        <source>Welcome to Attache</source>
        <translation>Bienvenue dans Attache</translation>
    </message>
    <message>
        <source>Attache needs an AI model to talk to. Connect one of these and the chat opens here; editors and scripts attached to Attache use it too.</source>
        <translation>Attache a besoin d’un modèle d’IA avec lequel dialoguer. Configurez l’une des options ci-dessous et la discussion s’ouvrira ici&#xa0;; les éditeurs et les scripts connectés à Attache utilisent aussi ce modèle.</translation>
    </message>
    <message>
        <source>Add an API key</source>
        <translation>Ajouter une clé d’API</translation>
    </message>
    <message>
        <source>For a hosted provider: OpenAI, Perplexity, OpenRouter, Groq, Mistral… Paste the key in the Provider panel.</source>
        <translation>Pour un fournisseur hébergé&#xa0;: OpenAI, Perplexity, OpenRouter, Groq, Mistral… Collez la clé dans le panneau Fournisseur.</translation>
    </message>
    <message>
        <source>Use a local server (Ollama, llama.cpp, LM Studio)</source>
        <translation>Utiliser un serveur local (Ollama, llama.cpp, LM Studio)</translation>
    </message>
    <message>
        <source>No key and nothing leaves your machine: start the server, then choose it in the Provider panel.</source>
        <translation>Aucune clé, et rien ne quitte votre machine&#xa0;: démarrez le serveur, puis choisissez-le dans le panneau Fournisseur.</translation>
    </message>
</context>
<context>
    <name>PermissionDialog</name>
    <message>
        <source>Allow %1?</source>
        <translation>Autoriser %1&#xa0;?</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Arguments</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Modifications</translation>
    </message>
    <message>
        <source>Allow once</source>
        <translation>Autoriser une fois</translation>
    </message>
    <message>
        <source>Allow for this session</source>
        <translation>Autoriser pour cette session</translation>
    </message>
    <message>
        <source>Always allow %1</source>
        <translation>Toujours autoriser %1</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>Refuser</translation>
    </message>
    <message>
        <source>Allow %1 without asking until Attache quits</source>
        <translation>Autoriser %1 sans demander jusqu’à la fermeture d’Attache</translation>
    </message>
    <message>
        <source>Never ask again for %1; change it back in the tool settings</source>
        <translation>Ne plus jamais demander pour %1&#xa0;; modifiable ensuite dans les paramètres des outils</translation>
    </message>
    <message>
        <source>The assistant wants to create &lt;b&gt;%1&lt;/b&gt; (+%2 lines).</source>
        <translation>L’assistant veut créer &lt;b&gt;%1&lt;/b&gt; (+%2 lignes).</translation>
    </message>
    <message>
        <source>The assistant wants to change &lt;b&gt;%1&lt;/b&gt; (+%2 −%3 lines).</source>
        <translation>L’assistant veut modifier &lt;b&gt;%1&lt;/b&gt; (+%2 −%3 lignes).</translation>
    </message>
    <message>
        <source>The assistant wants to run a command in the working directory.</source>
        <translation>L’assistant veut exécuter une commande dans le dossier de travail.</translation>
    </message>
    <message>
        <source>The assistant wants to run &lt;b&gt;%1&lt;/b&gt;.</source>
        <translation>L’assistant veut exécuter &lt;b&gt;%1&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>%1 Nothing happens until you answer.</source>
        <translation>%1 Rien ne se passe tant que vous n’avez pas répondu.</translation>
    </message>
    <message>
        <source>Denied automatically in %1:%2 if nobody answers.</source>
        <translation>Refus automatique dans %1:%2 si personne ne répond.</translation>
    </message>
    <message>
        <source>The assistant wants to run &lt;b&gt;%1&lt;/b&gt; from the MCP server &lt;b&gt;%2&lt;/b&gt;.</source>
        <translation>L’assistant veut exécuter &lt;b&gt;%1&lt;/b&gt; du serveur MCP &lt;b&gt;%2&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>en lecture seule</translation>
    </message>
    <message>
        <source>destructive</source>
        <translation>destructif</translation>
    </message>
    <message>
        <source>not destructive</source>
        <translation>non destructif</translation>
    </message>
    <message>
        <source>idempotent</source>
        <translation>idempotent</translation>
    </message>
    <message>
        <source>reaches the outside world</source>
        <translation>accède au monde extérieur</translation>
    </message>
    <message>
        <source>The server says the tool is %1; Attache asks all the same.</source>
        <translation>Selon le serveur, l’outil est %1 ; Attache demande quand même.</translation>
    </message>
</context>
<context>
    <name>ProviderKeySection</name>
    <message>
        <source>Paste an API key</source>
        <translation>Collez la clé</translation>
    </message>
    <message>
        <source>Saved in the system&apos;s secret store (GNOME Keyring, KWallet). A key set in the environment wins over it.</source>
        <translation>Enregistrée dans le trousseau du système (GNOME Keyring, KWallet). Une clé définie dans l’environnement a la priorité.</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Clé d’API</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Forget key</source>
        <translation>Oublier la clé</translation>
    </message>
    <message>
        <source>Removes the key Attache keeps for this provider, from the secret store and the config file. A key in the environment stays.</source>
        <translation>Retire la clé qu’Attache conserve pour ce fournisseur, du trousseau et du fichier de configuration. Une clé dans l’environnement est conservée.</translation>
    </message>
    <message>
        <source>Store in config file</source>
        <translation>Enregistrer dans le fichier de configuration</translation>
    </message>
    <message>
        <source>Writes the key as plain text to Attache&apos;s settings file (readable by you only, 0600). Anyone who can read your files, or a backup of them, can read it.</source>
        <translation>Écrit la clé en clair dans le fichier de paramètres d’Attache (lisible par vous seul, 0600). Quiconque peut lire vos fichiers, ou une sauvegarde de ceux-ci, peut la lire.</translation>
    </message>
    <message>
        <source>Key from %1 in the environment; it wins over a key saved here.</source>
        <translation>Clé issue de %1 dans l’environnement&#xa0;; elle a priorité sur une clé enregistrée ici.</translation>
    </message>
    <message>
        <source>Key in use until Attache quits; it is not stored.</source>
        <translation>Clé utilisée jusqu’à la fermeture d’Attache&#xa0;; elle n’est pas enregistrée.</translation>
    </message>
    <message>
        <source>Key stored in the system&apos;s secret store.</source>
        <translation>Clé enregistrée dans le trousseau du système.</translation>
    </message>
    <message>
        <source>Key stored in Attache&apos;s config file %1, readable by anyone who can read your files.</source>
        <translation>Clé enregistrée dans le fichier de configuration d’Attache %1, lisible par quiconque peut lire vos fichiers.</translation>
    </message>
    <message>
        <source>Key from providers.json in Attache&apos;s config folder.</source>
        <translation>Clé issue de providers.json dans le dossier de configuration d’Attache.</translation>
    </message>
    <message>
        <source>Reading the key from the secret store…</source>
        <translation>Lecture de la clé dans le trousseau…</translation>
    </message>
    <message>
        <source>No key needed by a server of your own; save one if yours asks for it.</source>
        <translation>Un serveur personnel n’a pas besoin de clé&#xa0;; enregistrez-en une si le vôtre en demande.</translation>
    </message>
    <message>
        <source>No key: paste one above, or set %1 in the environment.</source>
        <translation>Aucune clé&#xa0;: collez-en une ci-dessus, ou définissez %1 dans l’environnement.</translation>
    </message>
    <message>
        <source>No key: paste one above.</source>
        <translation>Aucune clé&#xa0;: collez-en une ci-dessus.</translation>
    </message>
    <message>
        <source>Keys cannot be stored safely: %1 You can store the key in Attache&apos;s config file instead, but anyone who can read your files can read it there.</source>
        <translation>Impossible d’enregistrer les clés de façon sûre&#xa0;: %1 Vous pouvez plutôt enregistrer la clé dans le fichier de configuration d’Attache, mais quiconque peut lire vos fichiers pourra l’y lire.</translation>
    </message>
    <message>
        <source>Keys cannot be stored safely: %1 Set %2 in the environment instead, or store the key in Attache&apos;s config file, where anyone who can read your files can read it.</source>
        <translation>Impossible d’enregistrer les clés de façon sûre&#xa0;: %1 Définissez plutôt %2 dans l’environnement, ou enregistrez la clé dans le fichier de configuration d’Attache, où quiconque peut lire vos fichiers pourra la lire.</translation>
    </message>
    <message>
        <source>Saving the key in the system&apos;s secret store…</source>
        <translation>Enregistrement de la clé dans le trousseau du système…</translation>
    </message>
    <message>
        <source>Key stored in the config file.</source>
        <translation>Clé enregistrée dans le fichier de configuration.</translation>
    </message>
    <message>
        <source>Key forgotten.</source>
        <translation>Clé oubliée.</translation>
    </message>
</context>
<context>
    <name>ProviderPanel</name>
    <message>
        <source>Test connection</source>
        <translation>Tester la connexion</translation>
    </message>
    <message>
        <source>Provider:</source>
        <translation>Fournisseur&#xa0;:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modèle&#xa0;:</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>Clé d’API&#xa0;:</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>chargement…</translation>
    </message>
    <message>
        <source>Showing the catalog&apos;s models: the provider&apos;s list could not be read (%1).</source>
        <translation>Modèles du catalogue&#xa0;: la liste du fournisseur n’a pas pu être lue (%1).</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Test en cours…</translation>
    </message>
    <message numerus="yes">
        <source>Connected: %n model(s)</source>
        <translation>
            <numerusform>Connecté&#xa0;: %n modèle</numerusform>
            <numerusform>Connecté&#xa0;: %n modèles</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not connect: %1</source>
        <translation>Connexion impossible&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>This provider does not list its models; the catalog names %n.</source>
        <translation>
            <numerusform>Ce fournisseur ne liste pas ses modèles&#xa0;; le catalogue en indique %n.</numerusform>
            <numerusform>Ce fournisseur ne liste pas ses modèles&#xa0;; le catalogue en indique %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>The provider&apos;s API address, including its version path, e.g. http://127.0.0.1:11434/v1 for Ollama. Empty: the address shown in grey.</source>
        <translation>L’adresse de l’API du fournisseur, chemin de version compris, par exemple http://127.0.0.1:11434/v1 pour Ollama. Vide&#xa0;: l’adresse affichée en gris.</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Serveur&#xa0;:</translation>
    </message>
    <message>
        <source>reading key…</source>
        <translation>lecture de la clé…</translation>
    </message>
    <message>
        <source>key from environment</source>
        <translation>clé de l’environnement</translation>
    </message>
    <message>
        <source>key for this run</source>
        <translation>clé temporaire</translation>
    </message>
    <message>
        <source>key in secret store</source>
        <translation>clé dans le trousseau</translation>
    </message>
    <message>
        <source>key in config file</source>
        <translation>clé dans le fichier de configuration</translation>
    </message>
    <message>
        <source>key in providers.json</source>
        <translation>clé dans providers.json</translation>
    </message>
    <message>
        <source>needs key</source>
        <translation>clé requise</translation>
    </message>
    <message>
        <source>local</source>
        <translation>local</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 in the environment wins: %2</source>
        <translation>%1 dans l’environnement a priorité&#xa0;: %2</translation>
    </message>
    <message>
        <source>Find a local server</source>
        <translation>Chercher un serveur local</translation>
    </message>
    <message>
        <source>Looks for Ollama, llama.cpp and LM Studio on their default ports and uses the first that answers</source>
        <translation>Cherche Ollama, llama.cpp et LM Studio sur leurs ports par défaut et utilise le premier qui répond</translation>
    </message>
    <message numerus="yes">
        <source>The server does not list the model in use, %1: choose one of the %n it lists.</source>
        <translation>
            <numerusform>Le serveur ne propose pas le modèle utilisé, %1 : choisissez celui qu’il propose.</numerusform>
            <numerusform>Le serveur ne propose pas le modèle utilisé, %1 : choisissez l’un des %n qu’il propose.</numerusform>
        </translation>
    </message>
    <message>
        <source>Looking for a local server…</source>
        <translation>Recherche d’un serveur local…</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1 à %2</translation>
    </message>
    <message>
        <source>No local server answered (%1). Start one, or enter its address under Server.</source>
        <translation>Aucun serveur local n’a répondu (%1). Démarrez-en un, ou saisissez son adresse sous Serveur.</translation>
    </message>
    <message>
        <source>Found %1 at %2; Attache uses it now.</source>
        <translation>%1 trouvé à %2 ; Attache l’utilise désormais.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Editors attach at %1</source>
        <translation>Les éditeurs se connectent à %1</translation>
    </message>
</context>
<context>
    <name>SecondInstance</name>
    <message>
        <source>Attache is running</source>
        <translation>Attache est en cours d’exécution</translation>
    </message>
    <message>
        <source>Attache is already running (%1), but it did not answer (%2); its server may be paused. Open its window from the tray icon, or quit it and start Attache again.</source>
        <translation>Attache est déjà en cours d’exécution (%1), mais n’a pas répondu (%2) ; son serveur est peut-être en pause. Ouvrez sa fenêtre depuis l’icône de la zone de notification, ou quittez-le et relancez Attache.</translation>
    </message>
    <message>
        <source>Attache is already running in the background, without a window (%1). Editors and scripts can use it. To use the window, quit that instance (for example: kill %2), then start Attache again.</source>
        <translation>Attache est déjà en cours d’exécution en arrière-plan, sans fenêtre (%1). Les éditeurs et les scripts peuvent l’utiliser. Pour utiliser la fenêtre, quittez cette instance (par exemple : kill %2), puis relancez Attache.</translation>
    </message>
</context>
<context>
    <name>SessionModel</name>
    <message numerus="yes">
        <source>%1
Updated %2 · %n message(s)</source>
        <translation>
            <numerusform>%1
Mis à jour %2 · %n message</numerusform>
            <numerusform>%1
Mis à jour %2 · %n messages</numerusform>
        </translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Aujourd’hui</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Hier</translation>
    </message>
    <message>
        <source>Earlier</source>
        <translation>Plus ancien</translation>
    </message>
</context>
<context>
    <name>SessionPanel</name>
    <message>
        <source>New</source>
        <translation>Nouvelle</translation>
    </message>
    <message>
        <source>Start a new session</source>
        <translation>Démarrer une nouvelle session</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Renommer</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <source>Save the session as Markdown or JSON</source>
        <translation>Enregistrer la session en Markdown ou en JSON</translation>
    </message>
    <message>
        <source>Cannot rename the session</source>
        <translation>Impossible de renommer la session</translation>
    </message>
    <message>
        <source>Cannot open the session</source>
        <translation>Impossible d’ouvrir la session</translation>
    </message>
    <message>
        <source>Cannot create a session</source>
        <translation>Impossible de créer une session</translation>
    </message>
    <message>
        <source>Delete session</source>
        <translation>Supprimer la session</translation>
    </message>
    <message>
        <source>Delete the session &quot;%1&quot; and all its messages? This cannot be undone.</source>
        <translation>Supprimer la session «&#xa0;%1&#xa0;» et tous ses messages&#xa0;? Cette action est irréversible.</translation>
    </message>
    <message>
        <source>Cannot delete the session</source>
        <translation>Impossible de supprimer la session</translation>
    </message>
    <message>
        <source>Export session</source>
        <translation>Exporter la session</translation>
    </message>
    <message>
        <source>Markdown (*.md);;JSON (*.json)</source>
        <translation>Markdown (*.md);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Cannot export the session</source>
        <translation>Impossible d’exporter la session</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Impossible d’écrire %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Search chats and messages</source>
        <translation>Rechercher dans les conversations et les messages</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <source>Chats</source>
        <translation>Conversations</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>Aucun résultat</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Local server</source>
        <translation>Serveur local</translation>
    </message>
    <message>
        <source>Taken by another program, the next free port is used</source>
        <translation>S’il est pris par un autre programme, le port libre suivant est utilisé</translation>
    </message>
    <message>
        <source>Applies on the next start.</source>
        <translation>Prend effet au prochain démarrage.</translation>
    </message>
    <message>
        <source>Web pages from these origins may use Attache (with the token). Editors and scripts send no origin and need no entry.</source>
        <translation>Les pages web de ces origines peuvent utiliser Attache (avec le token). Les éditeurs et les scripts n’envoient pas d’origine et n’ont besoin d’aucune entrée.</translation>
    </message>
    <message>
        <source>e.g. http://localhost:3000</source>
        <translation>par exemple http://localhost:3000</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>&quot;*&quot; at the end matches the rest, as in vscode-webview://*. Applies at once.</source>
        <translation>«&#xa0;*&#xa0;» à la fin remplace le reste, comme dans vscode-webview://*. S’applique immédiatement.</translation>
    </message>
    <message>
        <source>Reset token…</source>
        <translation>Réinitialiser le token…</translation>
    </message>
    <message>
        <source>Make a new token; every attached client must reconnect</source>
        <translation>Créer un nouveau token&#xa0;; chaque client connecté doit se reconnecter</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port&#xa0;:</translation>
    </message>
    <message>
        <source>Allowed &amp;origins:</source>
        <translation>&amp;Origines autorisées&#xa0;:</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token&#xa0;:</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>Bureau</translation>
    </message>
    <message>
        <source>Keep running in the system tray when the window closes</source>
        <translation>Continuer dans la zone de notification à la fermeture de la fenêtre</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Sombre</translation>
    </message>
    <message>
        <source>Attache uses the new language after a restart.</source>
        <translation>Attache utilisera la nouvelle langue après un redémarrage.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Thème&#xa0;:</translation>
    </message>
    <message>
        <source>Enter an origin, such as vscode-webview://* or http://localhost:3000.</source>
        <translation>Saisissez une origine, comme vscode-webview://* ou http://localhost:3000.</translation>
    </message>
    <message>
        <source>&quot;null&quot; is never allowed: sandboxed pages and local files send it, so any page could pass as one.</source>
        <translation>«&#xa0;null&#xa0;» n’est jamais autorisé&#xa0;: les pages isolées (sandbox) et les fichiers locaux l’envoient, donc n’importe quelle page pourrait se faire passer pour l’une d’elles.</translation>
    </message>
    <message>
        <source>A bare &quot;*&quot; would let every web page use Attache; name the origins you trust instead.</source>
        <translation>Un «&#xa0;*&#xa0;» seul permettrait à n’importe quelle page web d’utiliser Attache&#xa0;; indiquez plutôt les origines auxquelles vous faites confiance.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an origin: write a scheme and a host with no path, such as http://localhost:3000; only the end may be &quot;*&quot;.</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas une origine&#xa0;: indiquez un schéma et un hôte sans chemin, comme http://localhost:3000&#xa0;; seule la fin peut être «&#xa0;*&#xa0;».</translation>
    </message>
    <message>
        <source>&quot;%1&quot; would let other web sites in: a web origin may leave only its port open, as in http://localhost:*.</source>
        <translation>«&#xa0;%1&#xa0;» laisserait entrer d’autres sites web&#xa0;: une origine web ne peut laisser ouvert que son port, comme dans http://localhost:*.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; names no host; write one, such as http://localhost:3000.</source>
        <translation>«&#xa0;%1&#xa0;» n’indique aucun hôte&#xa0;; indiquez-en un, comme http://localhost:3000.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is already in the list.</source>
        <translation>«&#xa0;%1&#xa0;» figure déjà dans la liste.</translation>
    </message>
    <message>
        <source>Cannot save the settings</source>
        <translation>Impossible d’enregistrer les paramètres</translation>
    </message>
    <message>
        <source>Could not write %1. Check that the folder exists and is writable, then try again.</source>
        <translation>Impossible d’écrire %1. Vérifiez que le dossier existe et est accessible en écriture, puis réessayez.</translation>
    </message>
    <message>
        <source>Token reset; attached clients must reconnect with the new token from the discovery file.</source>
        <translation>Token réinitialisé&#xa0;; les clients connectés doivent se reconnecter avec le nouveau token du fichier de découverte.</translation>
    </message>
    <message>
        <source>Attache runs on port %1 now: %2, as set, was taken. A change applies on the next start.</source>
        <translation>Attache écoute maintenant sur le port %1 : %2, comme réglé, était pris. Un changement s’applique au prochain démarrage.</translation>
    </message>
</context>
<context>
    <name>TokenReset</name>
    <message>
        <source>Reset the token</source>
        <translation>Réinitialiser le token</translation>
    </message>
    <message>
        <source>Give the local server a new token? Every attached editor and script is disconnected at once and must read the new token from the discovery file to attach again.</source>
        <translation>Donner un nouveau token au serveur local&#xa0;? Tous les éditeurs et scripts connectés sont aussitôt déconnectés et doivent lire le nouveau token dans le fichier de découverte pour se reconnecter.</translation>
    </message>
    <message>
        <source>Reset token</source>
        <translation>Réinitialiser le token</translation>
    </message>
</context>
<context>
    <name>ToolsModel</name>
    <message>
        <source>Allow</source>
        <translation>Autoriser</translation>
    </message>
    <message>
        <source>Ask first</source>
        <translation>Demander d’abord</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>Refuser</translation>
    </message>
    <message>
        <source>Reads files in the working directory.</source>
        <translation>Lit des fichiers dans le dossier de travail.</translation>
    </message>
    <message>
        <source>Changes files in the working directory.</source>
        <translation>Modifie des fichiers dans le dossier de travail.</translation>
    </message>
    <message>
        <source>Runs programs in the working directory.</source>
        <translation>Exécute des programmes dans le dossier de travail.</translation>
    </message>
    <message>
        <source>%1 Uncheck to keep it from the model.</source>
        <translation>%1 Décochez pour le cacher au modèle.</translation>
    </message>
    <message>
        <source>%1 Disabled: the model is not offered it.</source>
        <translation>%1 Désactivé&#xa0;: il n’est pas proposé au modèle.</translation>
    </message>
    <message>
        <source>Allow: runs without asking. Ask first: every attached client and this window are asked. Deny: never runs.</source>
        <translation>Autoriser&#xa0;: s’exécute sans demander. Demander d’abord&#xa0;: chaque client connecté et cette fenêtre sont sollicités. Refuser&#xa0;: ne s’exécute jamais.</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Outil</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Règle</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>From the MCP server &quot;%1&quot;; asks first unless you allow it.</source>
        <translation>Du serveur MCP « %1 » ; demande d’abord, sauf si vous l’autorisez.</translation>
    </message>
</context>
<context>
    <name>ToolsPanel</name>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>The folder the model may read, write and run commands in</source>
        <translation>Le dossier dans lequel le modèle peut lire, écrire et exécuter des commandes</translation>
    </message>
    <message>
        <source>Attach files named in messages</source>
        <translation>Joindre les fichiers cités dans les messages</translation>
    </message>
    <message>
        <source>A word naming a file in the working directory attaches that file, as &quot;@path&quot; always does.</source>
        <translation>Un mot qui désigne un fichier du dossier de travail joint ce fichier, comme le fait toujours «&#xa0;@chemin&#xa0;».</translation>
    </message>
    <message>
        <source>Working directory</source>
        <translation>Dossier de travail</translation>
    </message>
    <message>
        <source>Tools the model may use</source>
        <translation>Outils que le modèle peut utiliser</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>None chosen: the model cannot use tools until you choose one.</source>
        <translation>Aucun dossier choisi&#xa0;: le modèle ne peut pas utiliser d’outils tant que vous n’en avez pas choisi un.</translation>
    </message>
    <message>
        <source>Commands stop after %1 s; output is cut at %2, files read at %3.</source>
        <translation>Les commandes s’arrêtent après %1 s&#xa0;; la sortie est tronquée à %2, les fichiers lus à %3.</translation>
    </message>
    <message>
        <source>Cannot use that folder: %1.</source>
        <translation>Impossible d’utiliser ce dossier&#xa0;: %1.</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <source>Copy code</source>
        <translation>Copier le code</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copié</translation>
    </message>
    <message>
        <source>↓ Jump to latest</source>
        <translation>↓ Aller au plus récent</translation>
    </message>
    <message>
        <source>Scroll to the newest message</source>
        <translation>Faire défiler jusqu’au message le plus récent</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Modifier</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Régénérer</translation>
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
        <translation>Attache demande</translation>
    </message>
    <message>
        <source>Attache suggests</source>
        <translation>Attache suggère</translation>
    </message>
    <message>
        <source>Permission needed</source>
        <translation>Autorisation requise</translation>
    </message>
    <message>
        <source>The model wants to use %1. Click to answer.</source>
        <translation>Le modèle veut utiliser %1. Cliquez pour répondre.</translation>
    </message>
    <message>
        <source>Reply ready</source>
        <translation>Réponse prête</translation>
    </message>
    <message>
        <source>The reply failed</source>
        <translation>La réponse a échoué</translation>
    </message>
    <message>
        <source>Attache — server paused</source>
        <translation>Attache — serveur en pause</translation>
    </message>
</context>
<context>
    <name>TurnBuilder</name>
    <message>
        <source>(stopped)</source>
        <translation>(arrêtée)</translation>
    </message>
    <message>
        <source>(failed)</source>
        <translation>(échec)</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Vous</translation>
    </message>
    <message>
        <source>Attache</source>
        <translation>Attache</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>en cours…</translation>
    </message>
    <message>
        <source>waiting for your permission</source>
        <translation>en attente de votre autorisation</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>refusé</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 dans %2</translation>
    </message>
    <message>
        <source>▾ hide details</source>
        <translation>▾ masquer les détails</translation>
    </message>
    <message>
        <source>▸ details</source>
        <translation>▸ détails</translation>
    </message>
    <message>
        <source>Arguments:</source>
        <translation>Arguments&#xa0;:</translation>
    </message>
    <message>
        <source>No result yet.</source>
        <translation>Pas encore de résultat.</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>Erreur&#xa0;:</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>Résultat&#xa0;:</translation>
    </message>
    <message>
        <source>Only the first %1 of %2 lines are shown.</source>
        <translation>Seules les %1 premières lignes sur %2 sont affichées.</translation>
    </message>
    <message>
        <source>Shortened to %1 characters.</source>
        <translation>Tronqué à %1 caractères.</translation>
    </message>
    <message>
        <source>The tool cut its output at its size limit.</source>
        <translation>L’outil a tronqué sa sortie à sa taille maximale.</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(vide)</translation>
    </message>
    <message>
        <source>stopped, did not run</source>
        <translation>arrêté, non exécuté</translation>
    </message>
    <message>
        <source>did not run</source>
        <translation>non exécuté</translation>
    </message>
    <message>
        <source>%1 s to first token</source>
        <translation>%1 s jusqu’au premier jeton</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 jetons/s</translation>
    </message>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n jeton</numerusform>
            <numerusform>%n jetons</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UsageChart</name>
    <message>
        <source>Tokens in</source>
        <translation>Tokens en entrée</translation>
    </message>
    <message>
        <source>Tokens out</source>
        <translation>Tokens en sortie</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>et %n autre</numerusform>
            <numerusform>et %n autres</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UsageModel</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
    <message>
        <source>Includes token counts estimated where the provider reported none.</source>
        <translation>Inclut des nombres de tokens estimés lorsque le fournisseur n’en a indiqué aucun.</translation>
    </message>
    <message>
        <source>≈ %1</source>
        <translation>≈ %1</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requêtes</translation>
    </message>
    <message>
        <source>Tokens in</source>
        <translation>Tokens en entrée</translation>
    </message>
    <message>
        <source>Tokens out</source>
        <translation>Tokens en sortie</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
</context>
<context>
    <name>UsageView</name>
    <message>
        <source>Today</source>
        <translation>Aujourd’hui</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>Depuis le début</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Jour</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Période&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;By:</source>
        <translation>P&amp;ar&#xa0;:</translation>
    </message>
    <message>
        <source>No chats in this period yet.</source>
        <translation>Aucune discussion sur cette période pour l’instant.</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 (deleted)</source>
        <translation>%1 (supprimée)</translation>
    </message>
    <message>
        <source>This window</source>
        <translation>Cette fenêtre</translation>
    </message>
    <message>
        <source>HTTP clients</source>
        <translation>Clients HTTP</translation>
    </message>
    <message>
        <source>No chats in this period.</source>
        <translation>Aucune discussion sur cette période.</translation>
    </message>
    <message>
        <source>Requests: %1    Tokens in: %2    Tokens out: %3    Cost: %4</source>
        <translation>Requêtes&#xa0;: %1    Tokens en entrée&#xa0;: %2    Tokens en sortie&#xa0;: %3    Coût&#xa0;: %4</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(inconnu)</translation>
    </message>
</context>
</TS>
