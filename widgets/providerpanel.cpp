// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providerpanel.h"

#include "engine.h"

#include <QComboBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

QLabel *noteLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop); // extra height goes below the text
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->hide();
    return label;
}

} // namespace

ProviderPanel::ProviderPanel(Engine &engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
{
    m_providerCombo = new QComboBox(this);
    m_providerCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_providerCombo->setMinimumContentsLength(12);
    m_modelCombo = new QComboBox(this);
    m_modelCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_modelCombo->setMinimumContentsLength(12);
    m_modelWarning = noteLabel(this);

    m_baseUrlEdit = new QLineEdit(this);
    m_baseUrlEdit->setClearButtonEnabled(true);
    m_baseUrlEdit->setToolTip(
        tr("The provider's API address, including its version path, e.g. "
           "http://127.0.0.1:11434/v1 for Ollama. Empty: the address shown in grey."));
    m_baseUrlNote = noteLabel(this);

    m_keyEdit = new QLineEdit(this);
    m_keyEdit->setEchoMode(QLineEdit::Password);
    m_keyEdit->setPlaceholderText(tr("Paste an API key"));
    m_keyEdit->setToolTip(tr("Saved in the system's secret store (GNOME Keyring, KWallet). "
                             "A key set in the environment wins over it."));
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
    m_keyStatus = noteLabel(this);
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
    m_keyResult = noteLabel(this);

    m_testButton = new QPushButton(tr("Test connection"), this);
    m_testResult = noteLabel(this);

    auto *form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->addRow(tr("Provider:"), m_providerCombo);
    form->addRow(tr("Model:"), m_modelCombo);
    // Notes under a field, without a label (an empty one would push them onto a row of their own).
    form->addRow(static_cast<QWidget *>(nullptr), m_modelWarning);
    form->addRow(tr("Server:"), m_baseUrlEdit);
    form->addRow(static_cast<QWidget *>(nullptr), m_baseUrlNote);
    form->addRow(tr("API key:"), m_keyEdit);
    form->addRow(static_cast<QWidget *>(nullptr), keyButtons);
    form->addRow(static_cast<QWidget *>(nullptr), m_keyStatus);
    form->addRow(static_cast<QWidget *>(nullptr), m_keyResult);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(form);
    layout->addWidget(m_storeFallback);
    layout->addWidget(m_testButton, 0, Qt::AlignLeft);
    layout->addWidget(m_testResult);
    layout->addStretch(1);

    connect(m_providerCombo, &QComboBox::activated, this, &ProviderPanel::onProviderActivated);
    connect(m_providerCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_keyResult->hide();
        showSelected();
    });
    connect(m_modelCombo, &QComboBox::activated, this, &ProviderPanel::onModelActivated);
    connect(m_baseUrlEdit, &QLineEdit::editingFinished, this, &ProviderPanel::applyBaseUrl);
    connect(m_keyEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_saveKeyButton->setEnabled(!text.trimmed().isEmpty());
        showSelected();
    });
    connect(m_keyEdit, &QLineEdit::returnPressed, this, &ProviderPanel::saveKey);
    connect(m_saveKeyButton, &QPushButton::clicked, this, &ProviderPanel::saveKey);
    connect(m_forgetKeyButton, &QPushButton::clicked, this, &ProviderPanel::forgetKey);
    connect(m_storeInConfigButton, &QPushButton::clicked, this,
            &ProviderPanel::storeKeyInConfigFile);
    connect(m_testButton, &QPushButton::clicked, this, &ProviderPanel::testConnection);
    connect(&engine, &Engine::providerChanged, this, &ProviderPanel::reload);
    connect(&engine, &Engine::modelChanged, this, &ProviderPanel::selectModel);
    connect(&engine.keys().store(), &KeyStore::availabilityChanged, this,
            &ProviderPanel::showSelected);
    reload();
}

void ProviderPanel::reload()
{
    fillProviders();
    // Another provider, or the same one with a key (read at start, say) or a server it lacked.
    if (m_engine.currentProviderId() != m_shownProvider || m_modelCombo->count() == 0
        || connectionState() != m_shownState)
        loadModels();
}

QString ProviderPanel::connectionState() const
{
    const ProviderEntry *entry = m_engine.catalog().find(m_engine.currentProviderId());
    if (!entry)
        return {};
    return entry->baseUrl.toString() + QLatin1Char(' ') + QString::number(int(entry->keySource))
        + QLatin1Char(' ') + QString::number(int(entry->hasApiKey()));
}

