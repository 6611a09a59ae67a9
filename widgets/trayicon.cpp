// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "trayicon.h"

#include "engine.h"
#include "guilog.h"
#include "tools/permissionbroker.h"

#include <QAction>
#include <QMenu>
#include <QWidget>

namespace {

constexpr int MessageMs = 8000;
constexpr int ExcerptChars = 160;

QString excerpt(const QString &text)
{
    const QString flat = text.simplified();
    return flat.size() <= ExcerptChars ? flat : flat.left(ExcerptChars - 1) + QChar(0x2026);
}

} // namespace

TrayIcon::TrayIcon(Engine &engine, QWidget *window, const Actions &actions, const QString &clientId,
                   QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_window(window)
    , m_clientId(clientId)
    , m_menu(std::make_unique<QMenu>())
    , m_pauseServer(actions.pauseServer)
{
    m_tray.setIcon(appIcon());
    for (QAction *action : { actions.show, actions.newChat }) {
        if (action)
            m_menu->addAction(action);
    }
    m_menu->addSeparator();
    if (actions.pauseServer)
        m_menu->addAction(actions.pauseServer);
    m_menu->addSeparator();
    if (actions.quit)
        m_menu->addAction(actions.quit);
    m_tray.setContextMenu(m_menu.get());
    updateToolTip();
    if (m_pauseServer)
        connect(m_pauseServer, &QAction::toggled, this, &TrayIcon::updateToolTip);

    connect(&m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason why) {
                if (why == QSystemTrayIcon::Trigger || why == QSystemTrayIcon::DoubleClick)
                    Q_EMIT activated();
            });
    connect(&m_tray, &QSystemTrayIcon::messageClicked, this, &TrayIcon::messageClicked);
    connect(&engine.notifications(), &NotificationCenter::posted, this, &TrayIcon::onNotification);
    connect(&engine.tools().permissions(), &PermissionBroker::requested, this,
            &TrayIcon::onPermissionRequested);
    connect(&engine, &Engine::runFinished, this, &TrayIcon::onRunFinished);
}

TrayIcon::~TrayIcon() = default;

QIcon TrayIcon::appIcon()
{
    return QIcon(QStringLiteral(":/attache/icons/attache.svg"));
}

void TrayIcon::show()
{
    m_tray.show();
}

bool TrayIcon::isVisible() const
{
    return m_tray.isVisible();
}

void TrayIcon::showMessage(const QString &title, const QString &message)
{
    m_tray.showMessage(title, message, appIcon(), MessageMs);
    Q_EMIT messageShown(title, message);
}

bool TrayIcon::windowOnScreen() const
{
    return m_window && m_window->isVisible() && !m_window->isMinimized();
}

void TrayIcon::notify(const QString &title, const QString &message)
{
    if (windowOnScreen())
        return;
    qCDebug(lcGui, "tray message: %s", qUtf8Printable(title));
    showMessage(title, message);
}

void TrayIcon::onNotification(const Notification &notification)
{
    if (notification.from == m_clientId
        || (!notification.to.isEmpty() && notification.to != m_clientId))
        return;
    QString title = tr("Attache");
    if (notification.kind == QLatin1String("question"))
        title = tr("Attache asks");
    else if (notification.kind == QLatin1String("suggestion"))
        title = tr("Attache suggests");
    notify(title, excerpt(notification.message));
}

void TrayIcon::onPermissionRequested(const PermissionRequest &request)
{
    notify(tr("Permission needed"),
           tr("The model wants to use %1. Click to answer.").arg(request.tool));
}

void TrayIcon::onRunFinished(Run *run)
{
    // The replies the window shows: its own, and those of other clients in its session.
    if (run->spec().clientId != QLatin1String("gui")
        && run->sessionId() != m_engine.currentSessionId())
        return;
    if (run->createdAt().msecsTo(QDateTime::currentDateTimeUtc()) < m_longRunMs)
        return;
    if (run->state() == Run::State::Done)
        notify(tr("Reply ready"), excerpt(run->reply()));
    else if (run->state() == Run::State::Failed)
        notify(tr("The reply failed"), excerpt(run->error() ? run->error()->message : QString()));
}

void TrayIcon::updateToolTip()
{
    const bool paused = m_pauseServer && m_pauseServer->isChecked();
    m_tray.setToolTip(paused ? tr("Attache — server paused") : tr("Attache"));
}
