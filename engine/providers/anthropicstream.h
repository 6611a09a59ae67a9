// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/anthropicevents.h"
#include "providers/upstreamstream.h"

#include <QBasicTimer>
#include <QElapsedTimer>

#include <functional>

/**
 * Reads a Messages API reply, streamed (or, from a server that ignores "stream", whole). A
 * request refused as rate limited (429, honouring retry-after) or overloaded (529, or an
 * overloaded_error event before any piece of the reply) is sent again after a backoff, up to
 * MaxAttempts tries within RetryWindowMs, each announced by retrying(); then it fails clearly.
 */
class AnthropicStream : public UpstreamStream, private AnthropicEventSink
{
    Q_OBJECT
public:
    /** Sends the request once more and returns its client (the stream owns it). */
    using Send = std::function<HttpStreamClient *()>;

    AnthropicStream(Send send, const ProviderEntry &entry, NetworkTimeouts timeouts,
                    QObject *parent);

    /** Sends the first request. */
    void start();
    void abort() override;

    static constexpr int MaxAttempts = 3;
    static constexpr int RetryWindowMs = 20000;

protected:
    void timerEvent(QTimerEvent *event) override;
    bool reading() const override { return !m_done && !m_attemptOver; }
    QString apiName() const override { return QStringLiteral("Anthropic's API"); }
    void handleEvent(const SseEvent &event) override;
    void onFinished() override;
    void onFailed() override;
    void onTimeout() override;
    void fail(const EngineError &error) override;

private:
    void startAttempt();
    void onErrorStatus();
    /** Sends the request again after delayMs (-1: the backoff), or fails when it may not. */
    void retry(const EngineError &error, int delayMs);
    /** How long the answer asks to wait before trying again, in ms; -1 when it does not say. */
    int retryAfterMs() const;
    EngineError errorForStatus(int status) const;
    EngineError errorForType(const QString &type, const QString &message, int status) const;
    void finish();

    // AnthropicEventSink
    void onText(QByteArrayView utf8) override;
    void onThinking(const QString &text) override;
    void onSignature(const QString &signature) override;
    void onToolCallPiece(const ToolCallDelta &piece) override;
    void onStreamError(const QString &type, const QString &message) override;

    Send m_send;
    QString m_keyEnv;
    AnthropicEvents m_events;
    QBasicTimer m_retryTimer;
    QElapsedTimer m_since; // the first attempt's start: retries stay within RetryWindowMs
    int m_attempt = 1;
    bool m_emitted = false; // a piece of the reply went out: no retry from here on
    bool m_attemptOver = false; // the current response is being given up (retry or failure)
};
