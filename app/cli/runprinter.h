// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/markdownstyler.h"
#include "cli/terminal.h"

#include <QByteArray>
#include <QJsonObject>

namespace Cli {

/**
 * Prints a run's events as a user reads them: the reply on stdout as it streams (styled on a
 * terminal), what the run does besides (files attached, tools called and their results) on
 * stderr; or, with json, every event as one line, as it came.
 */
class RunPrinter
{
public:
    RunPrinter(bool json, bool styled);

    /** Prints one event (its envelope parsed, and raw as it came); false once stdout is gone. */
    bool print(const QJsonObject &event, const QByteArray &raw);
    /** Ends the reply: styles reset, the last line ended. */
    bool finish();
    /** A note on stderr, on a line of its own (the reply's line ended first on a terminal). */
    void note(const QString &text);
    /** Ends the reply's current line when stderr shares its terminal and something follows. */
    void breakLine();

    /** The reply's text as it came, for the caller's use. */
    const QString &reply() const { return m_reply; }

private:
    bool write(const QByteArray &bytes);

    bool m_json;
    MarkdownStyler m_styler;
    Terminal::Style m_errStyle;
    bool m_sameTerminal; // stdout and stderr both a terminal: notes must not split a line
    bool m_stdoutOpen = true;
    bool m_wroteText = false;
    QString m_reply;
};

} // namespace Cli
