#pragma once

#include <QMetaType>
#include <QString>

namespace Layerscope {

/// A user name and password (or access token) for one registry. Never logged, never part of
/// an error message.
struct Credentials
{
    QString username;
    QString password;

    bool isEmpty() const { return username.isEmpty() && password.isEmpty(); }
};

} // namespace Layerscope

Q_DECLARE_METATYPE(Layerscope::Credentials)
