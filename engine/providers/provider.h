// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"
#include "providers/providercatalog.h"

#include <QByteArrayView>
#include <QJsonArray>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <functional>

/** A function call the model asked for; arguments is the JSON text as the model wrote it. */
struct ToolCall
{
    QString id;
    QString name;
    QString arguments;
};

struct ChatMessage
{
    QString role; // "system", "user", "assistant", "tool"
    QString content;
    QString status; // empty when complete; "cancelled" or "failed" for a cut-short reply
    QList<ToolCall> toolCalls; // assistant: the calls it made
    QString toolCallId; // tool: the call this answers
};

struct Usage
{
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    bool estimated = false; // the provider sent no usage; counted from characters

    qint64 totalTokens() const { return promptTokens + completionTokens; }
};

/** A piece of the reply as UTF-8 and as a JSON string literal (quotes included), both only
 * valid during the signal that carries them. */
struct TextDelta
{
    QByteArrayView utf8;
    QByteArrayView json;
};

struct ChatParams
{
    QString model;
    QList<ChatMessage> messages;
    QJsonArray tools; // function definitions the model may call; empty: none
};

/**
 * One streamed completion from a provider. Emits deltas as they arrive, then exactly one of
 * finished() or failed(), unless abort() was called first, after which it emits nothing.
 */
class ChatStream : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    /** Stops the upstream request at once (the connection is closed). */
    virtual void abort() = 0;

Q_SIGNALS:
    void deltaReceived(const TextDelta &delta);
    void usageReceived(const Usage &usage);
    /** The reply is complete; toolCalls holds the calls the model made, if any. */
    void finished(const QString &finishReason, const QList<ToolCall> &toolCalls);
    void failed(const EngineError &error);
};

/** A provider API. One class serves every OpenAI-compatible catalog entry. */
class Provider
{
public:
    using ModelsCallback = std::function<void(const Result<QList<ModelInfo>> &)>;

    virtual ~Provider() = default;
    virtual const ProviderEntry &entry() const = 0;
    /** Starts a streamed chat; the stream is parented to parent. */
    virtual ChatStream *startChat(const ChatParams &params, QObject *parent) = 0;
    /** Asks the provider for its models; the callback runs only while context lives. */
    virtual void fetchModels(QObject *context, ModelsCallback callback) = 0;
};

Q_DECLARE_METATYPE(Usage)
Q_DECLARE_METATYPE(ToolCall)
Q_DECLARE_METATYPE(EngineError)
