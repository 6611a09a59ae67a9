// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// libFuzzer target for RpcDispatcher::handle: one arbitrary message from a fresh peer to a real
// Engine with no provider (settings in a temporary directory, sessions in memory). Every message
// the dispatcher sends back must be one JSON-RPC 2.0 object (or a batch of them) that parses.
// http_request goes to a stand-in dispatch that echoes the request body, so its answer path
// (text or base64 bodies, headers) is exercised without a server.
#include "engine.h"
#include "http/httpexchange.h"
#include "providers/providercatalog.h"
#include "rpc/rpcdispatcher.h"
#include "rpc/runwatchers.h"
#include "runs/run.h"
#include "settings.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

void fail(const char *what, const QByteArray &message)
{
    std::fprintf(stderr, "RpcDispatcher invariant broken: %s\nmessage: %s\n", what,
                 message.constData());
    std::abort();
}

class CapturingPeer : public RpcPeer
{
public:
    void send(const QByteArray &message) override { sent.append(message); }
    QString transport() const override { return QStringLiteral("fuzz"); }
    void close(const QString &) override { closed = true; }
    QList<QByteArray> sent;
    bool closed = false;
};

void checkOne(const QJsonValue &value, const QByteArray &message)
{
    if (!value.isObject())
        fail("a batch element that is not an object", message);
    if (value.toObject().value(QLatin1String("jsonrpc")) != QLatin1String("2.0"))
        fail("a message without \"jsonrpc\": \"2.0\"", message);
}

void checkMessage(const QByteArray &message)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(message, &error);
    if (error.error != QJsonParseError::NoError)
        fail("an output message that is not JSON", message);
    if (doc.isArray()) {
        const QJsonArray batch = doc.array();
        if (batch.isEmpty())
            fail("an empty batch answer", message);
        for (const QJsonValue &v : batch)
            checkOne(v, message);
    } else {
        checkOne(doc.object(), message);
    }
}

struct World
{
    World()
        : settings(dir.filePath(QStringLiteral("settings.ini")))
        , watchers(50)
    {
        // An empty environment: no key, no base URL, so no provider is usable.
        catalog = ProviderCatalog::load({}, QProcessEnvironment());
        engine = std::make_unique<Engine>(catalog, settings);
        dispatcher = std::make_unique<RpcDispatcher>(
            *engine, watchers, [](ApiRequest &request, HttpExchange &exchange) {
                ApiResponse response;
                response.status = request.path == QLatin1String("/missing") ? 404 : 200;
                response.contentType = request.header("content-type").isEmpty()
                    ? QByteArrayLiteral("application/octet-stream")
                    : request.header("content-type");
                response.body = request.body;
                response.headers.append({ QByteArrayLiteral("X-Method"), request.method });
                exchange.respond(response);
            });
    }

    QTemporaryDir dir;
    Settings settings;
    ProviderCatalog catalog;
    RunWatchers watchers;
    std::unique_ptr<Engine> engine;
    std::unique_ptr<RpcDispatcher> dispatcher;
};

World *world = nullptr;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    qputenv("QT_LOGGING_RULES", "*.debug=false;*.info=false;*.warning=false");
    QStandardPaths::setTestModeEnabled(true);
    new QCoreApplication(*argc, *argv); // lives for the whole run
    world = new World;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    auto *peer = new CapturingPeer;
    world->dispatcher->attach(peer, QStringLiteral("fuzz"), QStringLiteral("fuzz"));
    world->dispatcher->handle(peer,
                              QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    QCoreApplication::processEvents(); // answers that come a turn later (http_request)
    for (const QByteArray &message : std::as_const(peer->sent))
        checkMessage(message);
    Q_EMIT peer->disconnected();
    delete peer;
    // Runs a message may have started (none can stream without a provider) end now.
    for (Run *run : world->engine->activeRuns())
        world->engine->cancelRun(run->id());
    QCoreApplication::processEvents();
    return 0;
}
