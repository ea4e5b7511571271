#include "values/authchallenge.h"

namespace Layerscope {

namespace {

using Code = ParseError::Code;

// RFC 9110 §5.6.2: tchar.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

// RFC 9110 §11.2: token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
bool isToken68Char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
        || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}

bool isWhitespace(char c)
{
    return c == ' ' || c == '\t';
}

// Control characters are not allowed anywhere in a field value, except horizontal tab.
bool isControl(char c)
{
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\t') || byte == 0x7f;
}

// Unquoted values are read more liberally than RFC 9110's token: registries and other clients
// accept `realm=/` or an unquoted URL, so any visible ASCII character that cannot end or quote
// the value is taken.
bool isUnquotedValueChar(char c)
{
    const auto byte = static_cast<unsigned char>(c);
    return byte > 0x20 && byte < 0x7f && c != '"' && c != ',';
}

// A name as it appears in a message; names are tokens, so ASCII, but may be absurdly long.
QString shown(QByteArrayView name)
{
    constexpr qsizetype limit = 40;
    QString text = u'\'' + QString::fromLatin1(name.first(std::min(name.size(), limit)));
    if (name.size() > limit)
        text += QStringLiteral("…");
    return text + u'\'';
}

class ChallengeParser
{
public:
    ChallengeParser(QByteArrayView text, QList<AuthChallenge> &out)
        : m_text(text)
        , m_out(out)
    { }

    std::optional<ParseError> run()
    {
        auto error = parseList();
        finishChallenge();
        return error;
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text.at(m_pos); }
    bool atElementEnd() const { return atEnd() || peek() == ','; }

    void skipWhitespace()
    {
        while (!atEnd() && isWhitespace(peek()))
            ++m_pos;
    }

    QByteArrayView readToken()
    {
        const qsizetype start = m_pos;
        while (!atEnd() && isTokenChar(peek()))
            ++m_pos;
        return m_text.sliced(start, m_pos - start);
    }

    static QString column(qsizetype pos) { return QString::number(pos + 1); }

    // What is at \a pos, for "found …" in messages.
    QString describe(qsizetype pos) const
    {
        if (pos >= m_text.size())
            return QStringLiteral("the end of the value at column %1").arg(column(pos));
        const char c = m_text.at(pos);
        const auto byte = static_cast<unsigned char>(c);
        if (c == ' ')
            return QStringLiteral("a space at column %1").arg(column(pos));
        if (c == '\t')
            return QStringLiteral("a tab at column %1").arg(column(pos));
        if (byte > 0x20 && byte < 0x7f)
            return QStringLiteral("'%1' at column %2").arg(QChar::fromLatin1(c), column(pos));
        return QStringLiteral("byte 0x%1 at column %2")
            .arg(QString::number(byte, 16).rightJustified(2, u'0').toUpper(), column(pos));
    }

    static ParseError fail(const QString &message)
    {
        return ParseError(Code::HeaderSyntax, message);
    }

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
            while (!atEnd() && (isWhitespace(peek()) || peek() == ','))
                ++m_pos;
            if (atEnd())
                return std::nullopt;

            const qsizetype start = m_pos;
            const QByteArrayView name = readToken();
            if (name.isEmpty()) {
                return fail(QStringLiteral("expected an authentication scheme, found %1")
                                .arg(describe(m_pos)));
            }
            const qsizetype afterName = m_pos;
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

            m_pos = afterName;
            if (!atElementEnd() && !isWhitespace(peek())) {
                return fail(QStringLiteral("expected a space or ',' after scheme %1, found %2")
                                .arg(shown(name), describe(m_pos)));
            }
            startChallenge(name);
            skipWhitespace();
            if (atElementEnd())
                continue;
            if (readToken68())
                continue;

            const qsizetype parameterStart = m_pos;
            const QByteArrayView parameterName = readToken();
            if (parameterName.isEmpty()) {
                return fail(QStringLiteral("expected a parameter after scheme %1, found %2")
                                .arg(shown(name), describe(m_pos)));
            }
            skipWhitespace();
            if (peek() != '=') {
                return fail(QStringLiteral("expected '=' after parameter name %1, found %2")
                                .arg(shown(parameterName), describe(m_pos)));
            }
            if (auto error = parseParameterValue(parameterName, parameterStart))
                return error;
        }
    }

    // A token68 stands alone: it is followed by the end of the list element.
    bool readToken68()
    {
        qsizetype end = m_pos;
        while (end < m_text.size() && isToken68Char(m_text.at(end)))
            ++end;
        if (end == m_pos)
            return false;
        while (end < m_text.size() && m_text.at(end) == '=')
            ++end;
        qsizetype next = end;
        while (next < m_text.size() && isWhitespace(m_text.at(next)))
            ++next;
        if (next < m_text.size() && m_text.at(next) != ',')
            return false;
        m_token68 = QString::fromLatin1(m_text.sliced(m_pos, end - m_pos));
        m_pos = next;
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
        ++m_pos;
        skipWhitespace();

        QByteArray value;
        if (atElementEnd()) {
            return fail(QStringLiteral("parameter %1 has no value, found %2")
                            .arg(shown(name), describe(m_pos)));
        }
        if (peek() == '"') {
            if (auto error = readQuotedString(name, value))
                return error;
        } else {
            const qsizetype valueStart = m_pos;
            while (!atEnd() && isUnquotedValueChar(peek()))
                ++m_pos;
            if (m_pos == valueStart) {
                return fail(QStringLiteral("invalid value for parameter %1, found %2")
                                .arg(shown(name), describe(m_pos)));
            }
            value = m_text.sliced(valueStart, m_pos - valueStart).toByteArray();
        }

        skipWhitespace();
        if (!atElementEnd()) {
            return fail(QStringLiteral("expected ',' after the value of parameter %1, found %2")
                            .arg(shown(name), describe(m_pos)));
        }
        m_parameters.insert(key, QString::fromUtf8(value));
        return std::nullopt;
    }

    // RFC 9110 §5.6.4: quoted-string, where a backslash makes the next character literal.
    std::optional<ParseError> readQuotedString(QByteArrayView name, QByteArray &value)
    {
        const qsizetype open = m_pos;
        ++m_pos;
        for (;;) {
            if (atEnd()) {
                return fail(QStringLiteral("the quoted value of parameter %1 opened at column %2 "
                                           "is not terminated")
                                .arg(shown(name), column(open)));
            }
            char c = peek();
            if (c == '"') {
                ++m_pos;
                return std::nullopt;
            }
            if (c == '\\') {
                if (m_pos + 1 >= m_text.size()) {
                    return fail(QStringLiteral("the quoted value of parameter %1 ends with an "
                                               "escaping backslash at column %2, with nothing "
                                               "to escape and no closing quote")
                                    .arg(shown(name), column(m_pos)));
                }
                ++m_pos;
                c = peek();
            }
            if (isControl(c)) {
                return fail(QStringLiteral("control character in the value of parameter %1: %2")
                                .arg(shown(name), describe(m_pos)));
            }
            value.append(c);
            ++m_pos;
        }
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
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
