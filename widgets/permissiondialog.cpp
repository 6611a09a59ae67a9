// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "permissiondialog.h"

#include "diffhighlighter.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QVBoxLayout>

namespace {

// An argv as a shell would need it typed, so the user reads exactly what runs.
QString commandLine(const QJsonArray &argv)
{
    QStringList words;
    for (const QJsonValue &value : argv) {
        QString word = value.toString();
        if (word.isEmpty() || word.contains(QRegularExpression(QStringLiteral("[^\\w@%+=:,./-]"))))
            word = QLatin1Char('\'') + word.replace(QLatin1Char('\''), QLatin1String("'\\''"))
                + QLatin1Char('\'');
        words.append(word);
    }
    return words.join(QLatin1Char(' '));
}

} // namespace

PermissionDialog::PermissionDialog(PermissionBroker &broker, const PermissionRequest &request,
                                   QWidget *parent)
    : QDialog(parent)
    , m_broker(broker)
    , m_request(request)
{
    setWindowTitle(tr("Allow %1?").arg(request.tool));
    setAttribute(Qt::WA_DeleteOnClose);
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(headline(), this);
    title->setObjectName(QStringLiteral("headline"));
    title->setWordWrap(true);
    title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(title);

    const QJsonArray argv = request.arguments.value(QLatin1String("argv")).toArray();
    if (request.tool == QLatin1String("run_command") && !argv.isEmpty()) {
        auto *command = new QLabel(QStringLiteral("$ ") + commandLine(argv), this);
        command->setObjectName(QStringLiteral("command"));
        command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        command->setWordWrap(true);
        command->setTextInteractionFlags(Qt::TextSelectableByMouse);
        command->setTextFormat(Qt::PlainText);
        layout->addWidget(command);
    }

    // The full arguments, never shortened: the user approves exactly what will run.
    const QString arguments =
        QString::fromUtf8(QJsonDocument(request.arguments).toJson(QJsonDocument::Indented));
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    if (!request.preview.isEmpty())
        splitter->addWidget(
            section(tr("Changes"), request.preview.translated(), QStringLiteral("diff"), true));
    splitter->addWidget(section(tr("Arguments"), arguments, QStringLiteral("arguments"), false));
    if (splitter->count() == 2)
        splitter->setSizes({ 380, 140 });
    layout->addWidget(splitter, 1);

    m_countdown = new QLabel(this);
    m_countdown->setObjectName(QStringLiteral("countdown"));
    m_countdown->setWordWrap(true);
    layout->addWidget(m_countdown);

    auto *buttons = new QDialogButtonBox(this);
    m_once = buttons->addButton(tr("Allow once"), QDialogButtonBox::AcceptRole);
    m_session = buttons->addButton(tr("Allow for this session"), QDialogButtonBox::AcceptRole);
    m_session->setToolTip(tr("Allow %1 without asking until Attache quits").arg(request.tool));
    m_always =
        buttons->addButton(tr("Always allow %1").arg(request.tool), QDialogButtonBox::AcceptRole);
    m_always->setToolTip(
        tr("Never ask again for %1; change it back in the tool settings").arg(request.tool));
    m_deny = buttons->addButton(tr("Deny"), QDialogButtonBox::RejectRole);
    m_deny->setDefault(true); // Enter never approves by accident
    layout->addWidget(buttons);
    connect(m_once, &QPushButton::clicked, this,
            [this] { answer(true, PermissionBroker::Scope::Once); });
    connect(m_session, &QPushButton::clicked, this,
            [this] { answer(true, PermissionBroker::Scope::Session); });
    connect(m_always, &QPushButton::clicked, this,
            [this] { answer(true, PermissionBroker::Scope::Always); });
    connect(m_deny, &QPushButton::clicked, this,
            [this] { answer(false, PermissionBroker::Scope::Once); });
    // Answered elsewhere (an editor, a timeout, a cancel): nothing left to ask.
    connect(&broker, &PermissionBroker::resolved, this, [this](const PermissionRequest &resolved) {
        if (resolved.id != m_request.id)
            return;
        const bool answeredHere = m_settled;
        m_settled = true;
        if (!answeredHere)
            close();
    });
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &PermissionDialog::updateCountdown);
    m_tick.start();
    updateCountdown();
    resize(680, request.preview.isEmpty() ? 360 : 600);
}

