// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessionpanel.h"

#include "engine.h"
#include "sessiondelegate.h"
#include "sessionfilter.h"
#include "sessionmodel.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

SessionPanel::SessionPanel(Engine &engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
{
    m_model = new SessionModel(engine, this);
    m_proxy = new SessionFilter(this);
    m_proxy->setSourceModel(m_model);

    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search chats and messages"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search"));

    m_list = new QListView(this);
    m_list->setModel(m_proxy);
    m_list->setItemDelegate(new SessionDelegate(m_list));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_list->setAccessibleName(tr("Chats"));
    m_list->installEventFilter(this);

    m_noMatches = new QLabel(tr("No matches"), this);
    m_noMatches->setObjectName(QStringLiteral("noMatches"));
    m_noMatches->setAlignment(Qt::AlignCenter);
    m_noMatches->setEnabled(false);
    m_noMatches->hide();

    m_newButton = new QPushButton(tr("New"), this);
    m_newButton->setToolTip(tr("Start a new session"));
    m_renameButton = new QPushButton(tr("Rename"), this);
    m_deleteButton = new QPushButton(tr("Delete"), this);
    m_exportButton = new QPushButton(tr("Export…"), this);
    m_exportButton->setToolTip(tr("Save the session as Markdown or JSON"));

    auto *buttons = new QGridLayout;
    buttons->addWidget(m_newButton, 0, 0);
    buttons->addWidget(m_renameButton, 0, 1);
    buttons->addWidget(m_deleteButton, 1, 0);
    buttons->addWidget(m_exportButton, 1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_search);
    layout->addWidget(m_noMatches);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);

    connect(m_search, &QLineEdit::textChanged, this, &SessionPanel::search);
    // One click opens a chat, as in every chat app; Enter does from the keyboard.
    connect(m_list, &QListView::clicked, this, &SessionPanel::activate);
    connect(m_list, &QListView::activated, this, &SessionPanel::activate);
    connect(m_list, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = m_list->indexAt(pos);
        if (!index.isValid())
            return;
        m_list->setCurrentIndex(index);
        QMenu *menu = contextMenu();
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_list->viewport()->mapToGlobal(pos));
    });
    connect(m_newButton, &QPushButton::clicked, this, &SessionPanel::newSession);
    connect(m_renameButton, &QPushButton::clicked, this, &SessionPanel::renameSelected);
    connect(m_deleteButton, &QPushButton::clicked, this, &SessionPanel::deleteSelected);
    connect(m_exportButton, &QPushButton::clicked, this, &SessionPanel::exportSelected);
    connect(m_model, &SessionModel::renameFailed, this, [this](const QString &message) {
        showError(tr("Cannot rename the session"), message);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &SessionPanel::selectCurrent);
    // A search over messages is run again when they change (a reply that now matches).
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_proxy->isSearching())
            search(m_search->text());
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &SessionPanel::updateButtons);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &SessionPanel::updateButtons);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &SessionPanel::updateButtons);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &SessionPanel::updateButtons);
    selectCurrent();
}

QSortFilterProxyModel *SessionPanel::proxy() const
{
    return m_proxy;
}

void SessionPanel::search(const QString &text)
{
    const QStringList ids = m_engine.sessionManager().search(text);
    m_proxy->setMatches(text.trimmed().isEmpty() ? std::nullopt
                                                 : std::optional<QSet<QString>>(
                                                     QSet<QString>(ids.cbegin(), ids.cend())));
    m_noMatches->setVisible(m_proxy->isSearching() && m_proxy->rowCount() == 0);
}

QMenu *SessionPanel::contextMenu()
{
    auto *menu = new QMenu(this);
    menu->addAction(tr("Open"), this, [this] { activate(m_list->currentIndex()); });
    menu->addAction(tr("Rename"), this, &SessionPanel::renameSelected)
        ->setShortcut(QKeySequence(Qt::Key_F2));
    menu->addAction(tr("Export…"), this, &SessionPanel::exportSelected);
    menu->addSeparator();
    menu->addAction(tr("Delete"), this, &SessionPanel::deleteSelected)
        ->setShortcut(QKeySequence::Delete);
    return menu;
}

