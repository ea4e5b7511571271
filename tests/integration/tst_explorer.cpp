#include "common/errorbanner.h"
#include "common/roles.h"
#include "explorerwindow.h"
#include "harness.h"
#include "image/imagepane.h"
#include "image/layersmodel.h"
#include "mainwindow.h"
#include "registries/clientpool.h"
#include "registries/registrylistmodel.h"
#include "registries/registrypane.h"
#include "repositories/repositorymodel.h"
#include "repositories/repositorypane.h"
#include "tags/tagmodel.h"
#include "tags/tagpane.h"
#include "transport/operation.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Layerscope;

namespace {

constexpr int LoadTimeoutMs = 60000;

/// The text a summary value shows, whichever widget shows it.
QString textOf(const QWidget *widget)
{
    if (const auto *label = qobject_cast<const QLabel *>(widget))
        return label->text();
    if (const auto *edit = qobject_cast<const QLineEdit *>(widget))
        return edit->text();
    return {};
}

QString summaryText(const MainWindow &window, const QString &name)
{
    const auto *widget = window.imagePane()->findChild<QWidget *>(name);
    return widget ? textOf(widget) : QStringLiteral("<no widget %1>").arg(name);
}

QJsonObject imageFor(const QJsonObject &fixture, const QString &platform)
{
    for (const QJsonValue &value : fixture.value(QStringLiteral("images")).toArray()) {
        const QJsonObject image = value.toObject();
        const QJsonObject p = image.value(QStringLiteral("platform")).toObject();
        QString text = p.value(QStringLiteral("os")).toString() + QLatin1Char('/')
            + p.value(QStringLiteral("architecture")).toString();
        if (p.contains(QStringLiteral("variant")))
            text += QLatin1Char('/') + p.value(QStringLiteral("variant")).toString();
        if (text == platform)
            return image;
    }
    return {};
}

/// Operations still alive anywhere under the window: each is a reply or job still running
/// or not yet cleaned up.
QList<Operation *> liveOperations(const MainWindow &window)
{
    QList<Operation *> live;
    for (Operation *operation : window.findChildren<Operation *>()) {
        if (!operation->isFinished())
            live.append(operation);
    }
    return live;
}

} // namespace

/// The whole window against the harness's open registry: registry → repository → tag →
/// platform, as a user gets there.
class TestExplorer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void multiPlatformTag();
    void singleManifestTag();
    void rapidSelectionShowsOnlyTheLast();
    void backAndForward();
    void lastPlaceRestored();
    void errorsShowWhereTheyHappened();
    void keyboard();
    void registryChangedOrRemoved();

private:
    std::unique_ptr<MainWindow> newWindow();
    bool openByTyping(MainWindow &window, const QString &text);
    bool waitLoaded(MainWindow &window);

    QString m_host;
    std::unique_ptr<QTemporaryDir> m_settingsDir;
    std::unique_ptr<QSettings> m_settings;
};

void TestExplorer::initTestCase()
{
    QVERIFY2(Harness::available(), "the harness is not running (LAYERSCOPE_HARNESS)");
    m_host = Harness::hostPort(QStringLiteral("open"));
}

void TestExplorer::init()
{
    m_settingsDir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<QSettings>(
        m_settingsDir->filePath(QStringLiteral("layerscope.ini")), QSettings::IniFormat);
}

void TestExplorer::cleanup()
{
    m_settings.reset();
    m_settingsDir.reset();
}

std::unique_ptr<MainWindow> TestExplorer::newWindow()
{
    return openExplorer(m_settings.get(), Place{m_host, {}, {}, {}, {}});
}

bool TestExplorer::openByTyping(MainWindow &window, const QString &text)
{
    auto *field = window.repositoryPane()->findChild<QLineEdit *>(QStringLiteral("openRepository"));
    if (!field)
        return false;
    field->setFocus();
    field->setText(text);
    QTest::keyClick(field, Qt::Key_Return);
    return true;
}

bool TestExplorer::waitLoaded(MainWindow &window)
{
    return QTest::qWaitFor([&window] { return !window.imagePane()->isLoading(); }, LoadTimeoutMs);
}

