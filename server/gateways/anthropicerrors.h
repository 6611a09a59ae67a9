// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/apierror.h"

#include <utility>

struct EngineError;

/**
 * Errors in Anthropic's shape, {"type": "error", "error": {"type", "message"}}, with the
 * statuses and error types Anthropic's API and SDKs use: what the /v1/messages door answers.
 */
namespace AnthropicErrors {

/** The error type Anthropic gives a status (400 invalid_request_error, 401 …, 529 …). */
QByteArray typeFor(int status);
/** One of Attache's errors (the guard's, the router's, the door's own) in that shape. */
ApiResponse response(const ApiError &error);
/** An engine error (a provider's refusal, a missing key, …) as the door answers it. */
ApiResponse response(const EngineError &error);
/** The JSON body alone: for an "error" event in the middle of a stream. */
QByteArray body(const QByteArray &type, const QString &message);
/** The status and type an engine error gets at the door. */
std::pair<int, QByteArray> statusAndType(const EngineError &error);

} // namespace AnthropicErrors
