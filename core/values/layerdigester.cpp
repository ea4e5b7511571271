#include "values/layerdigester.h"

#include <QCryptographicHash>
#include <QStringList>

// Makes z_stream::next_in a pointer to const, so the caller's bytes are never cast to mutable.
#define ZLIB_CONST
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <array>

namespace Layerscope {

namespace {

// One output buffer per digester: large enough that zlib and zstd hand back their output in
// few calls, small enough that a thousand parallel downloads would not notice it.
constexpr qsizetype OutputBufferSize = 64 * 1024;

// zlib counts input in uInt, so very large chunks are handed over in slices.
constexpr qsizetype MaxSlice = qsizetype(1) << 30;

// The largest zstd window accepted: 128 MiB, zstd's own default. It bounds the memory a frame
// can make the decoder allocate; only `zstd --long=28` or more writes frames that need more.
constexpr int ZstdWindowLogMax = 27;

constexpr std::array<uchar, 2> GzipMagic{0x1f, 0x8b};
// Little-endian ZSTD_MAGICNUMBER, and the last three bytes of the skippable-frame magic
// numbers 0x184D2A50 to 0x184D2A5F (the first byte is 0x50 to 0x5F).
constexpr std::array<uchar, 4> ZstdMagic{0x28, 0xb5, 0x2f, 0xfd};
constexpr std::array<uchar, 4> ZstdSkippableMagic{0x50, 0x2a, 0x4d, 0x18};

Digest::Algorithm algorithmFor(const Digest &expected)
{
    return expected.isNull() ? Digest::Algorithm::Sha256 : expected.algorithm();
}

LayerDigester::Check compare(const Digest &actual, const Digest &expected)
{
    if (expected.isNull())
        return LayerDigester::Check::NotChecked;
    return actual == expected ? LayerDigester::Check::Match : LayerDigester::Check::Mismatch;
}

ParseError::Code codeFor(LayerDigester::Failure failure)
{
    switch (failure) {
    case LayerDigester::Failure::UnknownCompression:
        return ParseError::Code::UnknownMediaType;
    case LayerDigester::Failure::TooLarge:
        return ParseError::Code::TooLarge;
    case LayerDigester::Failure::None:
    case LayerDigester::Failure::Truncated:
    case LayerDigester::Failure::Corrupt:
    case LayerDigester::Failure::TrailingData:
    case LayerDigester::Failure::SizeMismatch:
        break;
    }
    return ParseError::Code::InvalidValue;
}

} // namespace

class LayerDigester::Private
{
public:
    Private(MediaType::Compression compression, Expected expected, qint64 maxUncompressedSize);
    ~Private();
    Private(const Private &) = delete;
    Private &operator=(const Private &) = delete;

    bool update(QByteArrayView chunk);
    Result<Outcome> finish();
    bool fail(Failure failure, const QString &message);

    bool feedGzip(QByteArrayView slice, qint64 sliceStart);
    bool feedZstd(QByteArrayView slice, qint64 sliceStart);
    bool produce(const char *data, qsizetype size);
    void startUnit(qint64 offset);
    bool checkMagic(QByteArrayView slice, qint64 sliceStart);
    bool magicContinues(uchar byte) const;
    QString formatName() const;

    const MediaType::Compression m_compression;
    const Expected m_expected;
    const qint64 m_maxUncompressedSize;
    QCryptographicHash m_compressedHash;
    QCryptographicHash m_uncompressedHash;
    // A plain tar's diff_id is its digest: one hash serves both when the algorithms agree.
    const bool m_sharedHash;
    qint64 m_compressedSize = 0;
    qint64 m_uncompressedSize = 0;

    QByteArray m_output;
    z_stream m_zlib{};
    bool m_zlibReady = false;
    ZSTD_DCtx *m_zstd = nullptr;

    // The gzip member or zstd frame being read. Its magic number is checked here rather than
    // left to the decompressor, which cannot tell "not compressed data at all" (corrupt) from
    // "bytes after the last member or frame" (trailing data), whatever the chunk boundaries.
    bool m_inUnit = false;
    qint64 m_unitsEnded = 0;
    qint64 m_unitStart = 0;
    qsizetype m_magicChecked = 0;
    uchar m_magicFirst = 0;

