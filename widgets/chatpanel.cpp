// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatpanel.h"

#include "chatheader.h"
#include "chatinput.h"
#include "engine.h"
#include "errorhelp.h"
#include "findbar.h"
#include "guilog.h"
#include "noticebar.h"
#include "onboardingpage.h"
#include "transcriptmarkdown.h"
#include "transcriptview.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace {

const QLatin1String GuiClient("gui");
const QLatin1String ProviderLink("#provider");

} // namespace

ChatPanel::ChatPanel(Engine &engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
{
    m_onboarding = new OnboardingPage(this);
    m_chatPage = buildChatPage();
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(m_chatPage);
    m_pages->addWidget(m_onboarding);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);

    connect(m_onboarding, &OnboardingPage::apiKeyRequested, this, &ChatPanel::apiKeyRequested);
    connect(m_onboarding, &OnboardingPage::localServerRequested, this,
            &ChatPanel::localServerRequested);
    m_renderTimer.setInterval(RenderIntervalMs);
    m_renderTimer.setSingleShot(true);
    connect(&m_renderTimer, &QTimer::timeout, this, &ChatPanel::renderReply);

    connect(&m_engine, &Engine::runCreated, this, &ChatPanel::onRunCreated);
    connect(&m_engine, &Engine::historyChanged, this, &ChatPanel::updateButtons);
    connect(&m_engine, &Engine::runFinished, this, &ChatPanel::onAnyRunFinished);
    // A key saved, a provider chosen: the chat opens as soon as one can answer.
    connect(&m_engine, &Engine::providerChanged, this, &ChatPanel::updateSetup);
    connect(&m_engine, &Engine::modelChanged, this, &ChatPanel::updateSetup);
    updateSetup();
    updateButtons();
}

QWidget *ChatPanel::buildChatPage()
{
    auto *page = new QWidget(this);
    m_header = new ChatHeader(m_engine, page);
    m_transcript = new TranscriptView(page);
    m_transcript->setPlaceholderText(tr("Ask anything. Replies stream in as they are written."));
    m_transcript->setContextMenuPolicy(Qt::CustomContextMenu);
    m_find = new FindBar(m_transcript, page);

    m_notice = new NoticeBar(page);
    connect(m_notice, &NoticeBar::linkActivated, this, [this](const QString &link) {
        if (link == ProviderLink)
            Q_EMIT apiKeyRequested();
    });

    m_input = new ChatInput(page);
    m_input->setPlaceholderText(tr("Message Attache — Enter to send, Shift+Enter for a new line, "
                                   "Up for earlier messages"));
    m_input->setAccessibleName(tr("Message"));
    m_input->installEventFilter(this);
    connect(m_input, &ChatInput::filesDropped, this, &ChatPanel::attachPaths);

    m_sendButton = new QPushButton(tr("Send"), page);
    m_sendButton->setDefault(true);
    m_stopButton = new QPushButton(tr("Stop"), page);
    m_stopButton->setToolTip(tr("Stop the reply (Esc)"));

    m_attachButton = new QToolButton(page);
    m_attachButton->setObjectName(QStringLiteral("attach"));
    m_attachButton->setText(tr("Attach…"));
    m_attachButton->setToolTip(tr("Attach files to the message (or drop them on it); they are "
                                  "sent as @path references"));
    m_attachButton->setAutoRaise(true);
    m_taskButton = new QToolButton(page);
    m_taskButton->setText(tr("Code task"));
    m_taskButton->setToolTip(tr("Explain, test, document, debug, implement or review the code "
                                "selected in the conversation, or the code in the message box"));
    m_taskButton->setPopupMode(QToolButton::InstantPopup);
    m_taskButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_taskButton->setAutoRaise(true);
    m_taskMenu = buildTaskMenu();
    m_taskButton->setMenu(m_taskMenu);
    m_regenerateButton = new QToolButton(page);
    m_regenerateButton->setText(tr("Regenerate"));
    m_regenerateButton->setToolTip(
        tr("Ask again for the last reply; the earlier answer is kept (Ctrl+R)"));
    m_regenerateButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_regenerateButton->setAutoRaise(true);
    for (QToolButton *button : { m_attachButton, m_taskButton, m_regenerateButton })
        button->setFocusPolicy(Qt::NoFocus); // Tab goes from the box to Send; mouse and menus

    auto *actions = new QHBoxLayout;
    actions->setContentsMargins(0, 0, 0, 0);
    actions->addWidget(m_attachButton);
    actions->addWidget(m_taskButton);
    actions->addWidget(m_regenerateButton);
    actions->addStretch();
    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_sendButton);
    buttons->addWidget(m_stopButton);
    buttons->addStretch();
    auto *inputRow = new QHBoxLayout;
    inputRow->addWidget(m_input, 1, Qt::AlignBottom);
    inputRow->addLayout(buttons);

    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(6, 4, 6, 6);
    layout->addWidget(m_header);
    layout->addWidget(m_find);
    layout->addWidget(m_transcript, 1);
    layout->addWidget(m_notice);
    layout->addLayout(actions);
    layout->addLayout(inputRow);
    setTabOrder(m_transcript, m_input);
    setTabOrder(m_input, m_sendButton);
    setTabOrder(m_sendButton, m_stopButton);

    connect(m_sendButton, &QPushButton::clicked, this, [this] {
        if (send(m_input->toPlainText()))
            m_input->clear();
    });
    connect(m_stopButton, &QPushButton::clicked, this, &ChatPanel::stop);
    connect(m_regenerateButton, &QToolButton::clicked, this, &ChatPanel::regenerate);
    connect(m_attachButton, &QToolButton::clicked, this, qOverload<>(&ChatPanel::attachFiles));
    connect(m_transcript, &TranscriptView::actionTriggered, this,
            [this](int turn, TranscriptView::Action action) { onAction(turn, int(action)); });
    connect(m_transcript, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu *menu = m_transcript->createStandardContextMenu(pos);
        if (!m_transcript->selectedText().trimmed().isEmpty() && m_taskButton->isEnabled()) {
            menu->addSeparator();
            menu->addMenu(m_taskMenu)->setText(tr("Code task on the selection"));
        }
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_transcript->viewport()->mapToGlobal(pos));
    });
    return page;
}

