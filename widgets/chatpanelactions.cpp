// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// ChatPanel beyond sending: the actions on stored messages (edit, delete, regenerate), files
// attached to a message, find, and what a finished reply or a switched session changes.
#include "chatheader.h"
#include "chatinput.h"
#include "chatpanel.h"
#include "engine.h"
#include "findbar.h"
#include "noticebar.h"
#include "transcriptview.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QResizeEvent>

void ChatPanel::attachStored(int replyTurn)
{
    const Result<QList<ChatMessage>> history = m_engine.history();
    if (!history.ok() || replyTurn < 0 || replyTurn >= m_transcript->turnCount())
        return;
    const QList<Turn> stored = TurnBuilder::fromHistory(history.value());
    if (stored.isEmpty() || stored.constLast().role != Turn::Role::Assistant)
        return;
    // The turns on screen end with this reply, as the stored ones do: copy what the store
    // knows; the reply keeps what it says of a failure (more than the stored mark).
    Turn &reply = m_transcript->turn(replyTurn);
    const Turn &storedReply = stored.constLast();
    reply.messageIndex = storedReply.messageIndex;
    reply.stats = storedReply.stats;
    reply.variants = storedReply.variants;
    reply.regenerable = true;
    int from = replyTurn;
    if (replyTurn > 0 && stored.size() >= 2
        && m_transcript->turn(replyTurn - 1).role == Turn::Role::User) {
        m_transcript->turn(replyTurn - 1).messageIndex = stored.at(stored.size() - 2).messageIndex;
        from = replyTurn - 1;
    }
    for (int i = 0; i < replyTurn; ++i) {
        if (m_transcript->turn(i).regenerable) {
            m_transcript->turn(i).regenerable = false;
            from = std::min(from, i);
        }
    }
    m_transcript->refresh(from);
}

void ChatPanel::onAnyRunFinished(Run *run)
{
    // A success in this session, from any client, settles what the error notice said.
    if (run->state() == Run::State::Done && run->sessionId() == m_engine.currentSessionId())
        m_notice->dismiss();
}

void ChatPanel::onSessionSwitched()
{
    m_notice->dismiss(); // it was about the chat that was left
    cancelEdit();
    if (m_find->isVisible())
        m_find->close();
    showSession();
    if (!isOnboarding())
        m_input->setFocus(Qt::OtherFocusReason);
}

void ChatPanel::onAction(int turn, int action)
{
    switch (TranscriptView::Action(action)) {
    case TranscriptView::Action::Edit:
        editMessage(turn);
        break;
    case TranscriptView::Action::Delete:
        deleteMessage(turn);
        break;
    case TranscriptView::Action::Regenerate:
        regenerate();
        break;
    default:
        break;
    }
}

bool ChatPanel::editMessage(int turn)
{
    if (turn < 0 || turn >= m_transcript->turnCount() || (m_run && !m_run->isFinished()))
        return false;
    const Turn &shown = m_transcript->turn(turn);
    if (shown.role != Turn::Role::User || shown.messageIndex < 0)
        return false;
    m_editing = shown.messageIndex;
    m_input->setPlainText(shown.text);
    m_input->moveCursor(QTextCursor::End);
    m_input->setFocus(Qt::OtherFocusReason);
    showNotice(tr("Editing a message: sending replaces it and everything after it. Esc cancels.")
                   .toHtmlEscaped(),
               false);
    return true;
}

void ChatPanel::cancelEdit()
{
    if (m_editing < 0)
        return;
    m_editing = -1;
    m_input->clear();
    m_notice->hide();
}

bool ChatPanel::deleteMessage(int turn)
{
    if (turn < 0 || turn >= m_transcript->turnCount() || (m_run && !m_run->isFinished()))
        return false;
    const Turn &shown = m_transcript->turn(turn);
    if (shown.messageIndex < 0)
        return false;
    const QString question = shown.role == Turn::Role::User
        ? tr("Delete this message and the reply to it? This cannot be undone.")
        : tr("Delete this reply? This cannot be undone.");
    QMessageBox box(QMessageBox::Question, tr("Delete message"), question,
                    QMessageBox::Yes | QMessageBox::No, this);
    box.setDefaultButton(QMessageBox::No);
    if (box.exec() != QMessageBox::Yes)
        return false;
    const Status status = m_engine.deleteMessage({}, shown.messageIndex);
    if (!status.ok()) {
        showNotice(status.error().translatedMessage().toHtmlEscaped(), true);
        return false;
    }
    cancelEdit();
    showSession();
    return true;
}

void ChatPanel::attachFiles()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Attach files"),
                                                            m_engine.tools().workspace().root());
    attachPaths(paths);
}

void ChatPanel::attachPaths(const QStringList &paths)
{
    if (paths.isEmpty())
        return;
    m_input->attachFiles(paths, m_engine.tools().workspace().root());
    if (!m_input->refused().isEmpty()) {
        showNotice(tr("Not attached (a space in the path cannot be referenced): %1")
                       .arg(m_input->refused().join(QStringLiteral(", ")))
                       .toHtmlEscaped(),
                   false);
    }
    m_input->setFocus(Qt::OtherFocusReason);
}

void ChatPanel::find()
{
    if (!isOnboarding())
        m_find->open();
}

void ChatPanel::editChatSettings()
{
    m_header->editSettings();
}

void ChatPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // The box grows with its text, to a third of the chat at most.
    m_input->setMaximumGrowth(std::max(event->size().height() / 3, 60));
}
