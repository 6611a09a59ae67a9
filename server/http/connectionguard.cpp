// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/connectionguard.h"

#include "http/drainjudge.h"
#include "http/httpexchange.h"
#include "http/limitedtcpserver.h"
#include "http/serverlog.h"
#include "net/directsocket.h"

#include <QTcpSocket>
#include <QTimerEvent>

#include <sys/socket.h>

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, ConnectionRegistry *registry,
                                 Admission admission)
    : QObject(socket)
    , m_socket(socket)
    , m_registry(registry)
    , m_limits(registry->limits())
    , m_limiter(m_limits)
    , m_admission(admission)
{
    m_registered = true;
    if (admission == Admission::Admitted)
        registry->m_open.insert(this);
    else
        ++registry->m_refusing;
    registry->m_trimmer.activity();
    connect(socket, &QAbstractSocket::disconnected, this, &ConnectionGuard::onDisconnected);
}

ConnectionGuard::~ConnectionGuard()
{
    unregister();
}

ConnectionGuard *ConnectionGuard::of(const QObject *socket)
{
    return socket ? socket->findChild<ConnectionGuard *>(QString(), Qt::FindDirectChildrenOnly)
                  : nullptr;
}

void ConnectionGuard::unregister()
{
    if (!m_registered)
        return;
    m_registered = false;
    if (!m_registry)
        return;
    if (m_admission == Admission::Admitted)
        m_registry->m_open.remove(this);
    else
        --m_registry->m_refusing;
    m_registry->m_trimmer.activity();
}

void ConnectionGuard::watch()
{
    connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuard::onReadyRead);
    // A connection that never sends a whole request is a slow client like any other.
    arm(Timer::Header, m_limits.headerTimeoutMs);
}

void ConnectionGuard::onReadyRead()
{
    if (m_state == State::WebSocket) {
        if (m_upgraded)
            m_upgraded->socketReadable();
        return;
    }
    if (m_reading)
        return;
    const QPointer<ConnectionGuard> self(this);
    m_reading = true;
    // One request at a time: the next is read once the answer to the last is over (an event
    // stream's answer lasts as long as the stream), as HTTP/1.1 wants the answers in order.
    while (m_state == State::Http && m_responses == 0
           && m_socket->state() == QAbstractSocket::ConnectedState) {
        const qint64 available = m_socket->bytesAvailable();
        if (available <= 0)
            break;
        const QByteArray bytes = m_socket->peek(qMin<qint64>(available, ReadChunkBytes));
        qsizetype used = 0;
        const std::optional<ApiError> error = m_limiter.feedUntilComplete(bytes, &used);
        if (error) {
            reject(*error);
            break;
        }
        m_socket->skip(used);
        if (m_limiter.continuesDue() > m_continuesSent) {
            m_continuesSent = m_limiter.continuesDue();
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        std::optional<ApiRequest> request = m_limiter.takeRequest();
        if (!request) {
            if (used == 0)
                break;
            continue; // more of the head or the body is to come
        }
        RequestSink *sink = m_registry ? m_registry->sink() : nullptr;
        if (!sink) {
            close(0, {});
            break;
        }
        if (request->header("upgrade").toLower() == "websocket") {
            if (!request->body.isEmpty()) {
                reject(ApiError { 400,
                                  QStringLiteral("invalid_request"),
                                  QStringLiteral("A WebSocket upgrade request has no body."),
                                  {} });
            } else {
                sink->handleUpgrade(*request, m_socket);
            }
            break;
        }
        sink->handleRequest(*request, m_socket);
        if (!self)
            return;
    }
    m_reading = false;
    // Everything sent has been read: the socket's read block need not wait with it for the
    // answer (an event stream's lasts as long as the stream) or for the next request.
    if (m_state == State::Http) {
        if (auto *direct = qobject_cast<DirectTcpSocket *>(m_socket))
            direct->releaseReadBuffer();
    }
    updateTimer();
}

void ConnectionGuard::onDisconnected()
{
    disarm();
    if (Upgraded *peer = std::exchange(m_upgraded, nullptr))
        peer->socketDisconnected();
    // Done with: its guard and exchange are its children, a WebSocket peer lets go of it.
    m_socket->deleteLater();
    m_state = State::Closing;
    unregister();
}

void ConnectionGuard::responseStarted()
{
    ++m_responses;
    updateTimer();
}

void ConnectionGuard::responseFinished()
{
    if (m_responses > 0)
        --m_responses;
    ++m_served;
    updateTimer();
    // A pipelining client's next request may be waiting in the buffer; read it on the next pass
    // (this runs inside the answer to the last one).
    if (m_responses == 0 && m_state == State::Http && m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &ConnectionGuard::onReadyRead, Qt::QueuedConnection);
}

void ConnectionGuard::webSocketEstablished(qint64 readBufferBytes, Upgraded *peer)
{
    if (m_state != State::Http)
        return;
    m_state = State::WebSocket;
    m_upgraded = peer;
    disarm();
    // From here on the bytes are WebSocket frames, read by the peer as they come.
    m_socket->setReadBufferSize(readBufferBytes);
}

void ConnectionGuard::updateTimer()
{
    if (m_state != State::Http)
        return;
    if (m_responses > 0) {
        disarm();
    } else if (m_limiter.readingHeaders()
               || (m_served == 0 && m_limiter.phase() == RequestLimiter::Phase::Idle)) {
        // From the first byte of a request (or from the accept), never restarted: a client
        // trickling a header line now and then still has to finish in time.
        if (m_timerKind != Timer::Header)
            arm(Timer::Header, m_limits.headerTimeoutMs);
    } else if (m_limiter.readingBody()) {
        arm(Timer::Body, m_limits.headerTimeoutMs); // restarted by every arrival: a stall
    } else if (m_socket->bytesToWrite() > DrainJudge::Cap) {
        // A response ended with much of it unread (the stream judged its reader until then):
        // the client must go on draining it, or go.
        if (m_timerKind != Timer::Drain) {
            m_unsentAtCheck = m_socket->bytesToWrite();
            m_unsentSinceMs = drainNowMs();
            arm(Timer::Drain, DrainJudge::GraceMs);
        }
    } else if (m_timerKind != Timer::Idle) {
        arm(Timer::Idle, m_limits.idleTimeoutMs);
    }
}

qint64 ConnectionGuard::drainNowMs() const
{
    return DrainJudge::now(m_registry ? m_registry->drainClock() : DrainJudge::Clock());
}

void ConnectionGuard::arm(Timer timer, int ms)
{
    m_timerKind = timer;
    m_timer.start(qMax(0, ms), Qt::CoarseTimer, this);
}

void ConnectionGuard::disarm()
{
    m_timerKind = Timer::None;
    m_timer.stop();
}

void ConnectionGuard::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer.timerId())
        return QObject::timerEvent(event);
    const Timer fired = m_timerKind;
    disarm();
    switch (fired) {
    case Timer::Header:
    case Timer::Body:
        reject({ 408,
                 QStringLiteral("request_timeout"),
                 QStringLiteral("The request did not arrive within %1 ms.")
                     .arg(m_limits.headerTimeoutMs),
                 {} });
        break;
    case Timer::Idle:
        close(0, {});
        break;
    case Timer::Drain:
        if (m_socket->bytesToWrite() >= m_unsentAtCheck) {
            // The timer keeps the system's time; the grace is counted on the drain clock, which a
            // test may have run slower.
            const qint64 waited = drainNowMs() - m_unsentSinceMs;
            if (waited < DrainJudge::GraceMs) {
                arm(Timer::Drain, int(qMax<qint64>(1, DrainJudge::GraceMs - waited)));
                break;
            }
            qCInfo(lcServer, "dropping a client that stopped reading its answer");
            m_socket->abort();
            break;
        }
        m_unsentAtCheck = m_socket->bytesToWrite();
        m_unsentSinceMs = drainNowMs();
        if (m_unsentAtCheck > DrainJudge::Cap)
            arm(Timer::Drain, DrainJudge::GraceMs);
        else
            updateTimer();
        break;
    case Timer::Linger:
        m_socket->abort();
        break;
    case Timer::None:
        break;
    }
}

