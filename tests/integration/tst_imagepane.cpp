// The image pane against Debian's docker-registry: every digest it shows is compared with the
// harness's contract (what its pusher built) or with what RegistryClient reports directly.
//
// Set LAYERSCOPE_IMAGE_PNG=<directory> to also render the pane's tabs to PNG files there,
// in a light and a dark palette.

#include "common/roles.h"
#include "image/configwidget.h"
#include "image/imagepane.h"
#include "image/layerswidget.h"
#include "image/manifesttreemodel.h"
#include "image/platformsmodel.h"
#include "image/rawjsonwidget.h"
#include "image/referrersmodel.h"
#include "image/referrerswidget.h"
#include "image/summarywidget.h"
#include "registry/manifestoperation.h"
#include "registry/registryclient.h"
#include "testpalette.h"
#include "values/imageindex.h"
#include "values/imagemanifest.h"

#include "harness.h"
#include "operationwait.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace Layerscope;
using Kind = ImageIndex::EntryKind;
using NodeKind = ManifestTreeModel::NodeKind;

namespace {

constexpr int LoadTimeout = 60000;

ImageReference referenceOf(const QString &fixture, const QString &tag = {})
{
    const QJsonObject contract = Harness::fixture(fixture);
    const QString text = tag.isEmpty() ? contract.value(u"reference").toString()
                                       : Harness::hostPort(QStringLiteral("open")) + u'/'
            + contract.value(u"repository").toString() + u':' + tag;
    return ImageReference::parse(text).value();
}

QString platformText(const QJsonObject &platform)
{
    QString text
        = platform.value(u"os").toString() + u'/' + platform.value(u"architecture").toString();
    if (platform.contains(u"variant"))
        text += u'/' + platform.value(u"variant").toString();
    return text;
}

/// The contract's image of \a platform ("linux/arm64/v8") in fixture \a contract.
QJsonObject imageOf(const QJsonObject &contract, const QString &platform)
{
    for (const QJsonValue &image : contract.value(u"images").toArray()) {
        if (platformText(image.toObject().value(u"platform").toObject()) == platform)
            return image.toObject();
    }
    return {};
}

/// Shows \a reference and waits for loaded() or errorOccurred(); true when loaded.
bool showAndWait(ImagePane &pane, RegistryClient *client, const ImageReference &reference,
                 std::optional<Platform> platform = {})
{
    QSignalSpy loaded(&pane, &ImagePane::loaded);
    QSignalSpy failed(&pane, &ImagePane::errorOccurred);
    pane.showImage(client, reference, std::move(platform));
    QElapsedTimer timer;
    timer.start();
    while (loaded.isEmpty() && failed.isEmpty() && timer.elapsed() < LoadTimeout)
        loaded.wait(200);
    return !loaded.isEmpty();
}

SummaryWidget *summaryOf(const ImagePane &pane)
{
    return pane.findChild<SummaryWidget *>(QStringLiteral("summaryWidget"));
}

QAbstractItemModel *platformsOf(const ImagePane &pane)
{
    auto *view = pane.findChild<QTableView *>(QStringLiteral("platformsView"));
    return view ? view->model() : nullptr;
}

QAbstractItemModel *treeOf(const ImagePane &pane)
{
    auto *view = pane.findChild<QTreeView *>(QStringLiteral("manifestTree"));
    return view ? view->model() : nullptr;
}

/// Deletes what is scheduled for deletion, as the event loop would.
void flushDeletes()
{
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCoreApplication::processEvents();
    }
}

} // namespace

class TestImagePane : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void loadingStateShowsAtOnce();
    void multiarchSummary();
    void selectPlatform();
    void platformsTable();
    void manifestTree();
    void singleManifest();
    void rawTab();
    void rapidChangesShowOnlyTheLast();
    void missingTagShowsAnError();
    void referrersFromTheFallbackTag();
    void noReferrers();
    void clearShowsNothing();
    void everyWidgetHasAnAccessibleName();
    void tabsAreReachableFromTheKeyboard();
    void render();

private:
    std::unique_ptr<RegistryClient> m_client;
};

void TestImagePane::initTestCase()
{
    QVERIFY2(Harness::available(), "the harness is not running (LAYERSCOPE_HARNESS)");
    m_client = std::make_unique<RegistryClient>(Harness::hostPort(QStringLiteral("open")));
}

void TestImagePane::loadingStateShowsAtOnce()
{
    ImagePane pane;
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QSignalSpy loaded(&pane, &ImagePane::loaded);
    const ImageReference reference = referenceOf(QStringLiteral("ociIndex"));
    pane.showImage(m_client.get(), reference);
    QVERIFY(pane.isLoading());
    QCOMPARE(pane.reference(), reference);
    QVERIFY(!pane.currentPlatform());
    auto *status = pane.findChild<QLabel *>(QStringLiteral("summaryStatus"));
    QVERIFY(status);
    QCOMPARE(status->text(), QStringLiteral("Loading %1…").arg(reference.toString()));
    auto *busy = pane.findChild<QWidget *>(QStringLiteral("busyIndicator"));
    QVERIFY(busy && busy->isVisible());
    QCOMPARE(summaryOf(pane)->value(QStringLiteral("summaryDigest")), QString());
    QCOMPARE(platformsOf(pane)->rowCount(), 0);

    QVERIFY(loaded.wait(LoadTimeout));
    QVERIFY(!pane.isLoading());
    QVERIFY(!busy->isVisible());
    QVERIFY(status->text().isEmpty());
}

