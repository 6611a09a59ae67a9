// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/interactive.h"

#include "cli/chatsession.h"
#include "cli/context.h"
#include "cli/instance.h"
#include "cli/interrupts.h"
#include "cli/terminal.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QSocketNotifier>

#include <cstdio>
#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

namespace Cli {

namespace {

constexpr int HistoryLines = 1000;

class Interactive : public QObject
{
public:
    Interactive(Context &context, ChatSession &session)
        : m_context(context)
        , m_session(session)
        , m_style { Terminal::styles(STDOUT_FILENO) }
    {
        s_current = this;
        m_historyPath =
            QFileInfo(DiscoveryFile::defaultPath()).dir().filePath(QStringLiteral("history"));
        QDir().mkpath(QFileInfo(m_historyPath).absolutePath());
        rl_readline_name = "attache";
        rl_catch_signals = 0; // Ctrl-C is ours: it stops a reply, or clears the line
        using_history();
        stifle_history(HistoryLines);
        read_history(QFile::encodeName(m_historyPath).constData());
        m_stdin = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
        m_stdin->setEnabled(false);
        connect(m_stdin, &QSocketNotifier::activated, this, [] { rl_callback_read_char(); });
        connect(&m_session, &ChatSession::runFinished, this, [this](int code) {
            if (code == ExitCancelled)
                Terminal::out(QByteArrayLiteral("\n"));
            prompt();
        });
    }

    ~Interactive() override
    {
        rl_callback_handler_remove();
        if (m_added > 0) {
            const QByteArray path = QFile::encodeName(m_historyPath);
            if (QFileInfo::exists(m_historyPath))
                append_history(m_added, path.constData());
            else
                write_history(path.constData());
            history_truncate_file(path.constData(), HistoryLines);
        }
        s_current = nullptr;
    }

    void begin(const QJsonObject &status)
    {
        m_sessionLabel = status.value(QLatin1String("session_name")).toString();
        m_target = status.value(QLatin1String("session")).toString();
        if (m_context.args.isSet(QStringLiteral("session")))
            m_sessionLabel = m_target = m_context.args.value(QStringLiteral("session"));
        m_model = m_context.args.value(QStringLiteral("model"));
        m_provider = m_context.args.value(QStringLiteral("provider"));
        if (m_context.args.isSet(QStringLiteral("new")))
            newSession();
        Terminal::out(
            QStringLiteral("%1Attache %2%3 · %4, model %5 · session %6\n"
                           "Type a message. /help lists the commands; Ctrl-D leaves.\n")
                .arg(QString::fromUtf8(m_style.bold()),
                     status.value(QLatin1String("version")).toString(),
                     QString::fromUtf8(m_style.reset()),
                     m_provider.isEmpty() ? status.value(QLatin1String("provider")).toString()
                                          : m_provider,
                     m_model.isEmpty() ? status.value(QLatin1String("model")).toString() : m_model,
                     m_sessionLabel));
        prompt();
    }

    void interrupt()
    {
        if (m_session.isRunning()) {
            if (m_cancelling) { // a second Ctrl-C during the same reply: leave
                m_session.closePrompt();
                QCoreApplication::exit(ExitCancelled);
                return;
            }
            m_cancelling = true;
            Terminal::err(QStringLiteral("\nCancelling… (Ctrl-C again to leave at once)\n"));
            m_session.cancel();
            return;
        }
        // At the prompt: the line is dropped (left on screen), as in a shell.
        rl_crlf();
        rl_replace_line("", 0);
        rl_on_new_line();
        rl_redisplay();
    }

private:
    static void onLine(char *line)
    {
        if (s_current)
            s_current->handle(line);
        std::free(line);
    }

    void prompt()
    {
        m_cancelling = false;
        rl_callback_handler_install(promptText().constData(), &Interactive::onLine);
        m_stdin->setEnabled(true);
    }

    void handle(char *raw)
    {
        if (!raw) { // Ctrl-D on an empty line
            Terminal::out(QByteArrayLiteral("\n"));
            QCoreApplication::exit(ExitOk);
            return;
        }
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty())
            return;
        add_history(raw);
        ++m_added;
        if (line.startsWith(QLatin1Char('/'))) {
            command(line);
            return;
        }
        // The reply owns the terminal until it ends; readline comes back with the prompt.
        m_stdin->setEnabled(false);
        rl_callback_handler_remove();
        QJsonObject params { { QStringLiteral("message"), line } };
        if (!m_target.isEmpty())
            params.insert(QStringLiteral("session"), m_target);
        if (!m_model.isEmpty())
            params.insert(QStringLiteral("model"), m_model);
        if (!m_provider.isEmpty())
            params.insert(QStringLiteral("provider"), m_provider);
        m_session.start(QStringLiteral("chat"), params);
    }

