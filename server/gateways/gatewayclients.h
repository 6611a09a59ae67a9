// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/apirequest.h"

#include <QHash>
#include <QObject>
#include <QTimer>

class Presence;

/**
 * Who talks to a gateway: each request is attributed to its client (X-Attache-Client, else the
 * product its User-Agent names), which is how the usage ledger counts it and the Clients panel
 * lists it. A client is listed from its first request until it has sent none for IdleMs.
 */
class GatewayClients : public QObject
{
    Q_OBJECT
public:
    /** api: how the Clients panel says it is connected ("OpenAI API"). */
    GatewayClients(Presence &presence, QString api, QObject *parent = nullptr);
    ~GatewayClients() override;

    /** The client of a request that begins; listed (or kept listed) until leave(). */
    QString enter(const ApiRequest &request);
    void leave(const QString &clientId);
    /** The client of a request answered at once: listed, then idle from now. */
    QString seen(const ApiRequest &request);

    /** The product a User-Agent names: "OpenAI/Python 1.40.0" → "OpenAI/Python",
     * "continue/1.0" → "continue"; empty when it names none. */
    static QString fromUserAgent(QByteArrayView userAgent);
    /** A client id as sent, made safe for the ledger and the panel; empty when it is not. */
    static QString sanitised(QByteArrayView id);

    static constexpr int IdleMs = 10 * 60 * 1000;

private:
    struct Client
    {
        int open = 0; // requests under way
        bool listed = false; // this door attached it (another may have)
        QTimer *idle = nullptr;
    };

    Presence &m_presence;
    QString m_api;
    QHash<QString, Client> m_clients;
};
