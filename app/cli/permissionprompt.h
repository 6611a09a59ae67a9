// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QObject>

#include <termios.h>

class QSocketNotifier;

namespace Cli {

/**
 * A tool's request for permission, asked in the terminal: the tool, its full arguments and a
 * write's diff, then "Allow? [y]es once / [s]ession / [a]lways / [N]o", answered with one key.
 * Another client may answer first: dismiss() takes the question away and says who did.
 */
class PermissionPrompt : public QObject
{
    Q_OBJECT
public:
    /** Whether the terminal can ask: stderr is one and a keyboard can be read (stdin, or
     * /dev/tty when stdin is a pipe). */
    static bool available();

    explicit PermissionPrompt(const QJsonObject &request, QObject *parent = nullptr);
    ~PermissionPrompt() override;

    QString id() const { return m_request.value(QLatin1String("id")).toString(); }
    QString callId() const { return m_request.value(QLatin1String("call")).toString(); }
    bool isOpen() const { return m_open; }

    /** Prints the request and the question, and starts reading keys. */
    void show();
    /** Ends the question without an answer from here; prints message in its place. */
    void dismiss(const QString &message);

Q_SIGNALS:
    void answered(bool allow, const QString &scope);

private:
    void onKey();
    void close();

    QJsonObject m_request;
    int m_fd = -1;
    bool m_ownsFd = false;
    bool m_open = false;
    bool m_restore = false;
    termios m_saved {};
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Cli
