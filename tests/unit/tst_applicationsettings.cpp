// Where settings are kept, how the first builds' settings are carried over, and what --version
// prints.
#include "layerscopeversion.h"
#include "services/applicationsettings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Layerscope;

class TestApplicationSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void namesSpellTheApplicationId();
    void migrateCopiesEveryKey();
    void migrateLeavesSettingsInUse();
    void migrateWithNothingToCopy();
    void openCarriesTheOldLocationOver();
    void openKeepsWhatWasWrittenSince();
    void versionReportNamesEveryPart();

private:
    void writeLegacy(QSettings &legacy);
    QString configHome() const { return m_config.path(); }

    QTemporaryDir m_config;
    QTemporaryDir m_dir;
};

void TestApplicationSettings::initTestCase()
{
    QVERIFY(m_config.isValid() && m_dir.isValid());
    // QSettings reads XDG_CONFIG_HOME when it is first used: before any test opens settings.
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(configHome()));
}

void TestApplicationSettings::writeLegacy(QSettings &legacy)
{
    // What the first builds kept: saved registries, who is signed in, recent comparisons, the
    // window's layout and the last place.
    legacy.beginGroup(QStringLiteral("registries"));
    legacy.beginWriteArray(QStringLiteral("saved"));
    legacy.setArrayIndex(0);
    legacy.setValue(QStringLiteral("host"), QStringLiteral("registry.example:5000"));
    legacy.setValue(QStringLiteral("name"), QStringLiteral("Team registry"));
    legacy.endArray();
    legacy.endGroup();
    legacy.setValue(QStringLiteral("KeychainUsers/registry.example:5000"), QStringLiteral("ci"));
    legacy.setValue(QStringLiteral("compare/recent"),
                    QStringList{QStringLiteral("alpine:3.19"), QStringLiteral("alpine:3.20")});
    legacy.setValue(QStringLiteral("window/geometry"), QByteArray("\x01\xd9\xd0\xcb\x00", 5));
    legacy.setValue(QStringLiteral("lastPlace"),
                    QVariantMap{{QStringLiteral("registry"), QStringLiteral("docker.io")},
                                {QStringLiteral("repository"), QStringLiteral("library/alpine")}});
    legacy.sync();
}

void TestApplicationSettings::namesSpellTheApplicationId()
{
    QCOMPARE(ApplicationSettings::organizationName() + u'.'
                 + ApplicationSettings::applicationName(),
             QLatin1StringView(ApplicationId));
    QCOMPARE(ApplicationSettings::organizationName(), QStringLiteral("io.github.layerscope"));
    QCOMPARE(ApplicationSettings::applicationName(), QStringLiteral("Layerscope"));
}

void TestApplicationSettings::migrateCopiesEveryKey()
{
    QSettings legacy(m_dir.filePath(QStringLiteral("old.ini")), QSettings::IniFormat);
    writeLegacy(legacy);
    const QStringList legacyKeys = legacy.allKeys();
    QSettings current(m_dir.filePath(QStringLiteral("new.ini")), QSettings::IniFormat);

    QCOMPARE(ApplicationSettings::migrate(legacy, current), int(legacyKeys.size()));

    QSettings reread(m_dir.filePath(QStringLiteral("new.ini")), QSettings::IniFormat);
    for (const QString &key : legacyKeys)
        QCOMPARE(reread.value(key), legacy.value(key));
    QCOMPARE(reread.value(ApplicationSettings::migratedFromKey()).toString(), legacy.fileName());
    QCOMPARE(reread.allKeys().size(), legacyKeys.size() + 1);
    QCOMPARE(reread.value(QStringLiteral("compare/recent")).toStringList().size(), 2);
    QCOMPARE(reread.value(QStringLiteral("window/geometry")).toByteArray().size(), 5);
    // The old file is only read: an older build can go on using it.
    QSettings old(m_dir.filePath(QStringLiteral("old.ini")), QSettings::IniFormat);
    QCOMPARE(old.allKeys(), legacyKeys);
}