void TestImagePane::multiarchSummary()
{
    const QJsonObject contract = Harness::fixture(QStringLiteral("ociIndex"));
    ImagePane pane;
    QVERIFY(showAndWait(pane, m_client.get(), referenceOf(QStringLiteral("ociIndex"))));
    SummaryWidget *summary = summaryOf(pane);
    QVERIFY(summary);

    QCOMPARE(summary->value(QStringLiteral("summaryReference")),
             Harness::hostPort(QStringLiteral("open")) + QStringLiteral("/fixtures/multiarch:3.0"));
    QCOMPARE(summary->value(QStringLiteral("summaryDigest")), contract.value(u"digest").toString());
    QVERIFY2(summary->caption(QStringLiteral("summaryDigest")).startsWith(u"Index digest"),
             qPrintable(summary->caption(QStringLiteral("summaryDigest"))));
    QCOMPARE(summary->value(QStringLiteral("summaryMediaType")),
             contract.value(u"mediaType").toString());

    // The default platform is the host's when the index has it (it has linux/amd64 and
    // linux/arm64/v8), else the first image.
    QString expected = platformText(
        contract.value(u"images").toArray().first().toObject().value(u"platform").toObject());
    const QString host = Platform::host().toString();
    if (!imageOf(contract, host).isEmpty())
        expected = host;
    QVERIFY(pane.currentPlatform());
    QCOMPARE(pane.currentPlatform()->toString(), expected);

    const QJsonObject image = imageOf(contract, expected);
    QCOMPARE(summary->value(QStringLiteral("summaryPlatform")), expected);
    QCOMPARE(summary->value(QStringLiteral("summaryPlatformDigest")),
             image.value(u"manifestDigest").toString());
    QCOMPARE(summary->value(QStringLiteral("summaryManifestMediaType")),
             image.value(u"manifestMediaType").toString());
    QCOMPARE(summary->value(QStringLiteral("summaryConfigDigest")),
             image.value(u"configDigest").toString());
    QCOMPARE(summary->value(QStringLiteral("summaryConfigMediaType")),
             image.value(u"configMediaType").toString());
    QCOMPARE(summary->value(QStringLiteral("summaryImageId")),
             image.value(u"configDigest").toString());
    QCOMPARE(summary->value(QStringLiteral("summaryImageIdShort")),
             image.value(u"imageId").toString());
    QCOMPARE(summary->value(QStringLiteral("summaryLayerCount")),
             QString::number(image.value(u"layerCount").toInt()));
    QVERIFY(!summary->value(QStringLiteral("summaryCreated")).isEmpty());
    QVERIFY(summary->value(QStringLiteral("summaryCreated")).contains(u'Z'));

    auto *verified = pane.findChild<QLabel *>(QStringLiteral("summaryVerified"));
    QVERIFY(verified);
    QVERIFY2(verified->text().startsWith(u"Verified: the manifest's bytes hash to this digest"),
             qPrintable(verified->text()));

    auto *combo = pane.findChild<QComboBox *>(QStringLiteral("platformCombo"));
    QVERIFY(combo && combo->isVisibleTo(&pane));
    QCOMPARE(combo->count(), contract.value(u"images").toArray().size());
    QCOMPARE(combo->currentText(), expected);

    // The same digests straight from the registry client.
    ManifestOperation *top = m_client->fetchManifest(QStringLiteral("fixtures/multiarch"),
                                                     QStringLiteral("3.0"), this);
    QVERIFY(waitForFinished(top));
    QVERIFY2(top->succeeded(), qPrintable(top->error().toString()));
    QCOMPARE(summary->value(QStringLiteral("summaryDigest")), top->digest().toString());
    const auto index = std::dynamic_pointer_cast<const ImageIndex>(top->manifest());
    QVERIFY(index);
    const std::optional<Descriptor> entry = index->selectImage(*pane.currentPlatform());
    QVERIFY(entry);
    QCOMPARE(summary->value(QStringLiteral("summaryPlatformDigest")), entry->digest.toString());
    delete top;
}

