#include "transport/ratelimit.h"
#include "transport/registryerror.h"

#include <QTest>

using namespace Layerscope;
using Category = RegistryError::Category;

class TestRegistryError : public QObject
{
    Q_OBJECT

private slots:
    void redacted_data();
    void redacted();
    void oneLine();
    void transient_data();
    void transient();
    void rateLimit_data();
    void rateLimit();
};

void TestRegistryError::redacted_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected");
    QTest::addRow("plain") << QStringLiteral("https://r.example/v2/a/manifests/1")
                           << QStringLiteral("https://r.example/v2/a/manifests/1");
    QTest::addRow("user info") << QStringLiteral("https://alice:secret@r.example/v2/")
                               << QStringLiteral("https://r.example/v2/");
    QTest::addRow("token query")
        << QStringLiteral("https://auth.example/token?service=r&token=abc&scope=repository:a:pull")
        << QStringLiteral(
               "https://auth.example/token?service=r&token=REDACTED&scope=repository:a:pull");
    QTest::addRow("signed blob URL")
        << QStringLiteral(
               "https://s3.example/blob?X-Amz-Signature=deadbeef&X-Amz-Credential=AKIA&x=1")
        << QStringLiteral(
               "https://s3.example/blob?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED&x=1");
    QTest::addRow("password") << QStringLiteral("http://h/p?password=hunter2")
                              << QStringLiteral("http://h/p?password=REDACTED");
}

void TestRegistryError::redacted()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    QCOMPARE(RegistryError::redacted(QUrl(url)).toString(), expected);
}

void TestRegistryError::oneLine()
{
    RegistryError error(Category::NotFound, QStringLiteral("MANIFEST_UNKNOWN: manifest unknown"));
    error
        .setRequest("GET",
                    QUrl(QStringLiteral("https://alice:pw@r.example/v2/a/manifests/1?token=t")))
        .setHttpStatus(404);
    const QString line = error.toString();
    QCOMPARE(line,
             QStringLiteral("GET https://r.example/v2/a/manifests/1?token=REDACTED: not found "
                            "(HTTP 404): MANIFEST_UNKNOWN: manifest unknown"));
    QVERIFY(!line.contains(u"alice"));
    QVERIFY(!line.contains(u"pw"));
    QVERIFY(!line.contains(u'\n'));
    QVERIFY(!RegistryError().isError());
    QVERIFY(error.isError());
}

void TestRegistryError::transient_data()
{
    QTest::addColumn<int>("category");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("transient");
    QTest::addRow("rate limited") << int(Category::RateLimited) << 429 << true;
    QTest::addRow("timeout") << int(Category::Timeout) << 0 << true;
    QTest::addRow("network") << int(Category::Network) << 0 << true;
    QTest::addRow("503") << int(Category::Server) << 503 << true;
    QTest::addRow("501") << int(Category::Server) << 501 << false;
    QTest::addRow("not found") << int(Category::NotFound) << 404 << false;
    QTest::addRow("unauthorized") << int(Category::Unauthorized) << 401 << false;
    QTest::addRow("digest mismatch") << int(Category::DigestMismatch) << 200 << false;
    QTest::addRow("tls") << int(Category::Tls) << 0 << false;
}

void TestRegistryError::transient()
{
    QFETCH(int, category);
    QFETCH(int, status);
    QFETCH(bool, transient);
    RegistryError error(Category(category), QStringLiteral("x"));
    error.setHttpStatus(status);
    QCOMPARE(error.isTransient(), transient);
}

void TestRegistryError::rateLimit_data()
{
    QTest::addColumn<QByteArray>("limit");
    QTest::addColumn<QByteArray>("remaining");
    QTest::addColumn<int>("expectedLimit");
    QTest::addColumn<int>("expectedRemaining");
    QTest::addColumn<int>("window");
    // Docker Hub's form.
    QTest::addRow("docker hub") << QByteArray("100;w=21600") << QByteArray("76;w=21600") << 100
                                << 76 << 21600;
    QTest::addRow("bare numbers") << QByteArray("5000") << QByteArray("4999") << 5000 << 4999 << -1;
    QTest::addRow("absent") << QByteArray() << QByteArray() << -1 << -1 << -1;
    QTest::addRow("garbage") << QByteArray("lots") << QByteArray("-3") << -1 << -1 << -1;
    QTest::addRow("remaining only") << QByteArray() << QByteArray("7;w=60") << -1 << 7 << 60;
}

void TestRegistryError::rateLimit()
{
    QFETCH(QByteArray, limit);
    QFETCH(QByteArray, remaining);
    QFETCH(int, expectedLimit);
    QFETCH(int, expectedRemaining);
    QFETCH(int, window);
    const RateLimit parsed = RateLimit::fromHeaders(limit, remaining);
    QCOMPARE(parsed.limit, expectedLimit);
    QCOMPARE(parsed.remaining, expectedRemaining);
    QCOMPARE(parsed.windowSeconds, window);
    QCOMPARE(parsed.isKnown(), expectedLimit >= 0 || expectedRemaining >= 0);
}

QTEST_GUILESS_MAIN(TestRegistryError)
#include "tst_registryerror.moc"
