#include "harness.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QtDebug>

namespace Harness {

namespace {

// Test servers are plain HTTP on loopback, except the HTTPS double whose certificate the
// tests do not need to trust for reading its log.
QByteArray request(const QString &url, const QByteArray &method, const QByteArray &body,
                   const QByteArray &authorization = {})
{
    QNetworkAccessManager manager;
    QNetworkRequest request{QUrl(url)};
    request.setTransferTimeout(10000);
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply = method == "POST" ? manager.post(request, body) : manager.get(request);
    QObject::connect(reply, &QNetworkReply::sslErrors, reply,
                     [reply](const QList<QSslError> &) { reply->ignoreSslErrors(); });
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QByteArray answer = reply->readAll();
    const bool ok = reply->error() == QNetworkReply::NoError;
    reply->deleteLater();
    if (!ok)
        qWarning("%s %s failed", method.constData(), qPrintable(url));
    return ok ? answer : QByteArray();
}

} // namespace

const QJsonObject &contract()
{
    static const QJsonObject object = [] {
        const QString path = qEnvironmentVariable("LAYERSCOPE_HARNESS");
        QFile file(path);
        if (path.isEmpty() || !file.open(QIODevice::ReadOnly)) {
            qWarning("LAYERSCOPE_HARNESS does not name a readable harness.json (\"%s\")",
                     qPrintable(path));
            return QJsonObject();
        }
        return QJsonDocument::fromJson(file.readAll()).object();
    }();
    return object;
}

bool available()
{
    return !contract().isEmpty();
}

QJsonObject registry(const QString &mode)
{
    return contract().value(u"registries").toObject().value(mode).toObject();
}

QString hostPort(const QString &mode)
{
    return registry(mode).value(u"hostPort").toString();
}

QJsonObject fixture(const QString &id)
{
    return contract().value(u"fixtures").toObject().value(id).toObject();
}

QString username(const QString &mode)
{
    return registry(mode).value(u"credentials").toObject().value(u"username").toString();
}

QString password(const QString &mode)
{
    return registry(mode).value(u"credentials").toObject().value(u"password").toString();
}

QJsonObject protectedFixture(const QString &mode)
{
    return fixture(mode == u"token" ? QStringLiteral("tokenPrivateImage")
                                    : QStringLiteral("htpasswdImage"));
}

QJsonObject testServer(const QString &name)
{
    return contract().value(u"testServers").toObject().value(name).toObject();
}

QJsonObject scenario(const QString &name)
{
    return testServer(QStringLiteral("misbehaving"))
        .value(u"scenarios")
        .toObject()
        .value(name)
        .toObject();
}

QJsonObject fetchLog(const QString &url)
{
    return QJsonDocument::fromJson(request(url, "GET", {})).object();
}

bool post(const QString &url, const QByteArray &json)
{
    return !request(url, "POST", json.isEmpty() ? QByteArray("{}") : json).isNull();
}

QJsonObject getJson(const QString &url)
{
    return QJsonDocument::fromJson(request(url, "GET", {})).object();
}

QString refreshToken()
{
    const QJsonObject issuer = contract().value(u"tokenIssuer").toObject();
    const QString url = issuer.value(u"tokenUrl").toString()
        + QStringLiteral("?offline_token=true&service=")
        + QString::fromLatin1(QUrl::toPercentEncoding(issuer.value(u"service").toString()));
    const QString token = QStringLiteral("token");
    const QByteArray basic
        = "Basic " + (username(token) + u':' + password(token)).toUtf8().toBase64();
    return QJsonDocument::fromJson(request(url, "GET", {}, basic))
        .object()
        .value(u"refresh_token")
        .toString();
}

} // namespace Harness
