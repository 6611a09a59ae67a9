// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateways/gatewayclients.h"

#include "clients/presence.h"

namespace {

// The OpenAI SDKs say "<Class>/<language> <version>"; the JavaScript one is known by its
// repository's name.
const QHash<QString, QString> KnownProducts { { QStringLiteral("OpenAI/JS"),
                                                QStringLiteral("openai-node") } };

} // namespace

GatewayClients::GatewayClients(Presence &presence, QString api, QObject *parent)
    : QObject(parent)
    , m_presence(presence)
    , m_api(std::move(api))
{ }

GatewayClients::~GatewayClients()
{
    for (auto it = m_clients.cbegin(); it != m_clients.cend(); ++it) {
        if (it->listed)
            m_presence.detach(it.key());
    }
}

QString GatewayClients::sanitised(QByteArrayView id)
{
    QString out;
    for (const char c : id.trimmed().first(qMin<qsizetype>(id.trimmed().size(), 64))) {
        if (c > 0x20 && c < 0x7f)
            out.append(QLatin1Char(c));
    }
    return out;
}

QString GatewayClients::fromUserAgent(QByteArrayView userAgent)
{
    // The first product token; its version goes, a platform after the slash stays
    // ("OpenAI/Python 1.40" is the Python SDK, "aider/0.50" is aider).
    const QByteArrayView trimmed = userAgent.trimmed();
    qsizetype end = trimmed.indexOf(' ');
    QByteArrayView product = end < 0 ? trimmed : trimmed.first(end);
    const qsizetype slash = product.indexOf('/');
    if (slash >= 0 && slash + 1 < product.size()) {
        const char next = product.at(slash + 1);
        if (next >= '0' && next <= '9')
            product = product.first(slash);
    } else if (slash >= 0) {
        product = product.first(slash);
    }
    const QString name = sanitised(product);
    return KnownProducts.value(name, name);
}

QString GatewayClients::enter(const ApiRequest &request)
{
    // Through an attached client (JSON-RPC http_request): it is listed already, as itself.
    if (request.trusted && !request.clientId.isEmpty())
        return request.clientId;
    QString id = sanitised(request.header("x-attache-client"));
    if (id.isEmpty())
        id = fromUserAgent(request.header("user-agent"));
    if (id.isEmpty())
        id = QStringLiteral("openai-api");
    Client &client = m_clients[id];
    ++client.open;
    if (client.idle)
        client.idle->stop();
    if (!m_presence.find(id)) {
        QString name = sanitised(request.header("x-attache-client-name"));
        m_presence.attach(QStringLiteral("other"), name.isEmpty() ? id : name, m_api, id);
        client.listed = true;
    } else {
        m_presence.touch(id);
    }
    return id;
}

QString GatewayClients::seen(const ApiRequest &request)
{
    const QString id = enter(request);
    leave(id);
    return id;
}

void GatewayClients::leave(const QString &clientId)
{
    const auto it = m_clients.find(clientId);
    if (it == m_clients.end() || --it->open > 0)
        return;
    if (!it->idle) {
        it->idle = new QTimer(this);
        it->idle->setSingleShot(true);
        it->idle->setInterval(IdleMs);
        connect(it->idle, &QTimer::timeout, this, [this, clientId] {
            const auto gone = m_clients.find(clientId);
            if (gone == m_clients.end() || gone->open > 0)
                return;
            if (gone->listed)
                m_presence.detach(clientId);
            delete gone->idle;
            m_clients.erase(gone);
        });
    }
    it->idle->start();
}
