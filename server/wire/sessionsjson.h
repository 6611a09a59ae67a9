// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>

class Engine;
struct ChatSettings;
struct EngineStatus;
struct Session;
struct UsageReport;

/** Sessions, the usage ledger and the engine's status as the API shows them. */
namespace SessionsJson {

/** {id, name, title, created, updated, provider, model, message_count, current, settings} */
QJsonObject session(const Engine &engine, const Session &session);
/** {system_prompt, temperature, max_tokens}: only what is set. */
QJsonObject settings(const ChatSettings &settings);
/** {totals, by_provider, by_model, by_session, by_client, by_day}: each row {<keys>, requests,
 * prompt_tokens, completion_tokens, total_tokens, cost, includes_estimates?} */
QJsonObject usage(const UsageReport &report);
/** {version, provider, model, session, active_runs, sessions, storage, storage_warning?,
 * storage_error?, setup_needed?} */
QJsonObject status(const EngineStatus &status);

} // namespace SessionsJson