void TestImagePane::selectPlatform()
{
    const QJsonObject contract = Harness::fixture(QStringLiteral("ociIndex"));
    ImagePane pane;
    QVERIFY(showAndWait(pane, m_client.get(), referenceOf(QStringLiteral("ociIndex")),
                        Platform::parse(u"linux/amd64").value()));
    QCOMPARE(pane.currentPlatform()->toString(), QStringLiteral("linux/amd64"));
    SummaryWidget *summary = summaryOf(pane);
    const QString indexDigest = summary->value(QStringLiteral("summaryDigest"));

    QSignalSpy changed(&pane, &ImagePane::platformChanged);
    const Platform arm64 = Platform::parse(u"linux/arm64/v8").value();
    pane.selectPlatform(arm64);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.constFirst().constFirst().value<Platform>().toString(),
             QStringLiteral("linux/arm64/v8"));
    QCOMPARE(pane.currentPlatform()->toString(), QStringLiteral("linux/arm64/v8"));

    const QJsonObject image = imageOf(contract, QStringLiteral("linux/arm64/v8"));
    QCOMPARE(summary->value(QStringLiteral("summaryDigest")), indexDigest);
    QCOMPARE(summary->value(QStringLiteral("summaryPlatformDigest")),
             image.value(u"manifestDigest").toString());
    QCOMPARE(summary->value(QStringLiteral("summaryConfigDigest")),
             image.value(u"configDigest").toString());
    QCOMPARE(summary->value(QStringLiteral("summaryImageIdShort")),
             image.value(u"imageId").toString());
    auto *combo = pane.findChild<QComboBox *>(QStringLiteral("platformCombo"));
    QCOMPARE(combo->currentText(), QStringLiteral("linux/arm64/v8"));

    // What the registry client reports for that manifest: the same config digest.
    ManifestOperation *manifest = m_client->fetchManifest(
        QStringLiteral("fixtures/multiarch"), image.value(u"manifestDigest").toString(), this);
    QVERIFY(waitForFinished(manifest));
    const auto fetched = std::dynamic_pointer_cast<const ImageManifest>(manifest->manifest());
    QVERIFY(fetched);
    QCOMPARE(summary->value(QStringLiteral("summaryConfigDigest")),
             fetched->config().digest.toString());
    delete manifest;

    // An unnormalised spelling matches too; selecting the shown platform changes nothing.
    pane.selectPlatform(Platform::parse(u"linux/arm64").value());
    QCOMPARE(changed.size(), 1);
    // The combo picks platforms as well.
    combo->setCurrentIndex(-1);
    QTest::keyClick(combo, Qt::Key_Home);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(
        pane.currentPlatform()->toString(),
        platformText(
            contract.value(u"images").toArray().first().toObject().value(u"platform").toObject()));
}

void TestImagePane::platformsTable()
{
    const QJsonObject contract = Harness::fixture(QStringLiteral("ociIndex"));
    ImagePane pane;
    QVERIFY(showAndWait(pane, m_client.get(), referenceOf(QStringLiteral("ociIndex")),
                        Platform::parse(u"linux/amd64").value()));
    QAbstractItemModel *model = platformsOf(pane);
    QVERIFY(model);
    QCOMPARE(model->rowCount(), 8);

    QHash<QString, int> rowOfDigest;
    int images = 0;
    int attestations = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        rowOfDigest.insert(index.data(DigestRole).toString(), row);
        const int kind = index.data(PlatformsModel::KindRole).toInt();
        images += kind == int(Kind::Image);
        attestations += kind == int(Kind::Attestation);
        QCOMPARE(index.data(ReferenceRole).toString(),
                 Harness::hostPort(QStringLiteral("open")) + QStringLiteral("/fixtures/multiarch@")
                     + index.data(DigestRole).toString());
    }
    QCOMPARE(images, 4);
    QCOMPARE(attestations, 4);
    for (const QJsonValue &value : contract.value(u"images").toArray()) {
        const QJsonObject image = value.toObject();
        const int row = rowOfDigest.value(image.value(u"manifestDigest").toString(), -1);
        QVERIFY(row >= 0 && row < 4);
        QCOMPARE(model->index(row, PlatformsModel::PlatformColumn).data().toString(),
                 platformText(image.value(u"platform").toObject()));
    }
    // Each attestation is linked to the image it attests.
    for (const QJsonValue &value : contract.value(u"attestations").toArray()) {
        const QJsonObject attestation = value.toObject();
        const int row = rowOfDigest.value(attestation.value(u"digest").toString(), -1);
        QVERIFY(row >= 4);
        const QModelIndex index = model->index(row, 0);
        QCOMPARE(index.data(PlatformsModel::KindRole).toInt(), int(Kind::Attestation));
        QCOMPARE(index.data(PlatformsModel::AttestedDigestRole).toString(),
                 attestation.value(u"referenceDigest").toString());
        const int attested = index.data(PlatformsModel::AttestedRowRole).toInt();
        QCOMPARE(model->index(attested, 0).data(DigestRole).toString(),
                 attestation.value(u"referenceDigest").toString());
    }

    // Selecting an image row selects its platform; activating an attestation opens it.
    auto *view = pane.findChild<QTableView *>(QStringLiteral("platformsView"));
    QSignalSpy changed(&pane, &ImagePane::platformChanged);
    QSignalSpy open(&pane, &ImagePane::openReference);
    const QJsonObject arm = imageOf(contract, QStringLiteral("linux/arm/v7"));
    const int armRow = rowOfDigest.value(arm.value(u"manifestDigest").toString());
    view->setCurrentIndex(model->index(armRow, 0));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(pane.currentPlatform()->toString(), QStringLiteral("linux/arm/v7"));
    QVERIFY(model->index(armRow, 0).data(PlatformsModel::CurrentRole).toBool());
    QCOMPARE(open.size(), 0);

    pane.setCurrentSection(ImagePane::Section::Platforms);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    view->setFocus();
    view->setCurrentIndex(model->index(4, 0));
    QTest::keyClick(view, Qt::Key_Return);
    QCOMPARE(open.size(), 1);
    const auto opened = open.constFirst().constFirst().value<ImageReference>();
    QCOMPARE(opened.digest().toString(), model->index(4, 0).data(DigestRole).toString());
    QCOMPARE(opened.path(), QStringLiteral("fixtures/multiarch"));
    QCOMPARE(opened.domain(), Harness::hostPort(QStringLiteral("open")));
    QCOMPARE(pane.currentPlatform()->toString(), QStringLiteral("linux/arm/v7"));
}

