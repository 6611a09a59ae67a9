// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providerkeysection.h"

#include "engine.h"
#include "providernotes.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

ProviderKeySection::ProviderKeySection(Engine &engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
{
    m_keyEdit = new QLineEdit(this);
    m_keyEdit->setEchoMode(QLineEdit::Password);
    m_keyEdit->setPlaceholderText(tr("Paste an API key"));
    m_keyEdit->setToolTip(tr("Saved in the system's secret store (GNOME Keyring, KWallet). "
                             "A key set in the environment wins over it."));
    m_keyEdit->setAccessibleName(tr("API key"));
    m_saveKeyButton = new QPushButton(tr("Save"), this);
    m_saveKeyButton->setToolTip(m_keyEdit->toolTip());
    m_saveKeyButton->setEnabled(false);
    m_forgetKeyButton = new QPushButton(tr("Forget key"), this);
    m_forgetKeyButton->setToolTip(tr("Removes the key Attache keeps for this provider, from the "
                                     "secret store and the config file. A key in the "
                                     "environment stays."));
    // The buttons under the field: beside it, a narrow dock would squeeze the key to a few letters.
    auto *keyButtons = new QHBoxLayout;
    keyButtons->addWidget(m_saveKeyButton);
    keyButtons->addWidget(m_forgetKeyButton);
    keyButtons->addStretch(1);
    m_keyStatus = ProviderNotes::noteLabel(this);
    m_keyStatus->show();

    m_storeFallback = new QFrame(this);
    m_storeFallback->setFrameShape(QFrame::StyledPanel);
    m_storeFallbackText = new QLabel(m_storeFallback);
    m_storeFallbackText->setWordWrap(true);
    m_storeFallbackText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_storeInConfigButton = new QPushButton(tr("Store in config file"), m_storeFallback);
    m_storeInConfigButton->setToolTip(tr("Writes the key as plain text to Attache's settings "
                                         "file (readable by you only, 0600). Anyone who can read "
                                         "your files, or a backup of them, can read it."));
    auto *fallbackLayout = new QVBoxLayout(m_storeFallback);
    fallbackLayout->addWidget(m_storeFallbackText);
    fallbackLayout->addWidget(m_storeInConfigButton, 0, Qt::AlignLeft);
    m_storeFallback->hide();
    m_keyResult = ProviderNotes::noteLabel(this);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_keyEdit);
    layout->addLayout(keyButtons);
    layout->addWidget(m_keyStatus);
    layout->addWidget(m_keyResult);
    layout->addWidget(m_storeFallback);

    connect(m_keyEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_saveKeyButton->setEnabled(!text.trimmed().isEmpty());
        refresh();
    });
    connect(m_keyEdit, &QLineEdit::returnPressed, this, &ProviderKeySection::saveKey);
    connect(m_saveKeyButton, &QPushButton::clicked, this, &ProviderKeySection::saveKey);
    connect(m_forgetKeyButton, &QPushButton::clicked, this, &ProviderKeySection::forgetKey);
    connect(m_storeInConfigButton, &QPushButton::clicked, this,
            &ProviderKeySection::storeKeyInConfigFile);
    connect(&engine.keys().store(), &KeyStore::availabilityChanged, this,
            &ProviderKeySection::refresh);
}

void ProviderKeySection::setProvider(const QString &providerId)
{
    if (providerId != m_provider)
        m_keyResult->hide();
    m_provider = providerId;
    refresh();
}

