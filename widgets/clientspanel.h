// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QUrl>
#include <QWidget>

class ClientsModel;
class Engine;
class QLabel;
class QPushButton;
class QTableView;

/**
 * Who is attached (editors, scripts, this window), where they attach, ready-made snippets for
 * connecting one, and the token reset. The server's facts come from outside: the app sets them.
 */
class ClientsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ClientsPanel(Engine &engine, QWidget *parent = nullptr);

    ClientsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLabel *addressLabel() const { return m_address; }
    QLabel *statusLabel() const { return m_status; }
    QPushButton *vscodeButton() const { return m_vscode; }
    QPushButton *curlButton() const { return m_curl; }
    QPushButton *resetTokenButton() const { return m_reset; }

    void setServerAddress(const QUrl &address);
    QUrl serverAddress() const { return m_url; }
    /** The discovery file, where clients read the token. */
    void setDiscoveryFile(const QString &path);

    /** Settings for VS Code naming the server and the discovery file (never the token). */
    QString vscodeSnippet() const;
    /** A chat with curl that reads the token from the discovery file when it runs. */
    QString curlSnippet() const;
    void copyVscodeSnippet();
    void copyCurlSnippet();
    /** Asks for confirmation, then emits resetTokenRequested(). */
    void requestTokenReset();
    /** Tells the user the token has been replaced. */
    void showTokenReset();

Q_SIGNALS:
    void resetTokenRequested();

private:
    void updateServer();
    void copy(const QString &text, const QString &what);

    ClientsModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_address = nullptr;
    QLabel *m_discovery = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_vscode = nullptr;
    QPushButton *m_curl = nullptr;
    QPushButton *m_reset = nullptr;
    QUrl m_url;
    QString m_discoveryPath;
};