void TestImagePane::manifestTree()
{
    const QJsonObject contract = Harness::fixture(QStringLiteral("ociIndex"));
    ImagePane pane;
    QVERIFY(showAndWait(pane, m_client.get(), referenceOf(QStringLiteral("ociIndex")),
                        Platform::parse(u"linux/amd64").value()));
    QAbstractItemModel *model = treeOf(pane);
    QVERIFY(model);
    QCOMPARE(model->rowCount(), 1);
    const QModelIndex root = model->index(0, 0);
    QCOMPARE(root.data().toString(), QStringLiteral("Index"));
    QCOMPARE(root.data(DigestRole).toString(), contract.value(u"digest").toString());
    QCOMPARE(model->rowCount(root), 8);

    int images = 0;
    for (int row = 0; row < model->rowCount(root); ++row) {
        const QModelIndex node = model->index(row, 0, root);
        const QString digest = node.data(DigestRole).toString();
        QVERIFY(!node.data(ReferenceRole).toString().isEmpty());
        if (node.data(ManifestTreeModel::NodeKindRole).toInt() != int(NodeKind::Manifest)) {
            QCOMPARE(node.data(ManifestTreeModel::NodeKindRole).toInt(),
                     int(NodeKind::Attestation));
            QCOMPARE(model->rowCount(node), 0); // attestations are not fetched
            continue;
        }
        ++images;
        QJsonObject image;
        for (const QJsonValue &value : contract.value(u"images").toArray()) {
            if (value.toObject().value(u"manifestDigest").toString() == digest)
                image = value.toObject();
        }
        QVERIFY(!image.isEmpty());
        QCOMPARE(node.data().toString(),
                 QStringLiteral("Manifest ") + platformText(image.value(u"platform").toObject()));
        const QJsonArray layers = image.value(u"layers").toArray();
        QCOMPARE(model->rowCount(node), 1 + int(layers.size()));
        const QModelIndex config = model->index(0, 0, node);
        QCOMPARE(config.data().toString(), QStringLiteral("Config"));
        QCOMPARE(config.data(DigestRole).toString(), image.value(u"configDigest").toString());
        QVERIFY(config.data(ReferenceRole).toString().isEmpty());
        for (int i = 0; i < layers.size(); ++i) {
            const QModelIndex layer = model->index(1 + i, 0, node);
            QCOMPARE(layer.data().toString(), QStringLiteral("Layer %1").arg(i + 1));
            QCOMPARE(layer.data(DigestRole).toString(),
                     layers.at(i).toObject().value(u"digest").toString());
            QCOMPARE(layer.siblingAtColumn(ManifestTreeModel::SizeColumn)
                         .data(ManifestTreeModel::SizeRole)
                         .toLongLong(),
                     layers.at(i).toObject().value(u"size").toInteger());
        }
    }
    QCOMPARE(images, 4);

    // Activating another platform's manifest selects it; an attestation opens in place.
    auto *view = pane.findChild<QTreeView *>(QStringLiteral("manifestTree"));
    QSignalSpy changed(&pane, &ImagePane::platformChanged);
    QSignalSpy open(&pane, &ImagePane::openReference);
    const QString ppc
        = imageOf(contract, QStringLiteral("linux/ppc64le")).value(u"manifestDigest").toString();
    QModelIndex ppcNode;
    QModelIndex attestation;
    for (int row = 0; row < model->rowCount(root); ++row) {
        const QModelIndex node = model->index(row, 0, root);
        if (node.data(DigestRole).toString() == ppc)
            ppcNode = node;
        if (node.data(ManifestTreeModel::NodeKindRole).toInt() == int(NodeKind::Attestation))
            attestation = node;
    }
    QVERIFY(ppcNode.isValid() && attestation.isValid());
    Q_EMIT view->activated(ppcNode);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(pane.currentPlatform()->toString(), QStringLiteral("linux/ppc64le"));
    QVERIFY(ppcNode.data(ManifestTreeModel::CurrentRole).toBool());
    QCOMPARE(open.size(), 0);
    Q_EMIT view->activated(attestation);
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.constFirst().constFirst().value<ImageReference>().digest().toString(),
             attestation.data(DigestRole).toString());
    // The index itself and the blobs open nothing.
    Q_EMIT view->activated(root);
    Q_EMIT view->activated(model->index(1, 0, ppcNode));
    QCOMPARE(open.size(), 1);

    // A layer activated in the Layers tab is shown in the tree, under the image shown.
    pane.setCurrentSection(ImagePane::Section::Layers);
    const QString layer = imageOf(contract, QStringLiteral("linux/ppc64le"))
                              .value(u"layers")
                              .toArray()
                              .at(1)
                              .toObject()
                              .value(u"digest")
                              .toString();
    Q_EMIT pane.findChild<LayersWidget *>()->digestActivated(Digest::parse(layer).value());
    QCOMPARE(pane.currentSection(), ImagePane::Section::Tree);
    QCOMPARE(view->currentIndex().data(DigestRole).toString(), layer);
    QCOMPARE(view->currentIndex().parent(), ppcNode);
    QCOMPARE(open.size(), 1);
}

