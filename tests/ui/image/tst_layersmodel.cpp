#include "common/roles.h"
#include "image/layersmodel.h"
#include "services/imageinspection.h"
#include "testdata.h"
#include "values/imagemanifest.h"
#include "values/mediatype.h"
#include "values/schema1manifest.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QColor>
#include <QFont>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>
#include <QSignalSpy>
#include <QTest>

using namespace Layerscope;
using namespace Qt::StringLiterals;
using Kind = LayerRow::Kind;

namespace {

/// An image assembled from files of tests/data: \a manifestFile and, unless empty, \a
/// configFile.
std::optional<ResolvedImage> imageFrom(const QString &manifestFile, const QString &configFile)
{
    ResolvedImage image;
    const auto manifest = Manifest::parse(TestData::read(manifestFile));
    if (!manifest) {
        qWarning("%s: %s", qPrintable(manifestFile), qPrintable(manifest.error().message()));
        return std::nullopt;
    }
    image.manifest = *manifest;
    image.descriptor.digest = (*manifest)->digest();
    image.descriptor.mediaType = (*manifest)->mediaType();
    image.descriptor.size = (*manifest)->raw().size();
    if (!configFile.isEmpty()) {
        const auto config = ImageConfig::parse(TestData::read(configFile));
        if (!config) {
            qWarning("%s: %s", qPrintable(configFile), qPrintable(config.error().message()));
            return std::nullopt;
        }
        image.config = *config;
    }
    return image;
}

/// The layers an image shows: the manifest's, or a schema1 manifest's fsLayers base first.
QList<Digest> layerDigests(const ResolvedImage &image)
{
    QList<Digest> digests;
    if (const auto *schema1 = dynamic_cast<const Schema1Manifest *>(image.manifest.get())) {
        for (auto it = schema1->fsLayers().crbegin(); it != schema1->fsLayers().crend(); ++it)
            digests.append(*it);
        return digests;
    }
    for (const Descriptor &layer : image.layers())
        digests.append(layer.digest);
    return digests;
}

Descriptor layer(qint64 size, int seed)
{
    Descriptor descriptor;
    descriptor.mediaType = MediaType::DockerLayerGzip;
    descriptor.digest = Digest::compute(QByteArray::number(seed));
    descriptor.size = size;
    return descriptor;
}

} // namespace

class TestLayersModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void realImages_data();
    void realImages();
    void setVerifyStateChangesOneCell();
    void clearEmptiesTheModel();
    void sizeAndShareText();
    void stepRowsLookMuted();
    void missingAndUnmatchedRows();
    void displayCreatedBy_data();
    void displayCreatedBy();
    void shortMediaType_data();
    void shortMediaType();
};

void TestLayersModel::initTestCase()
{
    // Size texts depend on the locale; the tests read them in C's.
    QLocale::setDefault(QLocale::c());
}

void TestLayersModel::realImages_data()
{
    QTest::addColumn<QString>("manifest");
    QTest::addColumn<QString>("config");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("layers");
    QTest::addColumn<int>("emptySteps");
    QTest::addColumn<bool>("historyMismatch");

    QTest::addRow("Docker Hub docker:1.12 (4 layers, 9 steps)")
        << u"manifests/imagespec_dockerhub/docker_library_docker_manifest_v2_0.json"_s
        << u"manifests/imagespec_dockerhub/docker_config_0.json"_s << 9 << 4 << 5 << false;
    QTest::addRow("Docker Hub manifest with a one-layer config")
        << u"manifests/imagespec_dockerhub/docker_library_docker_manifest_v2_0.json"_s
        << u"manifests/imagespec_dockerhub/docker_config_1.json"_s << 5 << 4 << 1 << true;
    QTest::addRow("OCI image of an OCI layout")
        << u"manifests/ggcr_layout/test_index_one_image/blobs/sha256/"
           "98ceaf93e482fe91b9bfd6bba07137c098e49ee2d55e69f09fb6c951e75e0e46"_s
        << u"manifests/ggcr_layout/test_index_one_image/blobs/sha256/"
           "381d958b555884ba59574ab5c066e9f6116b5aec3567675aa13bec63331f0810"_s
        << 1 << 1 << 0 << false;
    QTest::addRow("Docker image built by Bazel")
        << u"manifests/ggcr_layout/test_index/blobs/sha256/"
           "eebff607b1628d67459b0596643fc07de70d702eccf030f0bc7bb6fc2b278650"_s
        << u"manifests/ggcr_layout/test_index/blobs/sha256/"
           "6e0b05049ed9c17d02e1a55e80d6599dbfcce7f4f4b022e3c673e685789c470e"_s
        << 1 << 1 << 0 << false;
    QTest::addRow("OCI manifest without its config")
        << u"manifests/containers_image/ociv1.manifest.json"_s << QString() << 3 << 3 << 0 << false;
    QTest::addRow("schema1, signed")
        << u"manifests/containers_image/v2s1.manifest.json"_s << QString() << 3 << 3 << 0 << false;
    QTest::addRow("schema1 converted by docker")
        << u"manifests/containers_image/schema2-to-schema1-by-docker.json"_s << QString() << 15
        << 15 << 0 << false;
}

