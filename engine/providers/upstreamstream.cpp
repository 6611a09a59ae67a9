// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/upstreamstream.h"

#include "providers/upstreamreply.h"

#include <QTimerEvent>

namespace {

constexpr qsizetype MaxBufferedBody = 4 * 1024 * 1024;
// No single event is anywhere near this; a stream that sends this much without completing an
// event is broken, and buffering it further would only eat memory.
constexpr qsizetype MaxBytesWithoutEvent = 16 * 1024 * 1024;

} // namespace

UpstreamStream::UpstreamStream(const ProviderEntry &entry, NetworkTimeouts timeouts,
                               QObject *parent)
    : ChatStream(parent)
    , m_providerName(entry.name)
    , m_host(entry.baseUrl.host())
    , m_timeouts(timeouts)
{ }

UpstreamStream::~UpstreamStream()
{
    closeClient();
}

void UpstreamStream::attach(HttpStreamClient *client)
{
    m_parser.reset();
    m_body.clear();
    m_status = 0;
    m_eventStream = false;
    m_gotFirstByte = false;
    m_sinceRead.invalidate();
    m_client = client;
    client->setParent(this);
    client->setReceiver(this);
    m_timer.start(m_timeouts.firstByteMs, Qt::CoarseTimer, this);
}

void UpstreamStream::abort()
{
    m_done = true;
    m_timer.stop();
    closeClient();
}

void UpstreamStream::closeClient()
{
    UpstreamReply::close(m_client);
}

void UpstreamStream::releaseClient()
{
    UpstreamReply::release(m_client);
}

void UpstreamStream::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer.timerId()) {
        ChatStream::timerEvent(event);
        return;
    }
    if (m_gotFirstByte && m_sinceRead.isValid()) {
        const qint64 quiet = m_sinceRead.elapsed();
        if (quiet < m_timeouts.stallMs) {
            m_timer.start(int(m_timeouts.stallMs - quiet), Qt::CoarseTimer, this);
            return;
        }
    }
    m_timer.stop();
    onTimeout();
}

void UpstreamStream::responseHead()
{
    m_gotFirstByte = true;
    m_sinceRead.start();
    m_timer.start(m_timeouts.stallMs, Qt::CoarseTimer, this);
    m_status = m_client->status();
    m_eventStream = UpstreamReply::isEventStream(*m_client);
    if (const auto error = UpstreamReply::encodingError(*m_client, m_providerName))
        fail(*error);
}

void UpstreamStream::responseBody(const QByteArray &bytes)
{
    if (!reading() || !m_client)
        return;
    m_sinceRead.start(); // the stall timer waits on from here when it fires
    if (m_status >= 400 || !m_eventStream) {
        if (m_body.size() + bytes.size() > MaxBufferedBody) {
            fail({ ErrorKind::BadUpstream,
                   QStringLiteral("%1 sent a reply larger than %2 MiB without streaming it.")
                       .arg(m_providerName)
                       .arg(MaxBufferedBody / (1024 * 1024)) });
            return;
        }
        m_body += bytes;
        return;
    }
    m_parser.feed(bytes, [this](const SseEvent &event) { handleEvent(event); });
    // Only what is still unparsed counts: one read may carry many megabytes of good events.
    if (reading() && m_parser.pendingBytes() > MaxBytesWithoutEvent) {
        fail({ ErrorKind::BadUpstream,
               QStringLiteral("%1 sent %2 MiB without a complete event; the reply was stopped. "
                              "Check that the base URL points at %3.")
                   .arg(m_providerName)
                   .arg(MaxBytesWithoutEvent / (1024 * 1024))
                   .arg(apiName()) });
    }
}