void TestImagePane::singleManifest()
{
    const QJsonObject contract = Harness::fixture(QStringLiteral("dockerImage"));
    const QJsonObject image = contract.value(u"images").toArray().first().toObject();
    ImagePane pane;
    QVERIFY(showAndWait(pane, m_client.get(), referenceOf(QStringLiteral("dockerImage"))));
    SummaryWidget *summary = summaryOf(pane);
    const QString digest = contract.value(u"digest").toString();
    QCOMPARE(summary->value(QStringLiteral("summaryDigest")), digest);
    QVERIFY(summary->caption(QStringLiteral("summaryDigest")).startsWith(u"Digest (what the tag"));
    QCOMPARE(summary->value(QStringLiteral("summaryPlatformDigest")), digest);
    auto *note = pane.findChild<QLabel *>(QStringLiteral("summaryPlatformDigestNote"));
    QVERIFY(note);
    QVERIFY2(note->text().contains(u"same as the digest"), qPrintable(note->text()));
    QCOMPARE(summary->value(QStringLiteral("summaryConfigDigest")),
             image.value(u"configDigest").toString());
    QCOMPARE(summary->value(QStringLiteral("summaryImageIdShort")),
             image.value(u"imageId").toString());
    QCOMPARE(summary->value(QStringLiteral("summaryPlatform")),
             platformText(image.value(u"platform").toObject()));
    QVERIFY(!pane.findChild<QComboBox *>(QStringLiteral("platformCombo"))->isVisibleTo(&pane));
    QCOMPARE(platformsOf(pane)->rowCount(), 1);
    QCOMPARE(platformsOf(pane)->index(0, 0).data(DigestRole).toString(), digest);
    const QModelIndex root = treeOf(pane)->index(0, 0);
    QCOMPARE(treeOf(pane)->rowCount(root), 1 + image.value(u"layerCount").toInt());

    // The config tab shows the run config the pusher wrote.
    const QJsonObject run = image.value(u"config").toObject();
    auto *env = pane.findChild<QTableView *>(QStringLiteral("configEnv"));
    QVERIFY(env);
    const QJsonArray wantEnv = run.value(u"Env").toArray();
    QCOMPARE(env->model()->rowCount(), int(wantEnv.size()));
    for (int row = 0; row < wantEnv.size(); ++row)
        QCOMPARE(env->model()->index(row, 0).data(NameRole).toString(), wantEnv.at(row).toString());
    const auto text = [&pane](const char *name) {
        auto *label = pane.findChild<QLabel *>(QLatin1StringView(name));
        return label ? label->text() : QStringLiteral("(missing %1)").arg(QLatin1StringView(name));
    };
    QCOMPARE(text("configEntrypoint"),
             ConfigWidget::execForm(run.value(u"Entrypoint").toVariant().toStringList()));
    QCOMPARE(text("configCmd"),
             ConfigWidget::execForm(run.value(u"Cmd").toVariant().toStringList()));
    QCOMPARE(text("configWorkingDir"), run.value(u"WorkingDir").toString());
    QCOMPARE(text("configUser"), run.value(u"User").toString());
    QCOMPARE(text("configStopSignal"), run.value(u"StopSignal").toString());
    QCOMPARE(text("configExposedPorts"),
             run.value(u"ExposedPorts").toObject().keys().join(QStringLiteral(", ")));
    auto *labels = pane.findChild<QTableView *>(QStringLiteral("configLabels"));
    QCOMPARE(labels->model()->rowCount(), int(run.value(u"Labels").toObject().size()));
}

