// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "stdiopeer.h"

#include "logging.h"

StdioPeer::StdioPeer(int inFd, int outFd, QObject *parent)
    : RpcPeer(parent)
    , m_channel(inFd, outFd)
{
    connect(&m_channel, &LineChannel::lineReceived, this, &RpcPeer::messageReceived);
    connect(&m_channel, &LineChannel::lineTooLong, this, [this] {
        // The line is gone, so is its id: answer as JSON-RPC does for unparsable input.
        send(QByteArrayLiteral("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,"
                               "\"message\":\"Parse error: the line is longer than 16 MiB and "
                               "was discarded.\"}}"));
    });
    connect(&m_channel, &LineChannel::closed, this, &StdioPeer::finish);
}

void StdioPeer::send(const QByteArray &message)
{
    // One message per line: a newline can only be JSON whitespace (inside a string it would be
    // invalid JSON anyway), so turning it into a space keeps the framing and the meaning.
    if (message.contains('\n')) {
        QByteArray line = message;
        m_channel.write(line.replace('\n', ' '));
        return;
    }
    m_channel.write(message);
}

void StdioPeer::close(const QString &reason)
{
    if (m_closed)
        return;
    m_closed = true;
    qCInfo(lcServer, "closing the stdio client %s: %s", qUtf8Printable(clientId),
           qUtf8Printable(reason));
    m_channel.stopReading();
    // Reported from the event loop, as a socket would: the dispatcher calls close() while it
    // walks its peers and runs.
    QMetaObject::invokeMethod(
        this, [this] { Q_EMIT disconnected(); }, Qt::QueuedConnection);
}

void StdioPeer::finish()
{
    if (m_closed)
        return;
    m_closed = true;
    m_channel.stopReading();
    Q_EMIT disconnected();
}