QString ProviderPanel::keySummary(const QString &providerId) const
{
    const ProviderEntry *entry = m_engine.catalog().find(providerId);
    if (!entry)
        return {};
    if (m_engine.keys().isLoading(providerId))
        return tr("reading key…");
    switch (entry->keySource) {
    case KeySource::Environment:
        return tr("key from environment");
    case KeySource::ThisRun:
        return tr("key for this run");
    case KeySource::SecretStore:
        return tr("key in secret store");
    case KeySource::ConfigFile:
        return tr("key in config file");
    case KeySource::ProvidersFile:
        return tr("key in providers.json");
    case KeySource::None:
        break;
    }
    if (!m_engine.catalog().readiness(*entry).ok())
        return tr("needs key");
    return entry->name.endsWith(QLatin1String("(local)")) ? QString() : tr("local");
}

void ProviderPanel::fillProviders()
{
    {
        const QSignalBlocker blocker(m_providerCombo);
        const QString selected = selectedProvider();
        m_providerCombo->clear();
        for (const ProviderStatus &provider : m_engine.providers()) {
            const QString summary = keySummary(provider.id);
            m_providerCombo->addItem(summary.isEmpty() ? provider.name
                                                       : tr("%1 (%2)").arg(provider.name, summary),
                                     provider.id);
            if (!provider.baseUrl.isEmpty())
                m_providerCombo->setItemData(m_providerCombo->count() - 1, provider.baseUrl,
                                             Qt::ToolTipRole);
        }
        const int current = m_providerCombo->findData(m_engine.currentProviderId());
        // A provider picked for its key or server but not switched to stays picked.
        const int kept = m_providerCombo->findData(selected);
        // With no provider usable yet (the first run), the first one is offered for its key or
        // server rather than an empty box.
        m_providerCombo->setCurrentIndex(current >= 0 ? current : kept >= 0 ? kept : 0);
    }
    showSelected();
}

QString ProviderPanel::selectedProvider() const
{
    return m_providerCombo->currentData().toString();
}

void ProviderPanel::showSelected()
{
    const QString id = selectedProvider();
    const ProviderEntry *entry = m_engine.catalog().find(id);
    const bool hasEntry = entry != nullptr;
    m_keyEdit->setEnabled(hasEntry);
    m_baseUrlEdit->setEnabled(hasEntry);
    if (!entry) {
        m_keyStatus->clear();
        m_forgetKeyButton->setEnabled(false);
        m_storeFallback->hide();
        m_baseUrlNote->hide();
        return;
    }
    ApiKeys &keys = m_engine.keys();

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

    // The server it talks to
    if (id != m_detailsFor) {
        m_detailsFor = id;
        m_baseUrlEdit->setText(entry->settingsBaseUrl.toString());
        m_baseUrlError.clear();
    }
    const QUrl otherwise =
        entry->configBaseUrl.isValid() ? entry->configBaseUrl : entry->catalogBaseUrl;
    m_baseUrlEdit->setPlaceholderText(otherwise.toString());
    if (!m_baseUrlError.isEmpty()) {
        setResult(m_baseUrlNote, m_baseUrlError, true);
    } else if (entry->baseUrlSource == ProviderEntry::BaseUrlSource::Environment) {
        setResult(m_baseUrlNote,
                  tr("%1 in the environment wins: %2")
                      .arg(ProviderCatalog::environmentVariableFor(id), entry->baseUrl.toString()),
                  false);
    } else {
        m_baseUrlNote->hide();
    }
}

void ProviderPanel::loadModels()
{
    m_shownProvider = m_engine.currentProviderId();
    m_shownState = connectionState();
    if (m_shownProvider.isEmpty()) {
        // Nothing to list before a provider can answer; the first-run page says what to do.
        ++m_modelRequest;
        m_loadingModels = false;
        m_modelCombo->clear();
        m_modelCombo->setEnabled(false);
        m_modelWarning->hide();
        return;
    }
    const int request = ++m_modelRequest;
    m_loadingModels = true;
    m_modelCombo->clear();
    m_modelCombo->addItem(tr("loading…"));
    m_modelCombo->setEnabled(false);
    m_modelWarning->hide();
    m_engine.fetchModels(this, [this, request](const ModelList &list) {
        if (request == m_modelRequest)
            showModels(list);
    });
}

void ProviderPanel::showModels(const ModelList &list)
{
    m_loadingModels = false;
    m_modelCombo->clear();
    for (const ModelInfo &model : list.models) {
        m_modelCombo->addItem(model.name.isEmpty() ? model.id : model.name, model.id);
        if (!model.description.isEmpty())
            m_modelCombo->setItemData(m_modelCombo->count() - 1, model.description,
                                      Qt::ToolTipRole);
    }
    m_modelCombo->setEnabled(m_modelCombo->count() > 0);
    if (!list.fromProvider && !list.warning.isEmpty()) {
        QString why = list.warning;
        if (why.endsWith(QLatin1Char('.')))
            why.chop(1);
        setResult(m_modelWarning,
                  tr("Showing the catalog's models: the provider's list could not be read (%1).")
                      .arg(why),
                  true);
    } else {
        m_modelWarning->hide();
    }
    selectModel(m_engine.currentModel());
}

