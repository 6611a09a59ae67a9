// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/anthropicstream.h"

#include "enginelog.h"
#include "providers/upstreamreply.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTimerEvent>

namespace {

struct ErrorBody
{
    QString type;
    QString message;
};

// {"type": "error", "error": {"type", "message"}}, or whatever else came as an error body.
ErrorBody errorBody(const QByteArray &body)
{
    const QJsonObject error =
        QJsonDocument::fromJson(body).object().value(QLatin1String("error")).toObject();
    ErrorBody parsed { error.value(QLatin1String("type")).toString(),
                       error.value(QLatin1String("message")).toString() };
    if (parsed.message.isEmpty())
        parsed.message = QString::fromUtf8(body.left(300)).simplified();
    parsed.message = parsed.message.left(500);
    return parsed;
}

} // namespace

AnthropicStream::AnthropicStream(Send send, const ProviderEntry &entry, NetworkTimeouts timeouts,
                                 QObject *parent)
    : UpstreamStream(entry, timeouts, parent)
    , m_send(std::move(send))
    , m_keyEnv(entry.keyEnv)
{ }

void AnthropicStream::start()
{
    m_since.start();
    startAttempt();
}

void AnthropicStream::startAttempt()
{
    m_events = AnthropicEvents();
    m_attemptOver = false;
    attach(m_send());
}

void AnthropicStream::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_retryTimer.timerId()) {
        m_retryTimer.stop();
        if (!m_done)
            startAttempt();
        return;
    }
    UpstreamStream::timerEvent(event);
}

void AnthropicStream::abort()
{
    m_retryTimer.stop();
    UpstreamStream::abort();
}

void AnthropicStream::handleEvent(const SseEvent &event)
{
    if (m_done || m_attemptOver)
        return;
    QString error;
    if (!m_events.read(event, *this, &error)) {
        fail({ ErrorKind::BadUpstream,
               QStringLiteral("%1 sent %2. The reply was stopped; try again, or check that the "
                              "base URL points at Anthropic's API.")
                   .arg(m_providerName, error) });
        return;
    }
    if (!m_done && !m_attemptOver && m_events.stopped())
        finish();
}

void AnthropicStream::onText(QByteArrayView utf8)
{
    m_emitted = true;
    deltaReceived({ utf8 });
}

void AnthropicStream::onThinking(const QString &text)
{
    m_emitted = true;
    thinkingReceived(text);
}

void AnthropicStream::onSignature(const QString &signature)
{
    thinkingSigned(signature);
}

void AnthropicStream::onToolCallPiece(const ToolCallDelta &piece)
{
    m_emitted = true;
    toolCallDelta(piece);
}

void AnthropicStream::onStreamError(const QString &type, const QString &message)
{
    const int status = type == QLatin1String("overloaded_error") ? 529
        : type == QLatin1String("rate_limit_error")              ? 429
                                                                 : 0;
    const EngineError error = errorForType(type, message, status);
    if (status != 0 && !m_emitted) {
        retry(error, -1); // nothing of the reply went out yet: nobody sees a piece twice
        return;
    }
    EngineError midway = error;
    midway.message = QStringLiteral("%1 stopped in the middle of the reply: %2 What arrived is "
                                    "kept; try again.")
                         .arg(m_providerName, error.message);
    fail(midway);
}

int AnthropicStream::retryAfterMs() const
{
    if (!m_client)
        return -1;
    bool ok = false;
    const int ms = m_client->header("retry-after-ms").trimmed().toInt(&ok);
    if (ok && ms >= 0)
        return ms;
    const int seconds = m_client->header("retry-after").trimmed().toInt(&ok);
    return ok && seconds >= 0 ? seconds * 1000 : -1;
}

void AnthropicStream::retry(const EngineError &error, int delayMs)
{
    m_attemptOver = true;
    m_timer.stop();
    if (delayMs < 0) {
        // Exponential backoff with some jitter, so that many clients do not come back at once.
        delayMs = m_timeouts.retryBaseMs << (m_attempt - 1);
        delayMs += int(QRandomGenerator::global()->bounded(qMax(1, delayMs / 4)));
    }
    const bool tooLate = m_since.elapsed() + delayMs > RetryWindowMs;
    if (m_attempt >= MaxAttempts || tooLate) {
        EngineError final = error;
        final.message += m_attempt > 1
            ? QStringLiteral(" Attache tried %1 times; try again later.").arg(m_attempt)
            : QStringLiteral(" Try again later.");
        fail(final);
        return;
    }
    closeClient();
    ++m_attempt;
    qCInfo(lcEngine, "%s: %s, trying again in %d ms (attempt %d)", qUtf8Printable(m_providerName),
           qUtf8Printable(error.code()), delayMs, m_attempt);
    retrying(error, m_attempt, delayMs);
    m_retryTimer.start(delayMs, Qt::PreciseTimer, this);
}

void AnthropicStream::onErrorStatus()
{
    const EngineError error = errorForStatus(m_status);
    if (m_status == 429 || m_status == 529 || m_status == 503) {
        retry(error, retryAfterMs());
        return;
    }
    fail(error);
}

void AnthropicStream::onFailed()
{
    if (m_done || m_attemptOver || !m_client)
        return;
    m_timer.stop();
    if (m_status >= 400) {
        onErrorStatus(); // the error answer was cut short; what arrived still says what happened
        return;
    }
    const QString why = m_client->errorString();
    if (m_client->failure() == HttpStreamClient::Failure::Protocol) {
        fail({ ErrorKind::BadUpstream,
               QStringLiteral(
                   "%1 answered with something Attache cannot read as HTTP (%2). Check that the "
                   "base URL points at Anthropic's API.")
                   .arg(m_providerName, why) });
    } else if (m_gotFirstByte) {
        fail(UpstreamReply::brokenOff(m_providerName, why));
    } else {
        fail({ ErrorKind::UpstreamError,
               QStringLiteral("Could not reach %1 at %2: %3. Check your network and the base URL.")
                   .arg(m_providerName, m_host, why) });
    }
}

