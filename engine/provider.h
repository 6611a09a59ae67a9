// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"
#include "providercatalog.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <functional>

struct ChatMessage
{
    QString role; // "system", "user", "assistant"
    QString content;
    QString status; // empty when complete; "cancelled" or "failed" for a cut-short reply
};

struct Usage
{
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    bool estimated = false; // the provider sent no usage; counted from characters

    qint64 totalTokens() const { return promptTokens + completionTokens; }
};

struct ChatParams
{
    QString model;
    QList<ChatMessage> messages;
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
    void deltaReceived(const QString &text);
    void usageReceived(const Usage &usage);
    void finished(const QString &finishReason);
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
Q_DECLARE_METATYPE(EngineError)
