#include "rendershot.h"

#include <QApplication>
#include <QPixmap>
#include <QTextStream>
#include <QWidget>

bool saveShot(QWidget &widget, const QDir &directory, const QString &name)
{
    // Layout requests post further events: let them all settle before grabbing.
    for (int pass = 0; pass < 3; ++pass)
        QApplication::processEvents();
    const QString file = directory.filePath(name + QStringLiteral(".png"));
    if (!widget.grab().save(file)) {
        QTextStream(stderr) << "cannot write " << file << '\n';
        return false;
    }
    QTextStream(stdout) << file << '\n';
    return true;
}
