#pragma once

#include <QMetaType>
#include <QString>

namespace Layerscope {

/**
 * What a client presents to one registry: a user name and password (or access token), or an
 * identity token (an OAuth2 refresh token, as `docker login` stores for some registries).
 * Never logged, never part of an error message.
 */
struct Credentials
{
    QString username;
    QString password;
    /// An OAuth2 refresh token: the token service is asked with grant_type=refresh_token
    /// instead of the password.
    QString identityToken = {};

    bool isEmpty() const
    {
        return username.isEmpty() && password.isEmpty() && identityToken.isEmpty();
    }
    friend bool operator==(const Credentials &, const Credentials &) = default;
};

} // namespace Layerscope

Q_DECLARE_METATYPE(Layerscope::Credentials)
