#include "values/authchallenge.h"

#include "values/headerlexer_p.h"

namespace Layerscope {

namespace {

// RFC 9110 §11.2: token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
bool isToken68Char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
        || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}

// Unquoted values are read more liberally than RFC 9110's token: registries and other clients
// accept `realm=/` or an unquoted URL, so any visible ASCII character that cannot end or quote
// the value is taken.
bool isUnquotedValueChar(char c)
{
    return isVisibleAscii(c) && c != '"' && c != ',';
}

class ChallengeParser : private HeaderLexer
{
public:
    ChallengeParser(QByteArrayView text, QList<AuthChallenge> &out)
        : HeaderLexer(text)
        , m_out(out)
    { }

    std::optional<ParseError> run()
    {
        auto error = parseList();
        finishChallenge();
        return error;
    }

private:
    bool atElementEnd() const { return atEnd() || peek() == ','; }

    void startChallenge(QByteArrayView scheme)
    {
        finishChallenge();
        m_inChallenge = true;
        m_scheme = QString::fromLatin1(scheme.toByteArray().toLower());
    }

    void finishChallenge()
    {
        if (!m_inChallenge)
            return;
        m_out.append(AuthChallenge(m_scheme, m_parameters, m_token68));
        m_inChallenge = false;
        m_scheme.clear();
        m_parameters.clear();
        m_token68.clear();
    }

    // The header is a comma-separated list (RFC 9110 §5.6.1) whose elements are either a new
    // challenge ("scheme", "scheme token68", "scheme name=value") or one more parameter of the
    // challenge before it ("name=value"). A token followed by '=' is a parameter; any other
    // token starts a challenge. This is how "Basic realm=x, Bearer realm=y" splits.
    std::optional<ParseError> parseList()
    {
        for (;;) {
            skipListSeparators();
            if (atEnd())
                return std::nullopt;

            const qsizetype start = position();
            const QByteArrayView name = readToken();
            if (name.isEmpty()) {
                return fail(QStringLiteral("expected an authentication scheme, found %1")
                                .arg(describe(position())));
            }
            const qsizetype afterName = position();
            skipWhitespace();
            if (peek() == '=') {
                if (!m_inChallenge) {
                    return fail(QStringLiteral("parameter %1 at column %2 comes before any "
                                               "authentication scheme")
                                    .arg(shown(name), column(start)));
                }
                if (auto error = parseParameterValue(name, start))
                    return error;
                continue;
            }

            setPosition(afterName);
            if (!atElementEnd() && !isWhitespace(peek())) {
                return fail(QStringLiteral("expected a space or ',' after scheme %1, found %2")
                                .arg(shown(name), describe(position())));
            }
            startChallenge(name);
            skipWhitespace();
            if (atElementEnd())
                continue;
            if (readToken68())
                continue;

            const qsizetype parameterStart = position();
            const QByteArrayView parameterName = readToken();
            if (parameterName.isEmpty()) {
                return fail(QStringLiteral("expected a parameter after scheme %1, found %2")
                                .arg(shown(name), describe(position())));
            }
            skipWhitespace();
            if (peek() != '=') {
                return fail(QStringLiteral("expected '=' after parameter name %1, found %2")
                                .arg(shown(parameterName), describe(position())));
            }
            if (auto error = parseParameterValue(parameterName, parameterStart))
                return error;
        }
    }

    // A token68 stands alone: it is followed by the end of the list element. When it is not,
    // the position is left where it was, for the caller to read a parameter there.
    bool readToken68()
    {
        const qsizetype start = position();
        if (readWhile(isToken68Char).isEmpty())
            return false;
        while (!atEnd() && peek() == '=')
            advance();
        const qsizetype end = position();
        skipWhitespace();
        if (!atElementEnd()) {
            setPosition(start);
            return false;
        }
        m_token68 = QString::fromLatin1(text().sliced(start, end - start));
        return true;
    }

