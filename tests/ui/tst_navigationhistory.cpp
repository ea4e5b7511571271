#include "navigationhistory.h"

#include <QTest>

using namespace Layerscope;

namespace {

Place place(const QString &text)
{
    const auto reference = ImageReference::parse(text);
    if (!reference)
        return Place{text, {}, {}, {}, {}};
    return Place::fromReference(*reference);
}

} // namespace

class TestNavigationHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void placeFromReference_data();
    void placeFromReference();
    void placeSettingsRoundTrip();
    void placeFromBadSettings_data();
    void placeFromBadSettings();
    void backAndForward();
    void visitDropsForward();
    void visitingCurrentChangesNothing();
    void replaceCurrent();
    void capacity();
};

void TestNavigationHistory::placeFromReference_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("registry");
    QTest::addColumn<QString>("repository");
    QTest::addColumn<QString>("tag");
    QTest::addColumn<QString>("digest");
    QTest::addColumn<QString>("shown");
    const QString digest = QStringLiteral("sha256:") + QString(64, QLatin1Char('a'));
    QTest::addRow("bare name") << "alpine"
                               << "docker.io"
                               << "library/alpine" << QString() << QString()
                               << "docker.io/library/alpine";
    QTest::addRow("tag") << "alpine:3.19"
                         << "docker.io"
                         << "library/alpine"
                         << "3.19" << QString() << "docker.io/library/alpine:3.19";
    QTest::addRow("other registry") << "ghcr.io/org/app:1.0"
                                    << "ghcr.io"
                                    << "org/app"
                                    << "1.0" << QString() << "ghcr.io/org/app:1.0";
    QTest::addRow("loopback with port")
        << QStringLiteral("127.0.0.1:5000/fixtures/multiarch@") + digest << "127.0.0.1:5000"
        << "fixtures/multiarch" << QString() << digest
        << QStringLiteral("127.0.0.1:5000/fixtures/multiarch@") + digest;
    QTest::addRow("tag and digest") << QStringLiteral("quay.io/a/b:2@") + digest << "quay.io"
                                    << "a/b"
                                    << "2" << digest << QStringLiteral("quay.io/a/b:2@") + digest;
}

void TestNavigationHistory::placeFromReference()
{
    QFETCH(QString, text);
    QFETCH(QString, registry);
    QFETCH(QString, repository);
    QFETCH(QString, tag);
    QFETCH(QString, digest);
    QFETCH(QString, shown);
    const auto reference = ImageReference::parse(text);
    QVERIFY(reference);
    const Place result = Place::fromReference(*reference);
    QCOMPARE(result.registry, registry);
    QCOMPARE(result.repository, repository);
    QCOMPARE(result.tag, tag);
    QCOMPARE(result.digest, digest);
    QCOMPARE(result.toString(), shown);
    QCOMPARE(result.hasImage(), !tag.isEmpty() || !digest.isEmpty());
    if (result.hasImage()) {
        const auto back = result.imageReference();
        QVERIFY(back);
        QCOMPARE(*back, *reference);
    } else {
        QVERIFY(!result.imageReference());
    }
}

void TestNavigationHistory::placeSettingsRoundTrip()
{
    Place original = place(QStringLiteral("127.0.0.1:5000/fixtures/multiarch:3.0"));
    original.platform = QStringLiteral("linux/arm64/v8");
    QCOMPARE(Place::fromVariant(original.toVariant()), original);
    const Place registryOnly{QStringLiteral("ghcr.io"), {}, {}, {}, {}};
    QCOMPARE(Place::fromVariant(registryOnly.toVariant()), registryOnly);
}

