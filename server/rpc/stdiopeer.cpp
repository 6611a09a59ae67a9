// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "rpc/stdiopeer.h"

#include "http/serverlog.h"
#include "rpc/rpcdispatcher.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

// The line is gone, so is its id: answered as JSON-RPC does for unparsable input.
const char TooLongAnswer[] = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,"
                             "\"message\":\"Parse error: the line is longer than 16 MiB and was "
                             "discarded.\"}}";

// How RpcDispatcher serialises what it sends (RpcReply, RpcPeer::notify and RunEvent::make):
// answers and event notifications are told apart by these prefixes alone.
const char AnswerPrefix[] = "{\"jsonrpc\":\"2.0\",\"id\":";
const char EventTypePrefix[] = "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"type\":\"";

// As RpcDispatcher::handleOne judges a request: an invalid one is answered even without an id
// (with -32600), a valid one only when it has an id.
bool wantsAnswer(const QJsonValue &item)
{
    const QJsonObject request = item.toObject();
    const QJsonValue id = request.value(QLatin1String("id"));
    const bool valid = item.isObject()
        && request.value(QLatin1String("jsonrpc")) == QLatin1String("2.0")
        && request.value(QLatin1String("method")).isString()
        && (id.isUndefined() || id.isString() || id.isDouble() || id.isNull());
    return !valid || !id.isUndefined();
}

bool isFinishedState(const QString &state)
{
    return state == QLatin1String("done") || state == QLatin1String("cancelled")
        || state == QLatin1String("failed");
}

} // namespace

// PendingReplies ------------------------------------------------------------------------------

void PendingReplies::noteRequest(const QByteArray &line)
{
    const QJsonDocument doc = QJsonDocument::fromJson(line);
    // Unparsable, or a bare scalar: answered with a parse error or an invalid request.
    if (!doc.isObject() && !doc.isArray()) {
        ++m_answers;
        return;
    }
    const QJsonArray items = doc.isArray() ? doc.array() : QJsonArray { doc.object() };
    if (doc.isArray() && (items.isEmpty() || items.size() > RpcDispatcher::MaxBatch)) {
        ++m_answers; // refused as a whole, in one answer
        return;
    }
    bool answered = false; // a batch gets one array of answers, or nothing if all are notifications
    for (const QJsonValue &item : items) {
        if (!wantsAnswer(item))
            continue;
        answered = true;
        const QJsonObject request = item.toObject();
        const QJsonValue method = request.value(QLatin1String("method"));
        if (request.contains(QLatin1String("id"))
            && (method == QLatin1String("chat") || method == QLatin1String("resume"))) {
            const QJsonValue after =
                request.value(QLatin1String("params")).toObject().value(QLatin1String("after_seq"));
            m_runRequests.insert(request.value(QLatin1String("id")), after.toDouble());
        }
    }
    if (answered)
        ++m_answers;
}

void PendingReplies::noteSent(const QByteArray &message)
{
    if (message.startsWith('[') || message.startsWith(AnswerPrefix)) {
        if (m_answers > 0)
            --m_answers;
        if (m_runRequests.isEmpty())
            return;
        const QJsonDocument doc = QJsonDocument::fromJson(message);
        if (doc.isObject()) {
            noteAnswer(doc.object());
        } else {
            const QJsonArray answers = doc.array();
            for (const QJsonValue &answer : answers)
                noteAnswer(answer.toObject());
        }
        return;
    }
    if (m_runs.isEmpty() || !message.startsWith(EventTypePrefix))
        return;
    const QByteArrayView type = QByteArrayView(message).sliced(sizeof EventTypePrefix - 1);
    if (!type.startsWith("stream_end\"") && !type.startsWith("error\"")
        && !type.startsWith("cancelled\""))
        return;
    const QJsonObject event =
        QJsonDocument::fromJson(message).object().value(QLatin1String("params")).toObject();
    m_runs.remove(event.value(QLatin1String("run")).toString());
}

