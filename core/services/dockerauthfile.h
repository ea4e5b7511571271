#pragma once

#include "transport/credentials.h"
#include "values/result.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace Layerscope {

/**
 * The registry key docker uses for \a registry in config.json and when it asks a credential
 * helper: "https://index.docker.io/v1/" for Docker Hub (docker.io, index.docker.io,
 * registry-1.docker.io, in any case, with or without a scheme and a path), otherwise the
 * registry's host[:port] in lower case. Empty for an empty \a registry.
 */
QString dockerAuthKey(const QString &registry);

/**
 * The logins of one docker config.json or containers auth.json, parsed without I/O: the
 * `auths` entries, `credsStore` and `credHelpers` (docker's cli/config/configfile and
 * containers-auth.json(5)).
 *
 * Parsing follows docker: an entry's base64 `auth` ("user:password", split at the first
 * colon) wins over explicit `username`/`password` fields; an entry without `auth`, password
 * and identity token is a stub (docker writes one per registry when a credsStore holds the
 * secret) and gives no credentials. Anything malformed makes the whole file a ParseError, as
 * it does for docker; the error names the file and the registry key, never a value.
 */
class DockerAuthFile
{
public:
    /// Which tool's rules apply to the keys.
    enum class Format {
        /// docker's config.json: a key's scheme and path are dropped ("https://myreg:5000/v1/"
        /// and "myreg:5000/team" are both myreg:5000); `credsStore` is the default helper.
        DockerConfig,
        /// containers auth.json (podman, skopeo, buildah): a scheme-less key with a path
        /// ("quay.io/team/app") is a login for that namespace only; `credsStore` is not used.
        ContainersAuth,
    };

    /// Files larger than this are refused: real ones hold a few logins in a few kilobytes.
    static constexpr qsizetype MaxSize = 1024 * 1024;

    /// One `auths` entry.
    struct Entry
    {
        QString key; ///< as written in the file
        Credentials credentials; ///< empty for a stub
    };

    DockerAuthFile() = default;

    /**
     * Parses \a json, the contents of the file at \a path (used in error messages only).
     * Errors: TooLarge, InvalidJson, InvalidUtf8, TooDeep, WrongType (a top level that is not
     * an object, `auths`/`credHelpers` or an entry that is not an object, a field that is not
     * a string), InvalidValue (`auth` that is not base64, has no colon or no user name).
     */
    static Result<DockerAuthFile> parse(const QByteArray &json, const QString &path,
                                        Format format = Format::DockerConfig);

    const QString &path() const { return m_path; }
    Format format() const { return m_format; }
    /// The `auths` entries in key order.
    const QList<Entry> &entries() const { return m_entries; }
    /// `credsStore`: the helper for every registry without a `credHelpers` entry; empty if
    /// none.
    const QString &credsStore() const { return m_credsStore; }
    /// `credHelpers`: registry key → helper name (the part after "docker-credential-").
    const QMap<QString, QString> &credHelpers() const { return m_credHelpers; }

    /**
     * The credentials stored for \a registry (a host[:port], or a Docker Hub name), or nullopt
     * when there is no entry or only a stub. An entry whose key is exactly the registry (or
     * dockerAuthKey() of it) wins over one whose key only normalises to it.
     */
    std::optional<Credentials> credentialsFor(const QString &registry) const;

    /**
     * The helper to ask for \a registry: its `credHelpers` entry (matched like `auths` keys),
     * else, for Format::DockerConfig, `credsStore`; empty when there is none.
     */
    QString helperFor(const QString &registry) const;

    /**
     * For Format::ContainersAuth: the `auths` keys that are logins for one namespace or
     * repository of \a registry ("quay.io/team/app"). A registry-wide lookup does not use them,
     * as podman does not for a registry-wide request; callers may mention them.
     */
    QStringList scopedKeysFor(const QString &registry) const;

private:
    /// The key among \a keys that matches \a registry best; -1 when none does.
    qsizetype bestKey(const QStringList &keys, const QString &registry) const;

    QString m_path;
    Format m_format = Format::DockerConfig;
    QList<Entry> m_entries;
    QString m_credsStore;
    QMap<QString, QString> m_credHelpers;
};

} // namespace Layerscope
