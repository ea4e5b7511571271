// The tag pane against the harness's open registry, with every expectation taken from the
// harness's contract (what its pusher built) or from a plain request of the registry client,
// never from the pane itself.

#include "common/errorbanner.h"
#include "common/roles.h"
#include "registry/manifestoperation.h"
#include "registry/registryclient.h"
#include "tags/tagmodel.h"
#include "tags/tagpane.h"
#include "testpalette.h"

#include "harness.h"
#include "operationwait.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace Layerscope;

namespace {

constexpr int ResolveTimeoutMs = 120000;

QString platformText(const QJsonObject &platform)
{
    QString text
        = platform.value(u"os").toString() + u'/' + platform.value(u"architecture").toString();
    if (platform.contains(u"variant"))
        text += u'/' + platform.value(u"variant").toString();
    return text;
}

QStringList tagsOf(const QAbstractItemModel &model)
{
    QStringList tags;
    for (int row = 0; row < model.rowCount(); ++row)
        tags << model.index(row, 0).data(NameRole).toString();
    return tags;
}

/**
 * A pane on one repository of the open registry, with model testers on the pane's model and
 * on the proxy the view shows, attached before anything arrives.
 */
struct PaneUnderTest
{
    PaneUnderTest()
        : client(Harness::hostPort(QStringLiteral("open")))
        , modelTester(pane.model(), QAbstractItemModelTester::FailureReportingMode::Fatal)
        , proxyTester(pane.view()->model(), QAbstractItemModelTester::FailureReportingMode::Fatal)
    {
        pane.resize(1100, 640);
    }

    /// Shows \a repository and waits until resolution ends; true when it did.
    bool resolve(const QString &repository)
    {
        QSignalSpy finished(pane.model(), &TagModel::resolvingFinished);
        pane.showRepository(&client, repository);
        return finished.wait(ResolveTimeoutMs);
    }

    RegistryClient client;
    TagPane pane;
    QAbstractItemModelTester modelTester;
    QAbstractItemModelTester proxyTester;
};

} // namespace

class TestTagPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void manyTags();
    void multiarchPlatforms();
    void dockerAppGroups();
    void missingRepository();
    void switchingDropsTheOldRepository_data();
    void switchingDropsTheOldRepository();
    void selectionWaitsForTheList();
    void stopKeepsWhatIsResolved();
    void render();
};

void TestTagPane::initTestCase()
{
    QVERIFY2(Harness::available(), "the harness is not running (LAYERSCOPE_HARNESS)");
}

void TestTagPane::manyTags()
{
    const QJsonObject fixture = Harness::fixture(QStringLiteral("manyTags"));
    const QJsonObject tagDigests = fixture.value(u"tagDigests").toObject();
    const int tagCount = fixture.value(u"tagCount").toInt();
    const int distinct = fixture.value(u"distinctDigests").toInt();
    QCOMPARE(tagCount, 310);
    QCOMPARE(distinct, 100);

    PaneUnderTest test;
    QSignalSpy listed(test.pane.model(), &TagModel::tagsListed);
    QSignalSpy progress(test.pane.model(), &TagModel::progressChanged);
    QVERIFY(test.resolve(fixture.value(u"repository").toString()));
    TagModel *model = test.pane.model();
    QCOMPARE(listed.count(), 1);
    QCOMPARE(model->rowCount(), tagCount);
    QCOMPARE(model->tagCount(), tagCount);
    QCOMPARE(model->resolvedCount(), tagCount);
    QCOMPARE(progress.last().at(0).toInt(), tagCount);
    QCOMPARE(progress.last().at(1).toInt(), tagCount);
    QVERIFY(!model->isResolving());
    QCOMPARE(test.pane.view()->model()->rowCount(), tagCount);

    QSet<int> groups;
    QHash<QString, int> groupOfDigest;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, TagModel::TagColumn);
        const QString tag = index.data(NameRole).toString();
        QVERIFY2(index.data(TagModel::ResolvedRole).toBool(), qPrintable(tag));
        QCOMPARE(index.data(TagModel::StateRole).value<TagModel::State>(), TagModel::Resolved);
        const QString digest = index.data(DigestRole).toString();
        QCOMPARE(digest, tagDigests.value(tag).toString());
        const int group = index.data(TagModel::GroupRole).toInt();
        QVERIFY(group >= 0);
        QCOMPARE(groupOfDigest.value(digest, group), group);
        groupOfDigest.insert(digest, group);
        groups.insert(group);
    }
    QCOMPARE(groups.size(), distinct);
    QCOMPARE(model->imageCount(), distinct);
    auto *summary = test.pane.findChild<QLabel *>(QStringLiteral("tagSummary"));
    QCOMPARE(summary->text(), QStringLiteral("310 tags, 100 images"));

    // A few tags against a plain HEAD request of the registry client.
    const QStringList sampled{tagsOf(*model).at(0), tagsOf(*model).at(101), tagsOf(*model).at(205),
                              tagsOf(*model).at(309)};
    for (const QString &tag : sampled) {
        QObject context;
        ManifestOperation *head
            = test.client.headManifest(fixture.value(u"repository").toString(), tag, &context);
        QVERIFY(waitForFinished(head));
        QVERIFY2(head->succeeded(), qPrintable(head->error().toString()));
        QCOMPARE(model->indexOfTag(tag).data(DigestRole).toString(), head->digest().toString());
    }
    // The resolver is gone once it is done.
    QTRY_VERIFY(model->findChildren<Operation *>().isEmpty());
}

