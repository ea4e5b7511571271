// RegistryListModel over a RegistryStore (a temporary ini file) and a ClientPool whose states
// the test drives with noteError() and noteSuccess(), with credentials from a CredentialStore
// reading docker's and podman's files in a temporary folder (no keychain entry is ever noted
// in these settings, so the keychain is never asked).

#include "common/roles.h"
#include "registries/clientpool.h"
#include "registries/registrydelegate.h"
#include "registries/registrylistmodel.h"
#include "registries/registrystore.h"
#include "registry/registryclient.h"
#include "registrytestsupport.h"
#include "services/credentialstore.h"
#include "transport/ratelimit.h"
#include "transport/transport.h"

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Layerscope;
using ConnectionState = ClientPool::ConnectionState;
using Category = RegistryError::Category;

namespace {

const QString Secret = QStringLiteral("s3cr3t-Pa55");

QStringList hosts(const QAbstractItemModel &model)
{
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row)
        result.append(model.index(row, 0).data(RegistryListModel::HostRole).toString());
    return result;
}

} // namespace

class TestRegistryListModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void dockerHubAlwaysFirst();
    void addPersistentAndSessionOnly();
    void addExistingUpdatesAndPromotes();
    void removeRegistry();
    void roles();
    void stateText_data();
    void stateText();
    void errorsThatDoNotConcernTheRegistry_data();
    void errorsThatDoNotConcernTheRegistry();
    void stateChangesUpdateTheRow();
    void rateLimitText_data();
    void rateLimitText();
    void insecureChangeReplacesTheClient();
    void credentialRoles_data();
    void credentialRoles();
    void clientWaitsForTheLookup();
    void changedLooksUpAgain();

private:
    /// A credential store over m_dir's files, noting keychain users in m_settings.
    std::unique_ptr<CredentialStore> makeCredentialStore() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<RegistryStore> m_store;
};

void TestRegistryListModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")),
                                             QSettings::IniFormat);
    m_store = std::make_unique<RegistryStore>(m_settings.get());
}

void TestRegistryListModel::dockerHubAlwaysFirst()
{
    m_store->setSavedRegistries({makeEntry(QStringLiteral("ghcr.io")),
                                 makeEntry(QStringLiteral("quay.io"), QStringLiteral("Quay"))});
    ClientPool pool;
    RegistryListModel model(m_store.get(), &pool);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(hosts(model),
             (QStringList{QStringLiteral("docker.io"), QStringLiteral("ghcr.io"),
                          QStringLiteral("quay.io")}));
    const QModelIndex hub = model.index(0, 0);
    QCOMPARE(hub.data().toString(), QStringLiteral("Docker Hub"));
    QCOMPARE(hub.data(RegistryListModel::RemovableRole).toBool(), false);
    QCOMPARE(hub.data(RegistryListModel::PersistentRole).toBool(), true);
    QCOMPARE(model.index(2, 0).data().toString(), QStringLiteral("Quay"));
    QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("ghcr.io"));

    // Neither adding nor removing touches Docker Hub.
    model.addRegistry(makeEntry(QStringLiteral("docker.io"), QStringLiteral("Hub?")), true);
    model.removeRegistry(QStringLiteral("docker.io"));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Docker Hub"));
    QVERIFY(m_store->savedRegistries().size() == 2);
}

void TestRegistryListModel::addPersistentAndSessionOnly()
{
    {
        ClientPool pool;
        RegistryListModel model(m_store.get(), &pool);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.addRegistry(makeEntry(QStringLiteral("127.0.0.1:5000"), QStringLiteral("Demo")),
                          false);
        model.addRegistry(makeEntry(QStringLiteral("ghcr.io")), true);
        model.addRegistry(makeEntry(QStringLiteral("quay.io")), true);
        // Saved ones before the session-only ones.
        QCOMPARE(hosts(model),
                 (QStringList{QStringLiteral("docker.io"), QStringLiteral("ghcr.io"),
                              QStringLiteral("quay.io"), QStringLiteral("127.0.0.1:5000")}));
        QCOMPARE(model.indexOfHost(QStringLiteral("127.0.0.1:5000"))
                     .data(RegistryListModel::PersistentRole)
                     .toBool(),
                 false);
        QCOMPARE(model.indexOfHost(QStringLiteral("ghcr.io"))
                     .data(RegistryListModel::PersistentRole)
                     .toBool(),
                 true);
        QCOMPARE(m_store->savedRegistries(),
                 (QList<RegistryEntry>{makeEntry(QStringLiteral("ghcr.io")),
                                       makeEntry(QStringLiteral("quay.io"))}));
    }
    // A new session sees the saved registries only.
    ClientPool pool;
    RegistryListModel model(m_store.get(), &pool);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(hosts(model),
             (QStringList{QStringLiteral("docker.io"), QStringLiteral("ghcr.io"),
                          QStringLiteral("quay.io")}));
    QVERIFY(!model.indexOfHost(QStringLiteral("127.0.0.1:5000")).isValid());
}

