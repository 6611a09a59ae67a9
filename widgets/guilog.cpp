// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "guilog.h"

Q_LOGGING_CATEGORY(lcGui, "attache.gui", QtInfoMsg)
