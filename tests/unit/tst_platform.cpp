#include "values/imageindex.h"
#include "values/platform.h"

#include "testdata.h"

#include <QTest>

using namespace Layerscope;

class TestPlatform : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void toStringAndUnknown();
    void matching_data();
    void matching();
    void hostIsNormalized();
    void selectFromIndex_data();
    void selectFromIndex();
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

void TestPlatform::matching_data()
{
    QTest::addColumn<QString>("entry");
    QTest::addColumn<QString>("wanted");
    QTest::addColumn<bool>("matches");
    const auto row = [](const char *entry, const char *wanted, bool matches) {
        QTest::addRow("%s vs %s", entry, wanted)
            << QString::fromLatin1(entry) << QString::fromLatin1(wanted) << matches;
    };
    row("linux/amd64", "linux/amd64", true);
    row("linux/amd64", "linux/arm64", false);
    row("linux/arm64/v8", "linux/arm64", true); // arm64 means v8
    row("linux/arm64", "linux/arm64/v8", true);
    row("linux/arm/v7", "linux/arm", true); // arm means v7
    row("linux/arm/v6", "linux/arm", false);
    row("linux/arm/v6", "linux/arm/v6", true);
    row("linux/x86_64", "linux/amd64", true);
    row("linux/aarch64", "linux/arm64/v8", true);
    row("windows/amd64", "linux/amd64", false);
    row("linux/amd64/v1", "linux/amd64", true);
    row("linux/amd64/v3", "linux/amd64", false);
    row("unknown/unknown", "linux/amd64", false);
}

void TestPlatform::matching()
{
    QFETCH(QString, entry);
    QFETCH(QString, wanted);
    QFETCH(bool, matches);
    const QStringList parts = entry.split(u'/');
    Platform platform;
    platform.os = parts.value(0);
    platform.architecture = parts.value(1);
    platform.variant = parts.value(2);
    QCOMPARE(platform.matches(Platform::parse(wanted).value()), matches);
}

void TestPlatform::hostIsNormalized()
{
    const Platform host = Platform::host();
    QCOMPARE(host.os, QStringLiteral("linux"));
    QVERIFY(!host.architecture.isEmpty());
    QCOMPARE(host, host.normalized());
    QVERIFY(host.matches(host));
}

void TestPlatform::selectFromIndex_data()
{
    QTest::addColumn<QString>("wanted");
    QTest::addColumn<QString>("digestStart"); // empty: no image
    // Docker Hub's manifest list from the OCI image spec's tests.
    QTest::addRow("amd64") << QStringLiteral("linux/amd64") << QStringLiteral("sha256:ae1b0e06");
    QTest::addRow("arm64 means v8") << QStringLiteral("linux/arm64") << QStringLiteral("sha256:");
    QTest::addRow("arm means v7") << QStringLiteral("linux/arm") << QStringLiteral("sha256:");
    QTest::addRow("no 386") << QStringLiteral("linux/386") << QString();
}

void TestPlatform::selectFromIndex()
{
    QFETCH(QString, wanted);
    QFETCH(QString, digestStart);
    const auto index = ImageIndex::parse(TestData::read(
        QStringLiteral("manifests/imagespec_dockerhub/docker_manifest_list_0.json")));
    QVERIFY(index.ok());
    const std::optional<Descriptor> chosen = (*index)->selectImage(Platform::parse(wanted).value());
    if (digestStart.isEmpty()) {
        QVERIFY(!chosen);
        return;
    }
    QVERIFY(chosen);
    QVERIFY(chosen->digest.toString().startsWith(digestStart));
    QVERIFY(chosen->platform->matches(Platform::parse(wanted).value()));
}

QTEST_GUILESS_MAIN(TestPlatform)
#include "tst_platform.moc"
