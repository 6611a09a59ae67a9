// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Chats with a CrashFixture child that may be killed at any moment: each request followed to its
// end, and every turn whose completion the client saw recorded, to be looked for after the kill.
#pragma once

#include "crashfixture.h"
#include "net/sseparser.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QPointer>
#include <QRandomGenerator>

#include <memory>

/** A turn whose completion a client saw (stream_end, or a 200 stream=false answer). */
struct Turn
{
    QString user;
    QString reply;
    QString session; // the id the server named
    int iteration = 0;
    QString how;
    qint64 seenAtNs = 0; // on the test's clock
};

/** One chat request on its way. */
struct ChatInFlight
{
    int iteration = 0;
    bool stream = true;
    QString user;
    QString how;
    QPointer<QNetworkReply> reply;
    SseParser parser;
    QString session;
    int chunks = 0;
    int killAfterChunks = -1; // streamed: SIGKILL once this many chunks came (0: at stream_start)
    bool killOnEnd = false; // SIGKILL the moment the completion is seen
    int endMoment = 0; // the KillMoment to count that kill under
    bool completed = false;
    bool done = false;
};
using Chat = std::shared_ptr<ChatInFlight>;

/** Chats sent to the child and followed to completion, or to the kill that cut them short. */
class CrashChatFixture : public CrashFixture
{
    Q_OBJECT

protected:
    bool childGone(const ChatInFlight &chat) const
    {
        return m_killed || chat.iteration != m_iteration;
    }

    QString uniqueMessage();
    void nextReply();
    Chat startChat(bool stream, const QString &session, const QString &how);
    void onStreamEvent(ChatInFlight &chat, const SseEvent &event);
    void onChatFinished(ChatInFlight &chat);
    void record(ChatInFlight &chat, const QString &reply);
    bool waitFor(const QList<Chat> &chats);

    quint32 m_seed = 0;
    QRandomGenerator m_random; // what to do and when to kill
    // How fast the fake answers (asked at times the event loop decides)
    QRandomGenerator m_replyRandom;

    // What the clients saw
    QList<Turn> m_turns;
    int m_counter = 0; // makes every message and reply unique
    int m_replies = 0;
};

// Chats ----------------------------------------------------------------------------------------

inline QString CrashChatFixture::uniqueMessage()
{
    static const char *const Subjects[] = { "tides", "lichens", "compilers", "glaciers",
                                            "bees",  "sonnets", "volcanoes", "fonts",
                                            "owls",  "comets" };
    return QStringLiteral("Message %1 of kill %2 (seed %3): tell me about %4 — «ünïcode» ✓")
        .arg(++m_counter)
        .arg(m_iteration)
        .arg(m_seed)
        .arg(QLatin1String(Subjects[m_random.bounded(10)]));
}

inline void CrashChatFixture::nextReply()
{
    ++m_replies;
    FakeReply reply;
    reply.tokens = QStringList { QStringLiteral("Reply "),  QString::number(m_replies),
                                 QStringLiteral(" (seed "), QString::number(m_seed),
                                 QStringLiteral("): "),     QStringLiteral("all "),
                                 QStringLiteral("is "),     QStringLiteral("well.") };
    reply.delayMs = 1 + int(m_replyRandom.bounded(5));
    m_fake->setDefaultReply(reply);
}

inline Chat CrashChatFixture::startChat(bool stream, const QString &session, const QString &how)
{
    auto chat = std::make_shared<ChatInFlight>();
    chat->iteration = m_iteration;
    chat->stream = stream;
    chat->user = uniqueMessage();
    chat->how = how;
    QJsonObject body { { QStringLiteral("message"), chat->user },
                       { QStringLiteral("stream"), stream } };
    if (!session.isEmpty())
        body.insert(QStringLiteral("session"), session);
    QNetworkReply *reply = send("POST", QStringLiteral("/chat"), body);
    chat->reply = reply;
    if (stream) {
        connect(reply, &QNetworkReply::readyRead, this, [this, chat] {
            if (!chat->reply || !chat->reply->isOpen())
                return;
            const QByteArray bytes = chat->reply->readAll();
            chat->parser.feed(bytes,
                              [this, chat](const SseEvent &event) { onStreamEvent(*chat, event); });
        });
    }
    connect(reply, &QNetworkReply::finished, this, [this, chat] { onChatFinished(*chat); });
    return chat;
}

inline void CrashChatFixture::onStreamEvent(ChatInFlight &chat, const SseEvent &event)
{
    if (event.data == "[DONE]")
        return;
    const QJsonObject json = QJsonDocument::fromJson(event.data).object();
    const QString type = json.value(QLatin1String("type")).toString();
    if (type == QLatin1String("stream_start")) {
        chat.session = json.value(QLatin1String("session")).toString();
        if (chat.killAfterChunks == 0)
            killChild(KillMoment::DuringStream, QStringLiteral("at stream_start"));
    } else if (type == QLatin1String("stream_chunk")) {
        ++chat.chunks;
        if (chat.killAfterChunks > 0 && chat.chunks == chat.killAfterChunks)
            killChild(KillMoment::DuringStream, QStringLiteral("after %1 chunks").arg(chat.chunks));
    } else if (type == QLatin1String("stream_end")) {
        // Recorded before the kill: the client had the whole reply in hand.
        record(chat, json.value(QLatin1String("data")).toString());
    } else if ((type == QLatin1String("error") || type == QLatin1String("cancelled"))
               && !childGone(chat)) {
        problem(QStringLiteral("iteration %1: a chat ended with %2 although nothing was killed: %3")
                    .arg(m_iteration)
                    .arg(type, QString::fromUtf8(event.data)));
    }
}

inline void CrashChatFixture::onChatFinished(ChatInFlight &chat)
{
    chat.done = true;
    QNetworkReply *reply = chat.reply;
    if (!reply)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (!chat.stream && status == 200 && reply->error() == QNetworkReply::NoError
        && reply->isOpen()) {
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        chat.session = answer.value(QLatin1String("session")).toString();
        if (answer.value(QLatin1String("state")).toString() == QLatin1String("done"))
            record(chat, answer.value(QLatin1String("response")).toString());
    }
    if (!chat.completed && !childGone(chat)) {
        problem(QStringLiteral(
                    "iteration %1: a chat (%2) ended without a completed turn although nothing "
                    "was killed: %3, %4")
                    .arg(m_iteration)
                    .arg(chat.how, answered(status), reply->errorString()));
    }
}

inline void CrashChatFixture::record(ChatInFlight &chat, const QString &reply)
{
    if (chat.completed)
        return;
    chat.completed = true;
    // Only what the client knew before the kill counts (bytes read after it, though sent
    // before, are left out).
    if (childGone(chat))
        return;
    m_turns.append(
        { chat.user, reply, chat.session, chat.iteration, chat.how, m_clock.nsecsElapsed() });
    if (chat.killOnEnd) {
        // The moment the client learns the turn is complete, the machine goes down.
        killChild(KillMoment(chat.endMoment), {});
        m_turns.last().how += QStringLiteral(", killed right after");
    }
}

inline bool CrashChatFixture::waitFor(const QList<Chat> &chats)
{
    const bool ended = spinUntil(
        [&] {
            if (m_killed)
                return true;
            for (const Chat &chat : chats) {
                if (!chat->done)
                    return false;
            }
            return true;
        },
        AnswerTimeoutMs + 1000);
    if (!ended) {
        problem(QStringLiteral("iteration %1: a chat got %2").arg(m_iteration).arg(answered(0)));
        killChild(KillMoment::AtRandomTime, QStringLiteral("hung chat"));
    }
    return !m_killed;
}
