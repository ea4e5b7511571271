// RepositoryModel fed without a registry (setRepositories / appendRepositories go the same way
// as fetched pages) and RepositoryFilterProxy over it.

#include "common/roles.h"
#include "registry/registryclient.h"
#include "repositories/repositoryfilterproxy.h"
#include "repositories/repositorymodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Layerscope;
using State = RepositoryModel::State;
using Category = RegistryError::Category;

namespace {

QStringList rows(const QAbstractItemModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names.append(model.index(row, 0).data(NameRole).toString());
    return names;
}

QStringList sampleRepositories()
{
    return {QStringLiteral("library/alpine"),      QStringLiteral("library/busybox"),
            QStringLiteral("catalog/repo-025"),    QStringLiteral("catalog/repo-250"),
            QStringLiteral("catalog/repo-259"),    QStringLiteral("catalog/repo-260"),
            QStringLiteral("fixtures/docker-app"), QStringLiteral("fixtures/oci-app"),
            QStringLiteral("team/Legacy-Name"),    QStringLiteral("zeta/alpine-tools")};
}

} // namespace

class TestRepositoryModel : public QObject
{
    Q_OBJECT

private slots:
    void emptyModel();
    void setRepositories();
    void pagesAppend();
    void setRepositoriesReplaces();
    void dockerHubHasNoCatalog();
    void clearingTheClient();
    void meansNoCatalog_data();
    void meansNoCatalog();
    void filter_data();
    void filter();
    void filterFollowsNewPages();
    void filterTenThousand();
};

void TestRepositoryModel::emptyModel()
{
    RepositoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.state(), State::Empty);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore({}));
    QVERIFY(model.isComplete());
    QCOMPARE(model.pageSize(), 100);
    QVERIFY(!model.error().isError());
    model.retry();
    QCOMPARE(model.state(), State::Empty);
}

void TestRepositoryModel::setRepositories()
{
    RepositoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy pages(&model, &RepositoryModel::pageLoaded);
    QSignalSpy states(&model, &RepositoryModel::stateChanged);
    model.setRepositories(sampleRepositories());
    QCOMPARE(rows(model), sampleRepositories());
    QCOMPARE(model.state(), State::Loaded);
    QVERIFY(model.isComplete());
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(pages.size(), 1);
    QCOMPARE(pages.first().first().toInt(), 10);
    QCOMPARE(states.size(), 1);
    const QModelIndex first = model.index(0, 0);
    QCOMPARE(first.data(Qt::DisplayRole).toString(), QStringLiteral("library/alpine"));
    QCOMPARE(first.data(NameRole).toString(), QStringLiteral("library/alpine"));
    QVERIFY(first.data(DigestRole).toString().isEmpty());
    QCOMPARE(model.rowOf(QStringLiteral("fixtures/oci-app")), 7);
    QCOMPARE(model.rowOf(QStringLiteral("nothing/here")), -1);
    QCOMPARE(model.repository(3), QStringLiteral("catalog/repo-250"));
    QCOMPARE(model.repository(99), QString());
}

void TestRepositoryModel::pagesAppend()
{
    RepositoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy pages(&model, &RepositoryModel::pageLoaded);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QStringList all;
    for (int page = 0; page < 3; ++page) {
        QStringList names;
        for (int i = 0; i < (page < 2 ? 100 : 69); ++i)
            names.append(
                QStringLiteral("catalog/repo-%1").arg(page * 100 + i, 3, 10, QLatin1Char('0')));
        all.append(names);
        if (page == 0)
            model.setRepositories(names);
        else
            model.appendRepositories(names);
    }
    QCOMPARE(model.rowCount(), 269);
    QCOMPARE(rows(model), all);
    QCOMPARE(pages.size(), 3);
    QCOMPARE(pages.last().first().toInt(), 69);
    QCOMPARE(inserted.size(), 3);
    QCOMPARE(inserted.at(1).at(1).toInt(), 100);
    QCOMPARE(inserted.at(1).at(2).toInt(), 199);
    // An empty page inserts nothing but is still a page.
    model.appendRepositories({});
    QCOMPARE(pages.size(), 4);
    QCOMPARE(inserted.size(), 3);
}

void TestRepositoryModel::setRepositoriesReplaces()
{
    RepositoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRepositories(sampleRepositories());
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setRepositories({QStringLiteral("one/repository")});
    QCOMPARE(reset.size(), 1);
    QCOMPARE(rows(model), QStringList{QStringLiteral("one/repository")});
}

void TestRepositoryModel::dockerHubHasNoCatalog()
{
    // Docker Hub is not even asked: no request leaves, the answer is immediate.
    RegistryClient hub(QStringLiteral("docker.io"));
    RepositoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy errors(&model, &RepositoryModel::errorOccurred);
    model.setRepositories(sampleRepositories());
    model.setClient(&hub);
    QCOMPARE(model.state(), State::NoCatalog);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.error().isError());
    QVERIFY(!model.error().message().isEmpty());
    QVERIFY(!model.canFetchMore({}));
    model.retry();
    QCOMPARE(model.state(), State::NoCatalog);
    QVERIFY(errors.isEmpty());
}

void TestRepositoryModel::clearingTheClient()
{
    RepositoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRepositories(sampleRepositories());
    {
        // A page in flight is dropped when the client changes: nothing arrives later.
        RegistryClient unreachable(QStringLiteral("127.0.0.1:9"));
        model.setClient(&unreachable);
        QCOMPARE(model.state(), State::Loading);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.canFetchMore({}));
        model.setClient(nullptr);
    }
    QCOMPARE(model.state(), State::Empty);
    QSignalSpy states(&model, &RepositoryModel::stateChanged);
    QVERIFY(!states.wait(200));
    QCOMPARE(model.state(), State::Empty);
}

