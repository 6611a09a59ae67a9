// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientspanel.h"

#include "clientsmodel.h"
#include "engine.h"
#include "tokenreset.h"

#include <QClipboard>
#include <QDir>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace {

/** A word for a POSIX shell: single-quoted, a quote inside written as '\''. */
QString shellQuoted(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace

ClientsPanel::ClientsPanel(Engine &engine, QWidget *parent)
    : QWidget(parent)
{
    m_model = new ClientsModel(engine.presence(), this);
    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setShowGrid(false);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(ClientsModel::KindColumn,
                                                     QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(ClientsModel::NameColumn,
                                                     QHeaderView::Stretch);
    m_view->horizontalHeader()->setSectionResizeMode(ClientsModel::SinceColumn,
                                                     QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);

    m_address = new QLabel(this);
    m_address->setWordWrap(true);
    m_address->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_discovery = new QLabel(this);
    m_discovery->setWordWrap(true);
    m_discovery->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_vscode = new QPushButton(tr("Copy VS Code snippet"), this);
    m_vscode->setToolTip(tr("Settings for VS Code naming this server and where its token is"));
    m_curl = new QPushButton(tr("Copy curl snippet"), this);
    m_curl->setToolTip(tr("A chat from a terminal; the token is read from the discovery file "
                          "when the command runs"));
    m_reset = new QPushButton(tr("Reset token…"), this);
    m_reset->setToolTip(tr("Make a new token; every attached client must reconnect"));

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("clientsStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();

    auto *snippets = new QVBoxLayout; // stacked: the dock stays narrow
    snippets->addWidget(m_vscode);
    snippets->addWidget(m_curl);
    snippets->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    auto *server = new QFormLayout;
    server->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    server->addRow(tr("Address:"), m_address);
    server->addRow(tr("Token file:"), m_discovery);
    layout->addWidget(m_view, 1);
    layout->addLayout(server);
    layout->addLayout(snippets);
    layout->addWidget(m_reset, 0, Qt::AlignLeft);
    layout->addWidget(m_status);

    connect(m_vscode, &QPushButton::clicked, this, &ClientsPanel::copyVscodeSnippet);
    connect(m_curl, &QPushButton::clicked, this, &ClientsPanel::copyCurlSnippet);
    connect(m_reset, &QPushButton::clicked, this, &ClientsPanel::requestTokenReset);
    updateServer();
}

void ClientsPanel::setServerAddress(const QUrl &address)
{
    m_url = address;
    updateServer();
}

void ClientsPanel::setDiscoveryFile(const QString &path)
{
    m_discoveryPath = path;
    updateServer();
}

void ClientsPanel::updateServer()
{
    const bool known = m_url.isValid() && !m_url.isEmpty();
    m_address->setText(known ? m_url.toString()
                             : tr("The local server is not running: nothing can attach."));
    m_address->setToolTip(tr("Where editors and scripts attach"));
    m_discovery->setText(m_discoveryPath.isEmpty() ? tr("(none)")
                                                   : QDir::toNativeSeparators(m_discoveryPath));
    m_discovery->setToolTip(tr("Clients read the token from this file, readable by you alone; "
                               "the token changes at every start"));
    m_vscode->setEnabled(known && !m_discoveryPath.isEmpty());
    m_curl->setEnabled(known && !m_discoveryPath.isEmpty());
    m_reset->setEnabled(known);
}

QString ClientsPanel::vscodeSnippet() const
{
    const QJsonObject settings { { QStringLiteral("attache.serverUrl"), m_url.toString() },
                                 { QStringLiteral("attache.discoveryFile"), m_discoveryPath } };
    QByteArray json = QJsonDocument(settings).toJson(QJsonDocument::Indented);
    // The properties alone, ready to paste inside the braces of settings.json.
    json = json.trimmed();
    json = json.mid(1, json.size() - 2).trimmed();
    return tr("// Attache: the token is read from the discovery file; it changes at every start.")
        + QLatin1Char('\n') + QString::fromUtf8(json) + QLatin1Char('\n');
}

QString ClientsPanel::curlSnippet() const
{
    QUrl chat = m_url;
    chat.setPath(QStringLiteral("/chat"));
    return QStringLiteral("curl -N -H \"Authorization: Bearer $(jq -r .token %1)\" \\\n"
                          "     -H 'Content-Type: application/json' -H 'X-Attache-Client: cli' \\\n"
                          "     -d '{\"message\":\"hi\"}' %2\n")
        .arg(shellQuoted(m_discoveryPath), shellQuoted(chat.toString()));
}

void ClientsPanel::copy(const QString &text, const QString &what)
{
    QGuiApplication::clipboard()->setText(text);
    m_status->setText(what);
    m_status->show();
}

void ClientsPanel::copyVscodeSnippet()
{
    copy(vscodeSnippet(), tr("Copied settings for VS Code: paste them into settings.json."));
}

void ClientsPanel::copyCurlSnippet()
{
    copy(curlSnippet(), tr("Copied a curl command: paste it into a terminal (it needs jq)."));
}

void ClientsPanel::requestTokenReset()
{
    if (confirmTokenReset(this))
        Q_EMIT resetTokenRequested();
}

void ClientsPanel::showTokenReset()
{
    m_status->setText(tr("Token reset; attached clients must reconnect with the new token from %1.")
                          .arg(QDir::toNativeSeparators(m_discoveryPath)));
    m_status->show();
}
