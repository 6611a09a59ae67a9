// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/httpstreamclient.h"
#include "net/sseparser.h"
#include "providers/anthropicevents.h"
#include "providers/providerfactory.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QPointer>

#include <functional>

/**
 * Reads a Messages API reply, streamed (or, from a server that ignores "stream", whole). A
 * request refused as rate limited (429, honouring retry-after) or overloaded (529, or an
 * overloaded_error event before any piece of the reply) is sent again after a backoff, up to
 * MaxAttempts tries within RetryWindowMs, each announced by retrying(); then it fails clearly.
 */
class AnthropicStream : public ChatStream, private AnthropicEventSink
{
    Q_OBJECT
public:
    /** Sends the request once more and returns its client (the stream owns it). */
    using Send = std::function<HttpStreamClient *()>;

    AnthropicStream(Send send, const ProviderEntry &entry, NetworkTimeouts timeouts,
                    QObject *parent);
    ~AnthropicStream() override;

    /** Sends the first request. */
    void start();
    void abort() override;

    static constexpr int MaxAttempts = 3;
    static constexpr int RetryWindowMs = 20000;

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void startAttempt();
    void onHead();
    void onBody(const QByteArray &bytes);
    void onFinished();
    void onFailed();
    void onTimeout();
    void handleEvent(const SseEvent &event);
    void onErrorStatus();
    /** Sends the request again after delayMs (-1: the backoff), or fails when it may not. */
    void retry(const EngineError &error, int delayMs);
    /** How long the answer asks to wait before trying again, in ms; -1 when it does not say. */
    int retryAfterMs() const;
    EngineError errorForStatus(int status) const;
    EngineError errorForType(const QString &type, const QString &message, int status) const;
    void finish();
    void fail(const EngineError &error);
    void closeClient();
    void releaseClient();

    // AnthropicEventSink
    void onText(QByteArrayView utf8) override;
    void onThinking(const QString &text) override;
    void onSignature(const QString &signature) override;
    void onToolCallPiece(const ToolCallDelta &piece) override;
    void onStreamError(const QString &type, const QString &message) override;

    Send m_send;
    QPointer<HttpStreamClient> m_client;
    QString m_providerName;
    QString m_keyEnv;
    QString m_host;
    NetworkTimeouts m_timeouts;
    SseParser m_parser;
    AnthropicEvents m_events;
    QBasicTimer m_timer; // for the first byte, then for the next one
    QBasicTimer m_retryTimer;
    QElapsedTimer m_since; // the first attempt's start: retries stay within RetryWindowMs
    QByteArray m_body; // error bodies and answers that were not streamed
    int m_attempt = 1;
    int m_status = 0;
    bool m_eventStream = false;
    bool m_gotFirstByte = false;
    bool m_emitted = false; // a piece of the reply went out: no retry from here on
    bool m_attemptOver = false; // the current response is being given up (retry or failure)
    bool m_done = false;
};
