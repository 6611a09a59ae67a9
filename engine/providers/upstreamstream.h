// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/httpstreamclient.h"
#include "net/sseparser.h"
#include "providers/providerfactory.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QPointer>

/**
 * What the providers' reply readers share: the HTTP client whose response they read (owned),
 * the timer that gives up on a silent provider (the first byte, then each next one), the
 * head's status and kind, a body kept whole when it is an error or not an event stream (up to
 * a limit), and SSE events handed to the reader as they complete. How a reply ends, fails or
 * times out is each reader's own.
 */
class UpstreamStream : public ChatStream, private HttpStreamClient::Receiver
{
    Q_OBJECT
public:
    ~UpstreamStream() override;

    /** Stops at once: the connection is closed, and nothing more is emitted. */
    void abort() override;

protected:
    UpstreamStream(const ProviderEntry &entry, NetworkTimeouts timeouts, QObject *parent);

    /** Reads client's response from now on (the stream owns it); what was read of an earlier
     * response is forgotten. */
    void attach(HttpStreamClient *client);
    /** The connection goes (an unfinished reply cannot be reused). */
    void closeClient();
    /** A finished reply's connection goes back to the pool. */
    void releaseClient();
    void timerEvent(QTimerEvent *event) override;

    /** Whether the current response still counts: not once the reply ended, or was given up
     * for another try. */
    virtual bool reading() const { return !m_done; }
    /** What the base URL should point at, as the messages say it ("Anthropic's API"). */
    virtual QString apiName() const = 0;
    virtual void handleEvent(const SseEvent &event) = 0;
    virtual void onFinished() = 0;
    virtual void onFailed() = 0;
    virtual void onTimeout() = 0;
    virtual void fail(const EngineError &error) = 0;

    QPointer<HttpStreamClient> m_client;
    QString m_providerName;
    QString m_host;
    NetworkTimeouts m_timeouts;
    SseParser m_parser;
    QBasicTimer m_timer; // for the first byte, then for the next one
    // Since the last body bytes: a read notes the time, and the stall timer, when it fires,
    // waits on for what is left of stallMs. Restarting it on every read took and gave back a
    // timer (a search of the thread's list of timers, an allocation) for every event.
    QElapsedTimer m_sinceRead;
    QByteArray m_body; // error bodies and replies that were not streamed
    int m_status = 0;
    bool m_eventStream = false;
    bool m_gotFirstByte = false;
    bool m_done = false;

private:
    void responseHead() override;
    void responseBody(const QByteArray &bytes) override;
    void responseFinished() override { onFinished(); }
    void responseFailed() override { onFailed(); }
};