void TestLayersModel::realImages()
{
    QFETCH(QString, manifest);
    QFETCH(QString, config);
    QFETCH(int, rows);
    QFETCH(int, layers);
    QFETCH(int, emptySteps);
    QFETCH(bool, historyMismatch);

    const std::optional<ResolvedImage> image = imageFrom(manifest, config);
    QVERIFY(image);
    const bool schema1 = dynamic_cast<const Schema1Manifest *>(image->manifest.get()) != nullptr;

    LayersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setImage(u"docker.io"_s, u"library/docker"_s, *image);
    QCOMPARE(resets.size(), 1);
    QCOMPARE(model.registry(), u"docker.io"_s);
    QCOMPARE(model.repository(), u"library/docker"_s);

    QCOMPARE(model.rowCount(), rows);
    QCOMPARE(model.columnCount(), int(LayersModel::ColumnCount));
    QCOMPARE(model.layerCount(), layers);
    QCOMPARE(model.alignment().emptyStepCount, emptySteps);
    QCOMPARE(model.alignment().historyMismatch, historyMismatch);
    QCOMPARE(model.alignment().schema1, schema1);
    // Every layer, and every empty step, has its row.
    QCOMPARE(rows, layers + emptySteps + model.alignment().unmatchedStepCount);

    const QList<Digest> digests = layerDigests(*image);
    QCOMPARE(digests.size(), layers);
    const QList<Descriptor> descriptors = image->layers();
    const QList<Digest> diffIds = image->config ? image->config->diffIds() : QList<Digest>();
    const auto history
        = image->config ? image->config->history() : QList<ImageConfig::HistoryEntry>();

    double shares = 0;
    int layerRows = 0;
    int previousLayer = -1;
    for (int row = 0; row < rows; ++row) {
        const auto at = [&](int column, int role = Qt::DisplayRole) {
            return model.index(row, column).data(role);
        };
        const int layerIndex = at(0, LayersModel::LayerIndexRole).toInt();
        const int historyIndex = at(0, LayersModel::HistoryIndexRole).toInt();
        const auto kind = Kind(at(0, LayersModel::KindRole).toInt());
        if (historyIndex >= 0 && !schema1) {
            QCOMPARE(at(0, LayersModel::CreatedByRole).toString(),
                     history.at(historyIndex).createdBy);
            QCOMPARE(at(LayersModel::CreatedByColumn, Qt::ToolTipRole)
                         .toString()
                         .section(QLatin1Char('\n'), 0, 0),
                     history.at(historyIndex).createdBy.section(QLatin1Char('\n'), 0, 0));
            QVERIFY(!at(LayersModel::CreatedByColumn).toString().contains(u"#(nop)"));
        }
        if (kind == Kind::EmptyStep) {
            QVERIFY(history.at(historyIndex).emptyLayer);
            QCOMPARE(layerIndex, -1);
            QVERIFY(at(LayersModel::IndexColumn).toString().isEmpty());
            QVERIFY(at(LayersModel::DigestColumn).toString().isEmpty());
            QVERIFY(at(0, DigestRole).toString().isEmpty());
            QVERIFY(at(LayersModel::CreatedByColumn).toString().startsWith(u"(empty layer) "));
            continue;
        }
        if (layerIndex < 0)
            continue;
        ++layerRows;
        // Layers keep their order, base first.
        QCOMPARE(layerIndex, previousLayer + 1);
        previousLayer = layerIndex;
        QCOMPARE(model.rowForLayer(layerIndex), row);
        QCOMPARE(at(LayersModel::IndexColumn).toString(), QString::number(layerIndex + 1));

        const Digest &digest = digests.at(layerIndex);
        QCOMPARE(model.layerAt(layerIndex).digest, digest);
        QCOMPARE(at(0, DigestRole).toString(), digest.toString());
        QCOMPARE(at(LayersModel::DigestColumn).toString(), u"sha256:"_s + digest.shortHex());
        QVERIFY(at(LayersModel::DigestColumn, Qt::ToolTipRole)
                    .toString()
                    .startsWith(digest.toString()));

        if (schema1) {
            QCOMPARE(at(0, LayersModel::SizeRole).toLongLong(), -1);
            QVERIFY(!at(0, LayersModel::ShareRole).isValid());
            QCOMPARE(at(LayersModel::MediaTypeColumn).toString(), u"tar+gzip"_s);
            QVERIFY(!model.isVerifiable(layerIndex));
        } else {
            const Descriptor &descriptor = descriptors.at(layerIndex);
            QCOMPARE(at(0, LayersModel::SizeRole).toLongLong(), descriptor.size);
            QCOMPARE(at(0, LayersModel::MediaTypeRole).toString(), descriptor.mediaType);
            QVERIFY(at(LayersModel::SizeColumn)
                        .toString()
                        .startsWith(QLocale().formattedDataSize(descriptor.size, 1,
                                                                QLocale::DataSizeSIFormat)));
            shares += at(0, LayersModel::ShareRole).toDouble();
            QVERIFY(model.isVerifiable(layerIndex));
        }

        const Digest diffId = diffIds.value(layerIndex);
        QCOMPARE(model.diffIdAt(layerIndex), diffId);
        QCOMPARE(at(0, LayersModel::DiffIdRole).toString(), diffId.toString());
        if (diffId.isNull()) {
            QCOMPARE(at(LayersModel::DiffIdColumn).toString(), u"—"_s);
        } else {
            QCOMPARE(at(LayersModel::DiffIdColumn).toString(), u"sha256:"_s + diffId.shortHex());
            QVERIFY(at(LayersModel::DiffIdColumn, Qt::ToolTipRole)
                        .toString()
                        .startsWith(diffId.toString()));
        }
        QCOMPARE(at(0, LayersModel::VerifyStateRole).toInt(), int(LayersModel::NotVerified));
        QVERIFY(at(LayersModel::VerifyColumn).toString().isEmpty());
    }
    QCOMPARE(layerRows, layers);
    if (!schema1 && layers > 0)
        QVERIFY2(qAbs(shares - 1.0) < 1e-9, qPrintable(QString::number(shares)));
    if (!schema1)
        QCOMPARE(model.totalSize(), image->compressedSize());
    QCOMPARE(model.rowForLayer(layers), -1);
    QCOMPARE(model.layerAt(layers), Descriptor());
}

