// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "toolspanel.h"

#include "engine.h"
#include "mcppanel.h"
#include "toolsmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace {

/** Keeps the mouse wheel from flipping a policy that merely passes under the pointer. */
class WheelGuard : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Wheel && !static_cast<QWidget *>(watched)->hasFocus()) {
            event->ignore();
            return true;
        }
        return QObject::eventFilter(watched, event);
    }
};

/** A combo box for the policy column, committing as soon as a choice is made. */
class PolicyDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &,
                          const QModelIndex &) const override
    {
        auto *combo = new QComboBox(parent);
        combo->setObjectName(QStringLiteral("policyCombo"));
        combo->setFocusPolicy(Qt::StrongFocus);
        combo->installEventFilter(new WheelGuard(combo));
        for (const QString &policy : ToolsModel::policies())
            combo->addItem(ToolsModel::policyLabel(policy), policy);
        connect(combo, &QComboBox::activated, this, &PolicyDelegate::commitFromEditor);
        return combo;
    }
    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        auto *combo = static_cast<QComboBox *>(editor);
        combo->setCurrentIndex(combo->findData(index.data(Qt::EditRole)));
        combo->setToolTip(index.data(Qt::ToolTipRole).toString());
    }
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override
    {
        auto *combo = static_cast<QComboBox *>(editor);
        if (!model->setData(index, combo->currentData(), Qt::EditRole))
            setEditorData(editor, index); // refused: show the policy that is in force
    }
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                              const QModelIndex &) const override
    {
        editor->setGeometry(option.rect);
    }
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QComboBox probe;
        for (const QString &policy : ToolsModel::policies())
            probe.addItem(ToolsModel::policyLabel(policy));
        return probe.sizeHint().expandedTo(QStyledItemDelegate::sizeHint(option, index));
    }

private:
    void commitFromEditor()
    {
        if (auto *editor = qobject_cast<QWidget *>(sender()))
            Q_EMIT commitData(editor);
    }
};

QString kibibytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 0);
}

} // namespace

ToolsPanel::ToolsPanel(Engine &engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
{
    m_model = new ToolsModel(engine.tools(), this);
    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(ToolsModel::PolicyColumn, new PolicyDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers); // the combos are always open
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(ToolsModel::NameColumn,
                                                     QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(ToolsModel::PolicyColumn,
                                                     QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(ToolsModel::DescriptionColumn,
                                                     QHeaderView::Stretch);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->setTextElideMode(Qt::ElideRight);

    // A narrow dock cuts descriptions short: the selected tool's is shown in full below.
    m_details = new QLabel(this);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_directory = new QLabel(this);
    m_directory->setWordWrap(true);
    m_directory->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_choose = new QPushButton(tr("Choose…"), this);
    m_choose->setToolTip(tr("The folder the model may read, write and run commands in"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("toolsError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #da4453;")); // readable on light and dark
    m_error->hide();
    m_limits = new QLabel(this);
    m_limits->setWordWrap(true);
    m_limits->setEnabled(false); // a quiet note

    m_autoInject = new QCheckBox(tr("Attach files named in messages"), this);
    m_autoInject->setToolTip(tr("A word naming a file in the working directory attaches that "
                                "file, as \"@path\" always does."));

    auto *directoryRow = new QHBoxLayout;
    directoryRow->addWidget(m_directory, 1);
    directoryRow->addWidget(m_choose, 0, Qt::AlignTop);

    auto *heading = new QLabel(tr("Working directory"), this);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);

    auto *toolsHeading = new QLabel(tr("Tools the model may use"), this);
    toolsHeading->setFont(bold);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(heading);
    layout->addLayout(directoryRow);
    layout->addWidget(m_error);
    layout->addWidget(m_autoInject);
    layout->addSpacing(8);
    layout->addWidget(toolsHeading);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_details);
    layout->addWidget(m_limits);
    layout->addSpacing(8);
    m_mcp = new McpPanel(engine.mcp(), this);
    layout->addWidget(m_mcp, 1);

    connect(m_choose, &QPushButton::clicked, this, &ToolsPanel::chooseWorkingDirectory);
    connect(m_autoInject, &QCheckBox::toggled, this,
            [this](bool on) { m_engine.setAutoInject(on); });
    connect(m_model, &ToolsModel::changeFailed, this, &ToolsPanel::showError);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ToolsPanel::openEditors);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ToolsPanel::showDetails);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ToolsPanel::showDetails);
    connect(&engine.tools(), &ToolBox::changed, this, &ToolsPanel::showWorkspace);
    connect(&engine.topics(), &TopicBus::topicChanged, this, [this](const QString &topic) {
        if (topic == QLatin1String("settings"))
            showAutoInject();
    });
    openEditors();
    m_view->setCurrentIndex(m_model->index(0, ToolsModel::NameColumn));
    showWorkspace();
    showAutoInject();
    showDetails();
}

void ToolsPanel::showDetails()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        m_details->clear();
        return;
    }
    const QModelIndex description = current.siblingAtColumn(ToolsModel::DescriptionColumn);
    m_details->setText(tr("%1: %2").arg(current.data(ToolsModel::NameRole).toString(),
                                        description.data().toString()));
}

void ToolsPanel::openEditors()
{
    for (int row = 0; row < m_model->rowCount(); ++row)
        m_view->openPersistentEditor(m_model->index(row, ToolsModel::PolicyColumn));
}

void ToolsPanel::showWorkspace()
{
    const QString root = m_engine.tools().workspace().root();
    if (root.isEmpty()) {
        m_directory->setText(tr("None chosen: the model cannot use tools until you choose one."));
        m_directory->setToolTip(QString());
    } else {
        m_directory->setText(QDir::toNativeSeparators(root));
        m_directory->setToolTip(QDir::toNativeSeparators(root));
    }
    const ToolLimits limits = m_engine.tools().limits();
    m_limits->setText(tr("Commands stop after %1 s; output is cut at %2, files read at %3.")
                          .arg(QLocale().toString(limits.commandTimeoutMs / 1000.0, 'g', 3),
                               kibibytes(limits.outputCap), kibibytes(limits.readCap)));
}

void ToolsPanel::showAutoInject()
{
    const QSignalBlocker blocker(m_autoInject);
    m_autoInject->setChecked(m_engine.autoInject());
}

void ToolsPanel::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void ToolsPanel::chooseWorkingDirectory()
{
    const QString start = m_engine.tools().workspace().isSet() ? m_engine.tools().workspace().root()
                                                               : QDir::homePath();
    const QString path = QFileDialog::getExistingDirectory(this, tr("Working directory"), start);
    if (!path.isEmpty())
        setWorkingDirectory(path);
}

bool ToolsPanel::setWorkingDirectory(const QString &path)
{
    // Named as API clients read it (in English), as the window names itself in GET /clients.
    const Status status =
        m_engine.tools().setWorkingDirectory(path, QStringLiteral("Attache window"));
    if (!status.ok()) {
        // The engine's message names the folder and what to do.
        showError(tr("Cannot use that folder: %1.").arg(status.error().translatedMessage()));
        return false;
    }
    showError(QString());
    return true;
}
