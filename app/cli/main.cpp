#include "commands.h"

#include "layerscopeversion.h"
#include "services/applicationsettings.h"
#include "values/imagereference.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSettings>
#include <QSslCertificate>
#include <QTextStream>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

using namespace Layerscope;

namespace {

struct Command
{
    const char *name;
    const char *arguments;
    const char *summary;
};

// The commands, in the order `--help` lists them.
constexpr Command Commands[] = {
    {"catalog", "REGISTRY", "List every repository of a registry, one per line."},
    {"tags", "REPOSITORY", "List the tags of a repository."},
    {"digest", "REFERENCE", "Print the digest a tag points to."},
    {"manifest", "REFERENCE", "Print a manifest, byte for byte."},
    {"config", "REFERENCE", "Print an image config, byte for byte."},
    {"inspect", "REFERENCE", "Show what a reference is made of: manifests, configs, layers."},
    {"compare", "REF_A REF_B",
     "Compare two images: layers side by side, config differences, platforms."},
    {"referrers", "REFERENCE", "List signatures, SBOMs and attestations that refer to an image."},
    {"verify", "REFERENCE", "Download every layer and check its digest and diff_id."},
    {"login", "REGISTRY",
     "Check a user name and password (--username, --password-stdin) with a registry and keep "
     "the password in the system keychain."},
    {"logout", "REGISTRY", "Remove a registry's login from the system keychain."},
};

int usageError(const QString &message, const QString &command = {})
{
    QTextStream err(stderr);
    err << "layerscope-cli: " << message << "\n"
        << "Try 'layerscope-cli " << (command.isEmpty() ? QString() : command + u' ')
        << "--help' for more information.\n";
    return Cli::UsageError;
}

QString commandList()
{
    QString text = QStringLiteral("\nCommands:\n");
    for (const Command &command : Commands) {
        text += QStringLiteral("  %1 %2\n")
                    .arg(QString::fromLatin1(command.name) + u' '
                             + QString::fromLatin1(command.arguments),
                         -24)
                    .arg(QLatin1StringView(command.summary));
    }
    return text;
}

struct GlobalOptions
{
    QCommandLineOption insecure{QStringLiteral("insecure"),
                                QStringLiteral("Allow plain HTTP and any TLS certificate for this "
                                               "registry.")};
    QCommandLineOption username{QStringLiteral("username"),
                                QStringLiteral("Sign in as <user> (with --password-stdin)."),
                                QStringLiteral("user")};
    QCommandLineOption passwordStdin{QStringLiteral("password-stdin"),
                                     QStringLiteral("Read the password or token from standard "
                                                    "input.")};
    QCommandLineOption caFile{QStringLiteral("ca-file"),
                              QStringLiteral("Trust the CA certificates in <file> (PEM) for this "
                                             "registry."),
                              QStringLiteral("file")};
    QCommandLineOption timeout{QStringLiteral("timeout"),
                               QStringLiteral("Give up when a request sends nothing for <seconds> "
                                              "(default 30)."),
                               QStringLiteral("seconds"), QStringLiteral("30")};

    void addTo(QCommandLineParser &parser) const
    {
        parser.addOption(insecure);
        parser.addOption(username);
        parser.addOption(passwordStdin);
        parser.addOption(caFile);
        parser.addOption(timeout);
    }
};

QString readPassword()
{
    std::string line;
    std::getline(std::cin, line);
    QString password = QString::fromStdString(line);
    while (password.endsWith(u'\r') || password.endsWith(u'\n'))
        password.chop(1);
    return password;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("layerscope-cli"));
    QCoreApplication::setApplicationVersion(QLatin1StringView(Layerscope::Version));