void TestImagePane::rawTab()
{
    const QJsonObject contract = Harness::fixture(QStringLiteral("ociIndex"));
    ImagePane pane;
    QVERIFY(showAndWait(pane, m_client.get(), referenceOf(QStringLiteral("ociIndex")),
                        Platform::parse(u"linux/amd64").value()));
    auto *raw = pane.findChild<RawJsonWidget *>();
    QVERIFY(raw);
    auto *combo = raw->findChild<QComboBox *>(QStringLiteral("rawDocumentCombo"));
    QCOMPARE(combo->count(), 3); // index, platform manifest, config
    QCOMPARE(raw->currentDocument(), 0);
    const QString digest = contract.value(u"digest").toString();
    QVERIFY2(raw->digestLine().startsWith(digest + QStringLiteral(" — digest of the exact bytes")),
             qPrintable(raw->digestLine()));
    QVERIFY(raw->digestLine().contains(QString::number(contract.value(u"size").toInt())));

    ManifestOperation *top = m_client->fetchManifest(QStringLiteral("fixtures/multiarch"),
                                                     QStringLiteral("3.0"), this);
    QVERIFY(waitForFinished(top));
    QVERIFY2(top->succeeded(), qPrintable(top->error().toString()));
    QCOMPARE(QJsonDocument::fromJson(raw->text().toUtf8()),
             QJsonDocument::fromJson(top->manifest()->raw()));
    delete top;

    const QJsonObject image = imageOf(contract, QStringLiteral("linux/amd64"));
    combo->setCurrentIndex(1);
    QVERIFY(raw->digestLine().startsWith(image.value(u"manifestDigest").toString()));
    combo->setCurrentIndex(2);
    QVERIFY(raw->digestLine().startsWith(image.value(u"configDigest").toString()));
    QVERIFY(raw->text().contains(u"\"rootfs\""));
    // The choice of document stays when the platform changes.
    pane.selectPlatform(Platform::parse(u"linux/ppc64le").value());
    QCOMPARE(raw->currentDocument(), 2);
    QVERIFY(raw->digestLine().startsWith(
        imageOf(contract, QStringLiteral("linux/ppc64le")).value(u"configDigest").toString()));
}

void TestImagePane::rapidChangesShowOnlyTheLast()
{
    const QStringList fixtures{QStringLiteral("dockerImage"), QStringLiteral("ociIndex"),
                               QStringLiteral("dockerList"), QStringLiteral("fiftyLayers"),
                               QStringLiteral("ociImage")};
    ImagePane pane;
    QSignalSpy loaded(&pane, &ImagePane::loaded);
    QSignalSpy failed(&pane, &ImagePane::errorOccurred);
    for (const QString &fixture : fixtures)
        pane.showImage(m_client.get(), referenceOf(fixture));
    // Only one inspection runs at any time.
    QCOMPARE(pane.findChildren<ImageInspection *>().size(), 1);
    QVERIFY(loaded.wait(LoadTimeout));
    QTest::qWait(300); // a late result for an earlier reference would arrive here
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(failed.size(), 0);

    const QJsonObject last = Harness::fixture(fixtures.constLast());
    QCOMPARE(pane.reference(), referenceOf(fixtures.constLast()));
    QCOMPARE(summaryOf(pane)->value(QStringLiteral("summaryDigest")),
             last.value(u"digest").toString());
    QCOMPARE(platformsOf(pane)->index(0, 0).data(DigestRole).toString(),
             last.value(u"digest").toString());
    flushDeletes();
    const QList<Operation *> left = pane.findChildren<Operation *>();
    QVERIFY2(left.isEmpty(),
             qPrintable(left.isEmpty()
                            ? QString()
                            : QString::fromLatin1(left.first()->metaObject()->className())));
}

void TestImagePane::missingTagShowsAnError()
{
    ImagePane pane;
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QSignalSpy failed(&pane, &ImagePane::errorOccurred);
    QSignalSpy loaded(&pane, &ImagePane::loaded);
    pane.showImage(m_client.get(),
                   referenceOf(QStringLiteral("dockerImage"), QStringLiteral("no-such-tag")));
    QVERIFY(failed.wait(LoadTimeout));
    QCOMPARE(failed.constFirst().constFirst().value<RegistryError>().category(),
             RegistryError::Category::NotFound);
    auto *banner = pane.findChild<QWidget *>(QStringLiteral("errorBanner"));
    QVERIFY(banner && banner->isVisible());
    auto *text = banner->findChild<QLabel *>(QStringLiteral("errorText"));
    QVERIFY2(text->text().contains(u"not found"), qPrintable(text->text()));
    QVERIFY(text->text().contains(u"no-such-tag"));
    auto *retry = banner->findChild<QPushButton *>(QStringLiteral("retryButton"));
    QVERIFY(retry && retry->isVisible());
    QVERIFY(!pane.isLoading());

    retry->click();
    QVERIFY(pane.isLoading());
    QVERIFY(!banner->isVisible());
    QVERIFY(failed.wait(LoadTimeout));
    QCOMPARE(failed.size(), 2);
    QCOMPARE(loaded.size(), 0);
    QVERIFY(banner->isVisible());

    // The next image clears the notice.
    QVERIFY(showAndWait(pane, m_client.get(), referenceOf(QStringLiteral("dockerImage"))));
    QVERIFY(!banner->isVisible());
}

