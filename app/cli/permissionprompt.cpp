// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/permissionprompt.h"

#include "cli/format.h"
#include "cli/terminal.h"

#include <QSocketNotifier>

#include <fcntl.h>
#include <unistd.h>

namespace Cli {

namespace {

const char *const Question = "Allow? [y]es once / [s]ession / [a]lways / [N]o ";

int keyboard(bool *owned)
{
    *owned = false;
    if (Terminal::isTerminal(STDIN_FILENO))
        return STDIN_FILENO;
    const int fd = ::open("/dev/tty", O_RDONLY | O_CLOEXEC | O_NOCTTY);
    *owned = fd >= 0;
    return fd;
}

} // namespace

bool PermissionPrompt::available()
{
    if (!Terminal::isTerminal(STDERR_FILENO))
        return false;
    bool owned = false;
    const int fd = keyboard(&owned);
    if (owned)
        ::close(fd);
    return fd >= 0;
}

PermissionPrompt::PermissionPrompt(const QJsonObject &request, QObject *parent)
    : QObject(parent)
    , m_request(request)
{ }

PermissionPrompt::~PermissionPrompt()
{
    close();
}

void PermissionPrompt::show()
{
    const Terminal::Style style { Terminal::styles(STDERR_FILENO) };
    QString text = QStringLiteral("\n%1Attache asks to run %2%3%4 (request %5):\n")
                       .arg(QString::fromUtf8(style.warn()), QString::fromUtf8(style.bold()),
                            m_request.value(QLatin1String("tool")).toString(),
                            QString::fromUtf8(style.reset()), id());
    text += Format::arguments(m_request.value(QLatin1String("arguments")).toObject(),
                              QStringLiteral("  "));
    const QString diff = m_request.value(QLatin1String("diff")).toString();
    for (const QString &line : diff.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QByteArray colour =
            line.startsWith(QLatin1String("+++")) || line.startsWith(QLatin1String("---"))
            ? style.bold()
            : line.startsWith(QLatin1Char('+')) ? style.good()
            : line.startsWith(QLatin1Char('-')) ? style.bad()
            : line.startsWith(QLatin1Char('@')) ? style.inlineCode()
                                                : QByteArray();
        text += QLatin1String("  ") + QString::fromUtf8(colour) + line
            + QString::fromUtf8(style.reset()) + QLatin1Char('\n');
    }
    Terminal::err(text + QString::fromUtf8(style.bold()) + QLatin1String(Question)
                  + QString::fromUtf8(style.reset()));

    m_fd = keyboard(&m_ownsFd);
    if (m_fd < 0)
        return;
    // One key answers: no line to finish, and nothing typed earlier is taken for an answer.
    if (::tcgetattr(m_fd, &m_saved) == 0) {
        termios raw = m_saved;
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO);
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        m_restore = ::tcsetattr(m_fd, TCSANOW, &raw) == 0;
        ::tcflush(m_fd, TCIFLUSH);
    }
    m_open = true;
    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &PermissionPrompt::onKey);
}

void PermissionPrompt::onKey()
{
    char key = 0;
    const ssize_t n = ::read(m_fd, &key, 1);
    if (n < 0)
        return;
    if (n == 0) { // no keyboard any more: nothing was allowed
        key = 'n';
    }
    QString scope;
    bool allow = true;
    switch (key) {
    case 'y':
    case 'Y':
        scope = QStringLiteral("once");
        break;
    case 's':
    case 'S':
        scope = QStringLiteral("session");
        break;
    case 'a':
    case 'A':
        scope = QStringLiteral("always");
        break;
    case 'n':
    case 'N':
    case '\n':
    case '\r':
    case 4: // Ctrl-D
    case 27: // Escape
        allow = false;
        scope = QStringLiteral("once");
        break;
    default:
        return; // not an answer; the question stays
    }
    close();
    const Terminal::Style style { Terminal::styles(STDERR_FILENO) };
    Terminal::err(QString::fromUtf8(allow ? style.good() : style.bad())
                  + (allow ? scope == QLatin1String("once") ? QStringLiteral("yes, once")
                             : scope == QLatin1String("session")
                             ? QStringLiteral("yes, for this session")
                             : QStringLiteral("yes, always")
                           : QStringLiteral("no"))
                  + QString::fromUtf8(style.reset()) + QLatin1Char('\n'));
    Q_EMIT answered(allow, scope);
}

void PermissionPrompt::dismiss(const QString &message)
{
    if (!m_open)
        return;
    close();
    // The question line gives way to who answered; the request above it stays for the record.
    Terminal::err(QStringLiteral("\r\033[K") + message + QLatin1Char('\n'));
}

void PermissionPrompt::close()
{
    if (!m_open)
        return;
    m_open = false;
    delete m_notifier;
    m_notifier = nullptr;
    if (m_restore)
        ::tcsetattr(m_fd, TCSANOW, &m_saved);
    m_restore = false;
    if (m_ownsFd)
        ::close(m_fd);
    m_fd = -1;
}

} // namespace Cli
