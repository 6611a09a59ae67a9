// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tools/permissionbroker.h"

#include <QDialog>
#include <QTimer>

class QLabel;
class QPushButton;

/**
 * Asks the user about one tool call: the tool, its full arguments and, for a write, the diff
 * against the file as it is. Not modal: the window stays usable. It closes by itself when
 * another client answers first; closing it (Esc, the title bar) is a No.
 */
class PermissionDialog : public QDialog
{
    Q_OBJECT
public:
    PermissionDialog(PermissionBroker &broker, const PermissionRequest &request,
                     QWidget *parent = nullptr);

    QString requestId() const { return m_request.id; }
    QPushButton *allowOnceButton() const { return m_once; }
    QPushButton *allowSessionButton() const { return m_session; }
    QPushButton *allowAlwaysButton() const { return m_always; }
    QPushButton *denyButton() const { return m_deny; }

    void reject() override;

private:
    QString headline() const;
    QWidget *section(const QString &title, const QString &text, const QString &name, bool diff);
    void answer(bool allow, PermissionBroker::Scope scope);
    void updateCountdown();

    PermissionBroker &m_broker;
    PermissionRequest m_request;
    QPushButton *m_once = nullptr;
    QPushButton *m_session = nullptr;
    QPushButton *m_always = nullptr;
    QPushButton *m_deny = nullptr;
    QLabel *m_countdown = nullptr;
    QTimer m_tick;
    bool m_settled = false; // answered here or elsewhere: closing says nothing more
};