void TestExplorer::multiPlatformTag()
{
    const QJsonObject fixture = Harness::fixture(QStringLiteral("ociIndex"));
    auto window = newWindow();
    QAbstractItemModelTester tagTester(window->tagPane()->view()->model(),
                                       QAbstractItemModelTester::FailureReportingMode::Fatal);

    // The registry, then the repository typed into the open field, then the tag in the list.
    window->openPlace(Place{m_host, {}, {}, {}, {}});
    QCOMPARE(window->currentPlace().registry, m_host);
    QVERIFY(openByTyping(*window, QStringLiteral("fixtures/multiarch")));
    QCOMPARE(window->currentPlace().repository, QStringLiteral("fixtures/multiarch"));
    // Selected as soon as the tag list is there.
    window->tagPane()->selectTag(QStringLiteral("3.0"));
    QTRY_COMPARE_WITH_TIMEOUT(window->currentPlace().tag, QStringLiteral("3.0"), LoadTimeoutMs);
    QVERIFY(waitLoaded(*window));

    const QString indexDigest = fixture.value(QStringLiteral("digest")).toString();
    QVERIFY(summaryText(*window, QStringLiteral("summaryDigest")).contains(indexDigest));
    QVERIFY(summaryText(*window, QStringLiteral("summaryReference"))
                .contains(m_host + QStringLiteral("/fixtures/multiarch:3.0")));

    for (const QString &platform :
         {QStringLiteral("linux/amd64"), QStringLiteral("linux/arm64/v8")}) {
        window->imagePane()->selectPlatform(*Platform::parse(platform));
        const QJsonObject image = imageFor(fixture, platform);
        QVERIFY2(!image.isEmpty(), qPrintable(platform));
        const QString manifestDigest = image.value(QStringLiteral("manifestDigest")).toString();
        const QString configDigest = image.value(QStringLiteral("configDigest")).toString();
        QTRY_VERIFY(
            summaryText(*window, QStringLiteral("summaryPlatformDigest")).contains(manifestDigest));
        QVERIFY(summaryText(*window, QStringLiteral("summaryConfigDigest")).contains(configDigest));
        QVERIFY(summaryText(*window, QStringLiteral("summaryImageId")).contains(configDigest));
        QVERIFY(summaryText(*window, QStringLiteral("summaryImageIdShort"))
                    .contains(image.value(QStringLiteral("imageId")).toString()));
        QCOMPARE(window->imagePane()->currentPlatform()->toString(), platform);
        if (platform != QLatin1StringView("linux/amd64"))
            QCOMPARE(window->currentPlace().platform, platform);

        // The layers table: one row per layer with the manifest's digest and size beside the
        // config's diff_id.
        auto *layers = window->imagePane()->findChild<QTableView *>(QStringLiteral("layersView"));
        QVERIFY(layers);
        const QAbstractItemModel *model = layers->model();
        const QJsonArray expected = image.value(QStringLiteral("layers")).toArray();
        QList<int> layerRows;
        for (int row = 0; row < model->rowCount(); ++row) {
            if (!model->index(row, LayersModel::DigestColumn).data(DigestRole).toString().isEmpty())
                layerRows.append(row);
        }
        QCOMPARE(layerRows.size(), expected.size());
        for (int i = 0; i < expected.size(); ++i) {
            const QJsonObject layer = expected.at(i).toObject();
            const int row = layerRows.at(i);
            QCOMPARE(model->index(row, 0).data(DigestRole).toString(),
                     layer.value(QStringLiteral("digest")).toString());
            QCOMPARE(model->index(row, 0).data(LayersModel::SizeRole).toLongLong(),
                     layer.value(QStringLiteral("size")).toInteger());
            QCOMPARE(model->index(row, 0).data(LayersModel::DiffIdRole).toString(),
                     layer.value(QStringLiteral("diffId")).toString());
        }
    }

    // The tree: the index, with one child per entry (4 images, 4 attestations); an image
    // manifest holds its config and layers.
    auto *tree = window->imagePane()->findChild<QTreeView *>(QStringLiteral("manifestTree"));
    QVERIFY(tree);
    const QAbstractItemModel *treeModel = tree->model();
    QCOMPARE(treeModel->rowCount(), 1);
    const QModelIndex root = treeModel->index(0, 0);
    QCOMPARE(root.data(DigestRole).toString(), indexDigest);
    QCOMPARE(treeModel->rowCount(root), 8);
    int imagesWithChildren = 0;
    for (int row = 0; row < treeModel->rowCount(root); ++row) {
        const QModelIndex entry = treeModel->index(row, 0, root);
        const int children = treeModel->rowCount(entry);
        if (children > 0) {
            ++imagesWithChildren;
            for (const QJsonValue &value : fixture.value(QStringLiteral("images")).toArray()) {
                const QJsonObject candidate = value.toObject();
                if (candidate.value(QStringLiteral("manifestDigest")).toString()
                    == entry.data(DigestRole).toString())
                    QCOMPARE(children, 1 + candidate.value(QStringLiteral("layerCount")).toInt());
            }
        }
    }
    QCOMPARE(imagesWithChildren, 4);
    // Once the tag list is resolved too, nothing is left running.
    QVERIFY(QTest::qWaitFor([&window] { return !window->tagPane()->model()->isResolving(); },
                            LoadTimeoutMs));
    QTRY_VERIFY2(liveOperations(*window).isEmpty(), "operations left running");
}

