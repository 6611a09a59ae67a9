// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"
#include "providers/providercatalog.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

// The provider-neutral conversation: what every provider maps to and from its wire format.
// Nothing outside providers/ (and the server's gateways, which speak the APIs' own shapes) knows
// a wire format.

/** A function call the model asked for; arguments is the JSON text as the model wrote it. */
struct ToolCall
{
    QString id;
    QString name;
    QString arguments;
};

/** A tool the model may call: its name, what it does, and its arguments as a JSON Schema. */
struct ToolSpec
{
    QString name;
    QString description;
    QJsonObject inputSchema;
    bool strict = false; // the arguments must follow inputSchema exactly (OpenAI's strict mode)
};

/** How a reply was made, kept with it and shown under it; never sent to a provider. */
struct ReplyStats
{
    QString provider;
    QString model;
    qint64 firstTokenMs = -1; // from the request to the first token; -1: none came
    double tokensPerSecond = 0; // of the reply, from its first token to its end
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    double cost = 0; // USD; 0 when the price is unknown
    bool isEmpty() const { return model.isEmpty() && provider.isEmpty(); }
};

/** An earlier answer to the same message, kept when the reply was regenerated. */
struct ReplyVariant
{
    QString content;
    ReplyStats stats;
};

/** One message: a system prompt, the user's words, the model's reply (with the calls it made
 * and what it thought), or a tool's result. */
struct ChatMessage
{
    QString role; // "system", "user", "assistant", "tool"
    QString content;
    QString status; // empty when complete; "cancelled" or "failed" for a cut-short turn
    QList<ToolCall> toolCalls; // assistant: the calls it made
    QString toolCallId; // tool: the call this answers
    bool isError = false; // tool: the call failed or was refused; content says why
    QString thinking; // assistant: what the model thought first (shown, never sent back)
    /** assistant: the provider's seal on that thinking (Anthropic's signature), opaque. A
     * provider that wants its own sealed thinking back with the tool calls of a turn (Anthropic,
     * when thinking is on) sends it back as it came; others drop it. */
    QString thinkingSignature;
    ReplyStats stats; // assistant, the turn's last reply: how it was made (never sent)
    QList<ReplyVariant> variants; // assistant: earlier answers, oldest first (never sent)
};

/** The finish reasons a stream reports, whatever the provider calls them. */
namespace FinishReason {
inline const QString Stop = QStringLiteral("stop"); // a natural end (or a stop sequence)
inline const QString Length = QStringLiteral("length"); // cut at the token limit
inline const QString ToolCalls = QStringLiteral("tool_calls"); // waits for tool results
inline const QString ContentFilter = QStringLiteral("content_filter");
inline const QString Refusal = QStringLiteral("refusal"); // the model declined
} // namespace FinishReason

/** How the model may use the tools it is offered. */
struct ToolChoice
{
    enum class Mode { Auto, None, Required, Named };
    Mode mode = Mode::Auto;
    QString name; // Named: the one tool it must call
};

/** Sampling and length settings; unset ones are left to the provider. */
struct ChatOptions
{
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> maxTokens; // of the reply
    QStringList stop;
    std::optional<qint64> seed;
    ToolChoice toolChoice;
    std::optional<bool> parallelToolCalls;
    /** Tokens the model may think for before it answers, where the provider can (Anthropic):
     * 0 turns thinking off; unset leaves it to the provider's setting. */
    std::optional<int> thinkingBudget;
    std::optional<int> topK; // where the provider takes it (Anthropic)
    /** Fields only OpenAI-shaped APIs take (response_format, logit_bias, penalties, user, …),
     * by their OpenAI names: an OpenAI-compatible provider passes them on as they are, others
     * drop them. */
    QJsonObject openAiExtra;
};

struct ChatParams
{
    QString model;
    QList<ChatMessage> messages;
    QList<ToolSpec> tools; // what the model may call; empty: none
    ChatOptions options;
};

struct Usage
{
    qint64 promptTokens = 0; // all input tokens, cached ones included
    qint64 completionTokens = 0;
    qint64 cacheReadTokens = 0; // of the prompt, read from the provider's cache
    qint64 cacheWriteTokens = 0; // of the prompt, written to the provider's cache
    bool estimated = false; // the provider sent no usage; counted from characters

    qint64 totalTokens() const { return promptTokens + completionTokens; }
    Usage &operator+=(const Usage &other);
};

/** Texts to turn into vectors. */
struct EmbeddingRequest
{
    QString model;
    QStringList inputs;
    std::optional<int> dimensions;
    /** Fields only OpenAI-shaped APIs take (user, …), as ChatOptions::openAiExtra. */
    QJsonObject openAiExtra;
};

struct EmbeddingResult
{
    QString model; // as the provider named it
    QList<QList<float>> vectors; // one per input, in the inputs' order
    qint64 promptTokens = 0;
    bool estimated = false; // the provider sent no count; counted from characters
};

