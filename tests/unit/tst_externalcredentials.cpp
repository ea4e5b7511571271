#include "services/externalcredentials.h"

#include "operationwait.h"
#include "testdata.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

#include <memory>

using namespace Layerscope;

namespace {

const QString homeToken = QStringLiteral("{home}");
const QString helperProgram = QStringLiteral("docker-credential-layerscope-test");
constexpr char DirectoryMarker[] = "@dir";
constexpr char FifoMarker[] = "@fifo";
constexpr char UnreadableMarker[] = "@unreadable:";
constexpr char UnsetMarker[] = "@unset";

/// Every base64 `auth` value the rows use: none may appear in a problem or a note.
QSet<QString> &encodedSecrets()
{
    static QSet<QString> secrets;
    return secrets;
}

/// An `auths` entry for \a user with \a password.
QByteArray auth(const QByteArray &user, const QByteArray &password)
{
    const QByteArray encoded = (user + ':' + password).toBase64();
    encodedSecrets().insert(QString::fromLatin1(encoded));
    return R"({"auth":")" + encoded + R"("})";
}

/// A config.json or auth.json: `auths` with \a entries, then \a extra top-level members.
QByteArray authFile(std::initializer_list<std::pair<const char *, QByteArray>> entries,
                    const QByteArray &extra = {})
{
    QByteArray json = R"({"auths":{)";
    bool first = true;
    for (const auto &[key, entry] : entries) {
        json += (first ? "\"" : ",\"") + QByteArray(key) + "\":" + entry;
        first = false;
    }
    json += "}";
    if (!extra.isEmpty())
        json += "," + extra;
    return json + "}\n";
}

QVariantMap files(std::initializer_list<std::pair<const char *, QByteArray>> entries)
{
    QVariantMap map;
    for (const auto &[path, content] : entries)
        map.insert(QString::fromUtf8(path), content);
    return map;
}

QVariantMap variables(std::initializer_list<std::pair<const char *, const char *>> entries)
{
    QVariantMap map;
    for (const auto &[name, value] : entries)
        map.insert(QString::fromUtf8(name), QString::fromUtf8(value));
    return map;
}

QString expand(QString text, const QString &homePath)
{
    return text.replace(homeToken, homePath);
}

QStringList linesOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
}

/// Everything about the files under \a root that a write would change: type, size,
/// permissions, modification time and the bytes of each regular file.
QMap<QString, QString> snapshot(const QString &root)
{
    QMap<QString, QString> state;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info(it.next());
        QString description = QStringLiteral("%1 %2 %3 %4")
                                  .arg(info.isDir()        ? QStringLiteral("dir")
                                           : info.isFile() ? QStringLiteral("file")
                                                           : QStringLiteral("other"))
                                  .arg(info.size())
                                  .arg(int(info.permissions()))
                                  .arg(info.lastModified().toMSecsSinceEpoch());
        if (info.isFile()) {
            QFile file(info.filePath());
            description += u' '
                + (file.open(QIODevice::ReadOnly) ? QString::fromLatin1(
                       QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex())
                                                  : QStringLiteral("unreadable"));
        }
        state.insert(info.filePath(), description);
    }
    return state;
}

/// Creates \a layout under \a root: a marker makes a directory, a FIFO or a file nobody may
/// read; anything else is the file's contents.
bool build(const QString &root, const QVariantMap &layout)
{
    for (auto it = layout.cbegin(); it != layout.cend(); ++it) {
        const QString path = QDir(root).filePath(it.key());
        const QByteArray content = it.value().toByteArray();
        if (content == DirectoryMarker) {
            if (!QDir().mkpath(path))
                return false;
            continue;
        }
        if (!QDir().mkpath(QFileInfo(path).path()))
            return false;
        if (content == FifoMarker) {
            if (::mkfifo(QFile::encodeName(path).constData(), 0600) != 0)
                return false;
            continue;
        }
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return false;
        const bool unreadable = content.startsWith(UnreadableMarker);
        file.write(unreadable ? content.mid(qstrlen(UnreadableMarker)) : content);
        file.close();
        if (unreadable && !file.setPermissions(QFile::Permissions()))
            return false;
    }
    return true;
}

} // namespace

