#include "values/schema1manifest.h"

#include "values/json_p.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Layerscope {

namespace {

using Code = ParseError::Code;
using Json::Presence;

// JWS encodes headers as base64url without padding (RFC 7515 section 2); Qt's decoder is more
// lenient (padding, stray characters are skipped unless told otherwise), so the alphabet is
// checked first.
std::optional<QByteArray> decodeBase64Url(const QString &text)
{
    for (const QChar c : text) {
        const bool allowed = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z')
            || (c >= u'0' && c <= u'9') || c == u'-' || c == u'_';
        if (!allowed)
            return std::nullopt;
    }
    if (text.size() % 4 == 1)
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(
        text.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return decoded.decoded;
}

// Where the signed payload is: the first formatLength bytes of the document followed by the
// decoded formatTail (the "pretty JWS" of libtrust, which Docker and distribution write).
struct PayloadLocation
{
    qint64 formatLength = 0;
    QByteArray formatTail;

    friend bool operator==(const PayloadLocation &a, const PayloadLocation &b)
    {
        return a.formatLength == b.formatLength && a.formatTail == b.formatTail;
    }
};

Result<PayloadLocation> readProtectedHeader(const QString &encoded, const QString &path,
                                            qsizetype documentSize)
{
    const auto fail = [&path](Code code, const QString &problem) {
        return ParseError(code, path + QLatin1String(": ") + problem);
    };
    const std::optional<QByteArray> decoded = decodeBase64Url(encoded);
    if (!decoded)
        return fail(Code::InvalidValue, QStringLiteral("not base64url (a JWS protected header)"));
    const Result<QJsonObject> header = Json::parseObject(*decoded, Json::MaxManifestSize);
    if (!header)
        return fail(header.error().code(),
                    QStringLiteral("decoded header: ") + header.error().message());

    Json::FieldReader reader(*header, path);
    PayloadLocation location;
    const std::optional<qint64> length = reader.integer(u"formatLength", Presence::Required);
    const QString tail = reader.string(u"formatTail", Presence::Required);
    if (!reader.ok())
        return reader.error();
    // The signatures follow the payload's prefix, so the prefix is never the whole document.
    if (*length <= 0 || *length >= documentSize) {
        return ParseError(Code::InvalidValue,
                          QStringLiteral("%1: %2 is outside the document (%3 bytes)")
                              .arg(reader.pathOf(u"formatLength"))
                              .arg(*length)
                              .arg(documentSize));
    }
    const std::optional<QByteArray> tailBytes = decodeBase64Url(tail);
    if (!tailBytes) {
        return ParseError(Code::InvalidValue,
                          reader.pathOf(u"formatTail") + QStringLiteral(": not base64url"));
    }
    location.formatLength = *length;
    location.formatTail = *tailBytes;
    return location;
}

// The payload every signature signs. All signatures of one document must locate the same
// payload, otherwise there is no single digest to report.
Result<QByteArray> signedPayload(const QByteArray &raw, Json::FieldReader &reader)
{
    const QJsonArray signatures = reader.array(u"signatures", Presence::Required);
    if (!reader.ok())
        return reader.error();
    if (signatures.isEmpty()) {
        return ParseError(Code::InvalidValue,
                          QStringLiteral("signatures: the array is empty; a signed manifest has at "
                                         "least one signature"));
    }

    std::optional<ParseError> headerError;
    std::optional<PayloadLocation> first;
    reader.forEachObject(
        u"signatures", Presence::Required, [&](Json::FieldReader &signature, qsizetype) {
            if (headerError)
                return;
            const QString encoded = signature.string(u"protected", Presence::Required);
            if (!signature.ok())
                return;
            const QString path = signature.pathOf(u"protected");
            const Result<PayloadLocation> location = readProtectedHeader(encoded, path, raw.size());
            if (!location) {
                headerError = location.error();
            } else if (!first) {
                first = *location;
            } else if (*first != *location) {
                headerError
                    = ParseError(Code::InvalidValue,
                                 path
                                     + QStringLiteral(": formatLength and formatTail differ "
                                                      "from signatures[0]; the signatures do "
                                                      "not sign the same payload"));
            }
        });
    if (!reader.ok())
        return reader.error();
    if (headerError)
        return *headerError;

    // The payload is not checked for being JSON: its digest is defined over the bytes alone,
    // and a document edited after signing (one of containers/image's test documents) still
    // has one.
    return raw.left(first->formatLength) + first->formatTail;
}

// Docker stores Cmd as an array, but its API also takes a single string.
QString commandOf(Json::FieldReader &containerConfig)
{
    const QJsonValue cmd = containerConfig.object().value(u"Cmd");
    if (cmd.isString())
        return cmd.toString();
    return containerConfig.stringList(u"Cmd").join(u' ');
}

} // namespace

Schema1Manifest::Schema1Manifest(Format format, QByteArray raw, QByteArray payload)
    : Manifest(format, raw, Digest::compute(payload))
    , m_payload(std::move(payload))
{ }

Result<Schema1ManifestPtr> Schema1Manifest::parse(const QByteArray &raw, QAnyStringView contentType)
{
    const Result<ManifestPtr> manifest = Manifest::parse(raw, contentType);
    if (!manifest)
        return manifest.error();
    const Format format = (*manifest)->format();
    if (format != Format::DockerSchema1 && format != Format::DockerSchema1Signed) {
        return ParseError(Code::MediaTypeMismatch,
                          QStringLiteral("expected a Docker schema1 manifest, found a %1")
                              .arg(formatName(format)));
    }
    return std::static_pointer_cast<const Schema1Manifest>(*manifest);
}

Result<ManifestPtr> Schema1Manifest::fromJson(const QByteArray &raw, const QJsonObject &object,
                                              Format format)
{
    const QString context = formatName(format);
    Json::FieldReader reader(object);
    const QString name = reader.string(u"name");
    const QString tag = reader.string(u"tag");
    const QString architecture = reader.string(u"architecture");

    QList<Digest> fsLayers;
    reader.forEachObject(u"fsLayers", Presence::Required,
                         [&fsLayers](Json::FieldReader &layer, qsizetype) {
                             fsLayers.append(layer.digest(u"blobSum", Presence::Required));
                         });

    // Each v1Compatibility is a JSON document inside a string; its problems are reported with
    // the path through it ("history[1].v1Compatibility.container_config.Cmd").
    QList<HistoryEntry> history;
    std::optional<ParseError> historyError;
    reader.forEachObject(
        u"history", Presence::Required, [&](Json::FieldReader &element, qsizetype) {
            const QString text = element.string(u"v1Compatibility", Presence::Required);
            if (!element.ok() || historyError)
                return;
            const Result<QJsonObject> v1 = Json::parseObject(text.toUtf8(), Json::MaxManifestSize);
            if (!v1) {
                element.fail(v1.error().code(), v1.error().message(), u"v1Compatibility");
                return;
            }
            Json::FieldReader fields(*v1, element.pathOf(u"v1Compatibility"));
            HistoryEntry entry;
            entry.id = fields.string(u"id");
            entry.parent = fields.string(u"parent");
            entry.created = fields.string(u"created");
            entry.author = fields.string(u"author");
            entry.throwaway = fields.boolean(u"throwaway");
            entry.size = fields.size(u"Size");
            if (std::optional<Json::FieldReader> containerConfig
                = fields.child(u"container_config"))
                entry.createdBy = commandOf(*containerConfig);
            if (!fields.ok())
                historyError = fields.error();
            history.append(entry);
        });
    if (!reader.ok())
        return reader.error().withContext(context);
    if (historyError)
        return historyError->withContext(context);
    if (history.size() != fsLayers.size()) {
        return ParseError(Code::InvalidValue,
                          QStringLiteral("history has %1 entries but fsLayers has %2; every "
                                         "layer has exactly one history entry")
                              .arg(history.size())
                              .arg(fsLayers.size()))
            .withContext(context);
    }

    QByteArray payload = raw;
    if (format == Format::DockerSchema1Signed) {
        const Result<QByteArray> signedBytes = signedPayload(raw, reader);
        if (!signedBytes)
            return signedBytes.error().withContext(context);
        payload = *signedBytes;
    }

    std::shared_ptr<Schema1Manifest> manifest(new Schema1Manifest(format, raw, payload));
    manifest->m_name = name;
    manifest->m_tag = tag;
    manifest->m_architecture = architecture;
    manifest->m_fsLayers = std::move(fsLayers);
    manifest->m_history = std::move(history);
    return ManifestPtr(std::move(manifest));
}

} // namespace Layerscope