void TestRegistryListModel::addExistingUpdatesAndPromotes()
{
    ClientPool pool;
    RegistryListModel model(m_store.get(), &pool);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.addRegistry(makeEntry(QStringLiteral("a.example")), false);
    model.addRegistry(makeEntry(QStringLiteral("b.example")), false);
    model.addRegistry(makeEntry(QStringLiteral("c.example")), true);
    QCOMPARE(hosts(model),
             (QStringList{QStringLiteral("docker.io"), QStringLiteral("c.example"),
                          QStringLiteral("a.example"), QStringLiteral("b.example")}));
    // The session-only b.example is saved now: it moves up to the saved ones.
    model.addRegistry(makeEntry(QStringLiteral("b.example"), QStringLiteral("Bee"), true), true);
    QCOMPARE(hosts(model),
             (QStringList{QStringLiteral("docker.io"), QStringLiteral("c.example"),
                          QStringLiteral("b.example"), QStringLiteral("a.example")}));
    const QModelIndex bee = model.indexOfHost(QStringLiteral("b.example"));
    QCOMPARE(bee.data().toString(), QStringLiteral("Bee"));
    QCOMPARE(bee.data(RegistryListModel::InsecureRole).toBool(), true);
    QCOMPARE(bee.data(RegistryListModel::PersistentRole).toBool(), true);
    QCOMPARE(model.entry(bee), makeEntry(QStringLiteral("b.example"), QStringLiteral("Bee"), true));
    QCOMPARE(pool.entry(QStringLiteral("b.example")).insecure, true);
    QCOMPARE(m_store->savedRegistries(),
             (QList<RegistryEntry>{
                 makeEntry(QStringLiteral("c.example")),
                 makeEntry(QStringLiteral("b.example"), QStringLiteral("Bee"), true)}));
    // Adding a saved one again as session-only keeps it saved.
    model.addRegistry(makeEntry(QStringLiteral("c.example"), QStringLiteral("Sea")), false);
    QCOMPARE(m_store->savedRegistries().first(),
             makeEntry(QStringLiteral("c.example"), QStringLiteral("Sea")));
    QCOMPARE(model.rowCount(), 4);
}

void TestRegistryListModel::removeRegistry()
{
    m_store->setSavedRegistries(
        {makeEntry(QStringLiteral("ghcr.io")), makeEntry(QStringLiteral("quay.io"))});
    ClientPool pool;
    RegistryListModel model(m_store.get(), &pool);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.addRegistry(makeEntry(QStringLiteral("127.0.0.1:5000")), false);
    QVERIFY(pool.client(QStringLiteral("ghcr.io")));
    QVERIFY(pool.hasClient(QStringLiteral("ghcr.io")));

    model.removeRegistry(QStringLiteral("ghcr.io"));
    QCOMPARE(hosts(model),
             (QStringList{QStringLiteral("docker.io"), QStringLiteral("quay.io"),
                          QStringLiteral("127.0.0.1:5000")}));
    QCOMPARE(m_store->savedRegistries(),
             QList<RegistryEntry>{makeEntry(QStringLiteral("quay.io"))});
    QVERIFY(!pool.hasClient(QStringLiteral("ghcr.io")));

    model.removeRegistry(QStringLiteral("127.0.0.1:5000"));
    model.removeRegistry(QStringLiteral("not.listed"));
    QCOMPARE(hosts(model), (QStringList{QStringLiteral("docker.io"), QStringLiteral("quay.io")}));
    QCOMPARE(m_store->savedRegistries().size(), 1);
}

