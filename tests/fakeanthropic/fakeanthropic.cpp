// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakeanthropic.h"

#include "../common/loopbackhttp.h"
#include "fakeanthropicstream_p.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace FakeAnthropicWire;

namespace FakeAnthropicWire {

QByteArray response(int status, const QByteArray &contentType, const QByteArray &body,
                    const QByteArray &extraHeaders)
{
    static const QHash<int, QByteArray> reasons {
        { 200, "OK" },           { 400, "Bad Request" },     { 401, "Unauthorized" },
        { 403, "Forbidden" },    { 404, "Not Found" },       { 429, "Too Many Requests" },
        { 500, "Server Error" }, { 529, "Site Overloaded" },
    };
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' '
        + reasons.value(status, "Status") + "\r\ncontent-type: " + contentType + "\r\n";
    // A stream's body is chunked, whoever writes it; the others have a length.
    if (contentType.startsWith("text/event-stream"))
        head += "transfer-encoding: chunked\r\n";
    else
        head += "content-length: " + QByteArray::number(body.size()) + "\r\n";
    if (status >= 400)
        head += "request-id: req_fake_error\r\n";
    head += extraHeaders;
    head += "connection: keep-alive\r\n\r\n";
    return head + body;
}

QByteArray errorBody(const QString &type, const QString &message)
{
    return QJsonDocument(
               QJsonObject {
                   { u"type"_s, u"error"_s },
                   { u"error"_s, QJsonObject { { u"type"_s, type }, { u"message"_s, message } } } })
        .toJson(QJsonDocument::Compact);
}

QByteArray event(const QByteArray &name, const QJsonObject &data)
{
    return "event: " + name + "\ndata: " + QJsonDocument(data).toJson(QJsonDocument::Compact)
        + "\n\n";
}

QByteArray chunked(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

} // namespace FakeAnthropicWire

QString FakeMessage::textAt(int i) const
{
    return chunks > 0 ? u"tok"_s + QString::number(i) + u' ' : text.value(i);
}

QString FakeMessage::joinedText() const
{
    QString joined;
    for (int i = 0; i < textCount(); ++i)
        joined += textAt(i);
    return joined;
}

class FakeAnthropicServer final : public QAbstractHttpServer
{
public:
    explicit FakeAnthropicServer(FakeAnthropic *fake)
        : QAbstractHttpServer(fake)
        , m_fake(fake)
    { }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        QByteArray method = "OTHER";
        if (request.method() == QHttpServerRequest::Method::Get)
            method = "GET";
        else if (request.method() == QHttpServerRequest::Method::Post)
            method = "POST";
        m_fake->handle(socket, method, request.url().path(), request.headers(), request.body());
        return true;
    }
    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override { }

private:
    FakeAnthropic *m_fake;
};

FakeAnthropic::FakeAnthropic(QObject *parent)
    : QObject(parent)
    , m_server(new FakeAnthropicServer(this))
{ }

FakeAnthropic::~FakeAnthropic()
{
    for (QTcpSocket *socket : std::as_const(m_sockets))
        disconnect(socket, nullptr, this, nullptr);
    for (FakeAnthropicStream *stream : std::as_const(m_streams))
        stream->abandon();
    delete m_server;
    m_server = nullptr;
}

bool FakeAnthropic::listen(quint16 port)
{
    return LoopbackHttp::listen(*m_server, port);
}

quint16 FakeAnthropic::port() const
{
    return LoopbackHttp::port(*m_server);
}

QUrl FakeAnthropic::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:"_s + QString::number(port()));
}

int FakeAnthropic::openStreams() const
{
    return int(std::count_if(m_streams.cbegin(), m_streams.cend(),
                             [](const FakeAnthropicStream *s) { return s->isOpen(); }));
}

void FakeAnthropic::watch(QTcpSocket *socket)
{
    if (m_sockets.contains(socket))
        return;
    m_sockets.insert(socket);
    const auto gone = [this, socket] {
        if (!m_sockets.remove(socket))
            return;
        const bool byUs = m_closedByUs.remove(socket);
        const QSet<FakeAnthropicStream *> streams = m_streams;
        for (FakeAnthropicStream *stream : streams) {
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

void FakeAnthropic::streamDone(FakeAnthropicStream *stream, bool success)
{
    if (!m_streams.remove(stream))
        return;
    stream->deleteLater();
    if (success) {
        ++m_finishedStreams;
        Q_EMIT streamFinished();
    }
}

QByteArray FakeAnthropic::modelsResponse()
{
    ++m_modelsRequests;
    if (m_modelsStatus != 200) {
        return response(m_modelsStatus, "application/json",
                        errorBody(u"api_error"_s, u"Models are not available"_s));
    }
    QJsonArray data;
    for (const QString &id : std::as_const(m_models)) {
        data.append(QJsonObject { { u"type"_s, u"model"_s },
                                  { u"id"_s, id },
                                  { u"display_name"_s, QString(u"Fake "_s + id) },
                                  { u"created_at"_s, u"2025-01-01T00:00:00Z"_s } });
    }
    const QJsonObject list { { u"data"_s, data },
                             { u"has_more"_s, false },
                             { u"first_id"_s, m_models.value(0) },
                             { u"last_id"_s, m_models.isEmpty() ? QString() : m_models.last() } };
    return response(200, "application/json", QJsonDocument(list).toJson(QJsonDocument::Compact));
}

void FakeAnthropic::handle(QTcpSocket *socket, const QByteArray &method, const QString &path,
                           const QList<QPair<QByteArray, QByteArray>> &headers,
                           const QByteArray &body)
{
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); // as FakeProvider::handle()
    FakeAnthropicRequest request;
    request.path = path;
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.toLower();
        if (lower == "x-api-key")
            request.apiKey = value;
        else if (lower == "anthropic-version")
            request.version = value;
        else if (lower == "authorization")
            request.authorization = value;
        else if (lower == "anthropic-beta")
            request.beta = value;
    }
    if (path.startsWith(u"/_fake/"_s)) {
        socket->write(handleControl(method, path, body));
        return;
    }
    if (method == "GET" && path == u"/v1/models"_s) {
        socket->write(modelsResponse());
        return;
    }
    const bool messages = method == "POST" && path == u"/v1/messages"_s;
    const bool count = method == "POST" && path == u"/v1/messages/count_tokens"_s;
    if (!messages && !count) {
        socket->write(response(404, "application/json",
                               errorBody(u"not_found_error"_s, u"Not found: "_s + path)));
        return;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject()) {
        socket->write(response(400, "application/json",
                               errorBody(u"invalid_request_error"_s, u"The body is not JSON"_s)));
        return;
    }
    request.body = doc.object();
    if (count) {
        m_countRequests.append(request);
        // Deterministic: a token for every four characters of the messages as sent.
        const qint64 characters =
            QJsonDocument(request.body.value(u"messages"_s).toArray()).toJson().size();
        socket->write(response(200, "application/json",
                               "{\"input_tokens\":" + QByteArray::number(characters / 4) + '}'));
        return;
    }
    watch(socket);
    m_requests.append(request);
    const FakeMessage message = m_queue.isEmpty() ? m_default : m_queue.dequeue();
    auto *stream =
        new FakeAnthropicStream(this, socket, message, request.body.value(u"model"_s).toString(),
                                request.body.value(u"stream"_s).toBool());
    m_streams.insert(stream);
    Q_EMIT messageRequested(request.body);
    stream->start();
}
