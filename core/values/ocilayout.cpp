#include "values/ocilayout.h"

#include "values/json_p.h"

namespace Layerscope {

namespace {

// The layout file is a few bytes; anything large is not one.
constexpr qsizetype MaxLayoutHeaderSize = 64 * 1024;

bool isDottedVersion(QStringView text)
{
    const QList<QStringView> parts = text.split(u'.');
    if (parts.size() != 3)
        return false;
    for (const QStringView part : parts) {
        if (part.isEmpty() || part.size() > 9)
            return false;
        for (const QChar c : part) {
            if (c < u'0' || c > u'9')
                return false;
        }
    }
    return true;
}

} // namespace

Result<OciLayoutHeader> OciLayoutHeader::parse(const QByteArray &raw)
{
    const QString context = QStringLiteral("OCI layout file");
    const Result<QJsonObject> object = Json::parseObject(raw, MaxLayoutHeaderSize);
    if (!object)
        return object.error().withContext(context);

    Json::FieldReader reader(*object);
    OciLayoutHeader header;
    header.m_imageLayoutVersion = reader.string(u"imageLayoutVersion", Json::Presence::Required);
    if (reader.ok() && !isDottedVersion(header.m_imageLayoutVersion)) {
        reader.fail(ParseError::Code::InvalidValue,
                    QStringLiteral("expected a version such as \"1.0.0\", found \"%1\"")
                        .arg(header.m_imageLayoutVersion.left(40)),
                    u"imageLayoutVersion");
    }
    if (!reader.ok())
        return reader.error().withContext(context);
    return header;
}

} // namespace Layerscope
