#include "values/linkheader.h"

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

bool isWhitespace(char c)
{
    return c == ' ' || c == '\t';
}

bool isVisibleAscii(char c)
{
    const auto byte = static_cast<unsigned char>(c);
    return byte > 0x20 && byte < 0x7f;
}

// Unquoted parameter values are read a little more liberally than a token (servers write
// `rel=next` but also `type=application/json`): any visible ASCII character that cannot end
// the parameter or the link.
bool isUnquotedValueChar(char c)
{
    return isVisibleAscii(c) && c != '"' && c != ',' && c != ';';
}

int defaultPort(const QString &scheme)
{
    if (scheme == u"https")
        return 443;
    if (scheme == u"http")
        return 80;
    return -1;
}

QString shown(QByteArrayView text)
{
    constexpr qsizetype limit = 60;
    QString result = u'\'' + QString::fromLatin1(text.first(std::min(text.size(), limit)));
    if (text.size() > limit)
        result += QStringLiteral("…");
    return result + u'\'';
}

class LinkParser
{
public:
    LinkParser(QByteArrayView text, QList<LinkHeader::Link> &out)
        : m_text(text)
        , m_out(out)
    { }

    std::optional<ParseError> run()
    {
        for (;;) {
            while (!atEnd() && (isWhitespace(peek()) || peek() == ','))
                ++m_pos;
            if (atEnd())
                return std::nullopt;
            if (auto error = parseLink())
                return error;
        }
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text.at(m_pos); }

    void skipWhitespace()
    {
        while (!atEnd() && isWhitespace(peek()))
            ++m_pos;
    }

    static QString column(qsizetype pos) { return QString::number(pos + 1); }

    QString describe(qsizetype pos) const
    {
        if (pos >= m_text.size())
            return QStringLiteral("the end of the value at column %1").arg(column(pos));
        const char c = m_text.at(pos);
        if (c == ' ')
            return QStringLiteral("a space at column %1").arg(column(pos));
        if (c == '\t')
            return QStringLiteral("a tab at column %1").arg(column(pos));
        if (isVisibleAscii(c))
            return QStringLiteral("'%1' at column %2").arg(QChar::fromLatin1(c), column(pos));
        return QStringLiteral("byte 0x%1 at column %2")
            .arg(QString::number(static_cast<unsigned char>(c), 16)
                     .rightJustified(2, u'0')
                     .toUpper(),
                 column(pos));
    }

    static ParseError fail(const QString &message)
    {
        return ParseError(Code::HeaderSyntax, message);
    }

    // link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )   (RFC 8288 §3)
    std::optional<ParseError> parseLink()
    {
        if (peek() != '<') {
            return fail(
                QStringLiteral("expected '<' to start a link, found %1").arg(describe(m_pos)));
        }
        const qsizetype open = m_pos;
        ++m_pos;
        // A URI reference is visible ASCII only; commas and semicolons are allowed in it.
        while (!atEnd() && peek() != '>') {
            if (!isVisibleAscii(peek()) || peek() == '<') {
                return fail(QStringLiteral("invalid character in the link target opened at "
                                           "column %1: %2")
                                .arg(column(open), describe(m_pos)));
            }
            ++m_pos;
        }
        if (atEnd()) {
            return fail(QStringLiteral("the link target opened at column %1 has no closing '>'")
                            .arg(column(open)));
        }
        const QByteArrayView targetBytes = m_text.sliced(open + 1, m_pos - open - 1);
        ++m_pos;

        LinkHeader::Link link;
        link.target = QString::fromLatin1(targetBytes);
        // An empty reference is valid (it names the resource itself) but QUrl calls it invalid.
        if (!link.target.isEmpty() && !QUrl(link.target, QUrl::StrictMode).isValid()) {
            return fail(QStringLiteral("the link target %1 opened at column %2 is not a valid "
                                       "URI reference")
                            .arg(shown(targetBytes), column(open)));
        }

        bool relationsSeen = false;
        for (;;) {
            skipWhitespace();
            if (atEnd() || peek() == ',')
                break;
            if (peek() != ';') {
                return fail(QStringLiteral("expected ';' or ',' after the link opened at column "
                                           "%1, found %2")
                                .arg(column(open), describe(m_pos)));
            }
            ++m_pos;
            skipWhitespace();
            const qsizetype nameStart = m_pos;
            while (!atEnd() && isTokenChar(peek()))
                ++m_pos;
            const QByteArrayView name = m_text.sliced(nameStart, m_pos - nameStart);
            if (name.isEmpty()) {
                return fail(QStringLiteral("expected a parameter name after ';', found %1")
                                .arg(describe(m_pos)));
            }
            skipWhitespace();
            QByteArray value;
            if (peek() == '=') {
                ++m_pos;
                skipWhitespace();
                if (auto error = readValue(name, value))
                    return error;
            }

            const QString key = QString::fromLatin1(name.toByteArray().toLower());
            if (key == u"rel") {
                // RFC 8288 §3.3: occurrences of rel after the first are ignored.
                if (!relationsSeen) {
                    relationsSeen = true;
                    const QString relations
                        = QString::fromLatin1(value.toLower()).replace(u'\t', u' ');
                    link.relations = relations.split(u' ', Qt::SkipEmptyParts);
                }
            } else if (!link.parameters.contains(key)) {
                link.parameters.insert(key, QString::fromUtf8(value));
            }
        }
        m_out.append(link);
        return std::nullopt;
    }