void TestImagePane::referrersFromTheFallbackTag()
{
    const QJsonObject artifact = Harness::fixture(QStringLiteral("artifact"));
    const QJsonObject subject = Harness::fixture(QStringLiteral("ociImage"));
    ImagePane pane;
    QVERIFY(showAndWait(pane, m_client.get(), referenceOf(QStringLiteral("ociImage"))));
    // Referrers are fetched when their tab is shown, not before.
    flushDeletes();
    QVERIFY(pane.findChildren<Operation *>().isEmpty());
    auto *referrers = pane.findChild<ReferrersWidget *>();
    QVERIFY(referrers);
    QSignalSpy done(&pane, &ImagePane::referrersLoaded);
    pane.setCurrentSection(ImagePane::Section::Referrers);
    QVERIFY(referrers->isLoading());
    QVERIFY(done.wait(LoadTimeout));

    // distribution 2.8 has no referrers API: the list is the sha256-<hex> tag's index.
    const QString tag
        = QStringLiteral("sha256-") + subject.value(u"digest").toString().section(u':', 1);
    QVERIFY2(referrers->sourceText().contains(tag), qPrintable(referrers->sourceText()));
    QVERIFY(referrers->sourceText().contains(u"no referrers API"));
    QAbstractItemModel *model = referrers->model();
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, 0).data(DigestRole).toString(), artifact.value(u"digest").toString());
    QCOMPARE(model->index(0, 0).data(ReferenceRole).toString(),
             artifact.value(u"digestReference").toString());
    QCOMPARE(model->index(0, 1).data().toString(), QStringLiteral("SBOM (SPDX)"));
    QVERIFY(referrers->emptyText().isEmpty());

    // Activating a referrer opens it in place.
    QSignalSpy open(&pane, &ImagePane::openReference);
    auto *view = referrers->findChild<QTableView *>(QStringLiteral("referrersView"));
    Q_EMIT view->activated(model->index(0, 0));
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.constFirst().constFirst().value<ImageReference>().digest().toString(),
             artifact.value(u"digest").toString());
}

void TestImagePane::noReferrers()
{
    ImagePane pane;
    pane.setCurrentSection(ImagePane::Section::Referrers);
    QSignalSpy done(&pane, &ImagePane::referrersLoaded);
    QVERIFY(showAndWait(pane, m_client.get(), referenceOf(QStringLiteral("ociIndex")),
                        Platform::parse(u"linux/amd64").value()));
    QVERIFY(done.wait(LoadTimeout));
    auto *referrers = pane.findChild<ReferrersWidget *>();
    QCOMPARE(referrers->model()->rowCount(), 0);
    QVERIFY2(referrers->emptyText().startsWith(
                 u"No referrers (the registry has no referrers API; the sha256-"),
             qPrintable(referrers->emptyText()));
    // Both the platform's manifest and the index were asked about.
    QCOMPARE(referrers->sourceText().count(u'\n'), 1);
    QVERIFY(referrers->sourceText().contains(u"Index"));

    // Another platform while the tab is shown: its referrers are fetched again.
    pane.selectPlatform(Platform::parse(u"linux/arm/v7").value());
    QVERIFY(referrers->isLoading());
    QVERIFY(done.wait(LoadTimeout));
    QVERIFY(referrers->sourceText().contains(u"linux/arm/v7"));
}

void TestImagePane::clearShowsNothing()
{
    ImagePane pane;
    QVERIFY(showAndWait(pane, m_client.get(), referenceOf(QStringLiteral("ociIndex"))));
    pane.clear();
    QVERIFY(pane.reference().isNull());
    QVERIFY(!pane.currentPlatform());
    QVERIFY(!pane.isLoading());
    QCOMPARE(platformsOf(pane)->rowCount(), 0);
    QCOMPARE(treeOf(pane)->rowCount(), 0);
    QCOMPARE(summaryOf(pane)->value(QStringLiteral("summaryDigest")), QString());

    // Clearing while loading drops the inspection.
    QSignalSpy loaded(&pane, &ImagePane::loaded);
    pane.showImage(m_client.get(), referenceOf(QStringLiteral("dockerImage")));
    pane.clear();
    flushDeletes();
    QVERIFY(pane.findChildren<Operation *>().isEmpty());
    QTest::qWait(300);
    QCOMPARE(loaded.size(), 0);
}

void TestImagePane::everyWidgetHasAnAccessibleName()
{
    ImagePane pane;
    QVERIFY(showAndWait(pane, m_client.get(), referenceOf(QStringLiteral("ociIndex"))));
    auto *layers = pane.findChild<LayersWidget *>();
    const QList<QWidget *> widgets = pane.findChildren<QWidget *>();
    int checked = 0;
    for (QWidget *widget : widgets) {
        if (layers && layers->isAncestorOf(widget))
            continue; // the Layers tab has its own test
        if (!qobject_cast<QLabel *>(widget) && !qobject_cast<QAbstractItemView *>(widget)
            && !qobject_cast<QLineEdit *>(widget) && !qobject_cast<QComboBox *>(widget)
            && !qobject_cast<QAbstractButton *>(widget) && !qobject_cast<QTabWidget *>(widget))
            continue;
        const auto internal = [widget] {
            for (const QWidget *up = widget->parentWidget(); up; up = up->parentWidget()) {
                if (qobject_cast<const QAbstractItemView *>(up)
                    || qobject_cast<const QComboBox *>(up))
                    return true;
            }
            return false;
        };
        if (internal())
            continue; // headers, corner buttons, a combo's list: parts Qt makes itself
        ++checked;
        const QWidget *parent = widget->parentWidget();
        QVERIFY2(!widget->accessibleName().isEmpty(),
                 qPrintable(QStringLiteral("%1 %2 in %3 %4")
                                .arg(QString::fromLatin1(widget->metaObject()->className()),
                                     widget->objectName(),
                                     QString::fromLatin1(parent->metaObject()->className()),
                                     parent->objectName())));
    }
    QVERIFY(checked > 40);
}

