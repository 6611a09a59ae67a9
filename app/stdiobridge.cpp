// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "stdiobridge.h"

#include <QNetworkProxy>
#include <QNetworkRequest>

#include <cstdio>

StdioBridge::StdioBridge(const DiscoveryFile::Info &instance, const QString &kind,
                         const QString &name, int inFd, int outFd, QObject *parent)
    : QObject(parent)
    , m_instance(instance)
    , m_kind(kind)
    , m_name(name)
    , m_channel(inFd, outFd)
{
    // The instance is on loopback; an http_proxy from the environment must not get in between.
    m_socket.setProxy(QNetworkProxy::NoProxy);
    m_timeout.setSingleShot(true);
    connect(&m_channel, &LineChannel::lineReceived, this, &StdioBridge::onLine);
    connect(&m_channel, &LineChannel::lineTooLong, this, [this] {
        m_channel.write(QByteArrayLiteral(
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse "
            "error: the line is longer than 16 MiB and was discarded.\"}}"));
    });
    connect(&m_channel, &LineChannel::inputEnded, this, &StdioBridge::onInputEnded);
    // Nobody reads stdout any more: nothing owed can be delivered, so there is nothing to wait for.
    connect(&m_channel, &LineChannel::outputFailed, this, [this] {
        m_channel.stopReading();
        m_inputEnded = true;
        if (m_connected)
            closeConnection();
        else
            finish(0);
    });
    connect(&m_socket, &QWebSocket::connected, this, &StdioBridge::onConnected);
    connect(&m_socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { onMessage(text.toUtf8()); });
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, &StdioBridge::onMessage);
    connect(&m_socket, &QWebSocket::disconnected, this, &StdioBridge::onDisconnected);
    connect(&m_socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
            [this] {
                if (m_closing && m_connected)
                    return; // the disconnect that follows ends the bridge normally
                fail(m_connected
                         ? QStringLiteral("lost the connection to the running instance at %1: %2")
                               .arg(m_instance.url.toString(), m_socket.errorString())
                         : QStringLiteral("cannot attach to the running instance at %1: %2")
                               .arg(m_instance.url.toString(), m_socket.errorString()));
            });
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_closing && m_connected) {
            finish(0);
        } else {
            fail(QStringLiteral(
                     "the running instance at %1 did not accept the connection within %2 s")
                     .arg(m_instance.url.toString())
                     .arg(ConnectTimeoutMs / 1000));
        }
    });
    m_drainTimeout.setSingleShot(true);
    connect(&m_drainTimeout, &QTimer::timeout, this, [this] {
        std::fprintf(stderr, "attache: stdin ended; gave up after %d s waiting for %s\n",
                     PendingReplies::TimeoutMs / 1000, qUtf8Printable(m_pending.describe()));
        std::fflush(stderr);
        closeConnection();
    });
}

void StdioBridge::start()
{
    QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_instance.port)));
    request.setRawHeader("Authorization", "Bearer " + m_instance.token);
    request.setRawHeader("X-Attache-Client", m_kind.toUtf8());
    request.setRawHeader("X-Attache-Client-Name", m_name.toUtf8());
    m_timeout.start(ConnectTimeoutMs);
    m_socket.open(request);
}

void StdioBridge::onLine(const QByteArray &line)
{
    m_pending.noteRequest(line);
    if (!m_connected) {
        m_queued.append(line); // typed before the socket was open: kept, in order
        return;
    }
    m_socket.sendTextMessage(QString::fromUtf8(line));
}

void StdioBridge::onConnected()
{
    m_connected = true;
    m_timeout.stop();
    const QByteArrayList queued = std::exchange(m_queued, {});
    for (const QByteArray &line : queued)
        m_socket.sendTextMessage(QString::fromUtf8(line));
    if (m_inputEnded) // stdin ended while we were connecting: what it said is sent, now drain
        onInputEnded();
}

void StdioBridge::onMessage(const QByteArray &message)
{
    if (m_channel.queuedBytes() > MaxQueuedBytes) {
        fail(QStringLiteral("stdout is not being read; giving up"));
        return;
    }
    m_pending.noteSent(message);
    // One message per line; a raw newline can only be JSON whitespace.
    m_channel.write(message.contains('\n') ? QByteArray(message).replace('\n', ' ') : message);
    if (m_inputEnded)
        closeWhenSettled();
}

void StdioBridge::onInputEnded()
{
    // The client said all it will say, but may still be owed answers and streamed replies
    // (`echo request | attache --stdio`): the connection stays open until those are out.
    m_inputEnded = true;
    if (!m_connected)
        return; // onConnected() sends what was queued first, or the failure ends us anyway
    if (m_pending.isSettled()) {
        closeConnection();
        return;
    }
    if (!m_drainTimeout.isActive())
        m_drainTimeout.start(PendingReplies::TimeoutMs);
}

void StdioBridge::closeWhenSettled()
{
    if (m_closing || !m_connected || !m_pending.isSettled())
        return;
    // From the event loop, not from inside the socket's own signal.
    QMetaObject::invokeMethod(this, &StdioBridge::closeConnection, Qt::QueuedConnection);
}

void StdioBridge::closeConnection()
{
    if (m_closing || m_finished)
        return;
    m_closing = true;
    m_drainTimeout.stop();
    m_timeout.start(CloseTimeoutMs); // a peer that never completes the closing handshake
    m_socket.close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("stdin closed"));
}

void StdioBridge::onDisconnected()
{
    if (m_closing && m_connected)
        finish(0);
    else if (m_connected)
        fail(QStringLiteral("the running instance at %1 closed the connection%2")
                 .arg(m_instance.url.toString(),
                      m_socket.closeReason().isEmpty()
                          ? QString()
                          : QStringLiteral(": ") + m_socket.closeReason()));
    else
        fail(QStringLiteral("cannot attach to the running instance at %1: %2")
                 .arg(m_instance.url.toString(), m_socket.errorString()));
}

void StdioBridge::fail(const QString &why)
{
    if (m_finished)
        return;
    std::fprintf(stderr, "attache: %s\n", qUtf8Printable(why));
    std::fflush(stderr);
    finish(1);
}

void StdioBridge::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true; // first: abort() below re-enters through disconnected()
    m_timeout.stop();
    m_drainTimeout.stop();
    m_channel.stopReading();
    m_socket.abort();
    Q_EMIT finished(exitCode);
}
