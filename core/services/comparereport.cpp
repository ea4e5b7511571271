// The compare command's output; declared in report.h with the other reports.

#include "services/imagecomparison.h"
#include "services/report.h"
#include "values/imagemanifest.h"

#include <QJsonArray>
#include <QJsonValue>

namespace Layerscope::Report {

namespace {

QJsonValue nullableText(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue optionalText(const std::optional<QString> &text)
{
    return text ? QJsonValue(*text) : QJsonValue(QJsonValue::Null);
}

Digest configDigestOf(const ResolvedImage &image)
{
    if (const auto manifest = std::dynamic_pointer_cast<const ImageManifest>(image.manifest))
        return manifest->config().digest;
    return {};
}

QJsonObject sideJson(const ImageInspection &inspection, const ResolvedImage &image)
{
    const Digest config = configDigestOf(image);
    return QJsonObject{
        {QStringLiteral("reference"), inspection.reference().toString()},
        {QStringLiteral("digest"), inspection.digest().toString()},
        {QStringLiteral("manifestDigest"), image.descriptor.digest.toString()},
        {QStringLiteral("configDigest"),
         config.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(config.toString())},
        {QStringLiteral("platform"),
         image.platform.isNull() ? QJsonValue(QJsonValue::Null)
                                 : QJsonValue(image.platform.toString())},
        {QStringLiteral("created"),
         nullableText(image.config ? timestamp(image.config->created()) : QString())},
        {QStringLiteral("compressedSize"), double(image.compressedSize())},
        {QStringLiteral("layerCount"), int(image.layers().size())},
    };
}

QJsonValue layerJson(const std::optional<LayerSide> &layer)
{
    if (!layer)
        return QJsonValue(QJsonValue::Null);
    return QJsonObject{
        {QStringLiteral("digest"), layer->digest.toString()},
        {QStringLiteral("size"), double(layer->size)},
        {QStringLiteral("diffId"),
         layer->diffId.isNull() ? QJsonValue(QJsonValue::Null)
                                : QJsonValue(layer->diffId.toString())},
        {QStringLiteral("createdBy"), nullableText(layer->createdBy)},
    };
}

QJsonArray platformsJson(const QList<Platform> &platforms)
{
    QJsonArray array;
    for (const Platform &platform : platforms)
        array.append(platform.toString());
    return array;
}

QString platformList(const QList<Platform> &platforms)
{
    QStringList names;
    for (const Platform &platform : platforms)
        names.append(platform.toString());
    return names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "));
}

QString signedSize(qint64 delta)
{
    if (delta == 0)
        return QStringLiteral("no change");
    return (delta > 0 ? QStringLiteral("+") : QStringLiteral("-"))
        + humanSize(delta > 0 ? delta : -delta);
}

QString markerOf(LayerChange change)
{
    switch (change) {
    case LayerChange::Same:
        return QStringLiteral("=");
    case LayerChange::Recompressed:
        return QStringLiteral("~");
    case LayerChange::OnlyA:
        return QStringLiteral("-");
    case LayerChange::OnlyB:
        return QStringLiteral("+");
    }
    return {};
}

// A config value as the text output writes it: strings quoted, lists (entrypoint, cmd) as the
// JSON they are, keys of sets (ports, volumes) as present or not.
QString shown(const ConfigDifference &difference, const std::optional<QString> &value)
{
    if (!value)
        return QStringLiteral("(not set)");
    if (difference.field == u"exposedPorts" || difference.field == u"volumes")
        return QStringLiteral("(set)");
    if (difference.field == u"entrypoint" || difference.field == u"cmd")
        return *value;
    return u'"' + *value + u'"';
}

// The two images a report is about, and their comparison.
struct Compared
{
    Compared(const ImageComparison &comparison, ImagePair pair)
        : a(*comparison.inspectionA())
        , b(*comparison.inspectionB())
        , imageA(a.images().at(pair.a))
        , imageB(b.images().at(pair.b))
        , diff(diffImages(imageA, imageB))
    { }

    const ImageInspection &a;
    const ImageInspection &b;
    const ResolvedImage &imageA;
    const ResolvedImage &imageB;
    const ImageDiff diff;
};

} // namespace

QJsonObject compareJson(const ImageComparison &comparison, ImagePair pair)
{
    const Compared c(comparison, pair);

    QJsonArray layers;
    for (const AlignedLayer &row : c.diff.layers) {
        layers.append(QJsonObject{{QStringLiteral("status"), layerChangeName(row.change)},
                                  {QStringLiteral("a"), layerJson(row.a)},
                                  {QStringLiteral("b"), layerJson(row.b)}});
    }
    QJsonArray config;
    for (const ConfigDifference &difference : c.diff.config) {
        config.append(QJsonObject{{QStringLiteral("field"), difference.field},
                                  {QStringLiteral("key"), nullableText(difference.key)},
                                  {QStringLiteral("a"), optionalText(difference.a)},
                                  {QStringLiteral("b"), optionalText(difference.b)}});
    }
    const PlatformSets platforms = comparePlatforms(c.a.images(), c.b.images());
    return QJsonObject{
        {QStringLiteral("a"), sideJson(c.a, c.imageA)},
        {QStringLiteral("b"), sideJson(c.b, c.imageB)},
        {QStringLiteral("identical"), c.diff.identical},
        {QStringLiteral("layers"), layers},
        {QStringLiteral("config"), config},
        {QStringLiteral("platforms"),
         QJsonObject{{QStringLiteral("onlyA"), platformsJson(platforms.onlyA)},
                     {QStringLiteral("onlyB"), platformsJson(platforms.onlyB)},
                     {QStringLiteral("both"), platformsJson(platforms.both)}}},
        {QStringLiteral("summary"),
         QJsonObject{{QStringLiteral("shared"), c.diff.summary.shared},
                     {QStringLiteral("recompressed"), c.diff.summary.recompressed},
                     {QStringLiteral("onlyA"), c.diff.summary.onlyA},
                     {QStringLiteral("onlyB"), c.diff.summary.onlyB},
                     {QStringLiteral("sharedBytes"), double(c.diff.summary.sharedBytes)}}},
        {QStringLiteral("sizeDelta"), double(c.diff.summary.sizeDelta)},
    };
}

QString compareText(const ImageComparison &comparison, ImagePair pair)
{
    const Compared c(comparison, pair);

    QString text;
    const auto line = [&text](const QString &label, const QString &value) {
        text += QStringLiteral("   %1 %2\n").arg(label + u':', -14).arg(value);
    };
    const auto side
        = [&](QChar name, const ImageInspection &inspection, const ResolvedImage &image) {
              text += QStringLiteral("%1  %2\n").arg(name).arg(inspection.reference().toString());
              line(QStringLiteral("Digest"), inspection.digest().toString());
              if (image.descriptor.digest != inspection.digest())
                  line(QStringLiteral("Manifest"), image.descriptor.digest.toString());
              const Digest config = configDigestOf(image);
              if (!config.isNull())
                  line(QStringLiteral("Image ID"), config.toString());
              if (!image.platform.isNull())
                  line(QStringLiteral("Platform"), image.platform.toString());
              if (image.config && image.config->created().isValid())
                  line(QStringLiteral("Created"), timestamp(image.config->created()));
              line(QStringLiteral("Compressed"),
                   QStringLiteral("%1 in %2 layers")
                       .arg(humanSize(image.compressedSize()))
                       .arg(image.layers().size()));
          };
    side(u'A', c.a, c.imageA);
    side(u'B', c.b, c.imageB);

    text += u'\n';
    if (c.a.digest() == c.b.digest() && c.imageA.descriptor.digest == c.imageB.descriptor.digest)
        text += QStringLiteral("The same manifest: A and B are one image.\n");
    else if (c.diff.identical)
        text += QStringLiteral("Identical image: the config digests are equal; the manifests "
                               "differ (layers recompressed or the image pushed again).\n");
    else
        text += QStringLiteral("Different images.\n");
    const LayerDiffSummary &summary = c.diff.summary;
    text += QStringLiteral("Layers: %1 shared (%2), %3 recompressed, %4 only in A, %5 only in B. "
                           "Size: %6.\n")
                .arg(summary.shared)
                .arg(humanSize(summary.sharedBytes))
                .arg(summary.recompressed)
                .arg(summary.onlyA)
                .arg(summary.onlyB)
                .arg(signedSize(summary.sizeDelta));

    if (!c.diff.layers.isEmpty()) {
        // Each side's cells are a 12-character digest, a space and a 10-character size.
        text += QStringLiteral("\n   %1 %2 %3\n")
                    .arg(QStringLiteral("A"), -23)
                    .arg(QStringLiteral("B"), -23)
                    .arg(QStringLiteral("step (B's, or A's when only A has the layer)"));
        for (const AlignedLayer &row : c.diff.layers) {
            const auto cells = [](const std::optional<LayerSide> &layer) {
                return layer ? QStringLiteral("%1 %2")
                                   .arg(layer->digest.shortHex(), -12)
                                   .arg(humanSize(layer->size), 10)
                             : QStringLiteral("%1 %2").arg(QString(), -12).arg(QString(), 10);
            };
            const QString step = (row.b ? row.b->createdBy : row.a->createdBy).simplified();
            text += QStringLiteral("%1  %2 %3 %4\n")
                        .arg(markerOf(row.change), cells(row.a), cells(row.b),
                             step.size() > 60 ? step.left(59) + QChar(0x2026) : step);
        }
        text += QStringLiteral("   (= same blob, ~ same content recompressed, - only in A, + only "
                               "in B)\n");
    }

    text += QStringLiteral("\nConfig differences:");
    if (c.diff.config.isEmpty())
        text += QStringLiteral(" none\n");
    else
        text += u'\n';
    for (const ConfigDifference &difference : c.diff.config) {
        const QString what = difference.key.isEmpty()
            ? difference.field
            : QStringLiteral("%1 %2").arg(difference.field, difference.key);
        text += QStringLiteral("   %1: %2 -> %3\n")
                    .arg(what, shown(difference, difference.a), shown(difference, difference.b));
    }

    const PlatformSets platforms = comparePlatforms(c.a.images(), c.b.images());
    if (c.a.images().size() > 1 || c.b.images().size() > 1) {
        text += QStringLiteral("\nPlatforms: both %1; only in A %2; only in B %3\n")
                    .arg(platformList(platforms.both), platformList(platforms.onlyA),
                         platformList(platforms.onlyB));
    }
    return text;
}

} // namespace Layerscope::Report
