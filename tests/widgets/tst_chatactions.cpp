// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// What a reader of the conversation can do and see: each message's actions (copy, edit and
// resend, delete, regenerate with the earlier answers kept), how a reply was made, code with
// a header and highlighting, the reading column, the chat's own settings, the growing box and
// files attached to it.
#include "chatheader.h"
#include "chatpanel.h"
#include "chatsettingsdialog.h"
#include "codehighlighter.h"
#include "fakeprovider.h"
#include "modalanswer.h"
#include "testengine.h"
#include "transcriptclick.h"
#include "transcriptstyle.h"
#include "transcriptview.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGuiApplication>
#include <QJsonArray>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QTextBlock>
#include <QTextFrame>
#include <QToolButton>

namespace {

FakeReply reply(QStringList tokens, int delayMs = 0)
{
    FakeReply r;
    r.tokens = std::move(tokens);
    r.delayMs = delayMs;
    return r;
}

QJsonArray sentMessages(const QJsonObject &request)
{
    return request.value(QLatin1String("messages")).toArray();
}

} // namespace

class TestChatActions : public QObject
{
    Q_OBJECT

private:
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<TestEngine> m_test;
    std::unique_ptr<ChatPanel> m_panel;
    std::unique_ptr<QTemporaryDir> m_workspace;

    Engine &engine() { return *m_test->engine; }
    TranscriptView *transcript() const { return m_panel->transcript(); }
    QString shown() const { return m_panel->transcriptText(); }
    bool waitForReply()
    {
        QSignalSpy finished(m_panel.get(), &ChatPanel::replyFinished);
        return finished.wait(8000);
    }
    void exchange(const QString &message, const QString &answer)
    {
        m_fake->enqueueReply(reply({ answer }));
        QVERIFY(m_panel->send(message));
        QVERIFY(waitForReply());
    }

private Q_SLOTS:
    void init()
    {
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<TestEngine>(TestEngine::pointingAt(m_fake->baseUrl()));
        m_workspace = std::make_unique<QTemporaryDir>();
        QVERIFY(engine().tools().setWorkingDirectory(m_workspace->path()).ok());
        m_panel = std::make_unique<ChatPanel>(engine());
        m_panel->resize(900, 640);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
        QGuiApplication::clipboard()->clear();
    }
    void cleanup()
    {
        m_panel.reset();
        m_test.reset();
        delete m_fake;
        m_workspace.reset();
    }

