// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpstream.h"

#include "benchutil.h"

#include <QHostAddress>
#include <QTcpSocket>

#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace Bench {

namespace {

// Where the next "\n\n" starts in p[from, size), or -1.
qsizetype findBlankLine(const char *p, qsizetype from, qsizetype size)
{
    while (from + 1 < size) {
        const void *hit = std::memchr(p + from, '\n', size_t(size - from - 1));
        if (!hit)
            return -1;
        const qsizetype i = static_cast<const char *>(hit) - p;
        if (p[i + 1] == '\n')
            return i;
        from = i + 1;
    }
    return -1;
}

} // namespace

QByteArrayView sseData(QByteArrayView block)
{
    qsizetype at = 0;
    if (!block.startsWith("data:")) {
        at = block.indexOf("\ndata:");
        if (at < 0)
            return {};
        ++at;
    }
    at += 5;
    if (at < block.size() && block.at(at) == ' ')
        ++at;
    qsizetype end = block.indexOf('\n', at);
    if (end < 0)
        end = block.size();
    return block.sliced(at, end - at);
}

QByteArrayView envelopeType(QByteArrayView json)
{
    if (!json.startsWith("{\"type\":\""))
        return {};
    const qsizetype end = json.indexOf('"', 9);
    return end < 0 ? QByteArrayView() : json.sliced(9, end - 9);
}

HttpStream::HttpStream(quint16 port)
    : m_socket(new QTcpSocket)
    , m_port(port)
{
    QObject::connect(m_socket, &QTcpSocket::connected, m_socket, [this] {
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (quickAck) {
            const int one = 1;
            ::setsockopt(int(m_socket->socketDescriptor()), IPPROTO_TCP, TCP_QUICKACK, &one,
                         sizeof one);
        }
        if (!m_pendingRequest.isEmpty()) {
            m_socket->write(m_pendingRequest);
            m_socket->flush();
            m_pendingRequest.clear();
        }
        if (onConnected)
            onConnected();
    });
    QObject::connect(m_socket, &QTcpSocket::readyRead, m_socket, [this] { readAvailable(); });
    QObject::connect(m_socket, &QTcpSocket::disconnected, m_socket, [this] {
        readAvailable();
        if (m_phase == Phase::UntilClose)
            endResponse(nowNs());
        else if (m_waiting)
            fail("connection closed before the response ended");
    });
    QObject::connect(m_socket, &QTcpSocket::errorOccurred, m_socket,
                     [this](QAbstractSocket::SocketError error) {
                         if (error == QAbstractSocket::RemoteHostClosedError)
                             return; // handled by disconnected
                         if (m_waiting || m_socket->state() != QAbstractSocket::ConnectedState)
                             fail(m_socket->errorString().toUtf8());
                     });
}

HttpStream::~HttpStream()
{
    m_socket->disconnect();
    m_socket->abort();
    delete m_socket;
}

void HttpStream::open()
{
    m_socket->connectToHost(QHostAddress::LocalHost, m_port);
}

bool HttpStream::isConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

void HttpStream::send(const QByteArray &request)
{
    m_status = 0;
    m_done = false;
    m_waiting = true;
    m_body.clear();
    m_scanned = 0;
    m_events = 0;
    if (!isConnected()) {
        m_pendingRequest = request;
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            open();
        return;
    }
    m_socket->write(request);
    m_socket->flush();
}

void HttpStream::abort()
{
    m_waiting = false;
    m_socket->abort();
}

void HttpStream::readAvailable()
{
    const qint64 at = nowNs();
    for (int round = 0; round < 64; ++round) {
        const qint64 available = m_socket->bytesAvailable();
        if (available <= 0)
            break;
        const qsizetype old = m_in.size();
        m_in.resize(old + available);
        const qint64 got = m_socket->read(m_in.data() + old, available);
        m_in.resize(old + qMax<qint64>(got, 0));
        if (got <= 0)
            break;
        m_bytesIn += got;
    }
    if (quickAck) {
        const int one = 1;
        ::setsockopt(int(m_socket->socketDescriptor()), IPPROTO_TCP, TCP_QUICKACK, &one,
                     sizeof one);
    }
    parse(at);
}

bool HttpStream::parseHead(qsizetype end)
{
    const QByteArrayView head(m_in.constData(), end);
    // "HTTP/1.1 200 OK"
    if (!head.startsWith("HTTP/1.") || head.size() < 12) {
        fail("not an HTTP response");
        return false;
    }
    m_status = head.sliced(9, 3).toByteArray().toInt();
    const QByteArray lower = head.toByteArray().toLower();
    m_phase = Phase::UntilClose;
    if (lower.contains("\r\ntransfer-encoding: chunked")) {
        m_phase = Phase::ChunkSize;
    } else {
        const qsizetype at = lower.indexOf("\r\ncontent-length:");
        if (at >= 0) {
            const qsizetype lineEnd = lower.indexOf("\r\n", at + 2);
            m_remaining = lower.mid(at + 17, (lineEnd < 0 ? lower.size() : lineEnd) - at - 17)
                              .trimmed()
                              .toLongLong();
            m_phase = Phase::Length;
        }
    }
    return true;
}

