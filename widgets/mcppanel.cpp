// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "mcppanel.h"

#include "mcpserversmodel.h"
#include "tools/mcp/mcpmanager.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTableView>
#include <QVBoxLayout>

namespace {

QLabel *newErrorLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setStyleSheet(QStringLiteral("color: #da4453;")); // readable on light and dark
    label->hide();
    return label;
}

/** A command line as a shell splits it: words apart on spaces, '…' and "…" quote, \ escapes.
 * (QProcess::splitCommand knows double quotes only; commands are often copied from a shell.) */
QStringList splitCommandLine(const QString &line)
{
    QStringList words;
    QString word;
    bool inWord = false;
    QChar quote;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (quote == QLatin1Char('\'')) {
            if (c == quote)
                quote = QChar();
            else
                word += c;
        } else if (c == QLatin1Char('\\') && i + 1 < line.size()
                   && (quote.isNull() || line.at(i + 1) == QLatin1Char('"')
                       || line.at(i + 1) == QLatin1Char('\\'))) {
            word += line.at(++i);
            inWord = true;
        } else if (quote == QLatin1Char('"')) {
            if (c == quote)
                quote = QChar();
            else
                word += c;
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
            inWord = true;
        } else if (c.isSpace()) {
            if (inWord)
                words << word;
            word.clear();
            inWord = false;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord)
        words << word;
    return words;
}

} // namespace

McpPanel::McpPanel(McpManager &manager, QWidget *parent)
    : QWidget(parent)
    , m_manager(manager)
{
    m_model = new McpServersModel(manager, this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("mcpServers"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(McpServersModel::TargetColumn,
                                                     QHeaderView::Stretch);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->setTextElideMode(Qt::ElideMiddle);

    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("mcpDetails"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::PlainText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error = newErrorLabel(this);
    m_file = new QLabel(this);
    m_file->setWordWrap(true);
    m_file->setEnabled(false); // a quiet note

    m_add = new QPushButton(tr("Add…"), this);
    m_add->setToolTip(tr("Add a server: a program to start, or a URL to reach"));
    m_remove = new QPushButton(tr("Remove"), this);
    m_restart = new QPushButton(tr("Restart"), this);
    m_restart->setToolTip(tr("Stop the server and start it again now"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addWidget(m_restart);
    buttons->addStretch(1);

    auto *heading = new QLabel(tr("MCP servers"), this);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(heading);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_error);
    layout->addWidget(m_details);
    layout->addWidget(m_file);

    connect(m_add, &QPushButton::clicked, this, &McpPanel::addServer);
    connect(m_remove, &QPushButton::clicked, this, &McpPanel::removeSelected);
    connect(m_restart, &QPushButton::clicked, this, [this] { restartServer(selectedName()); });
    connect(m_model, &McpServersModel::changeFailed, this, &McpPanel::showError);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &McpPanel::showDetails);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_model->rowCount() > 0 && !m_view->currentIndex().isValid())
            m_view->setCurrentIndex(m_model->index(0, 0));
        showDetails();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &McpPanel::showDetails);
    connect(&manager, &McpManager::changed, this, &McpPanel::showDetails);
    if (m_model->rowCount() > 0)
        m_view->setCurrentIndex(m_model->index(0, 0));
    showDetails();
}

QString McpPanel::selectedName() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.data(McpServersModel::NameRole).toString() : QString();
}