void PendingReplies::noteAnswer(const QJsonObject &answer)
{
    const auto it = m_runRequests.constFind(answer.value(QLatin1String("id")));
    if (it == m_runRequests.cend())
        return;
    const double afterSeq = it.value();
    m_runRequests.erase(it);
    const QJsonObject result = answer.value(QLatin1String("result")).toObject();
    const QString run = result.value(QLatin1String("run")).toString();
    if (run.isEmpty())
        return; // an error: no run was started
    // Resuming a run that has ended after the last event asked for: nothing (not even the end)
    // is replayed, so there is nothing to wait for.
    if (isFinishedState(result.value(QLatin1String("state")).toString())
        && result.value(QLatin1String("last_seq")).toDouble() <= afterSeq)
        return;
    m_runs.insert(run);
}

QString PendingReplies::describe() const
{
    QStringList parts;
    if (m_answers > 0)
        parts.append(m_answers == 1 ? QStringLiteral("1 answer")
                                    : QStringLiteral("%1 answers").arg(m_answers));
    if (!m_runs.isEmpty()) {
        QStringList runs(m_runs.cbegin(), m_runs.cend());
        runs.sort();
        parts.append((runs.size() == 1 ? QStringLiteral("the end of run ")
                                       : QStringLiteral("the end of runs "))
                     + runs.join(QLatin1String(", ")));
    }
    return parts.isEmpty() ? QStringLiteral("nothing") : parts.join(QLatin1String(" and "));
}

// StdioPeer -----------------------------------------------------------------------------------

StdioPeer::StdioPeer(int inFd, int outFd, QObject *parent)
    : RpcPeer(parent)
    , m_channel(inFd, outFd)
{
    connect(&m_channel, &LineChannel::lineReceived, this, &StdioPeer::onLine);
    connect(&m_channel, &LineChannel::lineTooLong, this, [this] {
        // Past send(): no request was counted for it, so no answer is.
        m_channel.write(QByteArray(TooLongAnswer));
    });
    connect(&m_channel, &LineChannel::inputEnded, this, &StdioPeer::onInputEnded);
    // Nobody reads our output any more: nothing owed can be delivered.
    connect(&m_channel, &LineChannel::outputFailed, this, &StdioPeer::finish);
    m_drainTimeout.setSingleShot(true);
    connect(&m_drainTimeout, &QTimer::timeout, this, [this] {
        qCWarning(lcServer, "stdin ended; gave up after %d s waiting for %s",
                  PendingReplies::TimeoutMs / 1000, qUtf8Printable(m_pending.describe()));
        finish();
    });
}

void StdioPeer::onLine(const QByteArray &line)
{
    // Counted before it is handled: most answers go out before received() returns.
    m_pending.noteRequest(line);
    received(line);
}

void StdioPeer::send(const QByteArray &message)
{
    m_pending.noteSent(message);
    // One message per line: a newline can only be JSON whitespace (inside a string it would be
    // invalid JSON anyway), so turning it into a space keeps the framing and the meaning.
    if (message.contains('\n'))
        m_channel.write(QByteArray(message).replace('\n', ' '));
    else
        m_channel.write(message);
    if (m_inputEnded)
        finishWhenSettled();
}

void StdioPeer::close(const QString &reason)
{
    if (m_closed)
        return;
    m_closed = true;
    m_drainTimeout.stop();
    qCInfo(lcServer, "closing the stdio client %s: %s", qUtf8Printable(clientId),
           qUtf8Printable(reason));
    m_channel.stopReading();
    // Reported from the event loop, as a socket would: the dispatcher calls close() while it
    // walks its peers and runs.
    QMetaObject::invokeMethod(
        this, [this] { gone(); }, Qt::QueuedConnection);
}

void StdioPeer::onInputEnded()
{
    // The client said all it will say, but may still be owed answers and streamed replies
    // (`echo request | attache --stdio`): leave once those are out, not before.
    m_inputEnded = true;
    if (m_pending.isSettled()) {
        finish();
        return;
    }
    m_drainTimeout.start(PendingReplies::TimeoutMs);
}

void StdioPeer::finishWhenSettled()
{
    if (m_finishQueued || m_closed || !m_pending.isSettled())
        return;
    m_finishQueued = true;
    // From the event loop: send() runs inside the dispatcher, which must not see its peer
    // leave in the middle of a call.
    QMetaObject::invokeMethod(this, &StdioPeer::finish, Qt::QueuedConnection);
}

void StdioPeer::finish()
{
    if (m_closed)
        return;
    m_closed = true;
    m_drainTimeout.stop();
    m_channel.stopReading();
    gone();
}
