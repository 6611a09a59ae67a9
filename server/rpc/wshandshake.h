// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/apierror.h"

#include <optional>

/**
 * The server's side of the WebSocket opening handshake (RFC 6455, 4.2): checks an upgrade
 * request that has passed the token and origin rules, and on success writes into answer the
 * `101 Switching Protocols` response to send. No subprotocol or extension is agreed.
 *
 * A request that is not a WebSocket handshake gets 400 with what is wrong; one for another
 * version of the protocol 426 with `Sec-WebSocket-Version: 13`, as the RFC asks.
 */
std::optional<ApiError> webSocketHandshake(const ApiRequest &request, QByteArray *answer);

/** The Sec-WebSocket-Accept value for a client's Sec-WebSocket-Key. */
QByteArray webSocketAccept(QByteArrayView key);