void TestExplorer::singleManifestTag()
{
    const QJsonObject fixture = Harness::fixture(QStringLiteral("dockerImage"));
    const QJsonObject image = fixture.value(QStringLiteral("images")).toArray().first().toObject();
    auto window = newWindow();
    window->openReference(
        *ImageReference::parse(m_host + QStringLiteral("/fixtures/docker-app:1.0")));
    QVERIFY(waitLoaded(*window));
    const QString digest = fixture.value(QStringLiteral("digest")).toString();
    QVERIFY(summaryText(*window, QStringLiteral("summaryDigest")).contains(digest));
    // A tag that names a single manifest: the platform manifest is that same manifest.
    QVERIFY(summaryText(*window, QStringLiteral("summaryPlatformDigest")).contains(digest));
    QVERIFY(summaryText(*window, QStringLiteral("summaryConfigDigest"))
                .contains(image.value(QStringLiteral("configDigest")).toString()));
    auto *layers = window->imagePane()->findChild<QTableView *>(QStringLiteral("layersView"));
    QVERIFY(layers);
    // 3 layers and 6 empty history steps between them, each a row.
    QCOMPARE(layers->model()->rowCount(), image.value(QStringLiteral("historyCount")).toInt());
}

void TestExplorer::rapidSelectionShowsOnlyTheLast()
{
    const QJsonObject fixture = Harness::fixture(QStringLiteral("manyTags"));
    const QJsonObject tagDigests = fixture.value(QStringLiteral("tagDigests")).toObject();
    auto window = newWindow();
    window->openPlace(Place{m_host, QStringLiteral("fixtures/many-tags"), {}, {}, {}});
    QAbstractItemView *view = window->tagPane()->view();
    QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() > 20, LoadTimeoutMs);
    view->setFocus();
    view->setCurrentIndex(view->model()->index(0, 0));
    // Down through twenty tags without waiting for any of them.
    for (int i = 0; i < 20; ++i)
        QTest::keyClick(view, Qt::Key_Down);
    const QString last = window->tagPane()->currentTag();
    QVERIFY(!last.isEmpty());
    QCOMPARE(window->currentPlace().tag, last);
    QVERIFY(waitLoaded(*window));
    QCOMPARE(window->imagePane()->reference().tag(), last);
    QVERIFY(summaryText(*window, QStringLiteral("summaryDigest"))
                .contains(tagDigests.value(last).toString()));
    // Wait a while longer: a late answer for an earlier tag must not replace the last one.
    QTest::qWait(1500);
    QVERIFY(summaryText(*window, QStringLiteral("summaryDigest"))
                .contains(tagDigests.value(last).toString()));
    // Only the tag list's resolution may still be at work; once it ends, nothing is.
    QVERIFY(QTest::qWaitFor([&window] { return !window->tagPane()->model()->isResolving(); },
                            LoadTimeoutMs));
    QTRY_VERIFY2(liveOperations(*window).isEmpty(), "operations left running");
    // Arrowing through tags of one repository keeps one history entry for it.
    QVERIFY(window->history().places().size() <= 3);
}

