// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"
#include "providers/providercatalog.h"

#include <QCoreApplication>

/** What a failed reply means for the user, and what they can do about it, in plain words. */
class ErrorHelp
{
    Q_DECLARE_TR_FUNCTIONS(ErrorHelp)
public:
    /** One short sentence naming what went wrong. */
    static QString title(const EngineError &error);
    /** What to do next, for the provider that failed (its key's variable, the API it speaks);
     * provider may be null (OpenAI's words then). */
    static QString whatToDo(const EngineError &error, const ProviderEntry *provider);
    /** Whether the fix is in the Provider panel (a key, a model, a server address). */
    static bool fixedInProviderPanel(const EngineError &error);
};