class TestExternalCredentials : public QObject
{
    Q_OBJECT

private slots:
    void environmentFromVariables_data();
    void environmentFromVariables();
    void environmentFromSystem();
    void lookup_data();
    void lookup();
    void cancelWhileHelperRuns();
    void deleteWhileHelperRuns();

private:
    struct Home
    {
        QTemporaryDir directory;
        QTemporaryDir log;
        QProcessEnvironment environment;
    };
    static std::unique_ptr<Home> slowHelperHome();
};

void TestExternalCredentials::environmentFromVariables_data()
{
    QTest::addColumn<QVariantMap>("variables");
    QTest::addColumn<QString>("dockerConfigDir");
    QTest::addColumn<QString>("dockerConfigFile");
    QTest::addColumn<QStringList>("authFiles");

    QTest::addRow("HOME only") << variables({{"HOME", "/home/ana"}})
                               << QStringLiteral("/home/ana/.docker")
                               << QStringLiteral("/home/ana/.docker/config.json")
                               << QStringList{
                                      QStringLiteral("/home/ana/.config/containers/auth.json")};
    QTest::addRow("every variable")
        << variables({{"HOME", "/home/ana"},
                      {"DOCKER_CONFIG", "/etc/docker-ana"},
                      {"REGISTRY_AUTH_FILE", "/srv/ci/auth.json"},
                      {"XDG_RUNTIME_DIR", "/run/user/1000"},
                      {"XDG_CONFIG_HOME", "/home/ana/cfg"}})
        << QStringLiteral("/etc/docker-ana") << QStringLiteral("/etc/docker-ana/config.json")
        << QStringList{QStringLiteral("/srv/ci/auth.json"),
                       QStringLiteral("/run/user/1000/containers/auth.json"),
                       QStringLiteral("/home/ana/cfg/containers/auth.json")};
    QTest::addRow("empty variables count as unset")
        << variables({{"HOME", "/home/ana"},
                      {"DOCKER_CONFIG", ""},
                      {"REGISTRY_AUTH_FILE", ""},
                      {"XDG_RUNTIME_DIR", ""},
                      {"XDG_CONFIG_HOME", ""}})
        << QStringLiteral("/home/ana/.docker") << QStringLiteral("/home/ana/.docker/config.json")
        << QStringList{QStringLiteral("/home/ana/.config/containers/auth.json")};
    QTest::addRow("trailing slashes")
        << variables(
               {{"DOCKER_CONFIG", "/etc/docker-ana/"}, {"XDG_RUNTIME_DIR", "/run/user/1000/"}})
        << QStringLiteral("/etc/docker-ana") << QStringLiteral("/etc/docker-ana/config.json")
        << QStringList{QStringLiteral("/run/user/1000/containers/auth.json")};
    QTest::addRow("nothing set") << QVariantMap() << QString() << QString() << QStringList();
}

void TestExternalCredentials::environmentFromVariables()
{
    QFETCH(QVariantMap, variables);
    QFETCH(QString, dockerConfigDir);
    QFETCH(QString, dockerConfigFile);
    QFETCH(QStringList, authFiles);

    QProcessEnvironment environment;
    for (auto it = variables.cbegin(); it != variables.cend(); ++it)
        environment.insert(it.key(), it.value().toString());
    const CredentialEnvironment result = CredentialEnvironment::fromEnvironment(environment);
    QCOMPARE(result.dockerConfigDir, dockerConfigDir);
    QCOMPARE(result.dockerConfigFile(), dockerConfigFile);
    QCOMPARE(result.authFiles, authFiles);
    QCOMPARE(result.processEnvironment, environment);
}

void TestExternalCredentials::environmentFromSystem()
{
    const CredentialEnvironment result = CredentialEnvironment::fromSystem();
    QCOMPARE(result.processEnvironment, QProcessEnvironment::systemEnvironment());
    QCOMPARE(result.authFiles.size(),
             CredentialEnvironment::fromEnvironment(QProcessEnvironment::systemEnvironment())
                 .authFiles.size());
}

