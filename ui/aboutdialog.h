#pragma once

#include <QDialog>

class QLabel;

namespace Layerscope {

/**
 * Help ▸ About Layerscope: what Layerscope is, its version and the versions of the Qt and
 * QtKeychain it runs with, its application id and where its settings are kept. "Copy Version
 * Information" puts the same lines `--version` prints on the clipboard, for a bug report.
 */
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    /// Shows the versions, and \a settingsFile as the place settings are kept.
    explicit AboutDialog(const QString &settingsFile, QWidget *parent = nullptr);

    /// The text "Copy Version Information" copies.
    static QString versionInformation();
};

} // namespace Layerscope
