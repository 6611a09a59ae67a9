// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tokenreset.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QPushButton>

bool confirmTokenReset(QWidget *parent)
{
    QMessageBox box(QMessageBox::Warning,
                    QCoreApplication::translate("TokenReset", "Reset the token"),
                    QCoreApplication::translate(
                        "TokenReset",
                        "Give the local server a new token? Every attached editor and script is "
                        "disconnected at once and must read the new token from the discovery "
                        "file to attach again."),
                    QMessageBox::Yes | QMessageBox::Cancel, parent);
    box.button(QMessageBox::Yes)->setText(QCoreApplication::translate("TokenReset", "Reset token"));
    box.setDefaultButton(QMessageBox::Cancel);
    box.setObjectName(QStringLiteral("tokenResetQuestion"));
    return box.exec() == QMessageBox::Yes;
}
