// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "secondinstance.h"

#include "instanceclient.h"

#include <QCoreApplication>

#include <cstdio>

namespace {

void say(FILE *stream, const QString &line)
{
    std::fprintf(stream, "%s\n", qUtf8Printable(line));
    std::fflush(stream);
}

} // namespace

int SecondInstance::showRunningWindow(const DiscoveryFile::Info &running, QString *notShown)
{
    const InstanceClient::Reply reply =
        InstanceClient(running).post(QStringLiteral("/app/show"), {}, AnswerTimeoutMs);
    const QString where =
        QStringLiteral("%1 (pid %2)").arg(running.url.toString()).arg(running.pid);
    if (!reply.ok() || !reply.json.contains(QLatin1String("shown"))) {
        const QString why = reply.ok() ? QStringLiteral("HTTP %1").arg(reply.status) : reply.error;
        say(stderr,
            QStringLiteral("attache: Attache is already running at %1 but did not answer "
                           "(%2); its server may be paused.")
                .arg(where, why));
        if (notShown)
            *notShown = QCoreApplication::translate(
                            "SecondInstance",
                            "Attache is already running (%1), but it did not answer (%2); its "
                            "server may be paused. Open its window from the tray icon, or quit "
                            "it and start Attache again.")
                            .arg(where, why);
        return 1;
    }
    if (reply.json.value(QLatin1String("shown")).toBool())
        say(stdout,
            QStringLiteral("Attache is already running at %1; its window is now in front.")
                .arg(where));
    else
        say(stdout,
            QStringLiteral("Attache is already running headless at %1, with no window to show.")
                .arg(where));
    if (notShown && !reply.json.value(QLatin1String("shown")).toBool())
        *notShown = QCoreApplication::translate(
                        "SecondInstance",
                        "Attache is already running in the background, without a window (%1). "
                        "Editors and scripts can use it. To use the window, quit that instance "
                        "(for example: kill %2), then start Attache again.")
                        .arg(where)
                        .arg(running.pid);
    return 0;
}