void TestLayersModel::setVerifyStateChangesOneCell()
{
    const auto image
        = imageFrom(u"manifests/imagespec_dockerhub/docker_library_docker_manifest_v2_0.json"_s,
                    u"manifests/imagespec_dockerhub/docker_config_0.json"_s);
    QVERIFY(image);
    LayersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setImage(u"docker.io"_s, u"library/docker"_s, *image);

    struct Step
    {
        int layer;
        LayersModel::VerifyState state;
        double progress;
        QString text;
        QString shown;
    };
    const QList<Step> steps{
        {2, LayersModel::Verifying, 0.45, {}, u"Verifying 45%"_s},
        {2, LayersModel::Verified, 1, {}, u"✓ digest and diff_id match"_s},
        {0, LayersModel::Failed, 0, u"✗ blob unknown"_s, u"✗ blob unknown"_s},
        {3, LayersModel::Mismatch, 1, u"✗ diff_id mismatch: got sha256:0123…"_s,
         u"✗ diff_id mismatch: got sha256:0123…"_s},
        {1, LayersModel::Cancelled, 0, {}, u"Cancelled"_s},
    };
    for (const Step &step : steps) {
        QList<int> before;
        for (int row = 0; row < model.rowCount(); ++row)
            before.append(model.index(row, 0).data(LayersModel::VerifyStateRole).toInt());

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setVerifyState(step.layer, step.state, step.progress, step.text);
        QCOMPARE(changed.size(), 1);
        const int row = model.rowForLayer(step.layer);
        const auto topLeft = changed.at(0).at(0).value<QModelIndex>();
        const auto bottomRight = changed.at(0).at(1).value<QModelIndex>();
        QCOMPARE(topLeft, model.index(row, LayersModel::VerifyColumn));
        QCOMPARE(bottomRight, model.index(row, LayersModel::VerifyColumn));

        for (int r = 0; r < model.rowCount(); ++r) {
            const int state = model.index(r, 0).data(LayersModel::VerifyStateRole).toInt();
            QCOMPARE(state, r == row ? int(step.state) : before.at(r));
        }
        QCOMPARE(model.verifyState(step.layer), step.state);
        QCOMPARE(model.index(row, LayersModel::VerifyColumn).data().toString(), step.shown);
        QCOMPARE(model.index(row, 0).data(LayersModel::VerifyProgressRole).toDouble(),
                 step.progress);
        QCOMPARE(model.index(row, 0).data(ErrorRole).toString().isEmpty(),
                 step.state != LayersModel::Failed);
    }

    // Unknown layers change nothing.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setVerifyState(-1, LayersModel::Verified, 1, {});
    model.setVerifyState(model.layerCount(), LayersModel::Verified, 1, {});
    QCOMPARE(changed.size(), 0);

    // A new image starts over.
    model.setImage(u"docker.io"_s, u"library/docker"_s, *image);
    for (int layer = 0; layer < model.layerCount(); ++layer)
        QCOMPARE(model.verifyState(layer), LayersModel::NotVerified);
}