QPlainTextEdit *ChatPanel::input() const
{
    return m_input;
}

QString ChatPanel::codingTaskLabel(const QString &type)
{
    if (type == QLatin1String("explain"))
        return tr("Explain");
    if (type == QLatin1String("test"))
        return tr("Write tests");
    if (type == QLatin1String("docs"))
        return tr("Write documentation");
    if (type == QLatin1String("debug"))
        return tr("Find the bug");
    if (type == QLatin1String("implement"))
        return tr("Implement");
    if (type == QLatin1String("review"))
        return tr("Review");
    return type;
}

QMenu *ChatPanel::buildTaskMenu()
{
    auto *menu = new QMenu(tr("Code task"), this);
    for (const QString &type : Engine::codingTaskTypes()) {
        QAction *action = menu->addAction(codingTaskLabel(type));
        action->setObjectName(type);
        connect(action, &QAction::triggered, this, [this, type] { startCodingTask(type); });
        m_taskActions.insert(type, action);
    }
    return menu;
}

bool ChatPanel::isOnboarding() const
{
    return m_pages->currentWidget() == m_onboarding;
}

void ChatPanel::updateSetup()
{
    const std::optional<EngineError> setup = m_engine.status().setupNeeded;
    const bool streaming = m_run && !m_run->isFinished();
    if (setup && !streaming) {
        m_onboarding->setDetails(setup->translatedMessage());
        m_pages->setCurrentWidget(m_onboarding);
        return;
    }
    if (m_pages->currentWidget() == m_chatPage)
        return;
    m_notice->hide(); // what it said about the missing provider is settled
    m_pages->setCurrentWidget(m_chatPage);
    m_input->setFocus();
}

bool ChatPanel::send(const QString &text)
{
    if (text.trimmed().isEmpty() || (m_run && !m_run->isFinished()))
        return false;
    Result<Run *> result = EngineError {};
    const bool editing = m_editing >= 0;
    if (editing) {
        result = m_engine.editAndResend({}, m_editing, text, GuiClient);
    } else {
        ChatRequest request;
        request.message = text;
        request.clientId = GuiClient;
        result = m_engine.chat(request);
    }
    if (!result.ok()) {
        showError(result.error(), m_engine.currentProviderId());
        return false;
    }
    m_editing = -1;
    m_notice->hide();
    m_history.add(text);
    // What is sent is what the user wants to see, wherever they had scrolled to.
    m_transcript->scrollToLatest();
    if (editing)
        showSession(); // without the message edited and what followed; the new one streams
    else
        display({ result.value(), tr("You"), text, true });
    return true;
}

bool ChatPanel::regenerate()
{
    if (m_run && !m_run->isFinished())
        return false;
    Result<Run *> result = m_engine.regenerate({}, GuiClient);
    if (!result.ok()) {
        showError(result.error(), m_engine.currentProviderId());
        return false;
    }
    m_notice->hide();
    showSession(); // without the old reply; the new one streams under its message
    return true;
}

