// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace Cli {

/**
 * Ctrl-C (and a closed terminal, SIGHUP, or SIGTERM) seen in the event loop, not in a signal
 * handler: each one becomes interrupted(n), n counting from 1. The default handlers come back
 * when it is destroyed.
 */
class Interrupts : public QObject
{
    Q_OBJECT
public:
    explicit Interrupts(QObject *parent = nullptr);
    ~Interrupts() override;

    int count() const { return m_count; }

Q_SIGNALS:
    void interrupted(int count);

private:
    void onSignal();

    QSocketNotifier *m_notifier = nullptr;
    int m_count = 0;
};

} // namespace Cli