void TestRegistryListModel::roles()
{
    ClientPool pool;
    RegistryListModel model(m_store.get(), &pool);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.addRegistry(makeEntry(QStringLiteral("127.0.0.1:5000"), QStringLiteral("Local"), true),
                      false);
    const QModelIndex local = model.indexOfHost(QStringLiteral("127.0.0.1:5000"));
    QCOMPARE(local.row(), 1);
    QCOMPARE(local.data(Qt::DisplayRole).toString(), QStringLiteral("Local"));
    QCOMPARE(local.data(RegistryListModel::HostRole).toString(), QStringLiteral("127.0.0.1:5000"));
    QCOMPARE(local.data(RegistryListModel::DisplayNameRole).toString(), QStringLiteral("Local"));
    QCOMPARE(local.data(RegistryListModel::InsecureRole).toBool(), true);
    QCOMPARE(local.data(RegistryListModel::RemovableRole).toBool(), true);
    QCOMPARE(local.data(RegistryListModel::PersistentRole).toBool(), false);
    QCOMPARE(local.data(RegistryListModel::StateRole).value<ConnectionState>(),
             ConnectionState::Unknown);
    QCOMPARE(local.data(RegistryListModel::StateTextRole).toString(),
             QStringLiteral("Not connected"));
    QVERIFY(local.data(RegistryListModel::RateLimitTextRole).toString().isEmpty());
    QVERIFY(!local.data(Qt::DecorationRole).value<QIcon>().isNull());
    const QString tip = local.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("127.0.0.1:5000")) && tip.contains(u"Not connected"),
             qPrintable(tip));
    QVERIFY(local.data(ErrorRole).toString().isEmpty());
    QVERIFY(model.roleNames().contains(RegistryListModel::StateTextRole));
    QCOMPARE(model.entry(QModelIndex()).host, QString());
    QCOMPARE(model.indexOfHost(QStringLiteral("nowhere.example")), QModelIndex());
}

void TestRegistryListModel::stateText_data()
{
    QTest::addColumn<ConnectionState>("state");
    QTest::addColumn<QString>("text");
    QTest::addRow("unknown") << ConnectionState::Unknown << QStringLiteral("Not connected");
    QTest::addRow("connecting") << ConnectionState::Connecting << QStringLiteral("Connecting…");
    QTest::addRow("anonymous") << ConnectionState::Anonymous << QStringLiteral("Anonymous");
    QTest::addRow("signed in") << ConnectionState::SignedIn
                               << QStringLiteral("Signed in as alice · docker config.json");
    QTest::addRow("error") << ConnectionState::Error << QStringLiteral("Error: connection refused");
}

void TestRegistryListModel::stateText()
{
    QFETCH(ConnectionState, state);
    QFETCH(QString, text);
    const std::unique_ptr<CredentialStore> credentials = makeCredentialStore();
    ClientPool pool;
    RegistryListModel model(m_store.get(), &pool);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    // A port nothing listens on: connectTo() is Connecting until the refusal arrives, which
    // this test does not wait for.
    const QString host = QStringLiteral("127.0.0.1:9");
    model.addRegistry(makeEntry(host), false);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    switch (state) {
    case ConnectionState::Unknown:
        break;
    case ConnectionState::Connecting:
        pool.connectTo(host);
        break;
    case ConnectionState::Anonymous:
        pool.noteSuccess(host);
        break;
    case ConnectionState::SignedIn: {
        QVERIFY(writeFile(m_dir->filePath(QStringLiteral("docker/config.json")),
                          authsWith(host, QStringLiteral("alice"), Secret)));
        pool.setCredentialStore(credentials.get());
        QVERIFY(pool.client(host));
        QTRY_VERIFY(!pool.isLookingUpCredentials(host));
        pool.noteSuccess(host);
        break;
    }
    case ConnectionState::Error:
        pool.noteError(host,
                       RegistryError(Category::Network, QStringLiteral("connection refused")));
        break;
    }
    const QModelIndex index = model.indexOfHost(host);
    QCOMPARE(pool.state(host), state);
    QCOMPARE(pool.stateText(host), text);
    QCOMPARE(index.data(RegistryListModel::StateRole).value<ConnectionState>(), state);
    QCOMPARE(index.data(RegistryListModel::StateTextRole).toString(), text);
    QVERIFY(index.data(Qt::ToolTipRole).toString().contains(text));
    QCOMPARE(changes.isEmpty(), state == ConnectionState::Unknown);
    QCOMPARE(!index.data(ErrorRole).toString().isEmpty(), state == ConnectionState::Error);
    QCOMPARE(pool.lastError(host).isError(), state == ConnectionState::Error);
}