void TestExternalCredentials::lookup_data()
{
    QTest::addColumn<QVariantMap>("layout");
    QTest::addColumn<QVariantMap>("variables");
    QTest::addColumn<QString>("registry");
    QTest::addColumn<int>("sourceValue");
    QTest::addColumn<QString>("origin");
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("identityToken");
    QTest::addColumn<QStringList>("problems");
    QTest::addColumn<int>("notes");

    const QString dockerConfig = QStringLiteral("{home}/.docker/config.json");
    const QString userAuth = QStringLiteral("{home}/.config/containers/auth.json");
    const QByteArray myregDocker
        = authFile({{"myreg.example", auth("docker-user", "docker-secret")}});
    const QByteArray myregPodman
        = authFile({{"myreg.example", auth("podman-user", "podman-secret")}});
    const int none = int(CredentialSource::Anonymous);
    const int helper = int(CredentialSource::CredentialHelper);
    const int docker = int(CredentialSource::DockerConfig);
    const int containers = int(CredentialSource::ContainersAuth);

    QTest::addRow("nothing anywhere")
        << QVariantMap() << QVariantMap() << QStringLiteral("myreg.example") << none << QString()
        << QString() << QString() << QString() << QStringList() << 0;
    QTest::addRow("DOCKER_CONFIG honoured")
        << files({{"custom-docker/config.json",
                   authFile({{"myreg.example", auth("custom-user", "custom-secret")}})},
                  {".docker/config.json", myregDocker}})
        << variables({{"DOCKER_CONFIG", "{home}/custom-docker"}}) << QStringLiteral("myreg.example")
        << docker << QStringLiteral("{home}/custom-docker/config.json")
        << QStringLiteral("custom-user") << QStringLiteral("custom-secret") << QString()
        << QStringList() << 0;
    QTest::addRow("~/.docker without DOCKER_CONFIG")
        << files({{".docker/config.json", myregDocker}}) << QVariantMap()
        << QStringLiteral("myreg.example") << docker << dockerConfig
        << QStringLiteral("docker-user") << QStringLiteral("docker-secret") << QString()
        << QStringList() << 0;
    QTest::addRow("credsStore helper wins over auths")
        << files({{".docker/config.json",
                   authFile({{"creds.example", auth("file-user", "file-secret")}},
                            R"("credsStore":"layerscope-test")")}})
        << QVariantMap() << QStringLiteral("creds.example") << helper << helperProgram
        << QStringLiteral("helper-user") << QStringLiteral("helper-secret-2718") << QString()
        << QStringList() << 0;
    QTest::addRow("credHelpers entry with an identity token")
        << files({{".docker/config.json",
                   authFile({}, R"("credHelpers":{"token.example":"layerscope-test"})")}})
        << QVariantMap() << QStringLiteral("token.example") << helper << helperProgram << QString()
        << QString() << QStringLiteral("token-secret-1618") << QStringList() << 0;
    QTest::addRow("Docker Hub helper asked with docker's key")
        << files({{".docker/config.json",
                   authFile({{"https://index.docker.io/v1/", "{}"}},
                            R"("credsStore":"layerscope-test")")}})
        << QVariantMap() << QStringLiteral("docker.io") << helper << helperProgram
        << QStringLiteral("hub-user") << QStringLiteral("hub-secret-3141") << QString()
        << QStringList() << 0;
    QTest::addRow("helper without a login: auths next")
        << files({{".docker/config.json",
                   authFile({{"other.example", auth("other-user", "other-secret")}},
                            R"("credsStore":"layerscope-test")")}})
        << QVariantMap() << QStringLiteral("other.example") << docker << dockerConfig
        << QStringLiteral("other-user") << QStringLiteral("other-secret") << QString()
        << QStringList() << 0;
    QTest::addRow("failing helper: problem, auths next")
        << files({{".docker/config.json",
                   authFile({{"fail.example", auth("fail-user", "fail-secret")}},
                            R"("credsStore":"layerscope-test")")}})
        << QVariantMap() << QStringLiteral("fail.example") << docker << dockerConfig
        << QStringLiteral("fail-user") << QStringLiteral("fail-secret") << QString()
        << QStringList{QStringLiteral(
               "docker-credential-layerscope-test get exited with code 3: \"pass store is locked: "
               "gpg: decryption failed\" (credential helper named in {home}/.docker/config.json)")}
        << 0;
    QTest::addRow("missing helper: problem, auth.json next")
        << files({{".docker/config.json", R"({"credsStore":"layerscope-absent"})"},
                  {".config/containers/auth.json", myregPodman}})
        << QVariantMap() << QStringLiteral("myreg.example") << containers << userAuth
        << QStringLiteral("podman-user") << QStringLiteral("podman-secret") << QString()
        << QStringList{QStringLiteral("docker-credential-layerscope-absent not found on PATH")}
        << 0;
    QTest::addRow("hostile helper name: refused, auths next")
        << files({{".docker/config.json",
                   authFile({{"myreg.example", auth("docker-user", "docker-secret")}},
                            R"("credHelpers":{"myreg.example":"../../bin/sh"})")}})
        << QVariantMap() << QStringLiteral("myreg.example") << docker << dockerConfig
        << QStringLiteral("docker-user") << QStringLiteral("docker-secret") << QString()
        << QStringList{QStringLiteral("refused to run the credential helper \"../../bin/sh\"")}
        << 0;
    QTest::addRow("docker auths before auth.json")
        << files({{".docker/config.json", myregDocker},
                  {".config/containers/auth.json", myregPodman}})
        << QVariantMap() << QStringLiteral("myreg.example") << docker << dockerConfig
        << QStringLiteral("docker-user") << QStringLiteral("docker-secret") << QString()
        << QStringList() << 0;
    const QVariantMap threeAuthFiles = files(
        {{"custom.json", authFile({{"myreg.example", auth("custom-user", "custom-secret")}})},
         {"run/containers/auth.json",
          authFile({{"myreg.example", auth("runtime-user", "runtime-secret")}})},
         {"cfg/containers/auth.json",
          authFile({{"myreg.example", auth("config-user", "config-secret")}})}});
    QTest::addRow("REGISTRY_AUTH_FILE first")
        << threeAuthFiles
        << variables({{"REGISTRY_AUTH_FILE", "{home}/custom.json"},
                      {"XDG_RUNTIME_DIR", "{home}/run"},
                      {"XDG_CONFIG_HOME", "{home}/cfg"}})
        << QStringLiteral("myreg.example") << containers << QStringLiteral("{home}/custom.json")
        << QStringLiteral("custom-user") << QStringLiteral("custom-secret") << QString()
        << QStringList() << 0;
    QTest::addRow("XDG_RUNTIME_DIR before XDG_CONFIG_HOME")
        << threeAuthFiles
        << variables({{"XDG_RUNTIME_DIR", "{home}/run"}, {"XDG_CONFIG_HOME", "{home}/cfg"}})
        << QStringLiteral("myreg.example") << containers
        << QStringLiteral("{home}/run/containers/auth.json") << QStringLiteral("runtime-user")
        << QStringLiteral("runtime-secret") << QString() << QStringList() << 0;
    QTest::addRow("XDG_CONFIG_HOME replaces ~/.config")
        << files({{".config/containers/auth.json", myregPodman},
                  {"cfg/containers/auth.json",
                   authFile({{"myreg.example", auth("config-user", "config-secret")}})}})
        << variables({{"XDG_CONFIG_HOME", "{home}/cfg"}}) << QStringLiteral("myreg.example")
        << containers << QStringLiteral("{home}/cfg/containers/auth.json")
        << QStringLiteral("config-user") << QStringLiteral("config-secret") << QString()
        << QStringList() << 0;
    QTest::addRow("~/.config without XDG_CONFIG_HOME")
        << files({{".config/containers/auth.json", myregPodman}}) << QVariantMap()
        << QStringLiteral("myreg.example") << containers << userAuth
        << QStringLiteral("podman-user") << QStringLiteral("podman-secret") << QString()
        << QStringList() << 0;
    QTest::addRow("a later file when earlier ones lack the registry")
        << files(
               {{"custom.json", authFile({{"other.example", auth("other-user", "other-secret")}})},
                {"run/containers/auth.json",
                 authFile({{"myreg.example", auth("runtime-user", "runtime-secret")}})}})
        << variables(
               {{"REGISTRY_AUTH_FILE", "{home}/custom.json"}, {"XDG_RUNTIME_DIR", "{home}/run"}})
        << QStringLiteral("myreg.example") << containers
        << QStringLiteral("{home}/run/containers/auth.json") << QStringLiteral("runtime-user")
        << QStringLiteral("runtime-secret") << QString() << QStringList() << 0;
    QTest::addRow("malformed config.json: problem, auth.json next")
        << files({{".docker/config.json", R"({"auths": {"myreg.example": {"auth": ")"},
                  {".config/containers/auth.json", myregPodman}})
        << QVariantMap() << QStringLiteral("myreg.example") << containers << userAuth
        << QStringLiteral("podman-user") << QStringLiteral("podman-secret") << QString()
        << QStringList{QStringLiteral("{home}/.docker/config.json: not valid JSON")} << 0;
    QTest::addRow("bad base64 in config.json: problem without the secret")
        << files({{".docker/config.json", R"({"auths":{"myreg.example":{"auth":"!!secret!!"}}})"}})
        << QVariantMap() << QStringLiteral("myreg.example") << none << QString() << QString()
        << QString() << QString()
        << QStringList{QStringLiteral("{home}/.docker/config.json: auths.\"myreg.example\".auth: "
                                      "not valid base64")}
        << 0;
    QTest::addRow("config.json is a directory: cannot read, auth.json next")
        << files({{".docker/config.json", DirectoryMarker},
                  {".config/containers/auth.json", myregPodman}})
        << QVariantMap() << QStringLiteral("myreg.example") << containers << userAuth
        << QStringLiteral("podman-user") << QStringLiteral("podman-secret") << QString()
        << QStringList{QStringLiteral(
               "cannot read {home}/.docker/config.json: it is a directory, not a file")}
        << 0;
    QTest::addRow("config.json is a FIFO: never opened")
        << files(
               {{".docker/config.json", FifoMarker}, {".config/containers/auth.json", myregPodman}})
        << QVariantMap() << QStringLiteral("myreg.example") << containers << userAuth
        << QStringLiteral("podman-user") << QStringLiteral("podman-secret") << QString()
        << QStringList{QStringLiteral(
               "cannot read {home}/.docker/config.json: it is not a regular file")}
        << 0;
    QTest::addRow("config.json without read permission")
        << files({{".docker/config.json", UnreadableMarker + myregDocker},
                  {".config/containers/auth.json", myregPodman}})
        << QVariantMap() << QStringLiteral("myreg.example") << containers << userAuth
        << QStringLiteral("podman-user") << QStringLiteral("podman-secret") << QString()
        << QStringList{QStringLiteral("cannot read {home}/.docker/config.json: ")} << 0;
    QTest::addRow("auth.json credHelpers: asked with podman's key")
        << files({{".config/containers/auth.json",
                   authFile({}, R"("credHelpers":{"docker.io":"layerscope-test"})")}})
        << QVariantMap() << QStringLiteral("registry-1.docker.io") << helper << helperProgram
        << QStringLiteral("podman-hub-user") << QStringLiteral("podman-hub-secret-1414")
        << QString() << QStringList() << 0;
    QTest::addRow("auth.json credHelpers entry hides that file's auths entry")
        << files({{".config/containers/auth.json",
                   authFile({{"unknown.example", auth("hidden-user", "hidden-secret")}},
                            R"("credHelpers":{"unknown.example":"layerscope-test"})")}})
        << QVariantMap() << QStringLiteral("unknown.example") << none << QString() << QString()
        << QString() << QString() << QStringList() << 0;
    QTest::addRow("auth.json credsStore is not read")
        << files({{".config/containers/auth.json",
                   authFile({{"creds.example", auth("podman-file-user", "podman-file-secret")}},
                            R"("credsStore":"layerscope-test")")}})
        << QVariantMap() << QStringLiteral("creds.example") << containers << userAuth
        << QStringLiteral("podman-file-user") << QStringLiteral("podman-file-secret") << QString()
        << QStringList() << 0;
    QTest::addRow("empty stub in config.json: auth.json next")
        << files({{".docker/config.json", authFile({{"myreg.example", "{}"}})},
                  {".config/containers/auth.json", myregPodman}})
        << QVariantMap() << QStringLiteral("myreg.example") << containers << userAuth
        << QStringLiteral("podman-user") << QStringLiteral("podman-secret") << QString()
        << QStringList() << 0;
    QTest::addRow("namespace-scoped login in auth.json: not used, noted")
        << files({{".config/containers/auth.json",
                   authFile({{"myreg.example/team/app", auth("team-user", "team-secret")}})}})
        << QVariantMap() << QStringLiteral("myreg.example") << none << QString() << QString()
        << QString() << QString() << QStringList() << 1;
    QTest::addRow("malformed REGISTRY_AUTH_FILE: problem, next file")
        << files({{"custom.json", "[]"},
                  {"run/containers/auth.json",
                   authFile({{"myreg.example", auth("runtime-user", "runtime-secret")}})}})
        << variables(
               {{"REGISTRY_AUTH_FILE", "{home}/custom.json"}, {"XDG_RUNTIME_DIR", "{home}/run"}})
        << QStringLiteral("myreg.example") << containers
        << QStringLiteral("{home}/run/containers/auth.json") << QStringLiteral("runtime-user")
        << QStringLiteral("runtime-secret") << QString()
        << QStringList{QStringLiteral(
               "{home}/custom.json: expected a JSON object at the top level, found an array")}
        << 0;
    QTest::addRow("missing files are not problems")
        << QVariantMap()
        << variables({{"DOCKER_CONFIG", "{home}/nowhere"},
                      {"REGISTRY_AUTH_FILE", "{home}/missing.json"},
                      {"XDG_RUNTIME_DIR", "{home}/no-runtime"}})
        << QStringLiteral("myreg.example") << none << QString() << QString() << QString()
        << QString() << QStringList() << 0;
    QTest::addRow("no HOME") << files({{".docker/config.json", myregDocker}})
                             << variables({{"HOME", UnsetMarker}})
                             << QStringLiteral("myreg.example") << none << QString() << QString()
                             << QString() << QString() << QStringList() << 0;
    QTest::addRow("empty registry name: nothing asked")
        << files({{".docker/config.json",
                   authFile({{"", auth("empty-user", "empty-secret")}},
                            R"("credsStore":"layerscope-test")")}})
        << QVariantMap() << QString() << none << QString() << QString() << QString() << QString()
        << QStringList() << 0;
    QTest::addRow("Docker Hub login by podman for registry-1.docker.io")
        << files({{".config/containers/auth.json",
                   authFile({{"docker.io", auth("podman-hub", "podman-hub-secret")}})}})
        << QVariantMap() << QStringLiteral("registry-1.docker.io") << containers << userAuth
        << QStringLiteral("podman-hub") << QStringLiteral("podman-hub-secret") << QString()
        << QStringList() << 0;
}

