<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>ChatPanel</name>
    <message>
        <source>Ask anything. Replies stream in as they are written.</source>
        <translation>Posez n’importe quelle question. Les réponses s’affichent au fil de leur rédaction.</translation>
    </message>
    <message>
        <source>Message Attache — Enter to send, Shift+Enter for a new line</source>
        <translation>Message pour Attache — Entrée pour envoyer, Maj+Entrée pour aller à la ligne</translation>
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
        <source>(stopped)</source>
        <translation>(arrêtée)</translation>
    </message>
    <message>
        <source>(failed)</source>
        <translation>(échec)</translation>
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
        <source>Cannot start a new chat: %1</source>
        <translation>Impossible de démarrer une nouvelle discussion&#xa0;: %1</translation>
    </message>
    <message>
        <source>Server paused: editors and scripts cannot attach</source>
        <translation>Serveur en pause&#xa0;: les éditeurs et les scripts ne peuvent pas se connecter</translation>
    </message>
</context>
<context>
    <name>PermissionDialog</name>
    <message>
        <source>Allow %1?</source>
        <translation>Autoriser %1&#xa0;?</translation>
    </message>
    <message>
        <source>The assistant wants to run &lt;b&gt;%1&lt;/b&gt;. Nothing happens until you answer.</source>
        <translation>L’assistant veut exécuter &lt;b&gt;%1&lt;/b&gt;. Rien ne se passe tant que vous n’avez pas répondu.</translation>
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
</context>
<context>
    <name>ProviderPanel</name>
    <message>
        <source>Paste an API key</source>
        <translation>Collez la clé</translation>
    </message>
    <message>
        <source>The key is kept in memory for this run of Attache only; storing it in the system&apos;s secret store is coming. Environment variables still work.</source>
        <translation>La clé reste en mémoire jusqu’à la fermeture d’Attache seulement&#xa0;; son enregistrement dans le trousseau du système arrive bientôt. Les variables d’environnement fonctionnent toujours.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
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
        <source>(key set)</source>
        <translation>(clé définie)</translation>
    </message>
    <message>
        <source>(local)</source>
        <translation>(local)</translation>
    </message>
    <message>
        <source>(needs key)</source>
        <translation>(clé requise)</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
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
        <source>Key saved for this run of Attache (not stored on disk yet).</source>
        <translation>Clé enregistrée jusqu’à la fermeture d’Attache (pas encore sur le disque).</translation>
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
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Editors attach at %1</source>
        <translation>Les éditeurs se connectent à %1</translation>
    </message>
</context>
<context>
    <name>SessionModel</name>
    <message numerus="yes">
        <source>Updated %1 · %n message(s)</source>
        <translation>
            <numerusform>Mise à jour %1 · %n message</numerusform>
            <numerusform>Mise à jour %1 · %n messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionPanel</name>
    <message>
        <source>Search sessions</source>
        <translation>Rechercher des sessions</translation>
    </message>
    <message>
        <source>Double-click or press Enter to open a session; F2 renames it</source>
        <translation>Double-cliquez ou appuyez sur Entrée pour ouvrir une session&#xa0;; F2 la renomme</translation>
    </message>
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
</TS>
