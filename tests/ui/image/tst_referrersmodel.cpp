// ReferrersModel fed with descriptors from parsed indexes in tests/data/manifests (a referrers
// list is an OCI index) and with descriptors written for these tests.

#include "image/referrersmodel.h"

#include "common/roles.h"
#include "values/imageindex.h"

#include "testdata.h"
#include "testdocuments.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Layerscope;

namespace {

const QString Registry = QStringLiteral("127.0.0.1:5000");
const QString Repository = QStringLiteral("fixtures/oci-app");

QList<Descriptor> entriesOf(const QString &source)
{
    const QByteArray raw = TestDocuments::read(source);
    const Result<ImageIndexPtr> index = ImageIndex::parse(raw);
    if (!index)
        qFatal("%s does not parse: %s", qPrintable(source), qPrintable(index.error().message()));
    return (*index)->manifests();
}

Digest digestOf(char16_t hex)
{
    return Digest::parse(QStringLiteral("sha256:") + QString(64, QChar(hex))).value();
}

} // namespace

class TestReferrersModel : public QObject
{
    Q_OBJECT

private slots:
    void rows_data();
    void rows();
    void subjectsAccumulate();
    void describe_data();
    void describe();
    void created();
};

void TestReferrersModel::rows_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QString>("firstType");
    QTest::addColumn<QString>("firstAnnotations");

    QTest::addRow("oci index with every field")
        << TestDocuments::EverythingIndex << 1 << QStringLiteral("application/our-sub-artifact")
        << QStringLiteral("manifest=1");
    QTest::addRow("layout index") << QStringLiteral("manifests/ggcr_layout/test_index/index.json")
                                  << 4
                                  << QStringLiteral("application/vnd.oci.image.manifest.v1+json")
                                  << QStringLiteral("org.opencontainers.image.ref.name=1");
    QTest::addRow("buildx index") << TestDocuments::BuildxIndex << 5
                                  << QStringLiteral("application/vnd.oci.image.manifest.v1+json")
                                  << QString();
    QTest::addRow("registry-accepted artifact index")
        << QStringLiteral("manifests/registry282_accepted/"
                          "08275969285ac26727d3241b2db4c01b81f60e68191885007ce1603683cf8e64.json")
        << 1 << QStringLiteral("application/vnd.oci.image.manifest.v1+json") << QString();
}

void TestReferrersModel::rows()
{
    QFETCH(QString, source);
    QFETCH(int, rows);
    QFETCH(QString, firstType);
    QFETCH(QString, firstAnnotations);

    ReferrersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.reset(Registry, Repository);
    const QList<Descriptor> referrers = entriesOf(source);
    model.addReferrers(QStringLiteral("Manifest linux/amd64"), digestOf(u'a'), referrers);

    QCOMPARE(model.rowCount(), rows);
    QCOMPARE(model.columnCount(), int(ReferrersModel::ColumnCount));
    QCOMPARE(model.index(0, ReferrersModel::TypeColumn).data().toString(), firstType);
    QCOMPARE(model.index(0, 0).data(ReferrersModel::ArtifactTypeRole).toString(), firstType);
    QCOMPARE(model.index(0, ReferrersModel::AnnotationsColumn).data().toString(), firstAnnotations);
    for (int row = 0; row < rows; ++row) {
        const QModelIndex index = model.index(row, ReferrersModel::DigestColumn);
        QCOMPARE(index.data().toString(), referrers.at(row).digest.toString());
        QCOMPARE(index.data(DigestRole).toString(), referrers.at(row).digest.toString());
        // A referrer is a manifest: it pulls by digest from the same repository.
        QCOMPARE(index.data(ReferenceRole).toString(),
                 QStringLiteral("127.0.0.1:5000/fixtures/oci-app@")
                     + referrers.at(row).digest.toString());
        QCOMPARE(index.data(ReferrersModel::SubjectDigestRole).toString(),
                 digestOf(u'a').toString());
        QCOMPARE(index.data(ReferrersModel::SizeRole).toLongLong(), referrers.at(row).size);
        QCOMPARE(index.data(ReferrersModel::AnnotationsRole).toMap().size(),
                 referrers.at(row).annotations.size());
    }
}

