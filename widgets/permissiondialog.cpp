// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "permissiondialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

PermissionDialog::PermissionDialog(PermissionBroker &broker, const PermissionRequest &request, QWidget *parent)
    : QDialog(parent)
    , m_broker(broker)
    , m_request(request)
{
    setWindowTitle(tr("Allow %1?").arg(request.tool));
    setAttribute(Qt::WA_DeleteOnClose);
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("The assistant wants to run <b>%1</b>. Nothing happens until you answer.")
                                     .arg(request.tool.toHtmlEscaped()),
                             this);
    title->setWordWrap(true);
    layout->addWidget(title);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    // The full arguments, never shortened: the user approves exactly what will run.
    auto *arguments = new QPlainTextEdit(QString::fromUtf8(QJsonDocument(request.arguments).toJson(QJsonDocument::Indented)), this);
    arguments->setObjectName(QStringLiteral("arguments"));
    arguments->setReadOnly(true);
    arguments->setFont(mono);
    layout->addWidget(new QLabel(tr("Arguments"), this));
    layout->addWidget(arguments, 1);
    if (!request.preview.isEmpty()) {
        auto *diff = new QPlainTextEdit(request.preview, this);
        diff->setObjectName(QStringLiteral("diff"));
        diff->setReadOnly(true);
        diff->setFont(mono);
        layout->addWidget(new QLabel(tr("Changes"), this));
        layout->addWidget(diff, 2);
    }

    auto *buttons = new QDialogButtonBox(this);
    m_once = buttons->addButton(tr("Allow once"), QDialogButtonBox::AcceptRole);
    m_session = buttons->addButton(tr("Allow for this session"), QDialogButtonBox::AcceptRole);
    m_always = buttons->addButton(tr("Always allow %1").arg(request.tool), QDialogButtonBox::AcceptRole);
    m_deny = buttons->addButton(tr("Deny"), QDialogButtonBox::RejectRole);
    m_deny->setDefault(true); // Enter never approves by accident
    layout->addWidget(buttons);
    connect(m_once, &QPushButton::clicked, this, [this] { answer(true, PermissionBroker::Scope::Once); });
    connect(m_session, &QPushButton::clicked, this, [this] { answer(true, PermissionBroker::Scope::Session); });
    connect(m_always, &QPushButton::clicked, this, [this] { answer(true, PermissionBroker::Scope::Always); });
    connect(m_deny, &QPushButton::clicked, this, [this] { answer(false, PermissionBroker::Scope::Once); });
    // Answered elsewhere (an editor, a timeout, a cancel): nothing left to ask.
    connect(&broker, &PermissionBroker::resolved, this, [this](const PermissionRequest &resolved) {
        if (resolved.id == m_request.id)
            close();
    });
    resize(640, request.preview.isEmpty() ? 320 : 520);
}

void PermissionDialog::answer(bool allow, PermissionBroker::Scope scope)
{
    m_broker.respond(m_request.id, allow, scope, QStringLiteral("gui"));
    close();
}
