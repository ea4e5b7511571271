#include "commands.h"

#include "registry/bloboperation.h"
#include "registry/layerverifyoperation.h"
#include "registry/listoperation.h"
#include "registry/manifestoperation.h"
#include "registry/referrersoperation.h"
#include "registry/registryclient.h"
#include "services/imagecomparison.h"
#include "services/imageinspection.h"
#include "services/report.h"
#include "services/tagresolver.h"
#include "values/imagemanifest.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

namespace Layerscope::Cli {

namespace {

// Runs the event loop until \a operation finishes.
void wait(Operation *operation)
{
    if (operation->isFinished())
        return;
    QEventLoop loop;
    QObject::connect(operation, &Operation::finished, &loop, &QEventLoop::quit);
    loop.exec();
}

int failure(const RegistryError &error)
{
    QString line = QStringLiteral("layerscope-cli: ") + error.toString();
    const QString hint = error.hint();
    if (!hint.isEmpty())
        line += QStringLiteral(" — ") + hint;
    QTextStream(stderr) << line.simplified() << '\n';
    return RegistryFailure;
}

void printRaw(const QByteArray &bytes)
{
    QFile out;
    if (out.open(stdout, QIODevice::WriteOnly))
        out.write(bytes);
}

void printJson(const QJsonValue &value)
{
    const QJsonDocument document
        = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    printRaw(document.toJson(QJsonDocument::Indented));
}

void warn(const QString &message)
{
    QTextStream(stderr) << "layerscope-cli: warning: " << message << '\n';
}

std::unique_ptr<RegistryClient> clientFor(const Context &context, const QString &registry)
{
    auto client = std::make_unique<RegistryClient>(registry, context.transport);
    if (context.credentials) {
        client->setCredentials(*context.credentials);
    } else if (context.store) {
        std::unique_ptr<CredentialLookup> lookup(context.store->lookup(registry, nullptr));
        wait(lookup.get());
        for (const QString &problem : lookup->problems())
            warn(problem + QStringLiteral(" (skipped)"));
        client->setCredentials(lookup->found().credentials);
    }
    return client;
}

QString tagOrDigest(const ImageReference &reference)
{
    return reference.digest().isNull() ? reference.tag() : reference.digest().toString();
}

// The inspection that commands reading one image start from.
std::unique_ptr<ImageInspection> inspectOne(RegistryClient *client, const ImageReference &reference,
                                            const std::optional<Platform> &platform)
{
    auto inspection = std::make_unique<ImageInspection>(client, reference, platform, nullptr);
    wait(inspection.get());
    return inspection;
}

} // namespace

int catalog(const Context &context, const QString &registry)
{
    auto client = clientFor(context, registry);
    ListOperation *list = client->listRepositories(client.get());
    QTextStream out(stdout);
    QObject::connect(list, &ListOperation::pageReceived, list, [&out](const QStringList &items) {
        for (const QString &item : items)
            out << item << '\n';
        out.flush();
    });
    wait(list);
    if (list->error().isError())
        return failure(list->error());
    return Success;
}

int tags(const Context &context, const ImageReference &repository, bool digests, bool resolve,
         bool json, int jobs)
{
    auto client = clientFor(context, repository.domain());
    QTextStream out(stdout);
    if (!digests && !resolve) {
        ListOperation *list = client->listTags(repository.path(), client.get());
        wait(list);
        if (list->error().isError())
            return failure(list->error());
        if (json) {
            printJson(QJsonArray::fromStringList(list->items()));
            return Success;
        }
        for (const QString &tag : list->items())
            out << tag << '\n';
        return Success;
    }

    TagResolver resolver(client.get(), repository.path(), {},
                         resolve ? TagResolver::Detail::Full : TagResolver::Detail::DigestOnly,
                         Platform::host(), jobs);
    wait(&resolver);
    if (resolver.error().isError())
        return failure(resolver.error());

    int failed = 0;
    QJsonArray array;
    if (resolve && !json)
        out << Report::tagHeader() << '\n';
    for (const TagInfo &info : resolver.results()) {
        if (info.error.isError()) {
            ++failed;
            QTextStream(stderr) << "layerscope-cli: " << info.tag << ": " << info.error.toString()
                                << '\n';
        }
        if (json)
            array.append(Report::tagJson(info));
        else if (resolve)
            out << Report::tagLine(info) << '\n';
        else if (!info.error.isError())
            out << info.tag << ' ' << info.digest.toString() << '\n';
    }
    if (json)
        printJson(array);
    return failed ? RegistryFailure : Success;
}

int digest(const Context &context, const ImageReference &reference)
{
    auto client = clientFor(context, reference.domain());
    ManifestOperation *head
        = client->headManifest(reference.path(), tagOrDigest(reference), client.get());
    wait(head);
    if (head->error().isError())
        return failure(head->error());
    QTextStream(stdout) << head->digest().toString() << '\n';
    return Success;
}

int manifest(const Context &context, const ImageReference &reference,
             const std::optional<Platform> &platform)
{
    auto client = clientFor(context, reference.domain());
    if (!platform) {
        ManifestOperation *fetch
            = client->fetchManifest(reference.path(), tagOrDigest(reference), client.get());
        wait(fetch);
        if (fetch->error().isError())
            return failure(fetch->error());
        printRaw(fetch->manifest()->raw());
        return Success;
    }
    const auto inspection = inspectOne(client.get(), reference, platform);
    if (inspection->error().isError())
        return failure(inspection->error());
    printRaw(inspection->images().constFirst().manifest->raw());
    return Success;
}

int config(const Context &context, const ImageReference &reference,
           const std::optional<Platform> &platform)
{
    auto client = clientFor(context, reference.domain());
    const auto inspection
        = inspectOne(client.get(), reference, platform.value_or(Platform::host()));
    if (inspection->error().isError())
        return failure(inspection->error());
    const ResolvedImage &image = inspection->images().constFirst();
    if (!image.config) {
        return failure(RegistryError(RegistryError::Category::NotFound,
                                     QStringLiteral("%1 has no image config (schema 1 manifest or "
                                                    "artifact)")
                                         .arg(reference.familiarString())));
    }
    printRaw(image.config->raw());
    return Success;
}

int inspect(const Context &context, const ImageReference &reference,
            const std::optional<Platform> &platform, bool json)
{
    auto client = clientFor(context, reference.domain());
    const auto inspection = inspectOne(client.get(), reference, platform);
    if (inspection->error().isError())
        return failure(inspection->error());
    if (json) {
        printJson(Report::inspectJson(*inspection));
        return Success;
    }
    QTextStream out(stdout);
    out << Report::inspectText(*inspection);
    const RateLimit limit = client->transport()->rateLimit();
    if (limit.isKnown()) {
        out << "\nRate limit:    " << limit.remaining << " of " << limit.limit << " requests left";
        if (limit.windowSeconds > 0)
            out << " (per " << limit.windowSeconds << " s)";
        out << '\n';
    }
    return Success;
}

int compare(const Context &context, const ImageReference &a, const ImageReference &b,
            const std::optional<Platform> &platform, bool json)
{
    // One client per registry, so that a registry asked twice authenticates once.
    auto clientA = clientFor(context, a.domain());
    std::unique_ptr<RegistryClient> clientB;
    if (b.domain() != a.domain())
        clientB = clientFor(context, b.domain());
    ImageComparison comparison(clientA.get(), a, clientB ? clientB.get() : clientA.get(), b,
                               nullptr);
    wait(&comparison);
    if (comparison.error().isError())
        return failure(comparison.error());

    const QList<ResolvedImage> &imagesA = comparison.inspectionA()->images();
    const QList<ResolvedImage> &imagesB = comparison.inspectionB()->images();
    ImagePair pair = defaultImagePair(imagesA, imagesB);
    if (platform) {
        pair = {imageForPlatform(imagesA, *platform), imageForPlatform(imagesB, *platform)};
        for (const auto &[index, images, reference] :
             {std::tuple(pair.a, &imagesA, &a), std::tuple(pair.b, &imagesB, &b)}) {
            if (index >= 0)
                continue;
            QStringList available;
            for (const ResolvedImage &image : *images)
                available.append(image.platform.toString());
            return failure(RegistryError(RegistryError::Category::NotFound,
                                         QStringLiteral("no image for %1 in %2; it has: %3")
                                             .arg(platform->toString(), reference->familiarString(),
                                                  available.join(QStringLiteral(", ")))));
        }
    }
    if (json)
        printJson(Report::compareJson(comparison, pair));
    else
        QTextStream(stdout) << Report::compareText(comparison, pair);
    return Success;
}

int referrers(const Context &context, const ImageReference &reference, bool json)
{
    auto client = clientFor(context, reference.domain());
    Digest subject = reference.digest();
    if (subject.isNull()) {
        ManifestOperation *head
            = client->headManifest(reference.path(), reference.tag(), client.get());
        wait(head);
        if (head->error().isError())
            return failure(head->error());
        subject = head->digest();
    }
    ReferrersOperation *operation = client->fetchReferrers(reference.path(), subject, client.get());
    wait(operation);
    if (operation->error().isError())
        return failure(operation->error());
    if (json) {
        printJson(Report::referrersJson(operation->referrers()));
        return Success;
    }
    QTextStream out(stdout);
    for (const Descriptor &referrer : operation->referrers()) {
        out << referrer.digest.toString() << ' '
            << (referrer.artifactType.isEmpty() ? QStringLiteral("-") : referrer.artifactType)
            << ' ' << referrer.mediaType << ' ' << referrer.size << '\n';
    }
    return Success;
}

int verify(const Context &context, const ImageReference &reference,
           const std::optional<Platform> &platform)
{
    auto client = clientFor(context, reference.domain());
    const auto inspection
        = inspectOne(client.get(), reference, platform.value_or(Platform::host()));
    if (inspection->error().isError())
        return failure(inspection->error());
    const ResolvedImage &image = inspection->images().constFirst();
    const QList<Descriptor> layers = image.layers();
    QTextStream out(stdout);
    out << "verifying " << layers.size() << (layers.size() == 1 ? " layer of " : " layers of ")
        << image.descriptor.digest.toString() << " (" << image.platform.toString() << ")\n";
    out.flush();

    bool allVerified = true;
    for (qsizetype i = 0; i < layers.size(); ++i) {
        const Digest diffId = image.config && i < image.config->diffIds().size()
            ? image.config->diffIds().at(i)
            : Digest();
        LayerVerifyOperation *operation
            = client->verifyLayer(reference.path(), layers.at(i), diffId, client.get());
        wait(operation);
        if (operation->error().isError()) {
            out << "layer " << (i + 1) << "  " << layers.at(i).digest.toString() << " FAIL\n";
            out.flush();
            return failure(operation->error());
        }
        out << Report::verifyLine(int(i + 1), *operation) << '\n';
        out.flush();
        allVerified = allVerified && operation->outcome().verified();
        operation->deleteLater();
    }
    if (!allVerified) {
        QTextStream(stderr) << "layerscope-cli: verification failed: a layer is not the content "
                               "the image names\n";
        return RegistryFailure;
    }
    out << (layers.size() == 1 ? QStringLiteral("the layer is verified\n")
                               : QStringLiteral("all %1 layers verified\n").arg(layers.size()));
    return Success;
}

int login(const Context &context, const QString &registry)
{
    std::unique_ptr<SignInOperation> signIn(
        context.store->signIn(registry, *context.credentials, true, context.transport, nullptr));
    wait(signIn.get());
    if (signIn->error().isError())
        return failure(signIn->error());
    QTextStream out(stdout);
    if (!signIn->remembered()) {
        // A command line has no session to keep credentials in: without a keychain the
        // sign-in is lost when this process ends.
        QTextStream(stderr) << "layerscope-cli: the registry accepted the credentials, but they "
                               "were not kept: "
                            << signIn->keychainProblem()
                            << "\nlayerscope-cli: pass --username and --password-stdin to each "
                               "command instead.\n";
        return RegistryFailure;
    }
    out << "Signed in to " << CredentialStore::registryKey(registry) << " as "
        << context.credentials->username << "; the password is in the system keychain.\n";
    if (!signIn->checked()) {
        warn(QStringLiteral("%1 asks for no authentication, so the credentials could not be "
                            "checked")
                 .arg(registry));
    }
    return Success;
}

int logout(const Context &context, const QString &registry)
{
    const QString key = CredentialStore::registryKey(registry);
    const QString username = context.store->keychainUser(key);
    std::unique_ptr<SignOutOperation> signOut(context.store->signOut(key, nullptr));
    wait(signOut.get());
    if (signOut->error().isError())
        return failure(signOut->error());
    QTextStream out(stdout);
    if (signOut->removedFromKeychain())
        out << "Signed out of " << key << ": the keychain entry of " << username
            << " is removed.\n";
    else
        out << "Not signed in to " << key << " with Layerscope.\n";
    const FoundCredentials &elsewhere = signOut->stillElsewhere();
    if (!elsewhere.isAnonymous()) {
        out << "A login for " << key << " (user " << elsewhere.credentials.username
            << ") remains in " << credentialSourceName(elsewhere.source) << " (" << elsewhere.origin
            << "), which Layerscope reads but never changes; `docker logout` removes it.\n";
    }
    return Success;
}

} // namespace Layerscope::Cli
