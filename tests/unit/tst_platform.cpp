#include "values/platform.h"

#include <QTest>

using namespace Layerscope;

class TestPlatform : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void toStringAndUnknown();
};

void TestPlatform::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("os");
    QTest::addColumn<QString>("architecture");
    QTest::addColumn<QString>("variant");

    QTest::addRow("os/arch") << QStringLiteral("linux/amd64") << true << QStringLiteral("linux")
                             << QStringLiteral("amd64") << QString();
    QTest::addRow("os/arch/variant")
        << QStringLiteral("linux/arm64/v8") << true << QStringLiteral("linux")
        << QStringLiteral("arm64") << QStringLiteral("v8");
    QTest::addRow("windows") << QStringLiteral("windows/amd64") << true << QStringLiteral("windows")
                             << QStringLiteral("amd64") << QString();
    QTest::addRow("one part") << QStringLiteral("linux") << false << QString() << QString()
                              << QString();
    QTest::addRow("four parts") << QStringLiteral("linux/arm/v7/x") << false << QString()
                                << QString() << QString();
    QTest::addRow("empty part") << QStringLiteral("linux//v7") << false << QString() << QString()
                                << QString();
    QTest::addRow("upper case") << QStringLiteral("Linux/AMD64") << false << QString() << QString()
                                << QString();
    QTest::addRow("empty") << QString() << false << QString() << QString() << QString();
}

void TestPlatform::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, os);
    QFETCH(QString, architecture);
    QFETCH(QString, variant);

    const Result<Platform> platform = Platform::parse(text);
    QCOMPARE(platform.ok(), valid);
    if (!valid) {
        QVERIFY(platform.error().message().contains(u"os/architecture"));
        return;
    }
    QCOMPARE(platform->os, os);
    QCOMPARE(platform->architecture, architecture);
    QCOMPARE(platform->variant, variant);
    QCOMPARE(platform->toString(), text);
}

void TestPlatform::toStringAndUnknown()
{
    Platform platform;
    QVERIFY(platform.isNull());
    platform.os = QStringLiteral("unknown");
    platform.architecture = QStringLiteral("unknown");
    QVERIFY(platform.isUnknown());
    QCOMPARE(platform.toString(), QStringLiteral("unknown/unknown"));
}

QTEST_GUILESS_MAIN(TestPlatform)
#include "tst_platform.moc"