void TestExplorer::backAndForward()
{
    const QJsonObject fixture = Harness::fixture(QStringLiteral("ociIndex"));
    auto window = newWindow();
    window->openPlace(Place{m_host, {}, {}, {}, {}});
    window->openPlace(Place{m_host, QStringLiteral("fixtures/docker-app"), {}, {}, {}});
    window->openReference(
        *ImageReference::parse(m_host + QStringLiteral("/fixtures/multiarch:3.0")));
    QVERIFY(waitLoaded(*window));
    // Open a platform manifest in place, by digest.
    const QString manifestDigest = imageFor(fixture, QStringLiteral("linux/arm64/v8"))
                                       .value(QStringLiteral("manifestDigest"))
                                       .toString();
    Q_EMIT window->imagePane()->openReference(
        *ImageReference::parse(m_host + QStringLiteral("/fixtures/multiarch@") + manifestDigest));
    QCOMPARE(window->currentPlace().digest, manifestDigest);
    QVERIFY(waitLoaded(*window));
    QVERIFY(summaryText(*window, QStringLiteral("summaryDigest")).contains(manifestDigest));

    auto *back = window->findChild<QAction *>(QStringLiteral("backAction"));
    QVERIFY(back && back->isEnabled());
    QTest::keyClick(window.get(), Qt::Key_Left, Qt::AltModifier);
    QCOMPARE(window->currentPlace().tag, QStringLiteral("3.0"));
    QVERIFY(waitLoaded(*window));
    QVERIFY(summaryText(*window, QStringLiteral("summaryDigest"))
                .contains(fixture.value(QStringLiteral("digest")).toString()));
    window->goBack();
    QCOMPARE(window->currentPlace().repository, QStringLiteral("fixtures/docker-app"));
    QVERIFY(!window->currentPlace().hasImage());
    window->goBack();
    QCOMPARE(window->currentPlace(), (Place{m_host, {}, {}, {}, {}}));
    QStringList visited;
    for (const Place &place : window->history().places())
        visited.append(place.toString());
    QVERIFY2(!back->isEnabled(), qPrintable(visited.join(QStringLiteral(" | "))));
    QTest::keyClick(window.get(), Qt::Key_Right, Qt::AltModifier);
    QCOMPARE(window->currentPlace().repository, QStringLiteral("fixtures/docker-app"));
    window->goForward();
    window->goForward();
    QCOMPARE(window->currentPlace().digest, manifestDigest);
}

void TestExplorer::lastPlaceRestored()
{
    const Place place{m_host,
                      QStringLiteral("fixtures/multiarch"),
                      QStringLiteral("3.0"),
                      {},
                      QStringLiteral("linux/arm/v7")};
    {
        auto window = newWindow();
        window->openPlace(place);
        QVERIFY(waitLoaded(*window));
        window->close();
    }
    auto window = newWindow();
    window->restoreLastPlace();
    QCOMPARE(window->currentPlace(), place);
    QVERIFY(waitLoaded(*window));
    QCOMPARE(window->imagePane()->currentPlatform()->toString(), QStringLiteral("linux/arm/v7"));
}

void TestExplorer::errorsShowWhereTheyHappened()
{
    auto window = newWindow();
    // A tag that does not exist: the image pane says so, with the registry's code.
    window->openReference(
        *ImageReference::parse(m_host + QStringLiteral("/fixtures/docker-app:no-such-tag")));
    QVERIFY(waitLoaded(*window));
    auto *imageBanner = window->imagePane()->findChild<ErrorBanner *>();
    QVERIFY(imageBanner);
    QTRY_VERIFY(imageBanner->isVisible());
    QVERIFY2(imageBanner->text().contains(QLatin1StringView("MANIFEST_UNKNOWN")),
             qPrintable(imageBanner->text()));

    // A repository that does not exist: the tag pane says so.
    window->openPlace(Place{m_host, QStringLiteral("fixtures/no-such-repository"), {}, {}, {}});
    auto *tagBanner = window->tagPane()->findChild<ErrorBanner *>();
    QVERIFY(tagBanner);
    QTRY_VERIFY_WITH_TIMEOUT(tagBanner->isVisible(), LoadTimeoutMs);
    QVERIFY2(tagBanner->text().contains(QLatin1StringView("NAME_UNKNOWN")),
             qPrintable(tagBanner->text()));
    QVERIFY(!imageBanner->isVisible());
}

