#include "demoregistry.h"
#include "operationwait.h"
#include "registry/listoperation.h"
#include "registry/manifestoperation.h"
#include "registry/registryclient.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Layerscope;

/// The demo starts its own docker-registry (not the harness's) and seeds it with the pusher.
class TestDemoRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsSeedsAndStops();
    void explainsWhatIsMissing();
};

void TestDemoRegistry::startsSeedsAndStops()
{
    auto demo = std::make_unique<DemoRegistry>();
    QSignalSpy ready(demo.get(), &DemoRegistry::ready);
    QSignalSpy failed(demo.get(), &DemoRegistry::failed);
    QSignalSpy messages(demo.get(), &DemoRegistry::message);
    demo->start();
    QVERIFY(ready.wait(240000) || !failed.isEmpty());
    QVERIFY2(failed.isEmpty(), qPrintable(demo->errorString()));
    QCOMPARE(demo->state(), DemoRegistry::State::Ready);
    QVERIFY(messages.size() >= 2);
    const QString hostPort = demo->hostPort();
    QCOMPARE(ready.first().first().toString(), hostPort);
    QVERIFY(hostPort.startsWith(QLatin1StringView("127.0.0.1:")));

    RegistryClient client(hostPort);
    auto *catalog = client.listRepositories(this);
    QVERIFY(waitForFinished(catalog));
    QVERIFY2(catalog->succeeded(), qPrintable(catalog->error().toString()));
    QVERIFY(catalog->items().contains(QStringLiteral("fixtures/multiarch")));
    QVERIFY(catalog->items().contains(QStringLiteral("fixtures/many-tags")));
    QVERIFY(catalog->items().contains(QStringLiteral("fixtures/fifty-layers")));
    auto *manifest
        = client.fetchManifest(QStringLiteral("fixtures/multiarch"), QStringLiteral("3.0"), this);
    QVERIFY(waitForFinished(manifest));
    QVERIFY2(manifest->succeeded(), qPrintable(manifest->error().toString()));

    // Deleting the demo stops its registry: nothing listens on the port any more.
    demo.reset();
    QTcpSocket socket;
    const QStringList parts = hostPort.split(QLatin1Char(':'));
    socket.connectToHost(parts.at(0), parts.at(1).toUShort());
    QVERIFY(!socket.waitForConnected(3000));
}

void TestDemoRegistry::explainsWhatIsMissing()
{
    QTemporaryDir empty;
    QVERIFY(empty.isValid());
    DemoRegistry demo;
    demo.setSearchPaths({empty.path()});
    QSignalSpy failed(&demo, &DemoRegistry::failed);
    demo.start();
    QVERIFY(failed.size() == 1 || failed.wait(5000));
    QCOMPARE(demo.state(), DemoRegistry::State::Failed);
    QVERIFY2(demo.errorString().contains(QLatin1StringView("apt install docker-registry")),
             qPrintable(demo.errorString()));
}

QTEST_GUILESS_MAIN(TestDemoRegistry)
#include "tst_demoregistry.moc"
