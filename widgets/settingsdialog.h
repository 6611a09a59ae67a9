// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QSpinBox;
class Settings;

/**
 * The settings a user changes by hand: the local server's port and allowed web origins, the
 * token reset, closing to the tray, language and theme. OK writes them to the settings file.
 */
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(Settings &settings, QWidget *parent = nullptr);

    QSpinBox *portSpin() const { return m_port; }
    QListWidget *originList() const { return m_origins; }
    QLineEdit *originEdit() const { return m_originEdit; }
    QPushButton *addOriginButton() const { return m_addOrigin; }
    QPushButton *removeOriginButton() const { return m_removeOrigin; }
    QLabel *originMessage() const { return m_originMessage; }
    QCheckBox *closeToTrayBox() const { return m_closeToTray; }
    QComboBox *languageCombo() const { return m_language; }
    QComboBox *themeCombo() const { return m_theme; }
    QLabel *restartNote() const { return m_restartNote; }
    QPushButton *resetTokenButton() const { return m_resetToken; }
    QLabel *tokenMessage() const { return m_tokenMessage; }
    QDialogButtonBox *buttons() const { return m_buttons; }

    /** Why an origin pattern cannot be allowed, or empty when it can. Case does not matter. */
    static QString originProblem(const QString &origin, const QStringList &others = {});
    /** Adds an origin after checking it; false with the reason shown. */
    bool addOrigin(const QString &origin);
    QStringList origins() const;
    /** Writes every field; false (with a message) when the file cannot be written. */
    bool apply();
    void accept() override;
    /** Tells the user the token has been replaced. */
    void showTokenReset();
    /** The port Attache listens on now (the one asked for may have been taken): shown in the
     * field; the field is written on OK only when the user changed it. */
    void setRunningPort(int port);
    QLabel *portNote() const { return m_portNote; }

Q_SIGNALS:
    /** The settings file holds new values (emitted after OK). */
    void settingsChanged();
    /** The user confirmed a token reset. */
    void resetTokenRequested();

private:
    QWidget *createServerGroup();
    QWidget *createAppearanceGroup();
    void load();
    void showOriginMessage(const QString &message);
    void onOriginEdited(QListWidgetItem *item);
    void updateRestartNote();
    void growToFit();

    Settings &m_settings;
    QSpinBox *m_port = nullptr;
    QListWidget *m_origins = nullptr;
    QLineEdit *m_originEdit = nullptr;
    QPushButton *m_addOrigin = nullptr;
    QPushButton *m_removeOrigin = nullptr;
    QLabel *m_originMessage = nullptr;
    QCheckBox *m_closeToTray = nullptr;
    QComboBox *m_language = nullptr;
    QComboBox *m_theme = nullptr;
    QLabel *m_restartNote = nullptr;
    QPushButton *m_resetToken = nullptr;
    QLabel *m_tokenMessage = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    int m_savedPort = 0;
    int m_shownPort = 0; // what the field showed before the user touched it
    QLabel *m_portNote = nullptr;
    QString m_savedLanguage;
};
