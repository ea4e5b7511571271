#include "testdata.h"
#include "values/imageconfig.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Layerscope;
using Code = ParseError::Code;

namespace {

const QString DiffIdA
    = QStringLiteral("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef");

// A valid config with one layer, \a fields inserted in front of the required ones.
QByteArray configWith(const QByteArray &fields)
{
    return "{" + fields + R"("architecture":"amd64","os":"linux","rootfs":{"type":"layers",)"
        + R"("diff_ids":["sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"]}})";
}

QByteArray historyOf(const QList<bool> &emptyLayers)
{
    QByteArray history = R"("history":[)";
    for (qsizetype i = 0; i < emptyLayers.size(); ++i) {
        history += i == 0 ? "" : ",";
        history += emptyLayers.at(i) ? R"({"created_by":"step","empty_layer":true})"
                                     : R"({"created_by":"step"})";
    }
    return history + "]";
}

QByteArray diffIds(int count)
{
    QByteArray list;
    for (int i = 0; i < count; ++i) {
        list += i == 0 ? "\"" : ",\"";
        list += Digest::compute(QByteArray::number(i)).toString().toLatin1() + "\"";
    }
    return list;
}

QString isoUtc(const QDateTime &time)
{
    return time.isNull() ? QString() : time.toString(Qt::ISODateWithMs);
}

QStringList digestStrings(const QList<Digest> &digests)
{
    QStringList result;
    for (const Digest &digest : digests)
        result.append(digest.toString());
    return result;
}

} // namespace

class TestImageConfig : public QObject
{
    Q_OBJECT

private slots:
    void dockerHubConfigs_data();
    void dockerHubConfigs();
    void dockerConfig0Details();
    void dockerConfig1Details();
    void factsJson_data();
    void factsJson();
    void ggcrLayoutBlobs_data();
    void ggcrLayoutBlobs();
    void imageSpecSchema_data();
    void imageSpecSchema();
    void imageSpecValidConfig();
    void envWithoutEquals();
    void timestamps_data();
    void timestamps();
    void historyMapping_data();
    void historyMapping();
    void cosignStyleConfig();
    void runConfigFields();
    void badInput_data();
    void badInput();
    void largeConfigUnderCap();
    void nullConfig();
};

void TestImageConfig::dockerHubConfigs_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("digest");
    QTest::addColumn<QString>("platform");
    QTest::addColumn<QString>("created");
    QTest::addColumn<QStringList>("diffIds");
    QTest::addColumn<int>("historyCount");
    QTest::addColumn<QList<qsizetype>>("historyIndexForLayers");

    // Stated digests: image-spec schema/backwards_compatibility_test.go (see
    // tests/data/SOURCES.md).
    QTest::addRow("docker:1.12.1")
        << QStringLiteral("manifests/imagespec_dockerhub/docker_config_0.json")
        << QStringLiteral("sha256:a059ea7356d5b5a9e0f6352bfa463e7bd4721c2ade3ef168603826e0de6fe54b")
        << QStringLiteral("linux/amd64") << QStringLiteral("2016-10-10T23:04:00.821Z")
        << QStringList{QStringLiteral(
                           "sha256:"
                           "9007f5987db353ec398a223bc5a135c5a9601798ba20a1abba537ea2f8ac765f"),
                       QStringLiteral(
                           "sha256:"
                           "1b06990ff0df8dad281fad7e6e4c5e91f32f8f8c095d6c74cf1e90a6f4407e28"),
                       QStringLiteral(
                           "sha256:"
                           "9d12251ce74aac7619a83641ab72431a8d82e58bcd8a262c2bb0cdb280f1f3b5"),
                       QStringLiteral(
                           "sha256:"
                           "17a7f292c2427adfc75c3a789bab8efec925dc38c5437bf83d2f528013ab80e2")}
        << 9 << QList<qsizetype>{0, 1, 5, 6};
    QTest::addRow("fedora:23")
        << QStringLiteral("manifests/imagespec_dockerhub/docker_config_1.json")
        << QStringLiteral("sha256:a20665eb1fe2912accb3d5dadaed360430df0d1aa46874875886947d61d3d4ee")
        << QStringLiteral("linux/amd64") << QStringLiteral("2016-06-10T18:44:31.784Z")
        << QStringList{QStringLiteral(
               "sha256:d43f38155a799dc53d8fbb9f3bc11f51805f4027cd5c3d10b9823201cd5b9400")}
        << 2 << QList<qsizetype>{1};
}

