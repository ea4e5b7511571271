#pragma once

#include "services/credentialstore.h"
#include "transport/credentials.h"
#include "transport/transport.h"
#include "values/imagereference.h"
#include "values/platform.h"

#include <QString>

#include <optional>

namespace Layerscope::Cli {

/// Exit codes are part of the command line's contract with scripts.
enum ExitCode { Success = 0, RegistryFailure = 1, UsageError = 2 };

/// What every command shares, from the global options.
struct Context
{
    TransportOptions transport;
    /// Given on the command line: used instead of any stored login.
    std::optional<Credentials> credentials;
    /// Where logins are found otherwise (keychain, docker's and podman's files).
    CredentialStore *store = nullptr;
};

/// Checks the credentials with the registry and keeps the password in the system keychain.
int login(const Context &context, const QString &registry);
/// Removes the keychain entry of \a registry.
int logout(const Context &context, const QString &registry);

int catalog(const Context &context, const QString &registry);
int tags(const Context &context, const ImageReference &repository, bool digests, bool resolve,
         bool json, int jobs);
int digest(const Context &context, const ImageReference &reference);
int manifest(const Context &context, const ImageReference &reference,
             const std::optional<Platform> &platform);
int config(const Context &context, const ImageReference &reference,
           const std::optional<Platform> &platform);
int inspect(const Context &context, const ImageReference &reference,
            const std::optional<Platform> &platform, bool json);
/// Compares two images: layers aligned, config differences, platforms on one side only. With
/// \a platform, that platform's image on both sides.
int compare(const Context &context, const ImageReference &a, const ImageReference &b,
            const std::optional<Platform> &platform, bool json);
int referrers(const Context &context, const ImageReference &reference, bool json);
int verify(const Context &context, const ImageReference &reference,
           const std::optional<Platform> &platform);

} // namespace Layerscope::Cli
