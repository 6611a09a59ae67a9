// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/terminal.h"

#include <cerrno>
#include <sys/ioctl.h>
#include <unistd.h>

namespace Cli::Terminal {

namespace {

bool writeAll(int fd, const QByteArray &data)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + done, size_t(data.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false; // a closed pipe: nothing more to say there
        done += n;
    }
    return true;
}

} // namespace

bool isTerminal(int fd)
{
    return ::isatty(fd) == 1;
}

bool styles(int fd)
{
    return isTerminal(fd) && qEnvironmentVariableIsEmpty("NO_COLOR") && qgetenv("TERM") != "dumb";
}

int width(int fd)
{
    winsize size {};
    if (isTerminal(fd) && ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        return size.ws_col;
    bool ok = false;
    const int columns = qEnvironmentVariableIntValue("COLUMNS", &ok);
    return ok && columns > 0 ? columns : 0;
}

bool out(const QByteArray &data)
{
    return writeAll(STDOUT_FILENO, data);
}

bool out(const QString &text)
{
    return writeAll(STDOUT_FILENO, text.toUtf8());
}

void err(const QString &text)
{
    writeAll(STDERR_FILENO, text.toUtf8());
}

void fail(const QString &message)
{
    err(QLatin1String("attache: ") + message + QLatin1Char('\n'));
}

} // namespace Cli::Terminal
