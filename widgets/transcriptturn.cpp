// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "transcriptturn.h"

#include "runs/runevent.h"
#include "transcriptmarkdown.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <climits>

using TranscriptMarkdown::escaped;
using TranscriptMarkdown::fenced;

namespace {

constexpr int ShownResultLines = 40;
constexpr int ShownResultChars = 4000;

QString prettyJson(const QString &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8());
    if (doc.isNull())
        return json; // shown as the model wrote it
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
}

QString elided(const QString &text, int max)
{
    const QString line = text.simplified();
    return line.size() <= max ? line : line.left(max - 1) + QChar(0x2026);
}

} // namespace

Turn TurnBuilder::userTurn(const QString &who, const QString &text)
{
    Turn turn;
    turn.role = Turn::Role::User;
    turn.who = who;
    turn.text = text;
    return turn;
}

QString TurnBuilder::stoppedFooter()
{
    return QLatin1Char('*') + escaped(tr("(stopped)")) + QLatin1Char('*');
}

QString TurnBuilder::failedFooter()
{
    return QLatin1Char('*') + escaped(tr("(failed)")) + QLatin1Char('*');
}

QList<Turn> TurnBuilder::fromHistory(const QList<ChatMessage> &messages)
{
    QList<Turn> turns;
    for (int index = 0; index < messages.size(); ++index) {
        const ChatMessage &message = messages.at(index);
        if (message.role == QLatin1String("user")) {
            turns.append(userTurn(tr("You"), message.content));
            turns.last().messageIndex = index;
            continue;
        }
        if (message.role != QLatin1String("assistant") && message.role != QLatin1String("tool"))
            continue;
        if (turns.isEmpty() || turns.constLast().role != Turn::Role::Assistant) {
            Turn reply;
            reply.who = tr("Attache");
            turns.append(reply);
        }
        Turn &turn = turns.last();
        turn.messageIndex = index;
        if (message.role == QLatin1String("tool")) {
            for (ToolCallItem &item : turn.tools) {
                if (item.id == message.toolCallId) {
                    item.result = message.content;
                    item.hasResult = true;
                    item.isError = message.isError;
                    // The engine's own answer for a call that a stop or failure kept from running.
                    // (Sessions stored before is_error was kept lack the flag, not the words.)
                    if (message.content.endsWith(QLatin1String("did not run.")))
                        item.state = message.content.contains(QLatin1String("stopped"))
                            ? tr("stopped, did not run")
                            : tr("did not run");
                    else if (message.isError)
                        item.state = tr("failed");
                    break;
                }
            }
            continue;
        }
        if (!message.content.isEmpty())
            turn.parts.append({ message.content, -1 });
        for (const ToolCall &call : message.toolCalls) {
            ToolCallItem item;
            item.id = call.id;
            item.name = call.name;
            item.arguments = call.arguments;
            turn.tools.append(item);
            turn.parts.append({ {}, int(turn.tools.size() - 1) });
        }
        if (!message.stats.isEmpty())
            turn.stats = message.stats;
        if (!message.variants.isEmpty())
            turn.variants = message.variants;
        if (!message.status.isEmpty()) {
            turn.footer =
                message.status == QLatin1String("cancelled") ? stoppedFooter() : failedFooter();
            turn.stopped = true;
        }
    }
    for (int i = int(turns.size()) - 1; i >= 0; --i) {
        if (turns.at(i).role == Turn::Role::Assistant) {
            turns[i].regenerable = true;
            break;
        }
    }
    return turns;
}

QString Turn::markdown() const
{
    if (role == Role::User)
        return text;
    if (shownVariant >= 0 && shownVariant < variants.size())
        return variants.at(shownVariant).content;
    QStringList texts;
    for (const Part &part : parts) {
        if (part.tool < 0)
            texts.append(part.markdown.trimmed());
    }
    return texts.join(QLatin1String("\n\n"));
}

QString TurnBuilder::statsLine(const ReplyStats &stats)
{
    QStringList items;
    if (!stats.model.isEmpty())
        items.append(stats.model);
    const QLocale locale;
    if (stats.firstTokenMs >= 0)
        items.append(tr("%1 s to first token")
                         .arg(locale.toString(double(stats.firstTokenMs) / 1000.0, 'f', 1)));
    if (stats.tokensPerSecond > 0)
        items.append(tr("%1 tokens/s").arg(locale.toString(stats.tokensPerSecond, 'f', 0)));
    const qint64 tokens = stats.promptTokens + stats.completionTokens;
    if (tokens > 0)
        items.append(tr("%n token(s)", nullptr, int(std::min<qint64>(tokens, INT_MAX))));
    if (stats.cost > 0)
        items.append(QStringLiteral("$")
                     + locale.toString(stats.cost, 'f', stats.cost < 0.01 ? 4 : 2));
    return items.join(QStringLiteral(" · "));
}

ToolCallItem *TurnBuilder::find(const QString &id)
{
    auto it = std::find_if(m_tools.begin(), m_tools.end(),
                           [&](const ToolCallItem &item) { return item.id == id; });
    return it == m_tools.end() ? nullptr : &*it;
}

