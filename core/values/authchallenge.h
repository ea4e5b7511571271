#pragma once

#include "values/parseerror.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace Layerscope {

/**
 * One authentication challenge from a WWW-Authenticate header (RFC 7235), as registries send
 * them: `Bearer realm="https://auth.example/token",service="registry.example",scope="…"`.
 *
 * The scheme and the parameter names are lower-cased (both are case-insensitive); parameter
 * values are unescaped and decoded as UTF-8.
 */
class AuthChallenge
{
public:
    /**
     * What parsing one or more WWW-Authenticate values produced.
     *
     * Malformed input does not throw the whole answer away: everything read before the error
     * is kept (the challenges, including the one being read when its scheme was complete, with
     * the parameters that were complete up to their ',' or the end), and `error` says what was
     * wrong and where. The rest of that header value is skipped; the following values are still
     * parsed. A client can thus still ask the realm it found, and report the error if that
     * fails.
     */
    struct Parsed
    {
        QList<AuthChallenge> challenges;
        /// The first syntax error (code HeaderSyntax), if any.
        std::optional<ParseError> error;

        /// AuthChallenge::preferred() over `challenges`.
        std::optional<AuthChallenge> preferred() const;
    };

    AuthChallenge() = default;
    /// A challenge with \a scheme and \a parameters as given (callers pass them lower-cased).
    AuthChallenge(QString scheme, QMap<QString, QString> parameters, QString token68 = {});

    /// The scheme, lower-cased: "bearer", "basic", "negotiate", …
    const QString &scheme() const { return m_scheme; }
    /// All parameters: lower-cased name → unescaped value.
    const QMap<QString, QString> &parameters() const { return m_parameters; }
    /// The value of parameter \a name (case-insensitive); empty when absent.
    QString parameter(QStringView name) const;
    /// True when parameter \a name (case-insensitive) is present, even with an empty value.
    bool hasParameter(QStringView name) const;
    /// The token68 form some schemes use instead of parameters (`Negotiate abc==`); usually empty.
    const QString &token68() const { return m_token68; }

    /// The `realm` parameter: the token endpoint for Bearer, a display name for Basic.
    QString realm() const { return parameter(u"realm"); }
    /// The `service` parameter a token request must repeat.
    QString service() const { return parameter(u"service"); }
    /// The `scope` parameter split on spaces: one entry per scope the registry asks for.
    QStringList scopes() const;
    /// The `error` parameter: "invalid_token", "insufficient_scope", … or empty.
    QString error() const { return parameter(u"error"); }

    /// True for the Bearer scheme (a token from the realm's token endpoint).
    bool isBearer() const { return m_scheme == u"bearer"; }
    /// True for the Basic scheme (user name and password on every request).
    bool isBasic() const { return m_scheme == u"basic"; }

    /**
     * Parses the values of all WWW-Authenticate headers of one response, in order; each value
     * may hold several challenges separated by commas. Values joined by ", " (as Qt joins
     * repeated headers) give the same challenges as the separate values. Error messages name
     * the value (when there are several) and the 1-based byte column.
     */
    static Parsed parse(const QList<QByteArray> &headerValues);
    /// Parses a single WWW-Authenticate value.
    static Parsed parse(QByteArrayView headerValue);

    /**
     * The challenge a registry client answers: the first Bearer or Basic one. When there is
     * none of those, the first challenge, so the caller can name the unsupported scheme;
     * nothing when \a challenges is empty.
     */
    static std::optional<AuthChallenge> preferred(const QList<AuthChallenge> &challenges);

    friend bool operator==(const AuthChallenge &a, const AuthChallenge &b)
    {
        return a.m_scheme == b.m_scheme && a.m_parameters == b.m_parameters
            && a.m_token68 == b.m_token68;
    }
    friend bool operator!=(const AuthChallenge &a, const AuthChallenge &b) { return !(a == b); }

private:
    QString m_scheme;
    QMap<QString, QString> m_parameters;
    QString m_token68;
};

} // namespace Layerscope

Q_DECLARE_METATYPE(Layerscope::AuthChallenge)
