#include "values/imagemanifest.h"

#include "values/descriptor_p.h"
#include "values/json_p.h"
#include "values/mediatype.h"

#include <QJsonObject>
#include <QtNumeric>

#include <limits>

namespace Layerscope {

namespace {

using Code = ParseError::Code;
using Json::Presence;

} // namespace

ImageManifest::ImageManifest(Format format, QByteArray raw)
    : Manifest(format, raw, Digest::compute(raw))
{ }

Result<ImageManifestPtr> ImageManifest::parse(const QByteArray &raw, QAnyStringView contentType)
{
    const Result<ManifestPtr> manifest = Manifest::parse(raw, contentType);
    if (!manifest)
        return manifest.error();
    const Format format = (*manifest)->format();
    if (format != Format::DockerSchema2 && format != Format::OciManifest) {
        return ParseError(
            Code::MediaTypeMismatch,
            QStringLiteral("expected an image manifest, found a %1").arg(formatName(format)));
    }
    return std::static_pointer_cast<const ImageManifest>(*manifest);
}

Result<ManifestPtr> ImageManifest::fromJson(const QByteArray &raw, const QJsonObject &object,
                                            Format format)
{
    std::shared_ptr<ImageManifest> manifest(new ImageManifest(format, raw));
    Json::FieldReader reader(object);

    if (std::optional<Json::FieldReader> config = reader.child(u"config", Presence::Required))
        manifest->m_config = Json::readDescriptor(*config);
    // An absent or null "layers" is refused like a non-array: both OCI and Docker define it
    // as a required array, and an empty one says "no layers" unambiguously.
    reader.forEachObject(u"layers", Presence::Required,
                         [&manifest](Json::FieldReader &layer, qsizetype) {
                             manifest->m_layers.append(Json::readDescriptor(layer));
                         });
    if (format == Format::OciManifest) {
        manifest->m_artifactType = reader.mediaType(u"artifactType");
        manifest->m_annotations = reader.stringMap(u"annotations");
        if (std::optional<Json::FieldReader> subject = reader.child(u"subject"))
            manifest->m_subject = Json::readDescriptor(*subject);
    }
    if (!reader.ok())
        return reader.error().withContext(formatName(format));
    return ManifestPtr(std::move(manifest));
}

qint64 ImageManifest::totalLayerSize() const
{
    qint64 total = 0;
    for (const Descriptor &layer : m_layers) {
        if (qAddOverflow(total, layer.size, &total))
            return std::numeric_limits<qint64>::max();
    }
    return total;
}

bool ImageManifest::isArtifact() const
{
    if (MediaType::isImageConfig(m_config.mediaType))
        return !m_artifactType.isEmpty();
    if (format() == Format::DockerSchema2)
        return m_config.mediaType != QLatin1StringView("application/octet-stream");
    return true;
}

QList<Descriptor> ImageManifest::references() const
{
    QList<Descriptor> references;
    references.reserve(m_layers.size() + 1);
    references.append(m_config);
    references.append(m_layers);
    return references;
}

} // namespace Layerscope
