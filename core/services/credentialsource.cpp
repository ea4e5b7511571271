#include "services/credentialsource.h"

namespace Layerscope {

QString credentialSourceName(CredentialSource source)
{
    switch (source) {
    case CredentialSource::Anonymous:
        return QStringLiteral("anonymous");
    case CredentialSource::Session:
        return QStringLiteral("this session");
    case CredentialSource::Keychain:
        return QStringLiteral("system keychain");
    case CredentialSource::CredentialHelper:
        return QStringLiteral("docker credential helper");
    case CredentialSource::DockerConfig:
        return QStringLiteral("docker config.json");
    case CredentialSource::ContainersAuth:
        return QStringLiteral("containers auth.json");
    }
    return {};
}

} // namespace Layerscope