void TestExternalCredentials::lookup()
{
    QFETCH(QVariantMap, layout);
    QFETCH(QVariantMap, variables);
    QFETCH(QString, registry);
    QFETCH(int, sourceValue);
    const auto source = static_cast<CredentialSource>(sourceValue);
    QFETCH(QString, origin);
    QFETCH(QString, username);
    QFETCH(QString, password);
    QFETCH(QString, identityToken);
    QFETCH(QStringList, problems);
    QFETCH(int, notes);

    for (const QVariant &content : std::as_const(layout)) {
        if (content.toByteArray().startsWith(UnreadableMarker) && ::geteuid() == 0)
            QSKIP("running as root, which reads a file without read permission; the directory "
                  "and FIFO rows cover files that cannot be read");
    }

    QTemporaryDir directory;
    QTemporaryDir log;
    QVERIFY(directory.isValid() && log.isValid());
    const QString homePath = directory.path();
    QVERIFY(build(homePath, layout));

    QProcessEnvironment environment;
    environment.insert(QStringLiteral("HOME"), homePath);
    environment.insert(QStringLiteral("PATH"),
                       TestData::path(QStringLiteral("credentials"))
                           + QStringLiteral(":/usr/bin:/bin"));
    environment.insert(QStringLiteral("LAYERSCOPE_HELPER_LOG"), log.path());
    for (auto it = variables.cbegin(); it != variables.cend(); ++it) {
        if (it.value().toString() == QLatin1StringView(UnsetMarker))
            environment.remove(it.key());
        else
            environment.insert(it.key(), expand(it.value().toString(), homePath));
    }

    const QMap<QString, QString> before = snapshot(homePath);
    ExternalCredentialLookup lookup(registry, CredentialEnvironment::fromEnvironment(environment));
    QCOMPARE(lookup.registry(), registry);
    QVERIFY(!lookup.isFinished());
    QVERIFY(waitForFinished(&lookup));
    QVERIFY2(lookup.succeeded(), qPrintable(lookup.error().toString()));

    if (source == CredentialSource::Anonymous) {
        QVERIFY(!lookup.found());
    } else {
        QVERIFY(lookup.found());
        QCOMPARE(lookup.found()->source, source);
        QCOMPARE(lookup.found()->origin, expand(origin, homePath));
        QCOMPARE(lookup.found()->credentials.username, username);
        QCOMPARE(lookup.found()->credentials.password, password);
        QCOMPARE(lookup.found()->credentials.identityToken, identityToken);
    }

    const QStringList got = lookup.problems();
    QVERIFY2(got.size() == problems.size(), qPrintable(got.join(QStringLiteral(" | "))));
    for (qsizetype i = 0; i < problems.size(); ++i) {
        const QString expected = expand(problems.at(i), homePath);
        QVERIFY2(got.at(i).contains(expected),
                 qPrintable(got.at(i) + QStringLiteral(" / ") + expected));
    }
    QCOMPARE(lookup.notes().size(), notes);
    for (const QString &line : got + lookup.notes()) {
        QVERIFY2(!line.contains(QLatin1StringView("secret")), qPrintable(line));
        QVERIFY2(!line.contains(u'\n'), qPrintable(line));
        for (const QString &encoded : std::as_const(encodedSecrets()))
            QVERIFY2(!line.contains(encoded), qPrintable(line));
    }

    if (registry.isEmpty())
        QVERIFY(!QFileInfo::exists(log.filePath(QStringLiteral("calls"))));

    // Read-only: nothing under the home folder was created, changed or removed.
    QCOMPARE(snapshot(homePath), before);
    for (const QString &call : linesOf(log.filePath(QStringLiteral("calls"))))
        QCOMPARE(call, QStringLiteral("get"));
}

