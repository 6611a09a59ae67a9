// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/serverlog.h"

Q_LOGGING_CATEGORY(lcServer, "attache.server", QtInfoMsg)
