#pragma once

#include "values/digest.h"
#include "values/mediatype.h"
#include "values/parseerror.h"
#include "values/result.h"

#include <QByteArrayView>
#include <QString>
#include <QtGlobal>

#include <memory>
#include <optional>

namespace Layerscope {

/**
 * Verifies a layer blob while its bytes stream in: in one pass it computes the digest of the
 * compressed bytes (what the manifest's descriptor names) and the digest of the uncompressed
 * tar (the config's rootfs.diff_ids entry), and checks both, and the size, against what the
 * manifest and config say.
 *
 * It does no I/O: the caller feeds it chunks of any size with update() as they arrive and
 * calls finish() at the end of the blob. Memory stays bounded whatever the blob's size: only
 * the decompressor's window and a fixed output buffer are held, never the blob or the tar.
 *
 * \code
 * LayerDigester digester(MediaType::layerCompression(descriptor.mediaType),
 *                        {descriptor.digest, descriptor.size, diffId});
 * while (more bytes)
 *     if (!digester.update(chunk))
 *         return digester.error();
 * const auto outcome = digester.finish();
 * if (!outcome)
 *     return outcome.error();   // unreadable layer: truncated, corrupt, wrong size, too large
 * if (!outcome->verified())
 *     show(outcome->mismatchText());   // readable, but not the content the image names
 * \endcode
 *
 * Digest and diff_id mismatches are results, not errors: the layer decompressed fine and the
 * caller may want to show both values. Everything that stops the layer from being read to its
 * end is an error.
 */
class LayerDigester
{
public:
    /**
     * The default cap on the uncompressed size. Real layers stay far below it (the largest
     * common images have layers of a few GiB); the cap exists so that a decompression bomb
     * ends in an error instead of hashing for hours.
     */
    static constexpr qint64 DefaultMaxUncompressedSize = qint64(64) << 30;

    /// What the manifest and the config say about the layer; each part is optional.
    struct Expected
    {
        Digest digest; ///< the descriptor's digest; null when not to be checked
        std::optional<qint64> size; ///< the descriptor's size
        Digest diffId; ///< the config's rootfs.diff_ids entry; null when not to be checked
    };

    /// How a computed value compares with the expected one.
    enum class Check {
        NotChecked, ///< nothing was expected
        Match,
        Mismatch,
    };

    /// Why update() or finish() failed; the ParseError's message says it for people.
    enum class Failure {
        None,
        UnknownCompression, ///< the media type is not a tar, tar+gzip or tar+zstd layer
        Truncated, ///< the compressed stream stops before its end
        Corrupt, ///< the bytes are not valid gzip or zstd data
        TrailingData, ///< bytes after the end of the last gzip member or zstd frame
        SizeMismatch, ///< the blob is longer or shorter than the expected size
        TooLarge, ///< the uncompressed size went over the cap
    };

    /// What finish() found out about a layer that could be read to its end.
    struct Outcome
    {
        Digest compressedDigest; ///< of the blob as served
        qint64 compressedSize = 0;
        Digest diffId; ///< of the uncompressed tar; equals compressedDigest for plain tars
        qint64 uncompressedSize = 0;

        Check digestCheck = Check::NotChecked;
        Digest expectedDigest;
        Check diffIdCheck = Check::NotChecked;
        Digest expectedDiffId;

        /// True when no check found a mismatch.
        bool verified() const
        {
            return digestCheck != Check::Mismatch && diffIdCheck != Check::Mismatch;
        }
        /// One line naming each mismatch with both values; empty when verified().
        QString mismatchText() const;
    };

    /**
     * A digester for a layer compressed as \a compression. Compression::Unknown makes every
     * call fail with Failure::UnknownCompression, so callers need not check the media type
     * first. The digests are computed with the algorithms of the expected digests, sha256
     * when none is given. \a maxUncompressedSize caps the uncompressed bytes (for plain tars
     * too, where they are the blob's bytes).
     */
    explicit LayerDigester(MediaType::Compression compression, Expected expected = {},
                           qint64 maxUncompressedSize = DefaultMaxUncompressedSize);
    ~LayerDigester();
    /// Movable, so a download job can own one; a moved-from digester may only be destroyed
    /// or assigned to.
    LayerDigester(LayerDigester &&other) noexcept;
    LayerDigester &operator=(LayerDigester &&other) noexcept;
    LayerDigester(const LayerDigester &) = delete;
    LayerDigester &operator=(const LayerDigester &) = delete;

    /**
     * Hashes and decompresses the next \a chunk of the blob (any size, empty included).
     * Returns false once the layer is known to be unreadable (error() says why); later calls
     * then do nothing and return false. Fails early when the blob grows past the expected
     * size or the uncompressed bytes past the cap, so a caller can stop downloading.
     */
    bool update(QByteArrayView chunk);

    /**
     * Ends the blob: checks that the compressed stream ended, that the size is the expected
     * one, and compares the digests. Call it once, after the last update(); later calls
     * return the same answer.
     */
    Result<Outcome> finish();

    /// True once update() or finish() has failed.
    bool hasError() const;
    /// Why the layer is unreadable; only meaningful when hasError().
    const ParseError &error() const;
    /// The kind of failure; Failure::None while there is none.
    Failure failure() const;

    /// Compressed bytes fed so far, for progress displays.
    qint64 compressedSize() const;
    /// Uncompressed bytes produced so far.
    qint64 uncompressedSize() const;

private:
    class Private;
    std::unique_ptr<Private> m_d;
};

} // namespace Layerscope