void HttpStream::parse(qint64 atNs)
{
    const char *p = m_in.constData();
    const qsizetype size = m_in.size();
    qsizetype pos = 0;
    bool more = true;
    // Every pass consumes bytes or stops; the pass count is bounded as well.
    for (qsizetype guard = 0; guard <= size + 16 && more && pos < size && !failed(); ++guard) {
        switch (m_phase) {
        case Phase::Head: {
            const qsizetype end = m_in.indexOf("\r\n\r\n", pos);
            if (end < 0) {
                more = false;
                break;
            }
            if (pos > 0) { // keep the head at the start for parseHead
                m_in.remove(0, pos);
                return parse(atNs);
            }
            if (!parseHead(end))
                return;
            pos = end + 4;
            if (m_phase == Phase::Length && m_remaining == 0)
                endResponse(atNs);
            break;
        }
        case Phase::ChunkSize: {
            const void *hit = std::memchr(p + pos, '\n', size_t(size - pos));
            if (!hit) {
                more = false;
                break;
            }
            const qsizetype nl = static_cast<const char *>(hit) - p;
            bool ok = false;
            const qint64 chunk =
                QByteArray(p + pos, nl - pos).split(';').constFirst().trimmed().toLongLong(&ok, 16);
            if (!ok) {
                fail("bad chunk size line");
                return;
            }
            pos = nl + 1;
            m_remaining = chunk;
            m_phase = chunk == 0 ? Phase::Trailer : Phase::ChunkData;
            break;
        }
        case Phase::ChunkData: {
            const qsizetype take = qsizetype(qMin<qint64>(m_remaining, size - pos));
            appendBody(p + pos, take);
            pos += take;
            m_remaining -= take;
            if (m_remaining == 0)
                m_phase = Phase::ChunkEnd;
            break;
        }
        case Phase::ChunkEnd: {
            const void *hit = std::memchr(p + pos, '\n', size_t(size - pos));
            if (!hit) {
                more = false;
                break;
            }
            pos = static_cast<const char *>(hit) - p + 1;
            m_phase = Phase::ChunkSize;
            break;
        }
        case Phase::Trailer: {
            const void *hit = std::memchr(p + pos, '\n', size_t(size - pos));
            if (!hit) {
                more = false;
                break;
            }
            const qsizetype nl = static_cast<const char *>(hit) - p;
            const bool blank = nl == pos || (nl == pos + 1 && p[pos] == '\r');
            pos = nl + 1;
            if (blank)
                endResponse(atNs);
            break;
        }
        case Phase::Length: {
            const qsizetype take = qsizetype(qMin<qint64>(m_remaining, size - pos));
            appendBody(p + pos, take);
            pos += take;
            m_remaining -= take;
            if (m_remaining == 0)
                endResponse(atNs);
            break;
        }
        case Phase::UntilClose:
            appendBody(p + pos, size - pos);
            pos = size;
            break;
        }
    }
    if (!failed() && !m_done)
        scan(atNs);
    if (pos > 0)
        m_in.remove(0, qMin(pos, m_in.size()));
}

void HttpStream::appendBody(const char *data, qsizetype size)
{
    m_body.append(data, size);
}

void HttpStream::scan(qint64 atNs)
{
    if (!scanEvents)
        return;
    const char *p = m_body.constData();
    const qsizetype size = m_body.size();
    qsizetype start = 0; // of the block being looked at (consumed blocks are removed)
    qsizetype from = m_scanned; // searched already, up to here
    for (qsizetype guard = 0; guard <= size; ++guard) { // each pass moves past a blank line
        const qsizetype end = findBlankLine(p, from, size);
        if (end < 0)
            break;
        const QByteArrayView data = sseData(QByteArrayView(p + start, end - start));
        start = from = end + 2;
        if (!data.isNull()) {
            ++m_events;
            if (onEvent)
                onEvent(data, atNs);
        }
    }
    if (start > 0)
        m_body.remove(0, start);
    m_scanned = qMax<qsizetype>(0, m_body.size() - 1);
}

void HttpStream::endResponse(qint64 atNs)
{
    scan(atNs);
    m_done = true;
    m_waiting = false;
    m_phase = Phase::Head;
    if (onEnd)
        onEnd(atNs);
}

void HttpStream::fail(const QByteArray &why)
{
    if (failed())
        return;
    m_failure = why.isEmpty() ? QByteArray("failed") : why;
    m_waiting = false;
    if (onFailure)
        onFailure(m_failure);
}

} // namespace Bench
