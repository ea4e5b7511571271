#pragma once

#include "values/digest.h"
#include "values/result.h"

#include <QHashFunctions>
#include <QMetaType>
#include <QString>
#include <QStringView>

namespace Layerscope {

/**
 * A reference to an image in a registry: `[domain/]path[:tag][@digest]`, following the grammar of
 * distribution/reference (the module Docker, containerd and the registry itself use).
 *
 * \code
 * const auto ref = ImageReference::parse(u"alpine:3.19");
 * // ref->toString()       == "docker.io/library/alpine:3.19"
 * // ref->familiarString() == "alpine:3.19"
 * // ref->registryHost()   == "registry-1.docker.io"
 * \endcode
 *
 * The grammar:
 * - domain: host names (components of letters, digits and inner '-', joined by '.'), IPv4
 *   addresses, or IPv6 addresses in brackets (`[2001:db8::1]`, no zone), each with an optional
 *   `:port`;
 * - path: components of lower-case letters and digits joined by '.', '_', '__' or runs of '-',
 *   separated by '/'; at most 255 characters (the domain is not counted);
 * - tag: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`;
 * - digest: whatever Digest::parse() accepts (sha256 and sha512).
 *
 * Most callers want parse(), which normalises what people type the way `docker pull` does:
 * `alpine` becomes `docker.io/library/alpine`, `index.docker.io` becomes `docker.io`, and the
 * first component is a domain only when it contains '.' or ':', is `localhost`, or contains
 * upper-case letters. The other entry points mirror the rest of distribution/reference's API
 * for the places that need them.
 *
 * A default-constructed ImageReference is null. Parsing never throws and never asserts on
 * input; every failure is a ParseError that quotes the input and says what is wrong.
 */
class ImageReference
{
public:
    /// The longest repository path accepted (the domain is not counted).
    static constexpr qsizetype MaxPathLength = 255;
    /// The longest tag accepted.
    static constexpr qsizetype MaxTagLength = 128;

    ImageReference() = default;

    /**
     * Parses and normalises a reference as people type it (distribution's
     * ParseNormalizedNamed): `alpine` → `docker.io/library/alpine`, `user/app:1` →
     * `docker.io/user/app:1`, `index.docker.io/x/y` → `docker.io/x/y`; other domains are kept
     * as written. A bare 64-hex-character string is refused: it would be ambiguous with an
     * image ID (use parseAny() to accept those).
     *
     * Errors: NameEmpty, ReferenceInvalidFormat, NameContainsUppercase, NameTooLong, and the
     * Digest* codes for a bad digest.
     */
    static Result<ImageReference> parse(QStringView text);

    /**
     * Checks the grammar only, without normalising (distribution's Parse): `foo/bar` keeps
     * domain "foo" and path "bar"; `alpine` has an empty domain. Use it to read references
     * that are already written out in full (for instance in documents); use parse() for
     * anything a person typed.
     */
    static Result<ImageReference> parseExact(QStringView text);

    /**
     * Like parse(), but the text must already be in normalised form (distribution's
     * ParseNamed): `docker.io/library/alpine:3` is accepted, `alpine:3` is refused with
     * NameNotCanonical and a message that shows the full form.
     */
    static Result<ImageReference> parseCanonical(QStringView text);

    /**
     * Like parse(), but also accepts an image ID: 64 lower-case hex characters (read as a
     * sha256 digest) or a bare digest such as `sha256:<hex>` (distribution's
     * ParseAnyReference). Those give a digest-only reference (isDigestOnly()).
     */
    static Result<ImageReference> parseAny(QStringView text);

    /**
     * parse() followed by dockerReference(): the reference `docker pull` would fetch
     * (distribution's ParseDockerRef).
     */
    static Result<ImageReference> parseDockerRef(QStringView text);

    /**
     * A repository name alone, checked against the grammar and not normalised (distribution's
     * WithName): a tag or digest is refused with ReferenceInvalidFormat, as is an empty name.
     */
    static Result<ImageReference> withName(QStringView name);

    /// True when \a text is a registry domain: a host name, IPv4 address or bracketed IPv6
    /// address, with an optional port.
    static bool isValidDomain(QStringView text);
    /// True when \a text is a repository path ("library/alpine"), length aside.
    static bool isValidPath(QStringView text);
    /// True when \a text is a tag.
    static bool isValidTag(QStringView text);
    /// True when \a text is an image ID: exactly 64 lower-case hex characters.
    static bool isImageId(QStringView text);

    bool isNull() const { return m_path.isEmpty() && m_digest.isNull(); }
    /// True for the references parseAny() makes from an image ID or a bare digest: no name.
    bool isDigestOnly() const { return m_path.isEmpty() && !m_digest.isNull(); }

    /// "docker.io", "registry:5000", "[::1]:5000"; empty for a digest-only reference and for
    /// a parseExact()/withName() name that has none.
    const QString &domain() const { return m_domain; }
    /// The repository path within the registry: "library/alpine".
    const QString &path() const { return m_path; }
    /// domain/path: "docker.io/library/alpine".
    QString name() const;
    /// The tag; empty when there is none.
    const QString &tag() const { return m_tag; }
    /// The digest; null when there is none.
    const Digest &digest() const { return m_digest; }

    /**
     * The host that serves the registry API for this reference: "registry-1.docker.io" for
     * Docker Hub ("docker.io"), otherwise the domain itself (with its port). Meaningful for
     * normalised references; empty when there is no domain.
     */
    QString registryHost() const;

    /// The full reference: "docker.io/library/alpine:3@sha256:…", or the digest alone for a
    /// digest-only reference.
    QString toString() const;
    /// The name as `docker` shows it: "alpine", "user/app", "gcr.io/x/y".
    QString familiarName() const;
    /// The reference as `docker` shows it: "alpine:latest", "user/app@sha256:…".
    QString familiarString() const;

    /**
     * The reference `docker pull` fetches: ":latest" added when there is neither tag nor
     * digest, and the tag dropped when there is a digest (the digest decides what is pulled).
     */
    ImageReference dockerReference() const;

    friend bool operator==(const ImageReference &a, const ImageReference &b)
    {
        return a.m_domain == b.m_domain && a.m_path == b.m_path && a.m_tag == b.m_tag
            && a.m_digest == b.m_digest;
    }
    friend bool operator!=(const ImageReference &a, const ImageReference &b) { return !(a == b); }
    friend size_t qHash(const ImageReference &reference, size_t seed = 0) noexcept
    {
        return qHashMulti(seed, reference.m_domain, reference.m_path, reference.m_tag,
                          reference.m_digest);
    }

private:
    ImageReference(QString domain, QString path, QString tag, Digest digest);

    // The grammar alone. Messages quote \a original: parse() hands in its normalised text,
    // which the user never typed.
    static Result<ImageReference> parseGrammar(QStringView text, QStringView original);

    QString m_domain;
    QString m_path;
    QString m_tag;
    Digest m_digest;
};

} // namespace Layerscope

Q_DECLARE_METATYPE(Layerscope::ImageReference)
