// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providerpanel.h"

#include "engine.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

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

    m_modelWarning = new QLabel(this);
    m_modelWarning->setWordWrap(true);
    m_modelWarning->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_modelWarning->hide();

    m_keyEdit = new QLineEdit(this);
    m_keyEdit->setEchoMode(QLineEdit::Password);
    m_keyEdit->setPlaceholderText(tr("Paste an API key"));
    const QString keyNote =
        tr("The key is kept in memory for this run of Attache only; storing it "
           "in the system's secret store is coming. Environment variables still work.");
    m_keyEdit->setToolTip(keyNote);
    m_saveKeyButton = new QPushButton(tr("Save"), this);
    m_saveKeyButton->setToolTip(keyNote);
    m_saveKeyButton->setEnabled(false);
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_keyEdit, 1);
    keyRow->addWidget(m_saveKeyButton);

    m_testButton = new QPushButton(tr("Test connection"), this);
    m_testResult = new QLabel(this);
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->addRow(tr("Provider:"), m_providerCombo);
    form->addRow(tr("Model:"), m_modelCombo);
    form->addRow(QString(), m_modelWarning);
    form->addRow(tr("API key:"), keyRow);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(form);
    layout->addWidget(m_testButton, 0, Qt::AlignLeft);
    layout->addWidget(m_testResult);
    layout->addStretch(1);

    connect(m_providerCombo, &QComboBox::activated, this, &ProviderPanel::onProviderActivated);
    connect(m_modelCombo, &QComboBox::activated, this, &ProviderPanel::onModelActivated);
    connect(m_keyEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_saveKeyButton->setEnabled(!text.trimmed().isEmpty());
    });
    connect(m_keyEdit, &QLineEdit::returnPressed, this, &ProviderPanel::saveKey);
    connect(m_saveKeyButton, &QPushButton::clicked, this, &ProviderPanel::saveKey);
    connect(m_testButton, &QPushButton::clicked, this, &ProviderPanel::testConnection);
    connect(&engine, &Engine::providerChanged, this, &ProviderPanel::reload);
    connect(&engine, &Engine::modelChanged, this, &ProviderPanel::selectModel);
    reload();
}

void ProviderPanel::reload()
{
    fillProviders();
    if (m_engine.currentProviderId() != m_shownProvider || m_modelCombo->count() == 0)
        loadModels();
}

void ProviderPanel::fillProviders()
{
    const QSignalBlocker blocker(m_providerCombo);
    m_providerCombo->clear();
    const QString current = m_engine.currentProviderId();
    for (const ProviderStatus &provider : m_engine.providers()) {
        QString status;
        if (provider.hasApiKey)
            status = tr("(key set)");
        else if (provider.ready)
            status = tr("(local)");
        else
            status = tr("(needs key)");
        m_providerCombo->addItem(tr("%1 %2").arg(provider.name, status), provider.id);
        if (!provider.baseUrl.isEmpty())
            m_providerCombo->setItemData(m_providerCombo->count() - 1, provider.baseUrl,
                                         Qt::ToolTipRole);
    }
    m_providerCombo->setCurrentIndex(m_providerCombo->findData(current));
}

void ProviderPanel::loadModels()
{
    m_shownProvider = m_engine.currentProviderId();
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
        setResult(m_modelWarning,
                  tr("Showing the catalog's models: the provider's list could not be read (%1).")
                      .arg(list.warning),
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
        setResult(m_testResult, status.error().message, true);
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
        setResult(m_testResult, status.error().message, true);
        selectModel(m_engine.currentModel());
    }
}

void ProviderPanel::saveKey()
{
    const QString key = m_keyEdit->text().trimmed();
    const QString provider = m_providerCombo->currentData().toString();
    if (key.isEmpty() || provider.isEmpty())
        return;
    m_keyEdit->clear();
    m_engine.setApiKey(provider, key);
    setResult(m_testResult, tr("Key saved for this run of Attache (not stored on disk yet)."),
              false);
    loadModels(); // the key may open the provider's own model list
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