void ProviderKeySection::refresh()
{
    const ProviderEntry *entry = m_engine.catalog().find(m_provider);
    m_keyEdit->setEnabled(entry != nullptr);
    if (!entry) {
        m_keyStatus->clear();
        m_forgetKeyButton->setEnabled(false);
        m_storeFallback->hide();
        return;
    }
    ApiKeys &keys = m_engine.keys();
    const QString &id = m_provider;

    // Where the key comes from
    QString status;
    switch (entry->keySource) {
    case KeySource::Environment:
        status =
            tr("Key from %1 in the environment; it wins over a key saved here.").arg(entry->keyEnv);
        break;
    case KeySource::ThisRun:
        status = tr("Key in use until Attache quits; it is not stored.");
        break;
    case KeySource::SecretStore:
        status = tr("Key stored in the system's secret store.");
        break;
    case KeySource::ConfigFile:
        status = tr("Key stored in Attache's config file %1, readable by anyone who can read "
                    "your files.")
                     .arg(keys.configFilePath());
        break;
    case KeySource::ProvidersFile:
        status = tr("Key from providers.json in Attache's config folder.");
        break;
    case KeySource::None:
        if (keys.isLoading(id))
            status = tr("Reading the key from the secret store…");
        else if (m_engine.catalog().readiness(*entry).ok())
            status = tr("No key needed by a server of your own; save one if yours asks for it.");
        else if (!entry->keyEnv.isEmpty())
            status =
                tr("No key: paste one above, or set %1 in the environment.").arg(entry->keyEnv);
        else
            status = tr("No key: paste one above.");
        break;
    }
    m_keyStatus->setText(status);
    m_forgetKeyButton->setEnabled(keys.hasOwnKey(id));

    // The way out when keys cannot be stored safely; never taken without the user's say.
    const bool storeFailed = keys.store().availability() == KeyStore::Availability::Unavailable
        || m_storeProblems.contains(id);
    const bool keptSafely = entry->keySource == KeySource::Environment
        || entry->keySource == KeySource::SecretStore || entry->keySource == KeySource::ConfigFile;
    m_storeFallback->setVisible(storeFailed && !keptSafely && !keys.isLoading(id));
    if (m_storeFallback->isVisibleTo(this)) {
        const QString reason =
            m_storeProblems.value(id, keys.store().unavailableReason().translated());
        m_storeFallbackText->setText(
            entry->keyEnv.isEmpty()
                ? tr("Keys cannot be stored safely: %1 You can store the key in Attache's "
                     "config file instead, but anyone who can read your files can read it "
                     "there.")
                      .arg(reason)
                : tr("Keys cannot be stored safely: %1 Set %2 in the environment instead, or "
                     "store the key in Attache's config file, where anyone who can read your "
                     "files can read it.")
                      .arg(reason, entry->keyEnv));
        m_storeInConfigButton->setEnabled(!m_keyEdit->text().trimmed().isEmpty()
                                          || entry->keySource == KeySource::ThisRun);
    }
}

void ProviderKeySection::saveKey()
{
    const QString key = m_keyEdit->text().trimmed();
    const QString provider = m_provider;
    if (key.isEmpty() || provider.isEmpty())
        return;
    m_keyEdit->clear();
    ++m_saving;
    ProviderNotes::setResult(m_keyResult, tr("Saving the key in the system's secret store…"),
                             false);
    // In use at once (the engine announces it); stored when the secret service answers.
    m_engine.keys().save(provider, key, this, [this, provider](const KeyStore::Outcome &outcome) {
        --m_saving;
        // The key's status says where it went; when it could not be stored, the fallback says why.
        if (outcome.ok())
            m_storeProblems.remove(provider);
        else
            m_storeProblems.insert(provider, outcome.message.translated());
        m_keyResult->hide();
        refresh();
    });
    Q_EMIT keyChanged(provider); // the key may open the provider's own model list
}

void ProviderKeySection::storeKeyInConfigFile()
{
    const QString provider = m_provider;
    const Status stored = m_engine.keys().storeInConfigFile(provider, m_keyEdit->text());
    if (!stored.ok()) {
        ProviderNotes::setResult(m_keyResult, stored.error().translatedMessage(), true);
        return;
    }
    m_keyEdit->clear();
    m_storeProblems.remove(provider);
    ProviderNotes::setResult(m_keyResult, tr("Key stored in the config file."), false);
    refresh();
    Q_EMIT keyChanged(provider);
}

void ProviderKeySection::forgetKey()
{
    const QString provider = m_provider;
    if (provider.isEmpty())
        return;
    m_storeProblems.remove(provider);
    m_engine.keys().forget(provider, this, [this](const KeyStore::Outcome &outcome) {
        ProviderNotes::setResult(m_keyResult,
                                 outcome.ok() ? tr("Key forgotten.") : outcome.message.translated(),
                                 !outcome.ok());
        refresh();
    });
    Q_EMIT keyChanged(provider);
}
