// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "runs/turndriver.h"

#include "runs/run.h"

#include <QPointer>

void TurnDriver::completeRun(Run *run, const QString &finishReason, std::function<void()> after)
{
    const QPointer<Run> guarded(run);
    auto complete = [guarded, finishReason, after = std::move(after)] {
        if (!guarded || guarded->isFinished())
            return;
        guarded->complete(finishReason);
        if (after)
            after();
    };
    if (!m_beforeComplete) {
        complete();
        return;
    }
    // The counts are final now; stream_end waits for the turn to be stored, usage need not.
    run->reportUsage();
    const QPointer<TurnDriver> self(this);
    m_beforeComplete([self, complete] {
        if (self)
            complete();
    });
}
