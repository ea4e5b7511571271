// PlatformsModel fed with parsed indexes from tests/data/manifests (see tests/data/SOURCES.md)
// and the test documents of testdocuments.h.

#include "image/platformsmodel.h"

#include "common/roles.h"
#include "values/imageindex.h"

#include "testdata.h"
#include "testdocuments.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QTest>

using namespace Layerscope;
using Kind = ImageIndex::EntryKind;

namespace {

const QString Registry = QStringLiteral("127.0.0.1:5000");
const QString Repository = QStringLiteral("fixtures/multiarch");

ManifestPtr parse(const QString &source)
{
    const QByteArray raw = TestDocuments::read(source);
    const Result<ManifestPtr> manifest = Manifest::parse(raw);
    if (!manifest)
        qFatal("%s does not parse: %s", qPrintable(source), qPrintable(manifest.error().message()));
    return *manifest;
}

} // namespace

class TestPlatformsModel : public QObject
{
    Q_OBJECT

private slots:
    void rows_data();
    void rows();
    void attestationsAreLinkedToTheirImages();
    void referencesAndDigests();
    void currentRow();
    void singleManifestTakesTheImagePlatform();
    void clearEmpties();
};

void TestPlatformsModel::rows_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("images");
    QTest::addColumn<int>("attestations");
    QTest::addColumn<int>("indexes");
    QTest::addColumn<int>("artifacts");
    QTest::addColumn<QString>("firstPlatform");

    QTest::addRow("docker hub manifest list")
        << QStringLiteral("manifests/imagespec_dockerhub/docker_manifest_list_0.json") << 5 << 5
        << 0 << 0 << 0 << QStringLiteral("linux/ppc64le");
    QTest::addRow("oci index with every field")
        << TestDocuments::EverythingIndex << 1 << 0 << 0 << 0 << 1 << QStringLiteral("B/A/E (C)");
    QTest::addRow("docker list with every field")
        << QStringLiteral("manifests/containers_image/v2list.everything.json") << 1 << 1 << 0 << 0
        << 0 << QStringLiteral("b/a/e (c)");
    QTest::addRow("oci index, zstd selection")
        << QStringLiteral("manifests/containers_image/oci1.index.zstd-selection.json") << 6 << 6
        << 0 << 0 << 0 << QStringLiteral("linux/amd64");
    QTest::addRow("oci index, arm variants")
        << QStringLiteral("manifests/containers_image/ocilist-variants.json") << 6 << 6 << 0 << 0
        << 0 << QStringLiteral("linux/amd64");
    QTest::addRow("docker list, seven platforms")
        << QStringLiteral("manifests/containers_image/schema2list.json") << 7 << 7 << 0 << 0 << 0
        << QStringLiteral("linux/amd64");
    QTest::addRow("layout index with nested indexes")
        << QStringLiteral("manifests/ggcr_layout/test_index/index.json") << 4 << 1 << 0 << 2 << 1
        << QString();
    QTest::addRow("buildx index with attestations")
        << TestDocuments::BuildxIndex << 5 << 2 << 3 << 0 << 0 << QStringLiteral("linux/amd64");
    QTest::addRow("single schema2 manifest")
        << QStringLiteral("manifests/containers_image/v2s2.manifest.json") << 1 << 1 << 0 << 0 << 0
        << QString();
    QTest::addRow("single signed schema1 manifest")
        << QStringLiteral("manifests/containers_image/v2s1.manifest.json") << 1 << 1 << 0 << 0 << 0
        << QString();
}

void TestPlatformsModel::rows()
{
    QFETCH(QString, source);
    QFETCH(int, rows);
    QFETCH(int, images);
    QFETCH(int, attestations);
    QFETCH(int, indexes);
    QFETCH(int, artifacts);
    QFETCH(QString, firstPlatform);

    PlatformsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const ManifestPtr top = parse(source);
    model.setDocument(Registry, Repository, top, top->digest());

    QCOMPARE(model.rowCount(), rows);
    QCOMPARE(model.columnCount(), int(PlatformsModel::ColumnCount));
    QCOMPARE(model.count(Kind::Image), images);
    QCOMPARE(model.count(Kind::Attestation), attestations);
    QCOMPARE(model.count(Kind::Index), indexes);
    QCOMPARE(model.count(Kind::Artifact), artifacts);
    QCOMPARE(model.index(0, PlatformsModel::PlatformColumn).data().toString(), firstPlatform);

    // Images come first, attestations last, whatever the document order.
    const auto rank = [](int kind) {
        return kind == int(Kind::Image) ? 0 : kind == int(Kind::Attestation) ? 2 : 1;
    };
    for (int row = 1; row < model.rowCount(); ++row) {
        QVERIFY(rank(model.index(row - 1, 0).data(PlatformsModel::KindRole).toInt())
                <= rank(model.index(row, 0).data(PlatformsModel::KindRole).toInt()));
    }
    // Every row names a manifest by digest, with its kind spelled out.
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex digest = model.index(row, PlatformsModel::DigestColumn);
        QVERIFY(digest.data().toString().startsWith(u"sha256:"));
        QCOMPARE(digest.data(DigestRole).toString(), digest.data().toString());
        QVERIFY(!model.index(row, PlatformsModel::KindColumn).data().toString().isEmpty());
    }
}

