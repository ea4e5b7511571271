#include "transport/registryerror.h"

#include <QUrlQuery>

namespace Layerscope {

RegistryError::RegistryError(Category category, QString message)
    : m_category(category)
    , m_message(std::move(message))
{ }

bool RegistryError::isTransient() const
{
    switch (m_category) {
    case Category::RateLimited:
    case Category::Timeout:
    case Category::Network:
        return true;
    case Category::Server:
        return m_httpStatus != 501;
    default:
        return false;
    }
}

QString RegistryError::hint() const
{
    switch (m_category) {
    case Category::Unauthorized:
        return QStringLiteral("check the user name and password for this registry, or sign in");
    case Category::Denied:
        return QStringLiteral("the account has no access to this repository");
    case Category::RateLimited:
        return QStringLiteral("the registry limits requests; wait and try again, or sign in for "
                              "a higher limit");
    case Category::Tls:
        return QStringLiteral("if you trust this registry, mark it insecure (--insecure)");
    case Category::Network:
        return QStringLiteral("check the registry's address and the network connection");
    case Category::Timeout:
    case Category::Server:
        return QStringLiteral("try again later");
    case Category::Keychain:
        return QStringLiteral("unlock the system keychain (Secret Service, such as GNOME Keyring "
                              "or KWallet), or sign in for this session only");
    default:
        return {};
    }
}

QString RegistryError::toString() const
{
    QString text;
    if (!m_method.isEmpty() && !m_url.isEmpty()) {
        text = QString::fromLatin1(m_method) + u' ' + m_url.toDisplayString(QUrl::RemoveUserInfo)
            + QStringLiteral(": ");
    }
    text += categoryName(m_category);
    if (m_httpStatus > 0)
        text += QStringLiteral(" (HTTP %1)").arg(m_httpStatus);
    if (!m_message.isEmpty())
        text += QStringLiteral(": ") + m_message;
    return text;
}

QString RegistryError::categoryName(Category category)
{
    switch (category) {
    case Category::None:
        return QStringLiteral("no error");
    case Category::Unauthorized:
        return QStringLiteral("unauthorized");
    case Category::Denied:
        return QStringLiteral("access denied");
    case Category::NotFound:
        return QStringLiteral("not found");
    case Category::RateLimited:
        return QStringLiteral("rate limited");
    case Category::DigestMismatch:
        return QStringLiteral("digest mismatch");
    case Category::TooLarge:
        return QStringLiteral("too large");
    case Category::Network:
        return QStringLiteral("network error");
    case Category::Timeout:
        return QStringLiteral("timed out");
    case Category::Tls:
        return QStringLiteral("TLS error");
    case Category::Protocol:
        return QStringLiteral("protocol error");
    case Category::Server:
        return QStringLiteral("server error");
    case Category::Cancelled:
        return QStringLiteral("cancelled");
    case Category::Keychain:
        return QStringLiteral("keychain error");
    }
    return QStringLiteral("error");
}

RegistryError &RegistryError::setHttpStatus(int status)
{
    m_httpStatus = status;
    return *this;
}

RegistryError &RegistryError::setEntries(QList<RegistryErrorBody::Entry> entries)
{
    m_entries = std::move(entries);
    return *this;
}

RegistryError &RegistryError::setRequest(const QByteArray &method, const QUrl &url)
{
    m_method = method;
    m_url = redacted(url);
    return *this;
}

RegistryError &RegistryError::setRetryAfter(std::chrono::seconds delay)
{
    m_retryAfter = delay;
    return *this;
}

RegistryError &RegistryError::setMessage(QString message)
{
    m_message = std::move(message);
    return *this;
}

QUrl RegistryError::redacted(const QUrl &url)
{
    QUrl result = url.adjusted(QUrl::RemoveUserInfo);
    if (!result.hasQuery())
        return result;
    // Token endpoints and some proxies carry secrets in the query; keep the names so the
    // request stays recognisable.
    static const QStringList secretNames{
        QStringLiteral("token"),
        QStringLiteral("access_token"),
        QStringLiteral("refresh_token"),
        QStringLiteral("password"),
        QStringLiteral("secret"),
        QStringLiteral("signature"),
        QStringLiteral("sig"),
        QStringLiteral("x-amz-signature"),
        QStringLiteral("x-amz-credential"),
        QStringLiteral("x-amz-security-token"),
    };
    QUrlQuery query(result);
    QList<std::pair<QString, QString>> items = query.queryItems(QUrl::FullyEncoded);
    bool changed = false;
    for (auto &[name, value] : items) {
        if (secretNames.contains(name.toLower())) {
            value = QStringLiteral("REDACTED");
            changed = true;
        }
    }
    if (changed) {
        query.setQueryItems(items);
        result.setQuery(query);
    }
    return result;
}

} // namespace Layerscope
