// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "runs/rundriver.h"

#include "runs/run.h"
#include "tools/toolbox.h"

#include <QJsonDocument>
#include <QSet>

RunDriver::RunDriver(Run *run, std::unique_ptr<Provider> provider, ChatParams params,
                     ToolBox *tools)
    : TurnDriver(run)
    , m_run(run)
    , m_provider(std::move(provider))
    , m_params(std::move(params))
    , m_tools(tools)
{
    if (!m_params.messages.isEmpty())
        m_input = m_params.messages.constLast();
    connect(run, &Run::cancelRequested, this, &RunDriver::stop);
}

RunDriver::~RunDriver()
{
    if (m_stream)
        m_stream->setReceiver(nullptr);
}

void RunDriver::start()
{
    m_run->begin();
    if (!m_run->spec().context.isEmpty())
        m_run->appendEvent(EventType::ContextInjected, m_run->spec().context);
    startRound();
}

void RunDriver::stop()
{
    if (m_stream) {
        m_stream->abort();
        m_stream->deleteLater();
    }
    delete m_callContext; // kills a running command, withdraws a pending question
}

void RunDriver::startRound()
{
    ++m_round;
    m_roundText.resize(0);
    m_roundThinking.clear();
    m_roundThinkingSignature.clear();
    ChatParams params = m_params;
    // Past the round limit the model gets no tools: it has to answer with what it has.
    params.tools =
        m_tools && m_round <= m_tools->maxRounds() ? m_tools->definitions() : QList<ToolSpec>();
    m_stream = m_provider->startChat(params, this);
    m_stream->setReceiver(this);
}

void RunDriver::streamDelta(const TextDelta &delta)
{
    m_roundText += delta.utf8;
    m_run->appendChunk(delta);
}

void RunDriver::streamThinking(const QString &text)
{
    m_roundThinking += text;
    m_run->appendThinking(text);
}

void RunDriver::streamThinkingSigned(const QString &signature)
{
    m_roundThinkingSignature = signature;
}

void RunDriver::streamUsage(const Usage &usage)
{
    m_run->addUsage(usage);
}

void RunDriver::streamRetrying(const EngineError &reason, int attempt, int delayMs)
{
    m_run->appendEvent(EventType::Retrying, RetryInfo { reason, attempt, delayMs });
}

void RunDriver::streamFailed(const EngineError &error)
{
    m_stream->deleteLater();
    m_run->fail(error);
}

void RunDriver::streamFinished(const QString &finishReason, const QList<ToolCall> &calls)
{
    m_stream->deleteLater();
    if (calls.isEmpty() || !m_tools) {
        completeRun(m_run, finishReason);
        return;
    }
    // The model's turn so far goes into the conversation the next round sees.
    ChatMessage assistant;
    assistant.role = QStringLiteral("assistant");
    assistant.content = QString::fromUtf8(m_roundText);
    assistant.toolCalls = calls;
    assistant.thinking = m_roundThinking;
    assistant.thinkingSignature = m_roundThinkingSignature;
    m_params.messages.append(assistant);
    m_added.append(assistant);
    m_roundText.clear();
    m_roundThinking.clear();
    m_roundThinkingSignature.clear();
    m_calls = calls;
    nextCall();
}

