// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "helpdialogs.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequence>
#include <QMessageBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace HelpDialogs {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(HelpDialogs)
};

QString keys(const QKeySequence &sequence)
{
    return sequence.toString(QKeySequence::NativeText);
}

} // namespace

QList<QPair<QString, QString>> shortcuts()
{
    return {
        { Text::tr("Enter"), Text::tr("Send the message") },
        { Text::tr("Shift+Enter"), Text::tr("New line in the message") },
        { Text::tr("Up, Down"), Text::tr("Earlier messages, in an empty message box") },
        { Text::tr("Esc"), Text::tr("Stop the reply; cancel an edit") },
        { keys(QKeySequence(Qt::CTRL | Qt::Key_N)), Text::tr("New chat") },
        { keys(QKeySequence(Qt::CTRL | Qt::Key_R)), Text::tr("Regenerate the last reply") },
        { keys(QKeySequence(Qt::CTRL | Qt::Key_F)), Text::tr("Find in the conversation") },
        { keys(QKeySequence(Qt::CTRL | Qt::Key_L)), Text::tr("Go to the message box") },
        { keys(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)),
          Text::tr("Show or hide the chats") },
        { keys(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P)),
          Text::tr("Show or hide the provider") },
        { keys(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T)),
          Text::tr("Show or hide the tools") },
        { keys(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U)),
          Text::tr("Show or hide the usage") },
        { Text::tr("F2"), Text::tr("Rename the selected chat") },
        { Text::tr("Delete"), Text::tr("Delete the selected chat") },
        { Text::tr("Tab, Shift+Tab"), Text::tr("Chats, conversation, message box, Send") },
        { keys(QKeySequence(Qt::CTRL | Qt::Key_Comma)), Text::tr("Settings") },
        { keys(QKeySequence(Qt::CTRL | Qt::Key_Q)), Text::tr("Quit") },
    };
}

QDialog *showShortcuts(QWidget *parent)
{
    auto *dialog = new QDialog(parent);
    dialog->setObjectName(QStringLiteral("shortcutsDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(Text::tr("Keyboard shortcuts"));
    const QList<QPair<QString, QString>> list = shortcuts();
    auto *table = new QTableWidget(int(list.size()), 2, dialog);
    table->setHorizontalHeaderLabels({ Text::tr("Keys"), Text::tr("Does") });
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->setFocusPolicy(Qt::NoFocus);
    for (int row = 0; row < list.size(); ++row) {
        table->setItem(row, 0, new QTableWidgetItem(list.at(row).first));
        table->setItem(row, 1, new QTableWidgetItem(list.at(row).second));
    }
    table->resizeColumnToContents(0);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(table);
    layout->addWidget(buttons);
    dialog->resize(460, 520);
    dialog->show();
    return dialog;
}

void showAbout(QWidget *parent)
{
    QMessageBox::about(
        parent, Text::tr("About Attache"),
        Text::tr("<h3>Attache %1</h3><p>A desktop AI assistant: one engine for the window, your "
                 "editors and your scripts, on a local port only this computer can reach.</p>"
                 "<p>Licensed under the GNU General Public License, version 3 or later.</p>")
            .arg(QCoreApplication::applicationVersion().toHtmlEscaped()));
}

} // namespace HelpDialogs
