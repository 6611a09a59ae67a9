// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatheader.h"

#include "chatsettingsdialog.h"
#include "engine.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QToolButton>

ChatHeader::ChatHeader(Engine &engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
{
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("chatTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    m_models = new QComboBox(this);
    m_models->setObjectName(QStringLiteral("modelPicker"));
    m_models->setEditable(true); // a model the list does not know can be typed
    m_models->setInsertPolicy(QComboBox::NoInsert);
    m_models->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_models->setMinimumContentsLength(14);
    m_models->setToolTip(tr("The model this chat talks to"));
    m_models->setAccessibleName(tr("Model"));

    m_settings = new QToolButton(this);
    m_settings->setObjectName(QStringLiteral("chatSettings"));
    m_settings->setText(tr("Chat settings…"));
    m_settings->setToolTip(tr("This chat's system prompt, temperature and maximum tokens"));
    m_settings->setAutoRaise(true);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 0, 0);
    layout->addWidget(m_title, 1);
    layout->addWidget(m_models);
    layout->addWidget(m_settings);

    connect(m_models, &QComboBox::activated, this, [this](int index) {
        if (m_filling)
            return;
        const QString model = m_models->itemData(index).toString().isEmpty()
            ? m_models->itemText(index)
            : m_models->itemData(index).toString();
        if (model == m_engine.currentModel())
            return;
        const Status status = m_engine.setModel(model);
        if (!status.ok())
            QMessageBox::warning(this, tr("Cannot use this model"),
                                 status.error().translatedMessage());
        updateModels();
    });
    connect(m_settings, &QToolButton::clicked, this, &ChatHeader::editSettings);
    connect(&engine, &Engine::providerChanged, this, &ChatHeader::updateModels);
    connect(&engine, &Engine::modelChanged, this, &ChatHeader::updateModels);
    connect(&engine, &Engine::currentSessionChanged, this, &ChatHeader::updateTitle);
    connect(&engine, &Engine::sessionsChanged, this, &ChatHeader::updateTitle);
    connect(&engine, &Engine::historyChanged, this, &ChatHeader::updateTitle);
    updateModels();
    updateTitle();
}

void ChatHeader::updateTitle()
{
    const Session *session = m_engine.session();
    const QString name = session ? SessionManager::shownName(*session) : QString();
    m_title->setToolTip(name);
    m_title->setText(
        m_title->fontMetrics().elidedText(name, Qt::ElideRight, std::max(40, m_title->width())));
    const bool custom = session && !session->settings.isDefault();
    m_settings->setText(custom ? tr("Chat settings •") : tr("Chat settings…"));
}

void ChatHeader::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateTitle();
}

void ChatHeader::updateModels()
{
    m_filling = true;
    m_models->clear();
    const QString current = m_engine.currentModel();
    if (const ProviderEntry *entry = m_engine.catalog().find(m_engine.currentProviderId())) {
        for (const ModelInfo &model : entry->models)
            m_models->addItem(model.name.isEmpty() ? model.id : model.name, model.id);
    }
    int index = m_models->findData(current);
    if (index < 0 && !current.isEmpty()) {
        m_models->addItem(current, current);
        index = m_models->count() - 1;
    }
    m_models->setCurrentIndex(index);
    m_models->setEnabled(m_models->count() > 0);
    m_filling = false;
}

void ChatHeader::editSettings()
{
    const Session *session = m_engine.session();
    if (!session)
        return;
    auto *dialog =
        new ChatSettingsDialog(SessionManager::shownName(*session), session->settings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString id = session->id;
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        const Status status = m_engine.sessionManager().setSettings(id, dialog->settings());
        if (!status.ok())
            QMessageBox::warning(this, tr("Cannot keep the chat settings"),
                                 status.error().translatedMessage());
        updateTitle();
    });
    dialog->open();
}
