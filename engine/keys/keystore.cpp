// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "keys/keystore.h"

#include "enginelog.h"

#include <QPointer>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <memory>

namespace {

// QtKeychain runs the jobs of the whole process one after another, so a job that never ends
// holds up every store's later jobs: counted for the process, not per store.
int unansweredJobs = 0;
EngineText unansweredMessage;

} // namespace

KeyStore::KeyStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
    qRegisterMetaType<KeyStore::Availability>();
}

void KeyStore::read(const QString &providerId, QObject *context, Callback done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(providerId);
    run(job, context, std::move(done));
}

void KeyStore::write(const QString &providerId, const QString &key, QObject *context, Callback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(providerId);
    job->setTextData(key);
    run(job, context, std::move(done));
}

void KeyStore::remove(const QString &providerId, QObject *context, Callback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(providerId);
    run(job, context, [done = std::move(done)](const Outcome &outcome) {
        if (!done)
            return;
        if (outcome.status == Outcome::Status::NotFound)
            done({ Outcome::Status::Ok, {}, {} });
        else
            done(outcome);
    });
}

void KeyStore::run(QKeychain::Job *job, QObject *context, Callback done)
{
    const bool hasContext = context != nullptr;
    const QPointer<QObject> guard(context);
    auto answer = [hasContext, guard, done = std::move(done)](const Outcome &outcome) {
        if (done && (!hasContext || guard))
            done(outcome);
    };
    if (unansweredJobs > 0) {
        // This job would wait behind the one that never answered, for ever.
        delete job;
        const Outcome refused { Outcome::Status::Unavailable, {}, unansweredMessage };
        QTimer::singleShot(0, this, [answer, refused] { answer(refused); });
        return;
    }
    // The job deletes itself once finished; it has no parent, so a pending one outlives this store
    // safely (the secret service's late reply still finds it).
    job->setAutoDelete(true);
    auto answered = std::make_shared<bool>(false);
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, timer, answered, answer] {
        timer->deleteLater();
        *answered = true;
        ++unansweredJobs;
        unansweredMessage = { QT_TRANSLATE_NOOP("Engine",
                                                "The secret service did not answer within %1 s."),
                              { QString::number(qMax(1, (m_timeoutMs + 500) / 1000)) } };
        const Outcome outcome { Outcome::Status::Unavailable, {}, unansweredMessage };
        note(outcome);
        answer(outcome);
    });
    connect(job, &QKeychain::Job::finished, this,
            [this, timer, answered, answer](QKeychain::Job *j) {
                const Outcome outcome = outcomeOf(*j);
                if (*answered) {
                    // Past its timeout: whoever asked has had an answer; what it says about the
                    // store still counts (a keyring that was slow to unlock works after all).
                    --unansweredJobs;
                    note(outcome);
                    return;
                }
                *answered = true;
                timer->stop();
                timer->deleteLater();
                note(outcome);
                answer(outcome);
            });
    job->start();
    timer->start(m_timeoutMs);
}

KeyStore::Outcome KeyStore::outcomeOf(const QKeychain::Job &job) const
{
    using Status = Outcome::Status;
    const QString detail = job.errorString();
    switch (job.error()) {
    case QKeychain::NoError: {
        const auto *read = qobject_cast<const QKeychain::ReadPasswordJob *>(&job);
        return { Status::Ok, read ? read->textData() : QString(), {} };
    }
    case QKeychain::EntryNotFound:
        return { Status::NotFound, {}, {} };
    case QKeychain::AccessDeniedByUser:
        return { Status::Denied,
                 {},
                 { QT_TRANSLATE_NOOP("Engine", "Access to the secret service was declined."),
                   {} } };
    case QKeychain::AccessDenied:
        return { Status::Unavailable,
                 {},
                 { QT_TRANSLATE_NOOP("Engine", "The secret service is locked (%1)."),
                   { detail } } };
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return { Status::Unavailable,
                 {},
                 { QT_TRANSLATE_NOOP("Engine",
                                     "No secret service (such as GNOME Keyring or KWallet) is "
                                     "running."),
                   {} } };
    case QKeychain::CouldNotDeleteEntry:
        return { Status::Failed,
                 {},
                 { QT_TRANSLATE_NOOP("Engine",
                                     "The key could not be removed from the secret service (%1)."),
                   { detail } } };
    case QKeychain::OtherError:
        break;
    }
    // In practice: no D-Bus session, no secret service on it, no default collection.
    return { Status::Unavailable,
             {},
             { QT_TRANSLATE_NOOP("Engine", "No secret service could be reached (%1)."),
               { detail } } };
}

void KeyStore::note(const Outcome &outcome)
{
    Availability availability = m_availability;
    switch (outcome.status) {
    case Outcome::Status::Ok:
    case Outcome::Status::NotFound:
        availability = Availability::Available;
        break;
    case Outcome::Status::Unavailable:
        availability = Availability::Unavailable;
        break;
    case Outcome::Status::Denied:
    case Outcome::Status::Failed:
        break;
    }
    if (availability == Availability::Unavailable)
        m_reason = outcome.message;
    else if (availability == Availability::Available)
        m_reason = {};
    if (availability == m_availability)
        return;
    m_availability = availability;
    qCDebug(lcEngine, "secret store: %s",
            availability == Availability::Available ? "available"
                                                    : qUtf8Printable(m_reason.english()));
    Q_EMIT availabilityChanged(availability);
}
