#include "services/report.h"

#include "registry/layerverifyoperation.h"
#include "services/imageinspection.h"
#include "values/imageindex.h"
#include "values/imagemanifest.h"
#include "values/mediatype.h"

#include <QJsonValue>

namespace Layerscope::Report {

namespace {

QJsonValue nullable(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonObject annotationsJson(const QMap<QString, QString> &annotations)
{
    QJsonObject object;
    for (auto it = annotations.constBegin(); it != annotations.constEnd(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QString entryKindName(ImageIndex::EntryKind kind)
{
    switch (kind) {
    case ImageIndex::EntryKind::Image:
        return QStringLiteral("image");
    case ImageIndex::EntryKind::Attestation:
        return QStringLiteral("attestation");
    case ImageIndex::EntryKind::Index:
        return QStringLiteral("index");
    case ImageIndex::EntryKind::Artifact:
        return QStringLiteral("artifact");
    }
    return {};
}

QString verificationText(ManifestOperation::Verification verification)
{
    switch (verification) {
    case ManifestOperation::Verification::RequestedDigest:
        return QStringLiteral("verified: the bytes hash to the digest asked for");
    case ManifestOperation::Verification::DigestHeader:
        return QStringLiteral("verified: the bytes hash to the registry's Docker-Content-Digest");
    case ManifestOperation::Verification::ComputedOnly:
        return QStringLiteral("computed from the bytes; the registry sent no digest to compare");
    case ManifestOperation::Verification::ReportedByRegistry:
        return QStringLiteral("as reported by the registry, not checked");
    }
    return {};
}

// The diff_id of layer \a index, when the config has one.
Digest diffIdOf(const ResolvedImage &image, qsizetype index)
{
    if (!image.config || index >= image.config->diffIds().size())
        return {};
    return image.config->diffIds().at(index);
}

QJsonObject imageJson(const ResolvedImage &image)
{
    QJsonObject object;
    object.insert(QStringLiteral("platform"),
                  nullable(image.platform.isNull() ? QString() : image.platform.toString()));
    object.insert(QStringLiteral("digest"), image.descriptor.digest.toString());
    object.insert(QStringLiteral("mediaType"),
                  image.manifest ? image.manifest->mediaType() : image.descriptor.mediaType);
    object.insert(QStringLiteral("size"),
                  image.manifest ? image.manifest->raw().size() : image.descriptor.size);
    const auto manifest = std::dynamic_pointer_cast<const ImageManifest>(image.manifest);
    const QString configDigest = manifest ? manifest->config().digest.toString() : QString();
    object.insert(QStringLiteral("configDigest"), nullable(configDigest));
    // The image ID that `docker images` shows is the config's digest.
    object.insert(QStringLiteral("imageId"), nullable(image.config ? configDigest : QString()));
    object.insert(QStringLiteral("created"),
                  nullable(image.config ? timestamp(image.config->created()) : QString()));
    object.insert(QStringLiteral("compressedSize"), image.compressedSize());

    QJsonArray layers;
    const QList<Descriptor> descriptors = image.layers();
    for (qsizetype i = 0; i < descriptors.size(); ++i) {
        const Descriptor &layer = descriptors.at(i);
        QJsonObject entry;
        entry.insert(QStringLiteral("digest"), layer.digest.toString());
        entry.insert(QStringLiteral("size"), layer.size);
        entry.insert(QStringLiteral("mediaType"), layer.mediaType);
        entry.insert(QStringLiteral("diffId"), nullable(diffIdOf(image, i).toString()));
        layers.append(entry);
    }
    object.insert(QStringLiteral("layers"), layers);

    QJsonArray history;
    if (image.config) {
        for (const ImageConfig::HistoryEntry &step : image.config->history()) {
            QJsonObject entry;
            entry.insert(QStringLiteral("created"), nullable(timestamp(step.created)));
            entry.insert(QStringLiteral("createdBy"), step.createdBy);
            entry.insert(QStringLiteral("emptyLayer"), step.emptyLayer);
            history.append(entry);
        }
    }
    object.insert(QStringLiteral("history"), history);
    return object;
}

} // namespace

QString humanSize(qint64 bytes)
{
    if (bytes < 0)
        return QStringLiteral("?");
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    const char *units[] = {"KiB", "MiB", "GiB", "TiB"};
    double value = double(bytes) / 1024.0;
    int unit = 0;
    while (value >= 1024.0 && unit < 3) {
        value /= 1024.0;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(value, 0, 'f', 1).arg(QLatin1StringView(units[unit]));
}

QString timestamp(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    return time.toUTC().toString(Qt::ISODate);
}

QJsonObject inspectJson(const ImageInspection &inspection)
{
    const ImageReference &reference = inspection.reference();
    const ManifestPtr &manifest = inspection.manifest();
    QJsonObject object;
    object.insert(QStringLiteral("reference"), reference.toString());
    object.insert(QStringLiteral("registry"), reference.domain());
    object.insert(QStringLiteral("repository"), reference.path());
    object.insert(QStringLiteral("tag"),
                  reference.digest().isNull() ? nullable(reference.tag()) : QJsonValue());
    object.insert(QStringLiteral("digest"), inspection.digest().toString());
    object.insert(QStringLiteral("mediaType"), manifest->mediaType());
    object.insert(QStringLiteral("size"), manifest->raw().size());

    QJsonArray entries;
    if (const auto index = std::dynamic_pointer_cast<const ImageIndex>(manifest)) {
        for (const Descriptor &entry : index->manifests()) {
            QJsonObject item;
            item.insert(QStringLiteral("digest"), entry.digest.toString());
            item.insert(QStringLiteral("mediaType"), entry.mediaType);
            item.insert(QStringLiteral("size"), entry.size);
            item.insert(QStringLiteral("platform"),
                        entry.platform ? QJsonValue(entry.platform->toString()) : QJsonValue());
            item.insert(QStringLiteral("kind"), entryKindName(ImageIndex::entryKind(entry)));
            item.insert(QStringLiteral("annotations"), annotationsJson(entry.annotations));
            entries.append(item);
        }
    }
    object.insert(QStringLiteral("manifests"), entries);

    QJsonArray images;
    for (const ResolvedImage &image : inspection.images())
        images.append(imageJson(image));
    object.insert(QStringLiteral("images"), images);
    return object;
}

QString inspectText(const ImageInspection &inspection)
{
    const ManifestPtr &manifest = inspection.manifest();
    QString text;
    const auto line = [&text](const QString &label, const QString &value) {
        text += QStringLiteral("%1 %2\n").arg(label + u':', -14).arg(value);
    };
    line(QStringLiteral("Reference"), inspection.reference().toString());
    line(QStringLiteral("Digest"), inspection.digest().toString());
    line(QStringLiteral("Media type"),
         QStringLiteral("%1 — %2").arg(manifest->mediaType(),
                                       MediaType::displayName(manifest->mediaType())));
    line(QStringLiteral("Size"), QStringLiteral("%1 bytes").arg(manifest->raw().size()));
    line(QStringLiteral("Verified"), verificationText(inspection.verification()));

    if (const auto index = std::dynamic_pointer_cast<const ImageIndex>(manifest)) {
        text += QStringLiteral("\nIndex entries:\n");
        for (const Descriptor &entry : index->manifests()) {
            QString note;
            if (entry.isAttestation())
                note = QStringLiteral("  attests %1")
                           .arg(entry.annotation(MediaType::AnnotationReferenceDigest));
            text += QStringLiteral("  %1 %2 %3 %4%5\n")
                        .arg(entryKindName(ImageIndex::entryKind(entry)), -12)
                        .arg(entry.platform ? entry.platform->toString() : QStringLiteral("-"), -18)
                        .arg(entry.digest.toString())
                        .arg(humanSize(entry.size), 10)
                        .arg(note);
        }
    }

    for (const ResolvedImage &image : inspection.images()) {
        text += QStringLiteral("\nImage %1\n")
                    .arg(image.platform.isNull() ? QStringLiteral("(no platform)")
                                                 : image.platform.toString());
        const auto manifestOf = std::dynamic_pointer_cast<const ImageManifest>(image.manifest);
        line(QStringLiteral("  Manifest"), image.descriptor.digest.toString());
        if (manifestOf) {
            const Digest config = manifestOf->config().digest;
            line(QStringLiteral("  Config"), config.toString());
            if (image.config)
                line(QStringLiteral("  Image ID"),
                     QStringLiteral("%1 (docker images: %2)")
                         .arg(config.toString(), config.shortHex()));
        }
        if (image.config) {
            line(QStringLiteral("  Created"), timestamp(image.config->created()));
        }
        const QList<Descriptor> layers = image.layers();
        line(QStringLiteral("  Compressed"),
             QStringLiteral("%1 in %2 layers")
                 .arg(humanSize(image.compressedSize()))
                 .arg(layers.size()));
        if (layers.isEmpty())
            continue;
        text
            += QStringLiteral("  Layers (digest = compressed blob, diff_id = uncompressed tar):\n");
        const QList<qsizetype> historyOf
            = image.config ? image.config->historyIndexForLayers() : QList<qsizetype>();
        for (qsizetype i = 0; i < layers.size(); ++i) {
            const Descriptor &layer = layers.at(i);
            text += QStringLiteral("  %1  %2  %3\n")
                        .arg(i + 1, 3)
                        .arg(layer.digest.toString())
                        .arg(humanSize(layer.size), 10);
            const Digest diffId = diffIdOf(image, i);
            if (!diffId.isNull())
                text += QStringLiteral("       diff_id %1\n").arg(diffId.toString());
            const qsizetype step = historyOf.value(i, -1);
            if (step >= 0) {
                QString createdBy = image.config->history().at(step).createdBy.simplified();
                if (createdBy.size() > 100)
                    createdBy = createdBy.left(100) + QStringLiteral("…");
                text += QStringLiteral("       created by %1\n").arg(createdBy);
            }
        }
    }
    return text;
}

QJsonObject tagJson(const TagInfo &info)
{
    QJsonObject object;
    object.insert(QStringLiteral("tag"), info.tag);
    object.insert(QStringLiteral("digest"), nullable(info.digest.toString()));
    object.insert(QStringLiteral("mediaType"), nullable(info.mediaType));
    object.insert(QStringLiteral("platforms"), QJsonArray::fromStringList(info.platforms));
    object.insert(QStringLiteral("compressedSize"),
                  info.compressedSize >= 0 ? QJsonValue(info.compressedSize) : QJsonValue());
    object.insert(QStringLiteral("created"), nullable(timestamp(info.created)));
    if (info.error.isError())
        object.insert(QStringLiteral("error"), info.error.toString());
    return object;
}

QString tagLine(const TagInfo &info)
{
    if (info.error.isError())
        return QStringLiteral("%1  error: %2").arg(info.tag, info.error.toString());
    return QStringLiteral("%1  %2  %3  %4  %5")
        .arg(info.tag, -20)
        .arg(info.digest.isNull() ? QStringLiteral("-") : info.digest.shortHex(), -12)
        .arg(info.platforms.join(u','), -30)
        .arg(humanSize(info.compressedSize), 10)
        .arg(timestamp(info.created));
}

QString tagHeader()
{
    return QStringLiteral("%1  %2  %3  %4  %5")
        .arg(QStringLiteral("TAG"), -20)
        .arg(QStringLiteral("DIGEST"), -12)
        .arg(QStringLiteral("PLATFORMS"), -30)
        .arg(QStringLiteral("SIZE"), 10)
        .arg(QStringLiteral("CREATED"));
}

QJsonArray referrersJson(const QList<Descriptor> &referrers)
{
    QJsonArray array;
    for (const Descriptor &referrer : referrers) {
        QJsonObject object;
        object.insert(QStringLiteral("digest"), referrer.digest.toString());
        object.insert(QStringLiteral("mediaType"), referrer.mediaType);
        object.insert(QStringLiteral("artifactType"), nullable(referrer.artifactType));
        object.insert(QStringLiteral("size"), referrer.size);
        object.insert(QStringLiteral("annotations"), annotationsJson(referrer.annotations));
        array.append(object);
    }
    return array;
}

QString verifyLine(int number, const LayerVerifyOperation &operation)
{
    const LayerDigester::Outcome &outcome = operation.outcome();
    const auto verdict = [](LayerDigester::Check check) {
        switch (check) {
        case LayerDigester::Check::Match:
            return QStringLiteral("OK");
        case LayerDigester::Check::Mismatch:
            return QStringLiteral("FAIL");
        case LayerDigester::Check::NotChecked:
            break;
        }
        return QStringLiteral("-");
    };
    QString text = QStringLiteral("layer %1  digest %2 %3  diff_id %4 %5")
                       .arg(number)
                       .arg(outcome.compressedDigest.toString(), verdict(outcome.digestCheck))
                       .arg(outcome.diffId.toString(), verdict(outcome.diffIdCheck));
    if (!outcome.verified())
        text += QStringLiteral("\n  ") + outcome.mismatchText();
    return text;
}

} // namespace Layerscope::Report
