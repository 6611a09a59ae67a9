// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "openaiprovider.h"
#include "sseparser.h"

#include <QPointer>
#include <QTimer>

class QNetworkReply;

/** Reads a Chat Completions reply: an SSE stream of chunks, or one JSON object. */
class OpenAiChatStream : public ChatStream
{
    Q_OBJECT
public:
    OpenAiChatStream(QNetworkReply *reply, const ProviderEntry &entry, NetworkTimeouts timeouts,
                     QObject *parent);
    ~OpenAiChatStream() override;

    void abort() override;

private:
    void readHead();
    void onReadyRead();
    void onFinished();
    void onTimeout();
    void handleEvent(const SseEvent &event);
    void handleChunk(const QJsonObject &chunk);
    void mergeToolCalls(const QJsonArray &pieces);
    void finish();
    void fail(const EngineError &error);
    void closeReply();
    void releaseReply();
    EngineError errorForStatus(int status) const;

    QPointer<QNetworkReply> m_reply;
    QString m_providerName;
    QString m_host;
    NetworkTimeouts m_timeouts;
    SseParser m_parser;
    QTimer m_timer;
    QByteArray m_body; // error bodies and non-streamed replies
    QString m_finishReason;
    QList<ToolCall> m_toolCalls; // by index, assembled from pieces across deltas
    int m_status = 0;
    bool m_headersSeen = false;
    bool m_eventStream = false;
    bool m_gotFirstByte = false;
    bool m_sawDone = false;
    bool m_done = false;
};
