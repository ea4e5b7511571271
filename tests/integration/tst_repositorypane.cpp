// The repositories pane and the client pool against the harness's registries: the open
// registry's catalog page by page, a catalog the token registry refuses without credentials,
// a port nothing listens on, and the open field. Expectations come from the harness's
// contract, never from Layerscope itself.

#include "common/errorbanner.h"
#include "registries/clientpool.h"
#include "registries/registrystore.h"
#include "registry/registryclient.h"
#include "repositories/repositoryfilterproxy.h"
#include "repositories/repositorymodel.h"
#include "repositories/repositorypane.h"

#include "harness.h"
#include "viewtext.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Layerscope;
using ViewText::rows;
using State = RepositoryModel::State;
using ConnectionState = ClientPool::ConnectionState;
using Category = RegistryError::Category;

namespace {

constexpr int NoHang = 60000;

QStringList contractCatalog()
{
    QStringList names;
    const QJsonObject catalog = Harness::contract().value(u"catalog").toObject();
    for (const QJsonValue &name : catalog.value(u"repositories").toArray())
        names.append(name.toString());
    return names;
}

} // namespace

class TestRepositoryPane : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void catalogPageByPage();
    void paneCountsAndFilters();
    void catalogNeedsCredentials();
    void deadPort();
    void openFieldReference_data();
    void openFieldReference();
    void connectToOpenRegistry();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<RegistryStore> m_store;
    std::unique_ptr<ClientPool> m_pool;
};

void TestRepositoryPane::initTestCase()
{
    QVERIFY2(Harness::available(), "the harness is not running (LAYERSCOPE_HARNESS)");
    QCOMPARE(contractCatalog().size(), 273);
}

void TestRepositoryPane::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")),
                                             QSettings::IniFormat);
    m_store = std::make_unique<RegistryStore>(m_settings.get());
    m_pool = std::make_unique<ClientPool>();
}

void TestRepositoryPane::cleanup()
{
    m_pool.reset();
    m_store.reset();
    m_settings.reset();
    m_dir.reset();
}

