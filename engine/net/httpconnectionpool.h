// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <array>
#include <vector>

class QTcpSocket;

/**
 * Idle keep-alive connections to upstream servers, kept for the next request to the same origin
 * (a new TLS handshake with a remote provider costs far more than the request). There is no
 * limit on connections in use: every streamed chat gets its own. Idle ones are dropped when the
 * server closes them, sends anything unasked, or after IdleMs.
 */
class HttpConnectionPool : public QObject
{
    Q_OBJECT
public:
    explicit HttpConnectionPool(QObject *parent = nullptr);
    ~HttpConnectionPool() override;

    /** "scheme://host:port", what a connection can be reused for. */
    static QString originOf(const QString &scheme, const QString &host, int port);

    /** What a request to a URL needs to know of it. */
    struct Endpoint
    {
        QUrl url;
        QString origin;
        QByteArray target; // the request target: path and query
        QByteArray host; // the Host header
    };
    /** The endpoint of url; the last one is kept, as most requests go where the last one went. */
    const Endpoint &endpoint(const QUrl &url);

    /** An open idle connection to origin (the caller owns it from now on), or nullptr. */
    QTcpSocket *take(const QString &origin);
    /** Keeps socket, whose last response ended cleanly and fully read, for reuse; its previous
     * owner has disconnected from it. */
    void put(const QString &origin, QTcpSocket *socket);
    int idleCount() const { return int(m_idle.size()); }

    static constexpr int IdleMs = 30000;
    static constexpr int MaxIdle = 256;

private:
    struct Idle
    {
        QString origin;
        QTcpSocket *socket;
        QElapsedTimer since;
        std::array<QMetaObject::Connection, 3> wires; // undone one by one: cheaper than by receiver
    };
    static void unwire(Idle &idle);
    void drop(QTcpSocket *socket);
    void expire();

    std::vector<Idle> m_idle; // oldest first
    Endpoint m_lastEndpoint;
    QTimer m_sweep;
};
