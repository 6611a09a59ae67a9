// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "keys/apikeys.h"

#include "enginelog.h"
#include "settings.h"

#include <QPointer>

namespace {

// done, unless the caller's context object is gone (a null context: always).
KeyStore::Callback guarded(QObject *context, KeyStore::Callback done)
{
    const bool hasContext = context != nullptr;
    const QPointer<QObject> guard(context);
    return [hasContext, guard, done = std::move(done)](const KeyStore::Outcome &outcome) {
        if (done && (!hasContext || guard))
            done(outcome);
    };
}

} // namespace

ApiKeys::ApiKeys(ProviderCatalog &catalog, Settings &settings, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_settings(settings)
{
    connect(&m_store, &KeyStore::availabilityChanged, this, &ApiKeys::onAvailabilityChanged);
    for (const ProviderEntry &entry : m_catalog.providers()) {
        const QString plain = m_settings.plainKey(entry.id);
        if (!plain.isEmpty()) {
            m_plain.insert(entry.id, plain);
            m_catalog.setApiKey(entry.id, plain, KeySource::ConfigFile);
        }
    }
}

void ApiKeys::loadStored(const QString &firstProviderId)
{
    QStringList ids = m_settings.value(Settings::KeysInSecretStore);
    if (ids.removeAll(firstProviderId) > 0)
        ids.prepend(firstProviderId);
    for (const QString &id : std::as_const(ids)) {
        const ProviderEntry *entry = m_catalog.find(id);
        // The environment's key wins anyway; no need to ask the store (and maybe the user).
        if (entry && m_catalog.environmentKey(*entry).isEmpty() && !m_loading.contains(id))
            readStored(id);
    }
}

void ApiKeys::readStored(const QString &providerId)
{
    m_loading.insert(providerId);
    Q_EMIT changed(providerId);
    m_store.read(providerId, this, [this, providerId](const KeyStore::Outcome &outcome) {
        m_loading.remove(providerId);
        switch (outcome.status) {
        case KeyStore::Outcome::Status::Ok:
            m_stored.insert(providerId, outcome.key);
            m_unread.remove(providerId);
            break;
        case KeyStore::Outcome::Status::NotFound: // removed by another program
            m_unread.remove(providerId);
            setInSecretStore(providerId, false);
            break;
        default:
            if (m_unread.isEmpty()) { // one line for the lot
                const ProviderEntry *entry = m_catalog.find(providerId);
                qCWarning(lcEngine,
                          "the keys kept in the secret store cannot be read: %s Until they can, "
                          "set them in the environment (%s, …).",
                          qUtf8Printable(outcome.message.english()),
                          entry ? qUtf8Printable(entry->keyEnv) : "");
            }
            m_unread.insert(providerId);
            break;
        }
        apply(providerId);
    });
}

QString ApiKeys::configFilePath() const
{
    return m_settings.fileName();
}

KeySource ApiKeys::source(const QString &providerId) const
{
    const ProviderEntry *entry = m_catalog.find(providerId);
    return entry ? entry->keySource : KeySource::None;
}

bool ApiKeys::hasOwnKey(const QString &providerId) const
{
    return m_thisRun.contains(providerId) || m_stored.contains(providerId)
        || m_plain.contains(providerId) || isInSecretStore(providerId);
}

bool ApiKeys::isInSecretStore(const QString &providerId) const
{
    return m_settings.value(Settings::KeysInSecretStore).contains(providerId);
}

void ApiKeys::setForThisRun(const QString &providerId, const QString &key)
{
    if (key.trimmed().isEmpty())
        m_thisRun.remove(providerId);
    else
        m_thisRun.insert(providerId, key.trimmed());
    apply(providerId);
}

void ApiKeys::save(const QString &providerId, const QString &key, QObject *context, Callback done)
{
    const QString trimmed = key.trimmed();
    setForThisRun(providerId, trimmed); // usable at once, whatever the store says
    m_store.write(providerId, trimmed, this,
                  [this, providerId, trimmed,
                   answer = guarded(context, std::move(done))](const KeyStore::Outcome &outcome) {
                      if (outcome.ok()) {
                          if (m_thisRun.value(providerId) == trimmed) // not replaced meanwhile
                              m_thisRun.remove(providerId);
                          m_stored.insert(providerId, trimmed);
                          m_unread.remove(providerId);
                          setInSecretStore(providerId, true);
                          // Safely stored now: no plain copy is left behind.
                          if (m_plain.remove(providerId) > 0)
                              m_settings.removePlainKey(providerId);
                          apply(providerId);
                      }
                      answer(outcome);
                  });
}

Status ApiKeys::storeInConfigFile(const QString &providerId, const QString &key)
{
    const QString value = key.trimmed().isEmpty() ? m_thisRun.value(providerId) : key.trimmed();
    if (value.isEmpty() || !m_catalog.find(providerId)) {
        return EngineError::make(
            ErrorKind::InvalidRequest,
            QT_TRANSLATE_NOOP("Engine", "There is no key to store: paste the key first."));
    }
    if (!m_settings.setPlainKey(providerId, value)) {
        return EngineError::make(ErrorKind::Storage,
                                 QT_TRANSLATE_NOOP("Engine", "The key could not be written to %1."),
                                 { m_settings.fileName() });
    }
    m_plain.insert(providerId, value);
    m_thisRun.remove(providerId);
    if (isInSecretStore(providerId)) {
        // An older key in the secret store would win over this one at the next start.
        m_stored.remove(providerId);
        m_unread.remove(providerId);
        setInSecretStore(providerId, false);
        m_store.remove(providerId, this, {});
    }
    apply(providerId);
    return {};
}

void ApiKeys::forget(const QString &providerId, QObject *context, Callback done)
{
    Callback answer = guarded(context, std::move(done));
    m_thisRun.remove(providerId);
    m_stored.remove(providerId);
    m_unread.remove(providerId);
    bool written = true;
    if (m_plain.remove(providerId) > 0)
        written = m_settings.removePlainKey(providerId);
    const bool inStore = isInSecretStore(providerId);
    // Not read back at the next start, even if the store cannot remove it now.
    setInSecretStore(providerId, false);
    apply(providerId);
    if (!written) {
        answer({ KeyStore::Outcome::Status::Failed,
                 {},
                 { QT_TRANSLATE_NOOP("Engine", "The key could not be removed from %1."),
                   { m_settings.fileName() } } });
        return;
    }
    if (!inStore) {
        answer({});
        return;
    }
    m_store.remove(providerId, this, [answer](const KeyStore::Outcome &outcome) {
        if (outcome.ok()) {
            answer(outcome);
            return;
        }
        answer({ outcome.status,
                 {},
                 { QT_TRANSLATE_NOOP("Engine",
                                     "Attache no longer uses the key, but it is still "
                                     "in the secret service: %1"),
                   { outcome.message.english() } } });
    });
}

void ApiKeys::apply(const QString &providerId)
{
    if (m_thisRun.contains(providerId))
        m_catalog.setApiKey(providerId, m_thisRun.value(providerId), KeySource::ThisRun);
    else if (m_stored.contains(providerId))
        m_catalog.setApiKey(providerId, m_stored.value(providerId), KeySource::SecretStore);
    else if (m_plain.contains(providerId))
        m_catalog.setApiKey(providerId, m_plain.value(providerId), KeySource::ConfigFile);
    else
        m_catalog.setApiKey(providerId, {});
    Q_EMIT changed(providerId);
}

void ApiKeys::setInSecretStore(const QString &providerId, bool stored)
{
    QStringList ids = m_settings.value(Settings::KeysInSecretStore);
    if (ids.contains(providerId) == stored)
        return;
    if (stored)
        ids.append(providerId);
    else
        ids.removeAll(providerId);
    m_settings.setValue(Settings::KeysInSecretStore, ids);
    m_settings.sync();
}

void ApiKeys::onAvailabilityChanged(KeyStore::Availability availability)
{
    // A store that came back (a keyring unlocked late) gets asked again for what it could not give.
    if (availability != KeyStore::Availability::Available)
        return;
    const QSet<QString> unread = m_unread;
    for (const QString &id : unread) {
        if (!m_loading.contains(id))
            readStored(id);
    }
}