void TestReferrersModel::subjectsAccumulate()
{
    ReferrersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.reset(Registry, Repository);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.addReferrers(QStringLiteral("Manifest linux/amd64"), digestOf(u'a'),
                       entriesOf(TestDocuments::BuildxIndex));
    model.addReferrers(QStringLiteral("Index"), digestOf(u'b'), {});
    model.addReferrers(QStringLiteral("Index"), digestOf(u'b'),
                       entriesOf(TestDocuments::EverythingIndex));
    QCOMPARE(inserted.size(), 2); // an empty list inserts nothing
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(model.index(0, ReferrersModel::SubjectColumn).data().toString(),
             QStringLiteral("Manifest linux/amd64"));
    QCOMPARE(model.index(5, ReferrersModel::SubjectColumn).data().toString(),
             QStringLiteral("Index"));
    QCOMPARE(model.index(5, 0).data(ReferrersModel::SubjectDigestRole).toString(),
             digestOf(u'b').toString());
    QVERIFY(model.index(5, ReferrersModel::SubjectColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(digestOf(u'b').toString()));

    model.reset(Registry, QStringLiteral("other/repo"));
    QCOMPARE(model.rowCount(), 0);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestReferrersModel::describe_data()
{
    QTest::addColumn<QString>("artifactType");
    QTest::addColumn<QString>("mediaType");
    QTest::addColumn<QString>("expected");

    const QString manifest = QStringLiteral("application/vnd.oci.image.manifest.v1+json");
    QTest::addRow("cosign signature")
        << QStringLiteral("application/vnd.dev.cosign.artifact.sig.v1+json") << manifest
        << QStringLiteral("Signature (cosign)");
    QTest::addRow("notation signature") << QStringLiteral("application/vnd.cncf.notary.signature")
                                        << manifest << QStringLiteral("Signature (Notation)");
    QTest::addRow("sigstore bundle")
        << QStringLiteral("application/vnd.dev.sigstore.bundle.v0.3+json") << manifest
        << QStringLiteral("Signature bundle (Sigstore)");
    QTest::addRow("spdx sbom") << QStringLiteral("application/spdx+json") << manifest
                               << QStringLiteral("SBOM (SPDX)");
    QTest::addRow("cyclonedx sbom") << QStringLiteral("application/vnd.cyclonedx+json") << manifest
                                    << QStringLiteral("SBOM (CycloneDX)");
    QTest::addRow("in-toto attestation")
        << QStringLiteral("application/vnd.in-toto+json") << manifest
        << QStringLiteral("Attestation (application/vnd.in-toto+json)");
    QTest::addRow("dsse envelope")
        << QStringLiteral("application/vnd.dsse.envelope.v1+json") << manifest
        << QStringLiteral("Attestation (application/vnd.dsse.envelope.v1+json)");
    QTest::addRow("unknown artifact type")
        << QStringLiteral("application/vnd.example.thing") << manifest
        << QStringLiteral("application/vnd.example.thing");
    QTest::addRow("no artifact type") << QString() << manifest << manifest;
}

void TestReferrersModel::describe()
{
    QFETCH(QString, artifactType);
    QFETCH(QString, mediaType);
    QFETCH(QString, expected);
    Descriptor referrer;
    referrer.artifactType = artifactType;
    referrer.mediaType = mediaType;
    QCOMPARE(ReferrersModel::describe(referrer), expected);
}

void TestReferrersModel::created()
{
    ReferrersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.reset(Registry, Repository);
    Descriptor referrer;
    referrer.mediaType = QStringLiteral("application/vnd.oci.image.manifest.v1+json");
    referrer.artifactType = QStringLiteral("application/spdx+json");
    referrer.digest = digestOf(u'c');
    referrer.size = 812;
    referrer.annotations.insert(QStringLiteral("org.opencontainers.image.created"),
                                QStringLiteral("2024-03-01T10:20:30Z"));
    referrer.annotations.insert(QStringLiteral("org.example.tool"), QStringLiteral("syft"));
    model.addReferrers(QStringLiteral("Manifest"), digestOf(u'a'), {referrer});

    const QModelIndex created = model.index(0, ReferrersModel::CreatedColumn);
    QVERIFY(!created.data().toString().isEmpty());
    QCOMPARE(created.data(Qt::ToolTipRole).toString(), QStringLiteral("2024-03-01T10:20:30Z"));
    // The creation time has its own column; the rest are listed.
    QCOMPARE(model.index(0, ReferrersModel::AnnotationsColumn).data().toString(),
             QStringLiteral("org.example.tool=syft"));
    QCOMPARE(model.index(0, ReferrersModel::TypeColumn).data().toString(),
             QStringLiteral("SBOM (SPDX)"));
}

QTEST_MAIN(TestReferrersModel)
#include "tst_referrersmodel.moc"
