// Renders the application's SVG icon at the fixed sizes of the hicolor icon theme, for the
// desktops, docks and menus that look up PNGs rather than scaling the SVG themselves.
//
//   layerscope-rendericon <icon.svg> <size> <output.png> [<size> <output.png> ...]
//
// Any problem ends the program with a non-zero status and a message naming the file, so a
// broken or unreadable SVG fails the build instead of installing blank icons.

#include <QByteArray>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QImageReader>
#include <QSaveFile>
#include <QSize>
#include <QStringList>
#include <QTextStream>

namespace {

/// Prints "layerscope-rendericon: <file>: <problem>" on stderr; returns the failure status.
int fail(const QString &file, const QString &problem)
{
    QTextStream(stderr) << "layerscope-rendericon: " << file << ": " << problem << '\n';
    return 1;
}

/// Whether any pixel is not fully transparent: an SVG that draws nothing (or that the plugin
/// cannot draw) reads as a transparent image rather than as an error.
bool hasVisiblePixel(const QImage &image)
{
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < argb.height(); ++y) {
        for (int x = 0; x < argb.width(); ++x) {
            if (qAlpha(argb.pixel(x, y)) != 0)
                return true;
        }
    }
    return false;
}

/// Reads \a source through Qt's SVG image-format plugin at \a size x \a size and writes it
/// to \a target as PNG, replacing the file only once the whole image is written.
int render(const QString &source, int size, const QString &target)
{
    QImageReader reader(source, QByteArrayLiteral("svg"));
    const QSize natural = reader.size();
    if (!natural.isValid()) {
        // The SVG plugin reports a malformed file as an "unknown error".
        const QString reason = reader.error() == QImageReader::UnknownError
            ? QStringLiteral("it is not a well-formed SVG document")
            : reader.errorString();
        return fail(source, QStringLiteral("cannot be read as SVG: %1").arg(reason));
    }
    // The hicolor theme's sizes are squares; scaling another shape would distort the icon.
    if (natural.width() != natural.height()) {
        return fail(
            source,
            QStringLiteral("is %1x%2, not square").arg(natural.width()).arg(natural.height()));
    }
    reader.setScaledSize(QSize(size, size));
    const QImage image = reader.read();
    if (image.isNull()) {
        return fail(
            source,
            QStringLiteral("cannot be rendered at %1x%1: %2").arg(size).arg(reader.errorString()));
    }
    if (image.size() != QSize(size, size)) {
        return fail(source,
                    QStringLiteral("rendered at %1x%2 instead of %3x%3")
                        .arg(image.width())
                        .arg(image.height())
                        .arg(size));
    }
    if (!hasVisiblePixel(image))
        return fail(source, QStringLiteral("renders empty (fully transparent) at %1x%1").arg(size));

    if (!QDir().mkpath(QFileInfo(target).absolutePath()))
        return fail(target, QStringLiteral("its folder cannot be created"));
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly))
        return fail(target, QStringLiteral("cannot be written: %1").arg(file.errorString()));
    if (!image.save(&file, "PNG"))
        return fail(target, QStringLiteral("cannot be encoded as PNG"));
    if (!file.commit())
        return fail(target, QStringLiteral("cannot be written: %1").arg(file.errorString()));
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    // Painting needs a GUI application object; the build runs it on the offscreen platform.
    QGuiApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 4 || arguments.size() % 2 != 0) {
        QTextStream(stderr) << "usage: layerscope-rendericon <icon.svg> <size> <output.png> "
                               "[<size> <output.png> ...]\n";
        return 2;
    }
    const QString source = arguments.at(1);
    if (!QFileInfo::exists(source))
        return fail(source, QStringLiteral("does not exist"));
    if (!QImageReader::supportedImageFormats().contains(QByteArrayLiteral("svg"))) {
        return fail(source,
                    QStringLiteral("Qt has no SVG image-format plugin to read it "
                                   "(install libqt6svg6)"));
    }

    for (qsizetype i = 2; i + 1 < arguments.size(); i += 2) {
        bool isNumber = false;
        const int size = arguments.at(i).toInt(&isNumber);
        if (!isNumber || size <= 0 || size > 4096)
            return fail(arguments.at(i + 1),
                        QStringLiteral("invalid size \"%1\"").arg(arguments.at(i)));
        if (const int status = render(source, size, arguments.at(i + 1)); status != 0)
            return status;
    }
    return 0;
}
