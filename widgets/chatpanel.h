// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "inputhistory.h"
#include "runs/run.h"
#include "transcriptturn.h"

#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class ChatHeader;
class ChatInput;
class Engine;
class FindBar;
class NoticeBar;
class OnboardingPage;
class TranscriptView;

class QAction;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QToolButton;

/**
 * The conversation: a transcript that renders the streaming reply as Markdown (re-rendered at
 * most every RenderIntervalMs, never once per token) with its tool calls, an input with the
 * earlier messages a key away, Send, Stop, Regenerate and the coding tasks. Until a provider
 * can answer, a page saying what Attache needs stands in its place.
 */
class ChatPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ChatPanel(Engine &engine, QWidget *parent = nullptr);

    /** Sends text as the user would; false (with the reason shown) when it cannot be sent. */
    bool send(const QString &text);
    /** Stops the reply that is streaming. */
    void stop();
    /** Asks again for the session's last reply, which it replaces. */
    bool regenerate();
    /** Runs a coding task (one of Engine::codingTaskTypes()) on the text selected in the
     * transcript or, with none selected, on the input's text. */
    bool startCodingTask(const QString &type);
    /** Replaces the transcript with the current session's conversation; while a reply streams,
     * waits until it has finished. */
    void showSession();
    /** Another session became the current one: its conversation, no notice of the one before,
     * the cursor in the message box. */
    void onSessionSwitched();
    /** Puts a stored message of the user back in the box; sending replaces it and what
     * followed. */
    bool editMessage(int turn);
    /** Deletes a stored message (a user message with its reply), after asking. */
    bool deleteMessage(int turn);
    /** Opens a file dialog and attaches the files chosen as "@path" references. */
    void attachFiles();
    void attachPaths(const QStringList &paths);
    /** Ctrl+F: the find bar over the conversation. */
    void find();
    /** The current chat's own settings (system prompt, temperature, maximum tokens). */
    void editChatSettings();
    /** Whether a message is being edited (sending replaces it). */
    bool isEditing() const { return m_editing >= 0; }

    Run *currentRun() const { return m_run; }
    QString transcriptText() const;
    TranscriptView *transcript() const { return m_transcript; }
    QPlainTextEdit *input() const;
    ChatHeader *header() const { return m_header; }
    NoticeBar *noticeBar() const { return m_notice; }
    FindBar *findBar() const { return m_find; }
    QToolButton *attachButton() const { return m_attachButton; }
    QPushButton *sendButton() const { return m_sendButton; }
    QPushButton *stopButton() const { return m_stopButton; }
    QToolButton *regenerateButton() const { return m_regenerateButton; }
    QToolButton *codingTaskButton() const { return m_taskButton; }
    QAction *codingTaskAction(const QString &type) const { return m_taskActions.value(type); }
    OnboardingPage *onboardingPage() const { return m_onboarding; }
    /** Whether the page on show is the one explaining what Attache needs. */
    bool isOnboarding() const;

    static constexpr int RenderIntervalMs = 40;
    static QString codingTaskLabel(const QString &type);

Q_SIGNALS:
    void replyFinished(const QString &state);
    /** The user wants to set up a provider: with a key, or a server of their own. */
    void apiKeyRequested();
    void localServerRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Shown
    {
        QPointer<Run> run;
        QString who;
        QString message;
        bool showMessage = true; // false: the message is on screen already
    };
    QWidget *buildChatPage();
    QMenu *buildTaskMenu();
    /** Shows a run in the transcript now, or after the one streaming (turns never interleave). */
    void display(const Shown &shown);
    void begin(const Shown &shown);
    QString whoStarted(Run *run) const;
    void onRunCreated(Run *run);
    void onRunEvent(const RunEvent &event);
    void onRunFinished();
    void renderReply();
    /** The finished reply and its message get what the store knows: their place, stats and
     * variants, so their actions work. */
    void attachStored(int replyTurn);
    void onAnyRunFinished(Run *run);
    void onAction(int turn, int action);
    void cancelEdit();
    void showError(const EngineError &error, const QString &providerId);
    void showNotice(const QString &html, bool isError);
    void updateButtons();
    void updateSetup();
    bool canRegenerate() const;

    Engine &m_engine;
    QStackedWidget *m_pages = nullptr;
    OnboardingPage *m_onboarding = nullptr;
    QWidget *m_chatPage = nullptr;
    TranscriptView *m_transcript = nullptr;
    ChatHeader *m_header = nullptr;
    ChatInput *m_input = nullptr;
    FindBar *m_find = nullptr;
    QToolButton *m_attachButton = nullptr;
    QPushButton *m_sendButton = nullptr;
    QPushButton *m_stopButton = nullptr;
    QToolButton *m_regenerateButton = nullptr;
    QToolButton *m_taskButton = nullptr;
    QMenu *m_taskMenu = nullptr;
    QHash<QString, QAction *> m_taskActions;
    NoticeBar *m_notice = nullptr;
    int m_editing = -1; // the session message being edited, or -1
    QPointer<Run> m_run;
    QList<Shown> m_waiting; // runs of this session waiting their turn on screen
    QTimer m_renderTimer;
    TurnBuilder m_builder; // the streaming reply's tool calls
    int m_replyTurn = -1; // the streaming reply's turn in the transcript
    qsizetype m_renderedLength = -1;
    bool m_toolsChanged = false;
    bool m_sessionPending = false; // showSession() waits for the streaming reply
    InputHistory m_history;
};