void ConnectionGuard::reject(const ApiError &error)
{
    if (m_state == State::Closing)
        return;
    m_state = State::Closing;
    disarm();
    // Nobody may see another byte of this connection; slots disconnected now are skipped even
    // in the readyRead emission under way.
    disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
    if (m_responses > 0) {
        // An answer is being written; another one cannot be put in the middle of it.
        m_socket->abort();
        return;
    }
    qCDebug(lcServer, "refusing a request: %d %s", error.status, qUtf8Printable(error.code));
    const ApiResponse response = error.toResponse();
    QByteArray head = SocketExchange::statusLine(response.status);
    head += "Content-Type: " + response.contentType
        + "\r\nContent-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    for (const auto &header : response.headers)
        head += header.first + ": " + header.second + "\r\n";
    head += "Connection: close\r\n\r\n";
    m_socket->write(head + response.body);
    // Closing with unread input would reset the connection and could destroy the answer before
    // the client reads it: stop sending, keep discarding what comes, cut after LingerMs.
    drain();
    connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuard::drain);
    endOutput(LingerMs);
}

void ConnectionGuard::endOutput(int lingerMs)
{
    arm(Timer::Linger, lingerMs);
    connect(m_socket, &QIODevice::bytesWritten, this, &ConnectionGuard::finishWriting,
            Qt::UniqueConnection);
    m_socket->flush();
    finishWriting();
}

void ConnectionGuard::drain()
{
    m_socket->skip(m_socket->bytesAvailable());
}

void ConnectionGuard::finishWriting()
{
    if (m_socket->bytesToWrite() > 0 || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    disconnect(m_socket, &QIODevice::bytesWritten, this, &ConnectionGuard::finishWriting);
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
}

void ConnectionGuard::close(quint16 webSocketCloseCode, const QByteArray &reason)
{
    if (m_state == State::Closing)
        return;
    if (m_state == State::WebSocket && m_upgraded) {
        // The peer's close frame goes after what it has written, and its closing handshake
        // reads the client's answer; the linger time-out is the backstop.
        m_upgraded->closeUpgraded(webSocketCloseCode != 0 ? webSocketCloseCode : 1001, reason);
        if (m_timerKind != Timer::Linger)
            arm(Timer::Linger, LingerMs);
        return;
    }
    if (m_state == State::WebSocket && webSocketCloseCode != 0) {
        // A server's close frame (unmasked), so the client knows why rather than just that.
        const QByteArray payload = QByteArray(1, char(webSocketCloseCode >> 8))
            + char(webSocketCloseCode & 0xff) + reason.left(123);
        m_socket->write(QByteArray(1, char(0x88)) + char(payload.size()) + payload);
    }
    m_state = State::Closing;
    disarm();
    disconnect(m_socket, &QIODevice::readyRead, this, nullptr);
    // Stops reading at once; what was already written (an event stream's last frames, the close
    // frame) still goes out, unless the client does not read it within LingerMs.
    m_socket->disconnectFromHost();
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        arm(Timer::Linger, LingerMs);
}
