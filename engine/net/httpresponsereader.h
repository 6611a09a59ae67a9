// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

/**
 * Reads an HTTP/1.1 response as its bytes arrive: the head in place (its header lines are kept as
 * one copy, looked up when asked), then the body, decoded from chunked framing, Content-Length or
 * the connection's end. No socket, no signals: HttpStreamClient feeds it and says what happened.
 */
class HttpResponseReader
{
public:
    enum class Phase {
        Idle, // nothing asked
        Head,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailer,
        Length,
        UntilClose,
        Done
    };

    /** A request went out: a head is expected next. */
    void expectHead() { m_phase = Phase::Head; }
    Phase phase() const { return m_phase; }
    int status() const { return m_status; }
    /** The first value of a header, case-insensitive; null if absent. */
    QByteArrayView header(QByteArrayView name) const;
    /** Whether the connection may carry another request once this response is read. */
    bool keepAlive() const { return m_keepAlive; }

    /**
     * Reads a head (the bytes up to and including its blank line). An interim head (1xx) is
     * skipped: the phase stays Head. False, with *error saying why, when it is not HTTP/1.x.
     */
    bool readHead(QByteArrayView head, QString *error);
    /**
     * Decodes body bytes from raw at *pos onwards and appends them to body (drops them when
     * body is null); *pos moves past what was read. False, with *error, on broken framing.
     */
    bool readBody(const QByteArray &raw, qsizetype *pos, QByteArray *body, QString *error);

    /** The start of a response's text (a status line, a header value) for an error message. */
    static QString excerpt(QByteArrayView text);

private:
    Phase m_phase = Phase::Idle;
    int m_status = 0;
    bool m_keepAlive = true;
    // The header lines, as they came: one allocation for a reply that is held open as long as
    // its stream, where a list of copied names and values took one per field.
    QByteArray m_fields;
    qint64 m_remaining = 0; // of the current chunk, or of a Content-Length body
};
