// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// attache-screenshot: renders the real window, offscreen, after a sample conversation played
// through the real chat path (the fake provider streams the reply over HTTP), to a PNG.
//   attache-screenshot [--language de|fr] [--size WxH] [--theme light|dark] [out.png]
#include "chatpanel.h"
#include "engine.h"
#include "fakeprovider.h"
#include "mainwindow.h"
#include "providers/providercatalog.h"
#include "sessions/sessionstore.h"
#include "settings.h"
#include "theme.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <functional>

namespace {

struct Sample
{
    QStringList sessions; // older sessions, for the list
    QString current; // the session of the conversation
    QString question;
    QString answer; // Markdown
};

Sample sampleFor(const QString &language)
{
    const QString code = QStringLiteral("```python\n"
                                        "with open(\"notes.txt\", encoding=\"utf-8\") as f:\n"
                                        "    for line in f:\n"
                                        "        if line.strip():\n"
                                        "            print(line.rstrip())\n"
                                        "```\n\n");
    if (language.startsWith(QLatin1String("de"))) {
        return {
            { QStringLiteral("Release-Notizen 0.2"), QStringLiteral("Flackernder Test in CI") },
            QStringLiteral("Dateien in Python"),
            QStringLiteral("Wie lese ich in Python eine Datei zeilenweise und überspringe leere "
                           "Zeilen?"),
            QStringLiteral("Öffnen Sie die Datei in einem `with`-Block und filtern Sie beim "
                           "Lesen:\n\n")
                + code
                + QStringLiteral("- `with` schließt die Datei auch bei einem Fehler.\n"
                                 "- Die Schleife über `f` liest Zeile für Zeile, auch "
                                 "große Dateien sind kein Problem.\n"
                                 "- `line.strip()` ist bei leeren Zeilen leer.\n")
        };
    }
    if (language.startsWith(QLatin1String("fr"))) {
        return { { QStringLiteral("Notes de version 0.2"), QStringLiteral("Test instable en CI") },
                 QStringLiteral("Fichiers en Python"),
                 QStringLiteral("Comment lire un fichier ligne par ligne en Python en sautant les "
                                "lignes vides ?"),
                 QStringLiteral("Ouvrez le fichier dans un bloc `with` et filtrez au fil de la "
                                "lecture :\n\n")
                     + code
                     + QStringLiteral("- `with` ferme le fichier même en cas d’erreur.\n"
                                      "- La boucle sur `f` lit une ligne à la fois : les gros "
                                      "fichiers passent sans problème.\n"
                                      "- `line.strip()` est vide pour les lignes blanches.\n") };
    }
    return { { QStringLiteral("Release notes 0.2"), QStringLiteral("Flaky test in CI") },
             QStringLiteral("Python files"),
             QStringLiteral("How do I read a file line by line in Python, skipping blank lines?"),
             QStringLiteral("Open the file in a `with` block and filter as you go:\n\n") + code
                 + QStringLiteral("- `with` closes the file even when an error occurs.\n"
                                  "- Looping over `f` reads one line at a time, so large "
                                  "files are fine.\n"
                                  "- `line.strip()` is empty for blank lines.\n") };
}

/** The answer as a model streams it: a word (with its spacing) at a time. */
QStringList tokensOf(const QString &text)
{
    QStringList tokens;
    const QRegularExpression word(QStringLiteral("\\s*\\S+"));
    qsizetype end = 0;
    for (auto it = word.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        tokens.append(match.captured());
        end = match.capturedEnd();
    }
    if (end < text.size())
        tokens.append(text.mid(end));
    return tokens;
}

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return done();
}

void settle(int ms)
{
    waitFor([] { return false; }, ms);
}

