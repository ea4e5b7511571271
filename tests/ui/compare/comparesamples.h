#pragma once

#include "compare/compareside.h"
#include "values/imageconfig.h"
#include "values/imagemanifest.h"
#include "values/imagereference.h"
#include "values/mediatype.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

/**
 * Images for the compare window assembled from documents written here: configs, manifests and
 * indexes as a registry serves them, parsed by core's parsers, with every digest computed from
 * the bytes it names, so they agree as real ones do. Layer blobs exist only as digests.
 *
 * sampleSideA() and sampleSideB() are two releases of a multi-platform web service with every
 * kind of layer row (same, recompressed, only in A, only in B), run config differences and
 * platforms on one side only; identicalSideA() and identicalSideB() are one image pushed
 * twice with its layers compressed differently.
 */
namespace CompareSamples {

/// One build step of a sample image.
struct Step
{
    /// What the layer holds: its diff_id hashes this name. Empty for a step that made no layer.
    QString content;
    /// Which compression of the content: each number gives another compressed digest.
    int compression = 0;
    qint64 size = 0; ///< the compressed size
    QString createdBy;
};

/// The diff_id of the layer that holds \a content.
inline Layerscope::Digest diffIdOf(const QString &content)
{
    return Layerscope::Digest::compute(QByteArray("tar ") + content.toUtf8());
}

/// The compressed digest of \a content's layer compressed the \a compression-th way.
inline Layerscope::Digest blobOf(const QString &content, int compression)
{
    return Layerscope::Digest::compute(
        QStringLiteral("blob %1 #%2").arg(content).arg(compression).toUtf8());
}

inline QJsonObject platformJson(const Layerscope::Platform &platform)
{
    QJsonObject object{{QStringLiteral("os"), platform.os},
                       {QStringLiteral("architecture"), platform.architecture}};
    if (!platform.variant.isEmpty())
        object.insert(QStringLiteral("variant"), platform.variant);
    return object;
}

/// The config document of an image of \a platform built by \a steps with \a runConfig.
inline QByteArray configDocument(const Layerscope::Platform &platform, const QList<Step> &steps,
                                 const QJsonObject &runConfig, const QDateTime &created)
{
    QJsonArray diffIds;
    QJsonArray history;
    QDateTime time = created.addSecs(-60 * qsizetype(steps.size()));
    for (const Step &step : steps) {
        time = time.addSecs(60);
        QJsonObject entry{{QStringLiteral("created"), time.toUTC().toString(Qt::ISODate)},
                          {QStringLiteral("created_by"), step.createdBy}};
        if (step.content.isEmpty())
            entry.insert(QStringLiteral("empty_layer"), true);
        else
            diffIds.append(diffIdOf(step.content).toString());
        entry.insert(QStringLiteral("comment"), QStringLiteral("buildkit.dockerfile.v0"));
        history.append(entry);
    }
    QJsonObject document = platformJson(platform);
    document.insert(QStringLiteral("created"), created.toUTC().toString(Qt::ISODate));
    document.insert(QStringLiteral("config"), runConfig);
    document.insert(QStringLiteral("rootfs"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("layers")},
                                {QStringLiteral("diff_ids"), diffIds}});
    document.insert(QStringLiteral("history"), history);
    return QJsonDocument(document).toJson(QJsonDocument::Compact);
}

