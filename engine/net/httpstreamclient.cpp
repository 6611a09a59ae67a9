// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/httpstreamclient.h"

#include "net/directsocket.h"
#include "net/http1.h"
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
    const QNetworkProxy proxy = proxyFor(m_url);
    QTcpSocket *socket = nullptr;
    if (isHttps(m_url)) {
#if QT_CONFIG(ssl)
        if (QSslSocket::supportsSsl()) {
            auto *ssl = new QSslSocket(this);
            QSslConfiguration config = ssl->sslConfiguration();
            config.setAllowedNextProtocols({ QSslConfiguration::NextProtocolHttp1_1 });
            ssl->setSslConfiguration(config);
            m_wires[3] = connect(ssl, &QSslSocket::encrypted, this, &HttpStreamClient::sendRequest);
            // No delay for the handshake's writes either.
            connect(ssl, &QTcpSocket::connected, ssl,
                    [ssl] { ssl->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
            socket = ssl;
        }
#endif
        if (!socket) {
            // Never from inside start(): whoever started the request has not listened yet.
            QMetaObject::invokeMethod(
                this,
                [this] {
                    fail(Failure::Tls,
                         QStringLiteral("TLS is not available on this system, so %1 cannot be "
                                        "reached over https.")
                             .arg(m_url.host()));
                },
                Qt::QueuedConnection);
            return;
        }
    } else {
        // Straight to the kernel when there is no proxy in between: the request goes out without
        // a 32 KiB write buffer kept for the rest of the connection's life.
        const bool direct = proxy.type() == QNetworkProxy::NoProxy;
        // An upstream given by its address (a model server on this machine or the network) is
        // connected without Qt's connect machinery, which would stay with the stream.
        const QHostAddress address(m_url.host());
        if (direct && DirectConnect::supports(address)) {
            m_connecting = new DirectConnect(address, quint16(m_url.port(80)), this);
            connect(m_connecting, &DirectConnect::done, this, &HttpStreamClient::onConnected);
            return;
        }
        socket = direct ? new DirectTcpSocket(this) : new QTcpSocket(this);
        m_wires[3] = connect(socket, &QTcpSocket::connected, this, &HttpStreamClient::sendRequest);
    }
    socket->setProxy(proxy);
    adopt(socket);
#if QT_CONFIG(ssl)
    if (auto *ssl = qobject_cast<QSslSocket *>(socket)) {
        ssl->connectToHostEncrypted(m_url.host(), quint16(m_url.port(443)));
        return;
    }
#endif
    // Read straight from the kernel too (see pump()): Qt's read buffer would keep a 16 KiB block
    // allocated for every open stream once drained.
    socket->connectToHost(m_url.host(), quint16(m_url.port(80)),
                          qobject_cast<DirectTcpSocket *>(socket)
                              ? QIODevice::ReadWrite | QIODevice::Unbuffered
                              : QIODevice::ReadWrite);
}

void HttpStreamClient::onConnected(DirectTcpSocket *socket, const QString &error)
{
    m_connecting->deleteLater(); // not from inside its own signal
    m_connecting = nullptr;
    if (!socket) {
        fail(Failure::Connect, error);
        return;
    }
    socket->setParent(this);
    adopt(socket);
    sendRequest();
}

void HttpStreamClient::adopt(QTcpSocket *socket)
{
    // Bounded: a server faster than Attache is held back by TCP instead of filling memory.
    socket->setReadBufferSize(ReadBufferBytes);
    m_socket = socket;
    wireSocket();
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
    if (auto *direct = qobject_cast<DirectTcpSocket *>(m_socket.data()))
        direct->setReadsDirect(false); // Qt reads again: the pool watches it that way
    for (QMetaObject::Connection &wire : m_wires)
        disconnect(wire);
}

void HttpStreamClient::sendRequest()
{
    if (!m_socket || m_stopped)
        return;
    if (!m_reused) {
        // Connected (or encrypted): the connection object goes, the stream lasts.
        disconnect(m_wires[3]);
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    }
    // Connected (or taken from the pool): what comes back is read from the kernel straight
    // into m_raw (see pump()).
    if (auto *direct = qobject_cast<DirectTcpSocket *>(m_socket.data()))
        direct->setReadsDirect(true);
    m_reader.expectHead();
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
    // A socket read from the kernel (unbuffered, or a DirectTcpSocket reading directly) is read
    // at each call: a read is always tried, as that is how the end of the connection shows (Qt
    // then says nothing of it) and how Qt is told to watch the socket again; a full slice means
    // there may be more.
    auto *direct = qobject_cast<DirectTcpSocket *>(m_socket.data());
    const bool fromKernel = direct && direct->readsDirect();
    const bool unbuffered = fromKernel || m_socket->openMode().testFlag(QIODevice::Unbuffered);
    const qint64 available = unbuffered ? 0 : m_socket->bytesAvailable();
    bool more = false;
    if (available > 0) {
        const qsizetype old = m_raw.size();
        const qint64 want = qMin<qint64>(available, m_slice);
        m_raw.resize(old + want);
        const qint64 got = m_socket->read(m_raw.data() + old, want);
        m_raw.resize(old + qMax<qint64>(got, 0));
        if (got > 0)
            m_gotResponseByte = true;
    } else if (unbuffered && !m_socketGone
               && m_socket->state() == QAbstractSocket::ConnectedState) {
        // Into a buffer of the thread's: m_raw grows by what came, not by what might have (a
        // slice kept allocated by every open stream). Once the first body bytes are handed on
        // (the read buffer size says so, as it tells Qt for a buffered socket), as much as a
        // large slice at once, as Qt reads all there is: the kernel is drained as fast, and the
        // events go on in batches as large.
        thread_local char slice[MaxSliceBytes];
        const qint64 want = m_socket->readBufferSize() == ReadBufferBytes ? MaxSliceBytes : m_slice;
        const qint64 got =
            fromKernel ? direct->readKernel(slice, want) : m_socket->read(slice, want);
        if (got < 0) {
            onSocketGone(); // the end in the pump it schedules, or a new connection
            return;
        }
        m_raw.append(slice, got);
        if (got > 0)
            m_gotResponseByte = true;
        more = got == want;
    }
    const QPointer<HttpStreamClient> self(this);
    if (!parse() || !self || m_stopped)
        return;
    if (more || (!unbuffered && m_socket->bytesAvailable() > 0)) {
        // The rest on the next pass, in larger slices while the server keeps up the pace.
        m_slice = qMin(m_slice * 2, MaxSliceBytes);
        schedulePump();
        return;
    }
    m_slice = FirstSliceBytes;
    if (!m_socketGone) {
        // A quiet spell (a provider thinking, a reply held): what was read is handed on, so the
        // buffers go too rather than wait with the stream, the next read allocates again.
        if (m_raw.isEmpty())
            m_raw.clear();
        m_body.clear();
        // A socket made from a descriptor that reads through Qt's buffer (on Qt's event loop):
        // its block goes too. One read from the kernel has none.
        if (direct && !fromKernel)
            direct->releaseReadBuffer();
        return;
    }
    if (m_reader.phase() == HttpResponseReader::Phase::UntilClose) {
        complete();
    } else if (m_reader.phase() == HttpResponseReader::Phase::Idle) {
        const bool tls = m_socket->error() == QAbstractSocket::SslHandshakeFailedError
            || m_socket->error() == QAbstractSocket::SslInternalError
            || m_socket->error() == QAbstractSocket::SslInvalidUserDataError;
        fail(tls ? Failure::Tls : Failure::Connect, m_errorString);
    } else if (!m_gotResponseByte) {
        fail(Failure::Broken,
             QStringLiteral("%1 closed the connection without answering (%2).")
                 .arg(m_url.host(), m_errorString));
    } else {
        fail(Failure::Broken,
             QStringLiteral("the connection closed in the middle of the response (%1)")
                 .arg(m_errorString));
    }
}

bool HttpStreamClient::parse()
{
    const QPointer<HttpStreamClient> self(this);
    QString error;
    while (m_reader.phase() == HttpResponseReader::Phase::Head) {
        const qsizetype end = Http1::headEnd(m_raw, m_pos);
        if (end < 0) {
            if (m_raw.size() - m_pos > MaxHeadBytes) {
                fail(Failure::Protocol,
                     QStringLiteral("the response head is larger than %1 KiB")
                         .arg(MaxHeadBytes / 1024));
                return false;
            }
            return true;
        }
        // Read in place: only the header fields kept are copied.
        const QByteArrayView head(m_raw.constData() + m_pos, end - m_pos);
        m_pos = end;
        if (!m_reader.readHead(head, &error)) {
            fail(Failure::Protocol, error);
            return false;
        }
        // Answered: the request is never sent again (only a kept connection that closed before
        // any answer is retried), so it need not stay with a stream that may last minutes.
        m_request.clear();
        if (m_reader.phase() != HttpResponseReader::Phase::Head && !m_released) {
            if (m_receiver)
                m_receiver->responseHead();
            if (!self || m_stopped)
                return false;
        }
    }
    if (!m_reader.readBody(m_raw, &m_pos, m_released ? nullptr : &m_body, &error)) {
        fail(Failure::Protocol, error);
        return false;
    }
    if (m_pos == m_raw.size()) {
        m_raw.resize(0);
    } else if (m_pos > 0) {
        m_raw.remove(0, m_pos);
    }
    m_pos = 0;
    if (!m_body.isEmpty() && !m_released) {
        if (m_socket && m_socket->readBufferSize() != ReadBufferBytes)
            m_socket->setReadBufferSize(ReadBufferBytes); // read from the next pass on
        if (m_receiver)
            m_receiver->responseBody(m_body);
        if (!self || m_stopped)
            return false;
    }
    m_body.resize(0);
    if (m_reader.phase() == HttpResponseReader::Phase::Done) {
        complete();
        return false;
    }
    return true;
}

void HttpStreamClient::complete()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_grace.stop();
    if (m_socket && m_reader.keepAlive() && !m_socketGone && m_raw.size() == m_pos
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
    if (m_receiver)
        m_receiver->responseFinished();
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
    if (m_receiver)
        m_receiver->responseFailed();
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
    delete m_connecting; // closes what it was connecting
    m_connecting = nullptr;
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
    return HttpResponseReader::excerpt(text);
}

QByteArray HttpStreamClient::header(QByteArrayView name) const
{
    return m_reader.header(name).toByteArray();
}

QByteArrayView HttpStreamClient::headerView(QByteArrayView name) const
{
    return m_reader.header(name);
}
