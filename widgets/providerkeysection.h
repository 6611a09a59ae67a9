// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QWidget>

class Engine;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;

/**
 * A provider's API key: where it comes from, saving it to the system's secret store (or, by
 * the user's explicit choice, to the config file when the store cannot keep it) and forgetting
 * it.
 */
class ProviderKeySection : public QWidget
{
    Q_OBJECT
public:
    explicit ProviderKeySection(Engine &engine, QWidget *parent = nullptr);

    /** Whose key the section shows and saves. */
    void setProvider(const QString &providerId);
    QString provider() const { return m_provider; }
    /** Shows again where the key comes from (it changed, or the store's availability did). */
    void refresh();

    QLineEdit *keyEdit() const { return m_keyEdit; }
    QPushButton *saveKeyButton() const { return m_saveKeyButton; }
    QPushButton *forgetKeyButton() const { return m_forgetKeyButton; }
    QLabel *keyStatus() const { return m_keyStatus; }
    QFrame *storeFallback() const { return m_storeFallback; }
    QLabel *storeFallbackText() const { return m_storeFallbackText; }
    QPushButton *storeInConfigButton() const { return m_storeInConfigButton; }
    QLabel *keyResult() const { return m_keyResult; }
    bool isSaving() const { return m_saving > 0; }

    void saveKey();
    void storeKeyInConfigFile();
    void forgetKey();

Q_SIGNALS:
    /** A key was saved, stored or forgotten: the provider's models may differ now. */
    void keyChanged(const QString &providerId);

private:
    Engine &m_engine;
    QString m_provider;
    QLineEdit *m_keyEdit = nullptr;
    QPushButton *m_saveKeyButton = nullptr;
    QPushButton *m_forgetKeyButton = nullptr;
    QLabel *m_keyStatus = nullptr;
    QFrame *m_storeFallback = nullptr;
    QLabel *m_storeFallbackText = nullptr;
    QPushButton *m_storeInConfigButton = nullptr;
    QLabel *m_keyResult = nullptr;
    QHash<QString, QString> m_storeProblems; // why a provider's key could not be stored
    int m_saving = 0;
};