void TestLayersModel::clearEmptiesTheModel()
{
    const auto image
        = imageFrom(u"manifests/imagespec_dockerhub/docker_library_docker_manifest_v2_0.json"_s,
                    u"manifests/imagespec_dockerhub/docker_config_0.json"_s);
    QVERIFY(image);
    LayersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setImage(u"docker.io"_s, u"library/docker"_s, *image);
    QCOMPARE(model.rowCount(), 9);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.clear();
    QCOMPARE(resets.size(), 1);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.layerCount(), 0);
    QCOMPARE(model.rowForLayer(0), -1);
    QCOMPARE(model.totalSize(), 0);
    QVERIFY(model.registry().isEmpty());
    QVERIFY(model.repository().isEmpty());
    QCOMPARE(model.verifyState(0), LayersModel::NotVerified);
}

void TestLayersModel::sizeAndShareText()
{
    LayerAlignment alignment
        = alignLayers({layer(12'300'000, 1), layer(17'700'000, 2), layer(900, 3)}, std::nullopt);
    LayersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setAlignment(u"r"_s, u"repo"_s, alignment);
    QCOMPARE(model.totalSize(), 30'000'900);
    QCOMPARE(model.index(0, LayersModel::SizeColumn).data().toString(), u"12.3 MB (41%)"_s);
    QCOMPARE(model.index(1, LayersModel::SizeColumn).data().toString(), u"17.7 MB (59%)"_s);
    QCOMPARE(model.index(2, LayersModel::SizeColumn).data().toString(), u"900 bytes (<1%)"_s);
    QCOMPARE(model.index(0, LayersModel::SizeColumn).data(Qt::ToolTipRole).toString(),
             QLocale().toString(12'300'000) + u" bytes compressed"_s);
    QCOMPARE(model.index(2, LayersModel::SizeColumn).data(Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignRight | Qt::AlignVCenter));
}

void TestLayersModel::stepRowsLookMuted()
{
    const auto image
        = imageFrom(u"manifests/imagespec_dockerhub/docker_library_docker_manifest_v2_0.json"_s,
                    u"manifests/imagespec_dockerhub/docker_config_0.json"_s);
    QVERIFY(image);
    LayersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setImage(u"docker.io"_s, u"library/docker"_s, *image);
    const QColor muted = QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
    int steps = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, LayersModel::CreatedByColumn);
        const bool step = Kind(index.data(LayersModel::KindRole).toInt()) == Kind::EmptyStep;
        steps += step ? 1 : 0;
        QCOMPARE(index.data(Qt::FontRole).value<QFont>().italic(), step);
        QCOMPARE(index.data(Qt::ForegroundRole).isValid(), step);
        if (step)
            QCOMPARE(index.data(Qt::ForegroundRole).value<QColor>(), muted);
    }
    QCOMPARE(steps, 5);
    // The docker:1.12 image's third step, as docker history would show it without its prefix.
    QCOMPARE(model.index(2, LayersModel::CreatedByColumn).data().toString(),
             u"(empty layer) ENV DOCKER_BUCKET=get.docker.com"_s);
}