void TestRepositoryPane::catalogPageByPage()
{
    const QString host = Harness::hostPort(QStringLiteral("open"));
    RepositoryModel model;
    RepositoryFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester modelTester(&model,
                                         QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setPageSize(100);
    QSignalSpy pages(&model, &RepositoryModel::pageLoaded);
    model.setClient(m_pool->client(host));
    QCOMPARE(model.state(), State::Loading);
    QVERIFY(!model.canFetchMore({}));
    QVERIFY(pages.wait(NoHang));

    // One page only until more is asked for.
    QCOMPARE(model.state(), State::Loaded);
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(pages.first().first().toInt(), 100);
    QVERIFY(model.canFetchMore({}));
    QVERIFY(proxy.canFetchMore({}));
    QVERIFY(!model.isComplete());
    QCOMPARE(rows(model), contractCatalog().mid(0, 100));

    int requests = 1;
    while (model.canFetchMore({}) && requests < 10) {
        proxy.fetchMore({});
        ++requests;
        QCOMPARE(model.state(), State::Loading);
        QVERIFY(!model.canFetchMore({}));
        QVERIFY(pages.wait(NoHang));
    }
    QCOMPARE(requests, 3);
    QVERIFY(model.isComplete());
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(model.rowCount(), 273);
    QCOMPARE(rows(model), contractCatalog());
    QCOMPARE(pages.size(), 3);
    QCOMPARE(pages.last().first().toInt(), 73);

    // Filter: exactly what the contract's names hold.
    proxy.setFilterText(QStringLiteral("repo-25"));
    const QStringList expected = contractCatalog().filter(QStringLiteral("repo-25"));
    QCOMPARE(expected.size(), 10); // catalog/repo-250 … catalog/repo-259
    QCOMPARE(rows(proxy), expected);
}

void TestRepositoryPane::paneCountsAndFilters()
{
    const QString host = Harness::hostPort(QStringLiteral("open"));
    RepositoryPane pane(m_store.get());
    pane.resize(360, 480);
    QAbstractItemModelTester modelTester(pane.model(),
                                         QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester proxyTester(pane.view()->model(),
                                         QAbstractItemModelTester::FailureReportingMode::Fatal);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    auto *count = pane.findChild<QLabel *>(QStringLiteral("repositoryCount"));
    auto *filter = pane.findChild<QLineEdit *>(QStringLiteral("repositoryFilter"));
    QVERIFY(count && filter);

    QSignalSpy pages(pane.model(), &RepositoryModel::pageLoaded);
    pane.showRegistry(m_pool->client(host), host);
    QCOMPARE(count->text(), QStringLiteral("Loading repositories…"));
    QVERIFY(pages.wait(NoHang));
    QCOMPARE(pane.model()->rowCount(), 100);
    QCOMPARE(count->text(), QStringLiteral("100 repositories loaded — more as you scroll"));

    // Scrolling to the end asks for the next pages.
    for (int scrolls = 0; !pane.model()->isComplete() && scrolls < 5; ++scrolls) {
        const qsizetype before = pages.size();
        pane.view()->scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(pages.size() > before, NoHang);
    }
    QCOMPARE(pages.size(), 3);
    QCOMPARE(pane.model()->rowCount(), 273);
    QCOMPARE(rows(*pane.model()), contractCatalog());
    QCOMPARE(count->text(), QStringLiteral("273 repositories"));

    filter->setText(QStringLiteral("repo-25"));
    QCOMPARE(rows(*pane.view()->model()), contractCatalog().filter(QStringLiteral("repo-25")));
    QCOMPARE(count->text(), QStringLiteral("10 of 273 shown"));

    // Choosing a row is choosing the repository.
    QSignalSpy selected(&pane, &RepositoryPane::repositorySelected);
    pane.view()->setCurrentIndex(pane.view()->model()->index(3, 0));
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().first().toString(), QStringLiteral("catalog/repo-253"));
    QCOMPARE(pane.currentRepository(), QStringLiteral("catalog/repo-253"));
}

void TestRepositoryPane::catalogNeedsCredentials()
{
    // The token registry gives anonymous users pull on public/* only, not the catalog.
    const QString host = Harness::hostPort(QStringLiteral("token"));
    RepositoryPane pane(m_store.get());
    QAbstractItemModelTester tester(pane.model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    connect(&pane, &RepositoryPane::errorOccurred, m_pool.get(),
            [this, host](const RegistryError &error) { m_pool->noteError(host, error); });
    QSignalSpy errors(&pane, &RepositoryPane::errorOccurred);
    QSignalSpy states(pane.model(), &RepositoryModel::stateChanged);
    pane.showRegistry(m_pool->client(host), host);
    QTRY_VERIFY_WITH_TIMEOUT(pane.model()->state() != State::Loading, NoHang);

    const RegistryError &error = pane.model()->error();
    QVERIFY2(pane.model()->state() == State::NoCatalog, qPrintable(error.toString()));
    QCOMPARE(error.category(), Category::Unauthorized);
    QCOMPARE(error.httpStatus(), 401);
    // The registry's own words are kept.
    QVERIFY2(!error.entries().isEmpty(), qPrintable(error.toString()));
    QCOMPARE(error.entries().first().code, QStringLiteral("UNAUTHORIZED"));
    QCOMPARE(pane.model()->rowCount(), 0);

    auto *note = pane.findChild<QLabel *>(QStringLiteral("noCatalogMessage"));
    QVERIFY(note && note->isVisibleTo(&pane));
    QVERIFY(note->text().startsWith(
        u"This registry does not list its repositories. Open one by name above."));
    // In the registry's words ("authentication required"), the JSON detail left to the tooltip.
    QVERIFY2(note->text().contains(error.entries().first().message + QStringLiteral(" (HTTP 401)")),
             qPrintable(note->text()));
    QCOMPARE(note->toolTip(), error.toString());
    QVERIFY(!pane.findChild<ErrorBanner *>()->isVisibleTo(&pane));
    // Not listing is not a failure of the registry: nothing reported, the pool is not told.
    QVERIFY(errors.isEmpty());
    QCOMPARE(m_pool->state(host), ConnectionState::Unknown);

    // Public repositories still open by name.
    QSignalSpy selected(&pane, &RepositoryPane::repositorySelected);
    auto *open = pane.findChild<QLineEdit *>(QStringLiteral("openRepository"));
    open->setText(QStringLiteral("public/hello"));
    QTest::keyClick(open, Qt::Key_Return);
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().first().toString(), QStringLiteral("public/hello"));
    QCOMPARE(m_store->recentRepositories(host), QStringList{QStringLiteral("public/hello")});
}

void TestRepositoryPane::deadPort()
{
    const QString host = ViewText::closedHostPort();
    QVERIFY(!host.isEmpty());
    RepositoryPane pane(m_store.get());
    QAbstractItemModelTester tester(pane.model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    // As the window does: failures of the pane go to the pool.
    connect(&pane, &RepositoryPane::errorOccurred, m_pool.get(),
            [this, host](const RegistryError &error) { m_pool->noteError(host, error); });
    QSignalSpy errors(&pane, &RepositoryPane::errorOccurred);
    pane.showRegistry(m_pool->client(host), host);
    QVERIFY(errors.wait(NoHang));
    QCOMPARE(pane.model()->state(), State::Failed);
    QCOMPARE(pane.model()->error().category(), Category::Network);
    QCOMPARE(m_pool->state(host), ConnectionState::Error);
    QVERIFY(m_pool->stateText(host).startsWith(u"Error: "));

    auto *banner = pane.findChild<ErrorBanner *>();
    QVERIFY(banner && banner->isVisibleTo(&pane));
    QVERIFY2(banner->text().contains(host), qPrintable(banner->text()));
    QVERIFY(!pane.findChild<QLabel *>(QStringLiteral("noCatalogMessage"))->isVisibleTo(&pane));

    // Retry asks again, and fails again.
    emit banner->retryRequested();
    QCOMPARE(pane.model()->state(), State::Loading);
    QVERIFY(!banner->isVisibleTo(&pane));
    QVERIFY(errors.wait(NoHang));
    QCOMPARE(pane.model()->state(), State::Failed);
    QCOMPARE(errors.size(), 2);
}

void TestRepositoryPane::openFieldReference_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("expected"); // after the host and a '/'; empty: repositorySelected
    QTest::addColumn<QString>("repository");
    QTest::addRow("tag") << QStringLiteral("fixtures/docker-app:1.0")
                         << QStringLiteral("fixtures/docker-app:1.0") << QString();
    QTest::addRow("plain repository") << QStringLiteral("fixtures/docker-app") << QString()
                                      << QStringLiteral("fixtures/docker-app");
    QTest::addRow("one component")
        << QStringLiteral("alpine") << QString() << QStringLiteral("alpine");
}

void TestRepositoryPane::openFieldReference()
{
    QFETCH(QString, typed);
    QFETCH(QString, expected);
    QFETCH(QString, repository);
    const QString host = Harness::hostPort(QStringLiteral("open"));
    RepositoryPane pane(m_store.get());
    QAbstractItemModelTester tester(pane.model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy pages(pane.model(), &RepositoryModel::pageLoaded);
    pane.showRegistry(m_pool->client(host), host);
    QVERIFY(pages.wait(NoHang));

    QSignalSpy requested(&pane, &RepositoryPane::referenceRequested);
    QSignalSpy selected(&pane, &RepositoryPane::repositorySelected);
    auto *open = pane.findChild<QLineEdit *>(QStringLiteral("openRepository"));
    QVERIFY(open);
    open->setText(typed);
    QTest::keyClick(open, Qt::Key_Return);
    if (!expected.isEmpty()) {
        QCOMPARE(requested.size(), 1);
        QCOMPARE(selected.size(), 0);
        const auto reference = requested.first().first().value<ImageReference>();
        const auto wanted = ImageReference::parse(QString(host + u'/' + expected));
        QVERIFY(wanted);
        QCOMPARE(reference, *wanted);
        QCOMPARE(reference.domain(), host);
        QCOMPARE(reference.path(), QStringLiteral("fixtures/docker-app"));
        QCOMPARE(reference.tag(), QStringLiteral("1.0"));
        QCOMPARE(m_store->recentRepositories(host).first(), reference.path());
    } else {
        QCOMPARE(requested.size(), 0);
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().first().toString(), repository);
        QCOMPARE(pane.currentRepository(), repository);
        QCOMPARE(m_store->recentRepositories(host).first(), repository);
    }
}

void TestRepositoryPane::connectToOpenRegistry()
{
    const QString open = Harness::hostPort(QStringLiteral("open"));
    QSignalSpy changes(m_pool.get(), &ClientPool::stateChanged);
    m_pool->connectTo(open);
    QCOMPARE(m_pool->state(open), ConnectionState::Connecting);
    QCOMPARE(m_pool->stateText(open), QStringLiteral("Connecting…"));
    QTRY_COMPARE_WITH_TIMEOUT(m_pool->state(open), ConnectionState::Anonymous, NoHang);
    QCOMPARE(m_pool->stateText(open), QStringLiteral("Anonymous"));
    QVERIFY(!m_pool->lastError(open).isError());
    QVERIFY(changes.size() >= 2);

    const QString dead = ViewText::closedHostPort();
    m_pool->connectTo(dead);
    QTRY_COMPARE_WITH_TIMEOUT(m_pool->state(dead), ConnectionState::Error, NoHang);
    QCOMPARE(m_pool->lastError(dead).category(), Category::Network);
}

QTEST_MAIN(TestRepositoryPane)
#include "tst_repositorypane.moc"
