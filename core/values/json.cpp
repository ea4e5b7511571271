#include "values/json_p.h"

#include "values/mediatype.h"
#include "values/messagetext_p.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace Layerscope::Json {

namespace {

QString humanSize(qsizetype bytes)
{
    if (bytes >= 1024 * 1024)
        return QStringLiteral("%1 MiB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
    if (bytes >= 1024)
        return QStringLiteral("%1 KiB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 bytes").arg(bytes);
}

} // namespace

Result<QJsonObject> parseObject(const QByteArray &raw, qsizetype maxSize)
{
    using Code = ParseError::Code;
    if (raw.size() > maxSize) {
        return ParseError(Code::TooLarge,
                          QStringLiteral("document is %1, over the limit of %2")
                              .arg(humanSize(raw.size()), humanSize(maxSize)));
    }
    const QByteArray trimmed = raw.trimmed();
    if (trimmed.isEmpty())
        return ParseError(Code::InvalidJson, QStringLiteral("document is empty"));
    // Say what the bytes look like when they are plainly not a JSON document, such as the
    // "404 page not found" text a registry sends for an unknown route.
    if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
        if (!MessageText::looksLikeText(trimmed)) {
            return ParseError(
                Code::InvalidJson,
                QStringLiteral("not JSON: expected a JSON object, found binary data"));
        }
        return ParseError(Code::InvalidJson,
                          QStringLiteral("not JSON: expected a JSON object, found text starting %1")
                              .arg(MessageText::quoted(trimmed, 40)));
    }

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(raw, &parseError);
    switch (parseError.error) {
    case QJsonParseError::NoError:
        break;
    case QJsonParseError::IllegalUTF8String:
        return ParseError(
            Code::InvalidUtf8,
            QStringLiteral("invalid UTF-8 in a string near byte %1").arg(parseError.offset));
    case QJsonParseError::DeepNesting:
        return ParseError(
            Code::TooDeep,
            QStringLiteral("nested too deeply (near byte %1)").arg(parseError.offset));
    case QJsonParseError::DocumentTooLarge:
        return ParseError(Code::TooLarge, QStringLiteral("document too large to parse"));
    default:
        return ParseError(Code::InvalidJson,
                          QStringLiteral("not valid JSON: %1 at byte %2 of %3")
                              .arg(parseError.errorString())
                              .arg(parseError.offset)
                              .arg(raw.size()));
    }
    if (!document.isObject()) {
        return ParseError(
            Code::WrongType,
            QStringLiteral("expected a JSON object at the top level, found %1")
                .arg(document.isArray() ? QStringLiteral("an array") : QStringLiteral("a scalar")));
    }
    return document.object();
}

QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (std::isfinite(number) && number == std::trunc(number) && std::fabs(number) < 1e18)
            return QStringLiteral("the number %1").arg(value.toInteger());
        return QStringLiteral("the number %1").arg(number);
    }
    case QJsonValue::String: {
        const QString text = value.toString();
        return QStringLiteral("the string \"%1\"")
            .arg(text.size() > 60 ? text.left(60) + QStringLiteral("…") : text);
    }
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

FieldReader::FieldReader(QJsonObject object, QString path)
    : FieldReader(std::move(object), std::move(path), std::make_shared<std::optional<ParseError>>())
{ }

FieldReader::FieldReader(QJsonObject object, QString path,
                         std::shared_ptr<std::optional<ParseError>> error)
    : m_object(std::move(object))
    , m_path(std::move(path))
    , m_error(std::move(error))
{ }

void FieldReader::fail(ParseError::Code code, const QString &problem, QStringView key)
{
    if (m_error->has_value())
        return;
    const QString where = key.isEmpty() ? m_path : pathOf(key);
    *m_error = ParseError(code, where.isEmpty() ? problem : where + QLatin1String(": ") + problem);
}

QString FieldReader::pathOf(QStringView key) const
{
    if (m_path.isEmpty())
        return key.toString();
    return m_path + u'.' + key.toString();
}

bool FieldReader::has(QStringView key) const
{
    const QJsonValue value = m_object.value(key);
    return !value.isUndefined() && !value.isNull();
}

QJsonValue FieldReader::valueOf(QStringView key, Presence presence)
{
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined() || value.isNull()) {
        if (presence == Presence::Required) {
            fail(ParseError::Code::MissingField,
                 value.isNull() ? QStringLiteral("required, but null")
                                : QStringLiteral("required, but missing"),
                 key);
        }
        return QJsonValue(QJsonValue::Undefined);
    }
    return value;
}

void FieldReader::failType(QStringView key, const char *expected, const QJsonValue &found)
{
    fail(ParseError::Code::WrongType,
         QStringLiteral("expected %1, found %2").arg(QLatin1StringView(expected), describe(found)),
         key);
}

QString FieldReader::string(QStringView key, Presence presence)
{
    const QJsonValue value = valueOf(key, presence);
    if (value.isUndefined())
        return {};
    if (!value.isString()) {
        failType(key, "a string", value);
        return {};
    }
    return value.toString();
}

