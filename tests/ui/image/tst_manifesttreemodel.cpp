// ManifestTreeModel fed with parsed documents from tests/data/manifests (see
// tests/data/SOURCES.md) and the test documents of testdocuments.h.

#include "image/manifesttreemodel.h"

#include "common/roles.h"
#include "values/imageindex.h"
#include "values/schema1manifest.h"

#include "testdata.h"
#include "testdocuments.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QTest>

using namespace Layerscope;
using NodeKind = ManifestTreeModel::NodeKind;

namespace {

const QString Registry = QStringLiteral("127.0.0.1:5000");
const QString Repository = QStringLiteral("fixtures/tree");
const QString DockerHubAmd64
    = QStringLiteral("sha256:ae1b0e06e8ade3a11267564a26e750585ba2259c0ecab59ab165ad1af41d1bdd");

ManifestPtr parse(const QString &source)
{
    const QByteArray raw = TestDocuments::read(source);
    const Result<ManifestPtr> manifest = Manifest::parse(raw);
    if (!manifest)
        qFatal("%s does not parse: %s", qPrintable(source), qPrintable(manifest.error().message()));
    return *manifest;
}

int countNodes(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    int count = 0;
    for (int row = 0; row < model.rowCount(parent); ++row)
        count += 1 + countNodes(model, model.index(row, 0, parent));
    return count;
}

QStringList childNames(const QAbstractItemModel &model, const QModelIndex &parent)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(parent); ++row)
        names.append(model.index(row, ManifestTreeModel::NameColumn, parent).data().toString());
    return names;
}

} // namespace

class TestManifestTreeModel : public QObject
{
    Q_OBJECT

private slots:
    void shape_data();
    void shape();
    void blobsHaveNoReference();
    void attestationsNameTheirImage();
    void currentManifest();
    void schema1LayersAreNumberedFromTheBase();
};

void TestManifestTreeModel::shape_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("fetched"); // files of documents fetched besides the top
    QTest::addColumn<bool>("dockerHubImage"); // the amd64 entry resolved to the hub manifest
    QTest::addColumn<QString>("topName");
    QTest::addColumn<QStringList>("children");
    QTest::addColumn<int>("nodes");

    const QString layout = QStringLiteral("manifests/ggcr_layout/test_index/");
    const QString blobs = layout + QStringLiteral("blobs/sha256/");
    QTest::addRow("docker hub list, nothing fetched")
        << QStringLiteral("manifests/imagespec_dockerhub/docker_manifest_list_0.json")
        << QStringList() << false << QStringLiteral("Index")
        << QStringList{QStringLiteral("Manifest linux/ppc64le"),
                       QStringLiteral("Manifest linux/amd64"),
                       QStringLiteral("Manifest linux/s390x"),
                       QStringLiteral("Manifest linux/arm/v7"),
                       QStringLiteral("Manifest linux/arm64/v8")}
        << 6;
    // The hub's amd64 manifest (config + 4 layers) stands in for the resolved image.
    QTest::addRow("docker hub list, amd64 resolved")
        << QStringLiteral("manifests/imagespec_dockerhub/docker_manifest_list_0.json")
        << QStringList() << true << QStringLiteral("Index")
        << QStringList{QStringLiteral("Manifest linux/ppc64le"),
                       QStringLiteral("Manifest linux/amd64"),
                       QStringLiteral("Manifest linux/s390x"),
                       QStringLiteral("Manifest linux/arm/v7"),
                       QStringLiteral("Manifest linux/arm64/v8")}
        << 11;
    QTest::addRow("layout index, nothing fetched")
        << layout + QStringLiteral("index.json") << QStringList() << false
        << QStringLiteral("Index")
        << QStringList{QStringLiteral("Manifest"), QStringLiteral("Artifact"),
                       QStringLiteral("Index"), QStringLiteral("Index")}
        << 5;
    // Nested index and list each hold one manifest (config + layer); the manifests too.
    QTest::addRow("layout index, nested documents fetched")
        << layout + QStringLiteral("index.json")
        << QStringList{blobs
                           + QStringLiteral(
                               "05f95b26ed10668b7183c1e2da98610e91372fa9f510046d4ce5812addad86b5"),
                       blobs
                           + QStringLiteral(
                               "2b29a2b8dea3af91ea7d0154be1da0c92d55ddd098540930fc8d3db7de377fdb"),
                       blobs
                           + QStringLiteral(
                               "eebff607b1628d67459b0596643fc07de70d702eccf030f0bc7bb6fc2b278650"),
                       blobs
                           + QStringLiteral(
                               "32589985702551b6c56033bb3334432a0a513bf9d6aceda0f67c42b003850720")}
        << false << QStringLiteral("Index")
        << QStringList{QStringLiteral("Manifest"), QStringLiteral("Artifact"),
                       QStringLiteral("Index"), QStringLiteral("Index")}
        << 15;
    QTest::addRow("buildx index") << TestDocuments::BuildxIndex << QStringList() << false
                                  << QStringLiteral("Index")
                                  << QStringList{QStringLiteral("Manifest linux/amd64"),
                                                 QStringLiteral("Manifest linux/arm64/v8"),
                                                 QStringLiteral("Attestation for linux/amd64"),
                                                 QStringLiteral("Attestation for linux/arm64/v8"),
                                                 QStringLiteral("Attestation")}
                                  << 6;
    QTest::addRow("oci index with an artifact entry")
        << TestDocuments::EverythingIndex << QStringList() << false << QStringLiteral("Index")
        << QStringList{QStringLiteral("Artifact application/our-sub-artifact")} << 2;
    QTest::addRow("schema2 manifest")
        << QStringLiteral("manifests/containers_image/v2s2.manifest.json") << QStringList() << false
        << QStringLiteral("Manifest")
        << QStringList{QStringLiteral("Config"), QStringLiteral("Layer 1"),
                       QStringLiteral("Layer 2"), QStringLiteral("Layer 3")}
        << 5;
    QTest::addRow("oci manifest")
        << QStringLiteral("manifests/containers_image/ociv1.manifest.json") << QStringList()
        << false << QStringLiteral("Manifest")
        << QStringList{QStringLiteral("Config"), QStringLiteral("Layer 1"),
                       QStringLiteral("Layer 2"), QStringLiteral("Layer 3")}
        << 5;
    QTest::addRow("oci artifact") << QStringLiteral(
        "manifests/registry282_accepted/"
        "3c9ad348b5112fd06ffe8766d17d0dab58be8e1d33ebfe4a3b195c48b00da8fd.json")
                                  << QStringList() << false << QStringLiteral("Manifest")
                                  << QStringList{QStringLiteral("Config"),
                                                 QStringLiteral("Layer 1")}
                                  << 3;
    QTest::addRow("signed schema1 manifest")
        << QStringLiteral("manifests/containers_image/v2s1.manifest.json") << QStringList() << false
        << QStringLiteral("Manifest")
        << QStringList{QStringLiteral("Layer 1"), QStringLiteral("Layer 2"),
                       QStringLiteral("Layer 3")}
        << 4;
}

