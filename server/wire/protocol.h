// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QStringList>

/** What this server speaks, in one place: the protocol version that the discovery file, the
 * JSON-RPC hello and GET /capabilities report, and the capabilities it names. */
namespace Protocol {

/** Raised when a change would break a client written for the previous one. */
constexpr int Version = 1;

/** The transports a client may attach over. */
QStringList transports();
/** Every capability, by name: chat, cancel, replay, sessions, history, providers, models,
 * tools, permissions, notifications, usage, coding_tasks, regenerate, presence, topics. */
QStringList features();
/** GET /capabilities: {protocol, version, transports, features, routes, rpc_methods}. */
QJsonObject capabilities(const QStringList &routes, const QStringList &rpcMethods);

} // namespace Protocol
