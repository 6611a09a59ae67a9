// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/httpstreamclient.h"

#include "net/httpconnectionpool.h"

#include <QHostAddress>
#include <QNetworkProxyFactory>
#include <QTcpSocket>
#include <QTimerEvent>
#if QT_CONFIG(ssl)
#include <QSslConfiguration>
#include <QSslSocket>
#endif

namespace {

bool isHttps(const QUrl &url)
{
    return url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
}

bool isLoopback(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

// What QNetworkAccessManager would ask for the same URL, restricted to proxies that can carry a
// raw connection (HTTP CONNECT, SOCKS5): the first of those, else none.
QNetworkProxy proxyFor(const QUrl &url)
{
    if (isLoopback(url.host()))
        return QNetworkProxy::NoProxy;
    const QList<QNetworkProxy> proxies =
        QNetworkProxyFactory::proxyForQuery(QNetworkProxyQuery(url));
    for (const QNetworkProxy &proxy : proxies) {
        if (proxy.type() == QNetworkProxy::NoProxy
            || (proxy.capabilities() & QNetworkProxy::TunnelingCapability))
            return proxy;
    }
    return QNetworkProxy::NoProxy;
}

bool hasToken(QByteArrayView list, QByteArrayView token)
{
    for (QByteArrayView item : QByteArray::fromRawData(list.data(), list.size()).split(',')) {
        if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// The position just past the blank line that ends a head starting at from, or -1.
qsizetype headEnd(const QByteArray &raw, qsizetype from)
{
    qsizetype lineStart = from;
    while (true) {
        const qsizetype newline = raw.indexOf('\n', lineStart);
        if (newline < 0)
            return -1;
        const qsizetype length = newline - lineStart;
        if (length == 0 || (length == 1 && raw.at(lineStart) == '\r'))
            return newline + 1;
        lineStart = newline + 1;
    }
}

} // namespace

HttpStreamClient::HttpStreamClient(HttpConnectionPool &pool, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
{ }

HttpStreamClient::~HttpStreamClient()
{
    dropSocket();
}

void HttpStreamClient::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_grace.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    m_grace.stop();
    abort();
    deleteLater();
}

void HttpStreamClient::start(const QByteArray &method, const QUrl &url, const Headers &headers,
                             const QByteArray &body)
{
    const HttpConnectionPool::Endpoint &endpoint = m_pool.endpoint(url);
    m_url = url;
    m_origin = endpoint.origin;
    const QByteArray &target = endpoint.target;
    const QByteArray &host = endpoint.host;

    m_request.reserve(256 + body.size());
    m_request += method + ' ' + target + " HTTP/1.1\r\nHost: " + host + "\r\n";
    for (const auto &header : headers)
        m_request += header.first + ": " + header.second + "\r\n";
    m_request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
    m_request += body;
    connectSocket(true);
}

void HttpStreamClient::connectSocket(bool allowReuse)
{
    if (allowReuse) {
        if (QTcpSocket *socket = m_pool.take(m_origin)) {
            socket->setParent(this);
            m_socket = socket;
            m_reused = true;
            wireSocket();
            sendRequest();
            return;
        }
    }
    m_reused = false;
    QTcpSocket *socket = nullptr;
    if (isHttps(m_url)) {
#if QT_CONFIG(ssl)
        if (QSslSocket::supportsSsl()) {
            auto *ssl = new QSslSocket(this);
            QSslConfiguration config = ssl->sslConfiguration();
            config.setAllowedNextProtocols({ QSslConfiguration::NextProtocolHttp1_1 });
            ssl->setSslConfiguration(config);
            m_wires[3] = connect(ssl, &QSslSocket::encrypted, this, &HttpStreamClient::sendRequest);
            socket = ssl;
        }
#endif
        if (!socket) {
            // Never from inside start(): whoever started the request has not listened yet.
            QMetaObject::invokeMethod(
                this,
                [this] {
                    fail(Failure::Tls,
                         tr("TLS is not available on this system, so %1 cannot be "
                            "reached over https.")
                             .arg(m_url.host()));
                },
                Qt::QueuedConnection);
            return;
        }
    } else {
        socket = new QTcpSocket(this);
        m_wires[3] = connect(socket, &QTcpSocket::connected, this, &HttpStreamClient::sendRequest);
    }
    connect(socket, &QTcpSocket::connected, socket,
            [socket] { socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
    socket->setProxy(proxyFor(m_url));
    // Bounded: a server faster than Attache is held back by TCP instead of filling memory.
    socket->setReadBufferSize(ReadBufferBytes);
    m_socket = socket;
    wireSocket();
#if QT_CONFIG(ssl)
    if (auto *ssl = qobject_cast<QSslSocket *>(socket)) {
        ssl->connectToHostEncrypted(m_url.host(), quint16(m_url.port(443)));
        return;
    }
#endif
    socket->connectToHost(m_url.host(), quint16(m_url.port(80)));
}

void HttpStreamClient::wireSocket()
{
    m_wires[0] = connect(m_socket, &QTcpSocket::readyRead, this, [this] {
        if (!m_pumpQueued)
            pump();
    });
    m_wires[1] =
        connect(m_socket, &QTcpSocket::disconnected, this, &HttpStreamClient::onSocketGone);
    m_wires[2] =
        connect(m_socket, &QTcpSocket::errorOccurred, this, &HttpStreamClient::onSocketGone);
}

void HttpStreamClient::unwireSocket()
{
    for (QMetaObject::Connection &wire : m_wires)
        disconnect(wire);
}

void HttpStreamClient::sendRequest()
{
    if (!m_socket || m_stopped)
        return;
    m_phase = Phase::Head;
    // A provider writes its first tokens and often much more at once. Qt would copy all of it
    // from the kernel before the first slice is parsed; the first token need not wait for that.
    m_socket->setReadBufferSize(FirstReadBytes);
    m_socket->write(m_request);
    m_socket->flush();
}

void HttpStreamClient::onSocketGone()
{
    if (m_socketGone || m_stopped || !m_socket)
        return;
    if (m_reused && !m_gotResponseByte && m_socket->bytesAvailable() == 0) {
        // The server had closed the kept connection before it got the request: a fresh one.
        dropSocket();
        connectSocket(false);
        return;
    }
    m_socketGone = true;
    if (m_errorString.isEmpty())
        m_errorString = m_socket->errorString();
    schedulePump(); // what is still buffered is read first
}

void HttpStreamClient::schedulePump()
{
    if (m_pumpQueued)
        return;
    m_pumpQueued = true;
    QMetaObject::invokeMethod(this, &HttpStreamClient::pump, Qt::QueuedConnection);
}

void HttpStreamClient::pump()
{
    m_pumpQueued = false;
    if (m_stopped || !m_socket)
        return;
    const qint64 available = m_socket->bytesAvailable();
    if (available > 0) {
        const qsizetype old = m_raw.size();
        const qint64 want = qMin<qint64>(available, m_slice);
        m_raw.resize(old + want);
        const qint64 got = m_socket->read(m_raw.data() + old, want);
        m_raw.resize(old + qMax<qint64>(got, 0));
        if (got > 0)
            m_gotResponseByte = true;
    }
    const QPointer<HttpStreamClient> self(this);
    if (!parse() || !self || m_stopped)
        return;
    if (m_socket->bytesAvailable() > 0) {
        // The rest on the next pass, in larger slices while the server keeps up the pace.
        m_slice = qMin(m_slice * 2, MaxSliceBytes);
        schedulePump();
        return;
    }
    m_slice = FirstSliceBytes;
    if (!m_socketGone)
        return;
    if (m_phase == Phase::UntilClose) {
        complete();
    } else if (m_phase == Phase::Idle) {
        const bool tls = m_socket->error() == QAbstractSocket::SslHandshakeFailedError
            || m_socket->error() == QAbstractSocket::SslInternalError
            || m_socket->error() == QAbstractSocket::SslInvalidUserDataError;
        fail(tls ? Failure::Tls : Failure::Connect, m_errorString);
    } else if (!m_gotResponseByte) {
        fail(Failure::Broken,
             tr("%1 closed the connection without answering (%2).")
                 .arg(m_url.host(), m_errorString));
    } else {
        fail(Failure::Broken,
             tr("the connection closed in the middle of the response (%1)").arg(m_errorString));
    }
}

bool HttpStreamClient::parse()
{
    const QPointer<HttpStreamClient> self(this);
    while (m_phase == Phase::Head) {
        const qsizetype end = headEnd(m_raw, m_pos);
        if (end < 0) {
            if (m_raw.size() - m_pos > MaxHeadBytes) {
                fail(Failure::Protocol,
                     tr("the response head is larger than %1 KiB").arg(MaxHeadBytes / 1024));
                return false;
            }
            return true;
        }
        if (!parseHead(end))
            return false;
        if (m_phase != Phase::Head && !m_released) {
            Q_EMIT headReceived();
            if (!self || m_stopped)
                return false;
        }
    }
    if (!decodeBody())
        return false;
    if (m_pos == m_raw.size()) {
        m_raw.resize(0);
    } else if (m_pos > 0) {
        m_raw.remove(0, m_pos);
    }
    m_pos = 0;
    if (!m_body.isEmpty() && !m_released) {
        if (m_socket && m_socket->readBufferSize() != ReadBufferBytes)
            m_socket->setReadBufferSize(ReadBufferBytes); // read from the next pass on
        Q_EMIT bodyReceived(m_body);
        if (!self || m_stopped)
            return false;
    }
    m_body.resize(0);
    if (m_phase == Phase::Done) {
        complete();
        return false;
    }
    return true;
}

bool HttpStreamClient::parseHead(qsizetype end)
{
    // Read in place: only the header fields kept are copied.
    const QByteArrayView head(m_raw.constData() + m_pos, end - m_pos);
    m_pos = end;
    qsizetype lineEnd = head.indexOf('\n');
    const QByteArrayView statusLine = head.first(lineEnd).trimmed();
    // "HTTP/1.1 200 OK"
    if (!statusLine.startsWith("HTTP/1.") || statusLine.size() < 12 || statusLine.at(8) != ' ') {
        fail(Failure::Protocol,
             tr("the server did not answer with HTTP/1.x (\"%1\")").arg(excerpt(statusLine)));
        return false;
    }
    bool ok = false;
    const int status = statusLine.sliced(9, 3).toInt(&ok);
    if (!ok || status < 100 || status > 999) {
        fail(Failure::Protocol,
             tr("the status line \"%1\" has no status code").arg(excerpt(statusLine)));
        return false;
    }
    if (status >= 100 && status < 200)
        return true; // interim (100 Continue …): the real head follows
    m_status = status;
    m_keepAlive = statusLine.at(7) != '0';
    m_headers.clear();
    while (lineEnd + 1 < head.size()) {
        const qsizetype from = lineEnd + 1;
        lineEnd = head.indexOf('\n', from);
        const QByteArrayView line = head.sliced(from, lineEnd - from);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        m_headers.append({ line.first(colon).trimmed().toByteArray(),
                           line.sliced(colon + 1).trimmed().toByteArray() });
    }
    if (hasToken(headerView("connection"), "close"))
        m_keepAlive = false;

    const QByteArrayView transferEncoding = headerView("transfer-encoding");
    const QByteArrayView contentLength = headerView("content-length");
    if (status == 204 || status == 304) {
        m_phase = Phase::Done;
    } else if (!transferEncoding.isEmpty()) {
        const QByteArrayView last =
            transferEncoding.sliced(transferEncoding.lastIndexOf(',') + 1).trimmed();
        if (last.compare("chunked", Qt::CaseInsensitive) == 0) {
            m_phase = Phase::ChunkSize;
        } else {
            m_phase = Phase::UntilClose;
            m_keepAlive = false;
        }
    } else if (!contentLength.isNull()) {
        m_remaining = contentLength.toLongLong(&ok);
        if (!ok || m_remaining < 0) {
            fail(Failure::Protocol,
                 tr("the Content-Length \"%1\" is not a length").arg(excerpt(contentLength)));
            return false;
        }
        m_phase = m_remaining == 0 ? Phase::Done : Phase::Length;
    } else {
        m_phase = Phase::UntilClose;
        m_keepAlive = false;
    }
    return true;
}

bool HttpStreamClient::decodeBody()
{
    const qsizetype size = m_raw.size();
    const char *raw = m_raw.constData();
    while (m_pos < size) {
        switch (m_phase) {
        case Phase::ChunkSize: {
            const qsizetype newline = m_raw.indexOf('\n', m_pos);
            if (newline < 0) {
                if (size - m_pos > 1024) {
                    fail(Failure::Protocol, tr("a chunk size line is too long"));
                    return false;
                }
                return true;
            }
            qint64 chunk = 0;
            qsizetype i = m_pos;
            int digits = 0;
            for (; i < newline; ++i) {
                const char c = raw[i];
                int value;
                if (c >= '0' && c <= '9')
                    value = c - '0';
                else if (c >= 'a' && c <= 'f')
                    value = c - 'a' + 10;
                else if (c >= 'A' && c <= 'F')
                    value = c - 'A' + 10;
                else
                    break;
                chunk = chunk * 16 + value;
                if (++digits > 15)
                    break;
            }
            // After the digits only an extension (";…"), spaces or the CR may follow.
            if (digits == 0 || digits > 15
                || (i < newline && raw[i] != ';' && raw[i] != ' ' && raw[i] != '\t'
                    && raw[i] != '\r')) {
                fail(Failure::Protocol, tr("a chunk size is not a hexadecimal number"));
                return false;
            }
            m_pos = newline + 1;
            m_remaining = chunk;
            m_phase = chunk == 0 ? Phase::Trailer : Phase::ChunkData;
            break;
        }
        case Phase::ChunkData:
        case Phase::Length: {
            const qsizetype n = qsizetype(qMin<qint64>(m_remaining, size - m_pos));
            if (!m_released)
                m_body.append(raw + m_pos, n);
            m_pos += n;
            m_remaining -= n;
            if (m_remaining == 0)
                m_phase = m_phase == Phase::Length ? Phase::Done : Phase::ChunkDataEnd;
            break;
        }
        case Phase::ChunkDataEnd:
            if (raw[m_pos] == '\n') {
                ++m_pos;
            } else if (raw[m_pos] == '\r') {
                if (m_pos + 1 == size)
                    return true;
                if (raw[m_pos + 1] != '\n') {
                    fail(Failure::Protocol, tr("a chunk does not end where its size says"));
                    return false;
                }
                m_pos += 2;
            } else {
                fail(Failure::Protocol, tr("a chunk does not end where its size says"));
                return false;
            }
            m_phase = Phase::ChunkSize;
            break;
        case Phase::Trailer: {
            const qsizetype newline = m_raw.indexOf('\n', m_pos);
            if (newline < 0)
                return true;
            const qsizetype length = newline - m_pos;
            const bool blank = length == 0 || (length == 1 && raw[m_pos] == '\r');
            m_pos = newline + 1;
            if (blank)
                m_phase = Phase::Done;
            break;
        }
        case Phase::UntilClose:
            if (!m_released)
                m_body.append(raw + m_pos, size - m_pos);
            m_pos = size;
            break;
        case Phase::Done:
            // Bytes after the response: nothing was asked, so the connection is not reusable.
            m_keepAlive = false;
            m_pos = size;
            break;
        case Phase::Idle:
        case Phase::Head:
            return true;
        }
    }
    return true;
}

void HttpStreamClient::complete()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_grace.stop();
    if (m_socket && m_keepAlive && !m_socketGone && m_raw.size() == m_pos
        && m_socket->bytesAvailable() == 0) {
        QTcpSocket *socket = m_socket;
        m_socket = nullptr;
        unwireSocket();
        m_pool.put(m_origin, socket);
    } else {
        dropSocket();
    }
    if (m_released) {
        deleteLater();
        return;
    }
    Q_EMIT finished();
}

void HttpStreamClient::fail(Failure failure, const QString &message)
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_grace.stop();
    m_failure = failure;
    m_errorString = message;
    dropSocket();
    if (m_released) {
        deleteLater();
        return;
    }
    Q_EMIT failed();
}

void HttpStreamClient::abort()
{
    m_stopped = true;
    m_grace.stop();
    dropSocket();
}

void HttpStreamClient::release()
{
    if (m_released)
        return;
    m_released = true;
    setParent(&m_pool);
    if (m_stopped) {
        deleteLater();
        return;
    }
    m_grace.start(ReleaseGraceMs, Qt::CoarseTimer, this);
}

void HttpStreamClient::dropSocket()
{
    if (!m_socket)
        return;
    QTcpSocket *socket = m_socket;
    m_socket = nullptr;
    unwireSocket();
    socket->abort();
    socket->deleteLater();
}

QString HttpStreamClient::excerpt(QByteArrayView text)
{
    return QString::fromLatin1(text.first(qMin<qsizetype>(text.size(), 40)));
}

QByteArray HttpStreamClient::header(QByteArrayView name) const
{
    return headerView(name).toByteArray();
}

QByteArrayView HttpStreamClient::headerView(QByteArrayView name) const
{
    for (const auto &header : m_headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return {};
}