std::unique_ptr<TestExternalCredentials::Home> TestExternalCredentials::slowHelperHome()
{
    auto result = std::make_unique<Home>();
    if (!result->directory.isValid() || !result->log.isValid()
        || !build(result->directory.path(),
                  files({{".docker/config.json", R"({"credsStore":"layerscope-test"})"}}))) {
        return nullptr;
    }
    result->environment.insert(QStringLiteral("HOME"), result->directory.path());
    result->environment.insert(QStringLiteral("PATH"),
                               TestData::path(QStringLiteral("credentials"))
                                   + QStringLiteral(":/usr/bin:/bin"));
    result->environment.insert(QStringLiteral("LAYERSCOPE_HELPER_LOG"), result->log.path());
    return result;
}

void TestExternalCredentials::cancelWhileHelperRuns()
{
    const std::unique_ptr<Home> home = slowHelperHome();
    QVERIFY(home);
    ExternalCredentialLookup lookup(QStringLiteral("slow.example"),
                                    CredentialEnvironment::fromEnvironment(home->environment));
    QSignalSpy finished(&lookup, &Operation::finished);
    const QString pidFile = home->log.filePath(QStringLiteral("slow.pid"));
    QVERIFY(QTest::qWaitFor([&pidFile] { return linesOf(pidFile).size() == 1; }, 20000));
    const QString proc = QStringLiteral("/proc/") + linesOf(pidFile).constFirst();
    QVERIFY(QFileInfo::exists(proc));

    lookup.cancel();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(lookup.error().category(), RegistryError::Category::Cancelled);
    QVERIFY(!lookup.found());
    QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(proc), 20000);
}

void TestExternalCredentials::deleteWhileHelperRuns()
{
    const std::unique_ptr<Home> home = slowHelperHome();
    QVERIFY(home);
    auto *lookup = new ExternalCredentialLookup(
        QStringLiteral("slow.example"), CredentialEnvironment::fromEnvironment(home->environment));
    QSignalSpy finished(lookup, &Operation::finished);
    const QString pidFile = home->log.filePath(QStringLiteral("slow.pid"));
    QVERIFY(QTest::qWaitFor([&pidFile] { return linesOf(pidFile).size() == 1; }, 20000));
    const QString proc = QStringLiteral("/proc/") + linesOf(pidFile).constFirst();
    QVERIFY(QFileInfo::exists(proc));

    delete lookup;
    QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(proc), 20000);
    QCOMPARE(finished.size(), 0);
}

QTEST_GUILESS_MAIN(TestExternalCredentials)
#include "tst_externalcredentials.moc"
