// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "run.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class Engine;

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;

/**
 * The conversation: a transcript that renders the streaming reply as Markdown (re-rendered at
 * most every RenderIntervalMs, never once per token), an input, Send and Stop.
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
    /** Replaces the transcript with the current session's conversation; while a reply streams,
     * waits until it has finished. */
    void showSession();

    Run *currentRun() const { return m_run; }
    QString transcriptText() const;
    QPlainTextEdit *input() const { return m_input; }
    QPushButton *sendButton() const { return m_sendButton; }
    QPushButton *stopButton() const { return m_stopButton; }

    static constexpr int RenderIntervalMs = 40;

Q_SIGNALS:
    void replyFinished(const QString &state);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Shown
    {
        QPointer<Run> run;
        QString who;
        QString message;
    };
    /** Shows a run in the transcript now, or after the one streaming (turns never interleave). */
    void display(Run *run, const QString &who, const QString &message);
    void begin(const Shown &shown);
    void onRunCreated(Run *run);
    void onRunFinished();
    void renderReply();
    void appendBlock(const QString &who, const QString &markdown, const QString &colour = {});
    void showNotice(const QString &text, bool isError);
    void updateButtons();

    Engine &m_engine;
    QTextBrowser *m_transcript = nullptr;
    QPlainTextEdit *m_input = nullptr;
    QPushButton *m_sendButton = nullptr;
    QPushButton *m_stopButton = nullptr;
    QLabel *m_notice = nullptr;
    QPointer<Run> m_run;
    QList<Shown> m_waiting; // runs of this session waiting their turn on screen
    QTimer m_renderTimer;
    int m_replyStart = -1; // document position where the streaming reply begins
    int m_renderedLength = -1;
    bool m_sessionPending = false; // showSession() waits for the streaming reply
};
