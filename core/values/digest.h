#pragma once

#include "values/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCryptographicHash>
#include <QMetaType>
#include <QString>

namespace Layerscope {

/**
 * A content digest, "algorithm:hex" as the OCI image spec defines it.
 *
 * Only algorithms Layerscope can verify are accepted: sha256 (64 lower-case hex characters)
 * and sha512 (128). Anything else is refused with a message that says why, so content is never
 * shown as addressed by a digest nobody checked. A default-constructed Digest is null.
 */
class Digest
{
public:
    enum class Algorithm { Sha256, Sha512 };

    Digest() = default;

    /// Parses "sha256:<64 hex>" or "sha512:<128 hex>". Errors: DigestInvalidFormat,
    /// DigestUnsupported, DigestInvalidLength.
    static Result<Digest> parse(QStringView text);
    /// The digest of \a bytes.
    static Digest compute(QByteArrayView bytes, Algorithm algorithm = Algorithm::Sha256);
    /// A digest from a finished hash (as QCryptographicHash::result() returns it).
    static Digest fromHashResult(Algorithm algorithm, QByteArrayView rawHash);

    bool isNull() const { return m_hex.isEmpty(); }
    Algorithm algorithm() const { return m_algorithm; }
    /// "sha256" or "sha512".
    QString algorithmName() const;
    /// The encoded part: lower-case hex.
    const QString &hex() const { return m_hex; }
    /// "sha256:<hex>"; empty for a null digest.
    QString toString() const;
    /// The first 12 hex characters, the short form `docker images` shows as IMAGE ID.
    QString shortHex() const { return m_hex.left(12); }

    /// True when \a bytes hash to this digest.
    bool verify(QByteArrayView bytes) const;

    /// The Qt hash algorithm that computes this kind of digest.
    static QCryptographicHash::Algorithm hashAlgorithm(Algorithm algorithm);
    static QString algorithmName(Algorithm algorithm);

    friend bool operator==(const Digest &a, const Digest &b)
    {
        return a.m_algorithm == b.m_algorithm && a.m_hex == b.m_hex;
    }
    friend bool operator!=(const Digest &a, const Digest &b) { return !(a == b); }
    friend size_t qHash(const Digest &digest, size_t seed = 0) noexcept
    {
        return qHash(digest.m_hex, seed);
    }

private:
    Digest(Algorithm algorithm, QString hex)
        : m_algorithm(algorithm)
        , m_hex(std::move(hex))
    { }

    Algorithm m_algorithm = Algorithm::Sha256;
    QString m_hex;
};

} // namespace Layerscope

Q_DECLARE_METATYPE(Layerscope::Digest)
