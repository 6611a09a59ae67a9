// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// attache chat (one message, or an interactive session) and attache code.
#include "cli/chatsession.h"
#include "cli/context.h"
#include "cli/instance.h"
#include "cli/interactive.h"
#include "cli/interrupts.h"
#include "cli/terminal.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <unistd.h>

namespace Cli {

namespace {

constexpr qint64 MaxFileBytes = 1024 * 1024;

QString readStdin()
{
    QByteArray bytes;
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        bytes.append(buffer, n);
    }
    return QString::fromUtf8(bytes);
}

// A file as @path attaches one (the same block), read here: the terminal's user can read it,
// wherever it is, whether or not it is in the working directory.
bool attachFile(const QString &path, QString *message, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray bytes = file.read(MaxFileBytes);
    if (bytes.contains('\0')) {
        *error = QStringLiteral("%1 is a binary file; only text files can be attached").arg(path);
        return false;
    }
    const qint64 size = file.size();
    *message += QStringLiteral("\n\n--- %1 (%2 bytes%3) ---\n```\n%4\n```")
                    .arg(path)
                    .arg(size)
                    .arg(size > bytes.size() ? QStringLiteral(", first %1 shown").arg(bytes.size())
                                             : QString())
                    .arg(QString::fromUtf8(bytes));
    return true;
}

// What a language is called after a file's suffix, for the prompts ("Review this C++ code").
QString languageOf(const QString &path)
{
    static const QHash<QString, QString> languages {
        { QStringLiteral("c"), QStringLiteral("c") },
        { QStringLiteral("h"), QStringLiteral("c") },
        { QStringLiteral("cpp"), QStringLiteral("cpp") },
        { QStringLiteral("cc"), QStringLiteral("cpp") },
        { QStringLiteral("cxx"), QStringLiteral("cpp") },
        { QStringLiteral("hpp"), QStringLiteral("cpp") },
        { QStringLiteral("py"), QStringLiteral("python") },
        { QStringLiteral("js"), QStringLiteral("javascript") },
        { QStringLiteral("ts"), QStringLiteral("typescript") },
        { QStringLiteral("rs"), QStringLiteral("rust") },
        { QStringLiteral("go"), QStringLiteral("go") },
        { QStringLiteral("java"), QStringLiteral("java") },
        { QStringLiteral("rb"), QStringLiteral("ruby") },
        { QStringLiteral("sh"), QStringLiteral("bash") },
        { QStringLiteral("md"), QStringLiteral("markdown") },
        { QStringLiteral("json"), QStringLiteral("json") },
        { QStringLiteral("cmake"), QStringLiteral("cmake") },
        { QStringLiteral("qml"), QStringLiteral("qml") },
        { QStringLiteral("kt"), QStringLiteral("kotlin") },
        { QStringLiteral("swift"), QStringLiteral("swift") },
        { QStringLiteral("cs"), QStringLiteral("csharp") },
        { QStringLiteral("php"), QStringLiteral("php") },
        { QStringLiteral("sql"), QStringLiteral("sql") },
        { QStringLiteral("yaml"), QStringLiteral("yaml") },
        { QStringLiteral("yml"), QStringLiteral("yaml") },
        { QStringLiteral("toml"), QStringLiteral("toml") },
    };
    const QFileInfo info(path);
    if (info.fileName() == QLatin1String("CMakeLists.txt"))
        return QStringLiteral("cmake");
    return languages.value(info.suffix().toLower());
}

// Runs one chat or coding task to its end: the reply streamed, Ctrl-C cancelling it.
int runOnce(Context &context, const QString &method, const QJsonObject &params)
{
    ChatSession::Options options;
    options.json = context.json();
    options.styled = !options.json && !context.args.isSet(QStringLiteral("raw"))
        && Terminal::styles(STDOUT_FILENO);
    options.name = QStringLiteral("attache %1").arg(context.args.command);
    ChatSession session(context.instance, options);
    QString error;
    bool refused = false;
    if (!session.open(&error, &refused)) {
        Terminal::fail(refused ? Instance::notRunning(context.discoveryPath) : error);
        return refused ? ExitNotRunning : ExitFailed;
    }
    Interrupts interrupts;
    QObject::connect(&interrupts, &Interrupts::interrupted, &session, [&](int count) {
        if (count == 1) {
            if (!options.json)
                Terminal::err(QStringLiteral("\nCancelling… (Ctrl-C again to leave at once)\n"));
            session.cancel();
            return;
        }
        session.closePrompt();
        QCoreApplication::exit(ExitCancelled);
    });
    QObject::connect(&session, &ChatSession::runFinished, qApp,
                     [](int code) { QCoreApplication::exit(code); });
    QObject::connect(&session, &ChatSession::connectionLost, qApp, [](const QString &reason) {
        Terminal::fail(QStringLiteral("lost the connection to Attache: %1").arg(reason));
        QCoreApplication::exit(ExitFailed);
    });
    session.start(method, params);
    return QCoreApplication::exec();
}

} // namespace

