// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "settings.h"

Settings::Settings(const QString &filePath)
    : m_settings(filePath, QSettings::IniFormat)
{
}

QString Settings::model(const QString &providerId) const
{
    return m_settings.value(QLatin1String("models/") + providerId).toString();
}

void Settings::setModel(const QString &providerId, const QString &model)
{
    m_settings.setValue(QLatin1String("models/") + providerId, model);
}

bool Settings::sync()
{
    m_settings.sync();
    return m_settings.status() == QSettings::NoError;
}