void TestRepositoryModel::meansNoCatalog_data()
{
    QTest::addColumn<Category>("category");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("noCatalog");
    QTest::addRow("401") << Category::Unauthorized << 401 << QStringLiteral("UNAUTHORIZED") << true;
    QTest::addRow("403") << Category::Denied << 403 << QStringLiteral("DENIED") << true;
    QTest::addRow("404 route") << Category::Protocol << 404 << QString() << true;
    QTest::addRow("404 name unknown")
        << Category::NotFound << 404 << QStringLiteral("NAME_UNKNOWN") << true;
    QTest::addRow("unsupported") << Category::Protocol << 405 << QStringLiteral("UNSUPPORTED")
                                 << true;
    QTest::addRow("network") << Category::Network << 0 << QString() << false;
    QTest::addRow("server") << Category::Server << 500 << QString() << false;
    QTest::addRow("bad json") << Category::Protocol << 200 << QString() << false;
    QTest::addRow("timeout") << Category::Timeout << 0 << QString() << false;
    QTest::addRow("rate limited") << Category::RateLimited << 429
                                  << QStringLiteral("TOOMANYREQUESTS") << false;
}

void TestRepositoryModel::meansNoCatalog()
{
    QFETCH(Category, category);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(bool, noCatalog);
    RegistryError error(category, QStringLiteral("it failed"));
    if (status > 0)
        error.setHttpStatus(status);
    if (!code.isEmpty()) {
        RegistryErrorBody::Entry entry;
        entry.code = code;
        entry.message = QStringLiteral("it failed");
        error.setEntries({entry});
    }
    QCOMPARE(RepositoryModel::meansNoCatalog(error), noCatalog);
}

void TestRepositoryModel::filter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("empty shows all") << QString() << sampleRepositories();
    QTest::addRow("spaces only show all") << QStringLiteral("   ") << sampleRepositories();
    QTest::addRow("substring in order")
        << QStringLiteral("repo-25")
        << QStringList{QStringLiteral("catalog/repo-250"), QStringLiteral("catalog/repo-259")};
    QTest::addRow("middle of a path")
        << QStringLiteral("g/repo-02") << QStringList{QStringLiteral("catalog/repo-025")};
    QTest::addRow("case-insensitive")
        << QStringLiteral("ALPINE")
        << QStringList{QStringLiteral("library/alpine"), QStringLiteral("zeta/alpine-tools")};
    QTest::addRow("upper-case rows too")
        << QStringLiteral("legacy") << QStringList{QStringLiteral("team/Legacy-Name")};
    QTest::addRow("slash") << QStringLiteral("/") << sampleRepositories();
    QTest::addRow("regex characters are plain text") << QStringLiteral("repo-2.") << QStringList{};
    QTest::addRow("surrounding spaces ignored")
        << QStringLiteral("  fixtures/ ")
        << QStringList{QStringLiteral("fixtures/docker-app"), QStringLiteral("fixtures/oci-app")};
    QTest::addRow("nothing") << QStringLiteral("does-not-exist") << QStringList{};
}

void TestRepositoryModel::filter()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    RepositoryModel model;
    RepositoryFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester modelTester(&model,
                                         QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRepositories(sampleRepositories());
    proxy.setFilterText(text);
    QCOMPARE(rows(proxy), expected);
    QCOMPARE(proxy.filterText(), text.trimmed());
    // Narrowing, widening and clearing again.
    proxy.setFilterText(text + QStringLiteral("zzz"));
    QVERIFY(proxy.rowCount() <= expected.size());
    proxy.setFilterText(text);
    QCOMPARE(rows(proxy), expected);
    proxy.setFilterText(QString());
    QCOMPARE(rows(proxy), sampleRepositories());
}

void TestRepositoryModel::filterFollowsNewPages()
{
    RepositoryModel model;
    RepositoryFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRepositories({QStringLiteral("a/one"), QStringLiteral("b/two")});
    proxy.setFilterText(QStringLiteral("one"));
    QCOMPARE(rows(proxy), QStringList{QStringLiteral("a/one")});
    model.appendRepositories({QStringLiteral("c/three"), QStringLiteral("d/one-more")});
    QCOMPARE(rows(proxy), (QStringList{QStringLiteral("a/one"), QStringLiteral("d/one-more")}));
    model.setRepositories({QStringLiteral("e/zero")});
    QCOMPARE(proxy.rowCount(), 0);
}

void TestRepositoryModel::filterTenThousand()
{
    RepositoryModel model;
    RepositoryFilterProxy proxy;
    proxy.setSourceModel(&model);
    QStringList names;
    for (int i = 0; i < 10000; ++i)
        names.append(
            QStringLiteral("team-%1/service-%2").arg(i % 97).arg(i, 5, 10, QLatin1Char('0')));
    model.setRepositories(names);
    proxy.setFilterText(QStringLiteral("service-0999"));
    // service-09990 … service-09999.
    QCOMPARE(proxy.rowCount(), 10);
    QCOMPARE(proxy.index(0, 0).data(NameRole).toString(),
             QStringLiteral("team-%1/service-09990").arg(9990 % 97));
    proxy.setFilterText(QStringLiteral("TEAM-96/"));
    QCOMPARE(proxy.rowCount(), int(names.filter(QStringLiteral("team-96/")).size()));
    proxy.setFilterText(QString());
    QCOMPARE(proxy.rowCount(), 10000);
}

QTEST_MAIN(TestRepositoryModel)
#include "tst_repositorymodel.moc"