void TestManifestTreeModel::shape()
{
    QFETCH(QString, source);
    QFETCH(QStringList, fetched);
    QFETCH(bool, dockerHubImage);
    QFETCH(QString, topName);
    QFETCH(QStringList, children);
    QFETCH(int, nodes);

    ManifestTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const ManifestPtr top = parse(source);
    QList<ManifestPtr> documents;
    for (const QString &file : fetched)
        documents.append(parse(file));
    QList<ResolvedImage> images;
    if (dockerHubImage) {
        ResolvedImage image;
        image.descriptor.digest = Digest::parse(DockerHubAmd64).value();
        image.platform = Platform::parse(u"linux/amd64").value();
        image.manifest = parse(QStringLiteral(
            "manifests/imagespec_dockerhub/docker_library_docker_manifest_v2_0.json"));
        images.append(image);
    }
    model.setDocument(Registry, Repository, top, top->digest(), images, documents);

    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.columnCount(), int(ManifestTreeModel::ColumnCount));
    const QModelIndex root = model.index(0, 0);
    QCOMPARE(root.data().toString(), topName);
    QCOMPARE(root.data(DigestRole).toString(), top->digest().toString());
    QVERIFY(root.data(ManifestTreeModel::FetchedRole).toBool());
    QCOMPARE(childNames(model, root), children);
    QCOMPARE(countNodes(model), nodes);

    if (dockerHubImage) {
        const QModelIndex amd64 = model.indexOf(Digest::parse(DockerHubAmd64).value());
        QVERIFY(amd64.isValid());
        QCOMPARE(childNames(model, amd64),
                 (QStringList{QStringLiteral("Config"), QStringLiteral("Layer 1"),
                              QStringLiteral("Layer 2"), QStringLiteral("Layer 3"),
                              QStringLiteral("Layer 4")}));
        // A layer is found under the manifest asked about; the manifest itself is not its own
        // descendant.
        const QModelIndex layer = model.index(2, 0, amd64);
        const Digest layerDigest = Digest::parse(layer.data(DigestRole).toString()).value();
        QCOMPARE(model.indexOf(layerDigest, amd64), layer);
        QCOMPARE(model.indexOf(layerDigest), layer);
        QVERIFY(!model.indexOf(Digest::parse(DockerHubAmd64).value(), amd64).isValid());
        QVERIFY(!model.indexOf(layerDigest, model.index(0, 0, root)).isValid());
        const QModelIndex config = model.index(0, ManifestTreeModel::MediaTypeColumn, amd64);
        QCOMPARE(config.data(Qt::ToolTipRole).toString(),
                 QStringLiteral("application/octet-stream"));
    }
}

