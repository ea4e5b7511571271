#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

/**
 * The integration-test harness's contract (tests/harness/README.md): where the registries and
 * test servers run and what every fixture must look like. Tests find it through the
 * LAYERSCOPE_HARNESS environment variable that ctest sets.
 */
namespace Harness {

/// harness.json, parsed; an empty object (and a warning) when it cannot be read.
const QJsonObject &contract();
/// True when contract() could be read.
bool available();

/// registries.<mode> ("open", "htpasswd", "token", "tls").
QJsonObject registry(const QString &mode);
/// registries.<mode>.hostPort: "127.0.0.1:41677".
QString hostPort(const QString &mode);
/// fixtures.<id>.
QJsonObject fixture(const QString &id);
/// registries.<mode>.credentials: the user name and password the registry accepts.
QString username(const QString &mode);
QString password(const QString &mode);
/// The fixture that \a mode's registry serves only with its credentials: htpasswdImage for
/// "htpasswd", tokenPrivateImage for "token".
QJsonObject protectedFixture(const QString &mode);
/// testServers.<name>.
QJsonObject testServer(const QString &name);
/// testServers.misbehaving.scenarios.<name>.
QJsonObject scenario(const QString &name);

/// The JSON a test server's GET /_log answers (requests seen, with the kind of Authorization).
QJsonObject fetchLog(const QString &url);
/// POST /_reset on a test server, or to the token issuer's control endpoint with {"reset":true}.
bool post(const QString &url, const QByteArray &json = {});
/// GET \a url as JSON (the token issuer's /stats).
QJsonObject getJson(const QString &url);
/// A refresh token the token issuer hands the token registry's user (an identity token, as
/// `docker login` keeps for registries that offer one); empty on failure.
QString refreshToken();

} // namespace Harness