QString PermissionDialog::headline() const
{
    const QString path =
        m_request.arguments.value(QLatin1String("path")).toString().toHtmlEscaped();
    QString what;
    if (m_request.tool == QLatin1String("write_file") && !path.isEmpty()) {
        const DiffHighlighter::Counts counts = DiffHighlighter::count(m_request.preview.diff);
        const bool creates = m_request.preview.diff.startsWith(QLatin1String("--- /dev/null"));
        what = (creates ? tr("The assistant wants to create <b>%1</b> (+%2 lines).")
                        : tr("The assistant wants to change <b>%1</b> (+%2 −%3 lines)."))
                   .arg(path)
                   .arg(counts.added);
        if (!creates)
            what = what.arg(counts.removed);
    } else if (m_request.tool == QLatin1String("run_command")) {
        what = tr("The assistant wants to run a command in the working directory.");
    } else if (!m_request.source.isEmpty()) {
        what = tr("The assistant wants to run <b>%1</b> from the MCP server <b>%2</b>.")
                   .arg(m_request.tool.toHtmlEscaped(), m_request.source.toHtmlEscaped());
        // The server's own hints: shown, never a reason not to ask.
        const auto hint = [this](const char *key) {
            return m_request.annotations.value(QLatin1String(key));
        };
        QStringList words;
        if (hint("readOnlyHint").toBool(false))
            words << tr("read-only");
        if (hint("destructiveHint").isBool())
            words << (hint("destructiveHint").toBool() ? tr("destructive") : tr("not destructive"));
        if (hint("idempotentHint").toBool(false))
            words << tr("idempotent");
        if (hint("openWorldHint").toBool(false))
            words << tr("reaches the outside world");
        if (!words.isEmpty())
            what += QLatin1Char(' ')
                + tr("The server says the tool is %1; Attache asks all the same.")
                      .arg(words.join(QLatin1String(", ")).toHtmlEscaped());
    } else {
        what = tr("The assistant wants to run <b>%1</b>.").arg(m_request.tool.toHtmlEscaped());
    }
    return tr("%1 Nothing happens until you answer.").arg(what);
}

QWidget *PermissionDialog::section(const QString &title, const QString &text, const QString &name,
                                   bool diff)
{
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *edit = new QPlainTextEdit(text, box);
    edit->setObjectName(name);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    if (diff)
        new DiffHighlighter(edit->document(), palette().color(QPalette::Base).lightness() < 128);
    auto *label = new QLabel(title, box);
    label->setBuddy(edit);
    layout->addWidget(label);
    layout->addWidget(edit, 1);
    return box;
}

void PermissionDialog::updateCountdown()
{
    if (m_request.timeoutMs <= 0 || !m_request.at.isValid()) {
        m_countdown->hide();
        return;
    }
    const qint64 msLeft =
        QDateTime::currentDateTimeUtc().msecsTo(m_request.at.addMSecs(m_request.timeoutMs));
    const qint64 left = std::max<qint64>(0, (msLeft + 999) / 1000);
    m_countdown->setText(tr("Denied automatically in %1:%2 if nobody answers.")
                             .arg(left / 60)
                             .arg(left % 60, 2, 10, QLatin1Char('0')));
}

void PermissionDialog::answer(bool allow, PermissionBroker::Scope scope)
{
    m_settled = true;
    m_broker.respond(m_request.id, allow, scope, QStringLiteral("gui"));
    close();
}

void PermissionDialog::reject()
{
    // Esc or the title bar's close: a No, so the reply does not wait for a question nobody sees.
    if (!m_settled) {
        m_settled = true;
        m_broker.respond(m_request.id, false, PermissionBroker::Scope::Once, QStringLiteral("gui"));
    }
    QDialog::reject();
}
