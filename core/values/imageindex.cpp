#include "values/imageindex.h"

#include "values/descriptor_p.h"
#include "values/json_p.h"
#include "values/mediatype.h"

#include <QJsonObject>

namespace Layerscope {

namespace {

using Code = ParseError::Code;
using Json::Presence;

} // namespace

ImageIndex::ImageIndex(Format format, QByteArray raw)
    : Manifest(format, raw, Digest::compute(raw))
{ }

Result<ImageIndexPtr> ImageIndex::parse(const QByteArray &raw, QAnyStringView contentType)
{
    const Result<ManifestPtr> manifest = Manifest::parse(raw, contentType);
    if (!manifest)
        return manifest.error();
    if (!(*manifest)->isIndex()) {
        return ParseError(Code::MediaTypeMismatch,
                          QStringLiteral("expected an image index or manifest list, found a %1")
                              .arg((*manifest)->formatName()));
    }
    return std::static_pointer_cast<const ImageIndex>(*manifest);
}

Result<ManifestPtr> ImageIndex::fromJson(const QByteArray &raw, const QJsonObject &object,
                                         Format format)
{
    std::shared_ptr<ImageIndex> index(new ImageIndex(format, raw));
    Json::FieldReader reader(object);

    // readDescriptor() reads "platform" too, with os and architecture required.
    reader.forEachObject(u"manifests", Presence::Required,
                         [&index](Json::FieldReader &entry, qsizetype) {
                             index->m_manifests.append(Json::readDescriptor(entry));
                         });
    if (format == Format::OciIndex) {
        index->m_artifactType = reader.mediaType(u"artifactType");
        index->m_annotations = reader.stringMap(u"annotations");
        if (std::optional<Json::FieldReader> subject = reader.child(u"subject"))
            index->m_subject = Json::readDescriptor(*subject);
    }
    if (!reader.ok())
        return reader.error().withContext(formatName(format));
    return ManifestPtr(std::move(index));
}

QList<Descriptor> ImageIndex::entries(EntryKind kind) const
{
    QList<Descriptor> result;
    for (const Descriptor &entry : m_manifests) {
        if (entryKind(entry) == kind)
            result.append(entry);
    }
    return result;
}

ImageIndex::EntryKind ImageIndex::entryKind(const Descriptor &entry)
{
    if (entry.isAttestation())
        return EntryKind::Attestation;
    if (MediaType::isIndex(entry.mediaType))
        return EntryKind::Index;
    if (entry.artifactType.isEmpty()
        && (MediaType::isImageManifest(entry.mediaType) || MediaType::isSchema1(entry.mediaType)))
        return EntryKind::Image;
    return EntryKind::Artifact;
}

std::optional<Descriptor> ImageIndex::selectImage(const Platform &wanted) const
{
    for (const Descriptor &entry : m_manifests) {
        if (entryKind(entry) == EntryKind::Image && entry.platform
            && entry.platform->matches(wanted))
            return entry;
    }
    return std::nullopt;
}

} // namespace Layerscope
