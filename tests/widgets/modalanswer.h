// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QPointer>
#include <QTimer>

/** Clicks a button of the next modal message box as soon as it shows (for exec()'d dialogs). */
inline void answerNextMessageBox(QMessageBox::StandardButton button, QString *text = nullptr)
{
    auto *timer = new QTimer;
    auto *tries = new int(0);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, tries, button, text] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (box && box->isVisible()) {
            if (text)
                *text = box->text();
            if (QAbstractButton *target = box->button(button))
                target->click();
        } else if (++*tries < 250) {
            return; // not shown yet
        }
        timer->stop();
        timer->deleteLater();
        delete tries;
    });
    timer->start();
}