bool ChatPanel::startCodingTask(const QString &type)
{
    if (m_run && !m_run->isFinished())
        return false;
    QString content = m_transcript->selectedText();
    const bool fromInput = content.trimmed().isEmpty();
    if (fromInput)
        content = m_input->toPlainText();
    if (content.trimmed().isEmpty()) {
        showNotice(tr("Select code in the conversation, or paste it into the message box, then "
                      "choose the task again.")
                       .toHtmlEscaped(),
                   false);
        return false;
    }
    CodingTask task;
    task.type = type;
    task.content = content;
    task.clientId = GuiClient;
    Result<Run *> result = m_engine.codingTask(task);
    if (!result.ok()) {
        showError(result.error(), m_engine.currentProviderId());
        return false;
    }
    m_notice->hide();
    if (fromInput) {
        m_history.add(content);
        m_input->clear();
    }
    display({ result.value(), tr("You"), result.value()->spec().userMessage, true });
    return true;
}

QString ChatPanel::whoStarted(Run *run) const
{
    if (run->spec().clientId == GuiClient)
        return tr("You");
    const ClientInfo *client = m_engine.presence().find(run->spec().clientId);
    QString who = tr("Another client");
    if (client && client->kind == QLatin1String("vscode"))
        who = tr("VS Code");
    else if (client && client->kind == QLatin1String("cli"))
        who = tr("Command line");
    if (client && !client->name.isEmpty())
        who = tr("%1 (%2)").arg(who, client->name);
    return who;
}

void ChatPanel::onRunCreated(Run *run)
{
    // Another client (an editor, a script) chatting in the session on screen: show it live.
    if (run->spec().clientId == GuiClient || run->sessionId() != m_engine.currentSessionId())
        return;
    display({ run, whoStarted(run), run->spec().userMessage, true });
}

void ChatPanel::display(const Shown &shown)
{
    if (m_run)
        m_waiting.append(shown);
    else
        begin(shown);
}

void ChatPanel::begin(const Shown &shown)
{
    if (shown.showMessage)
        m_transcript->appendTurn(TurnBuilder::userTurn(shown.who, shown.message));
    m_run = shown.run;
    m_builder = TurnBuilder();
    m_builder.replay(m_run->events()); // what it did while it waited to be shown
    Turn reply;
    reply.who = tr("Attache");
    reply.complete = false;
    m_builder.fill(reply, m_run->reply());
    m_replyTurn = m_transcript->appendTurn(reply);
    m_renderedLength = m_run->reply().size();
    m_toolsChanged = false;

    connect(m_run, &Run::eventAdded, this, &ChatPanel::onRunEvent);
    connect(m_run, &Run::finished, this, &ChatPanel::onRunFinished);
    updateButtons();
    if (m_run->isFinished())
        onRunFinished(); // it ended while it waited to be shown
}

void ChatPanel::onRunEvent(const RunEvent &event)
{
    if (event.type != EventType::StreamChunk) {
        m_builder.apply(event, m_run->reply().size());
        m_toolsChanged = true;
    }
    if (!m_renderTimer.isActive())
        m_renderTimer.start();
}

void ChatPanel::stop()
{
    if (m_run)
        m_run->cancel(QStringLiteral("stopped_by_user"));
}

void ChatPanel::renderReply()
{
    if (!m_run || m_replyTurn < 0)
        return;
    const QString &reply = m_run->reply();
    if (reply.size() == m_renderedLength && !m_toolsChanged)
        return;
    m_renderedLength = reply.size();
    m_toolsChanged = false;
    // Markdown needs the whole reply to lay out lists and code fences, so the reply's turn is
    // laid out again; earlier turns are left as they are.
    m_builder.fill(m_transcript->turn(m_replyTurn), reply);
    m_transcript->refresh(m_replyTurn);
}

void ChatPanel::onRunFinished()
{
    m_renderTimer.stop();
    Run *run = m_run;
    Turn &turn = m_transcript->turn(m_replyTurn);
    if (run->state() == Run::State::Cancelled || run->state() == Run::State::Failed) {
        // The run may end before its terminal event reaches this panel: the calls it never
        // ran say so now, not "waiting for your permission" forever.
        RunEvent end;
        end.type = run->state() == Run::State::Cancelled ? EventType::Cancelled : EventType::Error;
        m_builder.apply(end, run->reply().size());
    }
    m_builder.fill(turn, run->reply());
    turn.complete = true;
    if (const auto error = run->error()) {
        const ProviderEntry *entry = m_engine.catalog().find(run->spec().providerId);
        const QString fix = ErrorHelp::whatToDo(*error, entry);
        turn.footer = QStringLiteral("⚠ **") + TranscriptMarkdown::escaped(ErrorHelp::title(*error))
            + QStringLiteral("** ") + TranscriptMarkdown::escaped(fix);
        showError(*error, run->spec().providerId);
    } else if (run->state() == Run::State::Cancelled) {
        turn.footer = TurnBuilder::stoppedFooter();
    }
    m_transcript->refresh(m_replyTurn);
    if (!m_sessionPending && m_waiting.isEmpty() && run->sessionId() == m_engine.currentSessionId())
        attachStored(m_replyTurn);
    m_replyTurn = -1;
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
    if (!m_run)
        updateSetup(); // the provider may have changed while the reply streamed
}

