// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/provider.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

struct RunEvent;
class RunEventBuffer;

/** A tool the model called, as the transcript shows it: one line, details on demand. */
struct ToolCallItem
{
    QString id;
    QString name;
    QString arguments; // JSON text, as the model wrote it
    QString result;
    bool hasResult = false;
    bool isError = false;
    bool truncated = false;
    bool denied = false;
    QString state; // shown after the summary while it matters ("waiting for your answer")
    bool expanded = false; // the user opened the details
};

/** What the transcript shows of one message or reply. */
struct Turn
{
    enum class Role { User, Assistant };
    struct Part
    {
        QString markdown; // a text part
        int tool = -1; // or a tool call, by index in tools
    };

    Role role = Role::Assistant;
    QString who;
    QString text; // a user turn's message, as typed
    QList<Part> parts; // an assistant turn: text and tool calls, in order
    QList<ToolCallItem> tools;
    QString footer; // Markdown after the reply: stopped, failed and what to do
    bool complete = true; // false while the reply streams
    QStringList codeBlocks; // what each Copy link copies; filled when the turn is rendered
    QStringList codeLanguages; // each code block's language, as its fence named it

    // Stored turns only: where it is in the session, and what its actions work on
    int messageIndex = -1; // the user message, or the reply's last message; -1: not stored
    ReplyStats stats; // how the reply was made
    QList<ReplyVariant> variants; // earlier answers to the same message
    int shownVariant = -1; // -1: the latest answer; else the index of the variant shown
    bool regenerable = false; // the session's last reply
    bool stopped = false; // the turn failed or was stopped

    /** The text Copy puts on the clipboard: the message, or the reply shown, as Markdown. */
    QString markdown() const;
};

/** Builds turns from a session's stored messages and from a run's events. */
class TurnBuilder
{
    Q_DECLARE_TR_FUNCTIONS(TurnBuilder)
public:
    /** Turns of a stored conversation: a user message, then the reply with its tool calls. */
    static QList<Turn> fromHistory(const QList<ChatMessage> &messages);
    static Turn userTurn(const QString &who, const QString &text);
    static QString stoppedFooter();
    static QString failedFooter();

    /** Follows a run: where tool calls split the reply, and what each call did. */
    void apply(const RunEvent &event, qsizetype replyOffset);
    /** Replays the events a run had before it was shown; false when some are gone. */
    bool replay(const RunEventBuffer &events);
    /** The reply so far into turn's parts; expanded details stay expanded. */
    void fill(Turn &turn, const QString &reply) const;

    /** "⚙ read_file · notes.txt" without the decoration: the call's main argument. */
    static QString summary(const QString &name, const QString &argumentsJson);
    static QString toolMarkdown(const ToolCallItem &tool, const QString &toggleHref);
    /** "gpt-4o · 0.4 s to first token · 52 tokens/s · 1,234 tokens · $0.0021" */
    static QString statsLine(const ReplyStats &stats);

private:
    ToolCallItem *find(const QString &id);

    QList<qsizetype> m_splits; // reply offset at each call
    QList<ToolCallItem> m_tools;
};