int runChat(Context &context)
{
    const CommandLine &args = context.args;
    QString message = args.positional.value(0);
    const bool stdinIsTerminal = Terminal::isTerminal(STDIN_FILENO);
    if (message.isEmpty() && stdinIsTerminal) {
        if (context.json())
            return usageError(QStringLiteral("chat"),
                              QStringLiteral("--json needs a message (an argument or stdin)"));
        return runInteractive(context);
    }
    QJsonObject params;
    if (message == QLatin1String("-") || (message.isEmpty() && !stdinIsTerminal)) {
        message = readStdin();
    } else if (!stdinIsTerminal) {
        // git diff | attache chat "review this": what came in is what the message is about.
        const QString attached = readStdin();
        if (!attached.trimmed().isEmpty()) {
            QJsonObject attachedContext { { QStringLiteral("code"), attached } };
            if (attached.startsWith(QLatin1String("diff "))
                || attached.startsWith(QLatin1String("--- ")))
                attachedContext.insert(QStringLiteral("language"), QStringLiteral("diff"));
            params.insert(QStringLiteral("context"), attachedContext);
        }
    }
    QString error;
    for (const QString &path : args.values(QStringLiteral("file"))) {
        if (!attachFile(path, &message, &error)) {
            Terminal::fail(error);
            return ExitFailed;
        }
    }
    if (message.trimmed().isEmpty() && !params.contains(QLatin1String("context")))
        return usageError(QStringLiteral("chat"), QStringLiteral("the message is empty"));
    params.insert(QStringLiteral("message"), message);
    if (args.isSet(QStringLiteral("new")) && args.isSet(QStringLiteral("session")))
        return usageError(QStringLiteral("chat"),
                          QStringLiteral("--new and --session exclude "
                                         "each other"));
    if (args.isSet(QStringLiteral("new"))) {
        const HttpResponse created = context.http.post(QStringLiteral("/session/new"),
                                                       { { QStringLiteral("load"), false } });
        if (!created.ok())
            return context.fail(created);
        params.insert(
            QStringLiteral("session"),
            created.object().value(QLatin1String("session")).toObject().value(QLatin1String("id")));
    }
    for (const char *option : { "session", "provider", "model" }) {
        if (args.isSet(QLatin1String(option)))
            params.insert(QLatin1String(option), args.value(QLatin1String(option)));
    }
    return runOnce(context, QStringLiteral("chat"), params);
}

int runCode(Context &context)
{
    const QString task = context.args.positional.at(0);
    static const QStringList tasks { QStringLiteral("explain"),   QStringLiteral("test"),
                                     QStringLiteral("docs"),      QStringLiteral("debug"),
                                     QStringLiteral("implement"), QStringLiteral("review") };
    if (!tasks.contains(task))
        return usageError(QStringLiteral("code"),
                          QStringLiteral("the task is one of %1, not \"%2\"")
                              .arg(tasks.join(QLatin1String(", ")), task));
    QString path = context.args.positional.at(1);
    int from = 0;
    int to = 0;
    static const QRegularExpression range(QStringLiteral("^(.+):(\\d+)(?:-(\\d+))?$"));
    const QRegularExpressionMatch match = range.match(path);
    if (match.hasMatch() && !QFileInfo::exists(path)) {
        path = match.captured(1);
        from = match.captured(2).toInt();
        to = match.captured(3).isEmpty() ? from : match.captured(3).toInt();
        if (from < 1 || to < from)
            return usageError(QStringLiteral("code"),
                              QStringLiteral("lines FROM-TO count from 1, FROM first"));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Terminal::fail(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        return ExitFailed;
    }
    QString content = QString::fromUtf8(file.read(MaxFileBytes));
    if (from > 0) {
        const QStringList lines = content.split(QLatin1Char('\n'));
        if (from > lines.size()) {
            Terminal::fail(QStringLiteral("%1 has %2 lines; line %3 is past its end")
                               .arg(path)
                               .arg(lines.size())
                               .arg(from));
            return ExitFailed;
        }
        content = lines.mid(from - 1, to - from + 1).join(QLatin1Char('\n'));
    }
    QJsonObject params { { QStringLiteral("task_type"), task },
                         { QStringLiteral("content"), content },
                         { QStringLiteral("language"), languageOf(path) },
                         { QStringLiteral("filename"),
                           from > 0 ? QStringLiteral("%1, lines %2-%3").arg(path).arg(from).arg(to)
                                    : path } };
    if (context.args.isSet(QStringLiteral("session")))
        params.insert(QStringLiteral("session"), context.args.value(QStringLiteral("session")));
    return runOnce(context, QStringLiteral("coding_task"), params);
}

} // namespace Cli
