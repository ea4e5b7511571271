#include "services/credentialhelper.h"

#include "operationwait.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Layerscope;
using Category = RegistryError::Category;

namespace {

const QString helperName = QStringLiteral("layerscope-test");
const QString helperProgram = QStringLiteral("docker-credential-layerscope-test");

QString helperDirectory()
{
    return TestData::path(QStringLiteral("credentials"));
}

QStringList linesOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
}

bool processExists(qint64 pid)
{
    return QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid));
}

} // namespace

class TestCredentialHelper : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void answers_data();
    void answers();
    void failures_data();
    void failures();
    void missingHelper();
    void pathWithoutUsableEntries_data();
    void pathWithoutUsableEntries();
    void validNames_data();
    void validNames();
    void invalidNames_data();
    void invalidNames();
    void pathTraversalRunsNothing();
    void finishedOnce();
    void cancelKillsHelper();
    void deleteKillsHelper();

private:
    QProcessEnvironment environment() const;
    QString callsFile() const { return m_log->filePath(QStringLiteral("calls")); }
    qint64 slowHelperPid() const;

    std::unique_ptr<QTemporaryDir> m_log;
};

QProcessEnvironment TestCredentialHelper::environment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PATH"),
                       helperDirectory() + QDir::listSeparator()
                           + environment.value(QStringLiteral("PATH")));
    environment.insert(QStringLiteral("LAYERSCOPE_HELPER_LOG"), m_log->path());
    return environment;
}

qint64 TestCredentialHelper::slowHelperPid() const
{
    const QString pidFile = m_log->filePath(QStringLiteral("slow.pid"));
    if (!QTest::qWaitFor([&pidFile] { return linesOf(pidFile).size() == 1; }, 20000))
        return -1;
    return linesOf(pidFile).constFirst().toLongLong();
}

void TestCredentialHelper::init()
{
    m_log = std::make_unique<QTemporaryDir>();
    QVERIFY(m_log->isValid());
}

void TestCredentialHelper::cleanup()
{
    // Layerscope only ever asks a helper for a login: no store, erase or list.
    for (const QString &call : linesOf(callsFile()))
        QCOMPARE(call, QStringLiteral("get"));
    m_log.reset();
}

void TestCredentialHelper::answers_data()
{
    QTest::addColumn<QString>("serverUrl");
    QTest::addColumn<bool>("found");
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("identityToken");

    QTest::addRow("Docker Hub under docker's key")
        << QStringLiteral("https://index.docker.io/v1/") << true << QStringLiteral("hub-user")
        << QStringLiteral("hub-secret-3141") << QString();
    QTest::addRow("Docker Hub under podman's key")
        << QStringLiteral("docker.io") << true << QStringLiteral("podman-hub-user")
        << QStringLiteral("podman-hub-secret-1414") << QString();
    QTest::addRow("host") << QStringLiteral("creds.example") << true
                          << QStringLiteral("helper-user") << QStringLiteral("helper-secret-2718")
                          << QString();
    QTest::addRow("host and port")
        << QStringLiteral("creds.example:5000") << true << QStringLiteral("helper-user")
        << QStringLiteral("helper-secret-2718") << QString();
    QTest::addRow("<token> user: an identity token")
        << QStringLiteral("token.example") << true << QString() << QString()
        << QStringLiteral("token-secret-1618");
    QTest::addRow("credentials not found in native keychain")
        << QStringLiteral("unknown.example") << false << QString() << QString() << QString();
}

void TestCredentialHelper::answers()
{
    QFETCH(QString, serverUrl);
    QFETCH(bool, found);
    QFETCH(QString, username);
    QFETCH(QString, password);
    QFETCH(QString, identityToken);

    CredentialHelperOperation operation(helperName, serverUrl, environment());
    QCOMPARE(operation.program(), helperProgram);
    QVERIFY(!operation.isFinished());
    QVERIFY(waitForFinished(&operation));
    QVERIFY2(operation.succeeded(), qPrintable(operation.error().toString()));
    QCOMPARE(operation.credentials().has_value(), found);
    if (found) {
        QCOMPARE(operation.credentials()->username, username);
        QCOMPARE(operation.credentials()->password, password);
        QCOMPARE(operation.credentials()->identityToken, identityToken);
    }
    QCOMPARE(linesOf(callsFile()), QStringList{QStringLiteral("get")});
}

