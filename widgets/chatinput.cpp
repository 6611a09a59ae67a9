// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatinput.h"

#include <QAbstractTextDocumentLayout>
#include <QDir>
#include <QDragEnterEvent>
#include <QMimeData>

#include <algorithm>

namespace {

constexpr int MinimumLines = 2;

} // namespace

ChatInput::ChatInput(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setTabChangesFocus(true); // Tab leaves the box (Shift+Tab back); it never types a tab
    setAcceptDrops(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // The plain-text layout counts its size in lines: wrapped ones included.
    connect(document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
            &ChatInput::fit);
    fit();
}

int ChatInput::heightFor(int lines) const
{
    const QMargins margins = contentsMargins();
    return fontMetrics().lineSpacing() * lines + int(document()->documentMargin() * 2)
        + margins.top() + margins.bottom() + frameWidth() * 2;
}

QSize ChatInput::sizeHint() const
{
    // Visual lines (wrapped ones count): the box grows as the text does.
    const int lines = int(document()->documentLayout()->documentSize().height());
    const int wanted = heightFor(std::max(MinimumLines, lines));
    const int most = std::max(m_maximum, heightFor(MinimumLines));
    return { QPlainTextEdit::sizeHint().width(), std::min(wanted, most) };
}

QSize ChatInput::minimumSizeHint() const
{
    return { 80, heightFor(MinimumLines) };
}

void ChatInput::setMaximumGrowth(int pixels)
{
    m_maximum = pixels;
    fit();
}

void ChatInput::fit()
{
    const int height = sizeHint().height();
    if (height != this->height())
        setFixedHeight(height);
}

void ChatInput::attachFiles(const QStringList &paths, const QString &root)
{
    m_refused.clear();
    QStringList refs;
    const QDir base(root);
    for (const QString &path : paths) {
        QString shown = QDir::cleanPath(path);
        if (!root.isEmpty()) {
            const QString relative = base.relativeFilePath(shown);
            if (!relative.startsWith(QLatin1String("..")))
                shown = relative;
        }
        if (shown.contains(QLatin1Char(' '))) {
            m_refused.append(path); // "@path" ends at a space
            continue;
        }
        refs.append(QLatin1Char('@') + shown);
    }
    if (refs.isEmpty())
        return;
    QTextCursor cursor = textCursor();
    const QString before = toPlainText().left(cursor.position());
    QString text = refs.join(QLatin1Char(' ')) + QLatin1Char(' ');
    if (!before.isEmpty() && !before.back().isSpace())
        text.prepend(QLatin1Char(' '));
    cursor.insertText(text);
    setTextCursor(cursor);
}

void ChatInput::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
    else
        QPlainTextEdit::dragEnterEvent(event);
}

void ChatInput::dragMoveEvent(QDragMoveEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
    else
        QPlainTextEdit::dragMoveEvent(event);
}

void ChatInput::dropEvent(QDropEvent *event)
{
    if (!event->mimeData()->hasUrls()) {
        QPlainTextEdit::dropEvent(event);
        return;
    }
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    }
    event->acceptProposedAction();
    if (!paths.isEmpty())
        Q_EMIT filesDropped(paths);
}