    // At '=' after \a name (which started at \a start): reads the value, stores the parameter
    // and checks that the list element ends there.
    std::optional<ParseError> parseParameterValue(QByteArrayView name, qsizetype start)
    {
        const QString key = QString::fromLatin1(name.toByteArray().toLower());
        if (m_parameters.contains(key)) {
            // RFC 9110 §11.2: a parameter name occurs only once per challenge. Picking one of
            // two realms would be a guess, and the wrong one sends credentials elsewhere.
            return fail(QStringLiteral("parameter %1 appears a second time at column %2")
                            .arg(shown(name), column(start)));
        }
        advance();
        skipWhitespace();

        QByteArray value;
        if (atElementEnd()) {
            return fail(QStringLiteral("parameter %1 has no value, found %2")
                            .arg(shown(name), describe(position())));
        }
        if (peek() == '"') {
            if (auto error = readQuotedString(name, value))
                return error;
        } else {
            const QByteArrayView unquoted = readWhile(isUnquotedValueChar);
            if (unquoted.isEmpty()) {
                return fail(QStringLiteral("invalid value for parameter %1, found %2")
                                .arg(shown(name), describe(position())));
            }
            value = unquoted.toByteArray();
        }

        skipWhitespace();
        if (!atElementEnd()) {
            return fail(QStringLiteral("expected ',' after the value of parameter %1, found %2")
                            .arg(shown(name), describe(position())));
        }
        m_parameters.insert(key, QString::fromUtf8(value));
        return std::nullopt;
    }

    QList<AuthChallenge> &m_out;

    bool m_inChallenge = false;
    QString m_scheme;
    QMap<QString, QString> m_parameters;
    QString m_token68;
};

} // namespace

AuthChallenge::AuthChallenge(QString scheme, QMap<QString, QString> parameters, QString token68)
    : m_scheme(std::move(scheme))
    , m_parameters(std::move(parameters))
    , m_token68(std::move(token68))
{ }

QString AuthChallenge::parameter(QStringView name) const
{
    return m_parameters.value(name.toString().toLower());
}

bool AuthChallenge::hasParameter(QStringView name) const
{
    return m_parameters.contains(name.toString().toLower());
}

QStringList AuthChallenge::scopes() const
{
    // RFC 6749 §3.3: scopes are separated by spaces.
    return parameter(u"scope").split(u' ', Qt::SkipEmptyParts);
}

AuthChallenge::Parsed AuthChallenge::parse(const QList<QByteArray> &headerValues)
{
    Parsed parsed;
    for (qsizetype i = 0; i < headerValues.size(); ++i) {
        auto error = ChallengeParser(headerValues.at(i), parsed.challenges).run();
        if (!error || parsed.error)
            continue;
        const QString context = headerValues.size() == 1
            ? QStringLiteral("WWW-Authenticate")
            : QStringLiteral("WWW-Authenticate (value %1 of %2)")
                  .arg(QString::number(i + 1), QString::number(headerValues.size()));
        parsed.error = error->withContext(context);
    }
    return parsed;
}

AuthChallenge::Parsed AuthChallenge::parse(QByteArrayView headerValue)
{
    Parsed parsed;
    if (auto error = ChallengeParser(headerValue, parsed.challenges).run())
        parsed.error = error->withContext(QStringLiteral("WWW-Authenticate"));
    return parsed;
}

std::optional<AuthChallenge> AuthChallenge::preferred(const QList<AuthChallenge> &challenges)
{
    for (const AuthChallenge &challenge : challenges) {
        if (challenge.isBearer() || challenge.isBasic())
            return challenge;
    }
    if (challenges.isEmpty())
        return std::nullopt;
    return challenges.constFirst();
}

std::optional<AuthChallenge> AuthChallenge::Parsed::preferred() const
{
    return AuthChallenge::preferred(challenges);
}

} // namespace Layerscope
