// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachewarnings.h"
#include "clients/topicbus.h"
#include "eventorder.h"

#include <QSignalSpy>
#include <QTest>

/** Topic versions move at once; their notifications follow, one per topic and pass. */
class TestTopicBus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { failOnAttacheWarnings(); }
    void versionsMoveAtOnceNotificationsFollowOnce()
    {
        TopicBus bus;
        QSignalSpy changed(&bus, &TopicBus::topicChanged);
        const quint64 sessions = bus.version(QStringLiteral("sessions"));
        const quint64 history = bus.version(QStringLiteral("history"));

        bus.bump(QStringLiteral("sessions"));
        bus.bump(QStringLiteral("history"));
        bus.bump(QStringLiteral("sessions"));
        bus.bump(QStringLiteral("sessions"));
        // A client polling GET /topics sees the change before any notification goes out.
        QCOMPARE(bus.version(QStringLiteral("sessions")), sessions + 3);
        QCOMPARE(bus.version(QStringLiteral("history")), history + 1);
        QCOMPARE(changed.count(), 0);

        QTRY_COMPARE(changed.count(), 2);
        QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("sessions"));
        QCOMPARE(changed.at(0).at(1).toULongLong(), sessions + 3);
        QCOMPARE(changed.at(1).at(0).toString(), QStringLiteral("history"));
        QCOMPARE(changed.at(1).at(1).toULongLong(), history + 1);

        // The next change is notified again, and nothing else follows.
        bus.bump(QStringLiteral("sessions"));
        QTRY_COMPARE(changed.count(), 3);
        QCOMPARE(changed.at(2).at(1).toULongLong(), sessions + 4);
        QVERIFY(postedEventsDelivered());
        QCOMPARE(changed.count(), 3);
    }

    void unknownTopicsAreIgnored()
    {
        TopicBus bus;
        QSignalSpy changed(&bus, &TopicBus::topicChanged);
        bus.bump(QStringLiteral("weather"));
        QCOMPARE(bus.version(QStringLiteral("weather")), quint64(0));
        QVERIFY(postedEventsDelivered());
        QCOMPARE(changed.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTopicBus)
#include "tst_topicbus.moc"