void fail(const QString &message)
{
    std::fprintf(stderr, "attache-screenshot: %s\n", qUtf8Printable(message));
    std::exit(1);
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("attache"));
    QApplication::setApplicationDisplayName(QStringLiteral("Attache"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Renders the Attache window after a sample conversation to a PNG."));
    parser.addHelpOption();
    const QCommandLineOption language(
        QStringLiteral("language"), QStringLiteral("Interface language (de, fr; default English)."),
        QStringLiteral("lang"), QStringLiteral("en"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QStringLiteral("Window size, WIDTHxHEIGHT (default 1180x720)."),
                                  QStringLiteral("WxH"), QStringLiteral("1180x720"));
    const QCommandLineOption theme(QStringLiteral("theme"),
                                   QStringLiteral("light or dark (default light)."),
                                   QStringLiteral("theme"), QStringLiteral("light"));
    parser.addOptions({ language, size, theme });
    parser.addPositionalArgument(QStringLiteral("png"),
                                 QStringLiteral("Where to write the image (default attache.png)."));
    parser.process(app);
    const QString out = parser.positionalArguments().value(0, QStringLiteral("attache.png"));
    const QRegularExpressionMatch wxh =
        QRegularExpression(QStringLiteral("^(\\d+)x(\\d+)$")).match(parser.value(size));
    if (!wxh.hasMatch())
        fail(QStringLiteral("--size wants WIDTHxHEIGHT, e.g. 1180x720"));
    const QSize windowSize(wxh.captured(1).toInt(), wxh.captured(2).toInt());

    const Sample sample = sampleFor(parser.value(language));
    FakeProvider fake;
    if (!fake.listen())
        fail(QStringLiteral("the fake provider could not listen"));
    fake.setModels({ QStringLiteral("gpt-4o-mini"), QStringLiteral("gpt-4o") });
    FakeReply reply;
    reply.tokens = tokensOf(sample.answer);
    reply.delayMs = 2;
    fake.setDefaultReply(reply);

    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setValue(Settings::Language, parser.value(language));
    // Offscreen there is no tray; the window would say so in its status bar.
    settings.setValue(Settings::CloseToTray, false);
    // As the app does: before any widget is built.
    Translations translations;
    translations.install(settings.value(Settings::Language));
    Theme look;
    look.apply(parser.value(theme));

    QProcessEnvironment environment;
    environment.insert(QStringLiteral("ATTACHE_OPENAI_BASE_URL"), fake.baseUrl().toString());
    QFile builtIn(QStringLiteral(":/attache/providers.json"));
    if (!builtIn.open(QIODevice::ReadOnly))
        fail(QStringLiteral("the built-in provider catalog is missing"));
    auto catalog = ProviderCatalog::fromJson(builtIn.readAll(), {}, environment);
    if (!catalog.ok())
        fail(catalog.error().message);
    SessionStore store(dir.filePath(QStringLiteral("attache.db")));
    if (const Status opened = store.open(); !opened.ok())
        fail(opened.error().message);
    Engine engine(catalog.value(), settings, &store);
    for (int i = 0; i < sample.sessions.size(); ++i) {
        const QString id = engine.sessionManager().newSession(sample.sessions.at(i)).value();
        // One from yesterday, one from last week: the list groups them.
        if (Session *session = engine.sessionManager().find(id))
            session->updated = QDateTime::currentDateTimeUtc().addDays(i == 0 ? -1 : -6);
    }
    const Result<QString> current = engine.sessionManager().newSession(sample.current);
    if (!current.ok() || !engine.sessionManager().load(current.value()).ok())
        fail(QStringLiteral("could not start the sample session"));

    MainWindow window(engine, settings);
    window.setServerAddress(
        QObject::tr("Editors attach at %1").arg(QStringLiteral("http://127.0.0.1:8765")));
    window.resize(windowSize);
    window.show();
    settle(200);

    bool finished = false;
    QObject::connect(window.chatPanel(), &ChatPanel::replyFinished, &window,
                     [&finished] { finished = true; });
    if (!window.chatPanel()->send(sample.question))
        fail(QStringLiteral("the chat did not start"));
    if (!waitFor([&finished] { return finished; }, 20000))
        fail(QStringLiteral("the reply did not finish"));
    settle(300); // the last render and the model list

    if (!window.grab().save(out))
        fail(QStringLiteral("could not write %1").arg(out));
    std::printf("%s\n", qUtf8Printable(out));
    return 0;
}
