// What the repository pane's open field makes of what people type, and the pane's signals
// and count line for catalogs fed without a registry.

#include "registries/registrystore.h"
#include "registry/registryclient.h"
#include "repositories/repositorymodel.h"
#include "repositories/repositorypane.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Layerscope;

class TestOpenReference : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void parseTyped_data();
    void parseTyped();
    void openOnDockerHub_data();
    void openOnDockerHub();
    void invalidTextChangesNothing();
    void countLine();
    void selectRepository();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<RegistryStore> m_store;
};

void TestOpenReference::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")),
                                             QSettings::IniFormat);
    m_store = std::make_unique<RegistryStore>(m_settings.get());
}

void TestOpenReference::cleanup()
{
    m_store.reset();
    m_settings.reset();
    m_dir.reset();
}

void TestOpenReference::parseTyped_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("reference"); // toString(); empty: refused
    const QString hub = QStringLiteral("docker.io");
    const QString local = QStringLiteral("127.0.0.1:5000");
    QTest::addRow("hub: official image")
        << hub << QStringLiteral("alpine") << QStringLiteral("docker.io/library/alpine");
    QTest::addRow("hub: path") << hub << QStringLiteral("library/alpine")
                               << QStringLiteral("docker.io/library/alpine");
    QTest::addRow("hub: user image with tag")
        << hub << QStringLiteral("user/app:1") << QStringLiteral("docker.io/user/app:1");
    QTest::addRow("hub: other registry")
        << hub << QStringLiteral("ghcr.io/org/app") << QStringLiteral("ghcr.io/org/app");
    QTest::addRow("local: one component stays")
        << local << QStringLiteral("alpine") << QStringLiteral("127.0.0.1:5000/alpine");
    QTest::addRow("local: path with tag")
        << local << QStringLiteral("fixtures/docker-app:1.0")
        << QStringLiteral("127.0.0.1:5000/fixtures/docker-app:1.0");
    QTest::addRow("local: digest")
        << local
        << QStringLiteral("fixtures/app@sha256:"
                          "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
        << QStringLiteral("127.0.0.1:5000/fixtures/app@sha256:"
                          "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    QTest::addRow("local: other registry")
        << local << QStringLiteral("ghcr.io/org/app:1.0") << QStringLiteral("ghcr.io/org/app:1.0");
    QTest::addRow("local: docker hub by name")
        << local << QStringLiteral("docker.io/library/alpine")
        << QStringLiteral("docker.io/library/alpine");
    QTest::addRow("local: itself by name") << local << QStringLiteral("127.0.0.1:5000/team/app")
                                           << QStringLiteral("127.0.0.1:5000/team/app");
    QTest::addRow("local: localhost is a registry")
        << local << QStringLiteral("localhost/app") << QStringLiteral("localhost/app");
    QTest::addRow("local: spaces trimmed")
        << local << QStringLiteral("  team/app  ") << QStringLiteral("127.0.0.1:5000/team/app");
    QTest::addRow("no registry shown")
        << QString() << QStringLiteral("alpine:3") << QStringLiteral("docker.io/library/alpine:3");
    QTest::addRow("upper case") << local << QStringLiteral("team/App") << QString();
    QTest::addRow("bad tag") << hub << QStringLiteral("alpine:-x") << QString();
    QTest::addRow("empty") << local << QString() << QString();
    QTest::addRow("image id") << local
                              << QStringLiteral("0123456789abcdef0123456789abcdef0123456789abcdef"
                                                "0123456789abcdef")
                              << QString();
    QTest::addRow("spaces inside") << local << QStringLiteral("team app") << QString();
}

void TestOpenReference::parseTyped()
{
    QFETCH(QString, host);
    QFETCH(QString, typed);
    QFETCH(QString, reference);
    const Result<ImageReference> parsed = RepositoryPane::parseTyped(typed, host);
    if (reference.isEmpty()) {
        QVERIFY(!parsed);
        QVERIFY(!parsed.error().message().isEmpty());
        return;
    }
    if (!parsed)
        QFAIL(qPrintable(parsed.error().message()));
    QCOMPARE(parsed->toString(), reference);
}

void TestOpenReference::openOnDockerHub_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("repository"); // repositorySelected; empty: referenceRequested
    QTest::addColumn<QString>("reference");
    QTest::addRow("official") << QStringLiteral("alpine") << QStringLiteral("library/alpine")
                              << QString();
    QTest::addRow("user") << QStringLiteral("user/app") << QStringLiteral("user/app") << QString();
    QTest::addRow("tag") << QStringLiteral("alpine:3.19") << QString()
                         << QStringLiteral("docker.io/library/alpine:3.19");
    QTest::addRow("other registry")
        << QStringLiteral("ghcr.io/org/app") << QString() << QStringLiteral("ghcr.io/org/app");
}

