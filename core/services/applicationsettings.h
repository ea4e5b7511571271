#pragma once

#include <QString>

#include <memory>

class QSettings;

namespace Layerscope {

/**
 * Where Layerscope keeps its settings — saved registries, who is signed in where (never a
 * secret), recent comparisons, the window's layout and the last place shown — and how settings
 * written under an earlier name are carried over.
 *
 * The window and `layerscope-cli` share one settings file, named by the application id:
 * organisation "io.github.layerscope", application "Layerscope" (on Linux
 * `~/.config/io.github.layerscope/Layerscope.conf`). Earlier builds wrote
 * `~/.config/Layerscope/Layerscope.conf`; that file is copied over once and left in place.
 */
namespace ApplicationSettings {

/// The organisation name settings are kept under: the application id up to its last dot.
QString organizationName();
/// The application name settings are kept under: the application id after its last dot.
QString applicationName();

/// Opens the application's settings in the platform's native format, first carrying over the
/// settings of the earlier location (see migrate()).
std::unique_ptr<QSettings> open();

/// Copies every key of \a legacy into \a current, and marks \a current as migrated, when
/// \a current holds no key yet and \a legacy holds some. Returns how many keys were copied; 0
/// when there was nothing to do (current already in use, or nothing to copy). \a legacy is
/// only read: an older build can go on using it.
int migrate(const QSettings &legacy, QSettings &current);

/// The key a migrated settings file records where its keys came from.
QString migratedFromKey();

} // namespace ApplicationSettings

/// What `--version` prints and the About dialog shows: the \a program's name and version, then
/// the Qt version it runs on (and was built with, when they differ) and QtKeychain's version.
QString versionReport(const QString &program);

} // namespace Layerscope