void TestTagPane::multiarchPlatforms()
{
    const QJsonObject fixture = Harness::fixture(QStringLiteral("ociIndex"));
    QStringList platforms;
    for (const QJsonValue &image : fixture.value(u"images").toArray())
        platforms << platformText(image.toObject().value(u"platform").toObject());
    QCOMPARE(platforms.size(), 4);

    PaneUnderTest test;
    QVERIFY(test.resolve(fixture.value(u"repository").toString()));
    const QJsonArray tags = fixture.value(u"tags").toArray();
    QCOMPARE(test.pane.model()->rowCount(), tags.size());
    for (const QJsonValue &tag : tags) {
        const QModelIndex index = test.pane.model()->indexOfTag(tag.toString());
        QVERIFY(index.isValid());
        const QModelIndex cell = index.siblingAtColumn(TagModel::PlatformsColumn);
        QCOMPARE(cell.data().toString(), QStringLiteral("4 platforms"));
        QCOMPARE(cell.data(Qt::ToolTipRole).toString().split(u'\n'), platforms);
        QVERIFY(!cell.data(Qt::ToolTipRole).toString().contains(QStringLiteral("unknown")));
        const QString digest = fixture.value(u"digest").toString();
        QCOMPARE(index.data(DigestRole).toString(), digest);
        QCOMPARE(index.data(ReferenceRole).toString(),
                 Harness::hostPort(QStringLiteral("open")) + QStringLiteral("/fixtures/multiarch@")
                     + digest);
        QCOMPARE(index.siblingAtColumn(TagModel::DigestColumn).data().toString(),
                 QStringLiteral("sha256:") + digest.mid(7, 12));
    }
    // Both tags name the index: one group, each naming the other.
    QCOMPARE(test.pane.model()->indexOfTag(QStringLiteral("3.0")).data(TagModel::SameImageRole),
             QVariant(QStringLiteral("same image as latest")));
}

void TestTagPane::dockerAppGroups()
{
    const QJsonObject current = Harness::fixture(QStringLiteral("dockerImage"));
    const QJsonObject previous = Harness::fixture(QStringLiteral("dockerImagePrevious"));
    PaneUnderTest test;
    QVERIFY(test.resolve(current.value(u"repository").toString()));
    TagModel *model = test.pane.model();
    QCOMPARE(model->rowCount(), 4);

    const QModelIndex one = model->indexOfTag(QStringLiteral("1.0"));
    const QModelIndex old = model->indexOfTag(QStringLiteral("0.9"));
    QCOMPARE(one.data(TagModel::SameImageRole).toString(),
             QStringLiteral("same image as 1, latest"));
    QCOMPARE(one.siblingAtColumn(TagModel::SameImageColumn).data().toString(),
             QStringLiteral("1, latest"));
    QCOMPARE(model->indexOfTag(QStringLiteral("latest")).data(TagModel::SameImageRole).toString(),
             QStringLiteral("same image as 1, 1.0"));
    QVERIFY(old.data(TagModel::SameImageRole).toString().isEmpty());
    const int group = one.data(TagModel::GroupRole).toInt();
    QCOMPARE(model->indexOfTag(QStringLiteral("1")).data(TagModel::GroupRole).toInt(), group);
    QCOMPARE(model->indexOfTag(QStringLiteral("latest")).data(TagModel::GroupRole).toInt(), group);
    QVERIFY(old.data(TagModel::GroupRole).toInt() != group);
    QCOMPARE(model->imageCount(), 2);

    QCOMPARE(one.data(DigestRole).toString(), current.value(u"digest").toString());
    QCOMPARE(old.data(DigestRole).toString(), previous.value(u"digest").toString());
    const QJsonObject image = current.value(u"images").toArray().at(0).toObject();
    QCOMPARE(one.data(TagModel::SizeRole).toLongLong(), image.value(u"totalLayerSize").toInteger());
    QCOMPARE(one.data(TagModel::CreatedRole).toDateTime(),
             QDateTime::fromString(image.value(u"created").toString(), Qt::ISODateWithMs));
    QCOMPARE(one.siblingAtColumn(TagModel::PlatformsColumn).data().toString(),
             platformText(image.value(u"platform").toObject()));
}