    bool m_finished = false;
    Failure m_failure = Failure::None;
    ParseError m_error;
    std::optional<Outcome> m_outcome;
};

LayerDigester::Private::Private(MediaType::Compression compression, Expected expected,
                                qint64 maxUncompressedSize)
    : m_compression(compression)
    , m_expected(std::move(expected))
    , m_maxUncompressedSize(maxUncompressedSize)
    , m_compressedHash(Digest::hashAlgorithm(algorithmFor(m_expected.digest)))
    , m_uncompressedHash(Digest::hashAlgorithm(algorithmFor(m_expected.diffId)))
    , m_sharedHash(compression == MediaType::Compression::None
                   && algorithmFor(m_expected.digest) == algorithmFor(m_expected.diffId))
{
    switch (m_compression) {
    case MediaType::Compression::None:
        break;
    case MediaType::Compression::Gzip:
        m_output = QByteArray(OutputBufferSize, Qt::Uninitialized);
        // 16 + MAX_WBITS: gzip wrapper only, so a zlib or raw deflate stream is refused; the
        // wrapper's CRC-32 and length trailer are checked on every member.
        m_zlibReady = inflateInit2(&m_zlib, 16 + MAX_WBITS) == Z_OK;
        if (!m_zlibReady)
            fail(Failure::Corrupt, QStringLiteral("cannot start the gzip decompressor"));
        break;
    case MediaType::Compression::Zstd:
        m_output = QByteArray(OutputBufferSize, Qt::Uninitialized);
        m_zstd = ZSTD_createDCtx();
        if (!m_zstd
            || ZSTD_isError(ZSTD_DCtx_setParameter(m_zstd, ZSTD_d_windowLogMax, ZstdWindowLogMax)))
            fail(Failure::Corrupt, QStringLiteral("cannot start the zstd decompressor"));
        break;
    case MediaType::Compression::Unknown:
        fail(Failure::UnknownCompression,
             QStringLiteral("the layer type is not a known compressed tar: Layerscope verifies "
                            "tar, tar+gzip and tar+zstd layers"));
        break;
    }
}

LayerDigester::Private::~Private()
{
    if (m_zlibReady)
        inflateEnd(&m_zlib);
    ZSTD_freeDCtx(m_zstd);
}

bool LayerDigester::Private::fail(Failure failure, const QString &message)
{
    m_failure = failure;
    m_error = ParseError(codeFor(failure), message);
    return false;
}

QString LayerDigester::Private::formatName() const
{
    return m_compression == MediaType::Compression::Zstd ? QStringLiteral("zstd")
                                                         : QStringLiteral("gzip");
}

bool LayerDigester::Private::update(QByteArrayView chunk)
{
    if (m_failure != Failure::None)
        return false;
    Q_ASSERT_X(!m_finished, "LayerDigester::update", "called after finish()");
    if (m_finished)
        return false;

    // Checked before any work: a server sending more than the descriptor says is stopped at
    // the first excess byte, not after it has been hashed and decompressed.
    if (m_expected.size && m_compressedSize + chunk.size() > *m_expected.size) {
        return fail(Failure::SizeMismatch,
                    QStringLiteral("layer is at least %1 bytes, the manifest says %2")
                        .arg(m_compressedSize + chunk.size())
                        .arg(*m_expected.size));
    }

    const qint64 chunkStart = m_compressedSize;
    m_compressedHash.addData(chunk);
    m_compressedSize += chunk.size();

    if (m_compression == MediaType::Compression::None)
        return produce(chunk.data(), chunk.size());

    for (qsizetype done = 0; done < chunk.size();) {
        const QByteArrayView slice = chunk.sliced(done, std::min(chunk.size() - done, MaxSlice));
        const bool fed = m_compression == MediaType::Compression::Gzip
            ? feedGzip(slice, chunkStart + done)
            : feedZstd(slice, chunkStart + done);
        if (!fed)
            return false;
        done += slice.size();
    }
    return true;
}

void LayerDigester::Private::startUnit(qint64 offset)
{
    m_inUnit = true;
    m_unitStart = offset;
    m_magicChecked = 0;
}

bool LayerDigester::Private::magicContinues(uchar byte) const
{
    if (m_compression == MediaType::Compression::Gzip)
        return byte == GzipMagic[size_t(m_magicChecked)];
    if (m_magicChecked == 0)
        return byte == ZstdMagic[0] || (byte & 0xf0) == ZstdSkippableMagic[0];
    const auto &magic = m_magicFirst == ZstdMagic[0] ? ZstdMagic : ZstdSkippableMagic;
    return byte == magic[size_t(m_magicChecked)];
}

bool LayerDigester::Private::checkMagic(QByteArrayView slice, qint64 sliceStart)
{
    const qsizetype magicSize = m_compression == MediaType::Compression::Gzip
        ? qsizetype(GzipMagic.size())
        : qsizetype(ZstdMagic.size());
    if (m_magicChecked >= magicSize)
        return true;
    // Bytes of the magic number before this slice were checked with the earlier slices.
    qsizetype index = qsizetype(m_unitStart + m_magicChecked - sliceStart);
    Q_ASSERT(index >= 0);
    for (; m_magicChecked < magicSize && index < slice.size(); ++index, ++m_magicChecked) {
        const auto byte = uchar(slice[index]);
        if (m_magicChecked == 0)
            m_magicFirst = byte;
        if (magicContinues(byte))
            continue;
        if (m_unitsEnded == 0) {
            const QString expected = m_compression == MediaType::Compression::Gzip
                ? QStringLiteral("gzip data corrupt: the layer does not start with a gzip "
                                 "header (1f 8b)")
                : QStringLiteral("zstd frame corrupt: the layer does not start with a zstd "
                                 "frame (28 b5 2f fd)");
            return fail(Failure::Corrupt, expected);
        }
        return fail(Failure::TrailingData,
                    QStringLiteral("more data after the end of the compressed stream (the %1 "
                                   "stream ends after %2 bytes)")
                        .arg(formatName())
                        .arg(m_unitStart));
    }
    return true;
}

bool LayerDigester::Private::feedGzip(QByteArrayView slice, qint64 sliceStart)
{
    m_zlib.next_in = reinterpret_cast<const Bytef *>(slice.data());
    m_zlib.avail_in = uInt(slice.size());
    // zlib may hold back output when the buffer fills, so it is called again until it returns
    // less than a full buffer, even with no input left.
    bool outputFull = false;
    while (m_zlib.avail_in > 0 || outputFull) {
        if (!m_inUnit) {
            // Another member follows (pigz and some builders write several).
            inflateReset(&m_zlib);
            startUnit(sliceStart + (slice.size() - qsizetype(m_zlib.avail_in)));
        }
        if (!checkMagic(slice, sliceStart))
            return false;

        m_zlib.next_out = reinterpret_cast<Bytef *>(m_output.data());
        m_zlib.avail_out = uInt(m_output.size());
        const int status = inflate(&m_zlib, Z_NO_FLUSH);
        switch (status) {
        case Z_OK:
        case Z_STREAM_END:
            break;
        case Z_BUF_ERROR: // no progress possible: everything available was returned
            return true;
        case Z_NEED_DICT:
            return fail(Failure::Corrupt,
                        QStringLiteral("gzip data corrupt: it asks for a preset dictionary"));
        case Z_MEM_ERROR:
            return fail(Failure::Corrupt,
                        QStringLiteral("gzip data cannot be decompressed: out of memory"));
        default:
            return fail(Failure::Corrupt,
                        QStringLiteral("gzip data corrupt: %1")
                            .arg(m_zlib.msg ? QString::fromLatin1(m_zlib.msg)
                                            : QStringLiteral("error %1").arg(status)));
        }
        if (!produce(m_output.constData(), m_output.size() - qsizetype(m_zlib.avail_out)))
            return false;
        outputFull = m_zlib.avail_out == 0;
        if (status == Z_STREAM_END) {
            // The member's output is complete and its trailer checked; zlib stops right after
            // the trailer, so what remains of the slice belongs to whatever follows.
            m_inUnit = false;
            ++m_unitsEnded;
            outputFull = false;
        }
    }
    return true;
}

bool LayerDigester::Private::feedZstd(QByteArrayView slice, qint64 sliceStart)
{
    ZSTD_inBuffer input{slice.data(), size_t(slice.size()), 0};
    bool outputFull = false;
    while (input.pos < input.size || outputFull) {
        if (!m_inUnit)
            startUnit(sliceStart + qint64(input.pos));
        if (!checkMagic(slice, sliceStart))
            return false;

        ZSTD_outBuffer output{m_output.data(), size_t(m_output.size()), 0};
        const size_t hint = ZSTD_decompressStream(m_zstd, &output, &input);
        if (ZSTD_isError(hint)) {
            if (ZSTD_getErrorCode(hint) == ZSTD_error_frameParameter_windowTooLarge) {
                return fail(Failure::TooLarge,
                            QStringLiteral("zstd frame needs a window larger than %1 MiB "
                                           "(written with --long?), more than Layerscope "
                                           "decodes")
                                .arg(1 << (ZstdWindowLogMax - 20)));
            }
            return fail(Failure::Corrupt,
                        QStringLiteral("zstd frame corrupt: %1")
                            .arg(QString::fromLatin1(ZSTD_getErrorName(hint))));
        }
        if (!produce(m_output.constData(), qsizetype(output.pos)))
            return false;
        outputFull = output.pos == output.size;
        // 0: the frame is decoded and flushed. ZSTD_decompressStream stops at each frame's
        // end, so the next call starts the next frame with input.pos at its first byte.
        if (hint == 0) {
            m_inUnit = false;
            ++m_unitsEnded;
            outputFull = false;
        }
    }
    return true;
}

bool LayerDigester::Private::produce(const char *data, qsizetype size)
{
    if (size == 0)
        return true;
    if (size > m_maxUncompressedSize - m_uncompressedSize) {
        return fail(Failure::TooLarge,
                    QStringLiteral("decompressed size exceeds the limit of %1 bytes")
                        .arg(m_maxUncompressedSize));
    }
    if (!m_sharedHash)
        m_uncompressedHash.addData(QByteArrayView(data, size));
    m_uncompressedSize += size;
    return true;
}

Result<LayerDigester::Outcome> LayerDigester::Private::finish()
{
    if (m_outcome)
        return *m_outcome;
    if (m_failure != Failure::None)
        return m_error;
    m_finished = true;

    if (m_expected.size && m_compressedSize != *m_expected.size) {
        fail(Failure::SizeMismatch,
             QStringLiteral("layer is %1 bytes, the manifest says %2")
                 .arg(m_compressedSize)
                 .arg(*m_expected.size));
        return m_error;
    }
    if (m_compression != MediaType::Compression::None && (m_inUnit || m_unitsEnded == 0)) {
        fail(Failure::Truncated,
             QStringLiteral("%1 stream ended before its end (truncated layer?)").arg(formatName()));
        return m_error;
    }

    Outcome outcome;
    outcome.compressedDigest
        = Digest::fromHashResult(algorithmFor(m_expected.digest), m_compressedHash.result());
    outcome.compressedSize = m_compressedSize;
    outcome.diffId = m_sharedHash
        ? outcome.compressedDigest
        : Digest::fromHashResult(algorithmFor(m_expected.diffId), m_uncompressedHash.result());
    outcome.uncompressedSize = m_uncompressedSize;
    outcome.expectedDigest = m_expected.digest;
    outcome.digestCheck = compare(outcome.compressedDigest, m_expected.digest);
    outcome.expectedDiffId = m_expected.diffId;
    outcome.diffIdCheck = compare(outcome.diffId, m_expected.diffId);
    m_outcome = outcome;
    return outcome;
}

QString LayerDigester::Outcome::mismatchText() const
{
    QStringList parts;
    if (digestCheck == Check::Mismatch) {
        parts << QStringLiteral("layer digest is %1, the manifest says %2")
                     .arg(compressedDigest.toString(), expectedDigest.toString());
    }
    if (diffIdCheck == Check::Mismatch) {
        parts << QStringLiteral("layer diff_id is %1, the config says %2")
                     .arg(diffId.toString(), expectedDiffId.toString());
    }
    return parts.join(QStringLiteral("; "));
}

LayerDigester::LayerDigester(MediaType::Compression compression, Expected expected,
                             qint64 maxUncompressedSize)
    : m_d(std::make_unique<Private>(compression, std::move(expected), maxUncompressedSize))
{ }

LayerDigester::~LayerDigester() = default;
LayerDigester::LayerDigester(LayerDigester &&other) noexcept = default;
LayerDigester &LayerDigester::operator=(LayerDigester &&other) noexcept = default;

bool LayerDigester::update(QByteArrayView chunk)
{
    return m_d->update(chunk);
}

Result<LayerDigester::Outcome> LayerDigester::finish()
{
    return m_d->finish();
}

bool LayerDigester::hasError() const
{
    return m_d->m_failure != Failure::None;
}

const ParseError &LayerDigester::error() const
{
    return m_d->m_error;
}

LayerDigester::Failure LayerDigester::failure() const
{
    return m_d->m_failure;
}

qint64 LayerDigester::compressedSize() const
{
    return m_d->m_compressedSize;
}

qint64 LayerDigester::uncompressedSize() const
{
    return m_d->m_uncompressedSize;
}

} // namespace Layerscope
