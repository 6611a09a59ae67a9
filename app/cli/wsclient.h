// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/tcpconnection.h"
#include "discoveryfile.h"

#include <QByteArray>
#include <QObject>

class QSocketNotifier;

namespace Cli {

/**
 * The client end of Attache's /ws channel (RFC 6455) on a plain socket: the handshake with the
 * token, masked text frames out, text frames in, pings answered. It carries JSON-RPC for the
 * commands that stream (chat, code, follow); see TcpConnection for why not Qt WebSockets.
 */
class WsClient : public QObject
{
    Q_OBJECT
public:
    explicit WsClient(QObject *parent = nullptr);
    ~WsClient() override;

    /**
     * Connects and does the handshake (blocking, a few milliseconds on loopback), introducing
     * itself as a "cli" client called name. False with *error; *refused when nothing listens.
     */
    bool open(const DiscoveryFile::Info &instance, const QString &name, QString *error,
              bool *refused);
    bool isOpen() const { return m_connection.isOpen() && !m_closed; }
    void sendText(const QByteArray &message);
    /** Sends a close frame and closes the socket. */
    void close();

Q_SIGNALS:
    void textReceived(const QByteArray &message);
    /** The server closed the channel, or the connection broke. */
    void closed(const QString &reason);

private:
    void onReadable();
    void parseFrames();
    void sendFrame(quint8 opcode, const QByteArray &payload);
    void fail(const QString &reason);

    TcpConnection m_connection;
    QSocketNotifier *m_notifier = nullptr;
    QByteArray m_buffer; // bytes received, not yet framed
    QByteArray m_message; // the fragments of a message in progress
    bool m_closed = false;
};

} // namespace Cli
