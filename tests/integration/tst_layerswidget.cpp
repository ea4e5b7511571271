// The Layers table against Debian's docker-registry: what it shows is compared with the
// harness's contract (what its pusher built), and verification downloads real layers.
//
// Set LAYERSCOPE_LAYERS_PNG=<directory> to also render the widget to PNG files there.

#include "common/roles.h"
#include "image/layersmodel.h"
#include "image/layerswidget.h"
#include "registry/layerverifyoperation.h"
#include "registry/registryclient.h"
#include "services/imageinspection.h"
#include "testpalette.h"
#include "values/imagemanifest.h"

#include "harness.h"
#include "operationwait.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStyleFactory>
#include <QTableView>
#include <QTest>

using namespace Layerscope;
using namespace Qt::StringLiterals;
using Kind = LayerRow::Kind;

namespace {

constexpr int VerifyTimeout = 60000;

struct Fixture
{
    QJsonObject contract; ///< fixtures.<id>
    QJsonObject image; ///< its first image
    QString repository;
    ResolvedImage resolved;
};

/// Inspects fixture \a id with Layerscope's own ImageInspection, as the image pane does.
std::optional<Fixture> inspect(RegistryClient *client, const QString &id)
{
    Fixture fixture;
    fixture.contract = Harness::fixture(id);
    fixture.image = fixture.contract.value(u"images").toArray().first().toObject();
    fixture.repository = fixture.contract.value(u"repository").toString();
    const auto reference = ImageReference::parse(fixture.contract.value(u"reference").toString());
    if (!reference)
        return std::nullopt;
    ImageInspection inspection(client, *reference, std::nullopt, nullptr);
    if (!waitForFinished(&inspection) || !inspection.succeeded()) {
        qWarning("%s: %s", qPrintable(id), qPrintable(inspection.error().toString()));
        return std::nullopt;
    }
    if (inspection.images().size() != 1)
        return std::nullopt;
    fixture.resolved = inspection.images().constFirst();
    return fixture;
}

int verifyState(const LayersWidget &widget, int layer)
{
    const int row = widget.model()->rowForLayer(layer);
    return widget.model()->index(row, 0).data(LayersModel::VerifyStateRole).toInt();
}

QString verifyText(const LayersWidget &widget, int layer, int role = Qt::DisplayRole)
{
    const int row = widget.model()->rowForLayer(layer);
    return widget.model()->index(row, LayersModel::VerifyColumn).data(role).toString();
}

/// Waits until layer \a layer's verification has ended, whichever way.
bool waitForVerification(const LayersWidget &widget, int layer)
{
    QSignalSpy changed(widget.model(), &QAbstractItemModel::dataChanged);
    const auto done = [&] {
        const int state = verifyState(widget, layer);
        return state != LayersModel::Verifying && state != LayersModel::Queued;
    };
    while (!done()) {
        if (!changed.wait(VerifyTimeout))
            return done();
    }
    return true;
}

/// Saves \a widget as <name>.png in $LAYERSCOPE_LAYERS_PNG, when that is set.
bool saveIfRequested(QWidget &widget, const QString &name)
{
    const QString directory = qEnvironmentVariable("LAYERSCOPE_LAYERS_PNG");
    if (directory.isEmpty())
        return true;
    widget.resize(1180, 300);
    widget.show();
    if (!QTest::qWaitForWindowExposed(&widget) || !QDir().mkpath(directory))
        return false;
    return widget.grab().save(QDir(directory).filePath(name + u".png"_s));
}

} // namespace

class TestLayersWidget : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void dockerApp();
    void fiftyLayers();
    void verify_data();
    void verify();
    void verifyAll();
    void cancel();
    void newImageDuringVerification();
    void clearDuringVerification();
    void failureShowsRegistryMessage();
    void mismatchShowsBothDigests();
    void enterActivatesDigest();
    void render();

private:
    std::unique_ptr<RegistryClient> m_client;
};

void TestLayersWidget::initTestCase()
{
    QVERIFY2(Harness::available(), "the harness is not running (LAYERSCOPE_HARNESS)");
    QLocale::setDefault(QLocale::c());
    m_client = std::make_unique<RegistryClient>(Harness::hostPort(u"open"_s));
}