void TestManifestTreeModel::blobsHaveNoReference()
{
    ManifestTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const ManifestPtr top = parse(QStringLiteral("manifests/containers_image/v2s2.manifest.json"));
    model.setDocument(Registry, Repository, top, top->digest(), {});
    const QModelIndex root = model.index(0, 0);
    QCOMPARE(root.data(ManifestTreeModel::NodeKindRole).toInt(), int(NodeKind::Manifest));
    QCOMPARE(root.data(ReferenceRole).toString(),
             QStringLiteral("127.0.0.1:5000/fixtures/tree@") + top->digest().toString());
    for (int row = 0; row < model.rowCount(root); ++row) {
        const QModelIndex blob = model.index(row, 0, root);
        QCOMPARE(blob.data(ManifestTreeModel::NodeKindRole).toInt(),
                 int(row == 0 ? NodeKind::Config : NodeKind::Layer));
        QVERIFY(blob.data(DigestRole).toString().startsWith(u"sha256:"));
        QVERIFY(blob.data(ReferenceRole).toString().isEmpty());
        // The digest column is short; the tooltip and DigestRole hold it in full.
        const QModelIndex digest = blob.siblingAtColumn(ManifestTreeModel::DigestColumn);
        QCOMPARE(digest.data().toString().size(), QStringLiteral("sha256:").size() + 12 + 1);
        QCOMPARE(digest.data(Qt::ToolTipRole).toString(), blob.data(DigestRole).toString());
        QVERIFY(blob.data(ManifestTreeModel::SizeRole).toLongLong() > 0);
    }
}

void TestManifestTreeModel::attestationsNameTheirImage()
{
    ManifestTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const ManifestPtr top = parse(TestDocuments::BuildxIndex);
    model.setDocument(Registry, Repository, top, top->digest(), {});
    const QModelIndex root = model.index(0, 0);
    QCOMPARE(root.data(ManifestTreeModel::NodeKindRole).toInt(), int(NodeKind::Index));
    const QList<NodeKind> kinds{NodeKind::Manifest, NodeKind::Manifest, NodeKind::Attestation,
                                NodeKind::Attestation, NodeKind::Attestation};
    for (int row = 0; row < model.rowCount(root); ++row) {
        const QModelIndex entry = model.index(row, 0, root);
        QCOMPARE(entry.data(ManifestTreeModel::NodeKindRole).toInt(), int(kinds.at(row)));
        // Unfetched entries are leaves that still pull by digest.
        QVERIFY(!entry.data(ManifestTreeModel::FetchedRole).toBool());
        QCOMPARE(model.rowCount(entry), 0);
        QCOMPARE(entry.data(ReferenceRole).toString(),
                 QStringLiteral("127.0.0.1:5000/fixtures/tree@")
                     + entry.data(DigestRole).toString());
    }
}

void TestManifestTreeModel::currentManifest()
{
    ManifestTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const ManifestPtr top = parse(TestDocuments::BuildxIndex);
    model.setDocument(Registry, Repository, top, top->digest(), {});
    const Digest arm64 = Digest::parse(QStringLiteral("sha256:") + QString(64, u'2')).value();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setCurrentDigest(arm64);
    QCOMPARE(changed.size(), 1);
    const QModelIndex current = model.indexOf(arm64);
    QCOMPARE(current.row(), 1);
    QVERIFY(current.data(ManifestTreeModel::CurrentRole).toBool());
    QVERIFY(current.data(Qt::FontRole).value<QFont>().bold());
    QVERIFY(!model.index(0, 0, model.index(0, 0)).data(ManifestTreeModel::CurrentRole).toBool());
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.indexOf(arm64).isValid());
}

void TestManifestTreeModel::schema1LayersAreNumberedFromTheBase()
{
    ManifestTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QByteArray raw
        = TestData::read(QStringLiteral("manifests/containers_image/v2s1.manifest.json"));
    const auto schema1
        = std::dynamic_pointer_cast<const Schema1Manifest>(Manifest::parse(raw).value());
    QVERIFY(schema1);
    model.setDocument(Registry, Repository, schema1, schema1->digest(), {});
    const QModelIndex root = model.index(0, 0);
    const qsizetype count = schema1->fsLayers().size();
    QCOMPARE(model.rowCount(root), int(count));
    // fsLayers lists the newest layer first: Layer 1 is its last entry.
    QCOMPARE(model.index(0, 0, root).data(DigestRole).toString(),
             schema1->fsLayers().constLast().toString());
    QCOMPARE(model.index(int(count) - 1, 0, root).data(DigestRole).toString(),
             schema1->fsLayers().constFirst().toString());
    // Schema1 records no layer sizes: the size column stays empty.
    QVERIFY(model.index(0, ManifestTreeModel::SizeColumn, root).data().toString().isEmpty());
}

QTEST_MAIN(TestManifestTreeModel)
#include "tst_manifesttreemodel.moc"
