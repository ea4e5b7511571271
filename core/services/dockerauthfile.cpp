#include "services/dockerauthfile.h"

#include "values/messagetext_p.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

namespace Layerscope {

namespace {

using Code = ParseError::Code;

const QString HubKey = QStringLiteral("https://index.docker.io/v1/");
const QString HubHost = QStringLiteral("docker.io");

bool isHubHost(const QString &host)
{
    return host == QLatin1StringView("docker.io") || host == QLatin1StringView("index.docker.io")
        || host == QLatin1StringView("registry-1.docker.io");
}

/// \a text without a leading "scheme://"; \a hadScheme says whether there was one.
QString withoutScheme(const QString &text, bool *hadScheme = nullptr)
{
    const QString trimmed = text.trimmed();
    const qsizetype separator = trimmed.indexOf(QLatin1StringView("://"));
    if (hadScheme)
        *hadScheme = separator >= 0;
    return separator >= 0 ? trimmed.mid(separator + 3) : trimmed;
}

/// The host[:port] a registry name or URL stands for, lower case, with every Docker Hub name
/// written "docker.io".
QString registryHost(const QString &registry)
{
    QString host = withoutScheme(registry);
    const qsizetype slash = host.indexOf(u'/');
    if (slash >= 0)
        host.truncate(slash);
    host = host.toLower();
    return isHubHost(host) ? HubHost : host;
}

/**
 * The registry an `auths` or `credHelpers` key stands for, normalised like registryHost(), or
 * nullopt for a containers key scoped to a namespace. docker (cli/config/credentials,
 * ConvertToHostname) drops a key's path in every case; containers/image drops it only after a
 * scheme, because there a scheme-less "host/namespace" key is a login for that namespace.
 */
std::optional<QString> keyHost(const QString &key, DockerAuthFile::Format format)
{
    bool hadScheme = false;
    const QString stripped = withoutScheme(key, &hadScheme);
    if (format == DockerAuthFile::Format::ContainersAuth && !hadScheme && stripped.contains(u'/'))
        return std::nullopt;
    return registryHost(stripped);
}

/// The JSON type of \a value for messages; never the value, which may be a secret.
QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

/// "auths.\"myreg:5000\".auth": where in the file a problem is. Keys are registry names, not
/// secrets, but they are quoted so that a hostile key cannot break the message's line.
QString fieldPath(QLatin1StringView section, const QString &key, QLatin1StringView field = {})
{
    QString path = section + u'.' + MessageText::quoted(key, 120);
    if (!field.isEmpty())
        path += u'.' + field;
    return path;
}

ParseError wrongType(const QString &where, QLatin1StringView expected, const QJsonValue &found)
{
    return ParseError(
        Code::WrongType,
        QStringLiteral("%1: expected %2, found %3").arg(where, expected, typeName(found)));
}

/// Reads the optional string \a field of an `auths` entry; null counts as absent, as it does
/// for docker's JSON decoder.
std::optional<ParseError> readString(const QJsonObject &object, QLatin1StringView field,
                                     const QString &key, QString *out)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (!value.isString())
        return wrongType(fieldPath(QLatin1StringView("auths"), key, field),
                         QLatin1StringView("a string"), value);
    *out = value.toString();
    return std::nullopt;
}

/// Decodes `auth`: base64 of "user:password", split at the first colon as docker does, with
/// the NUL padding some old tools wrote trimmed from the password.
std::optional<ParseError> decodeAuth(const QString &auth, const QString &key,
                                     Credentials *credentials)
{
    const QString where = fieldPath(QLatin1StringView("auths"), key, QLatin1StringView("auth"));
    const QByteArray::FromBase64Result decoded
        = QByteArray::fromBase64Encoding(auth.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return ParseError(Code::InvalidValue, where + QStringLiteral(": not valid base64"));
    const QString text = QString::fromUtf8(decoded.decoded);
    const qsizetype colon = text.indexOf(u':');
    if (colon < 0) {
        return ParseError(Code::InvalidValue,
                          where
                              + QStringLiteral(": the decoded value has no ':' between the user "
                                               "name and the password"));
    }
    if (colon == 0)
        return ParseError(Code::InvalidValue,
                          where + QStringLiteral(": the decoded value has an empty user name"));
    credentials->username = text.left(colon);
    QString password = text.mid(colon + 1);
    while (password.startsWith(QChar(0)))
        password.remove(0, 1);
    while (password.endsWith(QChar(0)))
        password.chop(1);
    credentials->password = password;
    return std::nullopt;
}

/// True when \a credentials can be presented: a password or an identity token. A user name
/// alone is what remains of a login whose secret lives in a credential helper.
bool isUsable(const Credentials &credentials)
{
    return !credentials.password.isEmpty() || !credentials.identityToken.isEmpty();
}

} // namespace

QString dockerAuthKey(const QString &registry)
{
    const QString host = registryHost(registry);
    if (host == HubHost)
        return HubKey;
    return host;
}

Result<DockerAuthFile> DockerAuthFile::parse(const QByteArray &json, const QString &path,
                                             Format format)
{
    const auto failure = [&path](ParseError error) {
        return error.withContext(path);
    };

    if (json.size() > MaxSize) {
        return failure(ParseError(Code::TooLarge,
                                  QStringLiteral("the file is %1 bytes, over the limit of %2 bytes")
                                      .arg(json.size())
                                      .arg(MaxSize)));
    }

    DockerAuthFile file;
    file.m_path = path;
    file.m_format = format;

    // docker reads an empty config.json as an empty configuration; containers/image refuses
    // an empty auth.json.
    if (json.trimmed().isEmpty()) {
        if (format == Format::DockerConfig)
            return file;
        return failure(ParseError(Code::InvalidJson, QStringLiteral("the file is empty")));
    }

    // QJsonParseError's text names the problem and a byte offset, never the bytes: a broken
    // file may hold a secret right where the syntax error is.
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    switch (parseError.error) {
    case QJsonParseError::NoError:
        break;
    case QJsonParseError::IllegalUTF8String:
        return failure(ParseError(
            Code::InvalidUtf8,
            QStringLiteral("invalid UTF-8 in a string near byte %1").arg(parseError.offset)));
    case QJsonParseError::DeepNesting:
        return failure(
            ParseError(Code::TooDeep,
                       QStringLiteral("nested too deeply (near byte %1)").arg(parseError.offset)));
    default:
        return failure(ParseError(Code::InvalidJson,
                                  QStringLiteral("not valid JSON: %1 at byte %2")
                                      .arg(parseError.errorString())
                                      .arg(parseError.offset)));
    }
    if (!document.isObject()) {
        return failure(
            ParseError(Code::WrongType,
                       QStringLiteral("expected a JSON object at the top level, found %1")
                           .arg(document.isArray() ? QStringLiteral("an array")
                                                   : QStringLiteral("a scalar"))));
    }
    const QJsonObject top = document.object();

    const QJsonValue auths = top.value(QLatin1StringView("auths"));
    if (!auths.isUndefined() && !auths.isNull()) {
        if (!auths.isObject())
            return failure(
                wrongType(QStringLiteral("auths"), QLatin1StringView("an object"), auths));
        const QJsonObject entries = auths.toObject();
        for (auto it = entries.constBegin(); it != entries.constEnd(); ++it) {
            Entry entry;
            entry.key = it.key();
            if (it.value().isNull()) {
                file.m_entries.append(entry);
                continue;
            }
            if (!it.value().isObject()) {
                return failure(wrongType(fieldPath(QLatin1StringView("auths"), entry.key),
                                         QLatin1StringView("an object"), it.value()));
            }
            const QJsonObject object = it.value().toObject();
            QString auth;
            QString username;
            QString password;
            for (const auto &[field, target] : {std::pair{QLatin1StringView("auth"), &auth},
                                                std::pair{QLatin1StringView("username"), &username},
                                                std::pair{QLatin1StringView("password"), &password},
                                                std::pair{QLatin1StringView("identitytoken"),
                                                          &entry.credentials.identityToken}}) {
                if (const auto error = readString(object, field, entry.key, target))
                    return failure(*error);
            }
            if (!auth.isEmpty()) {
                if (const auto error = decodeAuth(auth, entry.key, &entry.credentials))
                    return failure(*error);
            } else {
                entry.credentials.username = username;
                entry.credentials.password = password;
            }
            file.m_entries.append(entry);
        }
    }

    const QJsonValue credsStore = top.value(QLatin1StringView("credsStore"));
    if (!credsStore.isUndefined() && !credsStore.isNull()) {
        if (!credsStore.isString()) {
            return failure(
                wrongType(QStringLiteral("credsStore"), QLatin1StringView("a string"), credsStore));
        }
        file.m_credsStore = credsStore.toString();
    }

    const QJsonValue credHelpers = top.value(QLatin1StringView("credHelpers"));
    if (!credHelpers.isUndefined() && !credHelpers.isNull()) {
        if (!credHelpers.isObject()) {
            return failure(wrongType(QStringLiteral("credHelpers"), QLatin1StringView("an object"),
                                     credHelpers));
        }
        const QJsonObject helpers = credHelpers.toObject();
        for (auto it = helpers.constBegin(); it != helpers.constEnd(); ++it) {
            if (!it.value().isString()) {
                return failure(wrongType(fieldPath(QLatin1StringView("credHelpers"), it.key()),
                                         QLatin1StringView("a string"), it.value()));
            }
            file.m_credHelpers.insert(it.key(), it.value().toString());
        }
    }
    return file;
}

qsizetype DockerAuthFile::bestKey(const QStringList &keys, const QString &registry) const
{
    const QString target = registryHost(registry);
    if (target.isEmpty())
        return -1;
    // The key each tool writes itself comes first: docker stores Docker Hub under its v1 URL,
    // podman under "docker.io".
    const QString asWritten = withoutScheme(registry).section(u'/', 0, 0).toLower();
    const QStringList exact = m_format == Format::DockerConfig
        ? QStringList{dockerAuthKey(registry), asWritten, target}
        : QStringList{asWritten, target, dockerAuthKey(registry)};
    for (const QString &candidate : exact) {
        const qsizetype index = keys.indexOf(candidate);
        if (index >= 0)
            return index;
    }
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (keyHost(keys.at(i), m_format) == target)
            return i;
    }
    return -1;
}

std::optional<Credentials> DockerAuthFile::credentialsFor(const QString &registry) const
{
    QStringList keys;
    keys.reserve(m_entries.size());
    for (const Entry &entry : m_entries)
        keys.append(entry.key);
    const qsizetype index = bestKey(keys, registry);
    if (index < 0 || !isUsable(m_entries.at(index).credentials))
        return std::nullopt;
    return m_entries.at(index).credentials;
}

QString DockerAuthFile::helperFor(const QString &registry) const
{
    const QStringList keys = m_credHelpers.keys();
    const qsizetype index = bestKey(keys, registry);
    if (index >= 0)
        return m_credHelpers.value(keys.at(index));
    // containers/image reads only credHelpers from its files; credsStore is docker's.
    return m_format == Format::DockerConfig ? m_credsStore : QString();
}

QStringList DockerAuthFile::scopedKeysFor(const QString &registry) const
{
    QStringList scoped;
    if (m_format != Format::ContainersAuth)
        return scoped;
    const QString target = registryHost(registry);
    for (const Entry &entry : m_entries) {
        if (!keyHost(entry.key, m_format) && registryHost(entry.key) == target)
            scoped.append(entry.key);
    }
    return scoped;
}

} // namespace Layerscope