void TestLayersModel::missingAndUnmatchedRows()
{
    const auto image
        = imageFrom(u"manifests/imagespec_dockerhub/docker_library_docker_manifest_v2_0.json"_s,
                    u"manifests/imagespec_dockerhub/docker_config_1.json"_s);
    QVERIFY(image);
    LayersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setImage(u"docker.io"_s, u"library/docker"_s, *image);
    // MAINTAINER (empty), ADD (layer 1), then three layers the history has no step for.
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(Kind(model.index(0, 0).data(LayersModel::KindRole).toInt()), Kind::EmptyStep);
    QCOMPARE(Kind(model.index(1, 0).data(LayersModel::KindRole).toInt()), Kind::Layer);
    for (int row = 2; row < 5; ++row) {
        const QModelIndex index = model.index(row, LayersModel::CreatedByColumn);
        QCOMPARE(Kind(index.data(LayersModel::KindRole).toInt()), Kind::MissingHistory);
        QCOMPARE(index.data().toString(), u"(no history step left for this layer)"_s);
        // The config lists one diff_id only.
        QCOMPARE(model.index(row, LayersModel::DiffIdColumn).data().toString(), u"—"_s);
    }
    QVERIFY(model.alignment().historyMismatch);
    QVERIFY(model.alignment().diffIdCountMismatch);

    // One layer, a history claiming two.
    LayerAlignment more = alignLayers({layer(10, 1)}, std::nullopt);
    LayerRow unmatched;
    unmatched.kind = Kind::UnmatchedStep;
    unmatched.historyIndex = 1;
    unmatched.createdBy = u"/bin/sh -c #(nop) COPY file:abc in / "_s;
    more.rows.append(unmatched);
    more.unmatchedStepCount = 1;
    model.setAlignment(u"r"_s, u"repo"_s, more);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1, LayersModel::CreatedByColumn).data().toString(),
             u"(no layer left for this step) COPY file:abc in /"_s);
    QVERIFY(model.index(1, 0).data(DigestRole).toString().isEmpty());
    QCOMPARE(model.index(1, 0).data(LayersModel::LayerIndexRole).toInt(), -1);
}

void TestLayersModel::displayCreatedBy_data()
{
    QTest::addColumn<QString>("createdBy");
    QTest::addColumn<QString>("shown");
    QTest::addRow("nop, one space")
        << u"/bin/sh -c #(nop) ADD file:abc in / "_s << u"ADD file:abc in /"_s;
    QTest::addRow("nop, two spaces") << u"/bin/sh -c #(nop)  CMD [\"sh\"]"_s << u"CMD [\"sh\"]"_s;
    QTest::addRow("classic RUN") << u"/bin/sh -c apk add --no-cache \t\tcurl"_s
                                 << u"/bin/sh -c apk add --no-cache curl"_s;
    QTest::addRow("buildkit RUN") << u"RUN /bin/sh -c make # buildkit"_s
                                  << u"RUN /bin/sh -c make # buildkit"_s;
    QTest::addRow("buildkit ENV") << u"ENV PATH=/usr/bin"_s << u"ENV PATH=/usr/bin"_s;
    QTest::addRow("multi-line") << u"RUN a && \\\n    b"_s << u"RUN a && \\ b"_s;
    QTest::addRow("nop elsewhere is kept")
        << u"echo /bin/sh -c #(nop) x"_s << u"echo /bin/sh -c #(nop) x"_s;
    QTest::addRow("empty") << QString() << QString();
}

void TestLayersModel::displayCreatedBy()
{
    QFETCH(QString, createdBy);
    QFETCH(QString, shown);
    QCOMPARE(LayersModel::displayCreatedBy(createdBy), shown);
}

void TestLayersModel::shortMediaType_data()
{
    QTest::addColumn<QString>("mediaType");
    QTest::addColumn<QString>("shown");
    QTest::addRow("docker gzip") << QString(MediaType::DockerLayerGzip) << u"tar+gzip"_s;
    QTest::addRow("docker zstd") << QString(MediaType::DockerLayerZstd) << u"tar+zstd"_s;
    QTest::addRow("docker tar") << QString(MediaType::DockerLayer) << u"tar"_s;
    QTest::addRow("docker foreign")
        << QString(MediaType::DockerForeignLayerGzip) << u"tar+gzip, foreign"_s;
    QTest::addRow("oci gzip") << QString(MediaType::OciLayerGzip) << u"tar+gzip"_s;
    QTest::addRow("oci zstd") << QString(MediaType::OciLayerZstd) << u"tar+zstd"_s;
    QTest::addRow("oci tar") << QString(MediaType::OciLayer) << u"tar"_s;
    QTest::addRow("oci non-distributable")
        << QString(MediaType::OciNonDistributableLayerGzip) << u"tar+gzip, non-distributable"_s;
    QTest::addRow("oci non-distributable tar")
        << QString(MediaType::OciNonDistributableLayer) << u"tar, non-distributable"_s;
    QTest::addRow("in-toto") << QString(MediaType::InTotoLayer) << QString(MediaType::InTotoLayer);
}

void TestLayersModel::shortMediaType()
{
    QFETCH(QString, mediaType);
    QFETCH(QString, shown);
    QCOMPARE(LayersModel::shortMediaType(mediaType), shown);
}

QTEST_MAIN(TestLayersModel)
#include "tst_layersmodel.moc"
