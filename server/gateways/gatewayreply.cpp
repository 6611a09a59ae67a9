// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateways/gatewayreply.h"

#include "events/ssestream.h"
#include "gateways/gatewayclients.h"
#include "http/httpexchange.h"

GatewayReply::GatewayReply(GatewayClients &clients, const QString &clientId, bool stream,
                           StreamHub &hub, HttpExchange &exchange)
    : QObject(&exchange)
    , m_exchange(exchange)
    , m_clients(clients)
    , m_clientId(clientId)
{
    if (stream) {
        m_sse = new SseStream(&exchange, hub);
        connect(m_sse, &SseStream::closed, this, &GatewayReply::onClientGone);
    }
    connect(&exchange, &HttpExchange::closed, this, &GatewayReply::onClientGone);
}

GatewayReply::~GatewayReply()
{
    if (m_completion)
        m_completion->cancel();
    m_clients.leave(m_clientId);
}

void GatewayReply::watch(Completion *completion)
{
    m_completion = completion;
    completion->setParent(this);
    connect(completion, &Completion::textReceived, this, &GatewayReply::onText);
    connect(completion, &Completion::thinkingReceived, this, &GatewayReply::onThinking);
    connect(completion, &Completion::thinkingSigned, this, &GatewayReply::onSignature);
    connect(completion, &Completion::toolCallReceived, this, &GatewayReply::onToolCall);
    connect(completion, &Completion::finished, this, &GatewayReply::onFinished);
    connect(completion, &Completion::failed, this, &GatewayReply::onFailed);
}

void GatewayReply::onThinking(const QString &text)
{
    Q_UNUSED(text) // a door whose API has no place for it leaves it out
}

void GatewayReply::onSignature(const QString &signature)
{
    Q_UNUSED(signature)
}

void GatewayReply::onClientGone()
{
    if (m_done)
        return;
    m_done = true;
    if (m_completion)
        m_completion->cancel();
}
