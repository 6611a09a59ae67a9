// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"

#include <QPointer>
#include <QString>

#include <optional>

class HttpStreamClient;
class QObject;

/**
 * What every provider's stream does with the HTTP client its reply comes on, whatever the API's
 * shape: giving the client up, reading the response head, and the words for a reply that broke
 * off or stalled.
 */
namespace UpstreamReply {

/** Closes the connection now, so the provider stops generating (and billing) at once. */
void close(QPointer<HttpStreamClient> &client);

/** The answer is complete, but the last bytes of the HTTP framing may still be on their way:
 * the client reads them in the background and keeps the connection for the next request. */
void release(QPointer<HttpStreamClient> &client);

/** Whether the response is an event stream (Content-Type text/event-stream). */
bool isEventStream(const HttpStreamClient &client);

/** The error for a compressed response, which Attache did not ask for and cannot read. */
std::optional<EngineError> encodingError(const HttpStreamClient &client, const QString &provider);

/** The connection broke once the reply had begun. */
EngineError brokenOff(const QString &provider, const QString &why);

/** Nothing arrived for stallMs once the reply had begun. */
EngineError stalled(const QString &provider, int stallMs);

} // namespace UpstreamReply
