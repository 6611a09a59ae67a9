// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPlainTextEdit>

/**
 * The message box: grows with its text up to a limit (a third of the window, set by the chat),
 * and takes files dropped on it as "@path" references, which attach them to the message.
 */
class ChatInput : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit ChatInput(QWidget *parent = nullptr);

    /** The tallest it grows, in pixels. */
    void setMaximumGrowth(int pixels);
    /** Inserts "@path" references for files; paths inside root are written relative to it. */
    void attachFiles(const QStringList &paths, const QString &root);
    /** Files that cannot be referenced (a space in the path): what attachFiles left out. */
    QStringList refused() const { return m_refused; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    /** Files were dropped on the box; the chat attaches them. */
    void filesDropped(const QStringList &paths);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void fit();
    int heightFor(int lines) const;

    int m_maximum = 200;
    QStringList m_refused;
};
