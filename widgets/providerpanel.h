// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QWidget>

class Engine;
struct ModelList;
struct ProviderEntry;
class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;

/**
 * The provider and model in use, the server a provider talks to, its key (where it comes from;
 * saving it to the system's secret store, or by explicit choice to the config file; forgetting
 * it) and a connection test.
 */
class ProviderPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ProviderPanel(Engine &engine, QWidget *parent = nullptr);

    QComboBox *providerCombo() const { return m_providerCombo; }
    QComboBox *modelCombo() const { return m_modelCombo; }
    QLineEdit *baseUrlEdit() const { return m_baseUrlEdit; }
    /** Says when ATTACHE_<ID>_BASE_URL wins, or why a URL was refused. */
    QLabel *baseUrlNote() const { return m_baseUrlNote; }
    QLineEdit *keyEdit() const { return m_keyEdit; }
    QPushButton *saveKeyButton() const { return m_saveKeyButton; }
    QPushButton *forgetKeyButton() const { return m_forgetKeyButton; }
    /** Where the selected provider's key comes from. */
    QLabel *keyStatus() const { return m_keyStatus; }
    /** Shown when keys cannot go to the secret store: why, and the way out. */
    QFrame *storeFallback() const { return m_storeFallback; }
    QLabel *storeFallbackText() const { return m_storeFallbackText; }
    QPushButton *storeInConfigButton() const { return m_storeInConfigButton; }
    /** What the last save or forget did. */
    QLabel *keyResult() const { return m_keyResult; }
    QPushButton *testButton() const { return m_testButton; }
    /** Shown when the model list is the catalog's, not the provider's. */
    QLabel *modelWarning() const { return m_modelWarning; }
    QLabel *testResult() const { return m_testResult; }
    bool isLoadingModels() const { return m_loadingModels; }
    bool isSavingKey() const { return m_savingKeys > 0; }

    /** Re-reads the providers and asks the current one for its models. */
    void reload();
    void saveKey();
    /** Keeps the typed key (or this run's) in the config file: the user's explicit choice. */
    void storeKeyInConfigFile();
    void forgetKey();
    void applyBaseUrl();
    void testConnection();

private:
    void fillProviders();
    /** The key, server and fallback widgets, for the provider selected in the combo. */
    void showSelected();
    QString selectedProvider() const;
    QString keySummary(const QString &providerId) const;
    /** What the current provider's model list depends on: its server and whether it has a key. */
    QString connectionState() const;
    void loadModels();
    void showModels(const ModelList &list);
    void selectModel(const QString &model);
    void onProviderActivated(int index);
    void onModelActivated(int index);
    void setResult(QLabel *label, const QString &text, bool isError);

    Engine &m_engine;
    QComboBox *m_providerCombo = nullptr;
    QComboBox *m_modelCombo = nullptr;
    QLabel *m_modelWarning = nullptr;
    QLineEdit *m_baseUrlEdit = nullptr;
    QLabel *m_baseUrlNote = nullptr;
    QLineEdit *m_keyEdit = nullptr;
    QPushButton *m_saveKeyButton = nullptr;
    QPushButton *m_forgetKeyButton = nullptr;
    QLabel *m_keyStatus = nullptr;
    QFrame *m_storeFallback = nullptr;
    QLabel *m_storeFallbackText = nullptr;
    QPushButton *m_storeInConfigButton = nullptr;
    QLabel *m_keyResult = nullptr;
    QPushButton *m_testButton = nullptr;
    QLabel *m_testResult = nullptr;
    QString m_shownProvider; // whose models the model combo holds (or is loading)
    QString m_shownState; // connectionState() when they were asked for
    QString m_detailsFor; // whose server URL the field shows
    QString m_baseUrlError; // why the URL typed for m_detailsFor was refused
    QHash<QString, QString> m_storeProblems; // why a provider's key could not be stored
    int m_modelRequest = 0; // a newer request makes older answers stale
    int m_testRequest = 0;
    int m_savingKeys = 0;
    bool m_loadingModels = false;
};