bool SessionPanel::eventFilter(QObject *watched, QEvent *event)
{
    // A name being edited has the keys in its own editor: Delete there deletes letters.
    if (watched == m_list && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Delete && m_list->currentIndex().isValid()) {
            deleteSelected();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

QString SessionPanel::selectedId() const
{
    const QModelIndex index = m_list->currentIndex();
    return index.isValid() ? index.data(SessionModel::IdRole).toString() : QString();
}

void SessionPanel::selectCurrent()
{
    const int row = m_model->rowOf(m_engine.currentSessionId());
    if (row >= 0) {
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row));
        if (index.isValid())
            m_list->setCurrentIndex(index);
    }
    updateButtons();
}

void SessionPanel::updateButtons()
{
    const bool selected = m_list->currentIndex().isValid();
    m_renameButton->setEnabled(selected);
    m_deleteButton->setEnabled(selected);
    m_exportButton->setEnabled(selected);
}

void SessionPanel::activate(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const QString id = index.data(SessionModel::IdRole).toString();
    if (id != m_engine.currentSessionId()) {
        const Status status = m_engine.sessionManager().load(id);
        if (!status.ok()) {
            showError(tr("Cannot open the session"), status.error().translatedMessage());
            return;
        }
    }
    Q_EMIT sessionOpened();
}

void SessionPanel::newSession()
{
    m_search->clear();
    // An empty chat is as new as a new one: reuse it (the current one first) instead of piling
    // up empty chats.
    const auto isEmpty = [this](const Session *session) {
        return session && m_engine.sessionManager().messageCount(*session) == 0 && !session->active
            && session->queue.isEmpty();
    };
    QString id;
    if (isEmpty(m_engine.session())) {
        id = m_engine.currentSessionId();
    } else {
        for (const Session *session : m_engine.sessions()) {
            if (isEmpty(session)) {
                id = session->id;
                break;
            }
        }
    }
    if (id.isEmpty()) {
        const Result<QString> created = m_engine.sessionManager().newSession(QString());
        if (!created.ok()) {
            showError(tr("Cannot create a session"), created.error().translatedMessage());
            return;
        }
        id = created.value();
    }
    if (id != m_engine.currentSessionId()) {
        const Status loaded = m_engine.sessionManager().load(id);
        if (!loaded.ok()) {
            showError(tr("Cannot open the session"), loaded.error().translatedMessage());
            return;
        }
    }
    Q_EMIT sessionOpened();
}

void SessionPanel::renameSelected()
{
    const QModelIndex index = m_list->currentIndex();
    if (index.isValid())
        m_list->edit(index);
}

void SessionPanel::deleteSelected()
{
    const QModelIndex index = m_list->currentIndex();
    if (!index.isValid())
        return;
    const QString id = index.data(SessionModel::IdRole).toString();
    const QString name = index.data(Qt::DisplayRole).toString();
    const auto answer = QMessageBox::question(
        this, tr("Delete session"),
        tr("Delete the session \"%1\" and all its messages? This cannot be undone.").arg(name),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes)
        return;
    const Status status = m_engine.sessionManager().remove(id);
    if (!status.ok())
        showError(tr("Cannot delete the session"), status.error().translatedMessage());
}

void SessionPanel::exportSelected()
{
    const QString id = selectedId();
    const Session *session = m_engine.session(id);
    if (!session)
        return;
    QString base = session->name;
    base.replace(QRegularExpression(QStringLiteral("[\\\\/:*?\"<>|]")), QStringLiteral("_"));
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export session"), QDir::home().filePath(base + QStringLiteral(".md")),
        tr("Markdown (*.md);;JSON (*.json)"));
    if (!path.isEmpty())
        exportTo(id, path);
}

bool SessionPanel::exportTo(const QString &sessionId, const QString &path)
{
    const bool json = path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
    const Result<QByteArray> data = m_engine.sessionManager().exportSession(
        sessionId, json ? QStringLiteral("json") : QStringLiteral("markdown"));
    if (!data.ok()) {
        showError(tr("Cannot export the session"), data.error().translatedMessage());
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data.value()) != data.value().size()
        || !file.commit()) {
        showError(
            tr("Cannot export the session"),
            tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    return true;
}

void SessionPanel::showError(const QString &title, const QString &message)
{
    // Not exec(): the window keeps running (replies keep streaming) while the message shows.
    auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("sessionError"));
    box->open();
}
