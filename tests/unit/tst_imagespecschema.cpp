// Every document of the OCI image spec's own JSON-schema tests, fed to the parser Layerscope
// uses for that kind of document. INDEX.tsv says whether the schema accepts each one; where
// Layerscope decides differently, the row says so and why.

#include "values/descriptor_p.h"
#include "values/imageconfig.h"
#include "values/json_p.h"
#include "values/manifest.h"
#include "values/mediatype.h"
#include "values/ocilayout.h"

#include "testdata.h"

#include <QTest>

using namespace Layerscope;

namespace {

// Documents whose outcome differs from the schema's, with the reason shown in the row name.
struct Deviation
{
    const char *file;
    bool accepted;
    const char *reason;
};

constexpr Deviation Deviations[] = {
    {"config_09_invalid.json", true,
     "an Env entry without '=' is kept as written: Docker runs such images, so refusing the "
     "whole config would hide one"},
    {"manifest_05_invalid.json", true,
     "a manifest with no layers is accepted: OCI 1.1 artifacts have none, and the schema's "
     "minItems is no reason to hide a document"},
    {"manifest_06_valid.json", false,
     "alternate digest algorithms (sha256+b64) are refused: Layerscope cannot verify content "
     "addressed by them"},
    {"descriptor_21_valid.json", false, "alternate digest algorithm sha256+b64 cannot be verified"},
    {"descriptor_22_valid.json", false, "alternate digest algorithm sha256+b64 cannot be verified"},
    {"descriptor_23_valid.json", false,
     "alternate digest algorithm sha256+foo-bar cannot be verified"},
    {"descriptor_24_valid.json", false,
     "alternate digest algorithm sha256.foo-bar cannot be verified"},
    {"descriptor_25_valid.json", false,
     "alternate digest algorithm multihash+base58 cannot be verified"},
    {"descriptor_27_valid.json", false, "alternate digest encoding sha256+b64u cannot be verified"},
    {"descriptor_28_valid.json", false,
     "alternate digest encoding sha256+b64u.unknownlength cannot be verified"},
};

const Deviation *deviationFor(const QString &file)
{
    for (const Deviation &deviation : Deviations) {
        if (file == QLatin1StringView(deviation.file))
            return &deviation;
    }
    return nullptr;
}

// Parses \a raw as the kind of document its file name says; an empty error means accepted.
std::optional<ParseError> parseAsItsKind(const QString &file, const QByteArray &raw)
{
    if (file.startsWith(u"config_")) {
        const Result<ImageConfig> config = ImageConfig::parse(raw);
        return config ? std::nullopt : std::optional(config.error());
    }
    if (file.startsWith(u"manifest_") || file.startsWith(u"imageindex_")) {
        const bool index = file.startsWith(u"imageindex_");
        const Result<ManifestPtr> manifest
            = Manifest::parse(raw, index ? MediaType::OciIndex : MediaType::OciManifest);
        if (!manifest)
            return manifest.error();
        if ((*manifest)->format()
            != (index ? Manifest::Format::OciIndex : Manifest::Format::OciManifest)) {
            return ParseError(ParseError::Code::MediaTypeMismatch,
                              QStringLiteral("parsed as %1").arg((*manifest)->formatName()));
        }
        return std::nullopt;
    }
    if (file.startsWith(u"descriptor_")) {
        const Result<QJsonObject> object = Json::parseObject(raw);
        if (!object)
            return object.error();
        Json::FieldReader reader(*object);
        Json::readDescriptor(reader);
        return reader.ok() ? std::nullopt : std::optional(reader.error());
    }
    if (file.startsWith(u"imagelayout_")) {
        const Result<OciLayoutHeader> header = OciLayoutHeader::parse(raw);
        return header ? std::nullopt : std::optional(header.error());
    }
    return ParseError(ParseError::Code::InvalidValue, QStringLiteral("no parser for %1").arg(file));
}

} // namespace

class TestImageSpecSchema : public QObject
{
    Q_OBJECT

private slots:
    void tableIsComplete();
    void schemaCases_data();
    void schemaCases();
};

void TestImageSpecSchema::tableIsComplete()
{
    const TestData::Table table
        = TestData::readTable(QStringLiteral("manifests/imagespec_schema/INDEX.tsv"));
    QCOMPARE(table.rows.size(), 67);
    for (const Deviation &deviation : Deviations) {
        const QString file = QLatin1StringView(deviation.file);
        const bool listed = std::any_of(table.rows.cbegin(), table.rows.cend(),
                                        [&file](const TestData::Row &row) {
                                            return row.value(QStringLiteral("file")) == file;
                                        });
        QVERIFY2(listed, qPrintable(file));
    }
}

void TestImageSpecSchema::schemaCases_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("sha256");

    const TestData::Table table
        = TestData::readTable(QStringLiteral("manifests/imagespec_schema/INDEX.tsv"));
    for (const TestData::Row &row : table.rows) {
        const QString file = row.value(QStringLiteral("file"));
        const bool schemaValid
            = row.value(QStringLiteral("expected_schema_validation")) == u"valid";
        const QString comment = row.value(QStringLiteral("upstream_comment"));
        const Deviation *deviation = deviationFor(file);
        const bool accepted = deviation ? deviation->accepted : schemaValid;
        QString name
            = QStringLiteral("%1 (schema says %2: %3)")
                  .arg(file, schemaValid ? QStringLiteral("valid") : QStringLiteral("invalid"),
                       comment.left(70));
        if (deviation) {
            name += QStringLiteral(" [Layerscope %1: %2]")
                        .arg(deviation->accepted ? QStringLiteral("accepts")
                                                 : QStringLiteral("refuses"),
                             QLatin1StringView(deviation->reason));
        }
        QTest::newRow(qPrintable(name))
            << file << accepted << row.value(QStringLiteral("sha256_of_file"));
    }
}

void TestImageSpecSchema::schemaCases()
{
    QFETCH(QString, file);
    QFETCH(bool, accepted);
    QFETCH(QString, sha256);

    const QByteArray raw = TestData::read(QStringLiteral("manifests/imagespec_schema/") + file);
    QCOMPARE(Digest::compute(raw).toString(), sha256);

    const std::optional<ParseError> error = parseAsItsKind(file, raw);
    if (accepted) {
        QVERIFY2(!error, error ? qPrintable(error->message()) : "");
        return;
    }
    QVERIFY2(error, "the document was accepted");
    QVERIFY2(!error->message().isEmpty(), "a refusal must say why");
    if (deviationFor(file)) {
        // The only deliberate refusals of schema-valid documents are unverifiable digests.
        QCOMPARE(ParseError::codeName(error->code()),
                 ParseError::codeName(ParseError::Code::DigestUnsupported));
    }
    qDebug("%s: %s", qPrintable(file), qPrintable(error->message()));
}

QTEST_GUILESS_MAIN(TestImageSpecSchema)
#include "tst_imagespecschema.moc"
