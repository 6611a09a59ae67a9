// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/httpstreamclient.h"
#include "net/sseparser.h"
#include "providers/openaiprovider.h"

#include <QBasicTimer>
#include <QPointer>

/** Reads a Chat Completions reply: an SSE stream of chunks, or one JSON object. */
class OpenAiChatStream : public ChatStream
{
    Q_OBJECT
public:
    /** Reads client's response; the stream owns client from now on. */
    OpenAiChatStream(HttpStreamClient *client, const ProviderEntry &entry, NetworkTimeouts timeouts,
                     QObject *parent);
    ~OpenAiChatStream() override;

    void abort() override;

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void onHead();
    void onBody(const QByteArray &bytes);
    void onFinished();
    void onFailed();
    void onTimeout();
    void handleEvent(const SseEvent &event);
    void handleChunk(const QJsonObject &chunk);
    void emitText(const QString &text);
    void mergeToolCalls(const QJsonArray &pieces);
    void finish();
    void fail(const EngineError &error);
    void closeClient();
    void releaseClient();
    EngineError errorForStatus(int status) const;

    QPointer<HttpStreamClient> m_client;
    QString m_providerName;
    QString m_host;
    NetworkTimeouts m_timeouts;
    SseParser m_parser;
    QBasicTimer m_timer; // for the first byte, then for the next one
    QByteArray m_body; // error bodies and non-streamed replies
    QByteArray m_text; // a decoded string of the current chunk
    QString m_finishReason;
    QList<ToolCall> m_toolCalls; // by index, assembled from pieces across deltas
    int m_status = 0;
    bool m_eventStream = false;
    bool m_gotFirstByte = false;
    bool m_sawDone = false;
    bool m_done = false;
};
