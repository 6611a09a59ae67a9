// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/openaiprovider.h"
#include "providers/upstreamstream.h"

/** Reads a Chat Completions reply: an SSE stream of chunks, or one JSON object. */
class OpenAiChatStream : public UpstreamStream
{
    Q_OBJECT
public:
    /** Reads client's response; the stream owns client from now on. */
    OpenAiChatStream(HttpStreamClient *client, const ProviderEntry &entry, NetworkTimeouts timeouts,
                     QObject *parent);

protected:
    QString apiName() const override { return QStringLiteral("an OpenAI-compatible API"); }
    void handleEvent(const SseEvent &event) override;
    void onFinished() override;
    void onFailed() override;
    void onTimeout() override;
    void fail(const EngineError &error) override;

private:
    void handleChunk(const QJsonObject &chunk);
    void emitText(const QString &text);
    void mergeToolCalls(const QJsonArray &pieces);
    void finish();
    EngineError errorForStatus(int status) const;

    QByteArray m_text; // a decoded string of the current chunk
    QString m_finishReason;
    QList<ToolCall> m_toolCalls; // by index, assembled from pieces across deltas
    bool m_sawDone = false;
};
