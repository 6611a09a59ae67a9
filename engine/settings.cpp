// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "settings.h"

#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileInfo>

namespace {

// QSettings takes settings.ini.lock around every write. A process killed while it held the lock
// leaves the file behind, empty or naming the dead process, and QLockFile waits for a lock it
// cannot prove stale until the file is 30 s old: every sync() would stall the event loop that
// long. Only one Attache uses a settings file at a time, and it writes from this thread only, so
// a lock that exists when it is about to write is never a live writer's: it is such a leftover.
void removeLeftoverLock(const QString &filePath)
{
    QFile lock(filePath + QLatin1String(".lock"));
    if (lock.exists())
        lock.remove();
}

const QString &clearedOfLeftoverLock(const QString &filePath)
{
    removeLeftoverLock(filePath);
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
    : m_settings(clearedOfLeftoverLock(filePath), QSettings::IniFormat)
{
    // QSettings writes its changes when the event loop hands it an UpdateRequest.
    m_settings.installEventFilter(&m_lockSweeper);
}

Settings::~Settings()
{
    // QSettings' destructor writes what is still pending.
    removeLeftoverLock(m_settings.fileName());
}

bool Settings::LockSweeper::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::UpdateRequest)
        removeLeftoverLock(static_cast<QSettings *>(watched)->fileName());
    return false;
}

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
    removeLeftoverLock(m_settings.fileName());
    m_settings.sync();
    return m_settings.status() == QSettings::NoError;
}