    const GlobalOptions global;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Inspect container image registries: repositories, tags, manifests, configs and "
        "layers.\n\nA REFERENCE is written as for docker pull: alpine, alpine:3.19, "
        "ghcr.io/org/app@sha256:…, 127.0.0.1:5000/team/app:1.0.\n\nExit status: 0 on success, "
        "1 when a registry or the network fails (or verification finds a mismatch), 2 on a "
        "usage error.\n\nCredentials, in this order: --username with --password-stdin; a login "
        "kept "
        "by 'layerscope-cli login' or the Layerscope window (system keychain); docker's credential "
        "helper, docker's config.json, podman's containers/auth.json (read, never written); "
        "else anonymous."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    global.addTo(parser);
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("The command to run."),
                                 QStringLiteral("COMMAND [ARGS...]"));
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);

    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(versionOption)) {
        QTextStream(stdout) << versionReport(QCoreApplication::applicationName());
        return Cli::Success;
    }
    if (parser.isSet(helpOption) || positional.isEmpty()) {
        if (!parser.isSet(helpOption))
            return usageError(QStringLiteral("no command given"));
        QTextStream(stdout) << parser.helpText() << commandList();
        return Cli::Success;
    }

    const QString name = positional.first();
    const Command *command = nullptr;
    for (const Command &candidate : Commands) {
        if (name == QLatin1StringView(candidate.name))
            command = &candidate;
    }
    if (!command)
        return usageError(QStringLiteral("unknown command '%1'").arg(name));

    // The command's own parser: its options, and the global ones again so they may come
    // after the command too.
    QCommandLineParser sub;
    sub.setApplicationDescription(QLatin1StringView(command->summary));
    const QCommandLineOption subHelp = sub.addHelpOption();
    global.addTo(sub);
    sub.addPositionalArgument(QString::fromLatin1(command->arguments).toLower(), QString(),
                              QString::fromLatin1(command->arguments));
    const QCommandLineOption platformOption(QStringLiteral("platform"),
                                            QStringLiteral("The image for <os/arch[/variant]> "
                                                           "of a multi-platform index."),
                                            QStringLiteral("os/arch[/variant]"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print JSON."));
    const QCommandLineOption digestsOption(QStringLiteral("digests"),
                                           QStringLiteral("Print TAG DIGEST lines."));
    const QCommandLineOption resolveOption(QStringLiteral("resolve"),
                                           QStringLiteral("Resolve every tag: digest, media type, "
                                                          "platforms, compressed size, created."));
    const QCommandLineOption jobsOption(QStringLiteral("jobs"),
                                        QStringLiteral("Resolve at most <n> tags at a time "
                                                       "(default 16)."),
                                        QStringLiteral("n"), QStringLiteral("16"));
    const QString commandName = QString::fromLatin1(command->name);
    if (commandName == u"tags") {
        sub.addOption(digestsOption);
        sub.addOption(resolveOption);
        sub.addOption(jsonOption);
        sub.addOption(jobsOption);
    } else if (commandName == u"inspect" || commandName == u"compare") {
        sub.addOption(platformOption);
        sub.addOption(jsonOption);
    } else if (commandName == u"referrers") {
        sub.addOption(jsonOption);
    } else if (commandName == u"manifest" || commandName == u"config" || commandName == u"verify") {
        sub.addOption(platformOption);
    }
    const bool takesPlatform = commandName == u"inspect" || commandName == u"compare"
        || commandName == u"manifest" || commandName == u"config" || commandName == u"verify";

    QStringList subArguments = positional.mid(1);
    subArguments.prepend(QCoreApplication::arguments().constFirst() + u' ' + commandName);
    if (!sub.parse(subArguments))
        return usageError(sub.errorText(), commandName);
    if (sub.isSet(subHelp)) {
        QString help = sub.helpText();
        help.replace(QCoreApplication::arguments().constFirst() + QStringLiteral(" [options]"),
                     QStringLiteral("layerscope-cli ") + commandName
                         + QStringLiteral(" [options]"));
        QTextStream(stdout) << help;
        return Cli::Success;
    }
    const QStringList arguments = sub.positionalArguments();
    const qsizetype argumentCount = commandName == u"compare" ? 2 : 1;
    if (arguments.size() != argumentCount) {
        return usageError(QStringLiteral("%1 takes %2, %3")
                              .arg(commandName,
                                   argumentCount == 1 ? QStringLiteral("one argument")
                                                      : QStringLiteral("two arguments"),
                                   QLatin1StringView(command->arguments)),
                          commandName);
    }

    Cli::Context context;
    const auto isSet = [&](const QCommandLineOption &option) {
        return parser.isSet(option) || sub.isSet(option);
    };
    const auto value = [&](const QCommandLineOption &option) {
        return sub.isSet(option) ? sub.value(option) : parser.value(option);
    };
    context.transport.insecure = isSet(global.insecure);
    bool timeoutOk = false;
    const double seconds = value(global.timeout).toDouble(&timeoutOk);
    if (!timeoutOk || seconds <= 0)
        return usageError(QStringLiteral("--timeout needs a number of seconds above 0"),
                          commandName);
    context.transport.timeout = std::chrono::milliseconds(qint64(seconds * 1000));
    if (isSet(global.caFile)) {
        context.transport.caCertificates = QSslCertificate::fromPath(value(global.caFile));
        if (context.transport.caCertificates.isEmpty()) {
            return usageError(
                QStringLiteral("no PEM certificate in \"%1\"").arg(value(global.caFile)),
                commandName);
        }
    }
    if (isSet(global.username) != isSet(global.passwordStdin)) {
        return usageError(QStringLiteral("--username and --password-stdin go together"),
                          commandName);
    }
    if (isSet(global.username))
        context.credentials = Credentials{value(global.username), readPassword()};

    // Logins are kept where the window keeps them: the same settings, the same keychain.
    const std::unique_ptr<QSettings> settings = ApplicationSettings::open();
    CredentialStore store(settings.get());
    context.store = &store;

    const QString argument = arguments.constFirst();
    if (commandName == u"catalog" || commandName == u"login" || commandName == u"logout") {
        if (!ImageReference::isValidDomain(argument))
            return usageError(QStringLiteral("\"%1\" is not a registry host").arg(argument),
                              commandName);
        if (commandName == u"login") {
            if (!context.credentials)
                return usageError(QStringLiteral("login needs --username and --password-stdin"),
                                  commandName);
            return Cli::login(context, argument);
        }
        if (commandName == u"logout")
            return Cli::logout(context, argument);
        return Cli::catalog(context, argument);
    }

    const Result<ImageReference> reference = ImageReference::parse(argument);
    if (!reference)
        return usageError(reference.error().message(), commandName);

    std::optional<Platform> platform;
    if (takesPlatform && sub.isSet(platformOption)) {
        const Result<Platform> parsed = Platform::parse(sub.value(platformOption));
        if (!parsed)
            return usageError(parsed.error().message(), commandName);
        platform = *parsed;
    }

    if (commandName == u"tags") {
        if (!reference->tag().isEmpty() || !reference->digest().isNull()) {
            return usageError(QStringLiteral("tags takes a repository, without a tag or digest"),
                              commandName);
        }
        bool jobsOk = false;
        const int jobs = sub.value(jobsOption).toInt(&jobsOk);
        if (!jobsOk || jobs < 1 || jobs > 256)
            return usageError(QStringLiteral("--jobs needs a number from 1 to 256"), commandName);
        return Cli::tags(context, *reference, sub.isSet(digestsOption), sub.isSet(resolveOption),
                         sub.isSet(jsonOption), jobs);
    }

    // Commands about one image read "latest" when no tag is given, as docker pull does.
    const ImageReference image = reference->dockerReference();
    if (commandName == u"compare") {
        const Result<ImageReference> other = ImageReference::parse(arguments.at(1));
        if (!other)
            return usageError(other.error().message(), commandName);
        return Cli::compare(context, image, other->dockerReference(), platform,
                            sub.isSet(jsonOption));
    }
    if (commandName == u"digest")
        return Cli::digest(context, image);
    if (commandName == u"manifest")
        return Cli::manifest(context, image, platform);
    if (commandName == u"config")
        return Cli::config(context, image, platform);
    if (commandName == u"inspect")
        return Cli::inspect(context, image, platform, sub.isSet(jsonOption));
    if (commandName == u"referrers")
        return Cli::referrers(context, image, sub.isSet(jsonOption));
    return Cli::verify(context, image, platform);
}
