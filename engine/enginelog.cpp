// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginelog.h"

Q_LOGGING_CATEGORY(lcEngine, "attache.engine", QtInfoMsg)