void TestImageConfig::dockerHubConfigs()
{
    QFETCH(QString, file);
    QFETCH(QString, digest);
    QFETCH(QString, platform);
    QFETCH(QString, created);
    QFETCH(QStringList, diffIds);
    QFETCH(int, historyCount);
    QFETCH(QList<qsizetype>, historyIndexForLayers);

    const QByteArray raw = TestData::read(file);
    QVERIFY(!raw.isEmpty());
    const Result<ImageConfig> config = ImageConfig::parse(raw);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message()));
    QCOMPARE(config->raw(), raw);
    QCOMPARE(config->digest().toString(), digest);
    QCOMPARE(config->digest().shortHex(), digest.mid(7, 12));
    QCOMPARE(config->platform().toString(), platform);
    QCOMPARE(isoUtc(config->created()), created);
    QCOMPARE(config->created().timeSpec(), Qt::UTC);
    QCOMPARE(config->rootfsType(), QStringLiteral("layers"));
    QCOMPARE(digestStrings(config->diffIds()), diffIds);
    QCOMPARE(config->history().size(), historyCount);
    QCOMPARE(config->nonEmptyHistoryCount(), diffIds.size());
    QVERIFY(config->historyMatchesLayers());
    QCOMPARE(config->historyIndexForLayers(), historyIndexForLayers);
}

void TestImageConfig::dockerConfig0Details()
{
    const QByteArray raw
        = TestData::read(QStringLiteral("manifests/imagespec_dockerhub/docker_config_0.json"));
    const ImageConfig config = ImageConfig::parse(raw).value();

    // The raw bytes keep Docker's escapes; the parsed strings hold what they mean.
    QVERIFY(config.raw().contains(R"(\u0026\u0026 curl)"));
    QVERIFY(config.history().at(5).createdBy.contains(QStringLiteral("\t&& curl -fSL")));

    const ImageConfig::RunConfig &run = config.config();
    QCOMPARE(
        run.env,
        QStringList(
            {QStringLiteral("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
             QStringLiteral("DOCKER_BUCKET=get.docker.com"),
             QStringLiteral("DOCKER_VERSION=1.12.1"),
             QStringLiteral("DOCKER_SHA256="
                            "05ceec7fd937e1416e5dce12b0b6e1c655907d349d52574319a1e875077ccb79")}));
    QCOMPARE(run.cmd, QStringList{QStringLiteral("sh")});
    QCOMPARE(run.entrypoint, QStringList{QStringLiteral("docker-entrypoint.sh")});
    QCOMPARE(
        run.image,
        QStringLiteral("sha256:32e2e3ccf2a4fbaa75b078bf539cd5ea2e374a4242665a5ec3f3c01e7a3eefb8"));
    QCOMPARE(run.user, QString());
    QCOMPARE(run.workingDir, QString());
    QVERIFY(run.volumes.isEmpty()); // "Volumes": null
    QVERIFY(run.onBuild.isEmpty()); // "OnBuild": []
    QVERIFY(run.labels.isEmpty()); // "Labels": {}
    QCOMPARE(run.object.value(u"Hostname").toString(), QStringLiteral("09713501c176"));
    QVERIFY(!run.isNull());

    QCOMPARE(config.dockerVersion(), QStringLiteral("1.12.1"));
    QCOMPARE(config.container(),
             QStringLiteral("15a30be053fb3069a7879b4ea537e84689d8e8e8ba94dc4dd499271506803ba1"));
    QVERIFY(!config.containerConfig().isNull());
    QCOMPARE(config.containerConfig().cmd,
             QStringList({QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                          QStringLiteral("#(nop) "), QStringLiteral("CMD [\"sh\"]")}));
    QCOMPARE(config.author(), QString());

    const QList<bool> expectedEmpty{false, false, true, true, true, false, false, true, true};
    for (qsizetype i = 0; i < expectedEmpty.size(); ++i)
        QCOMPARE(config.history().at(i).emptyLayer, expectedEmpty.at(i));
    QCOMPARE(config.layerIndexForHistory(), (QList<qsizetype>{0, 1, -1, -1, -1, 2, 3, -1, -1}));
    QCOMPARE(isoUtc(config.history().at(0).created), QStringLiteral("2016-09-23T16:29:57.276Z"));
    QCOMPARE(config.history().at(8).createdBy, QStringLiteral("/bin/sh -c #(nop)  CMD [\"sh\"]"));
    QCOMPARE(config.document().value(u"docker_version").toString(), QStringLiteral("1.12.1"));
}

void TestImageConfig::dockerConfig1Details()
{
    const ImageConfig config
        = ImageConfig::parse(
              TestData::read(QStringLiteral("manifests/imagespec_dockerhub/docker_config_1.json")))
              .value();
    // "Cmd": null and "Entrypoint": null are absent values, not errors.
    QVERIFY(config.config().cmd.isEmpty());
    QVERIFY(config.config().entrypoint.isEmpty());
    QVERIFY(config.config().onBuild.isEmpty());
    QCOMPARE(config.config().env,
             QStringList{QStringLiteral(
                 "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")});
    QCOMPARE(config.author(), QStringLiteral("Patrick Uiterwijk <patrick@puiterwijk.org>"));
    QCOMPARE(config.dockerVersion(), QStringLiteral("1.10.3"));
    QCOMPARE(config.history().at(0).author,
             QStringLiteral("Patrick Uiterwijk <patrick@puiterwijk.org>"));
    QVERIFY(config.history().at(0).emptyLayer);
    QVERIFY(!config.history().at(1).emptyLayer);
    QCOMPARE(config.layerIndexForHistory(), (QList<qsizetype>{-1, 0}));
}

void TestImageConfig::factsJson_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QJsonObject>("facts");

    const QJsonObject all
        = QJsonDocument::fromJson(TestData::read(QStringLiteral("manifests/facts.json"))).object();
    QVERIFY(!all.isEmpty());
    int rows = 0;
    for (auto it = all.constBegin(); it != all.constEnd(); ++it) {
        if (it.value().toObject().value(u"kind").toString() != QLatin1StringView("image-config"))
            continue;
        QTest::addRow("%s", qPrintable(it.key())) << it.key() << it.value().toObject();
        ++rows;
    }
    // Two Docker Hub configs and four in the go-containerregistry layouts.
    QCOMPARE(rows, 6);
}

