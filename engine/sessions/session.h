// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/provider.h"

#include <QDateTime>
#include <QList>
#include <QPointer>
#include <QString>

class Run;

/** One conversation: its messages, and the runs waiting their turn in it. */
struct Session
{
    QString id;
    QString name;
    QDateTime created;
    QDateTime updated;
    QString provider; // of the last turn
    QString model;
    QList<ChatMessage> messages;
    bool loaded = true; // false until the messages are read from the store
    int storedCount = 0; // how many messages the store holds, while not loaded
    QPointer<Run> active; // the run streaming now, if any
    QList<QPointer<Run>> queue; // runs waiting for the active one, oldest first
};