void RunDriver::nextCall()
{
    if (m_calls.isEmpty()) {
        startRound();
        return;
    }
    const ToolCall call = m_calls.takeFirst();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(
        call.arguments.isEmpty() ? QByteArrayLiteral("{}") : call.arguments.toUtf8(), &parseError);
    ToolCallInfo info { call.id, call.name, m_round, {}, {}, doc.isObject() };
    if (doc.isObject())
        info.arguments = doc.object();
    else
        info.argumentsText = call.arguments;
    m_run->appendEvent(EventType::ToolCall, info);

    Tool *tool = m_tools->find(call.name);
    if (!tool || !m_tools->isEnabled(call.name)) {
        finishCall(
            call,
            { QStringLiteral("There is no enabled tool \"%1\".").arg(call.name), false, true });
        return;
    }
    if (!doc.isObject()) {
        finishCall(
            call,
            { QStringLiteral("The arguments are not a JSON object (%1); send them again as JSON.")
                  .arg(parseError.errorString()),
              false, true });
        return;
    }
    const ToolBox::Policy policy = m_tools->effectivePolicy(m_run->sessionId(), call.name);
    if (policy == ToolBox::Policy::Deny) {
        finishCall(
            call,
            { QStringLiteral("The user's policy denies %1; do not try it again.").arg(call.name),
              false, true });
        return;
    }
    m_callContext = new QObject(this);
    if (policy == ToolBox::Policy::Allow) {
        runCall(call, tool, doc.object());
        return;
    }
    PermissionRequest request;
    request.runId = m_run->id();
    request.sessionId = m_run->sessionId();
    request.callId = call.id;
    request.tool = call.name;
    request.arguments = doc.object();
    request.preview = tool->preview(doc.object(), m_tools->workspace());
    request.source = tool->source();
    request.annotations = tool->annotations();
    m_run->setWaitingForPermission(true);
    const QJsonObject arguments = doc.object();
    const PermissionRequest asked = m_tools->permissions().ask(
        request, m_callContext,
        [this, call, arguments](bool allowed, const QString &scope, const QString &by) {
            m_run->setWaitingForPermission(false);
            m_run->appendEvent(EventType::PermissionResolved,
                               PermissionResolution { call.id, call.name, allowed, scope, by });
            // Looked up again: an MCP server's tools come and go while the user decides.
            Tool *tool = m_tools->find(call.name);
            if (allowed && !tool) {
                finishCall(call,
                           { QStringLiteral("%1 went away (its MCP server stopped) before it "
                                            "could run; it did not run.")
                                 .arg(call.name),
                             false, true });
            } else if (allowed) {
                runCall(call, tool, arguments);
            } else {
                finishCall(call,
                           { scope == QLatin1String("timeout")
                                 ? QStringLiteral("Nobody answered the request to run %1; it was "
                                                  "denied and did not run.")
                                       .arg(call.name)
                                 : QStringLiteral("The user denied running %1; it did not run.")
                                       .arg(call.name),
                             false, true });
            }
        });
    m_run->appendEvent(EventType::PermissionRequest, asked);
}

void RunDriver::runCall(const ToolCall &call, Tool *tool, const QJsonObject &arguments)
{
    if (!m_callContext)
        m_callContext = new QObject(this);
    tool->run(arguments, m_tools->workspace(), m_tools->limits(), m_callContext,
              [this, call](const ToolResult &result) { finishCall(call, result); });
}

void RunDriver::finishCall(const ToolCall &call, const ToolResult &result)
{
    if (m_callContext)
        m_callContext->deleteLater();
    m_callContext = nullptr;
    m_run->appendEvent(
        EventType::ToolResult,
        ToolResultInfo { call.id, call.name, result.content, result.truncated, result.isError });
    ChatMessage message;
    message.role = QStringLiteral("tool");
    message.content = result.content;
    message.toolCallId = call.id;
    message.isError = result.isError;
    m_params.messages.append(message);
    m_added.append(message);
    if (m_run->isFinished())
        return;
    // Next call on a fresh stack: a tool that answers at once must not recurse deeply.
    QMetaObject::invokeMethod(this, &RunDriver::nextCall, Qt::QueuedConnection);
}

QList<ChatMessage> RunDriver::turnMessages() const
{
    QList<ChatMessage> messages = m_added;
    QString status;
    if (m_run->state() == Run::State::Cancelled)
        status = QStringLiteral("cancelled");
    else if (m_run->state() == Run::State::Failed)
        status = QStringLiteral("failed");
    // Every call the model made gets its result, also when the turn stopped before it ran: a
    // conversation with an unanswered call is one no provider accepts again.
    QSet<QString> answered;
    for (const ChatMessage &message : std::as_const(messages)) {
        if (message.role == QLatin1String("tool"))
            answered.insert(message.toolCallId);
    }
    QList<ChatMessage> unanswered;
    for (const ChatMessage &message : std::as_const(messages)) {
        for (const ToolCall &call : message.toolCalls) {
            if (answered.contains(call.id))
                continue;
            ChatMessage result;
            result.role = QStringLiteral("tool");
            result.toolCallId = call.id;
            result.isError = true;
            result.content = status == QLatin1String("failed")
                ? QStringLiteral("The reply failed before %1 ran; it did not run.").arg(call.name)
                : QStringLiteral("The user stopped the reply before %1 ran; it did not run.")
                      .arg(call.name);
            unanswered.append(result);
        }
    }
    messages.append(unanswered);
    if (!m_roundText.isEmpty()) {
        ChatMessage reply;
        reply.role = QStringLiteral("assistant");
        reply.content = QString::fromUtf8(m_roundText);
        reply.status = status;
        reply.thinking = m_roundThinking;
        messages.append(reply);
    }
    return messages;
}