void ChatPanel::showSession()
{
    if (m_run && !m_run->isFinished()) {
        m_sessionPending = true;
        return;
    }
    m_sessionPending = false;
    m_waiting.clear();
    m_transcript->clearTurns();
    m_replyTurn = -1;
    if (!m_engine.session()) {
        updateButtons();
        return; // no conversation yet
    }
    const Result<QList<ChatMessage>> history = m_engine.history();
    if (!history.ok()) {
        showNotice(history.error().translatedMessage().toHtmlEscaped(), true);
        return;
    }
    QList<ChatMessage> messages = history.value();
    QStringList sent;
    for (const ChatMessage &message : std::as_const(messages)) {
        if (message.role == QLatin1String("user"))
            sent.append(message.content);
    }
    m_history.setEntries(sent);
    // A reply streaming in the session: its message is the last one stored; it is shown
    // with the live reply under it.
    Run *active = m_engine.activeRun();
    if (active && !messages.isEmpty() && messages.constLast().role == QLatin1String("user"))
        messages.removeLast();
    for (const Turn &turn : TurnBuilder::fromHistory(messages))
        m_transcript->appendTurn(turn);
    if (active)
        display({ active, whoStarted(active), active->spec().userMessage, true });
    QScrollBar *bar = m_transcript->verticalScrollBar();
    bar->setValue(bar->maximum());
    updateButtons();
}

void ChatPanel::showError(const EngineError &error, const QString &providerId)
{
    const ProviderEntry *entry = m_engine.catalog().find(providerId);
    const QString fix = ErrorHelp::whatToDo(error, entry);
    // What happened and what to do first; the provider's own words under it.
    QString html = QStringLiteral("<b>%1</b>").arg(ErrorHelp::title(error).toHtmlEscaped());
    if (!fix.isEmpty())
        html += QLatin1Char(' ') + fix.toHtmlEscaped();
    if (ErrorHelp::fixedInProviderPanel(error)) {
        html += QStringLiteral(" <a href=\"%1\" style=\"color: white;\">%2</a>")
                    .arg(ProviderLink, tr("Open the Provider panel"));
    }
    html += QStringLiteral("<br><small>%1</small>").arg(error.translatedMessage().toHtmlEscaped());
    showNotice(html, true);
}

void ChatPanel::showNotice(const QString &html, bool isError)
{
    m_notice->showNotice(html, isError);
}

bool ChatPanel::canRegenerate() const
{
    const Session *session = m_engine.session();
    if (!session)
        return false;
    return std::any_of(session->messages.cbegin(), session->messages.cend(),
                       [](const ChatMessage &m) { return m.role == QLatin1String("user"); });
}

void ChatPanel::updateButtons()
{
    const bool streaming = m_run && !m_run->isFinished();
    m_stopButton->setEnabled(streaming);
    m_sendButton->setEnabled(!streaming);
    m_taskButton->setEnabled(!streaming);
    m_regenerateButton->setEnabled(!streaming && !m_engine.activeRun() && canRegenerate());
}

QString ChatPanel::transcriptText() const
{
    return m_transcript->toPlainText();
}

bool ChatPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_input || event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    const bool plain =
        !(key->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier | Qt::AltModifier));
    if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
        && !(key->modifiers() & Qt::ShiftModifier)) {
        m_sendButton->click();
        return true;
    }
    if (key->key() == Qt::Key_Escape) {
        if (m_run && !m_run->isFinished())
            stop();
        else if (m_editing >= 0)
            cancelEdit();
        return true;
    }
    if (plain && (key->key() == Qt::Key_Up || key->key() == Qt::Key_Down)) {
        const QString current = m_input->toPlainText();
        const std::optional<QString> recalled =
            key->key() == Qt::Key_Up ? m_history.older(current) : m_history.newer(current);
        if (recalled) {
            m_input->setPlainText(*recalled);
            m_input->moveCursor(QTextCursor::End);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
