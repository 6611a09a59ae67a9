// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "wire/protocol.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <optional>

/**
 * $XDG_STATE_HOME/attache/server.json (mode 0600, directory 0700): how clients find the running
 * server and its token.
 */
class DiscoveryFile
{
public:
    struct Info
    {
        quint16 port = 0;
        QByteArray token;
        qint64 pid = 0;
        int protocol = Protocol::Version;
        QUrl url;
    };

    /** The state directory, resolved by hand: Qt 6.4 has no StateLocation. */
    static QString defaultPath();

    explicit DiscoveryFile(QString path = defaultPath());
    QString path() const { return m_path; }

    /** Writes atomically with owner-only permissions; false with *error on failure. */
    bool write(const Info &info, QString *error = nullptr);
    std::optional<Info> read() const;
    /** Removes the file if it still names this process (another instance may have replaced it). */
    void removeIfOurs(qint64 pid) const;

private:
    QString m_path;
};
