// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QLabel;
class QWidget;

/** The notes under the provider panel's fields: what happened, in red when it went wrong. */
namespace ProviderNotes {

QLabel *noteLabel(QWidget *parent);
/** Shows text (hidden when empty), red for an error. */
void setResult(QLabel *label, const QString &text, bool isError);

} // namespace ProviderNotes