void TestExplorer::keyboard()
{
    auto window = newWindow();
    window->openPlace(Place{m_host, QStringLiteral("fixtures/docker-app"), {}, {}, {}});
    window->tagPane()->view()->setFocus();
    auto *filter = window->findChild<QAction *>(QStringLiteral("filterAction"));
    QVERIFY(filter);
    filter->trigger();
    auto *tagFilter = window->tagPane()->findChild<QLineEdit *>(QStringLiteral("tagFilter"));
    QVERIFY(tagFilter);
    QVERIFY(tagFilter->hasFocus());
    // Backspace edits the filter; it does not go back.
    const Place before = window->currentPlace();
    QTest::keyClicks(tagFilter, QStringLiteral("1."));
    QTest::keyClick(tagFilter, Qt::Key_Backspace);
    QCOMPARE(tagFilter->text(), QStringLiteral("1"));
    QCOMPARE(window->currentPlace(), before);

    window->repositoryPane()->view()->setFocus();
    filter->trigger();
    auto *repositoryFilter
        = window->repositoryPane()->findChild<QLineEdit *>(QStringLiteral("repositoryFilter"));
    QVERIFY(repositoryFilter && repositoryFilter->hasFocus());

    // Enter on the registry moves on to its repositories, Enter on a repository to its tags.
    QAbstractItemView *registries = window->registryPane()->view();
    registries->setFocus();
    QTest::keyClick(registries, Qt::Key_Return);
    QVERIFY(window->repositoryPane()->view()->hasFocus());
    QAbstractItemView *repositories = window->repositoryPane()->view();
    QTRY_VERIFY_WITH_TIMEOUT(repositories->model()->rowCount() > 0, LoadTimeoutMs);
    repositories->setCurrentIndex(repositories->model()->index(0, 0));
    QTest::keyClick(repositories, Qt::Key_Return);
    QVERIFY(window->tagPane()->view()->hasFocus());

    // Every pane can be reached with Ctrl+1…4.
    const std::pair<QString, QWidget *> panes[] = {
        {QStringLiteral("focusRegistriesAction"), window->registryPane()},
        {QStringLiteral("focusRepositoriesAction"), window->repositoryPane()},
        {QStringLiteral("focusTagsAction"), window->tagPane()},
        {QStringLiteral("focusImageAction"), window->imagePane()},
    };
    for (const auto &[name, pane] : panes) {
        auto *action = window->findChild<QAction *>(name);
        QVERIFY2(action, qPrintable(name));
        action->trigger();
        QWidget *focus = QApplication::focusWidget();
        QVERIFY2(focus && (focus == pane || pane->isAncestorOf(focus)), qPrintable(name));
    }
}

void TestExplorer::registryChangedOrRemoved()
{
    auto window = newWindow();
    window->openReference(
        *ImageReference::parse(m_host + QStringLiteral("/fixtures/docker-app:1.0")));
    QVERIFY(waitLoaded(*window));
    RegistryListModel *registries = window->registryPane()->model();

    // Marking the registry insecure gives it a new client; every pane moves to that one and
    // loads the same place again.
    RegistryClient *before = window->clientPool()->client(m_host);
    QVERIFY(window->tagPane()->model()->client() == before);
    registries->addRegistry(RegistryEntry{m_host, {}, true}, false);
    RegistryClient *after = window->clientPool()->client(m_host);
    QVERIFY(after != before);
    QVERIFY(window->tagPane()->model()->client() == after);
    QVERIFY(window->repositoryPane()->model()->client() == after);
    QCOMPARE(window->currentPlace().tag, QStringLiteral("1.0"));
    QVERIFY(waitLoaded(*window));
    QVERIFY(summaryText(*window, QStringLiteral("summaryDigest"))
                .contains(Harness::fixture(QStringLiteral("dockerImage"))
                              .value(QStringLiteral("digest"))
                              .toString()));

    // Removing it leaves nothing that points at its client: the window moves elsewhere.
    registries->removeRegistry(m_host);
    QVERIFY(window->currentPlace().registry != m_host);
    QVERIFY(window->tagPane()->model()->client() != after);
    QCOMPARE(window->tagPane()->model()->tagCount(), 0);
    QVERIFY(!window->imagePane()->isLoading());
}

QTEST_MAIN(TestExplorer)
#include "tst_explorer.moc"
