// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionguard.h"

#include "drainjudge.h"
#include "httpexchange.h"
#include "limitedtcpserver.h"
#include "logging.h"

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

void ConnectionGuard::watchBehindServer()
{
    connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuard::afterReadyRead);
}

void ConnectionGuard::onReadyRead()
{
    if (m_state != State::Http)
        return;
    if (!m_socket->isTransactionStarted()) {
        // Qt's parser is between requests (it holds a read transaction open until a request is
        // whole): whatever is buffered begins the next one.
        m_limiter.reset();
        m_examined = 0;
    }
    const qint64 available = m_socket->bytesAvailable();
    if (available > m_examined) {
        const QByteArray buffered = m_socket->peek(available);
        const qsizetype from = qsizetype(qMin<qint64>(m_examined, buffered.size()));
        const std::optional<ApiError> error = m_limiter.feed(QByteArrayView(buffered).sliced(from));
        m_examined = buffered.size();
        if (error) {
            reject(*error);
            return;
        }
        if (m_limiter.continuesDue() > m_continuesSent) {
            m_continuesSent = m_limiter.continuesDue();
            // Qt 6.4's parser ignores "Expect: 100-continue" (later versions answer it), so a
            // client that waits for the go-ahead would wait for nothing. Never in the middle of
            // another response; a repeated 100 is allowed (RFC 9110 15.2).
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
            if (m_responses == 0)
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
#endif
        }
    }
    updateTimer();
}

void ConnectionGuard::afterReadyRead()
{
    // Qt's parser took what it took; what remains has been examined already.
    if (m_state == State::Http)
        m_examined = m_socket->bytesAvailable();
}

void ConnectionGuard::onDisconnected()
{
    disarm();
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
}

void ConnectionGuard::upgrading(qint64 readBufferBytes)
{
    if (m_state != State::Http)
        return;
    m_state = State::Upgrading;
    // From here on the bytes are WebSocket frames, read by QWebSocket, capped in message size.
    disconnect(m_socket, &QIODevice::readyRead, this, nullptr);
    m_socket->setReadBufferSize(readBufferBytes);
    // Qt's WebSocket server sets no handshake timeout on sockets handed over by the HTTP server.
    arm(Timer::Handshake, m_limits.webSocketHandshakeTimeoutMs);
    // Qt disconnects every slot from the socket as it hands it over; the count must still drop
    // when the WebSocket closes.
    QMetaObject::invokeMethod(
        this,
        [this] {
            connect(m_socket, &QAbstractSocket::disconnected, this,
                    &ConnectionGuard::onDisconnected, Qt::UniqueConnection);
            if (m_socket->state() == QAbstractSocket::UnconnectedState)
                onDisconnected();
        },
        Qt::QueuedConnection);
}

void ConnectionGuard::webSocketEstablished()
{
    if (m_state != State::Upgrading)
        return;
    m_state = State::WebSocket;
    disarm();
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
            arm(Timer::Drain, DrainJudge::GraceMs);
        }
    } else if (m_timerKind != Timer::Idle) {
        arm(Timer::Idle, m_limits.idleTimeoutMs);
    }
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
            qCInfo(lcServer, "dropping a client that stopped reading its answer");
            m_socket->abort();
            break;
        }
        m_unsentAtCheck = m_socket->bytesToWrite();
        if (m_unsentAtCheck > DrainJudge::Cap)
            arm(Timer::Drain, DrainJudge::GraceMs);
        else
            updateTimer();
        break;
    case Timer::Handshake:
        qCInfo(lcServer, "dropping a WebSocket upgrade that did not complete its handshake");
        m_socket->abort();
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
    // Neither Qt's parser nor anyone else may see another byte of this connection; slots
    // disconnected now are skipped even in the readyRead emission under way.
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
    connect(m_socket, &QIODevice::bytesWritten, this, &ConnectionGuard::finishWriting);
    arm(Timer::Linger, LingerMs);
    m_socket->flush();
    finishWriting();
}

void ConnectionGuard::drain()
{
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
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
