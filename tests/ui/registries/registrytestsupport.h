#pragma once

#include "registries/registryentry.h"
#include "services/externalcredentials.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

namespace Layerscope {

/// A registry entry in one line, for the tables of the registries' tests.
inline RegistryEntry makeEntry(const QString &host, const QString &name = {}, bool insecure = false)
{
    RegistryEntry entry;
    entry.host = host;
    entry.displayName = name;
    entry.insecure = insecure;
    return entry;
}

/**
 * Where docker's and podman's logins are looked for in a test: folders inside \a root only
 * (docker's config.json in root/docker, podman's auth.json in root/containers) and no PATH,
 * so neither the user's own logins nor credential helpers take part.
 */
inline CredentialEnvironment credentialEnvironmentIn(const QString &root)
{
    CredentialEnvironment environment;
    environment.dockerConfigDir = root + QStringLiteral("/docker");
    environment.authFiles = {root + QStringLiteral("/containers/auth.json")};
    environment.processEnvironment.insert(QStringLiteral("PATH"), root + QStringLiteral("/bin"));
    return environment;
}

/// Writes \a json to \a path, making its folder; false when it cannot.
inline bool writeFile(const QString &path, const QByteArray &json)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return false;
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(json) == json.size();
}

/// A config.json or auth.json `auths` object with one login for \a key.
inline QByteArray authsWith(const QString &key, const QString &user, const QString &password)
{
    const QByteArray auth = (user + u':' + password).toUtf8().toBase64();
    return "{\"auths\":{\"" + key.toUtf8() + "\":{\"auth\":\"" + auth + "\"}}}";
}

/// For QCOMPARE's failure messages.
inline char *toString(const RegistryEntry &entry)
{
    return QTest::toString(
        QStringLiteral("{%1, %2, %3}")
            .arg(entry.host, entry.displayName,
                 entry.insecure ? QStringLiteral("insecure") : QStringLiteral("secure")));
}

} // namespace Layerscope
