// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"

#include <QObject>
#include <QString>

#include <functional>

namespace QKeychain {
class Job;
}

/**
 * Providers' keys in the system's secret store through QtKeychain (on Linux the Secret Service
 * over D-Bus: GNOME Keyring, KWallet), one entry per provider id under the service "attache".
 *
 * Every call returns at once and answers exactly once, within timeoutMs(): with no D-Bus session,
 * no secret service, or a bus that never answers, the answer is "unavailable" with a reason a
 * user can read, never a hang. QtKeychain runs one job at a time in the whole process, so once a
 * job has not answered, later calls are refused at once until it does; a late answer still
 * updates availability().
 */
class KeyStore : public QObject
{
    Q_OBJECT
public:
    enum class Availability { Unknown, Available, Unavailable };
    Q_ENUM(Availability)

    struct Outcome
    {
        enum class Status { Ok, NotFound, Unavailable, Denied, Failed };
        Status status = Status::Ok;
        QString key; // what a read found
        EngineText message; // for the user when it failed; empty otherwise

        bool ok() const { return status == Status::Ok; }
    };
    using Callback = std::function<void(const Outcome &)>;

    static constexpr int DefaultTimeoutMs = 5000;

    explicit KeyStore(const QString &service = QStringLiteral("attache"),
                      QObject *parent = nullptr);

    /** Reads a provider's key; NotFound when there is none. done is not called once context is
     * gone (a null context: always called). */
    void read(const QString &providerId, QObject *context, Callback done);
    void write(const QString &providerId, const QString &key, QObject *context, Callback done);
    /** Removes a provider's key; a key that was not there is not an error. */
    void remove(const QString &providerId, QObject *context, Callback done);

    /** Unknown until a call has been answered. */
    Availability availability() const { return m_availability; }
    /** Why the store cannot be used, while availability() is Unavailable. */
    /** Why the store cannot be used, in English; translated() for the window. */
    EngineText unavailableReason() const { return m_reason; }

    int timeoutMs() const { return m_timeoutMs; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

Q_SIGNALS:
    void availabilityChanged(KeyStore::Availability availability);

private:
    void run(QKeychain::Job *job, QObject *context, Callback done);
    Outcome outcomeOf(const QKeychain::Job &job) const;
    void note(const Outcome &outcome);

    QString m_service;
    int m_timeoutMs = DefaultTimeoutMs;
    Availability m_availability = Availability::Unknown;
    EngineText m_reason;
};
