// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "settings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

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

constexpr QFile::Permissions OwnerOnlyFile = QFile::ReadOwner | QFile::WriteOwner;
constexpr QFile::Permissions OwnerOnlyFolder = OwnerOnlyFile | QFile::ExeOwner;

QString keyName(const QString &providerId)
{
    return QLatin1String("keys/") + providerId;
}

// Before a key goes into the file: the folder and the file readable by their owner only, made so
// before the first byte is written.
bool restrictToOwner(const QString &filePath)
{
    const QFileInfo file(filePath);
    const QString folder = file.absolutePath();
    if (!QFileInfo::exists(folder)) {
        if (!QDir().mkpath(QFileInfo(folder).absolutePath())
            || !QDir().mkdir(folder, OwnerOnlyFolder))
            return false;
    }
    if (!QFile::setPermissions(folder, OwnerOnlyFolder))
        return false;
    if (!file.exists()) {
        QFile create(filePath);
        if (!create.open(QIODevice::WriteOnly, OwnerOnlyFile))
            return false;
    }
    return QFile::setPermissions(filePath, OwnerOnlyFile);
}

} // namespace

Settings::Settings(const QString &filePath)
    : m_settings(clearHalfMadeLock(filePath), QSettings::IniFormat)
{ }

QString Settings::model(const QString &providerId) const
{
    return m_settings.value(QLatin1String("models/") + providerId).toString();
}

void Settings::setModel(const QString &providerId, const QString &model)
{
    m_settings.setValue(QLatin1String("models/") + providerId, model);
}

QString Settings::baseUrl(const QString &providerId) const
{
    return m_settings.value(QLatin1String("baseUrls/") + providerId).toString();
}

void Settings::setBaseUrl(const QString &providerId, const QString &url)
{
    if (url.isEmpty())
        m_settings.remove(QLatin1String("baseUrls/") + providerId);
    else
        m_settings.setValue(QLatin1String("baseUrls/") + providerId, url);
}

QString Settings::plainKey(const QString &providerId) const
{
    return m_settings.value(keyName(providerId)).toString();
}

bool Settings::setPlainKey(const QString &providerId, const QString &key)
{
    if (!restrictToOwner(m_settings.fileName()))
        return false;
    m_settings.setValue(keyName(providerId), key);
    const bool written = sync();
    // QSettings replaces the file on every write; the new one must stay private too.
    return QFile::setPermissions(m_settings.fileName(), OwnerOnlyFile) && written;
}

bool Settings::removePlainKey(const QString &providerId)
{
    if (!m_settings.contains(keyName(providerId)))
        return true;
    m_settings.remove(keyName(providerId));
    return sync();
}

bool Settings::sync()
{
    m_settings.sync();
    return m_settings.status() == QSettings::NoError;
}
