// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QWidget;

/** Asks whether to replace the local server's token; true when the user confirms. */
bool confirmTokenReset(QWidget *parent);
