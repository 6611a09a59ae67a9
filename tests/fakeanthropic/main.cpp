// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakeanthropic.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"attache-fake-anthropic"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Fake Anthropic Messages API (HTTP/1.1 + SSE on 127.0.0.1). Tests script it over HTTP: "
        "POST /_fake/messages, /_fake/default, /_fake/models, /_fake/reset, GET /_fake/requests, "
        "/_fake/stats (tests/fakeanthropic/fakeanthropiccontrol.cpp)."_s);
    parser.addHelpOption();
    const QCommandLineOption portOpt(u"port"_s, u"Port on 127.0.0.1 (0 = any free port)."_s, u"N"_s,
                                     u"0"_s);
    const QCommandLineOption chunksOpt(u"chunks"_s, u"Stream N text deltas \"tok<i> \"."_s, u"N"_s,
                                       u"0"_s);
    const QCommandLineOption delayOpt(u"delay-ms"_s, u"Delay between events."_s, u"N"_s, u"0"_s);
    parser.addOptions({ portOpt, chunksOpt, delayOpt });
    parser.process(app);

    bool portOk = false, chunksOk = false, delayOk = false;
    const int port = parser.value(portOpt).toInt(&portOk);
    FakeMessage message;
    message.chunks = parser.value(chunksOpt).toInt(&chunksOk);
    message.delayMs = parser.value(delayOpt).toInt(&delayOk);
    if (!portOk || port < 0 || port > 65535 || !chunksOk || message.chunks < 0 || !delayOk
        || message.delayMs < 0) {
        std::fprintf(stderr, "invalid --port, --chunks or --delay-ms\n");
        return 2;
    }
    FakeAnthropic fake;
    fake.setDefaultMessage(message);
    if (!fake.listen(quint16(port))) {
        std::fprintf(stderr, "cannot listen on 127.0.0.1:%d\n", port);
        return 1;
    }
    QTextStream(stdout) << "listening on " << fake.baseUrl().toString() << Qt::endl;
    return app.exec();
}
