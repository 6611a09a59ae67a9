// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "settings.h"

#include <QFile>

namespace {

// A process killed while QSettings held its lock can leave the lock file empty. QLockFile
// cannot tell whose an empty lock is, so it waits until the file is 30 s old before taking it
// over, and every sync() stalls the event loop until then. Only one Attache uses a settings
// file at a time, so an empty lock found at start is always such a leftover.
const QString &clearHalfMadeLock(const QString &filePath)
{
    QFile lock(filePath + QLatin1String(".lock"));
    if (lock.exists() && lock.size() == 0)
        lock.remove();
    return filePath;
}

} // namespace

Settings::Settings(const QString &filePath)
    : m_settings(clearHalfMadeLock(filePath), QSettings::IniFormat)
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