void TestImageConfig::factsJson()
{
    QFETCH(QString, file);
    QFETCH(QJsonObject, facts);

    const QByteArray raw = TestData::read(QStringLiteral("manifests/") + file);
    const Result<ImageConfig> config = ImageConfig::parse(raw);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message()));
    QCOMPARE(config->raw().size(), facts.value(u"size").toInteger());
    QCOMPARE(config->digest().toString(), facts.value(u"sha256").toString());
    QCOMPARE(config->platform().os + u'/' + config->platform().architecture,
             facts.value(u"os/arch").toString());
    QCOMPARE(config->diffIds().size(), facts.value(u"diff_ids").toInteger());
    QCOMPARE(config->history().size(), facts.value(u"history").toInteger());
    QCOMPARE(config->nonEmptyHistoryCount(), facts.value(u"history_non_empty").toInteger());
}

void TestImageConfig::ggcrLayoutBlobs_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected"); // "config" or the name of the error code
    QTest::addColumn<QString>("diffId");

    // What each blob of the go-containerregistry layouts is (tests/data/SOURCES.md); every blob
    // is named by its own sha256.
    const QMap<QString, QPair<QString, QString>> kinds{
        {QStringLiteral("381d958b555884ba59574ab5c066e9f6116b5aec3567675aa13bec63331f0810"),
         {QStringLiteral("config"),
          QStringLiteral(
              "sha256:59cd31f50f7442a662d7c31b7a12079ade16892bfb465b33da49918e7d13e747")}},
        {QStringLiteral("6e0b05049ed9c17d02e1a55e80d6599dbfcce7f4f4b022e3c673e685789c470e"),
         {QStringLiteral("config"),
          QStringLiteral(
              "sha256:8897395fd26dc44ad0e2a834335b33198cb41ac4d98dfddf58eced3853fa7b17")}},
        {QStringLiteral("930705ce23e3b6ed4c08746b6fe880089c864fbaf62482702ae3fdd66b8c7fe9"),
         {QStringLiteral("config"),
          QStringLiteral(
              "sha256:3610aa5267a210147ba6ca02cdd87610dfc08522de9c5f5015edd8ee14853fd8")}},
        // Helm's config is "{}\n": valid JSON that is not an image config.
        {QStringLiteral("ca3d163bab055381827226140568f3bef7eaac187cebd76878e0b63e9e442356"),
         {QStringLiteral("MissingField"), {}}},
        // Manifests and indexes: JSON objects without architecture.
        {QStringLiteral("05f95b26ed10668b7183c1e2da98610e91372fa9f510046d4ce5812addad86b5"),
         {QStringLiteral("MissingField"), {}}},
        {QStringLiteral("2b29a2b8dea3af91ea7d0154be1da0c92d55ddd098540930fc8d3db7de377fdb"),
         {QStringLiteral("MissingField"), {}}},
        {QStringLiteral("eebff607b1628d67459b0596643fc07de70d702eccf030f0bc7bb6fc2b278650"),
         {QStringLiteral("MissingField"), {}}},
        {QStringLiteral("32589985702551b6c56033bb3334432a0a513bf9d6aceda0f67c42b003850720"),
         {QStringLiteral("MissingField"), {}}},
        {QStringLiteral("b544f71ecd82372bc9a3c0dbef378abfd2734fe437df81ff6e242a0d720d8e3e"),
         {QStringLiteral("MissingField"), {}}},
        {QStringLiteral("98ceaf93e482fe91b9bfd6bba07137c098e49ee2d55e69f09fb6c951e75e0e46"),
         {QStringLiteral("MissingField"), {}}},
        // gzip layers.
        {QStringLiteral("492b89b9dd3cda4596f94916d17f6901455fb8bd7f4c5a2a90df8d39c90f48a0"),
         {QStringLiteral("InvalidJson"), {}}},
        {QStringLiteral("dc52c6e48a1d51a96047b059f16889bc889c4b4c28f3b36b3f93187f62fc0b2b"),
         {QStringLiteral("InvalidJson"), {}}},
        {QStringLiteral("321460fa87fd42433950b42d04b7aff249f4ed960d43404a9f699886906cc9d3"),
         {QStringLiteral("InvalidJson"), {}}},
    };

    const QString root = TestData::path(QStringLiteral("manifests/ggcr_layout"));
    QStringList files;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.contains(QStringLiteral("/blobs/sha256/")))
            files.append(path.mid(root.size() + 1));
    }
    files.sort();
    QCOMPARE(files.size(), 20);
    for (const QString &file : std::as_const(files)) {
        const QString hex = QFileInfo(file).fileName();
        QVERIFY2(kinds.contains(hex), qPrintable(file));
        QTest::addRow("%s", qPrintable(file)) << QStringLiteral("manifests/ggcr_layout/") + file
                                              << kinds.value(hex).first << kinds.value(hex).second;
    }
}

