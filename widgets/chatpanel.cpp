// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatpanel.h"

#include "engine.h"
#include "logging.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBrowser>
#include <QTextCursor>
#include <QVBoxLayout>

ChatPanel::ChatPanel(Engine &engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
{
    m_transcript = new QTextBrowser(this);
    m_transcript->setOpenExternalLinks(true);
    m_transcript->setPlaceholderText(tr("Ask anything. Replies stream in as they are written."));

    m_notice = new QLabel(this);
    m_notice->setWordWrap(true);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->hide();

    m_input = new QPlainTextEdit(this);
    m_input->setPlaceholderText(tr("Message Attache — Enter to send, Shift+Enter for a new line"));
    m_input->setFixedHeight(m_input->fontMetrics().lineSpacing() * 4 + 12);
    m_input->installEventFilter(this);

    m_sendButton = new QPushButton(tr("Send"), this);
    m_sendButton->setDefault(true);
    m_stopButton = new QPushButton(tr("Stop"), this);
    m_stopButton->setToolTip(tr("Stop the reply (Esc)"));

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_sendButton);
    buttons->addWidget(m_stopButton);
    buttons->addStretch();
    auto *inputRow = new QHBoxLayout;
    inputRow->addWidget(m_input, 1);
    inputRow->addLayout(buttons);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_transcript, 1);
    layout->addWidget(m_notice);
    layout->addLayout(inputRow);

    connect(m_sendButton, &QPushButton::clicked, this, [this] {
        if (send(m_input->toPlainText()))
            m_input->clear();
    });
    connect(m_stopButton, &QPushButton::clicked, this, &ChatPanel::stop);
    m_renderTimer.setInterval(RenderIntervalMs);
    m_renderTimer.setSingleShot(true);
    connect(&m_renderTimer, &QTimer::timeout, this, &ChatPanel::renderReply);

    connect(&m_engine, &Engine::runCreated, this, &ChatPanel::onRunCreated);

    const QJsonObject status = m_engine.status();
    if (status.contains(QLatin1String("setup_needed"))) {
        showNotice(status.value(QLatin1String("setup_needed")).toObject().value(QLatin1String("message")).toString(),
                   true);
    }
    updateButtons();
}

bool ChatPanel::send(const QString &text)
{
    if (text.trimmed().isEmpty() || (m_run && !m_run->isFinished()))
        return false;
    ChatRequest request;
    request.message = text;
    request.clientId = QStringLiteral("gui");
    Result<Run *> result = m_engine.chat(request);
    if (!result.ok()) {
        showNotice(result.error().message, true);
        return false;
    }
    m_notice->hide();
    display(result.value(), tr("You"), text);
    return true;
}

void ChatPanel::onRunCreated(Run *run)
{
    // Another client (an editor, a script) chatting in the session on screen: show it live.
    if (run->spec().clientId == QLatin1String("gui") || run->sessionId() != m_engine.currentSessionId())
        return;
    const ClientInfo *client = m_engine.presence().find(run->spec().clientId);
    QString who = tr("Another client");
    if (client && client->kind == QLatin1String("vscode"))
        who = tr("VS Code");
    else if (client && client->kind == QLatin1String("cli"))
        who = tr("Command line");
    if (client && !client->name.isEmpty())
        who += QStringLiteral(" (%1)").arg(client->name);
    display(run, who, run->spec().userMessage);
}

void ChatPanel::display(Run *run, const QString &who, const QString &message)
{
    const Shown shown { run, who, message };
    if (m_run)
        m_waiting.append(shown);
    else
        begin(shown);
}

void ChatPanel::begin(const Shown &shown)
{
    appendBlock(shown.who, shown.message.toHtmlEscaped().replace(QLatin1Char('\n'), QLatin1String("  \n")));
    appendBlock(tr("Attache"), QString());
    QTextCursor cursor(m_transcript->document());
    cursor.movePosition(QTextCursor::End);
    m_replyStart = cursor.position();
    m_renderedLength = -1;

    m_run = shown.run;
    connect(m_run, &Run::eventAdded, this, [this] {
        if (!m_renderTimer.isActive())
            m_renderTimer.start();
    });
    connect(m_run, &Run::finished, this, &ChatPanel::onRunFinished);
    updateButtons();
    if (m_run->isFinished())
        onRunFinished(); // it ended while it waited to be shown
}

void ChatPanel::stop()
{
    if (m_run)
        m_run->cancel(QStringLiteral("stopped_by_user"));
}

