// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "rpc/wshandshake.h"

#include <QCryptographicHash>

namespace {

/** Whether a comma-separated header value holds token, in any case. */
bool hasToken(const QByteArray &value, QByteArrayView token)
{
    for (const QByteArray &part : value.split(',')) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

ApiError notAHandshake(const QString &what)
{
    return ApiError { 400,
                      QStringLiteral("invalid_request"),
                      QStringLiteral("Not a WebSocket handshake: %1.").arg(what),
                      {} };
}

} // namespace

QByteArray webSocketAccept(QByteArrayView key)
{
    QCryptographicHash sha1(QCryptographicHash::Sha1);
    sha1.addData(key);
    sha1.addData(QByteArrayView("258EAFA5-E914-47DA-95CA-C5AB0DC85B11"));
    return sha1.result().toBase64();
}

std::optional<ApiError> webSocketHandshake(const ApiRequest &request, QByteArray *answer)
{
    if (request.method != "GET")
        return notAHandshake(QStringLiteral("an upgrade must be a GET request"));
    if (!hasToken(request.header("connection"), "upgrade"))
        return notAHandshake(QStringLiteral("\"Connection\" must name \"Upgrade\""));
    if (request.headerCount("sec-websocket-version") != 1
        || request.header("sec-websocket-version").trimmed() != "13") {
        return ApiError { 426,
                          QStringLiteral("upgrade_required"),
                          QStringLiteral("Attache speaks version 13 of the WebSocket protocol; "
                                         "send \"Sec-WebSocket-Version: 13\"."),
                          { { "Sec-WebSocket-Version", "13" } } };
    }
    const QByteArray key = request.header("sec-websocket-key").trimmed();
    const auto decoded =
        QByteArray::fromBase64Encoding(key, QByteArray::AbortOnBase64DecodingErrors);
    if (request.headerCount("sec-websocket-key") != 1 || !decoded || decoded.decoded.size() != 16)
        return notAHandshake(QStringLiteral("\"Sec-WebSocket-Key\" must be 16 bytes in base64"));
    *answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Accept: "
        + webSocketAccept(key) + "\r\n\r\n";
    return std::nullopt;
}
