// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "discoveryfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

QString DiscoveryFile::defaultPath()
{
    QString base = qEnvironmentVariable("XDG_STATE_HOME");
    if (base.isEmpty() || QDir::isRelativePath(base))
        base = QDir::homePath() + QLatin1String("/.local/state");
    return base + QLatin1String("/attache/server.json");
}

DiscoveryFile::DiscoveryFile(QString path)
    : m_path(std::move(path))
{ }

bool DiscoveryFile::write(const Info &info, QString *error)
{
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(dir)) {
        if (error)
            *error = QStringLiteral("Cannot create %1").arg(dir);
        return false;
    }
    QFile::setPermissions(dir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    const QJsonObject json { { QStringLiteral("port"), info.port },
                             { QStringLiteral("token"), QString::fromLatin1(info.token) },
                             { QStringLiteral("pid"), info.pid },
                             { QStringLiteral("protocol"), info.protocol },
                             { QStringLiteral("url"), info.url.toString() } };
    QSaveFile file(m_path);
    // Owner-only from the first byte: the token must never be readable by anyone else.
    if (!file.open(QIODevice::WriteOnly)
        || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(QJsonDocument(json).toJson(QJsonDocument::Indented)) < 0 || !file.commit()) {
        if (error)
            *error = QStringLiteral("Cannot write %1: %2").arg(m_path, file.errorString());
        return false;
    }
    return true;
}

std::optional<DiscoveryFile::Info> DiscoveryFile::read() const
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject json = QJsonDocument::fromJson(file.read(64 * 1024)).object();
    Info info;
    info.port = quint16(json.value(QLatin1String("port")).toInt());
    info.token = json.value(QLatin1String("token")).toString().toLatin1();
    info.pid = json.value(QLatin1String("pid")).toInteger();
    info.protocol = json.value(QLatin1String("protocol")).toInt(Protocol::Version);
    info.url = QUrl(json.value(QLatin1String("url")).toString());
    if (info.port == 0 || info.token.isEmpty())
        return std::nullopt;
    return info;
}

void DiscoveryFile::removeIfOurs(qint64 pid) const
{
    const std::optional<Info> info = read();
    if (info && info->pid == pid)
        QFile::remove(m_path);
}