/// An OCI image of \a platform: its config, and a manifest that names it and the layers.
inline Layerscope::ResolvedImage image(const Layerscope::Platform &platform,
                                       const QList<Step> &steps, const QJsonObject &runConfig,
                                       const QDateTime &created)
{
    using namespace Layerscope;
    const QByteArray configRaw = configDocument(platform, steps, runConfig, created);
    const auto config = ImageConfig::parse(configRaw);
    if (!config)
        qFatal("sample config: %s", qPrintable(config.error().message()));

    QJsonArray layers;
    for (const Step &step : steps) {
        if (step.content.isEmpty())
            continue;
        layers.append(QJsonObject{
            {QStringLiteral("mediaType"), QString(MediaType::OciLayerGzip)},
            {QStringLiteral("digest"), blobOf(step.content, step.compression).toString()},
            {QStringLiteral("size"), step.size}});
    }
    const QJsonObject manifestJson{
        {QStringLiteral("schemaVersion"), 2},
        {QStringLiteral("mediaType"), QString(MediaType::OciManifest)},
        {QStringLiteral("config"),
         QJsonObject{{QStringLiteral("mediaType"), QString(MediaType::OciConfig)},
                     {QStringLiteral("digest"), config->digest().toString()},
                     {QStringLiteral("size"), configRaw.size()}}},
        {QStringLiteral("layers"), layers}};
    const QByteArray manifestRaw = QJsonDocument(manifestJson).toJson(QJsonDocument::Compact);
    const auto manifest = ImageManifest::parse(manifestRaw);
    if (!manifest)
        qFatal("sample manifest: %s", qPrintable(manifest.error().message()));

    ResolvedImage image;
    image.platform = platform;
    image.manifest = *manifest;
    image.config = *config;
    image.descriptor.mediaType = QString(MediaType::OciManifest);
    image.descriptor.digest = Digest::compute(manifestRaw);
    image.descriptor.size = manifestRaw.size();
    image.descriptor.platform = platform;
    return image;
}

/// The side \a reference names: its one image, or an OCI index of \a images.
inline Layerscope::CompareSide side(const QString &reference,
                                    const QList<Layerscope::ResolvedImage> &images)
{
    using namespace Layerscope;
    const auto parsed = ImageReference::parse(reference);
    if (!parsed)
        qFatal("sample reference %s: %s", qPrintable(reference),
               qPrintable(parsed.error().message()));
    CompareSide side;
    side.reference = *parsed;
    side.images = images;
    if (images.size() == 1) {
        side.digest = images.constFirst().descriptor.digest;
        return side;
    }
    QJsonArray manifests;
    for (const ResolvedImage &image : images) {
        manifests.append(QJsonObject{{QStringLiteral("mediaType"), image.descriptor.mediaType},
                                     {QStringLiteral("digest"), image.descriptor.digest.toString()},
                                     {QStringLiteral("size"), image.descriptor.size},
                                     {QStringLiteral("platform"), platformJson(image.platform)}});
    }
    const QJsonObject index{{QStringLiteral("schemaVersion"), 2},
                            {QStringLiteral("mediaType"), QString(MediaType::OciIndex)},
                            {QStringLiteral("manifests"), manifests}};
    side.digest = Digest::compute(QJsonDocument(index).toJson(QJsonDocument::Compact));
    return side;
}

inline Layerscope::Platform platform(const QString &text)
{
    const auto parsed = Layerscope::Platform::parse(text);
    if (!parsed)
        qFatal("sample platform %s", qPrintable(text));
    return *parsed;
}

inline QJsonObject keys(const QStringList &names)
{
    QJsonObject object;
    for (const QString &name : names)
        object.insert(name, QJsonObject());
    return object;
}

