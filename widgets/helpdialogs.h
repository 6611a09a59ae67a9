// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QPair>
#include <QString>

class QDialog;
class QWidget;

/** The Help menu's windows: the keyboard shortcuts, and what Attache is. */
namespace HelpDialogs {

/** Every shortcut the window knows: (keys, what they do), in the order the dialog lists them. */
QList<QPair<QString, QString>> shortcuts();
/** A dialog listing the shortcuts (deleted when closed). */
QDialog *showShortcuts(QWidget *parent);
void showAbout(QWidget *parent);

} // namespace HelpDialogs
