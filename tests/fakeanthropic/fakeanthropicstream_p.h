// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to attache_fakeanthropic: one answer being written on one socket.

#include "fakeanthropic.h"

#include <QPointer>
#include <QTimer>

class QTcpSocket;

class FakeAnthropicStream : public QObject
{
public:
    FakeAnthropicStream(FakeAnthropic *fake, QTcpSocket *socket, const FakeMessage &message,
                        const QString &model, bool stream);

    void start(); // the first byte after firstByteDelayMs (never for NoFirstByte)
    void abandon(); // writes nothing more, for good
    QTcpSocket *rawSocket() const { return m_rawSocket; }
    bool isOpen() const;

private:
    void firstByte();
    void sendError(int status, const QString &type, const QString &message,
                   const QByteArray &extraHeaders = {});
    /** The stream's events, in order, with where a mid-stream fault goes. */
    void buildEvents();
    QJsonObject usage(bool final) const;
    QByteArray wholeMessage() const;
    void pump();
    void write(const QByteArray &bytes);
    void drop();
    void finish(bool success);

    FakeAnthropic *m_fake;
    QTcpSocket *m_rawSocket; // identity only
    QPointer<QTcpSocket> m_socket;
    FakeMessage m_message;
    QString m_model;
    bool m_stream;
    QTimer m_timer;
    QList<QByteArray> m_events;
    int m_faultAt = -1; // index in m_events where a mid-stream fault happens
    int m_deltas = 0; // deltas among the events: the output tokens
    int m_next = 0;
    bool m_headSent = false;
    bool m_waitDrain = false;
    bool m_done = false;
};
