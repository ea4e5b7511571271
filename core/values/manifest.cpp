#include "values/manifest.h"

#include "values/imageindex.h"
#include "values/imagemanifest.h"
#include "values/json_p.h"
#include "values/mediatype.h"
#include "values/schema1manifest.h"

#include <QJsonObject>

#include <array>
#include <utility>

namespace Layerscope {

namespace {

using Code = ParseError::Code;
using Format = Manifest::Format;

constexpr std::array<std::pair<Format, QLatin1StringView>, 6> formatTypes{{
    {Format::DockerSchema2, MediaType::DockerManifest},
    {Format::DockerManifestList, MediaType::DockerManifestList},
    {Format::OciManifest, MediaType::OciManifest},
    {Format::OciIndex, MediaType::OciIndex},
    {Format::DockerSchema1, MediaType::DockerSchema1},
    {Format::DockerSchema1Signed, MediaType::DockerSchema1Signed},
}};

bool isSchema1(Format format)
{
    return format == Format::DockerSchema1 || format == Format::DockerSchema1Signed;
}

// Content types that say nothing about which manifest a body is: what registries without
// manifest-type support, static file servers and proxies send.
bool isGenericContentType(QStringView type)
{
    return type.isEmpty() || type == QLatin1StringView("application/json")
        || type == QLatin1StringView("text/plain")
        || type == QLatin1StringView("application/octet-stream");
}

// Decides the format of a document served without a useful Content-Type, from its shape.
Result<Format> guessFromShape(Json::FieldReader &reader)
{
    const std::optional<qint64> version
        = reader.integer(u"schemaVersion", Json::Presence::Required);
    if (!reader.ok())
        return reader.error();
    const QJsonObject &object = reader.object();
    switch (*version) {
    case 1:
        return reader.has(u"signatures") ? Format::DockerSchema1Signed : Format::DockerSchema1;
    case 2: {
        if (reader.has(u"manifests"))
            return Format::OciIndex;
        // A Docker schema2 manifest should declare its mediaType; one that does not is still
        // recognisable by its config. Every other config type belongs to an OCI manifest.
        const QJsonValue configType = object.value(u"config").toObject().value(u"mediaType");
        if (configType.toString() == MediaType::DockerConfig)
            return Format::DockerSchema2;
        return Format::OciManifest;
    }
    default:
        return ParseError(Code::UnsupportedVersion,
                          QStringLiteral("schemaVersion: %1 is not a manifest version this "
                                         "client understands (1 or 2)")
                              .arg(*version));
    }
}

// The format of \a object: \a served when the Content-Type named one, checked against the
// document's own mediaType; else that mediaType; else the document's shape.
Result<Format> determineFormat(const QJsonObject &object, std::optional<Format> served,
                               QStringView servedType)
{
    Json::FieldReader reader(object);
    const QString declared = reader.string(u"mediaType");
    if (!reader.ok())
        return reader.error();

    std::optional<Format> format = served;
    if (!declared.isEmpty()) {
        const std::optional<Format> declaredFormat = Manifest::formatOf(declared);
        if (served) {
            // Schema1 is one family: whether it is signed is a property of the document.
            const bool sameFamily = declaredFormat
                && (*declaredFormat == *served
                    || (isSchema1(*declaredFormat) && isSchema1(*served)));
            if (!sameFamily) {
                return ParseError(Code::MediaTypeMismatch,
                                  QStringLiteral("served as \"%1\" but the document's mediaType "
                                                 "is \"%2\"")
                                      .arg(servedType.toString(), declared.left(300)));
            }
        } else if (!declaredFormat) {
            return ParseError(Code::UnknownMediaType,
                              QStringLiteral("mediaType: \"%1\" is not a manifest media type")
                                  .arg(declared.left(300)));
        }
        format = declaredFormat;
    }
    if (!format) {
        const Result<Format> guessed = guessFromShape(reader);
        if (!guessed)
            return guessed.error();
        format = *guessed;
    }
    if (isSchema1(*format))
        return reader.has(u"signatures") ? Format::DockerSchema1Signed : Format::DockerSchema1;
    return *format;
}

// Every format has exactly one schemaVersion; anything else is another format or a future one.
std::optional<ParseError> checkSchemaVersion(const QJsonObject &object, Format format)
{
    Json::FieldReader reader(object);
    const std::optional<qint64> version
        = reader.integer(u"schemaVersion", Json::Presence::Required);
    if (!reader.ok())
        return reader.error();
    const qint64 expected = isSchema1(format) ? 1 : 2;
    if (*version != expected) {
        return ParseError(
            Code::UnsupportedVersion,
            QStringLiteral("schemaVersion: expected %1, found %2").arg(expected).arg(*version));
    }
    return std::nullopt;
}

} // namespace

Manifest::Manifest(Format format, QByteArray raw, Digest digest)
    : m_format(format)
    , m_raw(std::move(raw))
    , m_digest(std::move(digest))
{ }

Manifest::~Manifest() = default;

QString Manifest::mediaType() const
{
    return mediaTypeOf(m_format);
}

bool Manifest::isIndex() const
{
    return m_format == Format::DockerManifestList || m_format == Format::OciIndex;
}

QMap<QString, QString> Manifest::annotations() const
{
    return {};
}

std::optional<Descriptor> Manifest::subject() const
{
    return std::nullopt;
}

QString Manifest::artifactType() const
{
    return {};
}

QString Manifest::formatName(Format format)
{
    switch (format) {
    case Format::DockerSchema2:
        return QStringLiteral("Docker schema2 manifest");
    case Format::DockerManifestList:
        return QStringLiteral("Docker manifest list");
    case Format::OciManifest:
        return QStringLiteral("OCI image manifest");
    case Format::OciIndex:
        return QStringLiteral("OCI image index");
    case Format::DockerSchema1:
        return QStringLiteral("Docker schema1 manifest");
    case Format::DockerSchema1Signed:
        return QStringLiteral("signed Docker schema1 manifest");
    }
    return QStringLiteral("manifest");
}

QLatin1StringView Manifest::mediaTypeOf(Format format)
{
    for (const auto &[candidate, type] : formatTypes) {
        if (candidate == format)
            return type;
    }
    return {};
}

std::optional<Manifest::Format> Manifest::formatOf(QAnyStringView mediaType)
{
    for (const auto &[format, type] : formatTypes) {
        if (mediaType == type)
            return format;
    }
    return std::nullopt;
}

Result<ManifestPtr> Manifest::parse(const QByteArray &raw, QAnyStringView contentType)
{
    const QString servedType = MediaType::essence(contentType);
    std::optional<Format> served;
    if (!isGenericContentType(servedType)) {
        served = formatOf(servedType);
        if (!served) {
            return ParseError(Code::UnknownMediaType,
                              QStringLiteral("manifest: served as \"%1\", which is not a manifest "
                                             "media type")
                                  .arg(servedType.left(300)));
        }
    }
    const QString context = served ? formatName(*served) : QStringLiteral("manifest");

    const Result<QJsonObject> object = Json::parseObject(raw, Json::MaxManifestSize);
    if (!object)
        return object.error().withContext(context);
    const Result<Format> format = determineFormat(*object, served, servedType);
    if (!format)
        return format.error().withContext(context);
    if (const std::optional<ParseError> error = checkSchemaVersion(*object, *format))
        return error->withContext(formatName(*format));

    switch (*format) {
    case Format::DockerSchema2:
    case Format::OciManifest:
        return ImageManifest::fromJson(raw, *object, *format);
    case Format::DockerManifestList:
    case Format::OciIndex:
        return ImageIndex::fromJson(raw, *object, *format);
    case Format::DockerSchema1:
    case Format::DockerSchema1Signed:
        return Schema1Manifest::fromJson(raw, *object, *format);
    }
    return ParseError(Code::UnknownMediaType, QStringLiteral("manifest: unknown format"));
}

QString Manifest::guessMediaType(const QByteArray &raw)
{
    const Result<QJsonObject> object = Json::parseObject(raw, Json::MaxManifestSize);
    if (!object)
        return {};
    const Result<Format> format = determineFormat(*object, std::nullopt, {});
    if (!format)
        return {};
    return mediaTypeOf(*format);
}

} // namespace Layerscope