void TestOpenReference::openOnDockerHub()
{
    QFETCH(QString, typed);
    QFETCH(QString, repository);
    QFETCH(QString, reference);
    // Docker Hub has no catalog and is never asked for one: no request leaves the test.
    RegistryClient hub(QStringLiteral("docker.io"));
    RepositoryPane pane(m_store.get());
    pane.showRegistry(&hub, QStringLiteral("docker.io"));
    QCOMPARE(pane.model()->state(), RepositoryModel::State::NoCatalog);
    auto *noCatalog = pane.findChild<QLabel *>(QStringLiteral("noCatalogMessage"));
    QVERIFY(noCatalog && noCatalog->isVisibleTo(&pane));
    QVERIFY(noCatalog->text().startsWith(
        u"This registry does not list its repositories. Open one by name above."));

    QSignalSpy selected(&pane, &RepositoryPane::repositorySelected);
    QSignalSpy requested(&pane, &RepositoryPane::referenceRequested);
    auto *open = pane.findChild<QLineEdit *>(QStringLiteral("openRepository"));
    QVERIFY(open);
    open->setText(typed);
    QTest::keyClick(open, Qt::Key_Return);
    if (!repository.isEmpty()) {
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().first().toString(), repository);
        QCOMPARE(requested.size(), 0);
        QCOMPARE(pane.currentRepository(), repository);
        QCOMPARE(m_store->recentRepositories(QStringLiteral("docker.io")).first(), repository);
    } else {
        QCOMPARE(selected.size(), 0);
        QCOMPARE(requested.size(), 1);
        const auto got = requested.first().first().value<ImageReference>();
        QCOMPARE(got.toString(), reference);
        QCOMPARE(m_store->recentRepositories(got.domain()).first(), got.path());
    }
    QVERIFY(open->text().isEmpty());
}

void TestOpenReference::invalidTextChangesNothing()
{
    RegistryClient hub(QStringLiteral("docker.io"));
    RepositoryPane pane(m_store.get());
    pane.showRegistry(&hub, QStringLiteral("docker.io"));
    QSignalSpy selected(&pane, &RepositoryPane::repositorySelected);
    QSignalSpy requested(&pane, &RepositoryPane::referenceRequested);
    auto *open = pane.findChild<QLineEdit *>(QStringLiteral("openRepository"));
    auto *message = pane.findChild<QLabel *>(QStringLiteral("openRepositoryMessage"));
    QVERIFY(open && message);
    QVERIFY(!message->isVisibleTo(&pane));
    open->setText(QStringLiteral("Not A/Reference"));
    QTest::keyClick(open, Qt::Key_Return);
    QVERIFY(message->isVisibleTo(&pane));
    QVERIFY(!message->text().isEmpty());
    QCOMPARE(open->text(), QStringLiteral("Not A/Reference"));
    QVERIFY(selected.isEmpty());
    QVERIFY(requested.isEmpty());
    QVERIFY(m_store->recentRepositories(QStringLiteral("docker.io")).isEmpty());
    QVERIFY(pane.currentRepository().isEmpty());
    // Typing again hides the message.
    QTest::keyClick(open, Qt::Key_Backspace);
    QVERIFY(!message->isVisibleTo(&pane));
}