void TestLayersWidget::dockerApp()
{
    const auto fixture = inspect(m_client.get(), u"dockerImage"_s);
    QVERIFY(fixture);
    LayersWidget widget;
    QAbstractItemModelTester tester(widget.model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    widget.setImage(m_client.get(), fixture->repository, fixture->resolved);
    LayersModel *model = widget.model();

    const QJsonArray layers = fixture->image.value(u"layers").toArray();
    const int historyCount = fixture->image.value(u"historyCount").toInt();
    const int emptySteps = fixture->image.value(u"emptyLayerHistoryCount").toInt();
    QCOMPARE(layers.size(), 3);
    QCOMPARE(historyCount, 9);
    QCOMPARE(emptySteps, 6);
    QCOMPARE(model->rowCount(), historyCount);
    QCOMPARE(model->layerCount(), 3);
    QVERIFY(!model->alignment().historyMismatch);

    // The steps as the pusher wrote them, shown without Docker's "#(nop)" prefix.
    const QStringList shown{
        u"ADD file:rootfs.tar in /"_s,
        u"(empty layer) CMD [\"/bin/sh\"]"_s,
        u"(empty layer) ENV APP_VERSION=1.0"_s,
        u"COPY app /usr/local/bin/app # buildkit"_s,
        u"(empty layer) WORKDIR /srv/app"_s,
        u"RUN /bin/sh -c mkdir -p /srv/app/data # buildkit"_s,
        u"(empty layer) EXPOSE map[8080/tcp:{} 9090/udp:{}]"_s,
        u"(empty layer) USER app:app"_s,
        u"(empty layer) ENTRYPOINT [\"/usr/local/bin/app\"]"_s,
    };
    const QList<ImageConfig::HistoryEntry> history = fixture->resolved.config->history();
    int layer = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex first = model->index(row, 0);
        QCOMPARE(first.data(LayersModel::HistoryIndexRole).toInt(), row);
        QCOMPARE(first.data(LayersModel::CreatedByRole).toString(), history.at(row).createdBy);
        QCOMPARE(model->index(row, LayersModel::CreatedByColumn).data().toString(), shown.at(row));
        const auto kind = Kind(first.data(LayersModel::KindRole).toInt());
        if (history.at(row).emptyLayer) {
            QCOMPARE(kind, Kind::EmptyStep);
            QVERIFY(first.data(DigestRole).toString().isEmpty());
            continue;
        }
        QCOMPARE(kind, Kind::Layer);
        const QJsonObject expected = layers.at(layer).toObject();
        QCOMPARE(first.data(LayersModel::LayerIndexRole).toInt(), layer);
        QCOMPARE(first.data(DigestRole).toString(), expected.value(u"digest").toString());
        QCOMPARE(first.data(LayersModel::SizeRole).toLongLong(),
                 expected.value(u"size").toInteger());
        QCOMPARE(first.data(LayersModel::DiffIdRole).toString(),
                 expected.value(u"diffId").toString());
        QCOMPARE(first.data(LayersModel::MediaTypeRole).toString(),
                 expected.value(u"mediaType").toString());
        QCOMPARE(model->index(row, LayersModel::MediaTypeColumn).data().toString(), u"tar+gzip"_s);
        QCOMPARE(model->index(row, LayersModel::IndexColumn).data().toString(),
                 QString::number(layer + 1));
        ++layer;
    }
    QCOMPARE(layer, 3);
    QCOMPARE(model->totalSize(), fixture->image.value(u"totalLayerSize").toInteger());

    auto *summary = widget.findChild<QLabel *>(u"layersSummary"_s);
    QVERIFY(summary);
    QCOMPARE(summary->text(),
             u"3 layers, 6 empty steps, %1 compressed"_s.arg(
                 QLocale().formattedDataSize(model->totalSize(), 1, QLocale::DataSizeSIFormat)));
    QVERIFY(widget.findChild<QLabel *>(u"layersWarning"_s)->isHidden());

    // Verifying needs a layer row.
    auto *button = widget.findChild<QPushButton *>(u"verifyLayerButton"_s);
    QVERIFY(button);
    widget.view()->setCurrentIndex(model->index(1, 0));
    QVERIFY(!button->isEnabled());
    widget.view()->setCurrentIndex(model->index(0, 0));
    QVERIFY(button->isEnabled());
    QVERIFY(!widget.view()->isSortingEnabled());
    QCOMPARE(widget.view()->objectName(), u"layersView"_s);
}