std::optional<qint64> FieldReader::integer(QStringView key, Presence presence)
{
    const QJsonValue value = valueOf(key, presence);
    if (value.isUndefined())
        return std::nullopt;
    if (!value.isDouble()) {
        failType(key, "an integer", value);
        return std::nullopt;
    }
    // Qt keeps integers that fit in 64 bits exactly and answers the fallback for anything
    // that is not an integer it can represent (fractions, 1e30, 2^63): two different
    // fallbacks tell the cases apart.
    const qint64 integer = value.toInteger(0);
    if (integer != value.toInteger(1)) {
        failType(key, "an integer", value);
        return std::nullopt;
    }
    return integer;
}

qint64 FieldReader::size(QStringView key, Presence presence)
{
    const std::optional<qint64> value = integer(key, presence);
    if (!value)
        return 0;
    if (*value < 0) {
        fail(ParseError::Code::InvalidValue,
             QStringLiteral("a size cannot be negative, found %1").arg(*value), key);
        return 0;
    }
    return *value;
}

bool FieldReader::boolean(QStringView key, bool fallback)
{
    const QJsonValue value = valueOf(key, Presence::Optional);
    if (value.isUndefined())
        return fallback;
    if (!value.isBool()) {
        failType(key, "true or false", value);
        return fallback;
    }
    return value.toBool();
}

Digest FieldReader::digest(QStringView key, Presence presence)
{
    const QJsonValue value = valueOf(key, presence);
    if (value.isUndefined())
        return {};
    if (!value.isString()) {
        failType(key, "a digest string", value);
        return {};
    }
    const Result<Digest> digest = Digest::parse(value.toString());
    if (!digest) {
        fail(digest.error().code(), digest.error().message(), key);
        return {};
    }
    return *digest;
}

QString FieldReader::mediaType(QStringView key, Presence presence)
{
    QString type = string(key, presence);
    if (!ok())
        return {};
    // An empty type gives a client nothing to go on (which parser, which decompressor, which
    // Accept header), so a required one must be there in substance.
    if (type.isEmpty() && presence == Presence::Required && has(key)) {
        fail(ParseError::Code::InvalidValue,
             QStringLiteral("must not be empty (expected a media type)"), key);
        return {};
    }
    if (!type.isEmpty() && !MediaType::isValid(type)) {
        fail(ParseError::Code::InvalidValue,
             QStringLiteral("\"%1\" is not a media type (expected type/subtype, RFC 6838)")
                 .arg(type.left(300)),
             key);
        return {};
    }
    return type;
}

QStringList FieldReader::stringList(QStringView key, Presence presence)
{
    const QJsonValue value = valueOf(key, presence);
    if (value.isUndefined())
        return {};
    if (!value.isArray()) {
        failType(key, "an array of strings", value);
        return {};
    }
    const QJsonArray array = value.toArray();
    QStringList result;
    result.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue element = array.at(i);
        if (!element.isString()) {
            failType(QStringLiteral("%1[%2]").arg(key).arg(i), "a string", element);
            return {};
        }
        result.append(element.toString());
    }
    return result;
}

QMap<QString, QString> FieldReader::stringMap(QStringView key)
{
    const QJsonValue value = valueOf(key, Presence::Optional);
    if (value.isUndefined())
        return {};
    if (!value.isObject()) {
        failType(key, "an object of strings", value);
        return {};
    }
    const QJsonObject object = value.toObject();
    QMap<QString, QString> result;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!it.value().isString()) {
            failType(QString(key.toString() + u'.' + it.key()), "a string", it.value());
            return {};
        }
        result.insert(it.key(), it.value().toString());
    }
    return result;
}

QStringList FieldReader::objectKeys(QStringView key)
{
    const QJsonValue value = valueOf(key, Presence::Optional);
    if (value.isUndefined())
        return {};
    if (!value.isObject()) {
        failType(key, "an object", value);
        return {};
    }
    const QJsonObject object = value.toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!it.value().isObject()) {
            failType(QString(key.toString() + u'.' + it.key()), "an empty object", it.value());
            return {};
        }
    }
    return object.keys();
}

QJsonArray FieldReader::array(QStringView key, Presence presence)
{
    const QJsonValue value = valueOf(key, presence);
    if (value.isUndefined())
        return {};
    if (!value.isArray()) {
        failType(key, "an array", value);
        return {};
    }
    return value.toArray();
}

std::optional<FieldReader> FieldReader::child(QStringView key, Presence presence)
{
    const QJsonValue value = valueOf(key, presence);
    if (value.isUndefined())
        return std::nullopt;
    if (!value.isObject()) {
        failType(key, "an object", value);
        return std::nullopt;
    }
    return FieldReader(value.toObject(), pathOf(key), m_error);
}

void FieldReader::forEachObject(QStringView key, Presence presence,
                                const std::function<void(FieldReader &, qsizetype)> &visit)
{
    const QJsonArray elements = array(key, presence);
    for (qsizetype i = 0; i < elements.size() && ok(); ++i) {
        const QString elementKey = QStringLiteral("%1[%2]").arg(key).arg(i);
        const QJsonValue element = elements.at(i);
        if (!element.isObject()) {
            failType(elementKey, "an object", element);
            return;
        }
        FieldReader reader(element.toObject(), pathOf(elementKey), m_error);
        visit(reader, i);
    }
}

} // namespace Layerscope::Json