inline QJsonArray strings(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

/// The build of the service's release 1.4 (\a b false) or 1.5 for \a arch.
inline QList<Step> serviceSteps(bool b, const QString &arch)
{
    // Each platform's layers hold other files: the content names carry the architecture.
    const auto c = [&arch](const QString &name) {
        return name + u'@' + arch;
    };
    QList<Step> steps{
        {c(QStringLiteral("debian-bookworm-slim")), 0, 29'150'000,
         QStringLiteral("# debian.sh --arch '%1' out/ 'bookworm' '@1714953600'").arg(arch)},
        {{}, 0, 0, QStringLiteral("CMD [\"bash\"]")},
        {c(QStringLiteral("ca-certificates")), 0, 1'231'000,
         QStringLiteral("RUN /bin/sh -c apt-get update && apt-get install -y "
                        "--no-install-recommends ca-certificates netbase tzdata && rm -rf "
                        "/var/lib/apt/lists/* # buildkit")},
        {{}, 0, 0, QStringLiteral("ENV LANG=C.UTF-8")},
    };
    if (!b)
        steps.append({c(QStringLiteral("locales")), 0, 6'402'000,
                      QStringLiteral("RUN /bin/sh -c apt-get install -y locales && localedef -i "
                                     "en_US -f UTF-8 en_US.UTF-8 # buildkit")});
    steps.append({{},
                  0,
                  0,
                  QStringLiteral("ENV PYTHON_VERSION=%1")
                      .arg(b ? QStringLiteral("3.12.4") : QStringLiteral("3.12.2"))});
    steps.append({c(QStringLiteral("python-3.12")), b ? 1 : 0, b ? 12'204'000 : 12'418'000,
                  QStringLiteral("RUN /bin/sh -c set -eux; wget -O python.tar.xz "
                                 "\"https://www.python.org/ftp/python/${PYTHON_VERSION%%[a-z]*}/"
                                 "Python-$PYTHON_VERSION.tar.xz\"; ./configure "
                                 "--enable-optimizations --with-lto; make -j \"$(nproc)\"; make "
                                 "install # buildkit")});
    steps.append({c(QStringLiteral("python-links")), b ? 1 : 0, b ? 229 : 231,
                  QStringLiteral("RUN /bin/sh -c set -eux; for src in idle3 pip3 pydoc3 python3 "
                                 "python3-config; do ln -svT \"$src\" \"/usr/local/bin/${src%3}\"; "
                                 "done # buildkit")});
    steps.append({{},
                  0,
                  0,
                  QStringLiteral("WORKDIR %1")
                      .arg(b ? QStringLiteral("/app") : QStringLiteral("/srv/app"))});
    steps.append({c(b ? QStringLiteral("requirements-1.5") : QStringLiteral("requirements-1.4")), 0,
                  b ? 19'873'000 : 18'716'000,
                  QStringLiteral("RUN /bin/sh -c pip install --no-cache-dir -r requirements.txt "
                                 "# buildkit")});
    steps.append({c(b ? QStringLiteral("src-1.5") : QStringLiteral("src-1.4")), 0,
                  b ? 2'391'000 : 2'288'000,
                  QStringLiteral("COPY . %1 # buildkit")
                      .arg(b ? QStringLiteral("/app") : QStringLiteral("/srv/app"))});
    steps.append({c(QStringLiteral("static-assets")), 0, 4'817'000,
                  QStringLiteral("COPY static/ /srv/static/ # buildkit")});
    if (b)
        steps.append({c(QStringLiteral("healthcheck")), 0, 912'000,
                      QStringLiteral("RUN /bin/sh -c apt-get install -y --no-install-recommends "
                                     "curl # buildkit")});
    steps.append({c(QStringLiteral("entrypoint")), 0, 1'104,
                  QStringLiteral("COPY docker-entrypoint.sh /usr/local/bin/ # buildkit")});
    steps.append({{}, 0, 0, QStringLiteral("ENTRYPOINT [\"docker-entrypoint.sh\"]")});
    steps.append({{}, 0, 0, QStringLiteral("CMD [\"gunicorn\" \"shop.wsgi\"]")});
    return steps;
}

/// The run config of release 1.4 (\a b false) or 1.5.
inline QJsonObject serviceRunConfig(bool b)
{
    QStringList env{QStringLiteral("PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:"
                                   "/usr/bin:/sbin:/bin"),
                    QStringLiteral("LANG=C.UTF-8"),
                    QStringLiteral("PYTHON_VERSION=%1")
                        .arg(b ? QStringLiteral("3.12.4") : QStringLiteral("3.12.2"))};
    if (!b)
        env.append(QStringLiteral("APP_ENV=production"));
    env.append(
        QStringLiteral("GUNICORN_WORKERS=%1").arg(b ? QStringLiteral("8") : QStringLiteral("4")));
    if (b)
        env.append(QStringLiteral("FEATURE_FLAGS=checkout-v2,search-v3"));
    QJsonObject labels{{QStringLiteral("org.opencontainers.image.source"),
                        QStringLiteral("https://git.example.com/shop/api")},
                       {QStringLiteral("org.opencontainers.image.version"),
                        b ? QStringLiteral("1.5.0") : QStringLiteral("1.4.2")}};
    if (b)
        labels.insert(QStringLiteral("org.opencontainers.image.revision"),
                      QStringLiteral("9f2c1e7"));
    else
        labels.insert(QStringLiteral("maintainer"), QStringLiteral("Shop Team <shop@example.com>"));
    QStringList cmd{QStringLiteral("gunicorn"), QStringLiteral("--bind"),
                    QStringLiteral("0.0.0.0:8000")};
    if (b)
        cmd << QStringLiteral("--workers") << QStringLiteral("8");
    cmd << QStringLiteral("shop.wsgi");
    QJsonObject config{
        {QStringLiteral("Env"), strings(env)},
        {QStringLiteral("Entrypoint"), strings({QStringLiteral("docker-entrypoint.sh")})},
        {QStringLiteral("Cmd"), strings(cmd)},
        {QStringLiteral("WorkingDir"), b ? QStringLiteral("/app") : QStringLiteral("/srv/app")},
        {QStringLiteral("User"), b ? QStringLiteral("10001") : QStringLiteral("app")},
        {QStringLiteral("ExposedPorts"),
         keys(b ? QStringList{QStringLiteral("8000/tcp"), QStringLiteral("9102/tcp")}
                : QStringList{QStringLiteral("8000/tcp")})},
        {QStringLiteral("Labels"), labels}};
    if (!b)
        config.insert(QStringLiteral("Volumes"), keys({QStringLiteral("/srv/app/media")}));
    return config;
}

inline Layerscope::CompareSide serviceSide(bool b)
{
    const QDateTime created = b ? QDateTime(QDate(2024, 6, 20), QTime(8, 40), Qt::UTC)
                                : QDateTime(QDate(2024, 3, 2), QTime(10, 15), Qt::UTC);
    QList<Layerscope::ResolvedImage> images;
    const QStringList platforms = b
        ? QStringList{QStringLiteral("linux/amd64"), QStringLiteral("linux/arm64/v8"),
                      QStringLiteral("linux/riscv64")}
        : QStringList{QStringLiteral("linux/amd64"), QStringLiteral("linux/arm64/v8"),
                      QStringLiteral("linux/s390x")};
    for (const QString &text : platforms) {
        const Layerscope::Platform p = platform(text);
        images.append(image(p, serviceSteps(b, p.architecture), serviceRunConfig(b), created));
    }
    return side(b ? QStringLiteral("registry.example.com/shop/api:1.5")
                  : QStringLiteral("registry.example.com/shop/api:1.4"),
                images);
}

/// Release 1.4 of a web service for three platforms (linux/amd64, linux/arm64/v8,
/// linux/s390x).
inline Layerscope::CompareSide sampleSideA()
{
    return serviceSide(false);
}

/// Release 1.5 of the service of sampleSideA(): recompressed Python layers, new dependencies
/// and sources, a new health-check layer, a changed run config; linux/riscv64 instead of
/// linux/s390x. Compared with A: 4 layers the same, 2 recompressed, 3 only in A, 3 only in B.
inline Layerscope::CompareSide sampleSideB()
{
    return serviceSide(true);
}

/// Release 1.5 for linux/amd64 alone, with its layers compressed the \a compression-th way.
inline Layerscope::CompareSide identicalSide(const QString &reference, int compression)
{
    QList<Step> steps = serviceSteps(true, QStringLiteral("amd64"));
    for (Step &step : steps)
        step.compression = compression;
    const QDateTime created(QDate(2024, 6, 20), QTime(8, 40), Qt::UTC);
    return side(
        reference,
        {image(platform(QStringLiteral("linux/amd64")), steps, serviceRunConfig(true), created)});
}

/// The image of sampleSideB() for linux/amd64 as one registry has it.
inline Layerscope::CompareSide identicalSideA()
{
    return identicalSide(QStringLiteral("registry.example.com/shop/api:1.5"), 0);
}

/// The same image pushed to a mirror by a tool that compressed every layer again: the same
/// config (image ID), another manifest.
inline Layerscope::CompareSide identicalSideB()
{
    return identicalSide(QStringLiteral("mirror.example.com/shop/api:1.5"), 7);
}

} // namespace CompareSamples
