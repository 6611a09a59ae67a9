// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTest>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>

#include <algorithm>

/** Clicks the occurrence-th link whose text is linkText, with the mouse, where it is drawn. */
inline bool clickLink(QTextBrowser *view, const QString &linkText, int occurrence = 0)
{
    QTextCursor found(view->document());
    for (int i = 0; i <= occurrence; ++i) {
        found = view->document()->find(linkText, found);
        if (found.isNull())
            return false;
    }
    QTextCursor middle(view->document());
    // A cursor's format is the one of the character before it: at least one character in.
    middle.setPosition(
        std::max(found.selectionStart() + 1, (found.selectionStart() + found.selectionEnd()) / 2));
    if (!middle.charFormat().isAnchor())
        return false; // the text is there, but not as a link
    view->setTextCursor(middle);
    view->ensureCursorVisible();
    // Between the link's first and last character: on the link, also when it is one wide.
    QTextCursor first(view->document());
    first.setPosition(found.selectionStart());
    QTextCursor last(view->document());
    last.setPosition(found.selectionEnd());
    const QPoint point = (view->cursorRect(first).center() + view->cursorRect(last).center()) / 2;
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, point);
    return true;
}

/** Selects the first occurrence of text in the view, as a drag with the mouse would. */
inline bool selectText(QTextBrowser *view, const QString &text)
{
    const QTextCursor found = view->document()->find(text);
    if (found.isNull())
        return false;
    view->setTextCursor(found);
    return view->textCursor().hasSelection();
}
