// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/httpresponsereader.h"

#include "net/http1.h"

QString HttpResponseReader::excerpt(QByteArrayView text)
{
    return QString::fromLatin1(text.first(qMin<qsizetype>(text.size(), 40)));
}

QByteArrayView HttpResponseReader::header(QByteArrayView name) const
{
    const QByteArrayView fields(m_fields);
    qsizetype from = 0;
    while (from < fields.size()) {
        qsizetype end = fields.indexOf('\n', from);
        if (end < 0)
            end = fields.size();
        const QByteArrayView line = fields.sliced(from, end - from);
        from = end + 1;
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.sliced(colon + 1).trimmed();
    }
    return {};
}

bool HttpResponseReader::readHead(QByteArrayView head, QString *error)
{
    qsizetype lineEnd = head.indexOf('\n');
    const QByteArrayView statusLine = head.first(lineEnd).trimmed();
    // "HTTP/1.1 200 OK"
    if (!statusLine.startsWith("HTTP/1.") || statusLine.size() < 12 || statusLine.at(8) != ' ') {
        *error = QStringLiteral("the server did not answer with HTTP/1.x (\"%1\")")
                     .arg(excerpt(statusLine));
        return false;
    }
    bool ok = false;
    const int status = statusLine.sliced(9, 3).toInt(&ok);
    if (!ok || status < 100 || status > 999) {
        *error =
            QStringLiteral("the status line \"%1\" has no status code").arg(excerpt(statusLine));
        return false;
    }
    if (status >= 100 && status < 200)
        return true; // interim (100 Continue …): the real head follows
    m_status = status;
    m_keepAlive = statusLine.at(7) != '0';
    m_fields = head.sliced(lineEnd + 1).toByteArray();
    if (Http1::hasToken(header("connection"), "close"))
        m_keepAlive = false;

    const QByteArrayView transferEncoding = header("transfer-encoding");
    const QByteArrayView contentLength = header("content-length");
    if (status == 204 || status == 304) {
        m_phase = Phase::Done;
    } else if (!transferEncoding.isEmpty()) {
        if (Http1::endsInChunked(transferEncoding)) {
            m_phase = Phase::ChunkSize;
        } else {
            m_phase = Phase::UntilClose;
            m_keepAlive = false;
        }
    } else if (!contentLength.isNull()) {
        m_remaining = contentLength.toLongLong(&ok);
        if (!ok || m_remaining < 0) {
            *error = QStringLiteral("the Content-Length \"%1\" is not a length")
                         .arg(excerpt(contentLength));
            return false;
        }
        m_phase = m_remaining == 0 ? Phase::Done : Phase::Length;
    } else {
        m_phase = Phase::UntilClose;
        m_keepAlive = false;
    }
    return true;
}

bool HttpResponseReader::readBody(const QByteArray &raw, qsizetype *pos, QByteArray *body,
                                  QString *error)
{
    const qsizetype size = raw.size();
    const char *bytes = raw.constData();
    qsizetype at = *pos;
    const auto broken = [&](const char *why) {
        *pos = at;
        *error = QString::fromLatin1(why);
        return false;
    };
    while (at < size) {
        switch (m_phase) {
        case Phase::ChunkSize: {
            const qsizetype newline = raw.indexOf('\n', at);
            if (newline < 0) {
                if (size - at > Http1::MaxChunkLineBytes)
                    return broken("a chunk size line is too long");
                *pos = at;
                return true;
            }
            const std::optional<qint64> chunk =
                Http1::chunkSize(QByteArrayView(bytes + at, newline - at));
            if (!chunk)
                return broken("a chunk size is not a hexadecimal number");
            at = newline + 1;
            m_remaining = *chunk;
            m_phase = *chunk == 0 ? Phase::Trailer : Phase::ChunkData;
            break;
        }
        case Phase::ChunkData:
        case Phase::Length: {
            const qsizetype n = qsizetype(qMin<qint64>(m_remaining, size - at));
            if (body)
                body->append(bytes + at, n);
            at += n;
            m_remaining -= n;
            if (m_remaining == 0)
                m_phase = m_phase == Phase::Length ? Phase::Done : Phase::ChunkDataEnd;
            break;
        }
        case Phase::ChunkDataEnd:
            if (bytes[at] == '\n') {
                ++at;
            } else if (bytes[at] == '\r') {
                if (at + 1 == size) {
                    *pos = at;
                    return true;
                }
                if (bytes[at + 1] != '\n')
                    return broken("a chunk does not end where its size says");
                at += 2;
            } else {
                return broken("a chunk does not end where its size says");
            }
            m_phase = Phase::ChunkSize;
            break;
        case Phase::Trailer: {
            const qsizetype newline = raw.indexOf('\n', at);
            if (newline < 0) {
                *pos = at;
                return true;
            }
            const qsizetype length = newline - at;
            const bool blank = length == 0 || (length == 1 && bytes[at] == '\r');
            at = newline + 1;
            if (blank)
                m_phase = Phase::Done;
            break;
        }
        case Phase::UntilClose:
            if (body)
                body->append(bytes + at, size - at);
            at = size;
            break;
        case Phase::Done:
            // Bytes after the response: nothing was asked, so the connection is not reusable.
            m_keepAlive = false;
            at = size;
            break;
        case Phase::Idle:
        case Phase::Head:
            *pos = at;
            return true;
        }
    }
    *pos = at;
    return true;
}