void TestRegistryListModel::errorsThatDoNotConcernTheRegistry_data()
{
    QTest::addColumn<Category>("category");
    QTest::addColumn<bool>("marksError");
    QTest::addRow("network") << Category::Network << true;
    QTest::addRow("tls") << Category::Tls << true;
    QTest::addRow("timeout") << Category::Timeout << true;
    QTest::addRow("unauthorized") << Category::Unauthorized << true;
    QTest::addRow("cancelled") << Category::Cancelled << false;
    QTest::addRow("not found") << Category::NotFound << false;
    QTest::addRow("denied") << Category::Denied << false;
    QTest::addRow("digest mismatch") << Category::DigestMismatch << false;
}

void TestRegistryListModel::errorsThatDoNotConcernTheRegistry()
{
    QFETCH(Category, category);
    QFETCH(bool, marksError);
    ClientPool pool;
    const QString host = QStringLiteral("ghcr.io");
    pool.noteSuccess(host);
    QSignalSpy changes(&pool, &ClientPool::stateChanged);
    pool.noteError(host, RegistryError(category, QStringLiteral("it failed")));
    QCOMPARE(pool.state(host), marksError ? ConnectionState::Error : ConnectionState::Anonymous);
    QCOMPARE(changes.size(), marksError ? 1 : 0);
    if (marksError) {
        QCOMPARE(pool.stateText(host), QStringLiteral("Error: it failed"));
        // Success later clears the error.
        pool.noteSuccess(host);
        QCOMPARE(pool.state(host), ConnectionState::Anonymous);
        QVERIFY(!pool.lastError(host).isError());
    }
}

void TestRegistryListModel::stateChangesUpdateTheRow()
{
    m_store->setSavedRegistries(
        {makeEntry(QStringLiteral("ghcr.io")), makeEntry(QStringLiteral("quay.io"))});
    ClientPool pool;
    RegistryListModel model(m_store.get(), &pool);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    pool.noteSuccess(QStringLiteral("quay.io"));
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.first().at(0).toModelIndex(), model.indexOfHost(QStringLiteral("quay.io")));
    // A host the list does not show changes no row.
    pool.noteSuccess(QStringLiteral("elsewhere.example"));
    QCOMPARE(changes.size(), 1);
}

void TestRegistryListModel::rateLimitText_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("remaining");
    QTest::addColumn<int>("window");
    QTest::addColumn<QString>("text");
    QTest::addRow("docker hub") << 100 << 87 << 21600
                                << QStringLiteral("87 of 100 pulls left (6 h window)");
    QTest::addRow("no window") << 200 << 3 << -1 << QStringLiteral("3 of 200 pulls left");
    QTest::addRow("minutes") << 60 << 0 << 600
                             << QStringLiteral("0 of 60 pulls left (10 min window)");
    QTest::addRow("seconds") << 10 << 9 << 45 << QStringLiteral("9 of 10 pulls left (45 s window)");
    QTest::addRow("remaining only") << -1 << 12 << -1 << QStringLiteral("12 pulls left");
    QTest::addRow("limit only") << 100 << -1 << 21600
                                << QStringLiteral("100 pulls allowed (6 h window)");
    QTest::addRow("unknown") << -1 << -1 << -1 << QString();
}

void TestRegistryListModel::rateLimitText()
{
    QFETCH(int, limit);
    QFETCH(int, remaining);
    QFETCH(int, window);
    QFETCH(QString, text);
    RateLimit rateLimit;
    rateLimit.limit = limit;
    rateLimit.remaining = remaining;
    rateLimit.windowSeconds = window;
    QCOMPARE(RegistryListModel::rateLimitText(rateLimit), text);
}

