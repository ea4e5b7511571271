#include "values/descriptor.h"

#include "values/descriptor_p.h"
#include "values/mediatype.h"

#include <QUrl>

namespace Layerscope {

bool Descriptor::isAttestation() const
{
    return annotation(MediaType::AnnotationReferenceType) == MediaType::AttestationManifestType;
}

namespace Json {

Platform readPlatform(FieldReader &reader)
{
    Platform platform;
    platform.architecture = reader.string(u"architecture", Presence::Required);
    platform.os = reader.string(u"os", Presence::Required);
    platform.variant = reader.string(u"variant");
    platform.osVersion = reader.string(u"os.version");
    platform.osFeatures = reader.stringList(u"os.features");
    platform.features = reader.stringList(u"features");
    return platform;
}

Descriptor readDescriptor(FieldReader &reader)
{
    Descriptor descriptor;
    descriptor.mediaType = reader.mediaType(u"mediaType", Presence::Required);
    descriptor.digest = reader.digest(u"digest", Presence::Required);
    descriptor.size = reader.size(u"size", Presence::Required);
    descriptor.urls = reader.stringList(u"urls");
    for (const QString &url : std::as_const(descriptor.urls)) {
        const QUrl parsed(url, QUrl::StrictMode);
        if (!parsed.isValid() || parsed.scheme().isEmpty()) {
            reader.fail(ParseError::Code::InvalidValue,
                        QStringLiteral("\"%1\" is not an absolute URL").arg(url.left(300)),
                        u"urls");
        }
    }
    descriptor.annotations = reader.stringMap(u"annotations");
    descriptor.artifactType = reader.mediaType(u"artifactType");
    if (std::optional<FieldReader> platform = reader.child(u"platform"))
        descriptor.platform = readPlatform(*platform);

    if (reader.has(u"data")) {
        const QString encoded = reader.string(u"data");
        const auto decoded = QByteArray::fromBase64Encoding(
            encoded.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!reader.ok())
            return descriptor;
        // The base64 of RFC 4648 section 4 is padded; Qt accepts missing padding, the spec
        // does not.
        if (!decoded || encoded.size() % 4 != 0) {
            reader.fail(ParseError::Code::InvalidValue,
                        QStringLiteral("not valid base64 (RFC 4648, with padding)"), u"data");
        } else if (decoded.decoded.size() != descriptor.size) {
            reader.fail(ParseError::Code::InvalidValue,
                        QStringLiteral("embedded data is %1 bytes but size says %2")
                            .arg(decoded.decoded.size())
                            .arg(descriptor.size),
                        u"data");
        } else if (!descriptor.digest.isNull() && !descriptor.digest.verify(decoded.decoded)) {
            reader.fail(ParseError::Code::InvalidValue,
                        QStringLiteral("embedded data does not hash to %1")
                            .arg(descriptor.digest.toString()),
                        u"data");
        } else {
            descriptor.data = decoded.decoded;
        }
    }
    return descriptor;
}

} // namespace Json
} // namespace Layerscope
