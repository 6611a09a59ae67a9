// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providerpanel.h"

#include "engine.h"
#include "providerkeysection.h"
#include "providernotes.h"

#include <QComboBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

using ProviderNotes::noteLabel;

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

    m_keys = new ProviderKeySection(engine, this);

    m_testButton = new QPushButton(tr("Test connection"), this);
    m_testResult = noteLabel(this);
    m_findServerButton = new QPushButton(tr("Find a local server"), this);
    m_findServerButton->setToolTip(
        tr("Looks for Ollama, llama.cpp and LM Studio on their default ports and uses the "
           "first that answers"));
    m_findServerResult = noteLabel(this);

    auto *form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->addRow(tr("Provider:"), m_providerCombo);
    form->addRow(tr("Model:"), m_modelCombo);
    // Notes under a field, without a label (an empty one would push them onto a row of their own).
    form->addRow(static_cast<QWidget *>(nullptr), m_modelWarning);
    form->addRow(tr("Server:"), m_baseUrlEdit);
    form->addRow(static_cast<QWidget *>(nullptr), m_baseUrlNote);
    form->addRow(tr("API key:"), m_keys);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(form);
    auto *checks = new QHBoxLayout;
    checks->addWidget(m_testButton);
    checks->addWidget(m_findServerButton);
    checks->addStretch(1);
    layout->addLayout(checks);
    layout->addWidget(m_testResult);
    layout->addWidget(m_findServerResult);
    layout->addStretch(1);

    connect(m_providerCombo, &QComboBox::activated, this, &ProviderPanel::onProviderActivated);
    connect(m_providerCombo, &QComboBox::currentIndexChanged, this, &ProviderPanel::showSelected);
    connect(m_modelCombo, &QComboBox::activated, this, &ProviderPanel::onModelActivated);
    connect(m_baseUrlEdit, &QLineEdit::editingFinished, this, &ProviderPanel::applyBaseUrl);
    connect(m_keys, &ProviderKeySection::keyChanged, this, [this] { loadModels(); });
    connect(m_testButton, &QPushButton::clicked, this, &ProviderPanel::testConnection);
    connect(m_findServerButton, &QPushButton::clicked, this, &ProviderPanel::findLocalServer);
    connect(&engine, &Engine::providerChanged, this, &ProviderPanel::reload);
    connect(&engine, &Engine::modelChanged, this, &ProviderPanel::selectModel);
    reload();
}

QLineEdit *ProviderPanel::keyEdit() const
{
    return m_keys->keyEdit();
}
QPushButton *ProviderPanel::saveKeyButton() const
{
    return m_keys->saveKeyButton();
}
QPushButton *ProviderPanel::forgetKeyButton() const
{
    return m_keys->forgetKeyButton();
}
QLabel *ProviderPanel::keyStatus() const
{
    return m_keys->keyStatus();
}
QFrame *ProviderPanel::storeFallback() const
{
    return m_keys->storeFallback();
}
QLabel *ProviderPanel::storeFallbackText() const
{
    return m_keys->storeFallbackText();
}
QPushButton *ProviderPanel::storeInConfigButton() const
{
    return m_keys->storeInConfigButton();
}
QLabel *ProviderPanel::keyResult() const
{
    return m_keys->keyResult();
}
bool ProviderPanel::isSavingKey() const
{
    return m_keys->isSaving();
}
void ProviderPanel::saveKey()
{
    m_keys->saveKey();
}
void ProviderPanel::storeKeyInConfigFile()
{
    m_keys->storeKeyInConfigFile();
}
void ProviderPanel::forgetKey()
{
    m_keys->forgetKey();
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
    m_baseUrlEdit->setEnabled(entry != nullptr);
    m_keys->setProvider(id);
    if (!entry) {
        m_baseUrlNote->hide();
        return;
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
    checkModelListed(list);
}

void ProviderPanel::checkModelListed(const ModelList &list)
{
    m_listed.clear();
    m_unlisted = false;
    const QString current = m_engine.currentModel();
    if (!list.fromProvider || list.models.isEmpty() || current.isEmpty())
        return;
    for (const ModelInfo &model : list.models)
        m_listed.append(model.id);
    const bool listed = std::any_of(list.models.cbegin(), list.models.cend(),
                                    [&](const ModelInfo &model) { return model.id == current; });
    if (listed)
        return;
    // Kept (it may still answer), but the user is told, and the listed ones are in the list.
    m_unlisted = true;
    setResult(m_modelWarning,
              tr("The server does not list the model in use, %1: choose one of the %n it "
                 "lists.",
                 nullptr, int(list.models.size()))
                  .arg(current),
              true);
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
    if (m_unlisted && m_listed.contains(model)) {
        m_unlisted = false; // one the server lists is in use now
        m_modelWarning->hide();
    }
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
            // What it lists now is the list, and an earlier failure to read it is over.
            m_shownProvider = m_engine.currentProviderId();
            m_shownState = connectionState();
            ++m_modelRequest;
            showModels(list);
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
    ProviderNotes::setResult(label, text, isError);
}

void ProviderPanel::focusKey()
{
    // The provider chosen in the list, or the first that needs a key.
    const ProviderEntry *entry = m_engine.catalog().find(selectedProvider());
    if (!entry || entry->keyEnv.isEmpty()) {
        for (int i = 0; i < m_providerCombo->count(); ++i) {
            const ProviderEntry *other =
                m_engine.catalog().find(m_providerCombo->itemData(i).toString());
            if (other && !other->keyEnv.isEmpty()) {
                m_providerCombo->setCurrentIndex(i);
                break;
            }
        }
    }
    showSelected();
    keyEdit()->setFocus(Qt::OtherFocusReason);
}

void ProviderPanel::setLocalServerCandidates(const QList<LocalServerFinder::Candidate> &candidates)
{
    m_candidates = candidates;
}

void ProviderPanel::findLocalServer()
{
    if (m_finding)
        return;
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    const QList<LocalServerFinder::Candidate> candidates =
        m_candidates.value_or(LocalServerFinder::defaults(m_engine.catalog()));
    m_finding = true;
    m_findServerButton->setEnabled(false);
    setResult(m_findServerResult, tr("Looking for a local server…"), false);
    auto *finder = new LocalServerFinder(*m_network, this);
    finder->find(candidates, [this, finder, candidates](const auto &found) {
        finder->deleteLater();
        m_finding = false;
        m_findServerButton->setEnabled(true);
        if (!found) {
            QStringList where;
            for (const LocalServerFinder::Candidate &candidate : candidates)
                where.append(tr("%1 at %2").arg(candidate.name, candidate.baseUrl.toString()));
            setResult(m_findServerResult,
                      tr("No local server answered (%1). Start one, or enter its address under "
                         "Server.")
                          .arg(where.join(QStringLiteral("; "))),
                      true);
            return;
        }
        const ProviderEntry *entry = m_engine.catalog().find(found->providerId);
        Status status = entry ? Status() : Status(m_engine.catalog().noProviderError());
        if (status.ok() && entry->baseUrl != found->baseUrl)
            status = m_engine.setBaseUrl(found->providerId, found->baseUrl.toString());
        if (status.ok())
            status = m_engine.setProvider(found->providerId);
        if (!status.ok()) {
            setResult(m_findServerResult, status.error().translatedMessage(), true);
            return;
        }
        m_detailsFor.clear();
        reload();
        setResult(
            m_findServerResult,
            tr("Found %1 at %2; Attache uses it now.").arg(found->name, found->baseUrl.toString()),
            false);
    });
}