void TestRegistryListModel::insecureChangeReplacesTheClient()
{
    ClientPool pool;
    const QString host = QStringLiteral("registry.example");
    pool.setEntry(makeEntry(host));
    QPointer<RegistryClient> first = pool.client(host);
    QVERIFY(first);
    QCOMPARE(pool.client(host), first.data());
    QSignalSpy replaced(&pool, &ClientPool::clientReplaced);
    pool.setEntry(makeEntry(host, QStringLiteral("Renamed")));
    QCOMPARE(replaced.size(), 0);
    QCOMPARE(pool.client(host), first.data());
    pool.setEntry(makeEntry(host, QStringLiteral("Renamed"), true));
    QCOMPARE(replaced.size(), 1);
    QVERIFY(!first);
    QVERIFY(pool.client(host));
    QCOMPARE(pool.entry(host).insecure, true);
}

std::unique_ptr<CredentialStore> TestRegistryListModel::makeCredentialStore() const
{
    return std::make_unique<CredentialStore>(m_settings.get(),
                                             credentialEnvironmentIn(m_dir->path()));
}

void TestRegistryListModel::credentialRoles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("host");
    QTest::addColumn<CredentialSource>("source");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("problem");
    const QString local = QStringLiteral("127.0.0.1:9");
    QTest::addRow("docker config.json")
        << QStringLiteral("docker/config.json") << authsWith(local, QStringLiteral("alice"), Secret)
        << local << CredentialSource::DockerConfig
        << QStringLiteral("Signed in as alice · docker config.json") << false;
    QTest::addRow("containers auth.json")
        << QStringLiteral("containers/auth.json") << authsWith(local, QStringLiteral("bob"), Secret)
        << local << CredentialSource::ContainersAuth
        << QStringLiteral("Signed in as bob · containers auth.json") << false;
    // The pool names Docker Hub "docker.io"; docker's file names it by its old index URL.
    QTest::addRow("docker hub") << QStringLiteral("docker/config.json")
                                << authsWith(QStringLiteral("https://index.docker.io/v1/"),
                                             QStringLiteral("carol"), Secret)
                                << QStringLiteral("docker.io") << CredentialSource::DockerConfig
                                << QStringLiteral("Signed in as carol · docker config.json")
                                << false;
    QTest::addRow("nothing") << QStringLiteral("docker/other.json") << QByteArray("{}") << local
                             << CredentialSource::Anonymous << QStringLiteral("Anonymous") << false;
    QTest::addRow("malformed config.json")
        << QStringLiteral("docker/config.json") << QByteArray("{\"auths\": [") << local
        << CredentialSource::Anonymous << QStringLiteral("Anonymous") << true;
}

void TestRegistryListModel::credentialRoles()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, content);
    QFETCH(QString, host);
    QFETCH(CredentialSource, source);
    QFETCH(QString, text);
    QFETCH(bool, problem);
    QVERIFY(writeFile(m_dir->filePath(file), content));
    const std::unique_ptr<CredentialStore> credentials = makeCredentialStore();
    ClientPool pool;
    pool.setCredentialStore(credentials.get());
    RegistryListModel model(m_store.get(), &pool);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.addRegistry(makeEntry(host), false);
    const QModelIndex index = model.indexOfHost(host);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);

    QVERIFY(pool.client(host));
    QVERIFY(pool.isLookingUpCredentials(host));
    QCOMPARE(index.data(RegistryListModel::StateTextRole).toString(),
             QStringLiteral("Looking up credentials…"));
    QTRY_VERIFY(!pool.isLookingUpCredentials(host));
    QVERIFY(!changes.isEmpty());
    pool.noteSuccess(host);

    QCOMPARE(index.data(RegistryListModel::StateRole).value<ConnectionState>(),
             source == CredentialSource::Anonymous ? ConnectionState::Anonymous
                                                   : ConnectionState::SignedIn);
    QCOMPARE(index.data(RegistryListModel::StateTextRole).toString(), text);
    QCOMPARE(index.data(RegistryListModel::CredentialSourceRole).value<CredentialSource>(), source);
    QCOMPARE(index.data(RegistryListModel::SignedInUserRole).toString().isEmpty(),
             source == CredentialSource::Anonymous);
    QCOMPARE(pool.signedInUser(host), index.data(RegistryListModel::SignedInUserRole).toString());
    QCOMPARE(pool.credentialSource(host), source);
    // The file the login came from, to find it again.
    const QString origin = index.data(RegistryListModel::CredentialOriginRole).toString();
    if (source == CredentialSource::Anonymous)
        QVERIFY(origin.isEmpty());
    else
        QCOMPARE(QFileInfo(origin).canonicalFilePath(),
                 QFileInfo(m_dir->filePath(file)).canonicalFilePath());
    // What could not be read is in the tooltip and the accessible description.
    const QStringList problems
        = index.data(RegistryListModel::CredentialProblemsRole).toStringList();
    QCOMPARE(!problems.isEmpty(), problem);
    const QString tip = index.data(Qt::ToolTipRole).toString();
    const QString description = index.data(Qt::AccessibleDescriptionRole).toString();
    QVERIFY2(tip.contains(text), qPrintable(tip));
    for (const QString &line : problems) {
        QVERIFY2(line.contains(u"config.json"), qPrintable(line));
        QVERIFY(tip.contains(line));
        QVERIFY(description.contains(line));
    }
    // The sidebar's second line: who, and from where.
    QCOMPARE(RegistryDelegate::detailText(index), text);
    // The secret went to the client and nowhere a person reads.
    for (int role = Qt::DisplayRole; role <= RegistryListModel::CredentialProblemsRole; ++role) {
        const QVariant value = index.data(role);
        QVERIFY2(!value.toString().contains(Secret), qPrintable(QString::number(role)));
        QVERIFY(!value.toStringList().join(u' ').contains(Secret));
    }
    QVERIFY(!tip.contains(Secret));
    QVERIFY(!m_settings->allKeys().join(u' ').contains(Secret));
}