void TestImagePane::tabsAreReachableFromTheKeyboard()
{
    ImagePane pane;
    pane.show();
    QVERIFY(QTest::qWaitForWindowActive(&pane));
    QVERIFY(showAndWait(pane, m_client.get(), referenceOf(QStringLiteral("ociIndex"))));
    pane.setCurrentSection(ImagePane::Section::Tree);
    auto *tree = pane.findChild<QTreeView *>(QStringLiteral("manifestTree"));
    tree->setFocus();
    QVERIFY(tree->hasFocus());
    // From inside a view, which would take Ctrl+PgDown as a page move.
    QTest::keyClick(tree, Qt::Key_PageDown, Qt::ControlModifier);
    QCOMPARE(pane.currentSection(), ImagePane::Section::Layers);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_PageUp, Qt::ControlModifier);
    QCOMPARE(pane.currentSection(), ImagePane::Section::Tree);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_7, Qt::AltModifier);
    QCOMPARE(pane.currentSection(), ImagePane::Section::Raw);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_PageDown, Qt::ControlModifier);
    QCOMPARE(pane.currentSection(), ImagePane::Section::Summary); // it wraps around
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_2, Qt::AltModifier);
    QCOMPARE(pane.currentSection(), ImagePane::Section::Platforms);
}

void TestImagePane::render()
{
    const QString directory = qEnvironmentVariable("LAYERSCOPE_IMAGE_PNG");
    if (directory.isEmpty())
        QSKIP("LAYERSCOPE_IMAGE_PNG is not set");
    QDir().mkpath(directory);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const QPalette light = QApplication::style()->standardPalette();
    const QPalette dark = TestPalette::dark();

    struct Shot
    {
        const char *name;
        const char *fixture;
        ImagePane::Section section;
    };
    const QList<Shot> shots{
        {"summary-multiarch", "ociIndex", ImagePane::Section::Summary},
        {"platforms-multiarch", "ociIndex", ImagePane::Section::Platforms},
        {"tree-multiarch", "ociIndex", ImagePane::Section::Tree},
        {"raw-multiarch", "ociIndex", ImagePane::Section::Raw},
        {"summary-docker-app", "dockerImage", ImagePane::Section::Summary},
        {"config-docker-app", "dockerImage", ImagePane::Section::Config},
        {"layers-docker-app", "dockerImage", ImagePane::Section::Layers},
        {"referrers-oci-app", "ociImage", ImagePane::Section::Referrers},
        {"referrers-multiarch", "ociIndex", ImagePane::Section::Referrers},
    };
    for (const auto &[paletteName, colours] :
         {std::pair{"light", light}, std::pair{"dark", dark}}) {
        QApplication::setPalette(colours);
        for (const Shot &shot : shots) {
            ImagePane pane;
            pane.resize(1180, 760);
            pane.show();
            QVERIFY(QTest::qWaitForWindowExposed(&pane));
            QSignalSpy referrers(&pane, &ImagePane::referrersLoaded);
            pane.setCurrentSection(shot.section);
            QVERIFY(showAndWait(pane, m_client.get(),
                                referenceOf(QString::fromLatin1(shot.fixture)),
                                Platform::parse(u"linux/amd64").value()));
            if (shot.section == ImagePane::Section::Referrers)
                QVERIFY(referrers.wait(LoadTimeout));
            if (shot.section == ImagePane::Section::Tree)
                pane.findChild<QTreeView *>(QStringLiteral("manifestTree"))->expandAll();
            QTest::qWait(50);
            const QString file
                = QStringLiteral("%1/%2-%3.png")
                      .arg(directory, QLatin1StringView(shot.name), QLatin1StringView(paletteName));
            QVERIFY(pane.grab().save(file));
        }
        ImagePane pane;
        pane.resize(1180, 500);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QSignalSpy failed(&pane, &ImagePane::errorOccurred);
        pane.showImage(m_client.get(),
                       referenceOf(QStringLiteral("dockerImage"), QStringLiteral("no-such-tag")));
        QVERIFY(failed.wait(LoadTimeout));
        QVERIFY(pane.grab().save(
            QStringLiteral("%1/error-%2.png").arg(directory, QLatin1StringView(paletteName))));
    }
}

QTEST_MAIN(TestImagePane)
#include "tst_imagepane.moc"
