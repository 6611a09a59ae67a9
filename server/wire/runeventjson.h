// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "runs/runevent.h"

#include <QByteArray>
#include <QJsonObject>

struct EngineError;

/**
 * A run's events on the wire: the protocol envelope
 * {"type","data","run","seq","session","metadata"}, made once per event and shared by every
 * SSE, WebSocket and stdio subscriber. What every envelope of the run repeats is made once.
 */
class RunEventJson final : public RunEventEncoder
{
public:
    explicit RunEventJson(const Run &run);

    QByteArray encode(const Run &run, const RunEvent &event) override;

    /** {code, message, retry_after?, upstream_status?} */
    static QJsonObject error(const EngineError &error);

private:
    QByteArray m_run; // ,"run":"…","seq":
    QByteArray m_session; // ,"session":"…","metadata":
};