void TurnBuilder::apply(const RunEvent &event, qsizetype replyOffset)
{
    if (const ToolCallInfo *call = event.as<ToolCallInfo>()) {
        ToolCallItem item;
        item.id = call->id;
        item.name = call->name;
        item.arguments = call->argumentsValid
            ? QString::fromUtf8(QJsonDocument(call->arguments).toJson(QJsonDocument::Compact))
            : call->argumentsText;
        item.state = tr("running…");
        m_tools.append(item);
        m_splits.append(replyOffset);
    } else if (const PermissionRequest *request = event.as<PermissionRequest>()) {
        if (ToolCallItem *item = find(request->callId))
            item->state = tr("waiting for your permission");
    } else if (const PermissionResolution *resolved = event.as<PermissionResolution>()) {
        if (ToolCallItem *item = find(resolved->callId)) {
            item->denied = !resolved->allowed;
            item->state = item->denied ? tr("denied") : tr("running…");
        }
    } else if (const ToolResultInfo *result = event.as<ToolResultInfo>()) {
        if (ToolCallItem *item = find(result->id)) {
            item->result = result->content;
            item->hasResult = true;
            item->truncated = result->truncated;
            item->isError = result->isError;
            if (!item->denied)
                item->state = item->isError ? tr("failed") : QString();
        }
    } else if (event.type == EventType::Cancelled || event.type == EventType::Error) {
        // A call the turn never got to, or one cut off: it did not run, and says so.
        for (ToolCallItem &item : m_tools) {
            if (!item.hasResult)
                item.state = event.type == EventType::Cancelled ? tr("stopped, did not run")
                                                                : tr("did not run");
        }
    }
}

bool TurnBuilder::replay(const RunEventBuffer &events)
{
    const bool anyTool = std::any_of(events.begin(), events.end(), [](const RunEvent &event) {
        return event.type == EventType::ToolCall;
    });
    if (!anyTool)
        return true;
    if (events.front().seq != 1)
        return false; // the start is gone from the buffer: where calls fell is unknown
    qsizetype offset = 0;
    for (const RunEvent &event : events) {
        if (event.type == EventType::StreamChunk)
            offset += QString::fromUtf8(event.text).size();
        else
            apply(event, offset);
    }
    return true;
}

void TurnBuilder::fill(Turn &turn, const QString &reply) const
{
    QList<ToolCallItem> tools = m_tools;
    for (int i = 0; i < tools.size() && i < turn.tools.size(); ++i)
        tools[i].expanded = turn.tools.at(i).expanded;
    turn.tools = tools;
    turn.parts.clear();
    qsizetype from = 0;
    for (int i = 0; i < m_splits.size(); ++i) {
        const qsizetype to = std::clamp(m_splits.at(i), from, reply.size());
        if (!QStringView(reply).mid(from, to - from).trimmed().isEmpty())
            turn.parts.append({ reply.mid(from, to - from), -1 });
        turn.parts.append({ {}, i });
        from = to;
    }
    if (from < reply.size())
        turn.parts.append({ reply.mid(from), -1 });
}

QString TurnBuilder::summary(const QString &name, const QString &argumentsJson)
{
    Q_UNUSED(name)
    const QJsonObject arguments = QJsonDocument::fromJson(argumentsJson.toUtf8()).object();
    QString text;
    if (arguments.value(QLatin1String("argv")).isArray()) {
        QStringList argv;
        for (const QJsonValue &value : arguments.value(QLatin1String("argv")).toArray())
            argv.append(value.toString());
        text = argv.join(QLatin1Char(' '));
    } else if (arguments.contains(QLatin1String("pattern"))) {
        text = arguments.value(QLatin1String("pattern")).toString();
        const QString path = arguments.value(QLatin1String("path")).toString();
        if (!path.isEmpty() && path != QLatin1String("."))
            text = tr("%1 in %2").arg(text, path);
    } else if (arguments.contains(QLatin1String("path"))) {
        text = arguments.value(QLatin1String("path")).toString();
    } else {
        for (auto it = arguments.constBegin(); it != arguments.constEnd() && text.isEmpty(); ++it)
            text = it.value().toString();
    }
    return elided(text, 80);
}

QString TurnBuilder::toolMarkdown(const ToolCallItem &tool, const QString &toggleHref)
{
    QString line = QStringLiteral("⚙ **") + escaped(tool.name) + QStringLiteral("**");
    const QString about = summary(tool.name, tool.arguments);
    if (!about.isEmpty())
        line += QStringLiteral(" · ") + escaped(about);
    if (!tool.state.isEmpty())
        line += QStringLiteral(" — *") + escaped(tool.state) + QLatin1Char('*');
    line += QStringLiteral(" [") + escaped(tool.expanded ? tr("▾ hide details") : tr("▸ details"))
        + QStringLiteral("](") + toggleHref + QLatin1Char(')');
    if (!tool.expanded)
        return line;

    QStringList out { line, escaped(tr("Arguments:")),
                      fenced(prettyJson(tool.arguments), QStringLiteral("json")) };
    if (!tool.hasResult) {
        out.append(QLatin1Char('*') + escaped(tr("No result yet.")) + QLatin1Char('*'));
        return out.join(QLatin1String("\n\n"));
    }
    out.append(escaped(tool.isError ? tr("Error:") : tr("Result:")));
    QString shown = tool.result;
    QStringList notes;
    const QStringList lines = shown.split(QLatin1Char('\n'));
    if (lines.size() > ShownResultLines) {
        shown = lines.mid(0, ShownResultLines).join(QLatin1Char('\n'));
        notes.append(
            tr("Only the first %1 of %2 lines are shown.").arg(ShownResultLines).arg(lines.size()));
    }
    if (shown.size() > ShownResultChars) {
        shown = shown.left(ShownResultChars);
        if (notes.isEmpty())
            notes.append(tr("Shortened to %1 characters.").arg(ShownResultChars));
    }
    if (tool.truncated)
        notes.append(tr("The tool cut its output at its size limit."));
    out.append(fenced(shown.isEmpty() ? tr("(empty)") : shown));
    if (!notes.isEmpty())
        out.append(QLatin1Char('*') + escaped(notes.join(QLatin1Char(' '))) + QLatin1Char('*'));
    return out.join(QLatin1String("\n\n"));
}
