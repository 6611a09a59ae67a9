// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "discoveryfile.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

/**
 * A short-lived client of the running instance, for command-line actions (`--reset-token`, a
 * second start asking the first to show its window): one request with the discovery file's
 * token, waited for in a local event loop — fine in a process that does nothing else.
 */
class InstanceClient
{
public:
    struct Reply
    {
        int status = 0; // 0 when no HTTP answer came
        QJsonObject json;
        QString error; // what went wrong, for the user; empty on a 2xx answer
        bool ok() const { return error.isEmpty(); }
    };

    explicit InstanceClient(DiscoveryFile::Info instance)
        : m_instance(std::move(instance))
    { }

    /** Sends a JSON POST to path and waits at most timeoutMs for the answer. */
    Reply post(const QString &path, const QJsonObject &body = {}, int timeoutMs = 5000) const;

private:
    DiscoveryFile::Info m_instance;
};