void TestImageConfig::ggcrLayoutBlobs()
{
    QFETCH(QString, file);
    QFETCH(QString, expected);
    QFETCH(QString, diffId);

    const QByteArray raw = TestData::read(file);
    QVERIFY(!raw.isEmpty());
    const Result<ImageConfig> config = ImageConfig::parse(raw);
    if (expected != QLatin1StringView("config")) {
        QVERIFY(!config.ok());
        QCOMPARE(ParseError::codeName(config.error().code()), expected);
        QVERIFY2(config.error().message().startsWith(QStringLiteral("image config: ")),
                 qPrintable(config.error().message()));
        return;
    }
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message()));
    QCOMPARE(config->digest().hex(), QFileInfo(file).fileName());
    QCOMPARE(digestStrings(config->diffIds()), QStringList{diffId});
    QCOMPARE(config->platform().toString(), QStringLiteral("linux/amd64"));
    QCOMPARE(config->history().size(), 1);
    QVERIFY(config->historyMatchesLayers());
    QCOMPARE(config->historyIndexForLayers(), QList<qsizetype>{0});
    QVERIFY(!config->created().isNull());
}

void TestImageConfig::imageSpecSchema_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("field");

    // image-spec schema/config_test.go (tests/data/manifests/imagespec_schema/INDEX.tsv).
    // config_03, 04 and 05 also have "os": 123; the run config and history are read first, so
    // the error names the fault each case was written for.
    const auto bad =
        [](const char *file, Code code, const char *field) {
            QTest::addRow("%s", file)
                << QStringLiteral("manifests/imagespec_schema/%1.json").arg(QLatin1StringView(file))
                << false << int(code) << QString::fromLatin1(field);
        };
    const auto good =
        [](const char *file) {
            QTest::addRow("%s", file)
                << QStringLiteral("manifests/imagespec_schema/%1.json").arg(QLatin1StringView(file))
                << true << -1 << QString();
        };
    bad("config_00_invalid", Code::WrongType, "os: ");
    bad("config_01_invalid", Code::WrongType, "variant: ");
    bad("config_02_invalid", Code::WrongType, "config.User: ");
    bad("config_03_invalid", Code::WrongType, "history: ");
    bad("config_04_invalid", Code::WrongType, "config.Env[0]: ");
    bad("config_05_invalid", Code::WrongType, "config.Volumes: ");
    bad("config_06_invalid", Code::InvalidJson, "not ");
    good("config_07_valid");
    good("config_08_valid");
    // The schema wants Env entries to contain "="; Docker accepts entries without one, and so
    // does Layerscope (see ImageConfig::RunConfig::env).
    good("config_09_invalid");
}

void TestImageConfig::imageSpecSchema()
{
    QFETCH(QString, file);
    QFETCH(bool, valid);
    QFETCH(int, code);
    QFETCH(QString, field);

    const Result<ImageConfig> config = ImageConfig::parse(TestData::read(file));
    QCOMPARE(config.ok(), valid);
    if (valid)
        return;
    QCOMPARE(ParseError::codeName(config.error().code()), ParseError::codeName(Code(code)));
    QVERIFY2(config.error().message().startsWith(QStringLiteral("image config: ") + field),
             qPrintable(config.error().message()));
}

void TestImageConfig::imageSpecValidConfig()
{
    const ImageConfig config
        = ImageConfig::parse(
              TestData::read(QStringLiteral("manifests/imagespec_schema/config_07_valid.json")))
              .value();
    QCOMPARE(config.platform().toString(), QStringLiteral("linux/arm64/v8"));
    QCOMPARE(config.author(), QStringLiteral("Alyssa P. Hacker <alyspdev@example.com>"));
    QCOMPARE(isoUtc(config.created()), QStringLiteral("2015-10-31T22:22:56.015Z"));
    const ImageConfig::RunConfig &run = config.config();
    QCOMPARE(run.user, QStringLiteral("1:1"));
    QCOMPARE(run.exposedPorts, QStringList{QStringLiteral("8080/tcp")});
    QCOMPARE(run.env.size(), 3);
    QCOMPARE(run.entrypoint, QStringList{QStringLiteral("/bin/sh")});
    QCOMPARE(run.cmd,
             QStringList({QStringLiteral("--foreground"), QStringLiteral("--config"),
                          QStringLiteral("/etc/my-app.d/default.cfg")}));
    QCOMPARE(run.volumes,
             QStringList(
                 {QStringLiteral("/var/job-result-data"), QStringLiteral("/var/log/my-app-logs")}));
    QCOMPARE(run.stopSignal, QStringLiteral("SIGKILL"));
    QCOMPARE(run.workingDir, QStringLiteral("/home/alice"));
    QCOMPARE(run.labels.value(QStringLiteral("com.example.project.git.commit")),
             QStringLiteral("45a939b2999782a3f005621a8d0f29aa387e1d6b"));
    QVERIFY(config.containerConfig().isNull());
    // Two layers but one non-empty history entry: reported, not refused.
    QCOMPARE(config.diffIds().size(), 2);
    QCOMPARE(config.nonEmptyHistoryCount(), 1);
    QVERIFY(!config.historyMatchesLayers());
    QCOMPARE(config.historyIndexForLayers(), (QList<qsizetype>{0, -1}));
}

