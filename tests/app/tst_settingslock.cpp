// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "crashfixture.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTest>

#include <memory>

/** A restart after a kill that left settings.ini.lock empty: the server must not freeze on it. */
class TestSettingsLock : public CrashFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void halfMadeSettingsLockDoesNotFreezeTheServer();
    void cleanupTestCase();
};

void TestSettingsLock::initTestCase()
{
    QVERIFY(QFileInfo::exists(QStringLiteral(ATTACHE_BINARY)));
    QVERIFY(m_dir.isValid());
    QVERIFY(QDir().mkpath(path(QStringLiteral("data"))));
    m_clock.start();

    m_fake = std::make_unique<FakeProvider>();
    QVERIFY(m_fake->listen());
    m_network = std::make_unique<QNetworkAccessManager>();
    prepareEnvironment();
}

void TestSettingsLock::cleanupTestCase()
{
    tearDown();
}

// A SIGKILL between QLockFile creating settings.ini.lock and writing its owner into it (QSettings
// takes that lock on every sync, e.g. when a session is loaded or created) leaves the lock empty.
// QLockFile cannot tell whose it is and waits until it is 30 s old (or 30 s in the future, for a
// clock that went back). The kills of tst_crashsafety land there now and then; this makes the
// moment certain. The next start must not freeze on it.
void TestSettingsLock::halfMadeSettingsLockDoesNotFreezeTheServer()
{
    ++m_iteration;
    QFile::remove(discoveryPath());
    QVERIFY(QDir().mkpath(path(QStringLiteral("config/attache"))));
    const QString lockPath = path(QStringLiteral("config/attache/settings.ini.lock"));
    QFile lock(lockPath);
    QVERIFY(lock.open(QIODevice::WriteOnly | QIODevice::Truncate));
    // Dated 29 s ahead, the lock is not stale for the next 59 s, longer than the answers
    // below are waited for: a server that waited for it would not answer at all.
    QVERIFY(lock.setFileTime(QDateTime::currentDateTimeUtc().addSecs(29),
                             QFileDevice::FileModificationTime));
    lock.close();

    QVERIFY2(startChild(), qPrintable(m_problems.isEmpty() ? QString() : m_problems.constLast()));
    QElapsedTimer clock;
    clock.start();
    // Switching sessions syncs the settings; a client asking for /health meanwhile is the witness.
    QNetworkReply *created =
        send("POST", QStringLiteral("/session/new"),
             { { QStringLiteral("name"), QStringLiteral("After the crash") } });
    QNetworkReply *health = send("GET", QStringLiteral("/health"));
    int status = 0;
    int healthStatus = 0;
    qint64 took = -1;
    qint64 healthTook = -1;
    QJsonObject answer;
    connect(created, &QNetworkReply::finished, this, [&] {
        took = clock.elapsed();
        status = created->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (created->isOpen())
            answer = QJsonDocument::fromJson(created->readAll()).object();
    });
    connect(health, &QNetworkReply::finished, this, [&] {
        healthTook = clock.elapsed();
        healthStatus = health->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    });
    spinUntil([&] { return took >= 0 && healthTook >= 0; }, AnswerTimeoutMs + 2000);
    // The times are reported, not judged: the lock decides whether there is an answer at all.
    const QString verdict =
        QStringLiteral(
            "with the empty settings.ini.lock a kill leaves, POST /session/new answered %1 after "
            "%2 ms, GET /health %3 after %4 ms: the event loop blocks in QSettings::sync() "
            "until QLockFile takes the lock for stale, 30 s from its date")
            .arg(answered(status))
            .arg(took)
            .arg(answered(healthStatus))
            .arg(healthTook);
    killChild(KillMoment::AtRandomTime, QStringLiteral("end of the lock test"));
    reapChild();
    QFile::remove(lockPath); // whatever happened, the next test starts clean

    QVERIFY2(status == 201 && healthStatus == 200, qPrintable(verdict));
    QCOMPARE(
        answer.value(QLatin1String("session")).toObject().value(QLatin1String("name")).toString(),
        QStringLiteral("After the crash"));
}

QTEST_GUILESS_MAIN(TestSettingsLock)
#include "tst_settingslock.moc"