void TestRegistryListModel::clientWaitsForTheLookup()
{
    const std::unique_ptr<CredentialStore> credentials = makeCredentialStore();
    ClientPool pool;
    const QString host = QStringLiteral("127.0.0.1:9");
    // Without a store nothing waits.
    QVERIFY(!pool.client(host)->transport()->credentialsPending());
    pool.setCredentialStore(credentials.get());
    QPointer<RegistryClient> client = pool.client(host);
    QVERIFY(client->transport()->credentialsPending());
    QTRY_VERIFY(!pool.isLookingUpCredentials(host));
    QVERIFY(!client->transport()->credentialsPending());
    QCOMPARE(pool.credentialSource(host), CredentialSource::Anonymous);

    // A replaced client waits for its own lookup.
    pool.setEntry(makeEntry(host, {}, true));
    QVERIFY(!client);
    client = pool.client(host);
    QVERIFY(client->transport()->credentialsPending());
    QVERIFY(pool.isLookingUpCredentials(host));
    QTRY_VERIFY(!client->transport()->credentialsPending());
}

void TestRegistryListModel::changedLooksUpAgain()
{
    const QString host = QStringLiteral("127.0.0.1:9");
    const QString config = m_dir->filePath(QStringLiteral("docker/config.json"));
    QVERIFY(writeFile(config, authsWith(host, QStringLiteral("alice"), Secret)));
    const std::unique_ptr<CredentialStore> credentials = makeCredentialStore();
    ClientPool pool;
    pool.setCredentialStore(credentials.get());
    RegistryListModel model(m_store.get(), &pool);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.addRegistry(makeEntry(host), false);
    QPointer<RegistryClient> client = pool.client(host);
    QTRY_VERIFY(!pool.isLookingUpCredentials(host));
    pool.noteSuccess(host);
    QCOMPARE(pool.signedInUser(host), QStringLiteral("alice"));

    // Someone signed in elsewhere: the store says so, and the live client gets the new login.
    QVERIFY(writeFile(config, authsWith(host, QStringLiteral("dave"), Secret)));
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    Q_EMIT credentials->changed(CredentialStore::registryKey(host));
    QVERIFY(pool.isLookingUpCredentials(host));
    QVERIFY(client->transport()->credentialsPending());
    QTRY_VERIFY(!pool.isLookingUpCredentials(host));
    QCOMPARE(pool.client(host), client.data());
    QVERIFY(!client->transport()->credentialsPending());
    QCOMPARE(model.indexOfHost(host).data(RegistryListModel::SignedInUserRole).toString(),
             QStringLiteral("dave"));
    QCOMPARE(pool.stateText(host), QStringLiteral("Signed in as dave · docker config.json"));
    QVERIFY(!changes.isEmpty());

    // Another registry's change leaves this one alone.
    Q_EMIT credentials->changed(QStringLiteral("ghcr.io"));
    QVERIFY(!pool.isLookingUpCredentials(host));
}

QTEST_MAIN(TestRegistryListModel)
#include "tst_registrylistmodel.moc"