    void command(const QString &line)
    {
        const QString name = line.section(QLatin1Char(' '), 0, 0, QString::SectionSkipEmpty);
        const QString argument = line.section(QLatin1Char(' '), 1, -1, QString::SectionSkipEmpty);
        if (name == QLatin1String("/exit") || name == QLatin1String("/quit")) {
            QCoreApplication::exit(ExitOk);
            rl_callback_handler_remove();
            m_stdin->setEnabled(false);
        } else if (name == QLatin1String("/new")) {
            newSession();
        } else if (name == QLatin1String("/session") && !argument.isEmpty()) {
            const HttpResponse found = m_context.http.get(
                QStringLiteral("/history"), { { QStringLiteral("session"), argument } });
            m_target = m_sessionLabel = argument;
            say(found.ok()
                    ? QStringLiteral("Session %1, %2 messages.")
                          .arg(argument)
                          .arg(found.object().value(QLatin1String("messages")).toArray().size())
                    : QStringLiteral("New session %1: it starts with your next message.")
                          .arg(argument));
        } else if (name == QLatin1String("/model") && !argument.isEmpty()) {
            m_model = argument;
            say(QStringLiteral("Chats here use model %1.").arg(argument));
        } else if (name == QLatin1String("/provider") && !argument.isEmpty()) {
            m_provider = argument;
            say(QStringLiteral("Chats here use provider %1.").arg(argument));
        } else if (name == QLatin1String("/help")) {
            say(QStringLiteral("/new             start a new session\n"
                               "/session NAME    go to a session (a new name starts one)\n"
                               "/model M         use model M for the chats here\n"
                               "/provider ID     use provider ID for the chats here\n"
                               "/exit            leave (or Ctrl-D)\n"
                               "Ctrl-C stops a reply; @path attaches a file of the working "
                               "directory."));
        } else {
            say(QStringLiteral("%1 needs %2; /help lists the commands.")
                    .arg(name,
                         QStringList { QStringLiteral("/session"), QStringLiteral("/model"),
                                       QStringLiteral("/provider") }
                                 .contains(name)
                             ? QStringLiteral("an argument")
                             : QStringLiteral("to be one of the commands")));
        }
    }

    void newSession()
    {
        const HttpResponse created = m_context.http.post(QStringLiteral("/session/new"),
                                                         { { QStringLiteral("load"), false } });
        if (!created.ok()) {
            m_context.fail(created);
            return;
        }
        const QJsonObject session = created.object().value(QLatin1String("session")).toObject();
        m_target = session.value(QLatin1String("id")).toString();
        m_sessionLabel = session.value(QLatin1String("name")).toString();
        say(QStringLiteral("New session %1.").arg(m_sessionLabel));
        // The prompt names the session; a new one is drawn at the next prompt.
        if (rl_prompt)
            rl_set_prompt(promptText().constData());
    }

    QByteArray promptText() const
    {
        return (m_style.on ? QByteArray("\001") + m_style.good() + "\002" : QByteArray())
            + m_sessionLabel.toUtf8() + " ›"
            + (m_style.on ? QByteArray("\001") + m_style.reset() + "\002" : QByteArray()) + ' ';
    }

    static void say(const QString &text) { Terminal::out(text + QLatin1Char('\n')); }

    static inline Interactive *s_current = nullptr; // readline's callback takes no context

    Context &m_context;
    ChatSession &m_session;
    Terminal::Style m_style;
    QSocketNotifier *m_stdin = nullptr;
    QString m_historyPath;
    QString m_target; // the session chats go to: an id, or a name to start
    QString m_sessionLabel; // what the prompt shows
    QString m_model;
    QString m_provider;
    int m_added = 0;
    bool m_cancelling = false;
};

} // namespace

int runInteractive(Context &context)
{
    const HttpResponse status = context.http.get(QStringLiteral("/status"));
    if (!status.ok())
        return context.fail(status);
    ChatSession::Options options;
    options.styled = !context.args.isSet(QStringLiteral("raw")) && Terminal::styles(STDOUT_FILENO);
    options.name = QStringLiteral("attache chat");
    ChatSession session(context.instance, options);
    QString error;
    bool refused = false;
    if (!session.open(&error, &refused)) {
        Terminal::fail(refused ? Instance::notRunning(context.discoveryPath) : error);
        return refused ? ExitNotRunning : ExitFailed;
    }
    Interactive interactive(context, session);
    Interrupts interrupts;
    QObject::connect(&interrupts, &Interrupts::interrupted, &interactive,
                     [&interactive] { interactive.interrupt(); });
    QObject::connect(&session, &ChatSession::connectionLost, qApp, [](const QString &reason) {
        Terminal::fail(QStringLiteral("lost the connection to Attache: %1").arg(reason));
        QCoreApplication::exit(ExitFailed);
    });
    interactive.begin(status.object());
    return QCoreApplication::exec();
}

} // namespace Cli