void TestImageConfig::envWithoutEquals()
{
    const Result<ImageConfig> config = ImageConfig::parse(
        TestData::read(QStringLiteral("manifests/imagespec_schema/config_09_invalid.json")));
    QVERIFY(config.ok());
    QCOMPARE(config->config().env, QStringList{QStringLiteral("foo")});

    const Result<ImageConfig> odd
        = ImageConfig::parse(configWith(R"("config":{"Env":["=x","","A=b=c","K="]},)"));
    QVERIFY(odd.ok());
    QCOMPARE(odd->config().env,
             QStringList(
                 {QStringLiteral("=x"), QString(), QStringLiteral("A=b=c"), QStringLiteral("K=")}));
}

void TestImageConfig::timestamps_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("utc"); // ISO 8601 with milliseconds; empty for a null time

    const auto ok = [](const char *name, const char *text, const char *utc) {
        QTest::addRow("%s", name) << QString::fromUtf8(text) << true << QString::fromLatin1(utc);
    };
    const auto bad = [](const char *name, const char *text) {
        QTest::addRow("%s", name) << QString::fromUtf8(text) << false << QString();
    };
    ok("nanoseconds Z", "2016-08-24T16:03:47.366486036Z", "2016-08-24T16:03:47.366Z");
    ok("no fraction", "2016-10-10T23:04:00Z", "2016-10-10T23:04:00.000Z");
    ok("1 digit", "2016-10-10T23:04:00.5Z", "2016-10-10T23:04:00.500Z");
    ok("2 digits", "2016-10-10T23:04:00.12Z", "2016-10-10T23:04:00.120Z");
    ok("3 digits", "2016-10-10T23:04:00.123Z", "2016-10-10T23:04:00.123Z");
    ok("6 digits", "2016-10-10T23:04:00.123456Z", "2016-10-10T23:04:00.123Z");
    ok("9 digits truncated, not rounded", "2016-12-31T23:59:59.999999999Z",
       "2016-12-31T23:59:59.999Z");
    ok("12 digits", "2016-10-10T23:04:00.123456789012Z", "2016-10-10T23:04:00.123Z");
    ok("lower-case t and z", "2016-10-10t23:04:00z", "2016-10-10T23:04:00.000Z");
    ok("positive offset", "2016-10-10T23:04:00+02:00", "2016-10-10T21:04:00.000Z");
    ok("negative offset", "2016-10-10T23:04:00.25-05:30", "2016-10-11T04:34:00.250Z");
    ok("zero offset", "2016-10-10T23:04:00+00:00", "2016-10-10T23:04:00.000Z");
    ok("offset crosses a year", "2016-01-01T01:00:00+02:00", "2015-12-31T23:00:00.000Z");
    ok("leap day", "2016-02-29T00:00:00Z", "2016-02-29T00:00:00.000Z");
    ok("unix epoch (Bazel)", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000Z");
    // Go's zero time is what Go writes for a time nobody set: unknown, shown as absent.
    ok("Go zero time", "0001-01-01T00:00:00Z", "");
    ok("Go zero time with fraction", "0001-01-01T00:00:00.000000000Z", "");
    bad("missing zone", "2016-10-10T23:04:00");
    bad("missing zone after fraction", "2016-10-10T23:04:00.123");
    bad("space separator", "2016-10-10 23:04:00Z");
    bad("date only", "2016-10-10");
    bad("empty", "");
    bad("garbage", "yesterday");
    bad("month 13", "2016-13-10T23:04:00Z");
    bad("february 30", "2016-02-30T00:00:00Z");
    bad("not a leap year", "2015-02-29T00:00:00Z");
    bad("hour 24", "2016-10-10T24:00:00Z");
    bad("leap second", "2016-12-31T23:59:60Z");
    bad("offset hour 24", "2016-10-10T23:04:00+24:00");
    bad("offset without colon", "2016-10-10T23:04:00+0200");
    bad("dot without digits", "2016-10-10T23:04:00.Z");
    bad("trailing text", "2016-10-10T23:04:00Z ");
    bad("two-digit year", "16-10-10T23:04:00Z");
    bad("single-digit month", "2016-1-10T23:04:00Z");
    bad("full-width digits", "２０１６-10-10T23:04:00Z");
    bad("year zero", "0000-01-01T00:00:00Z");
}

