// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "settingsdialog.h"

#include "settings.h"
#include "tokenreset.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

namespace {

constexpr int PreviousTextRole = Qt::UserRole + 1; // an origin's text before an edit

QLabel *noteLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    QFont small = label->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    label->setFont(small);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

SettingsDialog::SettingsDialog(Settings &settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
{
    setWindowTitle(tr("Settings"));
    setObjectName(QStringLiteral("settingsDialog"));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createServerGroup());
    layout->addWidget(createAppearanceGroup());
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    load();
    resize(sizeHint().expandedTo(QSize(520, 0)));
    growToFit();
}

QWidget *SettingsDialog::createServerGroup()
{
    auto *group = new QGroupBox(tr("Local server"), this);

    m_port = new QSpinBox(group);
    m_port->setRange(1024, 65535);
    m_port->setGroupSeparatorShown(false);
    m_port->setToolTip(tr("Taken by another program, the next free port is used"));
    auto *portRow = new QHBoxLayout;
    portRow->addWidget(m_port);
    m_portNote = noteLabel(tr("Applies on the next start."), group);
    portRow->addWidget(m_portNote, 1);

    m_origins = new QListWidget(group);
    m_origins->setEditTriggers(QAbstractItemView::DoubleClicked
                               | QAbstractItemView::EditKeyPressed);
    m_origins->setToolTip(tr("Web pages from these origins may use Attache (with the token). "
                             "Editors and scripts send no origin and need no entry."));
    m_origins->setFixedHeight(m_origins->fontMetrics().height() * 5);
    m_originEdit = new QLineEdit(group);
    m_originEdit->setPlaceholderText(tr("e.g. http://localhost:3000"));
    m_addOrigin = new QPushButton(tr("Add"), group);
    m_removeOrigin = new QPushButton(tr("Remove"), group);
    m_removeOrigin->setEnabled(false);
    auto *originRow = new QHBoxLayout;
    originRow->addWidget(m_originEdit, 1);
    originRow->addWidget(m_addOrigin);
    originRow->addWidget(m_removeOrigin);
    m_originMessage = new QLabel(group);
    m_originMessage->setObjectName(QStringLiteral("originMessage"));
    m_originMessage->setWordWrap(true);
    m_originMessage->setStyleSheet(QStringLiteral("color: #da4453;")); // readable on light and dark
    m_originMessage->hide();
    auto *originBox = new QVBoxLayout;
    originBox->addWidget(m_origins);
    originBox->addLayout(originRow);
    originBox->addWidget(m_originMessage);
    originBox->addWidget(noteLabel(tr("\"*\" at the end matches the rest, as in "
                                      "vscode-webview://*. Applies at once."),
                                   group));

    m_resetToken = new QPushButton(tr("Reset token…"), group);
    m_resetToken->setToolTip(tr("Make a new token; every attached client must reconnect"));
    m_tokenMessage = new QLabel(group);
    m_tokenMessage->setWordWrap(true);
    m_tokenMessage->hide();
    auto *tokenBox = new QVBoxLayout;
    tokenBox->addWidget(m_resetToken, 0, Qt::AlignLeft);
    tokenBox->addWidget(m_tokenMessage);

    auto *form = new QFormLayout(group);
    form->addRow(tr("&Port:"), portRow);
    form->addRow(tr("Allowed &origins:"), originBox);
    form->addRow(tr("Token:"), tokenBox);
    static_cast<QLabel *>(form->labelForField(portRow))->setBuddy(m_port);
    static_cast<QLabel *>(form->labelForField(originBox))->setBuddy(m_origins);

    connect(m_addOrigin, &QPushButton::clicked, this, [this] {
        if (addOrigin(m_originEdit->text()))
            m_originEdit->clear();
    });
    connect(m_originEdit, &QLineEdit::returnPressed, m_addOrigin, &QPushButton::click);
    connect(m_originEdit, &QLineEdit::textChanged, this, [this] { showOriginMessage({}); });
    connect(m_removeOrigin, &QPushButton::clicked, this, [this] {
        delete m_origins->currentItem();
        showOriginMessage({});
    });
    connect(m_origins, &QListWidget::currentItemChanged, this,
            [this](QListWidgetItem *current) { m_removeOrigin->setEnabled(current != nullptr); });
    connect(m_origins, &QListWidget::itemChanged, this, &SettingsDialog::onOriginEdited);
    connect(m_resetToken, &QPushButton::clicked, this, [this] {
        if (confirmTokenReset(this))
            Q_EMIT resetTokenRequested();
    });
    return group;
}

QWidget *SettingsDialog::createAppearanceGroup()
{
    auto *group = new QGroupBox(tr("Desktop"), this);
    m_closeToTray =
        new QCheckBox(tr("Keep running in the system tray when the window closes"), group);
    m_language = new QComboBox(group);
    m_language->addItem(tr("System default"), QString());
    // Each language in its own name, so a user lost in a foreign one finds theirs.
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->addItem(QStringLiteral("Français"), QStringLiteral("fr"));
    m_theme = new QComboBox(group);
    m_theme->addItem(tr("System"), QStringLiteral("system"));
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->addItem(tr("Dark"), QStringLiteral("dark"));
    m_restartNote = noteLabel(tr("Attache uses the new language after a restart."), group);
    m_restartNote->setObjectName(QStringLiteral("restartNote"));
    m_restartNote->hide();

    auto *form = new QFormLayout(group);
    form->addRow(m_closeToTray);
    form->addRow(tr("&Language:"), m_language);
    form->addRow(QString(), m_restartNote);
    form->addRow(tr("&Theme:"), m_theme);
    static_cast<QLabel *>(form->labelForField(m_language))->setBuddy(m_language);
    static_cast<QLabel *>(form->labelForField(m_theme))->setBuddy(m_theme);
    connect(m_language, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateRestartNote);
    return group;
}

void SettingsDialog::setRunningPort(int port)
{
    if (port <= 0)
        return;
    m_shownPort = port;
    m_port->setValue(port);
    m_portNote->setText(port == m_savedPort
                            ? tr("Applies on the next start.")
                            : tr("Attache runs on port %1 now: %2, as set, was taken. A change "
                                 "applies on the next start.")
                                  .arg(port)
                                  .arg(m_savedPort));
}

void SettingsDialog::load()
{
    m_savedPort = m_settings.value(Settings::Port);
    m_port->setValue(m_savedPort);
    m_shownPort = m_savedPort;
    m_origins->clear();
    for (const QString &origin : m_settings.value(Settings::AllowedOrigins)) {
        auto *item = new QListWidgetItem(origin, m_origins);
        item->setData(PreviousTextRole, origin);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
    m_closeToTray->setChecked(m_settings.value(Settings::CloseToTray));
    m_savedLanguage = m_settings.value(Settings::Language);
    const int language = m_language->findData(m_savedLanguage);
    m_language->setCurrentIndex(language < 0 ? 0 : language);
    const int theme = m_theme->findData(m_settings.value(Settings::Theme));
    m_theme->setCurrentIndex(theme < 0 ? 0 : theme);
    updateRestartNote();
}

void SettingsDialog::updateRestartNote()
{
    m_restartNote->setVisible(m_language->currentData().toString() != m_savedLanguage);
    growToFit();
}

QString SettingsDialog::originProblem(const QString &origin, const QStringList &others)
{
    const QString o = origin.trimmed().toLower();
    if (o.isEmpty())
        return tr("Enter an origin, such as vscode-webview://* or http://localhost:3000.");
    if (o == QLatin1String("null"))
        return tr("\"null\" is never allowed: sandboxed pages and local files send it, so any "
                  "page could pass as one.");
    if (o.count(QLatin1Char('*')) == o.size())
        return tr("A bare \"*\" would let every web page use Attache; name the origins you "
                  "trust instead.");
    static const QRegularExpression shape(
        QStringLiteral("^([a-z][a-z0-9+.-]*)://([^/?#\\s*]*)(\\*?)$"));
    const QRegularExpressionMatch match = shape.match(o);
    if (!match.hasMatch())
        return tr("\"%1\" is not an origin: write a scheme and a host with no path, such as "
                  "http://localhost:3000; only the end may be \"*\".")
            .arg(origin.trimmed());
    const QString scheme = match.captured(1);
    const QString host = match.captured(2);
    const bool wildcard = !match.captured(3).isEmpty();
    const bool web = scheme == QLatin1String("http") || scheme == QLatin1String("https");
    if (web && wildcard && (host.size() < 2 || !host.endsWith(QLatin1Char(':'))))
        return tr("\"%1\" would let other web sites in: a web origin may leave only its port "
                  "open, as in http://localhost:*.")
            .arg(origin.trimmed());
    if (!wildcard && host.isEmpty())
        return tr("\"%1\" names no host; write one, such as http://localhost:3000.")
            .arg(origin.trimmed());
    for (const QString &other : others) {
        if (other.trimmed().toLower() == o)
            return tr("\"%1\" is already in the list.").arg(origin.trimmed());
    }
    return {};
}

bool SettingsDialog::addOrigin(const QString &origin)
{
    const QString problem = originProblem(origin, origins());
    if (!problem.isEmpty()) {
        showOriginMessage(problem);
        return false;
    }
    auto *item = new QListWidgetItem(origin.trimmed(), m_origins);
    item->setData(PreviousTextRole, origin.trimmed());
    item->setFlags(item->flags() | Qt::ItemIsEditable);
    m_origins->setCurrentItem(item);
    showOriginMessage({});
    return true;
}

void SettingsDialog::onOriginEdited(QListWidgetItem *item)
{
    const QString previous = item->data(PreviousTextRole).toString();
    if (item->text() == previous)
        return;
    QStringList others = origins();
    others.removeAt(m_origins->row(item));
    const QString problem = originProblem(item->text(), others);
    const QSignalBlocker blocker(m_origins);
    if (!problem.isEmpty()) {
        item->setText(previous);
        showOriginMessage(problem);
        return;
    }
    item->setText(item->text().trimmed());
    item->setData(PreviousTextRole, item->text());
    showOriginMessage({});
}

void SettingsDialog::showOriginMessage(const QString &message)
{
    m_originMessage->setText(message);
    m_originMessage->setVisible(!message.isEmpty());
    growToFit();
}

void SettingsDialog::growToFit()
{
    // Wrapped notes need room the form's minimum does not count (it would let rows overlap):
    // once the layout has taken them in, the height they ask for is the least there is.
    QTimer::singleShot(0, this, [this] {
        const int wanted = sizeHint().height();
        setMinimumHeight(wanted);
        if (height() < wanted)
            resize(width(), wanted);
    });
}

QStringList SettingsDialog::origins() const
{
    QStringList list;
    for (int row = 0; row < m_origins->count(); ++row)
        list.append(m_origins->item(row)->text());
    return list;
}

bool SettingsDialog::apply()
{
    // An origin typed but not added yet is what the user means; a bad one stops the dialog.
    if (!m_originEdit->text().trimmed().isEmpty()) {
        if (!addOrigin(m_originEdit->text()))
            return false;
        m_originEdit->clear();
    }
    // Written when changed: OK never turns the port Attache happens to run on into a setting.
    if (m_port->value() != m_shownPort)
        m_settings.setValue(Settings::Port, m_port->value());
    m_settings.setValue(Settings::AllowedOrigins, origins());
    m_settings.setValue(Settings::CloseToTray, m_closeToTray->isChecked());
    m_settings.setValue(Settings::Language, m_language->currentData().toString());
    m_settings.setValue(Settings::Theme, m_theme->currentData().toString());
    if (!m_settings.sync()) {
        auto *box = new QMessageBox(
            QMessageBox::Warning, tr("Cannot save the settings"),
            tr("Could not write %1. Check that the folder exists and is writable, then try "
               "again.")
                .arg(m_settings.fileName()),
            QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return false;
    }
    Q_EMIT settingsChanged();
    return true;
}

void SettingsDialog::accept()
{
    if (apply())
        QDialog::accept();
}

void SettingsDialog::showTokenReset()
{
    m_tokenMessage->setText(tr("Token reset; attached clients must reconnect with the new "
                               "token from the discovery file."));
    m_tokenMessage->show();
    growToFit();
}
