// RegistryStore: what the explorer remembers about registries, in a QSettings ini file.

#include "registries/registrystore.h"
#include "registrytestsupport.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Layerscope;

class TestRegistryStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void roundTrip_data();
    void roundTrip();
    void shorterListLeavesNothingBehind();
    void recentMostRecentFirstWithoutDuplicates();
    void recentCappedAtTwenty();
    void recentPerHost();
    void neverStoresCredentials();

private:
    QString iniPath() const { return m_dir->filePath(QStringLiteral("layerscope.ini")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestRegistryStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestRegistryStore::roundTrip_data()
{
    QTest::addColumn<QList<RegistryEntry>>("entries");
    QTest::addRow("none") << QList<RegistryEntry>{};
    QTest::addRow("one") << QList<RegistryEntry>{makeEntry(QStringLiteral("ghcr.io"))};
    QTest::addRow("names, ports, insecure") << QList<RegistryEntry>{
        makeEntry(QStringLiteral("quay.io"), QStringLiteral("Quay")),
        makeEntry(QStringLiteral("127.0.0.1:5000"), QStringLiteral("Local"), true),
        makeEntry(QStringLiteral("[::1]:5000"), {}, true),
        makeEntry(QStringLiteral("registry.example.com:443"), QStringLiteral("Ünïcode name"))};
}

void TestRegistryStore::roundTrip()
{
    QFETCH(QList<RegistryEntry>, entries);
    {
        QSettings settings(iniPath(), QSettings::IniFormat);
        RegistryStore store(&settings);
        store.setSavedRegistries(entries);
        QCOMPARE(store.savedRegistries(), entries);
    }
    // Read back by a new QSettings from the file itself.
    QSettings settings(iniPath(), QSettings::IniFormat);
    RegistryStore store(&settings);
    QCOMPARE(store.savedRegistries(), entries);
}

void TestRegistryStore::shorterListLeavesNothingBehind()
{
    QSettings settings(iniPath(), QSettings::IniFormat);
    RegistryStore store(&settings);
    store.setSavedRegistries({makeEntry(QStringLiteral("a.example")),
                              makeEntry(QStringLiteral("b.example")),
                              makeEntry(QStringLiteral("c.example"))});
    store.setSavedRegistries({makeEntry(QStringLiteral("b.example"))});
    settings.sync();
    QSettings reread(iniPath(), QSettings::IniFormat);
    QCOMPARE(RegistryStore(&reread).savedRegistries(),
             QList<RegistryEntry>{makeEntry(QStringLiteral("b.example"))});
    QFile file(iniPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    QVERIFY2(!content.contains("a.example") && !content.contains("c.example"), content.constData());
}

void TestRegistryStore::recentMostRecentFirstWithoutDuplicates()
{
    QSettings settings(iniPath(), QSettings::IniFormat);
    RegistryStore store(&settings);
    const QString host = QStringLiteral("127.0.0.1:5000");
    QVERIFY(store.recentRepositories(host).isEmpty());
    store.addRecentRepository(host, QStringLiteral("library/alpine"));
    store.addRecentRepository(host, QStringLiteral("fixtures/docker-app"));
    store.addRecentRepository(host, QStringLiteral("library/alpine"));
    store.addRecentRepository(host, QString());
    QCOMPARE(
        store.recentRepositories(host),
        (QStringList{QStringLiteral("library/alpine"), QStringLiteral("fixtures/docker-app")}));
    settings.sync();
    QSettings reread(iniPath(), QSettings::IniFormat);
    QCOMPARE(
        RegistryStore(&reread).recentRepositories(host),
        (QStringList{QStringLiteral("library/alpine"), QStringLiteral("fixtures/docker-app")}));
}

void TestRegistryStore::recentCappedAtTwenty()
{
    QSettings settings(iniPath(), QSettings::IniFormat);
    RegistryStore store(&settings);
    const QString host = QStringLiteral("ghcr.io");
    for (int i = 0; i < 30; ++i)
        store.addRecentRepository(host, QStringLiteral("org/app-%1").arg(i));
    const QStringList recent = store.recentRepositories(host);
    QCOMPARE(recent.size(), RegistryStore::MaxRecentRepositories);
    QCOMPARE(recent.size(), 20);
    QCOMPARE(recent.first(), QStringLiteral("org/app-29"));
    QCOMPARE(recent.last(), QStringLiteral("org/app-10"));
    // An old one opened again moves to the front; the list stays at 20.
    store.addRecentRepository(host, QStringLiteral("org/app-15"));
    QCOMPARE(store.recentRepositories(host).first(), QStringLiteral("org/app-15"));
    QCOMPARE(store.recentRepositories(host).size(), 20);
    QCOMPARE(store.recentRepositories(host).count(QStringLiteral("org/app-15")), 1);
}

void TestRegistryStore::recentPerHost()
{
    QSettings settings(iniPath(), QSettings::IniFormat);
    RegistryStore store(&settings);
    store.addRecentRepository(QStringLiteral("docker.io"), QStringLiteral("library/alpine"));
    store.addRecentRepository(QStringLiteral("ghcr.io"), QStringLiteral("org/app"));
    QCOMPARE(store.recentRepositories(QStringLiteral("docker.io")),
             QStringList{QStringLiteral("library/alpine")});
    QCOMPARE(store.recentRepositories(QStringLiteral("ghcr.io")),
             QStringList{QStringLiteral("org/app")});
    QVERIFY(store.recentRepositories(QStringLiteral("quay.io")).isEmpty());
}

void TestRegistryStore::neverStoresCredentials()
{
    {
        QSettings settings(iniPath(), QSettings::IniFormat);
        RegistryStore store(&settings);
        // A host with user information is refused whole, not stored with its password.
        store.setSavedRegistries({makeEntry(QStringLiteral("alice:s3cr3t-pw@registry.example")),
                                  makeEntry(QStringLiteral("ghcr.io"), QStringLiteral("GitHub"))});
        store.addRecentRepository(QStringLiteral("bob:hunter2@quay.io"), QStringLiteral("x/y"));
        store.addRecentRepository(QStringLiteral("ghcr.io"), QStringLiteral("org/app"));
        QCOMPARE(
            store.savedRegistries(),
            QList<RegistryEntry>{makeEntry(QStringLiteral("ghcr.io"), QStringLiteral("GitHub"))});
    }
    QFile file(iniPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll().toLower();
    QVERIFY(content.contains("ghcr.io"));
    for (const char *secret : {"s3cr3t", "hunter2", "password", "token", "alice", "@"})
        QVERIFY2(!content.contains(secret), secret);
}

QTEST_GUILESS_MAIN(TestRegistryStore)
#include "tst_registrystore.moc"