void TestImageConfig::timestamps()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, utc);

    const QByteArray quoted = QJsonDocument(QJsonObject{{QStringLiteral("t"), text}})
                                  .toJson(QJsonDocument::Compact)
                                  .mid(5)
                                  .chopped(1);
    const QByteArray raw
        = configWith(R"("created":)" + quoted + R"(,"history":[{"created":)" + quoted + "}],");
    const Result<ImageConfig> config = ImageConfig::parse(raw);
    QCOMPARE(config.ok(), valid);
    if (valid) {
        QCOMPARE(isoUtc(config->created()), utc);
        QCOMPARE(isoUtc(config->history().at(0).created), utc);
        if (!utc.isEmpty())
            QCOMPARE(config->created().timeSpec(), Qt::UTC);
        return;
    }
    QCOMPARE(ParseError::codeName(config.error().code()), ParseError::codeName(Code::InvalidValue));
    // history is read before the top level, so it is the history entry that is named.
    QVERIFY2(
        config.error().message().startsWith(QStringLiteral("image config: history[0].created: ")),
        qPrintable(config.error().message()));
    QVERIFY2(config.error().message().contains(QStringLiteral("RFC 3339")),
             qPrintable(config.error().message()));

    const Result<ImageConfig> topLevel
        = ImageConfig::parse(configWith(R"("created":)" + quoted + ","));
    QVERIFY(!topLevel.ok());
    QVERIFY2(topLevel.error().message().startsWith(QStringLiteral("image config: created: ")),
             qPrintable(topLevel.error().message()));
}

void TestImageConfig::historyMapping_data()
{
    QTest::addColumn<QList<bool>>("emptyLayers");
    QTest::addColumn<int>("layers");
    QTest::addColumn<bool>("matches");
    QTest::addColumn<QList<qsizetype>>("historyIndexForLayers");
    QTest::addColumn<QList<qsizetype>>("layerIndexForHistory");

    QTest::addRow("matching") << QList<bool>{false, true, false} << 2 << true
                              << QList<qsizetype>{0, 2} << QList<qsizetype>{0, -1, 1};
    QTest::addRow("more layers than steps")
        << QList<bool>{true, false} << 3 << false << QList<qsizetype>{1, -1, -1}
        << QList<qsizetype>{-1, 0};
    QTest::addRow("more steps than layers") << QList<bool>{false, false, false} << 1 << false
                                            << QList<qsizetype>{0} << QList<qsizetype>{0, -1, -1};
    QTest::addRow("no history") << QList<bool>{} << 2 << false << QList<qsizetype>{-1, -1}
                                << QList<qsizetype>{};
    QTest::addRow("only empty steps") << QList<bool>{true, true} << 1 << false
                                      << QList<qsizetype>{-1} << QList<qsizetype>{-1, -1};
    QTest::addRow("no layers, no history")
        << QList<bool>{} << 0 << true << QList<qsizetype>{} << QList<qsizetype>{};
    QTest::addRow("no layers, empty steps")
        << QList<bool>{true} << 0 << true << QList<qsizetype>{} << QList<qsizetype>{-1};
}

void TestImageConfig::historyMapping()
{
    QFETCH(QList<bool>, emptyLayers);
    QFETCH(int, layers);
    QFETCH(bool, matches);
    QFETCH(QList<qsizetype>, historyIndexForLayers);
    QFETCH(QList<qsizetype>, layerIndexForHistory);

    QByteArray raw = R"({"architecture":"amd64","os":"linux",)";
    if (!emptyLayers.isEmpty())
        raw += historyOf(emptyLayers) + ",";
    // With no layers the list is left out, as Docker writes it.
    raw += layers == 0 ? QByteArray(R"("rootfs":{"type":"layers"}})")
                       : R"("rootfs":{"type":"layers","diff_ids":[)" + diffIds(layers) + "]}}";
    const Result<ImageConfig> config = ImageConfig::parse(raw);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message()));
    QCOMPARE(config->diffIds().size(), layers);
    QCOMPARE(config->historyMatchesLayers(), matches);
    QCOMPARE(config->historyIndexForLayers(), historyIndexForLayers);
    QCOMPARE(config->layerIndexForHistory(), layerIndexForHistory);
}

void TestImageConfig::cosignStyleConfig()
{
    // The shape cosign writes for a signature image: empty platform strings and Go's zero time.
    const QByteArray raw
        = R"({"architecture":"","created":"0001-01-01T00:00:00Z","history":[{"created":"0001-01-01T00:00:00Z"}],)"
          R"("os":"","rootfs":{"type":"layers","diff_ids":[")"
        + DiffIdA.toLatin1() + R"("]},"config":{}})";
    const Result<ImageConfig> config = ImageConfig::parse(raw);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message()));
    QVERIFY(config->platform().isNull());
    QVERIFY(config->created().isNull());
    QVERIFY(config->history().at(0).created.isNull());
    QVERIFY(config->config().isNull());
    QVERIFY(config->historyMatchesLayers());
}