void TestCredentialHelper::failures_data()
{
    QTest::addColumn<QString>("serverUrl");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<Category>("category");
    QTest::addColumn<QStringList>("mentions");
    QTest::addColumn<QStringList>("absent");

    const int standard = int(CredentialHelperOperation::DefaultTimeout.count());
    QTest::addRow("output that is not JSON")
        << QStringLiteral("garbage.example") << standard << Category::Protocol
        << QStringList{QStringLiteral("output that is not JSON")}
        << QStringList{QStringLiteral("garbage")};
    QTest::addRow("JSON array") << QStringLiteral("array.example") << standard << Category::Protocol
                                << QStringList{QStringLiteral("JSON that is not an object")}
                                << QStringList{QStringLiteral("array-")};
    QTest::addRow("no Secret") << QStringLiteral("nosecret.example") << standard
                               << Category::Protocol
                               << QStringList{QStringLiteral("no \"Secret\" string")}
                               << QStringList{QStringLiteral("someone")};
    QTest::addRow("no output") << QStringLiteral("empty.example") << standard << Category::Protocol
                               << QStringList{QStringLiteral("no output")} << QStringList();
    QTest::addRow("slower than the timeout")
        << QStringLiteral("slow.example") << 300 << Category::Timeout
        << QStringList{QStringLiteral("did not answer within 300 ms")} << QStringList();
    QTest::addRow("exit code 3 with a message on stderr")
        << QStringLiteral("fail.example") << standard << Category::Keychain
        << QStringList{QStringLiteral("get exited with code 3"),
                       QStringLiteral("\"pass store is locked: gpg: decryption failed\"")}
        << QStringList{QStringLiteral("second line")};
    QTest::addRow("long stderr line cut at 200 characters")
        << QStringLiteral("longerror.example") << standard << Category::Keychain
        << QStringList{QStringLiteral("get exited with code 4"),
                       QStringLiteral("long-error-").repeated(18) + QStringLiteral("lo…\"")}
        << QStringList{QStringLiteral("long-error-").repeated(19)};
    QTest::addRow("error on stdout is never shown")
        << QStringLiteral("stdouterror.example") << standard << Category::Keychain
        << QStringList{QStringLiteral("get exited with code 5")}
        << QStringList{QStringLiteral("what went wrong")};
    QTest::addRow("crash") << QStringLiteral("crash.example") << standard << Category::Protocol
                           << QStringList{QStringLiteral("crashed")} << QStringList();
    QTest::addRow("output over 64 KiB")
        << QStringLiteral("huge.example") << standard << Category::TooLarge
        << QStringList{QStringLiteral("wrote more than 64 KiB")}
        << QStringList{QStringLiteral("huge")};
}

void TestCredentialHelper::failures()
{
    QFETCH(QString, serverUrl);
    QFETCH(int, timeoutMs);
    QFETCH(Category, category);
    QFETCH(QStringList, mentions);
    QFETCH(QStringList, absent);

    CredentialHelperOperation operation(helperName, serverUrl, environment());
    operation.setTimeout(std::chrono::milliseconds(timeoutMs));
    QVERIFY(waitForFinished(&operation));
    QVERIFY(!operation.succeeded());
    QVERIFY(!operation.credentials());
    QCOMPARE(operation.error().category(), category);
    const QString message = operation.error().message();
    QVERIFY2(message.startsWith(helperProgram), qPrintable(message));
    QVERIFY2(!message.contains(u'\n'), qPrintable(message));
    for (const QString &mention : mentions)
        QVERIFY2(message.contains(mention), qPrintable(message + QStringLiteral(" / ") + mention));
    for (const QString &text : absent + QStringList{QStringLiteral("secret")})
        QVERIFY2(!message.contains(text), qPrintable(message + QStringLiteral(" / ") + text));
    QCOMPARE(linesOf(callsFile()), QStringList{QStringLiteral("get")});
}

void TestCredentialHelper::missingHelper()
{
    CredentialHelperOperation operation(QStringLiteral("layerscope-absent"),
                                        QStringLiteral("creds.example"), environment());
    QVERIFY(waitForFinished(&operation));
    QCOMPARE(operation.error().category(), Category::NotFound);
    QCOMPARE(operation.error().message(),
             QStringLiteral("docker-credential-layerscope-absent not found on PATH: install it, or "
                            "remove it from the configuration"));
}

void TestCredentialHelper::pathWithoutUsableEntries_data()
{
    QTest::addColumn<bool>("hasPath");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("mention");

    const QString relative = QDir::current().relativeFilePath(helperDirectory());
    QVERIFY(QDir::isRelativePath(relative));
    QTest::addRow("no PATH") << false << QString() << QStringLiteral("no PATH to search");
    QTest::addRow("empty PATH") << true << QString() << QStringLiteral("no PATH to search");
    QTest::addRow("relative entry only (the current directory is never searched)")
        << true << relative << QStringLiteral("no PATH to search");
    QTest::addRow("empty entries only")
        << true << QStringLiteral("::") << QStringLiteral("no PATH to search");
}

void TestCredentialHelper::pathWithoutUsableEntries()
{
    QFETCH(bool, hasPath);
    QFETCH(QString, path);
    QFETCH(QString, mention);

    QProcessEnvironment environment = this->environment();
    environment.remove(QStringLiteral("PATH"));
    if (hasPath)
        environment.insert(QStringLiteral("PATH"), path);
    CredentialHelperOperation operation(helperName, QStringLiteral("creds.example"), environment);
    QVERIFY(waitForFinished(&operation));
    QCOMPARE(operation.error().category(), Category::NotFound);
    QVERIFY2(operation.error().message().contains(mention),
             qPrintable(operation.error().message()));
    QVERIFY(!QFileInfo::exists(callsFile()));
}