void TestLayersWidget::fiftyLayers()
{
    const auto fixture = inspect(m_client.get(), u"fiftyLayers"_s);
    QVERIFY(fixture);
    LayersWidget widget;
    QAbstractItemModelTester tester(widget.model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    widget.setImage(m_client.get(), fixture->repository, fixture->resolved);
    const QJsonArray layers = fixture->image.value(u"layers").toArray();
    QCOMPARE(layers.size(), 50);
    QCOMPARE(widget.model()->rowCount(), 50);
    QCOMPARE(widget.model()->layerCount(), 50);
    for (int i = 0; i < 50; ++i) {
        const QModelIndex index = widget.model()->index(i, 0);
        QCOMPARE(Kind(index.data(LayersModel::KindRole).toInt()), Kind::Layer);
        QCOMPARE(index.data(DigestRole).toString(),
                 layers.at(i).toObject().value(u"digest").toString());
        QCOMPARE(index.data(LayersModel::DiffIdRole).toString(),
                 layers.at(i).toObject().value(u"diffId").toString());
        QCOMPARE(widget.model()->index(i, LayersModel::CreatedByColumn).data().toString(),
                 u"COPY layer %1 /"_s.arg(i));
    }
    QVERIFY(widget.findChild<QLabel *>(u"layersSummary"_s)->text().startsWith(u"50 layers, "));
}

void TestLayersWidget::verify_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<int>("layer");
    QTest::addColumn<QString>("type");
    QTest::addRow("gzip") << u"dockerImage"_s << 1 << u"tar+gzip"_s;
    QTest::addRow("zstd") << u"zstdLayer"_s << 1 << u"tar+zstd"_s;
    QTest::addRow("uncompressed") << u"uncompressedLayer"_s << 0 << u"tar"_s;
}

