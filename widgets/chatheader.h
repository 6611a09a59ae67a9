// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class Engine;
class QComboBox;
class QLabel;
class QToolButton;

/** Over the conversation: its title, the model it talks to, and its own settings. */
class ChatHeader : public QWidget
{
    Q_OBJECT
public:
    explicit ChatHeader(Engine &engine, QWidget *parent = nullptr);

    QLabel *title() const { return m_title; }
    QComboBox *modelPicker() const { return m_models; }
    QToolButton *settingsButton() const { return m_settings; }
    /** Opens the chat's settings; what is accepted is kept with the session. */
    void editSettings();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateTitle();
    void updateModels();

    Engine &m_engine;
    QLabel *m_title = nullptr;
    QComboBox *m_models = nullptr;
    QToolButton *m_settings = nullptr;
    bool m_filling = false;
};