    std::optional<ParseError> readValue(QByteArrayView name, QByteArray &value)
    {
        if (peek() == '"') {
            const qsizetype open = m_pos;
            ++m_pos;
            for (;;) {
                if (atEnd()) {
                    return fail(QStringLiteral("the quoted value of parameter %1 opened at "
                                               "column %2 is not terminated")
                                    .arg(shown(name), column(open)));
                }
                char c = peek();
                if (c == '"') {
                    ++m_pos;
                    return std::nullopt;
                }
                if (c == '\\') {
                    if (m_pos + 1 >= m_text.size()) {
                        return fail(QStringLiteral("the quoted value of parameter %1 ends with "
                                                   "an escaping backslash at column %2")
                                        .arg(shown(name), column(m_pos)));
                    }
                    ++m_pos;
                    c = peek();
                }
                const auto byte = static_cast<unsigned char>(c);
                if ((byte < 0x20 && c != '\t') || byte == 0x7f) {
                    return fail(QStringLiteral("control character in the value of parameter "
                                               "%1: %2")
                                    .arg(shown(name), describe(m_pos)));
                }
                value.append(c);
                ++m_pos;
            }
        }
        const qsizetype start = m_pos;
        while (!atEnd() && isUnquotedValueChar(peek()))
            ++m_pos;
        if (m_pos == start) {
            return fail(QStringLiteral("parameter %1 has no value, found %2")
                            .arg(shown(name), describe(m_pos)));
        }
        value = m_text.sliced(start, m_pos - start).toByteArray();
        return std::nullopt;
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
    QList<LinkHeader::Link> &m_out;
};

} // namespace

bool LinkHeader::Link::hasRelation(QStringView relation) const
{
    return relations.contains(relation.toString().toLower());
}

LinkHeader::LinkHeader(QList<Link> links)
    : m_links(std::move(links))
{ }

std::optional<LinkHeader::Link> LinkHeader::find(QStringView relation) const
{
    for (const Link &link : m_links) {
        if (link.hasRelation(relation))
            return link;
    }
    return std::nullopt;
}

Result<LinkHeader> LinkHeader::parse(const QList<QByteArray> &headerValues)
{
    QList<Link> links;
    for (qsizetype i = 0; i < headerValues.size(); ++i) {
        if (auto error = LinkParser(headerValues.at(i), links).run()) {
            const QString context = headerValues.size() == 1
                ? QStringLiteral("Link")
                : QStringLiteral("Link (value %1 of %2)")
                      .arg(QString::number(i + 1), QString::number(headerValues.size()));
            return error->withContext(context);
        }
    }
    return LinkHeader(std::move(links));
}

Result<LinkHeader> LinkHeader::parse(QByteArrayView headerValue)
{
    QList<Link> links;
    if (auto error = LinkParser(headerValue, links).run())
        return error->withContext(QStringLiteral("Link"));
    return LinkHeader(std::move(links));
}

Result<std::optional<QUrl>> LinkHeader::nextLink(const QList<QByteArray> &headerValues,
                                                 const QUrl &requestUrl)
{
    const Result<LinkHeader> header = parse(headerValues);
    if (!header)
        return header.error();
    const std::optional<Link> next = header->find(u"next");
    if (!next)
        return std::optional<QUrl>();
    // QUrl keeps percent-encoded reserved characters such as %2F as they are, so the
    // registry's `last` marker survives resolution unchanged.
    return std::optional<QUrl>(requestUrl.resolved(QUrl(next->target, QUrl::StrictMode)));
}

bool LinkHeader::isSameOrigin(const QUrl &url, const QUrl &requestUrl)
{
    if (!url.isValid() || !requestUrl.isValid() || url.isRelative() || url.host().isEmpty())
        return false;
    // QUrl lower-cases schemes and host names.
    return url.scheme() == requestUrl.scheme() && url.host() == requestUrl.host()
        && url.port(defaultPort(url.scheme())) == requestUrl.port(defaultPort(requestUrl.scheme()));
}

} // namespace Layerscope