void TestPlatformsModel::attestationsAreLinkedToTheirImages()
{
    PlatformsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const ManifestPtr top = parse(TestDocuments::BuildxIndex);
    model.setDocument(Registry, Repository, top, top->digest());

    const QString amd64 = QStringLiteral("sha256:") + QString(64, u'1');
    const QString arm64 = QStringLiteral("sha256:") + QString(64, u'2');
    QCOMPARE(model.index(0, 0).data(DigestRole).toString(), amd64);
    QCOMPARE(model.index(1, 0).data(DigestRole).toString(), arm64);

    struct Expected
    {
        int row;
        int attestedRow;
        QString attested;
        QString platform;
    };
    const QList<Expected> expected{
        {2, 0, amd64, QStringLiteral("linux/amd64")},
        {3, 1, arm64, QStringLiteral("linux/arm64/v8")},
        {4, -1, QStringLiteral("sha256:") + QString(64, u'9'), QString()},
    };
    for (const Expected &want : expected) {
        const QModelIndex row = model.index(want.row, 0);
        QCOMPARE(row.data(PlatformsModel::KindRole).toInt(), int(Kind::Attestation));
        QCOMPARE(row.data(PlatformsModel::AttestedRowRole).toInt(), want.attestedRow);
        QCOMPARE(row.data(PlatformsModel::AttestedDigestRole).toString(), want.attested);
        const QString attests
            = model.index(want.row, PlatformsModel::AttestsColumn).data().toString();
        if (want.attestedRow >= 0) {
            QVERIFY2(attests.contains(want.platform), qPrintable(attests));
            QVERIFY2(attests.contains(want.attested.left(19)), qPrintable(attests));
        } else {
            QVERIFY2(attests.contains(want.attested), qPrintable(attests));
        }
        QCOMPARE(model.index(want.row, PlatformsModel::PlatformColumn).data().toString(),
                 QStringLiteral("unknown/unknown"));
    }
    // Images attest nothing.
    QVERIFY(model.index(0, PlatformsModel::AttestsColumn).data().toString().isEmpty());
    QCOMPARE(model.index(0, 0).data(PlatformsModel::AttestedRowRole).toInt(), -1);
}

void TestPlatformsModel::referencesAndDigests()
{
    PlatformsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const ManifestPtr top = parse(TestDocuments::BuildxIndex);
    model.setDocument(Registry, Repository, top, top->digest());
    for (int row = 0; row < model.rowCount(); ++row) {
        for (int column = 0; column < PlatformsModel::ColumnCount; ++column) {
            const QModelIndex index = model.index(row, column);
            QCOMPARE(index.data(ReferenceRole).toString(),
                     QStringLiteral("127.0.0.1:5000/fixtures/multiarch@")
                         + index.data(DigestRole).toString());
        }
    }
    QCOMPARE(model.index(0, 0).data(PlatformsModel::SizeRole).toLongLong(), 673);
    QCOMPARE(model.index(0, 0).data(PlatformsModel::PlatformRole).value<Platform>().toString(),
             QStringLiteral("linux/amd64"));
    QCOMPARE(model.rowOf(Digest::parse(QStringLiteral("sha256:") + QString(64, u'2')).value()), 1);
    QCOMPARE(model.rowOf(Digest()), -1);
}

void TestPlatformsModel::currentRow()
{
    PlatformsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const ManifestPtr top = parse(TestDocuments::BuildxIndex);
    model.setDocument(Registry, Repository, top, top->digest());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    model.setCurrentDigest(model.entry(1).digest);
    QCOMPARE(changed.size(), 1);
    QVERIFY(model.index(1, 0).data(PlatformsModel::CurrentRole).toBool());
    QVERIFY(model.index(1, 0).data(Qt::FontRole).value<QFont>().bold());
    QVERIFY(!model.index(0, 0).data(PlatformsModel::CurrentRole).toBool());

    model.setCurrentDigest(model.entry(0).digest);
    QCOMPARE(changed.size(), 3); // the old row and the new one
    QVERIFY(model.index(0, 0).data(PlatformsModel::CurrentRole).toBool());
    QVERIFY(!model.index(1, 0).data(PlatformsModel::CurrentRole).toBool());
}

void TestPlatformsModel::singleManifestTakesTheImagePlatform()
{
    PlatformsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const ManifestPtr top = parse(
        QStringLiteral("manifests/imagespec_dockerhub/docker_library_docker_manifest_v2_0.json"));
    ResolvedImage image;
    image.manifest = top;
    image.descriptor.digest = top->digest();
    image.platform = Platform::parse(u"linux/amd64").value();
    model.setDocument(Registry, QStringLiteral("library/docker"), top, top->digest(), {image});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, PlatformsModel::PlatformColumn).data().toString(),
             QStringLiteral("linux/amd64"));
    QCOMPARE(
        model.index(0, 0).data(DigestRole).toString(),
        QStringLiteral("sha256:888206c77cd2811ec47e752ba291e5b7734e3ef137dfd222daadaca39a9f17bc"));
    QCOMPARE(model.index(0, PlatformsModel::SizeColumn).data(PlatformsModel::SizeRole).toLongLong(),
             qint64(top->raw().size()));
}

void TestPlatformsModel::clearEmpties()
{
    PlatformsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const ManifestPtr top = parse(TestDocuments::BuildxIndex);
    model.setDocument(Registry, Repository, top, top->digest());
    QCOMPARE(model.rowCount(), 5);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    model.setDocument(Registry, Repository, nullptr, {});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestPlatformsModel)
#include "tst_platformsmodel.moc"
