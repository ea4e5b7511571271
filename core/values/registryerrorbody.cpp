#include "values/registryerrorbody.h"

#include "values/json_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace Layerscope {

namespace {

// Longest detail shown in a summary; the full text stays in Entry::detailJson.
constexpr qsizetype MaxSummaryDetail = 200;
// Entries shown in a summary before "and N more".
constexpr qsizetype MaxSummaryEntries = 5;

QString compactJson(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return {};
    // QJsonDocument cannot hold a scalar, so the value is written inside an array and the
    // brackets are cut off again.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

} // namespace

QString RegistryErrorBody::Entry::detailText() const
{
    if (detail.isString())
        return detail.toString();
    if ((detail.isObject() && detail.toObject().isEmpty())
        || (detail.isArray() && detail.toArray().isEmpty())) {
        return {};
    }
    return detailJson;
}

QString RegistryErrorBody::Entry::summary() const
{
    QString text = code;
    const QString shownMessage = message.simplified();
    if (!shownMessage.isEmpty())
        text += (text.isEmpty() ? QString() : QStringLiteral(": ")) + shownMessage;
    QString shownDetail = detailText().simplified();
    if (shownDetail.size() > MaxSummaryDetail)
        shownDetail = shownDetail.left(MaxSummaryDetail) + QStringLiteral("…");
    if (!shownDetail.isEmpty() && shownDetail != shownMessage)
        text += (text.isEmpty() ? QString() : QStringLiteral(" ")) + u'(' + shownDetail + u')';
    return text;
}

Result<RegistryErrorBody> RegistryErrorBody::parse(const QByteArray &raw)
{
    const QString context = QStringLiteral("registry error body");
    Result<QJsonObject> document = Json::parseObject(raw, MaxSize);
    if (!document)
        return document.error().withContext(context);

    RegistryErrorBody body;
    Json::FieldReader reader(*document);
    reader.forEachObject(u"errors", Json::Presence::Required,
                         [&body](Json::FieldReader &element, qsizetype) {
                             Entry entry;
                             entry.code = element.string(u"code");
                             entry.message = element.string(u"message");
                             entry.detail = element.object().value(u"detail");
                             entry.detailJson = compactJson(entry.detail);
                             if (element.ok() && entry.code.isEmpty() && entry.message.isEmpty()) {
                                 element.fail(ParseError::Code::MissingField,
                                              QStringLiteral("an error needs a code or a message"));
                             }
                             body.m_entries.append(entry);
                         });
    if (!reader.ok())
        return reader.error().withContext(context);
    return body;
}

QStringList RegistryErrorBody::codes() const
{
    QStringList result;
    result.reserve(m_entries.size());
    for (const Entry &entry : m_entries)
        result.append(entry.code);
    return result;
}

bool RegistryErrorBody::contains(QAnyStringView code) const
{
    return std::any_of(m_entries.cbegin(), m_entries.cend(), [code](const Entry &entry) {
        return QAnyStringView::compare(entry.code, code) == 0;
    });
}

QString RegistryErrorBody::summary() const
{
    QStringList parts;
    for (qsizetype i = 0; i < m_entries.size() && i < MaxSummaryEntries; ++i)
        parts.append(m_entries.at(i).summary());
    if (m_entries.size() > MaxSummaryEntries)
        parts.append(QStringLiteral("and %1 more").arg(m_entries.size() - MaxSummaryEntries));
    return parts.join(QStringLiteral("; "));
}

QList<QLatin1StringView> RegistryErrorBody::knownCodes()
{
    return {BlobUnknown,
            BlobUploadInvalid,
            BlobUploadUnknown,
            DigestInvalid,
            ManifestBlobUnknown,
            ManifestInvalid,
            ManifestUnknown,
            ManifestUnverified,
            NameInvalid,
            NameUnknown,
            SizeInvalid,
            TagInvalid,
            Unauthorized,
            Denied,
            Unsupported,
            TooManyRequests,
            Unavailable,
            Unknown,
            PaginationNumberInvalid,
            RangeInvalid};
}

bool RegistryErrorBody::isKnownCode(QAnyStringView code)
{
    const QList<QLatin1StringView> known = knownCodes();
    return std::any_of(known.cbegin(), known.cend(), [code](QLatin1StringView candidate) {
        return QAnyStringView::compare(candidate, code) == 0;
    });
}

} // namespace Layerscope