void TestNavigationHistory::placeFromBadSettings_data()
{
    QTest::addColumn<QVariantMap>("value");
    const auto map = [](const QString &registry, const QString &repository, const QString &tag,
                        const QString &digest) {
        return QVariantMap{{QStringLiteral("registry"), registry},
                           {QStringLiteral("repository"), repository},
                           {QStringLiteral("tag"), tag},
                           {QStringLiteral("digest"), digest}};
    };
    QTest::addRow("empty") << QVariantMap();
    QTest::addRow("bad registry") << map(QStringLiteral("not a host"), {}, {}, {});
    QTest::addRow("upper-case repository")
        << map(QStringLiteral("docker.io"), QStringLiteral("Library/Alpine"), {}, {});
    QTest::addRow("bad tag") << map(QStringLiteral("docker.io"), QStringLiteral("library/alpine"),
                                    QStringLiteral("-x"), {});
    QTest::addRow("bad digest") << map(QStringLiteral("docker.io"),
                                       QStringLiteral("library/alpine"), {},
                                       QStringLiteral("sha256:1234"));
}

void TestNavigationHistory::placeFromBadSettings()
{
    QFETCH(QVariantMap, value);
    QVERIFY(Place::fromVariant(value).isNull());
}

void TestNavigationHistory::backAndForward()
{
    NavigationHistory history;
    QVERIFY(history.current().isNull());
    QVERIFY(!history.canGoBack());
    QVERIFY(history.back().isNull());
    const Place a = place(QStringLiteral("docker.io"));
    const Place b = place(QStringLiteral("alpine"));
    const Place c = place(QStringLiteral("alpine:3.19"));
    history.visit(a);
    history.visit(b);
    history.visit(c);
    QCOMPARE(history.places().size(), 3);
    QCOMPARE(history.back(), b);
    QCOMPARE(history.back(), a);
    QVERIFY(!history.canGoBack());
    QVERIFY(history.back().isNull());
    QCOMPARE(history.current(), a);
    QCOMPARE(history.forward(), b);
    QCOMPARE(history.forward(), c);
    QVERIFY(!history.canGoForward());
    QVERIFY(history.forward().isNull());
}

void TestNavigationHistory::visitDropsForward()
{
    NavigationHistory history;
    history.visit(place(QStringLiteral("a")));
    history.visit(place(QStringLiteral("b")));
    history.visit(place(QStringLiteral("c")));
    history.back();
    history.back();
    history.visit(place(QStringLiteral("d")));
    QCOMPARE(history.places().size(), 2);
    QVERIFY(!history.canGoForward());
    QCOMPARE(history.current(), place(QStringLiteral("d")));
    QCOMPARE(history.back(), place(QStringLiteral("a")));
}

void TestNavigationHistory::visitingCurrentChangesNothing()
{
    NavigationHistory history;
    history.visit(place(QStringLiteral("a")));
    history.visit(place(QStringLiteral("a")));
    history.visit(Place());
    QCOMPARE(history.places().size(), 1);
}

void TestNavigationHistory::replaceCurrent()
{
    NavigationHistory history;
    history.replaceCurrent(place(QStringLiteral("alpine:1")));
    QCOMPARE(history.places().size(), 1);
    history.replaceCurrent(place(QStringLiteral("alpine:2")));
    history.replaceCurrent(place(QStringLiteral("alpine:3")));
    QCOMPARE(history.places().size(), 1);
    QCOMPARE(history.current(), place(QStringLiteral("alpine:3")));
    history.replaceCurrent(Place());
    QCOMPARE(history.current(), place(QStringLiteral("alpine:3")));
}

void TestNavigationHistory::capacity()
{
    NavigationHistory history;
    for (int i = 0; i < NavigationHistory::Capacity + 20; ++i)
        history.visit(place(QStringLiteral("repo-%1").arg(i)));
    QCOMPARE(history.places().size(), NavigationHistory::Capacity);
    QCOMPARE(history.places().first(), place(QStringLiteral("repo-20")));
    QCOMPARE(history.currentIndex(), NavigationHistory::Capacity - 1);
}

QTEST_GUILESS_MAIN(TestNavigationHistory)
#include "tst_navigationhistory.moc"