void TestOpenReference::countLine()
{
    RepositoryPane pane(m_store.get());
    QAbstractItemModelTester tester(pane.view()->model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    auto *count = pane.findChild<QLabel *>(QStringLiteral("repositoryCount"));
    auto *filter = pane.findChild<QLineEdit *>(QStringLiteral("repositoryFilter"));
    QVERIFY(count && filter);
    QCOMPARE(filter->placeholderText(), QStringLiteral("Filter repositories (Ctrl+F)"));
    QStringList names;
    for (int i = 0; i < 269; ++i)
        names.append(QStringLiteral("catalog/repo-%1").arg(i, 3, 10, QLatin1Char('0')));
    pane.model()->setRepositories(names);
    QCOMPARE(count->text(), QStringLiteral("269 repositories"));
    filter->setText(QStringLiteral("repo-25"));
    QCOMPARE(count->text(), QStringLiteral("10 of 269 shown"));
    QCOMPARE(pane.view()->model()->rowCount(), 10);
    filter->clear();
    QCOMPARE(count->text(), QStringLiteral("269 repositories"));
    pane.model()->setRepositories({QStringLiteral("only/one")});
    QCOMPARE(count->text(), QStringLiteral("1 repository"));
}

void TestOpenReference::selectRepository()
{
    RepositoryPane pane(m_store.get());
    QAbstractItemModelTester tester(pane.view()->model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    pane.model()->setRepositories(
        {QStringLiteral("a/one"), QStringLiteral("b/two"), QStringLiteral("c/three")});
    QSignalSpy selected(&pane, &RepositoryPane::repositorySelected);
    auto *filter = pane.findChild<QLineEdit *>(QStringLiteral("repositoryFilter"));
    filter->setText(QStringLiteral("one"));
    // Hidden by the filter: the filter goes, the row is selected, nothing is emitted.
    QVERIFY(pane.selectRepository(QStringLiteral("b/two")));
    QVERIFY(filter->text().isEmpty());
    QCOMPARE(pane.view()->currentIndex().data().toString(), QStringLiteral("b/two"));
    QCOMPARE(pane.currentRepository(), QStringLiteral("b/two"));
    QVERIFY(!pane.selectRepository(QStringLiteral("z/not-loaded")));
    QCOMPARE(pane.currentRepository(), QStringLiteral("z/not-loaded"));
    QVERIFY(selected.isEmpty());
    // The user moving through the list is.
    pane.view()->setCurrentIndex(pane.view()->model()->index(2, 0));
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().first().toString(), QStringLiteral("c/three"));

    // Filtering the current row away chooses nothing else; clearing the filter brings it back.
    filter->setText(QStringLiteral("o"));
    QCOMPARE(pane.view()->model()->rowCount(), 2);
    QVERIFY(!pane.view()->currentIndex().isValid());
    filter->setText(QStringLiteral("t"));
    QCOMPARE(pane.view()->currentIndex().data().toString(), QStringLiteral("c/three"));
    filter->clear();
    QCOMPARE(pane.view()->currentIndex().data().toString(), QStringLiteral("c/three"));
    QCOMPARE(selected.size(), 1);
    QCOMPARE(pane.currentRepository(), QStringLiteral("c/three"));

    // Enter in the filter field chooses the first row shown.
    filter->setText(QStringLiteral("two"));
    QTest::keyClick(filter, Qt::Key_Return);
    QCOMPARE(selected.size(), 2);
    QCOMPARE(selected.last().first().toString(), QStringLiteral("b/two"));
}

QTEST_MAIN(TestOpenReference)
#include "tst_openreference.moc"
