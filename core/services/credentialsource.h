#pragma once

#include "transport/credentials.h"

#include <QString>

namespace Layerscope {

/// Where a registry's credentials came from, in the order they are looked up.
enum class CredentialSource {
    Anonymous, ///< none found: requests go without credentials
    Session, ///< signed in while this program runs; forgotten when it ends
    Keychain, ///< the system keychain (Secret Service, macOS Keychain, Windows Credential Manager)
    CredentialHelper, ///< a docker credential helper's `get` (credHelpers or credsStore)
    DockerConfig, ///< an `auths` entry of docker's config.json
    ContainersAuth, ///< an `auths` entry of podman's and skopeo's containers/auth.json
};

/// The source's name for people ("system keychain").
QString credentialSourceName(CredentialSource source);

/// Credentials found for a registry, and where they were found.
struct FoundCredentials
{
    Credentials credentials;
    CredentialSource source = CredentialSource::Anonymous;
    /// Which file or program they came from ("/home/ana/.docker/config.json",
    /// "docker-credential-pass"); empty for the session and the keychain.
    QString origin;

    bool isAnonymous() const { return source == CredentialSource::Anonymous; }
};

} // namespace Layerscope
