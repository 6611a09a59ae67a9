// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>

class SessionManager;
struct ChatSettings;
struct Session;

/** Sessions as the API shows them. */
namespace SessionJson {

/** {id, name, title, created, updated, provider, model, message_count, current, settings} */
QJsonObject session(const Session &session, const SessionManager &sessions);
/** {system_prompt, temperature, max_tokens}: only what is set. */
QJsonObject settings(const ChatSettings &settings);

} // namespace SessionJson
