// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>
#include <QRegularExpression>
#include <QString>
#include <QTest>
#include <QtGlobal>

namespace attachewarnings {

inline QtMessageHandler &testlibHandler()
{
    static QtMessageHandler handler = nullptr;
    return handler;
}

// Qt Test matches a message by its text alone; this puts the category in front of Attache's own
// warnings ("attache.server: …") on their way to Qt Test's handler.
inline void nameAttacheCategories(QtMsgType type, const QMessageLogContext &context,
                                  const QString &message)
{
    const bool ours =
        type == QtWarningMsg && context.category && qstrncmp(context.category, "attache.", 8) == 0;
    testlibHandler()(type, context,
                     ours ? QLatin1String(context.category) + QLatin1String(": ") + message
                          : message);
}

} // namespace attachewarnings

/**
 * Call in init(): a warning from one of Attache's own logging categories (attache.engine,
 * attache.server, attache.gui) then fails the test function, unless it declared the warning with
 * QTest::ignoreMessage(QtWarningMsg, QRegularExpression("^attache\\.engine: …")), which Qt Test
 * checks first. Qt's own warnings are left as they are.
 */
inline void failOnAttacheWarnings()
{
    using namespace attachewarnings;
    if (!testlibHandler())
        testlibHandler() = qInstallMessageHandler(nameAttacheCategories);
    QTest::failOnWarning(QRegularExpression(QStringLiteral("^attache\\.")));
}