void McpPanel::showDetails()
{
    const QString path = m_manager.configPath();
    m_file->setText(m_manager.configWarning().isEmpty()
                        ? tr("Saved in %1").arg(QDir::toNativeSeparators(path))
                        : m_manager.configWarning());
    m_file->setVisible(!path.isEmpty());
    const int row = m_model->rowOf(selectedName());
    m_remove->setEnabled(row >= 0);
    m_restart->setEnabled(row >= 0
                          && m_model->status(row).state != McpServerStatus::State::Disabled);
    if (row < 0) {
        m_details->setText(m_model->rowCount() == 0
                               ? tr("No MCP servers yet. Add one, or write mcp.json as Claude "
                                    "Desktop does.")
                               : QString());
        return;
    }
    const McpServerStatus status = m_model->status(row);
    QStringList lines;
    lines << tr("%1: %2 over %3")
                 .arg(status.name, McpServersModel::stateLabel(status.state), status.transport);
    if (!status.protocolVersion.isEmpty())
        lines << tr("Speaks MCP %1 (%2 %3)")
                     .arg(status.protocolVersion, status.serverName, status.serverVersion)
                     .trimmed();
    if (!status.lastError.isEmpty())
        lines << tr("Last error: %1").arg(status.lastError);
    if (status.retryInMs >= 0)
        lines << tr("Trying again in %1 s (restart %2).")
                     .arg(status.retryInMs / 1000.0)
                     .arg(status.restarts + 1);
    if (!status.tools.isEmpty()) {
        QStringList names;
        for (const McpServerStatus::ToolEntry &tool : status.tools)
            names << tool.name;
        lines << tr("Tools: %1").arg(names.join(QLatin1String(", ")));
    }
    m_details->setText(lines.join(QLatin1Char('\n')));
}

void McpPanel::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

bool McpPanel::removeServer(const QString &name)
{
    const Status removed = m_manager.removeServer(name);
    showError(removed ? QString() : removed.error().message);
    return removed.ok();
}

bool McpPanel::restartServer(const QString &name)
{
    const Status restarted = m_manager.restart(name);
    showError(restarted ? QString() : restarted.error().message);
    return restarted.ok();
}

void McpPanel::removeSelected()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    if (QMessageBox::question(this, tr("Remove %1?").arg(name),
                              tr("Stop %1 and remove it from mcp.json?").arg(name))
        == QMessageBox::Yes)
        removeServer(name);
}

void McpPanel::addServer()
{
    auto *dialog = new McpServerDialog(m_manager, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

McpServerDialog::McpServerDialog(McpManager &manager, QWidget *parent)
    : QDialog(parent)
    , m_manager(manager)
{
    setWindowTitle(tr("Add an MCP server"));
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("files"));
    m_commandChoice = new QRadioButton(tr("Start a program"), this);
    m_urlChoice = new QRadioButton(tr("Reach a URL"), this);
    m_commandChoice->setChecked(true);
    m_command = new QLineEdit(this);
    m_command->setPlaceholderText(
        QStringLiteral("npx -y @modelcontextprotocol/server-filesystem ~/Documents"));
    m_url = new QLineEdit(this);
    m_url->setPlaceholderText(QStringLiteral("https://example.com/mcp"));
    m_env = new QPlainTextEdit(this);
    m_env->setPlaceholderText(tr("NAME=value, one a line; ${VAR} takes it from Attache's "
                                 "environment"));
    m_env->setMaximumHeight(80);
    m_error = newErrorLabel(this);

    auto *form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(m_commandChoice, m_command);
    form->addRow(m_urlChoice, m_url);
    form->addRow(tr("Environment"), m_env);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (apply())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_commandChoice, &QRadioButton::toggled, this, &McpServerDialog::updateChoice);
    updateChoice();
    resize(560, sizeHint().height());
}

void McpServerDialog::updateChoice()
{
    const bool command = m_commandChoice->isChecked();
    m_command->setEnabled(command);
    m_env->setEnabled(command);
    m_url->setEnabled(!command);
}

bool McpServerDialog::apply()
{
    McpServerConfig config;
    config.name = m_name->text().trimmed();
    if (m_commandChoice->isChecked()) {
        const QStringList words = splitCommandLine(m_command->text());
        if (words.isEmpty()) {
            m_error->setText(tr("Type the command that starts the server."));
            m_error->show();
            return false;
        }
        config.transport = McpServerConfig::Transport::Stdio;
        config.command = words.first();
        config.args = words.mid(1);
        for (const QString &line : m_env->toPlainText().split(QLatin1Char('\n'))) {
            const qsizetype equals = line.indexOf(QLatin1Char('='));
            if (equals > 0)
                config.env.insert(line.left(equals).trimmed(), line.mid(equals + 1).trimmed());
        }
    } else {
        config.transport = McpServerConfig::Transport::Http;
        config.url = m_url->text().trimmed();
    }
    const Status added = m_manager.addServer(config);
    if (!added) {
        m_error->setText(added.error().message);
        m_error->show();
        return false;
    }
    return true;
}