void AnthropicStream::onFinished()
{
    if (m_done || m_attemptOver || !m_client)
        return;
    m_timer.stop();
    if (m_status >= 400) {
        onErrorStatus();
        return;
    }
    if (m_status >= 300) {
        // Redirects are not followed: a chat request must not silently go somewhere else.
        fail({ ErrorKind::BadUpstream,
               QStringLiteral(
                   "%1 answered HTTP %2, a redirect to \"%3\". Set the base URL to the address "
                   "it points to.")
                   .arg(m_providerName)
                   .arg(m_status)
                   .arg(QString::fromUtf8(m_client->header("location").left(300))),
               -1, m_status });
        return;
    }
    if (!m_eventStream) {
        QString error;
        const QJsonDocument doc = QJsonDocument::fromJson(m_body);
        if (!doc.isObject() || !m_events.readMessage(doc.object(), *this, &error)) {
            fail({ ErrorKind::BadUpstream,
                   QStringLiteral("%1 answered with something that is not a message: \"%2\". "
                                  "Check the base URL.")
                       .arg(m_providerName, QString::fromUtf8(m_body.left(120)).simplified()) });
            return;
        }
        finish();
        return;
    }
    fail({ ErrorKind::UpstreamError,
           QStringLiteral("%1 closed the stream before the reply finished. What arrived is kept; "
                          "try again.")
               .arg(m_providerName) });
}

void AnthropicStream::onTimeout()
{
    if (m_done)
        return;
    if (!m_gotFirstByte) {
        fail({ ErrorKind::Timeout,
               QStringLiteral("%1 did not answer within %2 s. Check your network, or raise "
                              "network/firstByteTimeoutMs in the settings.")
                   .arg(m_providerName)
                   .arg(m_timeouts.firstByteMs / 1000.0) });
    } else {
        fail(UpstreamReply::stalled(m_providerName, m_timeouts.stallMs));
    }
}

EngineError AnthropicStream::errorForStatus(int status) const
{
    const ErrorBody api = errorBody(m_body);
    EngineError error = errorForType(api.type, api.message, status);
    const QByteArray requestId = m_client ? m_client->header("request-id").left(80) : QByteArray();
    if (!requestId.isEmpty())
        error.message += QStringLiteral(" (request %1)").arg(QString::fromLatin1(requestId));
    if (status == 429) {
        const int wait = retryAfterMs();
        error.retryAfterSeconds = wait < 0 ? -1 : (wait + 999) / 1000;
    }
    return error;
}

EngineError AnthropicStream::errorForType(const QString &type, const QString &message,
                                          int status) const
{
    const QString said = type.isEmpty() ? message : type + QStringLiteral(": ") + message;
    if (status == 401 || type == QLatin1String("authentication_error")) {
        return { ErrorKind::AuthFailed,
                 QStringLiteral("%1 rejected the API key (HTTP 401, %2). Check %3 in the "
                                "environment, or the key in Providers.")
                     .arg(m_providerName, said, m_keyEnv),
                 -1, 401 };
    }
    if (status == 403 || type == QLatin1String("permission_error")) {
        return { ErrorKind::AuthFailed,
                 QStringLiteral("%1 does not let this API key do that (HTTP 403, %2). Check that "
                                "the key in %3, or in Providers, may use this model.")
                     .arg(m_providerName, said, m_keyEnv),
                 -1, 403 };
    }
    if (status == 429 || type == QLatin1String("rate_limit_error")) {
        return { ErrorKind::RateLimited,
                 QStringLiteral("%1 is rate limiting requests (%2).").arg(m_providerName, said), -1,
                 429 };
    }
    if (status == 529 || type == QLatin1String("overloaded_error")) {
        return { ErrorKind::UpstreamError,
                 QStringLiteral("%1 is overloaded (%2).").arg(m_providerName, said), -1, 529 };
    }
    if (status == 400 || type == QLatin1String("invalid_request_error")) {
        return { ErrorKind::UpstreamError,
                 QStringLiteral("%1 refused the request (HTTP 400, %2)").arg(m_providerName, said),
                 -1, 400 };
    }
    if (status == 404 || type == QLatin1String("not_found_error")) {
        return { ErrorKind::UpstreamError,
                 QStringLiteral("%1 answered 404 (%2). Check the model name, and that the base "
                                "URL is the API's root, without /v1.")
                     .arg(m_providerName, said),
                 -1, 404 };
    }
    if (status == 0) {
        return { ErrorKind::UpstreamError,
                 QStringLiteral("%1 reported an error (%2).").arg(m_providerName, said), -1, 0 };
    }
    return {
        ErrorKind::UpstreamError,
        QStringLiteral("%1 failed with HTTP %2 (%3).").arg(m_providerName).arg(status).arg(said),
        -1, status
    };
}

void AnthropicStream::finish()
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    releaseClient();
    if (m_events.hasUsage())
        usageReceived(m_events.usage());
    finished(m_events.finishReason(), m_events.toolCalls());
}

void AnthropicStream::fail(const EngineError &error)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    m_retryTimer.stop();
    closeClient();
    // What was generated before the failure was paid for.
    if (m_emitted && m_events.hasUsage())
        usageReceived(m_events.usage());
    qCInfo(lcEngine, "chat failed: %s", qUtf8Printable(error.code()));
    failed(error);
}
