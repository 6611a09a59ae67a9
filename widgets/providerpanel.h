// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/localservers.h"

#include <QWidget>

class Engine;
class LocalServerFinder;
class ProviderKeySection;
class QNetworkAccessManager;
struct ModelList;
struct ProviderEntry;
class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;

/**
 * The provider and model in use, the server a provider talks to, its key (ProviderKeySection),
 * a connection test, and a search for a model server of the user's own.
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
    ProviderKeySection *keySection() const { return m_keys; }
    QLineEdit *keyEdit() const;
    QPushButton *saveKeyButton() const;
    QPushButton *forgetKeyButton() const;
    /** Where the selected provider's key comes from. */
    QLabel *keyStatus() const;
    /** Shown when keys cannot go to the secret store: why, and the way out. */
    QFrame *storeFallback() const;
    QLabel *storeFallbackText() const;
    QPushButton *storeInConfigButton() const;
    /** What the last save or forget did. */
    QLabel *keyResult() const;
    QPushButton *findServerButton() const { return m_findServerButton; }
    QLabel *findServerResult() const { return m_findServerResult; }
    QPushButton *testButton() const { return m_testButton; }
    /** Shown when the model list is the catalog's, not the provider's. */
    QLabel *modelWarning() const { return m_modelWarning; }
    QLabel *testResult() const { return m_testResult; }
    bool isLoadingModels() const { return m_loadingModels; }
    bool isSavingKey() const;
    bool isFindingServer() const { return m_finding; }

    /** Re-reads the providers and asks the current one for its models. */
    void reload();
    void saveKey();
    /** Keeps the typed key (or this run's) in the config file: the user's explicit choice. */
    void storeKeyInConfigFile();
    void forgetKey();
    void applyBaseUrl();
    void testConnection();
    /** "Add an API key": the key field of the provider chosen in the list, focused. */
    void focusKey();
    /** "Use a local server": looks for Ollama, llama.cpp and LM Studio on their default ports
     * and sets up the first that answers. */
    void findLocalServer();
    /** Where findLocalServer() looks (tests point it at a server of their own). */
    void setLocalServerCandidates(const QList<LocalServerFinder::Candidate> &candidates);

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
    /** Says so when the model in use is not one the server lists. */
    void checkModelListed(const ModelList &list);

    Engine &m_engine;
    QComboBox *m_providerCombo = nullptr;
    QComboBox *m_modelCombo = nullptr;
    QLabel *m_modelWarning = nullptr;
    QLineEdit *m_baseUrlEdit = nullptr;
    QLabel *m_baseUrlNote = nullptr;
    ProviderKeySection *m_keys = nullptr;
    QPushButton *m_findServerButton = nullptr;
    QLabel *m_findServerResult = nullptr;
    QNetworkAccessManager *m_network = nullptr; // made on the first search
    std::optional<QList<LocalServerFinder::Candidate>> m_candidates;
    bool m_finding = false;
    QStringList m_listed; // the models the provider itself listed last
    bool m_unlisted = false; // the warning says the model in use is not among them
    QPushButton *m_testButton = nullptr;
    QLabel *m_testResult = nullptr;
    QString m_shownProvider; // whose models the model combo holds (or is loading)
    QString m_shownState; // connectionState() when they were asked for
    QString m_detailsFor; // whose server URL the field shows
    QString m_baseUrlError; // why the URL typed for m_detailsFor was refused
    int m_modelRequest = 0; // a newer request makes older answers stale
    int m_testRequest = 0;
    bool m_loadingModels = false;
};
