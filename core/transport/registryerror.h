#pragma once

#include "values/registryerrorbody.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>

namespace Layerscope {

/**
 * Why a registry request failed, with what a person needs to act on it: which request, what
 * kind of failure, what the registry said, and whether trying again may help.
 *
 * The same object feeds the command line's one-line message (toString()) and the window's
 * inline notices. URLs are redacted (no user information, no token-like query parameters) and
 * no credential or token is ever part of an error.
 */
class RegistryError
{
    Q_GADGET
public:
    enum class Category {
        None, ///< not an error
        Unauthorized, ///< credentials missing or refused (HTTP 401, or a token endpoint saying no)
        Denied, ///< authenticated, but not allowed (HTTP 403, DENIED)
        NotFound, ///< no such repository, tag, manifest or blob (HTTP 404, *_UNKNOWN)
        RateLimited, ///< HTTP 429, TOOMANYREQUESTS, after the retries allowed
        DigestMismatch, ///< content that does not hash to the digest it was asked for by
        TooLarge, ///< a body over the size limit for its kind
        Network, ///< connection refused, reset, host not found, …
        Timeout, ///< no data for longer than the timeout
        Tls, ///< certificate or handshake problems
        Protocol, ///< an answer that breaks the registry protocol (bad JSON, redirect loop, …)
        Server, ///< HTTP 5xx after the retries allowed
        Cancelled, ///< the operation was cancelled by its requester
        Keychain, ///< the system keychain is missing, locked or refused access
    };
    Q_ENUM(Category)

    RegistryError() = default;
    RegistryError(Category category, QString message);

    Category category() const { return m_category; }
    bool isError() const { return m_category != Category::None; }

    /// What went wrong, in one sentence without the request ("manifest unknown").
    const QString &message() const { return m_message; }
    /// The HTTP status, or 0 when no response arrived.
    int httpStatus() const { return m_httpStatus; }
    /// The registry's own error entries ({code, message, detail}), when it sent any.
    const QList<RegistryErrorBody::Entry> &entries() const { return m_entries; }
    /// The HTTP method of the failed request ("GET").
    const QByteArray &method() const { return m_method; }
    /// The request's URL without credentials or tokens.
    const QUrl &url() const { return m_url; }
    /// How long the registry asked to wait before trying again (Retry-After), if it said.
    std::optional<std::chrono::seconds> retryAfter() const { return m_retryAfter; }

    /// True when the same request may succeed later: rate limits, timeouts, network
    /// failures, server errors other than 501.
    bool isTransient() const;

    /// A short suggestion of what to try, or an empty string.
    QString hint() const;

    /// One line for people: "GET https://…/manifests/1.0: not found (HTTP 404): MANIFEST_UNKNOWN:
    /// manifest unknown".
    QString toString() const;

    /// The category's name for people ("not found").
    static QString categoryName(Category category);

    RegistryError &setHttpStatus(int status);
    RegistryError &setEntries(QList<RegistryErrorBody::Entry> entries);
    RegistryError &setRequest(const QByteArray &method, const QUrl &url);
    RegistryError &setRetryAfter(std::chrono::seconds delay);
    /// Replaces the message, keeping everything else.
    RegistryError &setMessage(QString message);

    /// \a url without user information and with the values of query parameters that may hold
    /// secrets (token, access_token, password, …) replaced by "REDACTED".
    static QUrl redacted(const QUrl &url);

private:
    Category m_category = Category::None;
    QString m_message;
    int m_httpStatus = 0;
    QList<RegistryErrorBody::Entry> m_entries;
    QByteArray m_method;
    QUrl m_url;
    std::optional<std::chrono::seconds> m_retryAfter;
};

} // namespace Layerscope

Q_DECLARE_METATYPE(Layerscope::RegistryError)