/** A piece of the reply as UTF-8, only valid during the signal that carries it. */
struct TextDelta
{
    QByteArrayView utf8;
};

/** A piece of a tool call as it streams: the first piece of each call names it (id, name), the
 * later ones carry more of its arguments. index says which call of the reply it belongs to. */
struct ToolCallDelta
{
    int index = 0;
    QString id;
    QString name;
    QString arguments;
};

/**
 * One streamed completion from a provider. Hands deltas to its Receiver as they arrive, then
 * exactly one of the end or the failure, unless abort() was called first, after which it hands
 * on nothing.
 */
class ChatStream : public QObject
{
    Q_OBJECT
public:
    /**
     * Who the reply goes to, called directly: eight signal connections per reply cost each open
     * stream 0.7 kB, and every delta a signal's emission.
     */
    class Receiver
    {
    public:
        virtual void streamDelta(const TextDelta &delta) = 0;
        /** What the model thinks before it answers; never part of the reply. */
        virtual void streamThinking(const QString &text) = 0;
        /** The provider sealed the thinking so far (see ChatMessage::thinkingSignature). */
        virtual void streamThinkingSigned(const QString &signature) = 0;
        virtual void streamToolCall(const ToolCallDelta &delta) = 0;
        virtual void streamUsage(const Usage &usage) = 0;
        /** The provider is overloaded or rate limiting: the request is sent again after delayMs
         * (attempt counts from 2). Only before anything of the reply was handed on: a reply cut
         * after its first piece fails instead, so nobody sees a piece twice. */
        virtual void streamRetrying(const EngineError &reason, int attempt, int delayMs) = 0;
        /** The reply is complete; toolCalls holds the calls the model made, if any.
         * finishReason is one of FinishReason's. */
        virtual void streamFinished(const QString &finishReason,
                                    const QList<ToolCall> &toolCalls) = 0;
        virtual void streamFailed(const EngineError &error) = 0;

    protected:
        ~Receiver() = default;
    };

    using QObject::QObject;
    /** Stops the upstream request at once (the connection is closed). */
    virtual void abort() = 0;
    /** Who is told from now on; null: nobody. */
    void setReceiver(Receiver *receiver) { m_receiver = receiver; }

    // What a stream hands on, each to the receiver if there is one (public: a test plays a
    // provider through them).
    void deltaReceived(const TextDelta &delta)
    {
        if (m_receiver)
            m_receiver->streamDelta(delta);
    }
    void thinkingReceived(const QString &text)
    {
        if (m_receiver)
            m_receiver->streamThinking(text);
    }
    void thinkingSigned(const QString &signature)
    {
        if (m_receiver)
            m_receiver->streamThinkingSigned(signature);
    }
    void toolCallDelta(const ToolCallDelta &delta)
    {
        if (m_receiver)
            m_receiver->streamToolCall(delta);
    }
    void usageReceived(const Usage &usage)
    {
        if (m_receiver)
            m_receiver->streamUsage(usage);
    }
    void retrying(const EngineError &reason, int attempt, int delayMs)
    {
        if (m_receiver)
            m_receiver->streamRetrying(reason, attempt, delayMs);
    }
    void finished(const QString &finishReason, const QList<ToolCall> &toolCalls)
    {
        if (m_receiver)
            m_receiver->streamFinished(finishReason, toolCalls);
    }
    void failed(const EngineError &error)
    {
        if (m_receiver)
            m_receiver->streamFailed(error);
    }

private:
    Receiver *m_receiver = nullptr;
};

/** A provider API: OpenAI-compatible (one class, many catalog entries) or Anthropic's. */
class Provider
{
public:
    using ModelsCallback = std::function<void(const Result<QList<ModelInfo>> &)>;
    using EmbeddingCallback = std::function<void(const Result<EmbeddingResult> &)>;

    virtual ~Provider() = default;
    virtual const ProviderEntry &entry() const = 0;
    /** Starts a streamed chat; the stream is parented to parent. */
    virtual ChatStream *startChat(const ChatParams &params, QObject *parent) = 0;
    /** Asks the provider for its models; the callback runs only while context lives. */
    virtual void fetchModels(QObject *context, ModelsCallback callback) = 0;

    using CountCallback = std::function<void(const Result<qint64> &)>;
    /** The prompt's size in tokens: counted by the provider where it can (Anthropic), else
     * estimated from its characters. The callback runs only while context lives. */
    virtual void countTokens(const ChatParams &params, QObject *context, CountCallback callback);
    /** About four characters a token, the estimate used where a provider cannot count. */
    static qint64 estimateTokens(const ChatParams &params);

    /** Turns texts into vectors; the callback runs once, only while context lives (perhaps
     * before this returns). A provider without embeddings answers an error that says so. */
    virtual void embed(const EmbeddingRequest &request, QObject *context,
                       EmbeddingCallback callback);
};

Q_DECLARE_METATYPE(Usage)
Q_DECLARE_METATYPE(ToolCall)
Q_DECLARE_METATYPE(EngineError)
