#include "services/applicationsettings.h"

#include "layerscopeversion.h"

#include <QLoggingCategory>
#include <QSettings>

Q_LOGGING_CATEGORY(lcSettings, "layerscope.settings")

namespace Layerscope {

namespace {

QString applicationId()
{
    return QString::fromLatin1(ApplicationId);
}

} // namespace

namespace ApplicationSettings {

QString organizationName()
{
    const QString id = applicationId();
    return id.left(id.lastIndexOf(u'.'));
}

QString applicationName()
{
    const QString id = applicationId();
    return id.mid(id.lastIndexOf(u'.') + 1);
}

QString migratedFromKey()
{
    return QStringLiteral("settings/migratedFrom");
}

int migrate(const QSettings &legacy, QSettings &current)
{
    if (!current.allKeys().isEmpty())
        return 0;
    const QStringList keys = legacy.allKeys();
    if (keys.isEmpty())
        return 0;
    for (const QString &key : keys)
        current.setValue(key, legacy.value(key));
    current.setValue(migratedFromKey(), legacy.fileName());
    current.sync();
    if (current.status() != QSettings::NoError) {
        qCWarning(lcSettings) << "could not write the settings carried over to"
                              << current.fileName();
    }
    return int(keys.size());
}

std::unique_ptr<QSettings> open()
{
    auto settings = std::make_unique<QSettings>(organizationName(), applicationName());
    // The first builds kept their settings under organisation and application "Layerscope".
    const QSettings legacy(QStringLiteral("Layerscope"), QStringLiteral("Layerscope"));
    if (const int copied = migrate(legacy, *settings)) {
        qCInfo(lcSettings) << "carried" << copied << "settings over from" << legacy.fileName()
                           << "to" << settings->fileName();
    }
    return settings;
}

} // namespace ApplicationSettings

QString versionReport(const QString &program)
{
    const QLatin1StringView builtWith(QT_VERSION_STR);
    const QLatin1StringView runningOn(qVersion());
    QString qt = QStringLiteral("Qt %1").arg(runningOn);
    if (runningOn != builtWith)
        qt += QStringLiteral(" (built with %1)").arg(builtWith);
    return QStringLiteral("%1 %2\n%3\nQtKeychain %4\n")
        .arg(program, QLatin1StringView(Version), qt, QLatin1StringView(QtKeychainVersion));
}

} // namespace Layerscope