void TestImageConfig::runConfigFields()
{
    const QByteArray raw = configWith(
        R"("os.version":"10.0.17763.1879","os.features":["win32k"],"variant":"v7",)"
        R"("config":{"User":"app","ExposedPorts":{"80/tcp":{},"53/udp":{}},"StopSignal":"SIGTERM",)"
        R"("ArgsEscaped":true,"Healthcheck":{"Test":["CMD","true"],"Interval":30000000000},)"
        R"("Shell":["cmd","/S","/C"],"OnBuild":["RUN make"],"Labels":{"a":"1"},"Memory":0},)");
    const Result<ImageConfig> config = ImageConfig::parse(raw);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message()));
    QCOMPARE(config->platform().osVersion, QStringLiteral("10.0.17763.1879"));
    QCOMPARE(config->platform().osFeatures, QStringList{QStringLiteral("win32k")});
    QCOMPARE(config->platform().variant, QStringLiteral("v7"));
    const ImageConfig::RunConfig &run = config->config();
    QCOMPARE(run.user, QStringLiteral("app"));
    QCOMPARE(run.exposedPorts, QStringList({QStringLiteral("53/udp"), QStringLiteral("80/tcp")}));
    QCOMPARE(run.stopSignal, QStringLiteral("SIGTERM"));
    QVERIFY(run.argsEscaped);
    QCOMPARE(run.healthcheck.value(u"Interval").toInteger(), 30000000000LL);
    QCOMPARE(run.shell,
             QStringList({QStringLiteral("cmd"), QStringLiteral("/S"), QStringLiteral("/C")}));
    QCOMPARE(run.onBuild, QStringList{QStringLiteral("RUN make")});
    QCOMPARE(run.labels.value(QStringLiteral("a")), QStringLiteral("1"));
    QVERIFY(run.object.contains(u"Memory"));
    QVERIFY(config->created().isNull());
    QVERIFY(config->history().isEmpty());
}

void TestImageConfig::badInput_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("code");
    // What the message starts with after "image config: " ("not " for JSON syntax errors).
    QTest::addColumn<QString>("field");

    const QByteArray docker0
        = TestData::read(QStringLiteral("manifests/imagespec_dockerhub/docker_config_0.json"));
    const auto row = [](const char *name, const QByteArray &raw, Code code, const char *field) {
        QTest::addRow("%s", name) << raw << int(code) << QString::fromLatin1(field);
    };
    const QByteArray rootfs
        = R"("rootfs":{"type":"layers","diff_ids":[")" + DiffIdA.toLatin1() + R"("]})";

    row("empty input", QByteArray(), Code::InvalidJson, "document is empty");
    row("white space only", "  \n", Code::InvalidJson, "document is empty");
    row("truncated", docker0.left(docker0.size() / 2), Code::InvalidJson, "not ");
    row("truncated by one byte", docker0.chopped(1), Code::InvalidJson, "not ");
    row("top-level array", "[" + docker0 + "]", Code::WrongType, "expected a JSON object");
    row("invalid UTF-8", configWith("\"author\":\"\xff\xfe\","), Code::InvalidUtf8,
        "invalid UTF-8");
    row("10,000-deep nesting",
        R"({"architecture":"amd64","os":"linux","x":)" + QByteArray(10000, '[')
            + QByteArray(10000, ']') + "," + rootfs + "}",
        Code::TooDeep, "nested too deeply");
    row("over the cap", configWith("\"author\":\"" + QByteArray(ImageConfig::MaxSize, 'a') + "\","),
        Code::TooLarge, "document is");
    row("architecture missing", R"({"os":"linux",)" + rootfs + "}", Code::MissingField,
        "architecture: ");
    row("os missing", R"({"architecture":"amd64",)" + rootfs + "}", Code::MissingField, "os: ");
    row("architecture a number", R"({"architecture":64,"os":"linux",)" + rootfs + "}",
        Code::WrongType, "architecture: ");
    row("os.features a string", configWith(R"("os.features":"win32k",)"), Code::WrongType,
        "os.features: ");
    row("rootfs missing", R"({"architecture":"amd64","os":"linux"})", Code::MissingField,
        "rootfs: ");
    row("rootfs null", R"({"architecture":"amd64","os":"linux","rootfs":null})", Code::MissingField,
        "rootfs: ");
    row("rootfs a string", R"({"architecture":"amd64","os":"linux","rootfs":"layers"})",
        Code::WrongType, "rootfs: ");
    row("rootfs.type not layers",
        R"({"architecture":"amd64","os":"linux","rootfs":{"type":"tar","diff_ids":[]}})",
        Code::InvalidValue, "rootfs.type: ");
    row("rootfs.type missing", R"({"architecture":"amd64","os":"linux","rootfs":{"diff_ids":[]}})",
        Code::MissingField, "rootfs.type: ");
    row("diff_ids a string",
        R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":")"
            + DiffIdA.toLatin1() + R"("}})",
        Code::WrongType, "rootfs.diff_ids: ");
    row("diff_id of the wrong length",
        R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[")"
            + DiffIdA.toLatin1() + R"(","sha256:5f70bf18a086"]}})",
        Code::DigestInvalidLength, "rootfs.diff_ids[1]: ");
    row("diff_id without algorithm",
        R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[")"
            + DiffIdA.mid(7).toLatin1() + R"("]}})",
        Code::DigestInvalidFormat, "rootfs.diff_ids[0]: ");
    row("diff_id with an unverifiable algorithm",
        R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha384:)"
            + QByteArray(96, 'a') + R"("]}})",
        Code::DigestUnsupported, "rootfs.diff_ids[0]: ");
    row("diff_id a number",
        R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[42]}})",
        Code::WrongType, "rootfs.diff_ids[0]: ");
    row("history a string", configWith(R"("history":"should be an array",)"), Code::WrongType,
        "history: ");
    row("history entry a string", configWith(R"("history":["step"],)"), Code::WrongType,
        "history[0]: ");
    row("history created a number", configWith(R"("history":[{},{"created":1476140640}],)"),
        Code::WrongType, "history[1].created: ");
    row("history empty_layer a string", configWith(R"("history":[{"empty_layer":"true"}],)"),
        Code::WrongType, "history[0].empty_layer: ");
    row("history created_by a list", configWith(R"("history":[{"created_by":["sh"]}],)"),
        Code::WrongType, "history[0].created_by: ");
    row("created garbage", configWith(R"("created":"last tuesday",)"), Code::InvalidValue,
        "created: ");
    row("config an array", configWith(R"("config":[],)"), Code::WrongType, "config: ");
    row("Env with a number", configWith(R"("config":{"Env":["A=b",7353]},)"), Code::WrongType,
        "config.Env[1]: ");
    row("Env a string", configWith(R"("config":{"Env":"A=b"},)"), Code::WrongType, "config.Env: ");
    row("Cmd a string", configWith(R"("config":{"Cmd":"sh"},)"), Code::WrongType, "config.Cmd: ");
    row("Entrypoint with null", configWith(R"("config":{"Entrypoint":[null]},)"), Code::WrongType,
        "config.Entrypoint[0]: ");
    row("Volumes an array", configWith(R"("config":{"Volumes":["/data"]},)"), Code::WrongType,
        "config.Volumes: ");
    row("ExposedPorts value a string", configWith(R"("config":{"ExposedPorts":{"80/tcp":"yes"}},)"),
        Code::WrongType, "config.ExposedPorts.80/tcp: ");
    row("Labels value a number", configWith(R"("config":{"Labels":{"version":2}},)"),
        Code::WrongType, "config.Labels.version: ");
    row("User a number", configWith(R"("config":{"User":1234},)"), Code::WrongType,
        "config.User: ");
    row("Healthcheck a string", configWith(R"("config":{"Healthcheck":"CMD true"},)"),
        Code::WrongType, "config.Healthcheck: ");
    row("container_config Env a number", configWith(R"("container_config":{"Env":[1]},)"),
        Code::WrongType, "container_config.Env[0]: ");
    row("docker_version a number", configWith(R"("docker_version":1.12,)"), Code::WrongType,
        "docker_version: ");
}