void TestLayersWidget::verify()
{
    QFETCH(QString, fixture);
    QFETCH(int, layer);
    QFETCH(QString, type);
    const auto inspected = inspect(m_client.get(), fixture);
    QVERIFY(inspected);
    LayersWidget widget;
    QAbstractItemModelTester tester(widget.model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    widget.setImage(m_client.get(), inspected->repository, inspected->resolved);
    const int row = widget.model()->rowForLayer(layer);
    QCOMPARE(widget.model()->index(row, LayersModel::MediaTypeColumn).data().toString(), type);
    const QJsonObject expected = inspected->image.value(u"layers").toArray().at(layer).toObject();

    auto *progress = widget.findChild<QProgressBar *>(u"verifyProgress"_s);
    auto *cancel = widget.findChild<QPushButton *>(u"cancelVerifyButton"_s);
    QVERIFY(progress && cancel);
    QVERIFY(progress->isHidden());

    widget.verifyLayer(layer);
    QVERIFY(widget.isVerifying());
    QVERIFY(!progress->isHidden());
    QVERIFY(!cancel->isHidden());
    QCOMPARE(verifyState(widget, layer), int(LayersModel::Verifying));
    QVERIFY(verifyText(widget, layer).startsWith(u"Verifying"));

    QVERIFY(waitForVerification(widget, layer));
    QCOMPARE(verifyState(widget, layer), int(LayersModel::Verified));
    QCOMPARE(verifyText(widget, layer), u"✓ digest and diff_id match"_s);
    // The tooltip names both digests as computed, equal to the contract's.
    const QString toolTip = verifyText(widget, layer, Qt::ToolTipRole);
    QVERIFY2(toolTip.contains(expected.value(u"digest").toString()), qPrintable(toolTip));
    QVERIFY2(toolTip.contains(expected.value(u"diffId").toString()), qPrintable(toolTip));
    if (type == u"tar")
        QCOMPARE(expected.value(u"digest"), expected.value(u"diffId"));
    QCOMPARE(widget.model()->index(row, 0).data(LayersModel::VerifyProgressRole).toDouble(), 1.0);
    QVERIFY(!widget.isVerifying());
    QVERIFY(progress->isHidden());
    // The finished operation is gone once the event loop has run.
    QTRY_VERIFY(widget.findChildren<LayerVerifyOperation *>().isEmpty());
    // Other layers were left alone.
    for (int other = 0; other < widget.model()->layerCount(); ++other) {
        if (other != layer)
            QCOMPARE(verifyState(widget, other), int(LayersModel::NotVerified));
    }
}

void TestLayersWidget::verifyAll()
{
    const auto fixture = inspect(m_client.get(), u"dockerImage"_s);
    QVERIFY(fixture);
    LayersWidget widget;
    QAbstractItemModelTester tester(widget.model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    widget.setImage(m_client.get(), fixture->repository, fixture->resolved);
    auto *all = widget.findChild<QPushButton *>(u"verifyAllButton"_s);
    QVERIFY(all && all->isEnabled());
    all->click();
    QVERIFY(widget.isVerifying());
    QCOMPARE(verifyState(widget, 0), int(LayersModel::Verifying));
    QCOMPARE(verifyState(widget, 1), int(LayersModel::Queued));
    QCOMPARE(verifyState(widget, 2), int(LayersModel::Queued));
    // One download at a time.
    QCOMPARE(widget.findChildren<LayerVerifyOperation *>().size(), 1);
    QVERIFY(waitForVerification(widget, 2));
    for (int layer = 0; layer < 3; ++layer)
        QCOMPARE(verifyState(widget, layer), int(LayersModel::Verified));
    QVERIFY(!widget.isVerifying());
    QVERIFY(!all->isEnabled());
}

void TestLayersWidget::cancel()
{
    const auto fixture = inspect(m_client.get(), u"dockerImage"_s);
    QVERIFY(fixture);
    LayersWidget widget;
    QAbstractItemModelTester tester(widget.model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    widget.setImage(m_client.get(), fixture->repository, fixture->resolved);
    widget.verifyLayer(0);
    widget.verifyLayer(2);
    QCOMPARE(widget.findChildren<LayerVerifyOperation *>().size(), 1);
    QCOMPARE(verifyState(widget, 2), int(LayersModel::Queued));

    widget.findChild<QPushButton *>(u"cancelVerifyButton"_s)->click();
    QVERIFY(!widget.isVerifying());
    QCOMPARE(verifyState(widget, 0), int(LayersModel::Cancelled));
    QCOMPARE(verifyText(widget, 0), u"Cancelled"_s);
    QCOMPARE(verifyState(widget, 2), int(LayersModel::NotVerified));
    QVERIFY(widget.findChildren<LayerVerifyOperation *>().isEmpty());
    QVERIFY(widget.findChild<QProgressBar *>(u"verifyProgress"_s)->isHidden());

    // Nothing of the cancelled download arrives later.
    QSignalSpy changed(widget.model(), &QAbstractItemModel::dataChanged);
    QTest::qWait(500);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(verifyState(widget, 0), int(LayersModel::Cancelled));

    // A cancelled layer can be verified again.
    widget.verifyLayer(0);
    QVERIFY(waitForVerification(widget, 0));
    QCOMPARE(verifyState(widget, 0), int(LayersModel::Verified));
}

void TestLayersWidget::newImageDuringVerification()
{
    const auto docker = inspect(m_client.get(), u"dockerImage"_s);
    const auto fifty = inspect(m_client.get(), u"fiftyLayers"_s);
    QVERIFY(docker && fifty);
    LayersWidget widget;
    QAbstractItemModelTester tester(widget.model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    widget.setImage(m_client.get(), docker->repository, docker->resolved);
    widget.verifyLayer(0);
    widget.verifyLayer(1);
    QVERIFY(widget.isVerifying());

    widget.setImage(m_client.get(), fifty->repository, fifty->resolved);
    QVERIFY(!widget.isVerifying());
    QVERIFY(widget.findChildren<LayerVerifyOperation *>().isEmpty());
    QCOMPARE(widget.model()->rowCount(), 50);
    QSignalSpy changed(widget.model(), &QAbstractItemModel::dataChanged);
    QTest::qWait(500);
    QCOMPARE(changed.size(), 0);
    for (int layer = 0; layer < widget.model()->layerCount(); ++layer)
        QCOMPARE(verifyState(widget, layer), int(LayersModel::NotVerified));

    // The new image's layers verify against their own repository.
    widget.verifyLayer(49);
    QVERIFY(waitForVerification(widget, 49));
    QCOMPARE(verifyState(widget, 49), int(LayersModel::Verified));
}

void TestLayersWidget::clearDuringVerification()
{
    const auto fixture = inspect(m_client.get(), u"zstdLayer"_s);
    QVERIFY(fixture);
    LayersWidget widget;
    QAbstractItemModelTester tester(widget.model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    widget.setImage(m_client.get(), fixture->repository, fixture->resolved);
    widget.verifyLayer(1);
    widget.clear();
    QVERIFY(!widget.isVerifying());
    QVERIFY(widget.findChildren<LayerVerifyOperation *>().isEmpty());
    QCOMPARE(widget.model()->rowCount(), 0);
    QCOMPARE(widget.findChild<QLabel *>(u"layersSummary"_s)->text(), u"No image"_s);
    // Without an image there is nothing to verify.
    widget.verifyLayer(0);
    QVERIFY(!widget.isVerifying());
}

void TestLayersWidget::failureShowsRegistryMessage()
{
    auto fixture = inspect(m_client.get(), u"dockerImage"_s);
    QVERIFY(fixture);
    // The same image, claiming a layer the repository does not have.
    auto manifest = std::dynamic_pointer_cast<const ImageManifest>(fixture->resolved.manifest);
    QVERIFY(manifest);
    const QJsonObject missing = fixture->image.value(u"layers").toArray().at(0).toObject();
    QByteArray raw = manifest->raw();
    raw.replace(missing.value(u"digest").toString().toLatin1(),
                Digest::compute("no such layer").toString().toLatin1());
    const auto changed = Manifest::parse(raw);
    QVERIFY(changed);
    fixture->resolved.manifest = *changed;

    LayersWidget widget;
    QAbstractItemModelTester tester(widget.model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    widget.setImage(m_client.get(), fixture->repository, fixture->resolved);
    widget.verifyLayer(0);
    QVERIFY(waitForVerification(widget, 0));
    QCOMPARE(verifyState(widget, 0), int(LayersModel::Failed));
    const QString text = verifyText(widget, 0);
    const QString toolTip = verifyText(widget, 0, Qt::ToolTipRole);
    // distribution answers 404 BLOB_UNKNOWN "blob unknown to registry".
    QVERIFY2(text.startsWith(u"✗ "), qPrintable(text));
    QVERIFY2(toolTip.contains(u"404"), qPrintable(toolTip));
    QVERIFY2(toolTip.contains(u"blob unknown", Qt::CaseInsensitive), qPrintable(toolTip));
    QCOMPARE(widget.model()->index(widget.model()->rowForLayer(0), 0).data(ErrorRole).toString(),
             toolTip);
    QTRY_VERIFY(widget.findChildren<LayerVerifyOperation *>().isEmpty());
    QVERIFY(saveIfRequested(widget, u"layers-failed"_s));
}

void TestLayersWidget::mismatchShowsBothDigests()
{
    auto fixture = inspect(m_client.get(), u"dockerImage"_s);
    QVERIFY(fixture);
    // The same image with a config naming another diff_id for the second layer.
    const QJsonObject second = fixture->image.value(u"layers").toArray().at(1).toObject();
    const Digest wrong = Digest::compute("another tar");
    QByteArray raw = fixture->resolved.config->raw();
    raw.replace(second.value(u"diffId").toString().toLatin1(), wrong.toString().toLatin1());
    const auto config = ImageConfig::parse(raw);
    QVERIFY(config);
    fixture->resolved.config = *config;

    LayersWidget widget;
    QAbstractItemModelTester tester(widget.model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    widget.setImage(m_client.get(), fixture->repository, fixture->resolved);
    widget.verifyLayer(1);
    QVERIFY(waitForVerification(widget, 1));
    QCOMPARE(verifyState(widget, 1), int(LayersModel::Mismatch));
    const Digest actual = Digest::parse(second.value(u"diffId").toString()).value();
    QCOMPARE(verifyText(widget, 1), u"✗ diff_id mismatch: got sha256:%1…"_s.arg(actual.shortHex()));
    const QString toolTip = verifyText(widget, 1, Qt::ToolTipRole);
    QVERIFY2(toolTip.contains(actual.toString()), qPrintable(toolTip));
    QVERIFY2(toolTip.contains(wrong.toString()), qPrintable(toolTip));
    QVERIFY(saveIfRequested(widget, u"layers-mismatch"_s));
}

void TestLayersWidget::enterActivatesDigest()
{
    const auto fixture = inspect(m_client.get(), u"dockerImage"_s);
    QVERIFY(fixture);
    LayersWidget widget;
    widget.setImage(m_client.get(), fixture->repository, fixture->resolved);
    widget.show();
    widget.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&widget));
    QSignalSpy activated(&widget, &LayersWidget::digestActivated);
    QTableView *view = widget.view();
    view->setFocus();

    // An empty step has no digest to go to.
    view->setCurrentIndex(widget.model()->index(1, 0));
    QTest::keyClick(view, Qt::Key_Return);
    QCOMPARE(activated.size(), 0);

    view->setCurrentIndex(widget.model()->index(3, 0));
    QTest::keyClick(view, Qt::Key_Return);
    QCOMPARE(activated.size(), 1);
    const QString second
        = fixture->image.value(u"layers").toArray().at(1).toObject().value(u"digest").toString();
    QCOMPARE(activated.at(0).at(0).value<Digest>().toString(), second);

    // Ctrl+Shift+V verifies the current layer.
    QTest::keyClick(view, Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(widget.isVerifying());
    QVERIFY(waitForVerification(widget, 1));
    QCOMPARE(verifyState(widget, 1), int(LayersModel::Verified));
}

void TestLayersWidget::render()
{
    const QString directory = qEnvironmentVariable("LAYERSCOPE_LAYERS_PNG");
    if (directory.isEmpty())
        QSKIP("set LAYERSCOPE_LAYERS_PNG=<directory> to render the widget");
    QVERIFY(QDir().mkpath(directory));
    const auto docker = inspect(m_client.get(), u"dockerImage"_s);
    const auto fifty = inspect(m_client.get(), u"fiftyLayers"_s);
    QVERIFY(docker && fifty);
    QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
    const QPalette light = QApplication::style()->standardPalette();

    for (const bool dark : {false, true}) {
        QApplication::setPalette(dark ? TestPalette::dark() : light);
        const QString suffix = dark ? u"-dark"_s : u"-light"_s;
        {
            LayersWidget widget;
            widget.resize(1180, 380);
            widget.setImage(m_client.get(), docker->repository, docker->resolved);
            widget.show();
            QVERIFY(QTest::qWaitForWindowExposed(&widget));
            widget.verifyLayer(1);
            QVERIFY(waitForVerification(widget, 1));
            widget.verifyLayer(2);
            widget.view()->setCurrentIndex(widget.model()->index(0, 0));
            QCoreApplication::processEvents();
            const QString file = QDir(directory).filePath(u"layers-docker-app%1.png"_s.arg(suffix));
            QVERIFY(widget.grab().save(file));
            widget.cancelVerification();
        }
        {
            LayersWidget widget;
            widget.resize(1180, 520);
            widget.setImage(m_client.get(), fifty->repository, fifty->resolved);
            widget.show();
            QVERIFY(QTest::qWaitForWindowExposed(&widget));
            widget.view()->scrollToBottom();
            QCoreApplication::processEvents();
            const QString file
                = QDir(directory).filePath(u"layers-fifty-layers%1.png"_s.arg(suffix));
            QVERIFY(widget.grab().save(file));
        }
    }
    QApplication::setPalette(light);
}

QTEST_MAIN(TestLayersWidget)
#include "tst_layerswidget.moc"