void ProviderPanel::selectModel(const QString &model)
{
    if (m_loadingModels || model.isEmpty())
        return;
    int index = m_modelCombo->findData(model);
    if (index < 0) {
        m_modelCombo->addItem(model, model); // in use, though the list does not name it
        index = m_modelCombo->count() - 1;
        m_modelCombo->setEnabled(true);
    }
    m_modelCombo->setCurrentIndex(index);
}

void ProviderPanel::onProviderActivated(int index)
{
    const QString id = m_providerCombo->itemData(index).toString();
    if (id == m_engine.currentProviderId())
        return;
    const Status status = m_engine.setProvider(id);
    m_testResult->clear();
    if (!status.ok()) {
        setResult(m_testResult, status.error().translatedMessage(), true);
        fillProviders(); // back to the provider in use
    }
}

void ProviderPanel::onModelActivated(int index)
{
    const QString model = m_modelCombo->itemData(index).toString();
    if (model.isEmpty() || model == m_engine.currentModel())
        return;
    const Status status = m_engine.setModel(model);
    if (!status.ok()) {
        setResult(m_testResult, status.error().translatedMessage(), true);
        selectModel(m_engine.currentModel());
    }
}

void ProviderPanel::saveKey()
{
    const QString key = m_keyEdit->text().trimmed();
    const QString provider = selectedProvider();
    if (key.isEmpty() || provider.isEmpty())
        return;
    m_keyEdit->clear();
    ++m_savingKeys;
    setResult(m_keyResult, tr("Saving the key in the system's secret store…"), false);
    // In use at once (the engine announces it); stored when the secret service answers.
    m_engine.keys().save(provider, key, this, [this, provider](const KeyStore::Outcome &outcome) {
        --m_savingKeys;
        // The key's status says where it went; when it could not be stored, the fallback says why.
        if (outcome.ok())
            m_storeProblems.remove(provider);
        else
            m_storeProblems.insert(provider, outcome.message.translated());
        m_keyResult->hide();
        showSelected();
    });
    loadModels(); // the key may open the provider's own model list
}

void ProviderPanel::storeKeyInConfigFile()
{
    const QString provider = selectedProvider();
    const Status stored = m_engine.keys().storeInConfigFile(provider, m_keyEdit->text());
    if (!stored.ok()) {
        setResult(m_keyResult, stored.error().translatedMessage(), true);
        return;
    }
    m_keyEdit->clear();
    m_storeProblems.remove(provider);
    setResult(m_keyResult, tr("Key stored in the config file."), false);
    showSelected();
    loadModels();
}

void ProviderPanel::forgetKey()
{
    const QString provider = selectedProvider();
    if (provider.isEmpty())
        return;
    m_storeProblems.remove(provider);
    m_engine.keys().forget(provider, this, [this](const KeyStore::Outcome &outcome) {
        setResult(m_keyResult, outcome.ok() ? tr("Key forgotten.") : outcome.message.translated(),
                  !outcome.ok());
        showSelected();
    });
    loadModels();
}

void ProviderPanel::applyBaseUrl()
{
    const QString provider = selectedProvider();
    if (provider.isEmpty())
        return;
    const Status status = m_engine.setBaseUrl(provider, m_baseUrlEdit->text());
    m_baseUrlError = status.ok() ? QString() : status.error().translatedMessage();
    if (!status.ok()) {
        showSelected();
        return;
    }
    m_detailsFor.clear(); // show the URL as saved
    showSelected();
    if (provider == m_engine.currentProviderId())
        loadModels(); // the models of the server it talks to now
}

void ProviderPanel::testConnection()
{
    const int request = ++m_testRequest;
    m_testButton->setEnabled(false);
    setResult(m_testResult, tr("Testing…"), false);
    m_engine.fetchModels(this, [this, request](const ModelList &list) {
        if (request != m_testRequest)
            return;
        m_testButton->setEnabled(true);
        if (list.fromProvider) {
            setResult(m_testResult, tr("Connected: %n model(s)", nullptr, int(list.models.size())),
                      false);
        } else if (!list.warning.isEmpty()) {
            setResult(m_testResult, tr("Could not connect: %1").arg(list.warning), true);
        } else {
            setResult(m_testResult,
                      tr("This provider does not list its models; the catalog names %n.", nullptr,
                         int(list.models.size())),
                      false);
        }
    });
}

void ProviderPanel::setResult(QLabel *label, const QString &text, bool isError)
{
    label->setText(text);
    label->setStyleSheet(isError ? QStringLiteral("color: #b3261e;") : QString());
    label->setVisible(!text.isEmpty());
}