void TestApplicationSettings::migrateLeavesSettingsInUse()
{
    QSettings legacy(m_dir.filePath(QStringLiteral("old2.ini")), QSettings::IniFormat);
    writeLegacy(legacy);
    QSettings current(m_dir.filePath(QStringLiteral("inuse.ini")), QSettings::IniFormat);
    current.setValue(QStringLiteral("compare/recent"), QStringList{QStringLiteral("busybox")});
    current.sync();

    QCOMPARE(ApplicationSettings::migrate(legacy, current), 0);
    QCOMPARE(current.allKeys(), QStringList{QStringLiteral("compare/recent")});
    QCOMPARE(current.value(QStringLiteral("compare/recent")).toStringList(),
             QStringList{QStringLiteral("busybox")});
}

void TestApplicationSettings::migrateWithNothingToCopy()
{
    QSettings legacy(m_dir.filePath(QStringLiteral("absent.ini")), QSettings::IniFormat);
    QSettings current(m_dir.filePath(QStringLiteral("fresh.ini")), QSettings::IniFormat);
    QCOMPARE(ApplicationSettings::migrate(legacy, current), 0);
    QVERIFY(current.allKeys().isEmpty());
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("fresh.ini"))));
}

void TestApplicationSettings::openCarriesTheOldLocationOver()
{
    const QString legacyPath = configHome() + QStringLiteral("/Layerscope/Layerscope.conf");
    const QString currentPath
        = configHome() + QStringLiteral("/io.github.layerscope/Layerscope.conf");
    {
        QSettings legacy(QStringLiteral("Layerscope"), QStringLiteral("Layerscope"));
        QCOMPARE(legacy.fileName(), legacyPath);
        writeLegacy(legacy);
    }
    QVERIFY(QFile::exists(legacyPath));
    QVERIFY(!QFile::exists(currentPath));

    const std::unique_ptr<QSettings> settings = ApplicationSettings::open();
    QCOMPARE(settings->fileName(), currentPath);
    QVERIFY(QFile::exists(currentPath));
    QCOMPARE(settings->value(QStringLiteral("KeychainUsers/registry.example:5000")).toString(),
             QStringLiteral("ci"));
    QCOMPARE(settings->value(QStringLiteral("registries/saved/1/host")).toString(),
             QStringLiteral("registry.example:5000"));
    QCOMPARE(
        settings->value(QStringLiteral("lastPlace")).toMap().value(QStringLiteral("repository")),
        QVariant(QStringLiteral("library/alpine")));
    QCOMPARE(settings->value(ApplicationSettings::migratedFromKey()).toString(), legacyPath);
    QVERIFY(QFile::exists(legacyPath));
}

void TestApplicationSettings::openKeepsWhatWasWrittenSince()
{
    // Runs after openCarriesTheOldLocationOver: the new file is in use, the old one still there.
    {
        const std::unique_ptr<QSettings> settings = ApplicationSettings::open();
        settings->setValue(QStringLiteral("compare/recent"),
                           QStringList{QStringLiteral("debian:12")});
    }
    {
        QSettings legacy(QStringLiteral("Layerscope"), QStringLiteral("Layerscope"));
        legacy.setValue(QStringLiteral("KeychainUsers/registry.example:5000"),
                        QStringLiteral("someone-else"));
    }
    const std::unique_ptr<QSettings> settings = ApplicationSettings::open();
    QCOMPARE(settings->value(QStringLiteral("compare/recent")).toStringList(),
             QStringList{QStringLiteral("debian:12")});
    QCOMPARE(settings->value(QStringLiteral("KeychainUsers/registry.example:5000")).toString(),
             QStringLiteral("ci"));
}

void TestApplicationSettings::versionReportNamesEveryPart()
{
    const QStringList lines = versionReport(QStringLiteral("layerscope-cli")).split(u'\n');
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(0), QStringLiteral("layerscope-cli %1").arg(QLatin1StringView(Version)));
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d+\\.\\d+\\.\\d+$"))
                 .match(lines.at(0).mid(15))
                 .hasMatch(),
             qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).startsWith(QStringLiteral("Qt %1").arg(QLatin1StringView(qVersion()))),
             qPrintable(lines.at(1)));
    QVERIFY2(QRegularExpression(QStringLiteral("^QtKeychain \\d+\\.\\d+\\.\\d+$"))
                 .match(lines.at(2))
                 .hasMatch(),
             qPrintable(lines.at(2)));
    QVERIFY(lines.at(3).isEmpty());
}

QTEST_GUILESS_MAIN(TestApplicationSettings)
#include "tst_applicationsettings.moc"
