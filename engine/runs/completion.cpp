// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "runs/completion.h"

Completion::Completion(QString id, std::unique_ptr<Provider> provider, CompletionRequest request,
                       Booker booker, QObject *parent)
    : QObject(parent)
    , m_id(std::move(id))
    , m_provider(std::move(provider))
    , m_request(std::move(request))
    , m_booker(std::move(booker))
{ }

Completion::~Completion()
{
    if (m_stream)
        m_stream->abort();
}

void Completion::start()
{
    m_stream = m_provider->startChat(m_request.params, this);
    connect(m_stream, &ChatStream::deltaReceived, this, [this](const TextDelta &delta) {
        m_text += delta.utf8;
        Q_EMIT deltaReceived(delta);
    });
    connect(m_stream, &ChatStream::thinkingReceived, this, [this](const QString &text) {
        m_thinking += text;
        Q_EMIT thinkingReceived(text);
    });
    connect(m_stream, &ChatStream::thinkingSigned, this, [this](const QString &signature) {
        m_signature = signature;
        Q_EMIT thinkingSigned(signature);
    });
    connect(m_stream, &ChatStream::toolCallDelta, this, &Completion::toolCallDelta);
    connect(m_stream, &ChatStream::retrying, this, &Completion::retrying);
    connect(m_stream, &ChatStream::usageReceived, this, [this](const Usage &usage) {
        m_usage += usage;
        m_hasUsage = true;
        Q_EMIT usageReceived(usage);
    });
    connect(m_stream, &ChatStream::finished, this,
            [this](const QString &finishReason, const QList<ToolCall> &calls) {
                m_stream->deleteLater();
                book(calls, std::nullopt); // before the client hears of the end
                Q_EMIT finished(finishReason, calls);
                deleteLater();
            });
    connect(m_stream, &ChatStream::failed, this, [this](const EngineError &error) {
        m_stream->deleteLater();
        book({}, error);
        Q_EMIT failed(error);
        deleteLater();
    });
}

void Completion::abort()
{
    if (m_stream) {
        m_stream->abort();
        m_stream->deleteLater();
    }
    book({},
         EngineError { ErrorKind::Cancelled,
                       QStringLiteral("The client went away before the reply was complete.") });
    disconnect(); // nothing more is reported
    deleteLater();
}

void Completion::book(const QList<ToolCall> &calls, const std::optional<EngineError> &error)
{
    if (m_booked)
        return;
    m_booked = true;
    CompletionOutcome outcome;
    outcome.usage = m_usage;
    outcome.hasUsage = m_hasUsage;
    outcome.error = error;
    if (!m_text.isEmpty() || !calls.isEmpty() || !m_thinking.isEmpty()) {
        ChatMessage reply;
        reply.role = QStringLiteral("assistant");
        reply.content = QString::fromUtf8(m_text);
        reply.toolCalls = calls;
        reply.thinking = m_thinking;
        reply.thinkingSignature = m_signature;
        if (error)
            reply.status = error->kind == ErrorKind::Cancelled ? QStringLiteral("cancelled")
                                                               : QStringLiteral("failed");
        outcome.reply.append(reply);
    }
    if (m_booker)
        m_booker(*this, outcome);
}