void TestTagPane::missingRepository()
{
    PaneUnderTest test;
    QSignalSpy failed(test.pane.model(), &TagModel::listFailed);
    QSignalSpy errors(&test.pane, &TagPane::errorOccurred);
    QVERIFY(test.resolve(QStringLiteral("fixtures/does-not-exist")));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(0).value<RegistryError>().category(),
             RegistryError::Category::NotFound);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(test.pane.model()->rowCount(), 0);
    auto *banner = test.pane.findChild<ErrorBanner *>(QStringLiteral("tagErrorBanner"));
    QVERIFY(banner->isVisibleTo(&test.pane));
    QVERIFY2(banner->text().contains(QStringLiteral("fixtures/does-not-exist")),
             qPrintable(banner->text()));
    auto *retry = banner->findChild<QPushButton *>(QStringLiteral("retryButton"));
    QVERIFY(retry->isVisibleTo(&test.pane));
    QVERIFY(
        !test.pane.findChild<QWidget *>(QStringLiteral("tagProgressRow"))->isVisibleTo(&test.pane));

    // Retry asks the registry again, and it says the same.
    retry->click();
    QVERIFY(test.pane.model()->isResolving());
    QVERIFY(failed.wait(ResolveTimeoutMs));
    QCOMPARE(failed.count(), 2);
    QVERIFY(banner->isVisibleTo(&test.pane));
    QTRY_VERIFY(test.pane.model()->findChildren<Operation *>().isEmpty());
}

void TestTagPane::switchingDropsTheOldRepository_data()
{
    QTest::addColumn<int>("resolvedBeforeSwitch");
    QTest::addRow("immediately") << -1;
    QTest::addRow("once listed") << 0;
    QTest::addRow("while resolving") << 40;
}

void TestTagPane::switchingDropsTheOldRepository()
{
    QFETCH(int, resolvedBeforeSwitch);
    const QString manyTags
        = Harness::fixture(QStringLiteral("manyTags")).value(u"repository").toString();
    const QJsonObject app = Harness::fixture(QStringLiteral("dockerImage"));
    const QSet<QString> appTags{QStringLiteral("1.0"), QStringLiteral("1"),
                                QStringLiteral("latest"), QStringLiteral("0.9")};

    PaneUnderTest test;
    TagModel *model = test.pane.model();
    QSignalSpy selected(&test.pane, &TagPane::tagSelected);
    QSignalSpy listed(model, &TagModel::tagsListed);
    test.pane.showRepository(&test.client, manyTags);
    if (resolvedBeforeSwitch >= 0) {
        QVERIFY(listed.wait(ResolveTimeoutMs));
        QCOMPARE(model->rowCount(), 310);
        QTRY_VERIFY_WITH_TIMEOUT(model->resolvedCount() >= resolvedBeforeSwitch, ResolveTimeoutMs);
        QVERIFY(model->isResolving());
        // The view's current row belongs to the old repository and must not be announced again.
        test.pane.view()->setCurrentIndex(test.pane.view()->model()->index(3, 0));
        QCOMPARE(selected.count(), 1);
    }

    // From the switch on, every row the model shows or updates is one of docker-app's.
    bool switched = false;
    QStringList stale;
    const auto check = [&] {
        if (!switched)
            return;
        for (const QString &tag : tagsOf(*model)) {
            if (!appTags.contains(tag))
                stale << tag;
        }
    };
    QObject guard;
    connect(model, &QAbstractItemModel::dataChanged, &guard, check);
    connect(model, &QAbstractItemModel::modelReset, &guard, check);
    connect(model, &QAbstractItemModel::rowsInserted, &guard, check);
    const int selectedBefore = int(selected.count());
    switched = true;
    QVERIFY(test.resolve(app.value(u"repository").toString()));
    const QStringList shown = tagsOf(*model);
    QCOMPARE(QSet<QString>(shown.cbegin(), shown.cend()), appTags);
    QCOMPARE(model->resolvedCount(), 4);
    // Give anything left over from many-tags the chance to arrive, then look again.
    QTRY_VERIFY(model->findChildren<Operation *>().isEmpty());
    QTest::qWait(200);
    check();
    QVERIFY2(stale.isEmpty(), qPrintable(stale.join(u' ')));
    QCOMPARE(model->rowCount(), 4);
    QCOMPARE(selected.count(), selectedBefore);
    QVERIFY(test.pane.currentTag().isEmpty());
}

