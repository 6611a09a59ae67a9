// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachewarnings.h"
#include "eventorder.h"
#include "net/directsocket.h"
#include "net/epolldispatcher.h"
#include "net/httpconnectionpool.h"
#include "net/httpstreamclient.h"

#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <utility>

namespace {

/** Accepts each connection into a DirectTcpSocket, as Attache's server does. */
class DirectServer : public QTcpServer
{
public:
    QPointer<DirectTcpSocket> accepted;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        accepted = new DirectTcpSocket(this);
        accepted->setSocketDescriptor(descriptor);
    }
};

/**
 * An HTTP server on a real loopback socket that answers each request with bytes given by the
 * test, written in pieces with a pause between them so they reach the client as separate reads.
 */
class ScriptedServer : public QObject
{
public:
    struct Answer
    {
        QList<QByteArray> pieces;
        bool closeAfter = false;
        int holdAfter = -1; // the piece after which it waits for resume(), if any
    };

    /** With tls, a TLS server with the test certificate. */
    explicit ScriptedServer(const QSslConfiguration *tls = nullptr)
    {
        if (tls) {
            auto *server = new QSslServer(this);
            server->setSslConfiguration(*tls);
            m_server = server;
        } else {
            m_server = new QTcpServer(this);
        }
        m_server->listen(QHostAddress::LocalHost);
        connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = m_server->nextPendingConnection()) {
                ++connections;
                socket->setParent(this);
                m_open.append(socket);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onRead(socket); });
                connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                    ++disconnects;
                    m_open.removeAll(socket);
                });
            }
        });
    }

    QUrl url(const QString &path = QStringLiteral("/v1/chat")) const
    {
        return QUrl(QStringLiteral("%1://127.0.0.1:%2%3")
                        .arg(qobject_cast<QSslServer *>(m_server) ? QStringLiteral("https")
                                                                  : QStringLiteral("http"))
                        .arg(m_server->serverPort())
                        .arg(path));
    }
    /** Sends the rest of an answer held after its holdAfter piece. */
    void resume()
    {
        const auto held = std::exchange(m_held, {});
        for (const Held &h : held) {
            if (h.socket)
                write(h.socket, h.answer, h.next);
        }
    }
    void closeAll()
    {
        for (QTcpSocket *socket : std::as_const(m_open))
            socket->disconnectFromHost();
    }

    QList<Answer> answers; // one per request, in order
    QList<QByteArray> requests; // head and body of each, as received
    int connections = 0;
    int disconnects = 0;

private:
    void onRead(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        const qsizetype lengthAt = buffer.indexOf("Content-Length: ");
        const qsizetype length = lengthAt < 0
            ? 0
            : buffer.mid(lengthAt + 16, buffer.indexOf('\r', lengthAt) - lengthAt - 16)
                  .toLongLong();
        if (buffer.size() < headEnd + 4 + length)
            return;
        requests.append(buffer.left(headEnd + 4 + length));
        buffer.remove(0, headEnd + 4 + length);
        const Answer answer = answers.isEmpty()
            ? Answer { { "HTTP/1.1 500 No\r\nContent-Length: 0\r\n\r\n" } }
            : answers.takeFirst();
        write(socket, answer, 0);
    }
    void write(QTcpSocket *socket, const Answer &answer, int index)
    {
        if (index == answer.pieces.size()) {
            if (answer.closeAfter)
                socket->disconnectFromHost();
            return;
        }
        socket->write(answer.pieces.at(index));
        socket->flush();
        const QPointer<QTcpSocket> guard(socket);
        if (index == answer.holdAfter) {
            m_held.append({ guard, answer, index + 1 });
            return;
        }
        QTimer::singleShot(2, this, [this, guard, answer, index] {
            if (guard)
                write(guard, answer, index + 1);
        });
    }

    struct Held
    {
        QPointer<QTcpSocket> socket;
        Answer answer;
        int next = 0;
    };

    QTcpServer *m_server;
    QList<QTcpSocket *> m_open;
    QList<Held> m_held;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

QList<QByteArray> piecesOf(const QByteArray &bytes, int size)
{
    QList<QByteArray> pieces;
    for (qsizetype i = 0; i < bytes.size(); i += size)
        pieces.append(bytes.mid(i, size));
    return pieces;
}

