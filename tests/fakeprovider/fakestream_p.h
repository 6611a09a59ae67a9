// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to attache_fakeprovider: the HTTP/SSE wire helpers and one response in progress.

#include "fakeprovider.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

class QTcpSocket;

namespace FakeWire {
QByteArray jsonString(const QString &s); // a JSON string literal, quotes included, UTF-8
// Status line + headers; contentLength < 0 means Transfer-Encoding: chunked.
QByteArray responseHead(int status, const QByteArray &contentType, qint64 contentLength,
                        bool closeAfter, const QByteArray &extraHeaders = {});
QByteArray jsonResponse(int status, const QJsonObject &body, bool closeAfter,
                        const QByteArray &extraHeaders = {});
QJsonObject errorJson(const QString &message, const QString &type, const QJsonValue &code);
QByteArray chunked(const QByteArray &data); // one HTTP/1.1 chunk
} // namespace FakeWire

// One chat response being produced on one socket. Owned by the FakeProvider, deleted (later)
// through FakeProvider::streamDone().
class FakeStream : public QObject
{
public:
    FakeStream(FakeProvider *provider, QTcpSocket *socket, const FakeReply &reply,
               const QString &model, bool stream, bool closeAfter);

    void start(); // first byte after firstByteDelayMs (never for NoFirstByte)
    void abandon(); // stop writing, for good
    bool isHeld() const { return m_held && isOpen(); } // paused at FakeReply::holdAfter
    void resume(); // goes on after a hold
    QTcpSocket *rawSocket() const { return m_rawSocket; }
    bool isOpen() const; // not done and the socket is still connected
    QByteArray toolCallEvents() const;

private:
    QJsonObject usageJson() const;
    void firstByte();
    void sendError(int status, const QString &message, const QString &type, const QJsonValue &code,
                   const QByteArray &extraHeaders = {});
    void pump();
    void hold();
    void write(const QByteArray &bytes);
    void drop();
    void finish(bool success);

    FakeProvider *m_provider;
    QTcpSocket *m_rawSocket; // identity only, never dereferenced
    QPointer<QTcpSocket> m_socket;
    FakeReply m_reply;
    QString m_model;
    bool m_stream;
    bool m_closeAfter;
    QTimer m_timer;
    QByteArray m_firstPrefix, m_contentPrefix, m_usagePrefix, m_stopEvent;
    int m_next = 0;
    bool m_headSent = false;
    bool m_faultDone = false;
    bool m_waitDrain = false;
    bool m_done = false;
    bool m_held = false;
    bool m_holdDone = false; // held once already
};