void TestTagPane::selectionWaitsForTheList()
{
    PaneUnderTest test;
    QSignalSpy selected(&test.pane, &TagPane::tagSelected);
    QSignalSpy finished(test.pane.model(), &TagModel::resolvingFinished);
    test.pane.showRepository(
        &test.client,
        Harness::fixture(QStringLiteral("dockerImage")).value(u"repository").toString());
    QVERIFY(!test.pane.selectTag(QStringLiteral("latest")));
    QVERIFY(selected.wait(ResolveTimeoutMs));
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.at(0).at(0).toString(), QStringLiteral("latest"));
    QCOMPARE(test.pane.currentTag(), QStringLiteral("latest"));
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, ResolveTimeoutMs);
    // Resolution updating rows and re-sorting does not announce the tag again.
    QCOMPARE(selected.count(), 1);
    QCOMPARE(test.pane.currentTag(), QStringLiteral("latest"));
}

void TestTagPane::stopKeepsWhatIsResolved()
{
    const QString manyTags
        = Harness::fixture(QStringLiteral("manyTags")).value(u"repository").toString();
    PaneUnderTest test;
    TagModel *model = test.pane.model();
    model->setConcurrency(2);
    QSignalSpy listed(model, &TagModel::tagsListed);
    QSignalSpy finished(model, &TagModel::resolvingFinished);
    test.pane.show();
    test.pane.showRepository(&test.client, manyTags);
    QVERIFY(listed.wait(ResolveTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(model->resolvedCount() >= 5, ResolveTimeoutMs);
    auto *progressRow = test.pane.findChild<QWidget *>(QStringLiteral("tagProgressRow"));
    QVERIFY(progressRow->isVisible());
    auto *stop = test.pane.findChild<QPushButton *>(QStringLiteral("stopResolving"));
    stop->click();
    QCOMPARE(finished.count(), 1);
    QVERIFY(!model->isResolving());
    QVERIFY(!progressRow->isVisible());
    const int resolved = model->resolvedCount();
    QVERIFY(resolved < 310);
    QCOMPARE(model->rowCount(), 310);
    QTRY_VERIFY(model->findChildren<Operation *>().isEmpty());
    QTest::qWait(200);
    QCOMPARE(model->resolvedCount(), resolved);
    int pending = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, TagModel::DigestColumn);
        if (index.data(TagModel::StateRole).value<TagModel::State>() == TagModel::Pending) {
            ++pending;
            QCOMPARE(index.data().toString(), QStringLiteral("not resolved"));
        }
    }
    QCOMPARE(pending, 310 - resolved);
}

void TestTagPane::render()
{
    // Pictures for people to look at: LAYERSCOPE_TAGS_PNG=<folder>.
    const QString folder = qEnvironmentVariable("LAYERSCOPE_TAGS_PNG");
    if (folder.isEmpty())
        QSKIP("set LAYERSCOPE_TAGS_PNG to a folder to render the pane");
    QVERIFY(QDir().mkpath(folder));
    const QPalette original = QApplication::palette();
    const struct
    {
        const char *fixture;
        const char *name;
        const char *select;
    } shots[] = {{"manyTags", "many-tags", "1.3.0"}, {"dockerImage", "docker-app", "1.0"}};
    for (bool dark : {false, true}) {
        QApplication::setPalette(dark ? TestPalette::dark() : original);
        for (const auto &shot : shots) {
            PaneUnderTest test;
            test.pane.show();
            QVERIFY(test.resolve(Harness::fixture(QString::fromLatin1(shot.fixture))
                                     .value(u"repository")
                                     .toString()));
            test.pane.selectTag(QString::fromLatin1(shot.select));
            QCoreApplication::processEvents();
            const QString path = QDir(folder).filePath(
                QStringLiteral("%1-%2.png")
                    .arg(QString::fromLatin1(shot.name),
                         dark ? QStringLiteral("dark") : QStringLiteral("light")));
            QVERIFY(test.pane.grab().save(path));
        }
    }
    QApplication::setPalette(original);

    PaneUnderTest failing;
    failing.pane.resize(1100, 240);
    failing.pane.show();
    QVERIFY(failing.resolve(QStringLiteral("fixtures/does-not-exist")));
    QVERIFY(failing.pane.grab().save(QDir(folder).filePath(QStringLiteral("missing-light.png"))));
}

QTEST_MAIN(TestTagPane)
#include "tst_tagpane.moc"
