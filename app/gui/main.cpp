#include "mainwindow.h"

#include "layerscopeversion.h"
#include "services/applicationsettings.h"
#include "values/imagereference.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTextStream>

namespace {

QStringList argumentsOf(int argc, char *argv[])
{
    QStringList arguments;
    arguments.reserve(argc);
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    return arguments;
}

} // namespace

int main(int argc, char *argv[])
{
    // Together the two names spell the application id, which also names the settings file.
    QCoreApplication::setApplicationName(Layerscope::ApplicationSettings::applicationName());
    QCoreApplication::setOrganizationName(Layerscope::ApplicationSettings::organizationName());
    QCoreApplication::setApplicationVersion(QLatin1StringView(Layerscope::Version));

    // --help and --version are answered before the GUI starts, so they also work where there
    // is no display. Qt's own options (-platform, -style, …) are left for QApplication.
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Desktop explorer for container image registries."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QCoreApplication::translate("main",
                                    "Start a local docker-registry with sample images and open "
                                    "it (needs the docker-registry package)."));
    parser.addOption(demoOption);
    const QCommandLineOption compareOption(
        QStringLiteral("compare"),
        QCoreApplication::translate("main",
                                    "Open a comparison of the two references given (layers side "
                                    "by side, config differences): layerscope --compare "
                                    "app:1.4 app:1.5."));
    parser.addOption(compareOption);
    parser.addPositionalArgument(
        QStringLiteral("reference"),
        QCoreApplication::translate("main",
                                    "Open this registry, repository, tag or digest "
                                    "(alpine, ghcr.io/org/app:1.0, registry/repo@sha256:…; "
                                    "docker://alpine:3.19 too). "
                                    "Without it, the place shown when Layerscope was last "
                                    "closed."),
        QStringLiteral("[reference]"));
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    parser.parse(argumentsOf(argc, argv));
    if (parser.isSet(helpOption)) {
        // Without an application object Qt cannot know the program's name.
        QTextStream(stdout) << parser.helpText().replace(QLatin1StringView("<executable_name>"),
                                                         QLatin1StringView("layerscope"));
        return 0;
    }
    if (parser.isSet(versionOption)) {
        QTextStream(stdout) << Layerscope::versionReport(QCoreApplication::applicationName());
        return 0;
    }

    const QStringList positional = parser.positionalArguments();
    const bool comparing = parser.isSet(compareOption);
    if (comparing && positional.size() != 2) {
        QTextStream(stderr) << "layerscope: --compare takes two references\n";
        return 2;
    }
    if (!comparing && positional.size() > 1) {
        QTextStream(stderr) << "layerscope: give at most one reference\n";
        return 2;
    }
    QList<Layerscope::ImageReference> references;
    for (const QString &argument : positional) {
        // The desktop entry passes what it is given as a URL (%u): skopeo's and podman's
        // docker:// transport names a reference the same way.
        const QLatin1StringView transport("docker://");
        const QString text = argument.startsWith(transport, Qt::CaseInsensitive)
            ? argument.mid(transport.size())
            : argument;
        const auto parsed = Layerscope::ImageReference::parse(text);
        if (!parsed) {
            QTextStream(stderr) << "layerscope: \"" << argument
                                << "\" is not an image reference: " << parsed.error().message()
                                << '\n';
            return 2;
        }
        references.append(comparing ? parsed->dockerReference() : *parsed);
    }

    QApplication app(argc, argv);
    QApplication::setDesktopFileName(QLatin1StringView(Layerscope::ApplicationId));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/layerscope/icons/layerscope.svg")));

    Layerscope::MainWindow window;
    window.show();
    if (qEnvironmentVariableIsSet("LAYERSCOPE_QUIT_WHEN_SHOWN")) {
        // For the startup benchmark: paint the shown window once, then quit.
        QMetaObject::invokeMethod(
            &app,
            [&window] {
                window.repaint();
                QCoreApplication::quit();
            },
            Qt::QueuedConnection);
    }
    if (parser.isSet(demoOption)) {
        window.startDemo();
    } else if (comparing) {
        // The explorer opens at the first image, the comparison in front of it.
        window.openReference(references.at(0));
        window.compare(references.at(0), references.at(1));
    } else if (!references.isEmpty()) {
        window.openReference(references.constFirst());
    } else {
        window.restoreLastPlace();
    }
    return QApplication::exec();
}