void TestCredentialHelper::validNames_data()
{
    QTest::addColumn<QString>("name");
    // The helpers docker documents and common third-party ones.
    for (const char *name : {"pass", "secretservice", "osxkeychain", "wincred", "desktop",
                             "desktop.exe", "ecr-login", "gcloud", "gcr", "acr-env", "acr_env"}) {
        QTest::addRow("%s", name) << QString::fromLatin1(name);
    }
}

void TestCredentialHelper::validNames()
{
    QFETCH(QString, name);
    QVERIFY(CredentialHelperOperation::isValidHelperName(name));
}

void TestCredentialHelper::invalidNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addRow("empty") << QString();
    QTest::addRow("../../bin/sh") << QStringLiteral("../../bin/sh");
    QTest::addRow("absolute path") << QStringLiteral("/bin/sh");
    QTest::addRow("slash") << QStringLiteral("layerscope/test");
    QTest::addRow("backslash") << QStringLiteral("layerscope\\test");
    QTest::addRow("dot dot") << QStringLiteral("..");
    QTest::addRow("leading dot") << QStringLiteral(".layerscope-test");
    QTest::addRow("leading dash") << QStringLiteral("-layerscope-test");
    QTest::addRow("space") << QStringLiteral("layerscope test");
    QTest::addRow("line feed") << QStringLiteral("layerscope-test\n");
    QTest::addRow("shell syntax") << QStringLiteral("layerscope-test;id");
    QTest::addRow("command substitution") << QStringLiteral("$(id)");
    QTest::addRow("non-ASCII") << QStringLiteral("pässword");
    QTest::addRow("101 characters") << QStringLiteral("a").repeated(101);
}

void TestCredentialHelper::invalidNames()
{
    QFETCH(QString, name);
    QVERIFY(!CredentialHelperOperation::isValidHelperName(name));
    CredentialHelperOperation operation(name, QStringLiteral("creds.example"), environment());
    QVERIFY(waitForFinished(&operation));
    QCOMPARE(operation.error().category(), Category::Protocol);
    const QString message = operation.error().message();
    QVERIFY2(message.startsWith(QStringLiteral("refused to run the credential helper \"")),
             qPrintable(message));
    QVERIFY2(!message.contains(u'\n'), qPrintable(message));
    QVERIFY(!QFileInfo::exists(callsFile()));
}

void TestCredentialHelper::pathTraversalRunsNothing()
{
    // A trap: with PATH = <dir>/bin, the name "x/../../evil" makes the program
    // "docker-credential-x/../../evil", which resolves to <dir>/evil, a copy of the test helper
    // that would record its call.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("bin/docker-credential-x")));
    const QString evil = dir.filePath(QStringLiteral("evil"));
    QVERIFY(QFile::copy(QDir(helperDirectory()).filePath(helperProgram), evil));
    QVERIFY(QFile::setPermissions(evil, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    const QString bin = dir.filePath(QStringLiteral("bin"));
    const QString hostile = QStringLiteral("x/../../evil");
    QVERIFY(!QStandardPaths::findExecutable(CredentialHelperOperation::programName(hostile), {bin})
                 .isEmpty());

    QProcessEnvironment environment = this->environment();
    environment.insert(QStringLiteral("PATH"), bin);
    CredentialHelperOperation operation(hostile, QStringLiteral("creds.example"), environment);
    QVERIFY(waitForFinished(&operation));
    QCOMPARE(operation.error().category(), Category::Protocol);
    QVERIFY(operation.error().message().contains(QStringLiteral("refused")));
    QVERIFY(!QFileInfo::exists(callsFile()));
}

void TestCredentialHelper::finishedOnce()
{
    CredentialHelperOperation operation(helperName, QStringLiteral("creds.example"), environment());
    QSignalSpy finished(&operation, &Operation::finished);
    QVERIFY(finished.wait(20000));
    operation.cancel();
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    QCOMPARE(finished.size(), 1);
    QVERIFY(operation.succeeded());
}

void TestCredentialHelper::cancelKillsHelper()
{
    CredentialHelperOperation operation(helperName, QStringLiteral("slow.example"), environment());
    QSignalSpy finished(&operation, &Operation::finished);
    const qint64 pid = slowHelperPid();
    QVERIFY(pid > 0);
    QVERIFY(processExists(pid));
    operation.cancel();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(operation.error().category(), Category::Cancelled);
    QTRY_VERIFY_WITH_TIMEOUT(!processExists(pid), 20000);
}

void TestCredentialHelper::deleteKillsHelper()
{
    auto *operation
        = new CredentialHelperOperation(helperName, QStringLiteral("slow.example"), environment());
    QSignalSpy finished(operation, &Operation::finished);
    const qint64 pid = slowHelperPid();
    QVERIFY(pid > 0);
    QVERIFY(processExists(pid));
    delete operation;
    QTRY_VERIFY_WITH_TIMEOUT(!processExists(pid), 20000);
    QCOMPARE(finished.size(), 0);
}

QTEST_GUILESS_MAIN(TestCredentialHelper)
#include "tst_credentialhelper.moc"
