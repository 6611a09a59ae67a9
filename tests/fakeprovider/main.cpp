// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakeprovider.h"
#include "net/epolldispatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <cstdlib>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    EpollEventDispatcher::installForMainThread(); // as the headless engine's (ATTACHE_EVENT_LOOP)
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"attache-fake-provider"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Fake OpenAI-compatible provider (HTTP/1.1 + SSE). Tests script it over HTTP: "
        "POST /_fake/replies, POST /_fake/default, GET /_fake/requests, GET /_fake/stats, "
        "POST /_fake/release, POST /_fake/reset (tests/fakeprovider/fakecontrol.cpp)."_s);
    parser.addHelpOption();
    const QCommandLineOption portOpt(u"port"_s, u"Port on 127.0.0.1 (0 = any free port)."_s, u"N"_s,
                                     u"0"_s);
    const QCommandLineOption chunksOpt(u"chunks"_s, u"Stream N generated tokens \"tok<i> \"."_s,
                                       u"N"_s, u"0"_s);
    const QCommandLineOption tokensOpt(u"tokens"_s, u"Comma-separated tokens to stream."_s,
                                       u"a,b,c"_s);
    const QCommandLineOption delayOpt(u"delay-ms"_s, u"Delay between chunks."_s, u"N"_s, u"0"_s);
    const QCommandLineOption firstOpt(u"first-byte-delay-ms"_s, u"Delay before answering."_s,
                                      u"N"_s, u"0"_s);
    const QCommandLineOption noUsageOpt(u"no-usage"_s, u"Do not send the usage chunk."_s);
    const QCommandLineOption holdOpt(
        u"hold-after"_s,
        u"Hold every reply after N chunks until POST /_fake/release (0: before its first byte)."_s,
        u"N"_s);
    parser.addOptions({ portOpt, chunksOpt, tokensOpt, delayOpt, firstOpt, noUsageOpt, holdOpt });
    parser.process(app);

    const auto intValue = [&parser](const QCommandLineOption &option) {
        bool ok = false;
        const int value = parser.value(option).toInt(&ok);
        if (!ok || value < 0) {
            std::fprintf(stderr, "invalid value for --%s\n",
                         qPrintable(option.names().constFirst()));
            std::exit(2);
        }
        return value;
    };

    FakeReply reply;
    reply.chunks = intValue(chunksOpt);
    if (parser.isSet(tokensOpt))
        reply.tokens = parser.value(tokensOpt).split(u',');
    reply.delayMs = intValue(delayOpt);
    reply.firstByteDelayMs = intValue(firstOpt);
    reply.usage = !parser.isSet(noUsageOpt);
    if (parser.isSet(holdOpt))
        reply.holdAfter = intValue(holdOpt);
    const int port = intValue(portOpt);
    if (port > 65535) {
        std::fprintf(stderr, "invalid value for --port\n");
        return 2;
    }

    FakeProvider provider;
    provider.setDefaultReply(reply);
    if (!provider.listen(quint16(port))) {
        std::fprintf(stderr, "cannot listen on 127.0.0.1:%d\n", port);
        return 1;
    }
    QTextStream out(stdout);
    out << "listening on " << provider.baseUrl().toString() << Qt::endl;
    return app.exec();
}
