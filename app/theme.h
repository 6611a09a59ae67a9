// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/**
 * The look the user chose: "system" leaves style and palette to the platform, "light" and
 * "dark" use Fusion with a palette of that kind. Switching back to "system" restores the
 * platform's style and palette.
 */
class Theme
{
public:
    Theme();
    void apply(const QString &theme);

private:
    QString m_systemStyle; // the style the platform chose, before any change
    QString m_applied = QStringLiteral("system");
};
