// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace Cli {

/**
 * A loopback TCP connection on a plain socket, for the client's few requests: Qt Network would
 * add its libraries (and their start-up) to every command for what a dozen system calls do.
 * Blocking with deadlines, or non-blocking once handed to an event loop.
 */
class TcpConnection
{
public:
    TcpConnection() = default;
    ~TcpConnection() { close(); }
    TcpConnection(const TcpConnection &) = delete;
    TcpConnection &operator=(const TcpConnection &) = delete;

    enum class Failure { None, Refused, Other };

    /** Connects to 127.0.0.1:port; false with *error (and failure() says whether it was refused).
     */
    bool connectTo(quint16 port, QString *error);
    bool isOpen() const { return m_fd >= 0; }
    int fd() const { return m_fd; }
    Failure failure() const { return m_failure; }
    void close();

    /** Writes all of data within timeoutMs; false if the peer has gone or time ran out. */
    bool writeAll(const QByteArray &data, int timeoutMs);
    /**
     * Appends what arrives within timeoutMs (-1: none if nothing is there yet, without waiting)
     * to *buffer: > 0 bytes read, 0 the peer closed, -1 an error, -2 nothing (in time).
     */
    qint64 readSome(QByteArray *buffer, int timeoutMs);

private:
    int m_fd = -1;
    Failure m_failure = Failure::None;
};

} // namespace Cli
