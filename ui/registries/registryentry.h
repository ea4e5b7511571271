#pragma once

#include <QMetaType>
#include <QString>

namespace Layerscope {

/**
 * A registry as the sidebar lists it: the host references name it by ("docker.io",
 * "ghcr.io", "127.0.0.1:5000"), an optional name for people, and whether the user allowed
 * plain HTTP or unverified TLS for it. Never holds credentials: those live in the keychain.
 */
struct RegistryEntry
{
    /// The registry as references name it; "docker.io" is Docker Hub.
    QString host;
    /// What the sidebar shows; empty to show the host.
    QString displayName;
    /// Plain HTTP or any certificate allowed (TransportOptions::insecure).
    bool insecure = false;

    /// The host of Docker Hub, which is always in the sidebar.
    static QString dockerHubHost() { return QStringLiteral("docker.io"); }

    /// The name to show: the display name, else the host.
    QString label() const { return displayName.isEmpty() ? host : displayName; }
    /// True for Docker Hub.
    bool isDockerHub() const { return host == dockerHubHost(); }

    friend bool operator==(const RegistryEntry &a, const RegistryEntry &b)
    {
        return a.host == b.host && a.displayName == b.displayName && a.insecure == b.insecure;
    }
    friend bool operator!=(const RegistryEntry &a, const RegistryEntry &b) { return !(a == b); }
};

} // namespace Layerscope

Q_DECLARE_METATYPE(Layerscope::RegistryEntry)
