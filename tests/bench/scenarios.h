// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "benchutil.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Bench {

/** One line of the table: a figure through Attache and the same figure straight from the upstream.
 */
struct Row
{
    enum class Goal { None, Below, AtLeast, AtMost };

    QString key; // stable name in the JSON file
    QString label;
    QString unit;
    double attache = nan();
    double direct = nan();
    Goal goal = Goal::None;
    double target = 0;
    int decimals = 2;
    bool complete = true; // false: the figure is partial (e.g. not every connection opened): a MISS
    QString note;
    QJsonObject extra; // more detail for the JSON file

    bool hasTarget() const { return goal != Goal::None; }
    /** PASS/MISS against the target (on the Attache figure); no figure is a MISS. */
    bool pass() const;
    QString targetText() const;
};

/** How much to measure: --quick, the default, --full. */
struct Mode
{
    QString name;
    int reps = 3; // repetitions of each throughput / start figure (the median is reported)
    int ttftChats = 300; // sequential chats, each through Attache and direct
    int ttftChunks = 1024; // tokens of each of those replies
    int reconnects = 100;
    int streamChunks = 100000;
    int concurrentChunks = 2000; // per stream, in the 50 / 200 stream runs
    QList<int> concurrentStreams { 50, 200 };
    int pacedStreams = 1000; // streams at a model's pace, all at once
    int pacedChunks = 250; // tokens of each
    int pacedDelayMs = 20; // between two tokens of one stream (50 tokens/s)
    int pacedReps = 1;
    int startups = 10;
    int guiStartups = 5;
    int idleConnections = 1000;
    int idleBudgetMs = 30000; // to open the idle connections, per transport
    int phaseTimeoutMs = 60000; // any single measured run
};

struct Context
{
    Paths paths;
    Mode mode;
    QList<Row> rows;
    QStringList notes; // printed under the table
    QStringList only; // phases to run; empty: all
    bool quickAck = false; // diagnostic: the latency clients never delay their ACKs
    bool wantsPhase(const QString &phase) const { return only.isEmpty() || only.contains(phase); }
    void say(const QString &line) const;
};

// Each phase starts the processes it needs, measures, adds rows, and stops them again.
void runLatency(Context &ctx); // time to first token, reconnect
void runStream(Context &ctx); // one stream of 100,000 chunks, SSE and WebSocket
void runConcurrent(Context &ctx); // 50 and 200 concurrent streams
void runPaced(Context &ctx); // 1,000 concurrent streams at a model's pace
void runIdle(Context &ctx); // 1,000 idle SSE and WebSocket connections
void runOpen(Context &ctx); // 1,000 SSE and WebSocket chats held after their first chunk
void runStartup(Context &ctx); // headless start to /health, GUI start
void runCliStart(Context &ctx); // `attache status` to its answer, `attache chat` to its 1st byte
void runMessages(Context &ctx); // the /v1/messages door: first token, one stream, 200 streams

/** Reconnects to one finished run, in ms: SSE with Last-Event-ID, WebSocket resume, and a new
 * connection to the upstream. */
struct Reconnects
{
    QList<double> sse;
    QList<double> ws;
    QList<double> direct;
    int failures = 0;
    QString skipped; // why nothing was measured
};
/** Runs one chat in session, then reconnects to it count times (after a few not counted). */
Reconnects measureReconnects(quint16 port, const QByteArray &token, quint16 upstreamPort, int count,
                             const QByteArray &session);
/** The two rows (SSE, WebSocket), keyed keyPrefix + "sse_ms"/"ws_ms"; when: " after …" or "". */
void addReconnectRows(Context &ctx, const Reconnects &figures, const QString &keyPrefix,
                      const QString &when);

/** The table as printed; the JSON document written to --json. */
QString formatTable(const Context &ctx);
QJsonObject toJson(const Context &ctx, double seconds);

// Request bodies shared by the phases.
QByteArray chatRequest(quint16 port, const QByteArray &token, const QByteArray &session);
QByteArray upstreamRequest(quint16 port);
/** The upstream's request, sent to Attache's OpenAI-compatible /v1 gateway instead. */
QByteArray gatewayRequest(quint16 port, const QByteArray &token);
QByteArray wsChat(int id, const QByteArray &session);

} // namespace Bench
