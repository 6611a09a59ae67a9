// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakeprovider.h"

#include "../common/loopbackhttp.h"
#include "fakestream_p.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace FakeWire;

QString FakeReply::tokenAt(int i) const
{
    return chunks > 0 ? u"tok"_s + QString::number(i) + u' ' : tokens.value(i);
}

QString FakeReply::joinedText() const
{
    QString text;
    for (int i = 0; i < tokenCount(); ++i)
        text += tokenAt(i);
    return text;
}

class FakeHttpServer final : public QAbstractHttpServer
{
public:
    explicit FakeHttpServer(FakeProvider *provider)
        : QAbstractHttpServer(provider)
        , m_provider(provider)
    { }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        // Copy everything: the request object is reused for the next request on the socket.
        QByteArray method;
        switch (request.method()) {
        case QHttpServerRequest::Method::Get:
            method = "GET";
            break;
        case QHttpServerRequest::Method::Post:
            method = "POST";
            break;
        default:
            method = "OTHER";
            break;
        }
        m_provider->handle(socket, method, request.url().path(), request.headers(), request.body());
        return true;
    }
    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override { }

private:
    FakeProvider *m_provider;
};

// One chat response being produced on one socket.
FakeProvider::FakeProvider(QObject *parent)
    : QObject(parent)
    , m_server(new FakeHttpServer(this))
{ }

FakeProvider::~FakeProvider()
{
    for (QTcpSocket *socket : std::as_const(m_chatSockets))
        disconnect(socket, nullptr, this, nullptr);
    for (FakeStream *stream : std::as_const(m_streams))
        stream->abandon();
    delete m_server; // closes the sockets before our members go away
    m_server = nullptr;
}

bool FakeProvider::listen(quint16 port)
{
    return LoopbackHttp::listen(*m_server, port);
}

quint16 FakeProvider::port() const
{
    return LoopbackHttp::port(*m_server);
}

QUrl FakeProvider::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:"_s + QString::number(port()) + u"/v1"_s);
}

void FakeProvider::setDefaultReply(const FakeReply &reply)
{
    m_defaultReply = reply;
}

void FakeProvider::enqueueReply(const FakeReply &reply)
{
    m_queue.enqueue(reply);
}

void FakeProvider::setModels(const QStringList &ids)
{
    m_models = ids;
}

void FakeProvider::setModelsStatus(int httpStatus)
{
    m_modelsStatus = httpStatus;
}

int FakeProvider::openStreams() const
{
    return int(std::count_if(m_streams.cbegin(), m_streams.cend(),
                             [](const FakeStream *s) { return s->isOpen(); }));
}

int FakeProvider::heldStreams() const
{
    return int(std::count_if(m_streams.cbegin(), m_streams.cend(),
                             [](const FakeStream *s) { return s->isHeld(); }));
}

void FakeProvider::release()
{
    const QSet<FakeStream *> streams = m_streams;
    for (FakeStream *stream : streams)
        stream->resume();
}

void FakeProvider::handle(QTcpSocket *socket, const QByteArray &method, const QString &path,
                          const QList<QPair<QByteArray, QByteArray>> &headers,
                          const QByteArray &body)
{
    // As providers' servers do: a response's head and first chunk, written apart, are not
    // held back until the client acknowledges the head (Nagle's algorithm against a delayed
    // ACK costs up to 40 ms, which no provider makes its clients wait).
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    QByteArray auth;
    bool closeAfter = false;
    for (const auto &[name, value] : headers) {
        if (name.compare("authorization", Qt::CaseInsensitive) == 0)
            auth = value;
        else if (name.compare("connection", Qt::CaseInsensitive) == 0)
            closeAfter = value.trimmed().compare("close", Qt::CaseInsensitive) == 0;
    }
    if (method == "POST" && path.endsWith(u"/chat/completions"_s))
        return handleChat(socket, closeAfter, auth, body);

    QByteArray response;
    if (method == "POST" && path.endsWith(u"/embeddings"_s)) {
        response = handleEmbeddings(body, closeAfter);
    } else if (path.startsWith(u"/_fake/"_s)) {
        response = handleControl(method, path, body, closeAfter);
    } else if (method == "GET" && path.endsWith(u"/models"_s)) {
        ++m_modelsRequests;
        if (m_modelsStatus == 200) {
            QJsonArray data;
            for (const QString &id : std::as_const(m_models))
                data.append(QJsonObject {
                    { u"id"_s, id }, { u"object"_s, u"model"_s }, { u"owned_by"_s, u"fake"_s } });
            response =
                jsonResponse(200, { { u"object"_s, u"list"_s }, { u"data"_s, data } }, closeAfter);
        } else {
            response = jsonResponse(m_modelsStatus,
                                    errorJson(u"Models endpoint unavailable"_s,
                                              u"invalid_request_error"_s, QJsonValue::Null),
                                    closeAfter);
        }
    } else {
        response = jsonResponse(
            404,
            errorJson(u"Unknown request URL: "_s + QString::fromLatin1(method) + u' ' + path,
                      u"invalid_request_error"_s, u"unknown_url"_s),
            closeAfter);
    }
    socket->write(response);
    socket->flush();
    if (closeAfter)
        closeByServer(socket);
}

