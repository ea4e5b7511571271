#include "layerscopeversion.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

/// --version names the program and its version, the Qt it runs on and QtKeychain's version.
void checkVersionReport(const QString &out, const QString &program)
{
    const QStringList lines = out.split(u'\n');
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(0),
             QStringLiteral("%1 %2").arg(program, QLatin1StringView(Layerscope::Version)));
    QVERIFY2(lines.at(1).startsWith(QStringLiteral("Qt %1").arg(QLatin1StringView(qVersion()))),
             qPrintable(out));
    QVERIFY2(QRegularExpression(QStringLiteral("^QtKeychain %1$")
                                    .arg(QRegularExpression::escape(
                                        QLatin1StringView(Layerscope::QtKeychainVersion))))
                 .match(lines.at(2))
                 .hasMatch(),
             qPrintable(out));
    QVERIFY2(
        QRegularExpression(QStringLiteral("^QtKeychain \\d+\\.\\d+")).match(lines.at(2)).hasMatch(),
        qPrintable(out));
    QVERIFY(lines.at(3).isEmpty());
}

} // namespace

class TestExecutables : public QObject
{
    Q_OBJECT

private slots:
    void version();
    void help();
    void usageErrors_data();
    void usageErrors();
    void guiAnswersWithoutDisplay_data();
    void guiAnswersWithoutDisplay();
    void guiUsageErrors_data();
    void guiUsageErrors();
    void guiOpensDockerTransportReference_data();
    void guiOpensDockerTransportReference();

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    static Run
    run(const QStringList &arguments, const QString &program = QStringLiteral(LAYERSCOPE_CLI),
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
};

TestExecutables::Run TestExecutables::run(const QStringList &arguments, const QString &program,
                                          const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    Run result;
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

void TestExecutables::version()
{
    const Run result = run({QStringLiteral("--version")});
    QCOMPARE(result.exitCode, 0);
    checkVersionReport(result.out, QStringLiteral("layerscope-cli"));
    QVERIFY(result.err.isEmpty());
}

void TestExecutables::help()
{
    const Run result = run({QStringLiteral("--help")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.contains(u"Usage:"));
    QVERIFY(result.out.contains(u"--version"));
    QVERIFY(result.out.contains(u"Exit status"));
}

void TestExecutables::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::addRow("no command") << QStringList() << QStringLiteral("no command given");
    QTest::addRow("unknown command") << QStringList{QStringLiteral("frobnicate")}
                                     << QStringLiteral("unknown command 'frobnicate'");
    QTest::addRow("unknown option")
        << QStringList{QStringLiteral("--frobnicate")} << QStringLiteral("frobnicate");
}

void TestExecutables::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.err.startsWith(u"layerscope-cli: "), qPrintable(result.err));
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
}

void TestExecutables::guiAnswersWithoutDisplay_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("expected");
    QTest::addRow("--version")
        << QStringLiteral("--version")
        << QStringLiteral("Layerscope %1\n").arg(QLatin1StringView(Layerscope::Version));
    QTest::addRow("--help") << QStringLiteral("--help")
                            << QStringLiteral("Usage: layerscope [options]");
}

void TestExecutables::guiAnswersWithoutDisplay()
{
    QFETCH(QString, option);
    QFETCH(QString, expected);
    // No display and no platform override: starting the GUI would fail, answering must not.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
    const Run result = run({option}, QStringLiteral(LAYERSCOPE_GUI), environment);
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.startsWith(expected), qPrintable(result.out));
    if (option == u"--version")
        checkVersionReport(result.out, QStringLiteral("Layerscope"));
    if (option == u"--help")
        QVERIFY2(result.out.contains(u"--compare"), qPrintable(result.out));
}

void TestExecutables::guiUsageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::addRow("--compare with one reference")
        << QStringList{QStringLiteral("--compare"), QStringLiteral("alpine:3.19")}
        << QStringLiteral("--compare takes two references");
    QTest::addRow("--compare with three references")
        << QStringList{QStringLiteral("--compare"), QStringLiteral("a:1"), QStringLiteral("a:2"),
                       QStringLiteral("a:3")}
        << QStringLiteral("--compare takes two references");
    QTest::addRow("--compare with a bad reference")
        << QStringList{QStringLiteral("--compare"), QStringLiteral("alpine:3.19"),
                       QStringLiteral("Upper/Case")}
        << QStringLiteral("\"Upper/Case\" is not an image reference");
    QTest::addRow("two references without --compare")
        << QStringList{QStringLiteral("a:1"), QStringLiteral("a:2")}
        << QStringLiteral("give at most one reference");
}

void TestExecutables::guiUsageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    // Refused before a window is made, so no display is needed.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
    const Run result = run(arguments, QStringLiteral(LAYERSCOPE_GUI), environment);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith(u"layerscope: "), qPrintable(result.err));
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
}

void TestExecutables::guiOpensDockerTransportReference_data()
{
    QTest::addColumn<QString>("argument");
    QTest::addColumn<int>("exitCode");
    // The desktop entry hands a URL over (%u); skopeo's docker:// form is accepted as well.
    QTest::addRow("docker:// reference")
        << QStringLiteral("docker://127.0.0.1:9/team/app:1.0") << 0;
    QTest::addRow("DOCKER:// reference")
        << QStringLiteral("DOCKER://127.0.0.1:9/team/app:1.0") << 0;
    QTest::addRow("plain reference") << QStringLiteral("127.0.0.1:9/team/app:1.0") << 0;
    QTest::addRow("docker:// bad reference") << QStringLiteral("docker://Upper/Case:1") << 2;
    QTest::addRow("other scheme") << QStringLiteral("https://127.0.0.1:9/team/app:1.0") << 2;
}

void TestExecutables::guiOpensDockerTransportReference()
{
    QFETCH(QString, argument);
    QFETCH(int, exitCode);
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    // Shown once, then it quits; nothing of the user's settings or keychain takes part.
    environment.insert(QStringLiteral("LAYERSCOPE_QUIT_WHEN_SHOWN"), QStringLiteral("1"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                       QStringLiteral("unix:path=/nonexistent"));
    const Run result = run({argument}, QStringLiteral(LAYERSCOPE_GUI), environment);
    QVERIFY2(result.exitCode == exitCode, qPrintable(result.err));
    QCOMPARE(result.err.contains(u"is not an image reference"), exitCode == 2);
}

QTEST_GUILESS_MAIN(TestExecutables)
#include "tst_executables.moc"
