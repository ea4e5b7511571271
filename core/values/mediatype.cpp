#include "values/mediatype.h"

#include <QCoreApplication>

#include <array>
#include <utility>

namespace Layerscope::MediaType {

namespace {

bool isRestrictedNameChar(QChar c, bool first)
{
    // RFC 6838 section 4.2 restricted-name, as the OCI schema's pattern writes it.
    if ((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9'))
        return true;
    if (first)
        return false;
    switch (c.unicode()) {
    case u'!':
    case u'#':
    case u'$':
    case u'&':
    case u'^':
    case u'_':
    case u'.':
    case u'+':
    case u'-':
        return true;
    default:
        return false;
    }
}

bool isRestrictedName(QStringView name)
{
    if (name.isEmpty() || name.size() > 127)
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        if (!isRestrictedNameChar(name.at(i), i == 0))
            return false;
    }
    return true;
}

bool isOneOf(QAnyStringView mediaType, std::initializer_list<QLatin1StringView> candidates)
{
    for (const QLatin1StringView candidate : candidates) {
        if (mediaType == candidate)
            return true;
    }
    return false;
}

} // namespace

QString essence(QAnyStringView contentType)
{
    const QString text = contentType.toString();
    const qsizetype semicolon = text.indexOf(u';');
    return QStringView(text)
        .left(semicolon < 0 ? text.size() : semicolon)
        .trimmed()
        .toString()
        .toLower();
}

bool isValid(QAnyStringView mediaTypeView)
{
    const QString mediaType = mediaTypeView.toString();
    const qsizetype slash = mediaType.indexOf(u'/');
    if (slash < 0)
        return false;
    return isRestrictedName(mediaType.left(slash)) && isRestrictedName(mediaType.mid(slash + 1));
}

bool isIndex(QAnyStringView mediaType)
{
    return isOneOf(mediaType, {OciIndex, DockerManifestList});
}

bool isImageManifest(QAnyStringView mediaType)
{
    return isOneOf(mediaType, {OciManifest, DockerManifest});
}

bool isSchema1(QAnyStringView mediaType)
{
    return isOneOf(mediaType, {DockerSchema1, DockerSchema1Signed});
}

bool isManifest(QAnyStringView mediaType)
{
    return isIndex(mediaType) || isImageManifest(mediaType) || isSchema1(mediaType);
}

bool isImageConfig(QAnyStringView mediaType)
{
    return isOneOf(mediaType, {OciConfig, DockerConfig});
}

bool isLayer(QAnyStringView mediaType)
{
    return layerCompression(mediaType) != Compression::Unknown;
}

bool isNonDistributableLayer(QAnyStringView mediaType)
{
    return isOneOf(mediaType,
                   {OciNonDistributableLayer, OciNonDistributableLayerGzip,
                    OciNonDistributableLayerZstd, DockerForeignLayerGzip});
}

Compression layerCompression(QAnyStringView mediaType)
{
    if (isOneOf(mediaType, {OciLayer, OciNonDistributableLayer, DockerLayer}))
        return Compression::None;
    if (isOneOf(
            mediaType,
            {OciLayerGzip, OciNonDistributableLayerGzip, DockerLayerGzip, DockerForeignLayerGzip}))
        return Compression::Gzip;
    if (isOneOf(mediaType, {OciLayerZstd, OciNonDistributableLayerZstd, DockerLayerZstd}))
        return Compression::Zstd;
    return Compression::Unknown;
}

bool isDocker(QAnyStringView mediaType)
{
    return mediaType.toString().startsWith(QLatin1StringView("application/vnd.docker."));
}

bool isOci(QAnyStringView mediaType)
{
    return mediaType.toString().startsWith(QLatin1StringView("application/vnd.oci."));
}

QString displayName(QAnyStringView mediaType)
{
    static const std::array<std::pair<QLatin1StringView, const char *>, 21> names{{
        {DockerManifest, QT_TRANSLATE_NOOP("MediaType", "Docker image manifest (schema 2)")},
        {DockerManifestList, QT_TRANSLATE_NOOP("MediaType", "Docker manifest list")},
        {DockerSchema1, QT_TRANSLATE_NOOP("MediaType", "Docker schema 1 manifest")},
        {DockerSchema1Signed, QT_TRANSLATE_NOOP("MediaType", "Docker schema 1 manifest (signed)")},
        {DockerConfig, QT_TRANSLATE_NOOP("MediaType", "Docker image config")},
        {DockerPluginConfig, QT_TRANSLATE_NOOP("MediaType", "Docker plugin config")},
        {DockerLayer, QT_TRANSLATE_NOOP("MediaType", "Docker layer (uncompressed)")},
        {DockerLayerGzip, QT_TRANSLATE_NOOP("MediaType", "Docker layer (gzip)")},
        {DockerLayerZstd, QT_TRANSLATE_NOOP("MediaType", "Docker layer (zstd)")},
        {DockerForeignLayerGzip, QT_TRANSLATE_NOOP("MediaType", "Docker foreign layer (gzip)")},
        {OciManifest, QT_TRANSLATE_NOOP("MediaType", "OCI image manifest")},
        {OciIndex, QT_TRANSLATE_NOOP("MediaType", "OCI image index")},
        {OciConfig, QT_TRANSLATE_NOOP("MediaType", "OCI image config")},
        {OciEmpty, QT_TRANSLATE_NOOP("MediaType", "OCI empty descriptor")},
        {OciLayer, QT_TRANSLATE_NOOP("MediaType", "OCI layer (uncompressed)")},
        {OciLayerGzip, QT_TRANSLATE_NOOP("MediaType", "OCI layer (gzip)")},
        {OciLayerZstd, QT_TRANSLATE_NOOP("MediaType", "OCI layer (zstd)")},
        {OciNonDistributableLayer,
         QT_TRANSLATE_NOOP("MediaType", "OCI non-distributable layer (uncompressed)")},
        {OciNonDistributableLayerGzip,
         QT_TRANSLATE_NOOP("MediaType", "OCI non-distributable layer (gzip)")},
        {OciNonDistributableLayerZstd,
         QT_TRANSLATE_NOOP("MediaType", "OCI non-distributable layer (zstd)")},
        {InTotoLayer, QT_TRANSLATE_NOOP("MediaType", "in-toto attestation")},
    }};
    for (const auto &[type, name] : names) {
        if (mediaType == type)
            return QCoreApplication::translate("MediaType", name);
    }
    return mediaType.toString();
}

} // namespace Layerscope::MediaType