QByteArray FakeProvider::handleEmbeddings(const QByteArray &body, bool closeAfter)
{
    const QJsonObject request = QJsonDocument::fromJson(body).object();
    const QJsonValue input = request.value(u"input"_s);
    const QJsonArray inputs = input.isArray() ? input.toArray() : QJsonArray { input };
    if (request.isEmpty() || inputs.isEmpty() || !inputs.first().isString()) {
        return jsonResponse(400,
                            errorJson(u"'input' must be a string or an array of strings"_s,
                                      u"invalid_request_error"_s, QJsonValue::Null),
                            closeAfter);
    }
    m_embeddingRequests.append(request);
    const int dimensions = request.value(u"dimensions"_s).toInt(8);
    QJsonArray data;
    int tokens = 0;
    for (qsizetype i = 0; i < inputs.size(); ++i) {
        const QByteArray text = inputs.at(i).toString().toUtf8();
        tokens += int(inputs.at(i).toString().split(u' ', Qt::SkipEmptyParts).size());
        // FNV-1a, so a text has the same vector in every run (qHash is seeded per process).
        quint32 hash = 2166136261u;
        for (const char c : text)
            hash = (hash ^ quint8(c)) * 16777619u;
        QJsonArray vector;
        for (int j = 0; j < dimensions; ++j) {
            hash = (hash ^ quint32(j)) * 16777619u;
            vector.append(double(float(int(hash % 2001) - 1000) / 1000.0f));
        }
        data.append(QJsonObject {
            { u"object"_s, u"embedding"_s }, { u"index"_s, int(i) }, { u"embedding"_s, vector } });
    }
    return jsonResponse(
        200,
        { { u"object"_s, u"list"_s },
          { u"data"_s, data },
          { u"model"_s, request.value(u"model"_s).toString() },
          { u"usage"_s,
            QJsonObject { { u"prompt_tokens"_s, tokens }, { u"total_tokens"_s, tokens } } } },
        closeAfter);
}

void FakeProvider::handleChat(QTcpSocket *socket, bool closeAfter, const QByteArray &auth,
                              const QByteArray &body)
{
    watchSocket(socket);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (!doc.isObject()) {
        socket->write(jsonResponse(400,
                                   errorJson(u"Invalid JSON body: "_s + error.errorString(),
                                             u"invalid_request_error"_s, QJsonValue::Null),
                                   closeAfter));
        socket->flush();
        if (closeAfter)
            closeByServer(socket);
        return;
    }
    const QJsonObject request = doc.object();
    const FakeReply reply = m_queue.isEmpty() ? m_defaultReply : m_queue.dequeue();
    m_chatRequests.append(request);
    m_authorizations.append(auth);
    QString model = request.value(u"model"_s).toString();
    if (model.isEmpty())
        model = u"fake-model"_s;
    auto *stream =
        new FakeStream(this, socket, reply, model, request.value(u"stream"_s).toBool(), closeAfter);
    m_streams.insert(stream);
    Q_EMIT chatRequestReceived(request);
    stream->start();
}

void FakeProvider::watchSocket(QTcpSocket *socket)
{
    if (m_chatSockets.contains(socket))
        return;
    m_chatSockets.insert(socket);
    ++m_chatConnections;
    const auto gone = [this, socket] {
        if (!m_chatSockets.remove(socket))
            return;
        const bool byUs = m_serverClosed.remove(socket);
        const QSet<FakeStream *> streams = m_streams;
        for (FakeStream *stream : streams) {
            if (stream->rawSocket() == socket) {
                stream->abandon();
                streamDone(stream, false);
            }
        }
        if (!byUs) {
            ++m_clientDisconnects;
            Q_EMIT clientDisconnected();
        }
    };
    connect(socket, &QAbstractSocket::disconnected, this, gone);
    connect(socket, &QObject::destroyed, this, gone);
}

void FakeProvider::closeByServer(QTcpSocket *socket, bool abort)
{
    if (m_chatSockets.contains(socket))
        m_serverClosed.insert(socket); // not a client disconnect
    if (abort)
        socket->abort();
    else
        socket->disconnectFromHost();
}

void FakeProvider::streamDone(FakeStream *stream, bool success)
{
    if (!m_streams.remove(stream))
        return;
    stream->deleteLater();
    if (success) {
        ++m_finishedStreams;
        Q_EMIT streamFinished();
    }
}
