// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/runprinter.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <unistd.h>

namespace Cli {

namespace {

QString oneLine(QString text, int limit = 100)
{
    text = text.simplified();
    return text.size() > limit ? text.left(limit - 1) + QChar(0x2026) : text;
}

QString argumentSummary(const QJsonObject &arguments)
{
    QStringList parts;
    for (auto it = arguments.begin(); it != arguments.end(); ++it) {
        const QString value = it->isString()
            ? it->toString()
            : QString::fromUtf8(QJsonDocument(QJsonArray { *it }).toJson(QJsonDocument::Compact))
                  .mid(1)
                  .chopped(1);
        parts.append(it.key() + QLatin1Char('=') + oneLine(value, 40));
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace

RunPrinter::RunPrinter(bool json, bool styled)
    : m_json(json)
    , m_styler(styled)
    , m_errStyle { Terminal::styles(STDERR_FILENO) }
    , m_sameTerminal(Terminal::isTerminal(STDOUT_FILENO) && Terminal::isTerminal(STDERR_FILENO))
{ }

bool RunPrinter::write(const QByteArray &bytes)
{
    if (bytes.isEmpty() || !m_stdoutOpen)
        return m_stdoutOpen;
    m_stdoutOpen = Terminal::out(bytes);
    return m_stdoutOpen;
}

void RunPrinter::breakLine()
{
    if (!m_json && m_sameTerminal && !m_styler.atLineStart())
        write(m_styler.feed(u"\n"));
}

void RunPrinter::note(const QString &text)
{
    if (m_json)
        return;
    breakLine();
    Terminal::err(QString::fromUtf8(m_errStyle.dim()) + text + QString::fromUtf8(m_errStyle.reset())
                  + QLatin1Char('\n'));
}

bool RunPrinter::print(const QJsonObject &event, const QByteArray &raw)
{
    if (m_json)
        return write(raw + '\n');
    const QString type = event.value(QLatin1String("type")).toString();
    const QJsonValue data = event.value(QLatin1String("data"));
    if (type == QLatin1String("stream_chunk")) {
        const QString text = data.toString();
        m_reply += text;
        m_wroteText = m_wroteText || !text.isEmpty();
        return write(m_styler.feed(text));
    }
    if (type == QLatin1String("queued")) {
        note(QStringLiteral("Waiting: a reply is still being written in this session."));
    } else if (type == QLatin1String("context_injected")) {
        const QJsonObject context = data.isObject()
            ? data.toObject()
            : QJsonDocument::fromJson(data.toString().toUtf8()).object();
        for (const QJsonValue &file : context.value(QLatin1String("files")).toArray())
            note(QStringLiteral("Attached %1 (%2 bytes)")
                     .arg(file[QLatin1String("path")].toString())
                     .arg(file[QLatin1String("bytes")].toInteger()));
        for (const QJsonValue &file : context.value(QLatin1String("refused")).toArray())
            note(QStringLiteral("Not attached: %1 (%2)")
                     .arg(file[QLatin1String("path")].toString(),
                          file[QLatin1String("reason")].toString()));
    } else if (type == QLatin1String("tool_call")) {
        const QJsonObject call = data.toObject();
        note(QStringLiteral("→ %1 %2").arg(
            call.value(QLatin1String("name")).toString(),
            argumentSummary(call.value(QLatin1String("arguments")).toObject())));
    } else if (type == QLatin1String("tool_result")) {
        const QJsonObject result = data.toObject();
        const QString content = result.value(QLatin1String("content")).toString();
        note(result.value(QLatin1String("error")).toBool()
                 ? QStringLiteral("← %1 failed: %2")
                       .arg(result.value(QLatin1String("name")).toString(), oneLine(content))
                 : QStringLiteral("← %1: %2 lines")
                       .arg(result.value(QLatin1String("name")).toString())
                       .arg(content.isEmpty() ? 0 : content.count(QLatin1Char('\n')) + 1));
    }
    return m_stdoutOpen;
}

bool RunPrinter::finish()
{
    if (m_json)
        return m_stdoutOpen;
    QByteArray tail = m_styler.finish();
    if (m_wroteText && !m_styler.atLineStart())
        tail += '\n';
    return write(tail);
}

} // namespace Cli
