// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace Cli {

/** What the client knows about where it writes, and how it writes there. */
namespace Terminal {

bool isTerminal(int fd);
/** Colours and styles on fd: a terminal, NO_COLOR unset, TERM not "dumb". */
bool styles(int fd);
/** The width to fit tables to: the terminal's, else $COLUMNS, else 0 (no limit). */
int width(int fd);

/** Writes all of data to stdout or stderr at once (no buffering in between). */
/** False once the reader has gone (a closed pipe). */
bool out(const QByteArray &data);
bool out(const QString &text);
void err(const QString &text);
/** "attache: " + message + newline, on stderr. */
void fail(const QString &message);

/** A style, or nothing when styles are off. */
struct Style
{
    bool on = false;
    QByteArray bold() const { return on ? QByteArrayLiteral("\033[1m") : QByteArray(); }
    QByteArray dim() const { return on ? QByteArrayLiteral("\033[2m") : QByteArray(); }
    QByteArray heading() const { return on ? QByteArrayLiteral("\033[1;34m") : QByteArray(); }
    QByteArray code() const { return on ? QByteArrayLiteral("\033[33m") : QByteArray(); }
    QByteArray inlineCode() const { return on ? QByteArrayLiteral("\033[36m") : QByteArray(); }
    QByteArray good() const { return on ? QByteArrayLiteral("\033[32m") : QByteArray(); }
    QByteArray bad() const { return on ? QByteArrayLiteral("\033[31m") : QByteArray(); }
    QByteArray warn() const { return on ? QByteArrayLiteral("\033[1;33m") : QByteArray(); }
    QByteArray reset() const { return on ? QByteArrayLiteral("\033[0m") : QByteArray(); }
};

} // namespace Terminal

} // namespace Cli
