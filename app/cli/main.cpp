#include "layerscopeversion.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace {

// Exit codes are part of the command line's contract with scripts.
enum ExitCode { Success = 0, RegistryFailure = 1, UsageError = 2 };

int usageError(const QString &message)
{
    QTextStream err(stderr);
    err << "layerscope-cli: " << message << "\n"
        << "Try 'layerscope-cli --help' for more information.\n";
    return UsageError;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("layerscope-cli"));
    QCoreApplication::setApplicationVersion(QLatin1StringView(Layerscope::Version));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main",
        "Inspect container image registries: repositories, tags, manifests, configs "
        "and layers.\n\nExit status: 0 on success, 1 when a registry or the network "
        "fails, 2 on a usage error."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(helpOption)) {
        QTextStream(stdout) << parser.helpText();
        return Success;
    }
    if (parser.isSet(versionOption)) {
        QTextStream(stdout) << QCoreApplication::applicationName() << ' '
                            << QCoreApplication::applicationVersion() << '\n';
        return Success;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usageError(QCoreApplication::translate("main", "no command given"));
    return usageError(
        QCoreApplication::translate("main", "unknown command '%1'").arg(positional.first()));
}
