// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>

/** The JSON-RPC messages that answer a request (results and errors), in order: what is left of
 * a channel's messages without its notifications (presence, events, …). */
inline QList<QJsonObject> rpcAnswers(const QList<QJsonObject> &messages)
{
    QList<QJsonObject> answers;
    for (const QJsonObject &m : messages) {
        if (!m.contains(QLatin1String("method")))
            answers.append(m);
    }
    return answers;
}