void ChatPanel::renderReply()
{
    if (!m_run || m_replyStart < 0)
        return;
    const QString &reply = m_run->reply();
    if (reply.size() == m_renderedLength)
        return;
    m_renderedLength = reply.size();
    QScrollBar *bar = m_transcript->verticalScrollBar();
    const bool followTail = bar->value() >= bar->maximum() - 4;
    // Markdown needs the whole reply to lay out lists and code fences, so the reply's own
    // block is replaced; earlier messages are left as they are.
    QTextCursor cursor(m_transcript->document());
    cursor.setPosition(m_replyStart);
    cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    cursor.beginEditBlock();
    cursor.removeSelectedText();
    cursor.insertMarkdown(reply);
    cursor.endEditBlock();
    if (followTail)
        bar->setValue(bar->maximum());
}

void ChatPanel::onRunFinished()
{
    m_renderTimer.stop();
    renderReply();
    Run *run = m_run;
    if (const auto error = run->error()) {
        showNotice(error->message, true);
    } else if (run->state() == Run::State::Cancelled) {
        QTextCursor cursor(m_transcript->document());
        cursor.movePosition(QTextCursor::End);
        cursor.insertHtml(QStringLiteral("<p><i>%1</i></p>").arg(tr("(stopped)")));
    }
    m_replyStart = -1;
    const QString state = Run::stateName(run->state());
    run->disconnect(this);
    m_run = nullptr;
    updateButtons();
    Q_EMIT replyFinished(state);
    if (m_sessionPending) {
        m_waiting.clear(); // they belong to the session being left
        showSession();
        return;
    }
    while (!m_waiting.isEmpty() && !m_run) {
        const Shown next = m_waiting.takeFirst();
        if (next.run)
            begin(next);
    }
}

void ChatPanel::showSession()
{
    if (m_run && !m_run->isFinished()) {
        m_sessionPending = true;
        return;
    }
    m_sessionPending = false;
    m_waiting.clear();
    m_transcript->clear();
    if (!m_engine.session())
        return; // no conversation yet
    const Result<QList<ChatMessage>> history = m_engine.history();
    if (!history.ok()) {
        showNotice(history.error().message, true);
        return;
    }
    for (const ChatMessage &message : history.value()) {
        if (message.role == QLatin1String("user")) {
            appendBlock(tr("You"), message.content.toHtmlEscaped().replace(QLatin1Char('\n'), QLatin1String("  \n")));
        } else if (message.role == QLatin1String("assistant")) {
            if (message.content.isEmpty() && !message.toolCalls.isEmpty())
                continue; // only a tool call; its result follows
            appendBlock(tr("Attache"), message.content);
            if (!message.status.isEmpty()) {
                QTextCursor cursor(m_transcript->document());
                cursor.movePosition(QTextCursor::End);
                cursor.insertHtml(QStringLiteral("<p><i>%1</i></p>")
                                          .arg(message.status == QLatin1String("cancelled") ? tr("(stopped)")
                                                                                             : tr("(failed)")));
            }
        }
    }
    // A reply already streaming in the new session (another client's) appears live.
    if (Run *active = m_engine.activeRun())
        display(active, tr("Another client"), active->spec().userMessage);
    QScrollBar *bar = m_transcript->verticalScrollBar();
    bar->setValue(bar->maximum());
    updateButtons();
}

void ChatPanel::appendBlock(const QString &who, const QString &markdown, const QString &colour)
{
    QTextCursor cursor(m_transcript->document());
    cursor.movePosition(QTextCursor::End);
    if (!m_transcript->document()->isEmpty())
        cursor.insertBlock();
    cursor.insertHtml(colour.isEmpty() ? QStringLiteral("<p><b>%1</b></p>").arg(who.toHtmlEscaped())
                                       : QStringLiteral("<p><b style=\"color:%2\">%1</b></p>")
                                                 .arg(who.toHtmlEscaped(), colour));
    cursor.insertBlock();
    if (!markdown.isEmpty())
        cursor.insertMarkdown(markdown);
}

void ChatPanel::showNotice(const QString &text, bool isError)
{
    m_notice->setText(text);
    m_notice->setStyleSheet(isError ? QStringLiteral("color: palette(bright-text); background: #b3261e; padding: 6px; border-radius: 4px;")
                                    : QString());
    m_notice->show();
}

void ChatPanel::updateButtons()
{
    const bool streaming = m_run && !m_run->isFinished();
    m_stopButton->setEnabled(streaming);
    m_sendButton->setEnabled(!streaming);
}

QString ChatPanel::transcriptText() const
{
    return m_transcript->toPlainText();
}

bool ChatPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_input && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && !(key->modifiers() & Qt::ShiftModifier)) {
            m_sendButton->click();
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            stop();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
