#pragma once

#include <QDir>
#include <QString>

class QWidget;

/**
 * Saves \a widget, as it paints now, to \a directory/\a name.png for people to look at (the
 * render programs and the screenshot tool), after letting pending layout requests settle, and
 * prints the file's path; false (with a message) when it cannot be written.
 */
bool saveShot(QWidget &widget, const QDir &directory, const QString &name);
