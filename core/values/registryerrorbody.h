#pragma once

#include "values/result.h"

#include <QAnyStringView>
#include <QByteArray>
#include <QJsonValue>
#include <QLatin1StringView>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace Layerscope {

/**
 * The JSON body a registry sends with an error status:
 * {"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":…}]}
 * (distribution docs/spec/api.md, "Errors"; OCI distribution spec, "Error Codes").
 *
 * Parsing is tolerant of what registries really send (no message, no detail, extra fields,
 * codes outside the specs) and strict about the shape: a body that is not JSON, or JSON
 * without an "errors" array (the "404 page not found" text distribution sends for unknown
 * routes, HTML from a proxy), is a ParseError, so the caller can show the text instead.
 */
class RegistryErrorBody
{
public:
    /// One element of "errors".
    struct Entry
    {
        QString code; ///< "MANIFEST_UNKNOWN"; empty when the registry sent a message only
        QString message; ///< may be empty
        /// Any JSON the registry attached (a string, an object, an array); Undefined when
        /// absent.
        QJsonValue detail;
        /// detail as compact JSON text ("\"text\"", "{\"name\":\"a/b\"}"); empty when absent or
        /// null.
        QString detailJson;

        /// detail for people: the text itself when detail is a string, compact JSON
        /// otherwise; empty when absent, null or empty ("", {} and [], which is what
        /// distribution writes for a Go error value).
        QString detailText() const;
        /// "CODE: message (detail)", on one line, leaving out what is empty.
        QString summary() const;
    };

    // Codes of the OCI distribution spec and of distribution (registry/api/v2/errors.go,
    // registry/api/errcode/register.go).
    static constexpr QLatin1StringView BlobUnknown{"BLOB_UNKNOWN"};
    static constexpr QLatin1StringView BlobUploadInvalid{"BLOB_UPLOAD_INVALID"};
    static constexpr QLatin1StringView BlobUploadUnknown{"BLOB_UPLOAD_UNKNOWN"};
    static constexpr QLatin1StringView DigestInvalid{"DIGEST_INVALID"};
    static constexpr QLatin1StringView ManifestBlobUnknown{"MANIFEST_BLOB_UNKNOWN"};
    static constexpr QLatin1StringView ManifestInvalid{"MANIFEST_INVALID"};
    static constexpr QLatin1StringView ManifestUnknown{"MANIFEST_UNKNOWN"};
    static constexpr QLatin1StringView ManifestUnverified{"MANIFEST_UNVERIFIED"};
    static constexpr QLatin1StringView NameInvalid{"NAME_INVALID"};
    static constexpr QLatin1StringView NameUnknown{"NAME_UNKNOWN"};
    static constexpr QLatin1StringView SizeInvalid{"SIZE_INVALID"};
    static constexpr QLatin1StringView TagInvalid{"TAG_INVALID"};
    static constexpr QLatin1StringView Unauthorized{"UNAUTHORIZED"};
    static constexpr QLatin1StringView Denied{"DENIED"};
    static constexpr QLatin1StringView Unsupported{"UNSUPPORTED"};
    static constexpr QLatin1StringView TooManyRequests{"TOOMANYREQUESTS"};
    static constexpr QLatin1StringView Unavailable{"UNAVAILABLE"};
    static constexpr QLatin1StringView Unknown{"UNKNOWN"};
    static constexpr QLatin1StringView PaginationNumberInvalid{"PAGINATION_NUMBER_INVALID"};
    static constexpr QLatin1StringView RangeInvalid{"RANGE_INVALID"};

    /**
     * Bodies larger than this are refused. Registries send a few hundred bytes (the largest
     * real ones, UNAUTHORIZED with its list of access entries, stay under a few kilobytes); a body
     * far beyond that is not an error document but a misconfigured proxy's page or a server
     * that should not be trusted with more memory.
     */
    static constexpr qsizetype MaxSize = 64 * 1024;

    /// An empty body (no entries).
    RegistryErrorBody() = default;

    /**
     * Parses \a raw. Errors: TooLarge, InvalidJson (also for plain text and HTML), InvalidUtf8,
     * TooDeep, WrongType (the top level or "errors" or an entry of the wrong type, a code or
     * message that is not a string), MissingField (no "errors"; an entry with neither code nor
     * message). An empty "errors" array is accepted: it is well-formed and says nothing, and
     * the HTTP status remains the caller's best information.
     */
    static Result<RegistryErrorBody> parse(const QByteArray &raw);

    /// The entries in the order the registry sent them.
    const QList<Entry> &entries() const { return m_entries; }
    /// True when there are no entries (an empty "errors" array).
    bool isEmpty() const { return m_entries.isEmpty(); }
    /// The code of each entry, in order.
    QStringList codes() const;
    /// True when an entry has exactly this \a code.
    bool contains(QAnyStringView code) const;

    /// The entries' summaries joined by "; " (the first few, then how many more); empty when
    /// there are no entries.
    QString summary() const;

    /// Every code of the OCI distribution spec and of distribution, as listed above.
    static QList<QLatin1StringView> knownCodes();
    /// True for a code in knownCodes().
    static bool isKnownCode(QAnyStringView code);

private:
    QList<Entry> m_entries;
};

} // namespace Layerscope

Q_DECLARE_METATYPE(Layerscope::RegistryErrorBody)