    void copyPutsTheMessageOnTheClipboardAsMarkdown()
    {
        exchange(QStringLiteral("Say *hello*"), QStringLiteral("**Hello** and `code`."));
        QSignalSpy copied(transcript(), &TranscriptView::messageCopied);
        QVERIFY(clickLink(transcript(), QStringLiteral("Copy"), 1)); // the reply's
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("**Hello** and `code`."));
        QVERIFY(clickLink(transcript(), QStringLiteral("Copy"), 0)); // the message's, as typed
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("Say *hello*"));
        QCOMPARE(copied.size(), 2);
    }

    void editAndResendReplacesWhatFollowed()
    {
        exchange(QStringLiteral("Capital of Frnace?"), QStringLiteral("Did you mean France?"));
        exchange(QStringLiteral("Yes"), QStringLiteral("Paris."));
        QVERIFY(clickLink(transcript(), QStringLiteral("Edit"), 0));
        QVERIFY(m_panel->isEditing());
        QCOMPARE(m_panel->input()->toPlainText(), QStringLiteral("Capital of Frnace?"));
        m_panel->input()->setPlainText(QStringLiteral("Capital of France?"));
        m_fake->enqueueReply(reply({ QStringLiteral("Paris, of course.") }));
        QTest::keyClick(m_panel->input(), Qt::Key_Return);
        QVERIFY(waitForReply());
        QVERIFY(!m_panel->isEditing());
        QVERIFY2(!shown().contains(QLatin1String("Frnace")), qPrintable(shown()));
        QVERIFY(!shown().contains(QLatin1String("Did you mean")));
        QVERIFY(shown().contains(QLatin1String("Paris, of course.")));
        // The provider saw the conversation as edited: the new message alone.
        const QJsonArray sent = sentMessages(m_fake->chatRequests().constLast());
        QCOMPARE(sent.size(), 1);
        QCOMPARE(engine().history().value().size(), 2);
    }

    void escapeCancelsAnEdit()
    {
        exchange(QStringLiteral("Keep me"), QStringLiteral("Kept."));
        QVERIFY(clickLink(transcript(), QStringLiteral("Edit"), 0));
        QVERIFY(m_panel->isEditing());
        QTest::keyClick(m_panel->input(), Qt::Key_Escape);
        QVERIFY(!m_panel->isEditing());
        QCOMPARE(m_panel->input()->toPlainText(), QString());
        QCOMPARE(engine().history().value().size(), 2);
    }

    void deleteRemovesTheMessageAndItsReply()
    {
        exchange(QStringLiteral("First topic"), QStringLiteral("First answer."));
        exchange(QStringLiteral("Second topic"), QStringLiteral("Second answer."));
        answerNextMessageBox(QMessageBox::Yes);
        QVERIFY(clickLink(transcript(), QStringLiteral("Delete"), 0));
        QTRY_VERIFY(!shown().contains(QLatin1String("First topic")));
        QVERIFY(!shown().contains(QLatin1String("First answer.")));
        QVERIFY(shown().contains(QLatin1String("Second answer.")));
        QCOMPARE(engine().history().value().size(), 2);

        // A reply alone, and "No" keeps it.
        answerNextMessageBox(QMessageBox::No);
        QVERIFY(clickLink(transcript(), QStringLiteral("Delete"), 1));
        QCOMPARE(engine().history().value().size(), 2);
        answerNextMessageBox(QMessageBox::Yes);
        QVERIFY(clickLink(transcript(), QStringLiteral("Delete"), 1));
        QTRY_VERIFY(!shown().contains(QLatin1String("Second answer.")));
        QVERIFY(shown().contains(QLatin1String("Second topic")));
    }

    void regenerateKeepsTheEarlierAnswersAsVariants()
    {
        exchange(QStringLiteral("Name a colour"), QStringLiteral("Red."));
        m_fake->enqueueReply(reply({ QStringLiteral("Blue.") }));
        QVERIFY(clickLink(transcript(), QStringLiteral("Regenerate")));
        QVERIFY(waitForReply());
        QVERIFY2(shown().contains(QLatin1String("Blue.")), qPrintable(shown()));
        QVERIFY(!shown().contains(QLatin1String("Red.")));
        QVERIFY2(shown().contains(QLatin1String("2/2")), qPrintable(shown()));

        QVERIFY(clickLink(transcript(), QStringLiteral("‹")));
        QVERIFY2(shown().contains(QLatin1String("Red.")), qPrintable(shown()));
        QVERIFY(!shown().contains(QLatin1String("Blue.")));
        QVERIFY(shown().contains(QLatin1String("1/2")));
        QVERIFY(clickLink(transcript(), QStringLiteral("›")));
        QVERIFY(shown().contains(QLatin1String("Blue.")));

        // Kept with the session: shown again, the variants are there.
        m_panel->showSession();
        QVERIFY(shown().contains(QLatin1String("2/2")));
        const QList<ChatMessage> history = engine().history().value();
        QCOMPARE(history.size(), 2);
        QCOMPARE(history.at(1).variants.size(), 1);
        QCOMPARE(history.at(1).variants.at(0).content, QStringLiteral("Red."));
    }

    void eachReplySaysHowItWasMade()
    {
        FakeReply r =
            reply({ QStringLiteral("One"), QStringLiteral(" two"), QStringLiteral(" three.") }, 30);
        r.promptTokens = 11;
        m_fake->enqueueReply(r);
        QVERIFY(m_panel->send(QStringLiteral("Count")));
        QVERIFY(waitForReply());
        const QString text = shown();
        QVERIFY2(text.contains(engine().currentModel()), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("to first token")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("tokens/s")), qPrintable(text));
        // 11 + 3; English plural forms come from the app's attache_en.ts, not loaded here.
        QVERIFY2(
            text.contains(QCoreApplication::translate("TurnBuilder", "%n token(s)", nullptr, 14)),
            qPrintable(text));
        const ReplyStats stats = engine().history().value().at(1).stats;
        QVERIFY(stats.firstTokenMs >= 0);
        QVERIFY(stats.tokensPerSecond > 0);
        QCOMPARE(stats.completionTokens, 3);
    }

    void codeBlocksHaveAHeaderAndColours()
    {
        exchange(QStringLiteral("Code please"),
                 QStringLiteral("Here:\n\n```python\ndef twice(x):\n    return x * 2  # doubled\n"
                                "```\n"));
        QVERIFY2(shown().contains(QLatin1String("Python")), qPrintable(shown()));
        QVERIFY(clickLink(transcript(), QStringLiteral("Copy code"))); // over the block
        QCOMPARE(QGuiApplication::clipboard()->text(),
                 QStringLiteral("def twice(x):\n    return x * 2  # doubled"));
        // "def" a keyword, "# doubled" a comment, each in its colour.
        const bool dark = TranscriptStyle::isDark(transcript()->palette());
        const QTextCursor def = transcript()->document()->find(QStringLiteral("def"));
        QVERIFY(!def.isNull());
        QTextCursor inside(transcript()->document());
        inside.setPosition(def.selectionStart() + 1);
        QCOMPARE(inside.charFormat().foreground().color(),
                 CodeHighlighter::colorFor(CodeHighlighter::Kind::Keyword, dark));
        const QTextCursor comment = transcript()->document()->find(QStringLiteral("doubled"));
        inside.setPosition(comment.selectionStart() + 1);
        QCOMPARE(inside.charFormat().foreground().color(),
                 CodeHighlighter::colorFor(CodeHighlighter::Kind::Comment, dark));
        QVERIFY(inside.blockFormat().background().color()
                == TranscriptStyle::codeBackground(transcript()->palette()));
    }

    void theReadingColumnAndTheUsersBand()
    {
        exchange(QStringLiteral("Wide or narrow?"), QStringLiteral("Readable."));
        m_panel->resize(1600, 700);
        QTRY_VERIFY(transcript()->viewport()->width() > 1400);
        const qreal margin = transcript()->document()->rootFrame()->frameFormat().leftMargin();
        const int column =
            transcript()->fontMetrics().averageCharWidth() * TranscriptView::ColumnCharacters;
        QVERIFY2(margin >= (transcript()->viewport()->width() - column) / 2 - 1,
                 qPrintable(QString::number(margin)));
        m_panel->resize(700, 600);
        // Narrower, the column takes what there is (the panel may keep a minimum width).
        QTRY_VERIFY(transcript()->document()->rootFrame()->frameFormat().leftMargin() < margin);
        QTRY_COMPARE(int(transcript()->document()->rootFrame()->frameFormat().leftMargin()),
                     std::max(12, (transcript()->viewport()->width() - column) / 2));

        // The message of the user sits on a tinted band; the reply does not.
        const QTextCursor message = transcript()->document()->find(QStringLiteral("Wide or"));
        QTextFrame *band = message.currentFrame();
        QVERIFY(band != transcript()->document()->rootFrame());
        QVERIFY(band->frameFormat().background().style() != Qt::NoBrush);
        const QTextCursor answer = transcript()->document()->find(QStringLiteral("Readable."));
        QCOMPARE(answer.currentFrame(), transcript()->document()->rootFrame());
    }

    void chatSettingsAreSentWithEachMessage()
    {
        ChatSettings settings;
        settings.systemPrompt = QStringLiteral("Answer in one word.");
        settings.temperature = 0.3;
        settings.maxTokens = 64;
        QVERIFY(engine().sessionManager().setSettings({}, settings).ok());
        exchange(QStringLiteral("Sky colour?"), QStringLiteral("Blue."));
        const QJsonObject request = m_fake->chatRequests().constLast();
        const QJsonArray messages = sentMessages(request);
        QCOMPARE(messages.at(0).toObject().value(QLatin1String("role")).toString(),
                 QStringLiteral("system"));
        QCOMPARE(messages.at(0).toObject().value(QLatin1String("content")).toString(),
                 QStringLiteral("Answer in one word."));
        QCOMPARE(request.value(QLatin1String("temperature")).toDouble(), 0.3);
        const int maxTokens = request.contains(QLatin1String("max_completion_tokens"))
            ? request.value(QLatin1String("max_completion_tokens")).toInt()
            : request.value(QLatin1String("max_tokens")).toInt();
        QCOMPARE(maxTokens, 64);
        // Not shown in the conversation, and not stored as a message.
        QVERIFY(!shown().contains(QLatin1String("Answer in one word.")));
        QCOMPARE(engine().history().value().size(), 2);

        // Another chat has its own (none).
        QVERIFY(
            engine().sessionManager().load(engine().sessionManager().newSession({}).value()).ok());
        exchange(QStringLiteral("Sky colour?"), QStringLiteral("It is blue."));
        const QJsonObject plain = m_fake->chatRequests().constLast();
        QCOMPARE(sentMessages(plain).size(), 1);
        QVERIFY(!plain.contains(QLatin1String("temperature")));
    }

    void theSettingsDialogKeepsWhatIsAccepted()
    {
        ChatHeader *header = m_panel->header();
        QVERIFY(header->settingsButton()->isVisible());
        header->editSettings();
        auto *dialog = header->findChild<ChatSettingsDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        dialog->systemPrompt()->setPlainText(QStringLiteral("Be brief."));
        dialog->temperatureSet()->setChecked(true);
        dialog->temperature()->setValue(1.2);
        QVERIFY(!dialog->maxTokens()->isEnabled());
        dialog->accept();
        const ChatSettings kept = engine().session()->settings;
        QCOMPARE(kept.systemPrompt, QStringLiteral("Be brief."));
        QCOMPARE(kept.temperature.value_or(-1), 1.2);
        QVERIFY(!kept.maxTokens);
    }

    void theModelPickerInTheHeader()
    {
        QComboBox *picker = m_panel->header()->modelPicker();
        QVERIFY(picker->count() > 0);
        QCOMPARE(picker->currentData().toString(), engine().currentModel());
        const int other = picker->currentIndex() == 0 ? 1 : 0;
        QVERIFY(picker->count() > 1);
        const QString wanted = picker->itemData(other).toString();
        picker->setCurrentIndex(other);
        Q_EMIT picker->activated(other);
        QCOMPARE(engine().currentModel(), wanted);
        exchange(QStringLiteral("Which model?"), QStringLiteral("This one."));
        QCOMPARE(m_fake->chatRequests().constLast().value(QLatin1String("model")).toString(),
                 wanted);
    }

    void theBoxGrowsWithItsText()
    {
        QPlainTextEdit *box = m_panel->input();
        const int small = box->height();
        box->setPlainText(QStringLiteral("1\n2\n3\n4\n5\n6"));
        QTRY_VERIFY(box->height() > small);
        box->setPlainText(QStringList(80, QStringLiteral("line")).join(QLatin1Char('\n')));
        QTRY_VERIFY(box->height() <= m_panel->height() / 3 + 1);
        QVERIFY(box->height() > small);
        box->clear();
        QTRY_COMPARE(box->height(), small);
    }

    void filesDroppedOnTheBoxBecomeReferences()
    {
        QFile notes(m_workspace->filePath(QStringLiteral("notes.md")));
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("the plan\n");
        notes.close();
        QPlainTextEdit *box = m_panel->input();
        box->setPlainText(QStringLiteral("Summarise"));
        box->moveCursor(QTextCursor::End);
        QMimeData data;
        data.setUrls({ QUrl::fromLocalFile(notes.fileName()) });
        const QPoint at = box->viewport()->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &data, Qt::LeftButton, {});
        QCoreApplication::sendEvent(box->viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(at, Qt::CopyAction, &data, Qt::LeftButton, {});
        QCoreApplication::sendEvent(box->viewport(), &drop);
        QCOMPARE(box->toPlainText(), QStringLiteral("Summarise @notes.md "));

        m_fake->enqueueReply(reply({ QStringLiteral("A plan.") }));
        QTest::keyClick(box, Qt::Key_Return);
        QVERIFY(waitForReply());
        const QJsonArray messages = sentMessages(m_fake->chatRequests().constLast());
        const QString sent =
            messages.at(messages.size() - 1).toObject().value(QLatin1String("content")).toString();
        QVERIFY2(sent.contains(QLatin1String("the plan")), qPrintable(sent));
    }
};

QTEST_MAIN(TestChatActions)
#include "tst_chatactions.moc"
