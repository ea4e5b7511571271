#include "values/linkheader.h"

#include "values/headerlexer_p.h"

namespace Layerscope {

namespace {

// Targets are URLs, so messages quote more of them than of a parameter name.
constexpr qsizetype ShownTargetLimit = 60;

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

class LinkParser : private HeaderLexer
{
public:
    LinkParser(QByteArrayView text, QList<LinkHeader::Link> &out)
        : HeaderLexer(text)
        , m_out(out)
    { }

    std::optional<ParseError> run()
    {
        for (;;) {
            skipListSeparators();
            if (atEnd())
                return std::nullopt;
            if (auto error = parseLink())
                return error;
        }
    }

private:
    // link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )   (RFC 8288 §3)
    std::optional<ParseError> parseLink()
    {
        if (peek() != '<') {
            return fail(
                QStringLiteral("expected '<' to start a link, found %1").arg(describe(position())));
        }
        const qsizetype open = position();
        advance();
        // A URI reference is visible ASCII only; commas and semicolons are allowed in it.
        while (!atEnd() && peek() != '>') {
            if (!isVisibleAscii(peek()) || peek() == '<') {
                return fail(QStringLiteral("invalid character in the link target opened at "
                                           "column %1: %2")
                                .arg(column(open), describe(position())));
            }
            advance();
        }
        if (atEnd()) {
            return fail(QStringLiteral("the link target opened at column %1 has no closing '>'")
                            .arg(column(open)));
        }
        const QByteArrayView targetBytes = text().sliced(open + 1, position() - open - 1);
        advance();

        LinkHeader::Link link;
        link.target = QString::fromLatin1(targetBytes);
        // An empty reference is valid (it names the resource itself) but QUrl calls it invalid.
        if (!link.target.isEmpty() && !QUrl(link.target, QUrl::StrictMode).isValid()) {
            return fail(QStringLiteral("the link target %1 opened at column %2 is not a valid "
                                       "URI reference")
                            .arg(shown(targetBytes, ShownTargetLimit), column(open)));
        }

        bool relationsSeen = false;
        for (;;) {
            skipWhitespace();
            if (atEnd() || peek() == ',')
                break;
            if (peek() != ';') {
                return fail(QStringLiteral("expected ';' or ',' after the link opened at column "
                                           "%1, found %2")
                                .arg(column(open), describe(position())));
            }
            advance();
            skipWhitespace();
            const QByteArrayView name = readToken();
            if (name.isEmpty()) {
                return fail(QStringLiteral("expected a parameter name after ';', found %1")
                                .arg(describe(position())));
            }
            skipWhitespace();
            QByteArray value;
            if (peek() == '=') {
                advance();
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
        if (peek() == '"')
            return readQuotedString(name, value);
        const QByteArrayView unquoted = readWhile(isUnquotedValueChar);
        if (unquoted.isEmpty()) {
            return fail(QStringLiteral("parameter %1 has no value, found %2")
                            .arg(shown(name), describe(position())));
        }
        value = unquoted.toByteArray();
        return std::nullopt;
    }

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