/** What the client told its receiver, recorded. */
struct Outcome : HttpStreamClient::Receiver
{
    explicit Outcome(HttpStreamClient &client) { client.setReceiver(this); }
    void responseHead() override { ++heads; }
    void responseBody(const QByteArray &bytes) override
    {
        body += bytes;
        slices.append(bytes.size());
    }
    void responseFinished() override { ++finished; }
    void responseFailed() override { ++failed; }
    bool over() const { return finished + failed > 0; }

    int heads = 0;
    int finished = 0;
    int failed = 0;
    QByteArray body;
    QList<qsizetype> slices;
};

const QByteArray ChunkedStream = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                 "Transfer-Encoding: chunked\r\nX-Extra: yes\r\n\r\n"
                                 "5\r\ndata:\r\n"
                                 "1A;name=value\r\n abcdefghijklmnopqrstuvwxy\r\n"
                                 "0\r\nTrailer-Field: t\r\n\r\n";
const QByteArray ChunkedBody = "data: abcdefghijklmnopqrstuvwxy";

/** The test server's certificate (self-signed, for 127.0.0.1) and key. */
QSslConfiguration testServerTls()
{
    QFile certificate(QFINDTESTDATA("data/tls-test.crt"));
    QFile key(QFINDTESTDATA("data/tls-test.key"));
    certificate.open(QIODevice::ReadOnly);
    key.open(QIODevice::ReadOnly);
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(QSslCertificate(certificate.readAll()));
    config.setPrivateKey(QSslKey(key.readAll(), QSsl::Ec));
    return config;
}

} // namespace

class TestHttpStreamClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { failOnAttacheWarnings(); }
    void sendsTheRequestAsGiven()
    {
        ScriptedServer server;
        server.answers.append({ { "HTTP/1.1 204 No Content\r\n\r\n" } });
        HttpConnectionPool pool;
        HttpStreamClient client(pool);
        Outcome outcome(client);
        client.start("POST", server.url(QStringLiteral("/v1/chat/completions")),
                     { { "Authorization", "Bearer k" }, { "Content-Type", "application/json" } },
                     R"({"a":1})");
        QTRY_VERIFY(outcome.over());
        QCOMPARE(outcome.finished, 1);
        QCOMPARE(client.status(), 204);
        QCOMPARE(server.requests.size(), 1);
        const QByteArray request = server.requests.constFirst();
        QVERIFY2(request.startsWith("POST /v1/chat/completions HTTP/1.1\r\n"), request.constData());
        QVERIFY(request.contains(
            QByteArray("\r\nHost: 127.0.0.1:" + QByteArray::number(server.url().port()) + "\r\n")));
        QVERIFY(request.contains("\r\nAuthorization: Bearer k\r\n"));
        QVERIFY(request.contains("\r\nContent-Length: 7\r\n"));
        QVERIFY(request.endsWith("\r\n\r\n{\"a\":1}"));
    }

    void readsEveryBodyFraming_data()
    {
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<int>("pieceSize");
        QTest::addColumn<bool>("closeAfter");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("chunked, whole") << ChunkedStream << 4096 << false << ChunkedBody;
        QTest::newRow("chunked, byte by byte") << ChunkedStream << 1 << false << ChunkedBody;
        QTest::newRow("chunked, 7-byte pieces") << ChunkedStream << 7 << false << ChunkedBody;
        const QByteArray bareLf = "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n";
        QTest::newRow("chunked, bare LF") << bareLf << 3 << false << QByteArray("abc");
        const QByteArray length = "HTTP/1.1 200 OK\r\ncontent-length: 11\r\n\r\nhello world";
        QTest::newRow("content-length") << length << 4096 << false << QByteArray("hello world");
        QTest::newRow("content-length, split") << length << 5 << false << QByteArray("hello world");
        QTest::newRow("empty") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") << 4096
                               << false << QByteArray();
        QTest::newRow("until close")
            << QByteArray("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nto the end") << 3 << true
            << QByteArray("to the end");
        QTest::newRow("HTTP/1.0") << QByteArray("HTTP/1.0 200 OK\r\n\r\nold") << 4096 << true
                                  << QByteArray("old");
        QTest::newRow("100 Continue first") << QByteArray(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                                            << 4096 << false << QByteArray("ok");
    }
    void readsEveryBodyFraming()
    {
        QFETCH(QByteArray, response);
        QFETCH(int, pieceSize);
        QFETCH(bool, closeAfter);
        QFETCH(QByteArray, body);
        ScriptedServer server;
        server.answers.append({ piecesOf(response, pieceSize), closeAfter });
        HttpConnectionPool pool;
        HttpStreamClient client(pool);
        Outcome outcome(client);
        client.start("POST", server.url(), {}, "{}");
        QTRY_VERIFY(outcome.over());
        QCOMPARE(outcome.failed, 0);
        QCOMPARE(outcome.finished, 1);
        QCOMPARE(outcome.heads, 1);
        QCOMPARE(client.status(), 200);
        QCOMPARE(outcome.body, body);
        if (response == ChunkedStream)
            QCOMPARE(client.header("x-extra"), QByteArray("yes"));
    }

    void aCutResponseFails_data()
    {
        QTest::addColumn<QByteArray>("response");
        QTest::newRow("chunked") << QByteArray(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly part");
        QTest::newRow("content-length")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
        QTest::newRow("no answer") << QByteArray();
    }
    void aCutResponseFails()
    {
        QFETCH(QByteArray, response);
        ScriptedServer server;
        server.answers.append({ { response }, true });
        HttpConnectionPool pool;
        HttpStreamClient client(pool);
        Outcome outcome(client);
        client.start("POST", server.url(), {}, "{}");
        QTRY_VERIFY(outcome.over());
        QCOMPARE(outcome.finished, 0);
        QCOMPARE(outcome.failed, 1);
        QCOMPARE(client.failure(), HttpStreamClient::Failure::Broken);
        QVERIFY(!client.errorString().isEmpty());
    }

    void garbageIsAProtocolError_data()
    {
        QTest::addColumn<QByteArray>("response");
        QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n");
        QTest::newRow("bad chunk size")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        QTest::newRow("bad length")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n");
        QTest::newRow("chunk overrun")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n");
    }
    void garbageIsAProtocolError()
    {
        QFETCH(QByteArray, response);
        ScriptedServer server;
        server.answers.append({ { response } });
        HttpConnectionPool pool;
        HttpStreamClient client(pool);
        Outcome outcome(client);
        client.start("POST", server.url(), {}, "{}");
        QTRY_VERIFY(outcome.over());
        QCOMPARE(outcome.failed, 1);
        QCOMPARE(client.failure(), HttpStreamClient::Failure::Protocol);
    }

    // By address Attache connects the socket itself; a name goes through Qt's lookup and connect.
    void byAddressOrByNameAlike_data()
    {
        QTest::addColumn<QString>("host");
        QTest::newRow("address") << QStringLiteral("127.0.0.1");
        QTest::newRow("name") << QStringLiteral("localhost");
    }
    void byAddressOrByNameAlike()
    {
        QFETCH(QString, host);
        ScriptedServer server;
        server.answers.append({ piecesOf(ChunkedStream, 7) });
        HttpConnectionPool pool;
        HttpStreamClient client(pool);
        Outcome outcome(client);
        QUrl url = server.url();
        url.setHost(host);
        client.start("POST", url, {}, "{}");
        QTRY_VERIFY(outcome.over());
        QCOMPARE(outcome.finished, 1);
        QCOMPARE(outcome.body, ChunkedBody);

        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        HttpStreamClient refused(pool);
        Outcome failure(refused);
        refused.start("POST", QUrl(QStringLiteral("http://%1:%2/").arg(host).arg(port)), {}, "{}");
        QCOMPARE(failure.failed, 0); // never from inside start()
        QTRY_VERIFY(failure.over());
        QCOMPARE(failure.failed, 1);
        QCOMPARE(failure.heads, 0);
        QCOMPARE(refused.failure(), HttpStreamClient::Failure::Connect);
        QVERIFY2(refused.errorString().contains(QLatin1String("refused"), Qt::CaseInsensitive),
                 qPrintable(refused.errorString()));
    }

    void keptConnectionServesTheNextRequest()
    {
        ScriptedServer server;
        for (int i = 0; i < 3; ++i)
            server.answers.append({ piecesOf(ChunkedStream, 16) });
        HttpConnectionPool pool;
        for (int i = 0; i < 3; ++i) {
            HttpStreamClient client(pool);
            Outcome outcome(client);
            client.start("POST", server.url(), {}, "{}");
            QTRY_VERIFY(outcome.over());
            QCOMPARE(outcome.body, ChunkedBody);
            QCOMPARE(client.reusedConnection(), i > 0);
        }
        QCOMPARE(server.connections, 1);
        QCOMPARE(pool.idleCount(), 1);
    }

    void aConnectionTheServerClosedIsNotReused()
    {
        ScriptedServer server;
        server.answers.append({ { "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na" } });
        server.answers.append({ { "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb" } });
        HttpConnectionPool pool;
        {
            HttpStreamClient client(pool);
            Outcome outcome(client);
            client.start("POST", server.url(), {}, "{}");
            QTRY_VERIFY(outcome.over());
        }
        QCOMPARE(pool.idleCount(), 1);
        server.closeAll();
        QTRY_COMPARE(pool.idleCount(), 0);
        HttpStreamClient client(pool);
        Outcome outcome(client);
        client.start("POST", server.url(), {}, "{}");
        QTRY_VERIFY(outcome.over());
        QCOMPARE(outcome.body, QByteArray("b"));
        QCOMPARE(server.connections, 2);
    }

    void connectionCloseIsHonoured()
    {
        ScriptedServer server;
        server.answers.append(
            { { "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nConnection: close\r\n\r\na" }, true });
        HttpConnectionPool pool;
        HttpStreamClient client(pool);
        Outcome outcome(client);
        client.start("POST", server.url(), {}, "{}");
        QTRY_VERIFY(outcome.over());
        QCOMPARE(outcome.finished, 1);
        QCOMPARE(pool.idleCount(), 0);
    }

    void aLargeBodyArrivesInBoundedSlices()
    {
        ScriptedServer server;
        const QByteArray big(3 * 1024 * 1024, 'x');
        server.answers.append({ { "HTTP/1.1 200 OK\r\nContent-Length: "
                                  + QByteArray::number(big.size()) + "\r\n\r\n" + big } });
        HttpConnectionPool pool;
        HttpStreamClient client(pool);
        Outcome outcome(client);
        client.start("POST", server.url(), {}, "{}");
        QTRY_VERIFY(outcome.over());
        QCOMPARE(outcome.body.size(), big.size());
        QVERIFY(outcome.slices.size() >= big.size() / HttpStreamClient::MaxSliceBytes);
        for (qsizetype slice : std::as_const(outcome.slices))
            QVERIFY(slice <= HttpStreamClient::MaxSliceBytes);
        // The first slice after a quiet spell is small, so its first events leave at once.
        QVERIFY(outcome.slices.constFirst() <= HttpStreamClient::FirstSliceBytes);
    }

    void abortClosesTheConnectionAtOnce()
    {
        ScriptedServer server;
        server.answers.append(
            { { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n" } });
        HttpConnectionPool pool;
        HttpStreamClient client(pool);
        Outcome outcome(client);
        client.start("POST", server.url(), {}, "{}");
        QTRY_COMPARE(outcome.body, QByteArray("a"));
        client.abort();
        QTRY_COMPARE(server.disconnects, 1);
        QVERIFY(postedEventsDelivered()); // whatever the abort queued has been delivered
        QCOMPARE(outcome.finished + outcome.failed, 0);
        QCOMPARE(pool.idleCount(), 0);
    }

    void httpsSpeaksTlsAndChecksTheCertificate()
    {
        const QSslConfiguration tls = testServerTls();
        QVERIFY(!tls.localCertificate().isNull());
        QVERIFY(!tls.privateKey().isNull());
        const QSslConfiguration systemDefault = QSslConfiguration::defaultConfiguration();
        {
            // Not signed by anyone the system trusts: refused before a byte of the request.
            ScriptedServer server(&tls);
            HttpConnectionPool pool;
            HttpStreamClient client(pool);
            Outcome outcome(client);
            client.start("POST", server.url(), {}, "{}");
            QTRY_VERIFY(outcome.over());
            QCOMPARE(outcome.failed, 1);
            QCOMPARE(client.failure(), HttpStreamClient::Failure::Tls);
            QVERIFY(server.requests.isEmpty());
        }
        // Trusted (as a company's own CA would be): the request goes through, encrypted, and
        // the connection is kept for the next one.
        QSslConfiguration trusting = systemDefault;
        trusting.addCaCertificate(tls.localCertificate());
        QSslConfiguration::setDefaultConfiguration(trusting);
        ScriptedServer server(&tls);
        server.answers.append({ piecesOf(ChunkedStream, 9) });
        server.answers.append({ { "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok" } });
        HttpConnectionPool pool;
        for (const QByteArray &expected : { ChunkedBody, QByteArray("ok") }) {
            HttpStreamClient client(pool);
            Outcome outcome(client);
            client.start("POST", server.url(), {}, "{}");
            QTRY_VERIFY(outcome.over());
            QCOMPARE(outcome.failed, 0);
            QCOMPARE(outcome.body, expected);
        }
        QSslConfiguration::setDefaultConfiguration(systemDefault);
        QCOMPARE(server.connections, 1);
        QVERIFY(
            server.requests.constFirst().startsWith("POST /v1/chat HTTP/1.1\r\nHost: 127.0.0.1:"));
    }

    void aPlainServerOnAnHttpsUrlIsATlsFailure()
    {
        QTcpServer plain;
        QVERIFY(plain.listen(QHostAddress::LocalHost));
        connect(&plain, &QTcpServer::pendingConnectionAvailable, this, [&plain] {
            QTcpSocket *socket = plain.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                socket->readAll();
                socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            });
        });
        HttpConnectionPool pool;
        HttpStreamClient client(pool);
        Outcome outcome(client);
        client.start("POST",
                     QUrl(QStringLiteral("https://127.0.0.1:%1/v1").arg(plain.serverPort())), {},
                     "{}");
        QTRY_VERIFY(outcome.over());
        QCOMPARE(outcome.failed, 1);
        QCOMPARE(outcome.heads, 0);
        QCOMPARE(client.failure(), HttpStreamClient::Failure::Tls);
    }

    void aReleasedResponseIsReadToItsEndAndTheConnectionKept()
    {
        ScriptedServer server;
        // The rest waits until the client has been released: what it sees does not hang on when
        // the pieces arrive.
        server.answers.append(
            { { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n",
                "4\r\nmore\r\n", "0\r\n\r\n" },
              false,
              0 });
        HttpConnectionPool pool;
        auto *client = new HttpStreamClient(pool);
        Outcome outcome(*client);
        client->start("POST", server.url(), {}, "{}");
        QTRY_COMPARE(outcome.body, QByteArray("first"));
        const QPointer<HttpStreamClient> guard(client);
        client->release();
        server.resume();
        QTRY_VERIFY(!guard);
        QCOMPARE(outcome.body, QByteArray("first")); // nothing reported after release()
        QCOMPARE(pool.idleCount(), 1);
        QCOMPARE(server.disconnects, 0);
    }

    void aSocketThatFreedItsReadBufferReadsAndWritesAsBefore()
    {
        DirectServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QTRY_VERIFY(server.accepted);
        QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
        DirectTcpSocket *socket = server.accepted;

        client.write("first request");
        QTRY_COMPARE(socket->bytesAvailable(), qint64(13));
        socket->releaseReadBuffer(); // bytes wait in it: kept
        QCOMPARE(socket->read(5), QByteArray("first"));
        socket->startTransaction();
        QCOMPARE(socket->read(1), QByteArray(" "));
        socket->releaseReadBuffer(); // a transaction is open: kept
        socket->rollbackTransaction();
        QCOMPARE(socket->readAll(), QByteArray(" request"));

        socket->releaseReadBuffer();
        QCOMPARE(socket->openMode(), QIODevice::ReadWrite);
        QCOMPARE(socket->bytesAvailable(), qint64(0));
        QSignalSpy readyRead(socket, &QIODevice::readyRead);
        client.write("second");
        QTRY_COMPARE(socket->bytesAvailable(), qint64(6));
        QVERIFY(readyRead.count() >= 1);
        QCOMPARE(socket->readAll(), QByteArray("second"));

        socket->write("answer");
        QTRY_COMPARE(client.bytesAvailable(), qint64(6));
        QCOMPARE(client.readAll(), QByteArray("answer"));
        client.disconnectFromHost();
        QTRY_COMPARE(socket->state(), QAbstractSocket::UnconnectedState);
    }
};

// On the engine's loop (reads straight from the kernel); ctest runs it on Qt's loop too.
int main(int argc, char *argv[])
{
    EpollEventDispatcher::installForMainThread();
    QCoreApplication app(argc, argv);
    TestHttpStreamClient test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_httpstreamclient.moc"
