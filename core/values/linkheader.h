#pragma once

#include "values/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace Layerscope {

/**
 * The links of one or more Link headers (RFC 8288), as registries use them to paginate the
 * catalog and tag lists: `</v2/_catalog?last=page%2Fb&n=2>; rel="next"`.
 *
 * Parsing is strict: a malformed value is an error, not a partial list, because a pagination
 * link read from a header that is only half understood could point at the wrong page.
 */
class LinkHeader
{
public:
    /// One link-value: a target and its parameters.
    struct Link
    {
        /// The target as written between '<' and '>', not resolved; it may be relative.
        QString target;
        /// The relation types of the `rel` parameter, lower-cased ("next", "prev", …).
        QStringList relations;
        /// The other parameters: lower-cased name → unescaped value (empty when valueless).
        QMap<QString, QString> parameters;

        /// True when \a relation (case-insensitive) is one of this link's relation types.
        bool hasRelation(QStringView relation) const;
    };

    LinkHeader() = default;
    /// The given \a links, in order.
    explicit LinkHeader(QList<Link> links);

    /// All links, in header order.
    const QList<Link> &links() const { return m_links; }
    /// The first link with relation type \a relation (case-insensitive).
    std::optional<Link> find(QStringView relation) const;

    /// Parses the values of all Link headers of one response; each may hold several links
    /// separated by commas. Error: HeaderSyntax, naming the value (when there are several) and
    /// the 1-based byte column.
    static Result<LinkHeader> parse(const QList<QByteArray> &headerValues);
    /// Parses a single Link value.
    static Result<LinkHeader> parse(QByteArrayView headerValue);

    /**
     * The target of the first `rel="next"` link, resolved against \a requestUrl (the URL of the
     * response that carried the headers); nothing when there is no next link. Percent-encoding
     * in the target is kept (`last=page%2Fb` stays encoded). Error: HeaderSyntax.
     */
    static Result<std::optional<QUrl>> nextLink(const QList<QByteArray> &headerValues,
                                                const QUrl &requestUrl);

    /**
     * True when \a url has the same scheme, host and port (defaults made explicit) as \a
     * requestUrl. Pagination is only followed when this holds, so a registry cannot send the
     * client, and its credentials, to another origin.
     */
    static bool isSameOrigin(const QUrl &url, const QUrl &requestUrl);

private:
    QList<Link> m_links;
};

} // namespace Layerscope

Q_DECLARE_METATYPE(Layerscope::LinkHeader)