void TestImageConfig::badInput()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, code);
    QFETCH(QString, field);

    const Result<ImageConfig> config = ImageConfig::parse(raw);
    QVERIFY(!config.ok());
    QCOMPARE(ParseError::codeName(config.error().code()), ParseError::codeName(Code(code)));
    QVERIFY2(config.error().message().startsWith(QStringLiteral("image config: ") + field),
             qPrintable(config.error().message().left(300)));
}

void TestImageConfig::largeConfigUnderCap()
{
    // Above the 4 MiB manifest cap but under the config cap: accepted.
    const QByteArray raw = configWith("\"author\":\"" + QByteArray(5 * 1024 * 1024, 'a') + "\",");
    QVERIFY(raw.size() > 4 * 1024 * 1024);
    const Result<ImageConfig> config = ImageConfig::parse(raw);
    QVERIFY(config.ok());
    QCOMPARE(config->author().size(), 5 * 1024 * 1024);

    const QByteArray exact = configWith(
        "\"author\":\""
        + QByteArray(ImageConfig::MaxSize - configWith("\"author\":\"\",").size(), 'a') + "\",");
    QCOMPARE(exact.size(), ImageConfig::MaxSize);
    QVERIFY(ImageConfig::parse(exact).ok());
}

void TestImageConfig::nullConfig()
{
    const ImageConfig config;
    QVERIFY(config.isNull());
    QVERIFY(config.digest().isNull());
    QVERIFY(config.diffIds().isEmpty());
    QVERIFY(config.historyMatchesLayers());
    QVERIFY(config.config().isNull());

    const ImageConfig parsed = ImageConfig::parse(configWith({})).value();
    QVERIFY(!parsed.isNull());
    const ImageConfig copy = parsed;
    QCOMPARE(copy.raw(), parsed.raw());
    QCOMPARE(copy.digest(), parsed.digest());
}

QTEST_GUILESS_MAIN(TestImageConfig)
#include "tst_imageconfig.moc"
