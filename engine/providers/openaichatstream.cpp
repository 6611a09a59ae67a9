// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/openaichatstream.h"

#include "enginelog.h"
#include "net/jsonwriter.h"
#include "providers/openaichunk.h"
#include "providers/upstreamreply.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

QString providerMessage(const QByteArray &body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    QString message;
    if (doc.isObject()) {
        const QJsonValue error = doc.object().value(QLatin1String("error"));
        message = error.isObject() ? error.toObject().value(QLatin1String("message")).toString()
                                   : error.toString();
        if (message.isEmpty())
            message = doc.object().value(QLatin1String("message")).toString();
    }
    if (message.isEmpty())
        message = QString::fromUtf8(body.left(300)).simplified();
    return message.left(500);
}

QString excerpt(const QByteArray &bytes)
{
    QString text = QString::fromUtf8(bytes.left(120)).simplified();
    if (bytes.size() > 120)
        text += QStringLiteral("…");
    return text;
}

} // namespace

OpenAiChatStream::OpenAiChatStream(HttpStreamClient *client, const ProviderEntry &entry,
                                   NetworkTimeouts timeouts, QObject *parent)
    : UpstreamStream(entry, timeouts, parent)
{
    attach(client);
}

void OpenAiChatStream::handleEvent(const SseEvent &event)
{
    if (m_done || m_sawDone)
        return;
    if (event.data == "[DONE]") {
        m_sawDone = true;
        finish();
        return;
    }
    OpenAiChunk::Scan scan;
    if (OpenAiChunk::scan(event.data, scan)) {
        // Nearly every chunk: no document is built, and the text goes on as the literal it is.
        if (!scan.finishReason.isEmpty()) {
            m_text.resize(0);
            OpenAiChunk::appendDecoded(scan.finishReason, m_text);
            if (!m_text.isEmpty())
                m_finishReason = QString::fromUtf8(m_text);
        }
        if (scan.content.size() > 2) {
            QByteArrayView utf8 = scan.content.sliced(1, scan.content.size() - 2);
            if (scan.contentEscaped) {
                m_text.resize(0);
                OpenAiChunk::appendDecoded(scan.content, m_text);
                utf8 = m_text;
            }
            deltaReceived({ utf8 });
        }
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(event.data, &parseError);
    if (!doc.isObject()) {
        fail({ ErrorKind::BadUpstream,
               QStringLiteral("%1 sent a malformed chunk (%2): \"%3\". The reply was stopped; try "
                              "again, or check that the base URL points at an OpenAI-compatible "
                              "API.")
                   .arg(m_providerName, parseError.errorString(), excerpt(event.data)) });
        return;
    }
    handleChunk(doc.object());
}

void OpenAiChatStream::handleChunk(const QJsonObject &chunk)
{
    const QJsonValue error = chunk.value(QLatin1String("error"));
    if (!error.isUndefined() && !error.isNull()) {
        fail({ ErrorKind::UpstreamError,
               QStringLiteral("%1 reported an error in the middle of the reply: %2")
                   .arg(m_providerName,
                        providerMessage(QJsonDocument(chunk).toJson(QJsonDocument::Compact))) });
        return;
    }
    const QJsonArray choices = chunk.value(QLatin1String("choices")).toArray();
    if (!choices.isEmpty()) {
        const QJsonObject choice = choices.first().toObject();
        const QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
        const QString content = delta.value(QLatin1String("content")).toString();
        const QString reason = choice.value(QLatin1String("finish_reason")).toString();
        if (!reason.isEmpty())
            m_finishReason = reason;
        const QJsonValue calls = delta.value(QLatin1String("tool_calls"));
        if (calls.isArray())
            mergeToolCalls(calls.toArray());
        if (!content.isEmpty())
            emitText(content);
        if (m_done)
            return;
    }
    const QJsonObject usage = chunk.value(QLatin1String("usage")).toObject();
    if (!usage.isEmpty()) {
        Usage u;
        u.promptTokens = usage.value(QLatin1String("prompt_tokens")).toInteger();
        u.completionTokens = usage.value(QLatin1String("completion_tokens")).toInteger();
        u.cacheReadTokens = usage.value(QLatin1String("prompt_tokens_details"))
                                .toObject()
                                .value(QLatin1String("cached_tokens"))
                                .toInteger();
        usageReceived(u);
    }
}

void OpenAiChatStream::emitText(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    deltaReceived({ utf8 });
}

void OpenAiChatStream::mergeToolCalls(const QJsonArray &pieces)
{
    // A call arrives in pieces: the first names it (id, function name), the rest carry more of
    // the arguments text. "index" says which call a piece belongs to.
    for (const QJsonValue &value : pieces) {
        const QJsonObject piece = value.toObject();
        const int index = piece.value(QLatin1String("index")).toInt(int(m_toolCalls.size()));
        if (index < 0 || index > 127)
            continue;
        while (m_toolCalls.size() <= index)
            m_toolCalls.append(ToolCall());
        ToolCall &call = m_toolCalls[index];
        const QString id = piece.value(QLatin1String("id")).toString();
        if (!id.isEmpty())
            call.id = id;
        const QJsonObject function = piece.value(QLatin1String("function")).toObject();
        const QString name = function.value(QLatin1String("name")).toString();
        if (!name.isEmpty())
            call.name = name;
        const QString arguments = function.value(QLatin1String("arguments")).toString();
        call.arguments += arguments;
        toolCallDelta({ index, id, name, arguments });
    }
}

void OpenAiChatStream::onFailed()
{
    if (m_done || !m_client)
        return;
    m_timer.stop();
    if (m_status >= 400) {
        // The error answer was cut short; what arrived of it still says what went wrong.
        fail(errorForStatus(m_status));
        return;
    }
    const QString why = m_client->errorString();
    if (m_client->failure() == HttpStreamClient::Failure::Protocol) {
        fail(EngineError::make(ErrorKind::BadUpstream,
                               QT_TRANSLATE_NOOP("Engine",
                                                 "%1 answered with something Attache cannot read "
                                                 "as HTTP (%2). Check that the base URL points at "
                                                 "an OpenAI-compatible API."),
                               { m_providerName, why }));
        return;
    }
    if (m_gotFirstByte) {
        fail(UpstreamReply::brokenOff(m_providerName, why));
        return;
    }
    fail({ ErrorKind::UpstreamError,
           QStringLiteral("Could not reach %1 at %2: %3. Check that the server is running and the "
                          "base URL is right.")
               .arg(m_providerName, m_host, why) });
}

void OpenAiChatStream::onFinished()
{
    if (m_done || !m_client)
        return;
    m_timer.stop();
    if (m_status >= 400) {
        fail(errorForStatus(m_status));
        return;
    }
    if (m_status >= 300) {
        // Redirects are not followed: a chat request must not silently go somewhere else.
        const QString location = QString::fromUtf8(m_client->header("location").left(300));
        EngineError error = EngineError::make(
            ErrorKind::BadUpstream,
            QT_TRANSLATE_NOOP("Engine",
                              "%1 answered HTTP %2, a redirect to \"%3\". Set the base URL to the "
                              "address it points to."),
            { m_providerName, QString::number(m_status), location });
        error.upstreamStatus = m_status;
        fail(error);
        return;
    }
    if (!m_eventStream) {
        // Some servers ignore "stream": true and answer with one completion object.
        const QJsonDocument doc = QJsonDocument::fromJson(m_body);
        const QJsonArray choices = doc.object().value(QLatin1String("choices")).toArray();
        if (!doc.isObject() || choices.isEmpty()) {
            fail({ ErrorKind::BadUpstream,
                   QStringLiteral("%1 answered with something that is not a chat completion: "
                                  "\"%2\". Check the base URL.")
                       .arg(m_providerName, excerpt(m_body)) });
            return;
        }
        const QJsonObject choice = choices.first().toObject();
        const QJsonObject message = choice.value(QLatin1String("message")).toObject();
        const QString content = message.value(QLatin1String("content")).toString();
        m_finishReason = choice.value(QLatin1String("finish_reason")).toString();
        QJsonArray calls = message.value(QLatin1String("tool_calls")).toArray();
        for (qsizetype i = 0; i < calls.size(); ++i) {
            QJsonObject call = calls[i].toObject();
            call.insert(QStringLiteral("index"), int(i));
            calls[i] = call;
        }
        mergeToolCalls(calls);
        if (!content.isEmpty())
            emitText(content);
        if (m_done)
            return;
        handleChunk(QJsonObject {
            { QStringLiteral("usage"), doc.object().value(QLatin1String("usage")) } });
        if (!m_done)
            finish();
        return;
    }
    if (!m_sawDone && m_finishReason.isEmpty()) {
        fail({ ErrorKind::UpstreamError,
               QStringLiteral("%1 closed the stream before the reply finished. What arrived is "
                              "kept; try again.")
                   .arg(m_providerName) });
        return;
    }
    finish();
}

void OpenAiChatStream::onTimeout()
{
    if (m_done)
        return;
    if (!m_gotFirstByte) {
        fail({ ErrorKind::Timeout,
               QStringLiteral("%1 did not answer within %2 s. Check that the server at %3 is up; "
                              "a slow local model may need a longer network/firstByteTimeoutMs "
                              "in settings.")
                   .arg(m_providerName)
                   .arg(m_timeouts.firstByteMs / 1000.0)
                   .arg(m_host) });
    } else {
        fail(UpstreamReply::stalled(m_providerName, m_timeouts.stallMs));
    }
}

EngineError OpenAiChatStream::errorForStatus(int status) const
{
    const QString message = providerMessage(m_body);
    if (status == 401 || status == 403) {
        return { ErrorKind::AuthFailed,
                 QStringLiteral("%1 rejected the API key (HTTP %2: %3). Check the key in Providers "
                                "or the environment variable.")
                     .arg(m_providerName)
                     .arg(status)
                     .arg(message),
                 -1, status };
    }
    if (status == 429) {
        bool ok = false;
        const int retryAfter = m_client ? m_client->header("retry-after").toInt(&ok) : 0;
        EngineError error { ErrorKind::RateLimited, {}, ok ? retryAfter : -1, status };
        error.message = ok ? QStringLiteral("%1 is rate limiting requests (%2). Try again in %3 s.")
                                 .arg(m_providerName, message)
                                 .arg(retryAfter)
                           : QStringLiteral("%1 is rate limiting requests (%2). Try again shortly.")
                                 .arg(m_providerName, message);
        return error;
    }
    if (status == 404) {
        return { ErrorKind::UpstreamError,
                 QStringLiteral("%1 answered 404 (%2). Check the model name and that the base URL "
                                "ends with the API version, e.g. /v1.")
                     .arg(m_providerName, message),
                 -1, status };
    }
    return {
        ErrorKind::UpstreamError,
        QStringLiteral("%1 failed with HTTP %2: %3").arg(m_providerName).arg(status).arg(message),
        -1, status
    };
}

void OpenAiChatStream::finish()
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    releaseClient();
    QList<ToolCall> calls;
    for (ToolCall &call : m_toolCalls) {
        if (call.name.isEmpty())
            continue; // a piece without a name is noise, not a call
        if (call.id.isEmpty())
            call.id = QStringLiteral("call_%1").arg(calls.size() + 1);
        calls.append(call);
    }
    // Some servers end a reply with calls as "stop", older ones as "function_call".
    QString reason = m_finishReason;
    if (!calls.isEmpty() || reason == QLatin1String("function_call"))
        reason = FinishReason::ToolCalls;
    finished(reason, calls);
}

void OpenAiChatStream::fail(const EngineError &error)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    closeClient();
    qCInfo(lcEngine, "chat failed: %s", qUtf8Printable(error.code()));
    failed(error);
}
