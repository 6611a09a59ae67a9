// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class Engine;
struct ModelList;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

/** The provider and model in use, key entry and a connection test. */
class ProviderPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ProviderPanel(Engine &engine, QWidget *parent = nullptr);

    QComboBox *providerCombo() const { return m_providerCombo; }
    QComboBox *modelCombo() const { return m_modelCombo; }
    QLineEdit *keyEdit() const { return m_keyEdit; }
    QPushButton *saveKeyButton() const { return m_saveKeyButton; }
    QPushButton *testButton() const { return m_testButton; }
    /** Shown when the model list is the catalog's, not the provider's. */
    QLabel *modelWarning() const { return m_modelWarning; }
    QLabel *testResult() const { return m_testResult; }
    bool isLoadingModels() const { return m_loadingModels; }

    /** Re-reads the providers and asks the current one for its models. */
    void reload();
    void saveKey();
    void testConnection();

private:
    void fillProviders();
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
    QLineEdit *m_keyEdit = nullptr;
    QPushButton *m_saveKeyButton = nullptr;
    QPushButton *m_testButton = nullptr;
    QLabel *m_testResult = nullptr;
    QString m_shownProvider; // whose models the model combo holds (or is loading)
    int m_modelRequest = 0; // a newer request makes older answers stale
    int m_testRequest = 0;
    bool m_loadingModels = false;
};
