#include "values/layerdigester.h"

#include "testdata.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

#define ZLIB_CONST
#include <zlib.h>
#include <zstd.h>

#include <algorithm>

using namespace Layerscope;
using Compression = MediaType::Compression;
using Failure = LayerDigester::Failure;
using Check = LayerDigester::Check;

namespace {

// A layer as a registry would serve it, with the tar it decompresses to.
struct Sample
{
    QByteArray compressed;
    QByteArray uncompressed;
    Compression compression = Compression::None;
};

// Chunk sizes the digester must not care about; 0 stands for the whole blob in one update().
const QList<qsizetype> ChunkSizes{1, 7, 4096, 0};

QString chunkName(qsizetype chunk)
{
    return chunk == 0 ? QStringLiteral("whole") : QString::number(chunk);
}

// \a small and \a large chunks, and the whole blob; large blobs only in large chunks, where the
// small ones would cost seconds and show nothing that the smaller samples do not.
QList<qsizetype> chunksFor(qsizetype size, qsizetype small, qsizetype large = 4096)
{
    if (size > (1 << 20))
        return {large, 0};
    return {small, large, 0};
}

// Independent of Digest: straight from QCryptographicHash.
QString sha256Of(QByteArrayView bytes)
{
    return QStringLiteral("sha256:")
        + QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QString sha512Of(QByteArrayView bytes)
{
    return QStringLiteral("sha512:")
        + QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha512).toHex());
}

Digest digestOf(const QString &text)
{
    return Digest::parse(text).value();
}

// Feeds \a data in chunks of \a chunk bytes (0: all at once); false at the first failed update.
bool feed(LayerDigester &digester, QByteArrayView data, qsizetype chunk)
{
    if (chunk == 0)
        return digester.update(data);
    for (qsizetype offset = 0; offset < data.size(); offset += chunk) {
        if (!digester.update(data.sliced(offset, std::min(chunk, data.size() - offset))))
            return false;
    }
    return true;
}

QByteArray runTool(const QString &program, const QStringList &arguments, const QByteArray &input,
                   QString *problem)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted()) {
        *problem = program + QStringLiteral(" does not start: ") + process.errorString();
        return {};
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(120'000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        *problem = program + QStringLiteral(" failed: ")
            + QString::fromLocal8Bit(process.readAllStandardError());
        return {};
    }
    return process.readAllStandardOutput();
}

QByteArray gzipWithZlib(QByteArrayView data)
{
    z_stream stream{};
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                     Z_DEFAULT_STRATEGY)
        != Z_OK)
        return {};
    QByteArray out(qsizetype(deflateBound(&stream, uLong(data.size()))), Qt::Uninitialized);
    stream.next_in = reinterpret_cast<const Bytef *>(data.data());
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int status = deflate(&stream, Z_FINISH);
    out.resize(qsizetype(stream.total_out));
    deflateEnd(&stream);
    return status == Z_STREAM_END ? out : QByteArray();
}

// A decompression bomb: \a size zero bytes, deflated in a stream so they are never in memory.
QByteArray gzipOfZeros(qint64 size)
{
    z_stream stream{};
    if (deflateInit2(&stream, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    const QByteArray zeros(1 << 20, '\0');
    QByteArray buffer(1 << 16, Qt::Uninitialized);
    QByteArray out;
    for (qint64 remaining = size; remaining >= 0;) {
        const qint64 now = std::min<qint64>(remaining, zeros.size());
        stream.next_in = reinterpret_cast<const Bytef *>(zeros.constData());
        stream.avail_in = uInt(now);
        remaining -= now;
        const int flush = remaining == 0 ? Z_FINISH : Z_NO_FLUSH;
        do {
            stream.next_out = reinterpret_cast<Bytef *>(buffer.data());
            stream.avail_out = uInt(buffer.size());
            deflate(&stream, flush);
            out.append(buffer.constData(), buffer.size() - qsizetype(stream.avail_out));
        } while (stream.avail_out == 0);
        if (flush == Z_FINISH)
            break;
    }
    deflateEnd(&stream);
    return out;
}

QByteArray zstdWithApi(QByteArrayView data)
{
    QByteArray out(qsizetype(ZSTD_compressBound(size_t(data.size()))), Qt::Uninitialized);
    const size_t written = ZSTD_compress(out.data(), size_t(out.size()), data.data(),
                                         size_t(data.size()), ZSTD_CLEVEL_DEFAULT);
    if (ZSTD_isError(written))
        return {};
    out.resize(qsizetype(written));
    return out;
}

QByteArray zstdOfZeros(qint64 size)
{
    ZSTD_CCtx *context = ZSTD_createCCtx();
    const QByteArray zeros(1 << 20, '\0');
    QByteArray buffer(qsizetype(ZSTD_CStreamOutSize()), Qt::Uninitialized);
    QByteArray out;
    for (qint64 remaining = size; remaining >= 0;) {
        const qint64 now = std::min<qint64>(remaining, zeros.size());
        remaining -= now;
        const ZSTD_EndDirective mode = remaining == 0 ? ZSTD_e_end : ZSTD_e_continue;
        ZSTD_inBuffer input{zeros.constData(), size_t(now), 0};
        size_t left = 0;
        do {
            ZSTD_outBuffer output{buffer.data(), size_t(buffer.size()), 0};
            left = ZSTD_compressStream2(context, &output, &input, mode);
            out.append(buffer.constData(), qsizetype(output.pos));
        } while (!ZSTD_isError(left) && (mode == ZSTD_e_end ? left != 0 : input.pos < input.size));
        if (mode == ZSTD_e_end)
            break;
    }
    ZSTD_freeCCtx(context);
    return out;
}

// A skippable frame (magic 0x184D2A5A), which decoders pass over.
QByteArray zstdSkippableFrame(const QByteArray &payload)
{
    QByteArray frame("\x5a\x2a\x4d\x18", 4);
    const auto size = quint32(payload.size());
    for (int shift = 0; shift < 32; shift += 8)
        frame.append(char((size >> shift) & 0xff));
    return frame + payload;
}

QByteArray flipped(QByteArray data, qsizetype index, uchar mask = 0xff)
{
    data[index] = char(uchar(data[index]) ^ mask);
    return data;
}

} // namespace

class TestLayerDigester : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void digests_data();
    void digests();
    void truncated_data();
    void truncated();
    void corrupt_data();
    void corrupt();
    void trailingData_data();
    void trailingData();
    void sizeMismatch_data();
    void sizeMismatch();
    void mismatches_data();
    void mismatches();
    void decompressionCap_data();
    void decompressionCap();
    void unknownCompression();
    void finishIsRepeatable();
    void moveKeepsState();
    void fixture_data();
    void fixture();

private:
    const Sample &sample(const QString &name) const;

    // "payload/builder" → the layer; built once, with the CLIs and the libraries.
    QMap<QString, Sample> m_samples;
    QStringList m_payloads;
    QStringList m_builders;
    // Where each part of the multi-member and multi-frame text samples ends.
    QList<qsizetype> m_memberEnds;
    QList<qsizetype> m_frameEnds;
};

const Sample &TestLayerDigester::sample(const QString &name) const
{
    const auto it = m_samples.constFind(name);
    if (it == m_samples.constEnd())
        qFatal("no sample %s", qPrintable(name));
    return *it;
}

void TestLayerDigester::initTestCase()
{
    QByteArray text;
    for (int line = 0; line < 20000; ++line)
        text += "usr/share/doc/layerscope/line-" + QByteArray::number(line) + " 0644 root\n";
    QByteArray random(8 << 20, Qt::Uninitialized);
    QRandomGenerator generator(20240501);
    generator.fillRange(reinterpret_cast<quint32 *>(random.data()), random.size() / 4);

    const QMap<QString, QByteArray> payloads{
        {QStringLiteral("empty"), QByteArray()},
        // What `tar -cf - -T /dev/null` writes: an archive of zero blocks and no entries.
        {QStringLiteral("empty tar"), QByteArray(10240, '\0')},
        {QStringLiteral("text"), text},
        {QStringLiteral("random 8 MiB"), random},
    };
    m_payloads = payloads.keys();
    m_builders = QStringList{
        QStringLiteral("none"),         QStringLiteral("gzip cli"), QStringLiteral("gzip zlib"),
        QStringLiteral("gzip members"), QStringLiteral("zstd cli"), QStringLiteral("zstd api"),
        QStringLiteral("zstd frames"),
    };

    QString problem;
    const auto gzipCli = [&](const QByteArray &data) {
        return runTool(QStringLiteral("gzip"), {QStringLiteral("-n"), QStringLiteral("-c")}, data,
                       &problem);
    };
    const auto zstdCli = [&](const QByteArray &data) {
        return runTool(QStringLiteral("zstd"), {QStringLiteral("-q"), QStringLiteral("-c")}, data,
                       &problem);
    };

    for (auto it = payloads.cbegin(); it != payloads.cend(); ++it) {
        const QByteArray &data = it.value();
        const QByteArray head = data.first(data.size() / 3);
        const QByteArray tail = data.sliced(head.size());
        // Members as pigz and concatenating builders write them: the CLI's, an empty one,
        // zlib's. Frames likewise, with a skippable frame between them.
        const QList<QByteArray> members{gzipCli(head), gzipWithZlib(QByteArray()),
                                        gzipWithZlib(tail)};
        const QList<QByteArray> frames{zstdWithApi(head), zstdSkippableFrame("layerscope"),
                                       zstdCli(tail)};
        const QMap<QString, Sample> built{
            {QStringLiteral("none"), {data, data, Compression::None}},
            {QStringLiteral("gzip cli"), {gzipCli(data), data, Compression::Gzip}},
            {QStringLiteral("gzip zlib"), {gzipWithZlib(data), data, Compression::Gzip}},
            {QStringLiteral("gzip members"), {members.join(), data, Compression::Gzip}},
            {QStringLiteral("zstd cli"), {zstdCli(data), data, Compression::Zstd}},
            {QStringLiteral("zstd api"), {zstdWithApi(data), data, Compression::Zstd}},
            {QStringLiteral("zstd frames"), {frames.join(), data, Compression::Zstd}},
        };
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        for (auto b = built.cbegin(); b != built.cend(); ++b) {
            QVERIFY2(b->compression == Compression::None || !b->compressed.isEmpty(),
                     qPrintable(it.key() + u'/' + b.key()));
            m_samples.insert(it.key() + u'/' + b.key(), b.value());
        }
        if (it.key() == u"text") {
            for (const QByteArray &member : members)
                m_memberEnds << (m_memberEnds.isEmpty() ? 0 : m_memberEnds.last()) + member.size();
            for (const QByteArray &frame : frames)
                m_frameEnds << (m_frameEnds.isEmpty() ? 0 : m_frameEnds.last()) + frame.size();
        }
    }

    // The CLIs must agree that the samples are what they claim to be.
    QCOMPARE(runTool(QStringLiteral("gzip"), {QStringLiteral("-dc")},
                     sample(QStringLiteral("text/gzip members")).compressed, &problem),
             text);
    QCOMPARE(runTool(QStringLiteral("zstd"), {QStringLiteral("-dcq")},
                     sample(QStringLiteral("text/zstd frames")).compressed, &problem),
             text);
}

void TestLayerDigester::digests_data()
{
    QTest::addColumn<QByteArray>("compressed");
    QTest::addColumn<QByteArray>("uncompressed");
    QTest::addColumn<int>("compression");
    QTest::addColumn<qsizetype>("chunk");

    for (const QString &payload : std::as_const(m_payloads)) {
        for (const QString &builder : std::as_const(m_builders)) {
            const Sample &layer = sample(payload + u'/' + builder);
            for (const qsizetype chunk : ChunkSizes) {
                // Byte by byte, 8 MiB take half a minute and show nothing the 900 KB text
                // payload does not: the 8 MiB are there for the large chunks.
                if (chunk == 1 && layer.uncompressed.size() > (1 << 20))
                    continue;
                QTest::addRow("%s/%s/%s", qPrintable(payload), qPrintable(builder),
                              qPrintable(chunkName(chunk)))
                    << layer.compressed << layer.uncompressed << int(layer.compression) << chunk;
            }
        }
    }
}

void TestLayerDigester::digests()
{
    QFETCH(QByteArray, compressed);
    QFETCH(QByteArray, uncompressed);
    QFETCH(int, compression);
    QFETCH(qsizetype, chunk);

    LayerDigester digester{Compression(compression)};
    QVERIFY2(feed(digester, compressed, chunk), qPrintable(digester.error().message()));
    QCOMPARE(digester.compressedSize(), compressed.size());
    QCOMPARE(digester.uncompressedSize(), uncompressed.size());
    const auto outcome = digester.finish();
    QVERIFY2(outcome.ok(), qPrintable(outcome.ok() ? QString() : outcome.error().message()));
    QCOMPARE(outcome->compressedDigest.toString(), sha256Of(compressed));
    QCOMPARE(outcome->compressedSize, compressed.size());
    QCOMPARE(outcome->diffId.toString(), sha256Of(uncompressed));
    QCOMPARE(outcome->uncompressedSize, uncompressed.size());
    QCOMPARE(outcome->digestCheck, Check::NotChecked);
    QCOMPARE(outcome->diffIdCheck, Check::NotChecked);
    QVERIFY(outcome->verified());
    QVERIFY(!digester.hasError());
    QCOMPARE(digester.failure(), Failure::None);
}

void TestLayerDigester::truncated_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("compression");
    QTest::addColumn<qsizetype>("chunk");
    QTest::addColumn<QString>("format");

    const auto add = [](const QString &name, const QByteArray &data, Compression compression) {
        const QString format
            = compression == Compression::Gzip ? QStringLiteral("gzip") : QStringLiteral("zstd");
        for (const qsizetype chunk : chunksFor(data.size(), 7)) {
            QTest::addRow("%s/%s", qPrintable(name), qPrintable(chunkName(chunk)))
                << data << int(compression) << chunk << format;
        }
    };
    add(QStringLiteral("gzip 0 bytes"), QByteArray(), Compression::Gzip);
    add(QStringLiteral("zstd 0 bytes"), QByteArray(), Compression::Zstd);

    for (const QString &name :
         {QStringLiteral("text/gzip cli"), QStringLiteral("text/gzip zlib"),
          QStringLiteral("random 8 MiB/gzip cli"), QStringLiteral("text/zstd cli"),
          QStringLiteral("text/zstd api"), QStringLiteral("random 8 MiB/zstd cli")}) {
        const Sample &layer = sample(name);
        const qsizetype size = layer.compressed.size();
        // Inside the magic number, the header, the data, the trailer (gzip's CRC and length,
        // zstd's checksum or last block), and one byte short.
        for (const qsizetype keep :
             {qsizetype(1), qsizetype(3), qsizetype(10), size / 2, size - 8, size - 4, size - 1}) {
            add(QStringLiteral("%1 cut to %2 of %3").arg(name).arg(keep).arg(size),
                layer.compressed.first(keep), layer.compression);
        }
    }

    // Cut inside a later member or frame: the earlier ones ended, the stream did not.
    const QByteArray members = sample(QStringLiteral("text/gzip members")).compressed;
    add(QStringLiteral("gzip members, cut in the last member's header"),
        members.first(m_memberEnds[1] + 5), Compression::Gzip);
    add(QStringLiteral("gzip members, cut in the last member"),
        members.first((m_memberEnds[1] + m_memberEnds[2]) / 2), Compression::Gzip);
    add(QStringLiteral("gzip members, one byte of a magic number after the last"), members + "\x1f",
        Compression::Gzip);
    const QByteArray frames = sample(QStringLiteral("text/zstd frames")).compressed;
    add(QStringLiteral("zstd frames, cut in the skippable frame"), frames.first(m_frameEnds[0] + 6),
        Compression::Zstd);
    add(QStringLiteral("zstd frames, cut in the last frame"),
        frames.first((m_frameEnds[1] + m_frameEnds[2]) / 2), Compression::Zstd);
    add(QStringLiteral("zstd frames, two bytes of a magic number after the last"),
        frames + "\x28\xb5", Compression::Zstd);
}

void TestLayerDigester::truncated()
{
    QFETCH(QByteArray, data);
    QFETCH(int, compression);
    QFETCH(qsizetype, chunk);
    QFETCH(QString, format);

    LayerDigester digester{Compression(compression)};
    QVERIFY2(feed(digester, data, chunk), qPrintable(digester.error().message()));
    const auto outcome = digester.finish();
    QVERIFY(!outcome.ok());
    QCOMPARE(digester.failure(), Failure::Truncated);
    QCOMPARE(outcome.error().message(),
             format + QStringLiteral(" stream ended before its end (truncated layer?)"));
    QCOMPARE(ParseError::codeName(outcome.error().code()),
             ParseError::codeName(ParseError::Code::InvalidValue));
    // The error sticks: nothing more is accepted.
    QVERIFY(!digester.update("more"));
    QCOMPARE(digester.finish().error().message(), outcome.error().message());
}

void TestLayerDigester::corrupt_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("compression");
    QTest::addColumn<qsizetype>("chunk");
    QTest::addColumn<QString>("message");

    const QByteArray gzipText = sample(QStringLiteral("text/gzip cli")).compressed;
    const QByteArray gzipRandom = sample(QStringLiteral("random 8 MiB/gzip zlib")).compressed;
    const QByteArray zstdText = sample(QStringLiteral("text/zstd cli")).compressed;
    const QByteArray zstdRandom = sample(QStringLiteral("random 8 MiB/zstd cli")).compressed;
    const QByteArray gzipMembers = sample(QStringLiteral("text/gzip members")).compressed;

    const auto add = [](const char *name, const QByteArray &data, Compression compression,
                        const QString &message) {
        for (const qsizetype chunk : chunksFor(data.size(), 1)) {
            QTest::addRow("%s/%s", name, qPrintable(chunkName(chunk)))
                << data << int(compression) << chunk << message;
        }
    };
    const auto gzip = [&](const char *name, qsizetype index, uchar mask, const char *zlibSays) {
        add(name, flipped(gzipText, index, mask), Compression::Gzip,
            QStringLiteral("gzip data corrupt: ") + QLatin1StringView(zlibSays));
    };
    gzip("gzip magic", 0, 0xff, "the layer does not start with a gzip header (1f 8b)");
    gzip("gzip method", 2, 0x01, "unknown compression method");
    gzip("gzip reserved flag", 3, 0x80, "unknown header flags set");
    gzip("gzip data", gzipText.size() / 2, 0xff, "");
    gzip("gzip crc", gzipText.size() - 8, 0x01, "incorrect data check");
    gzip("gzip length", gzipText.size() - 1, 0x01, "incorrect length check");
    // Stored blocks: only the CRC notices.
    add("gzip random data", flipped(gzipRandom, gzipRandom.size() / 2, 0x01), Compression::Gzip,
        QStringLiteral("gzip data corrupt: incorrect data check"));
    add("gzip second member's method", flipped(gzipMembers, m_memberEnds[1] + 2, 0x01),
        Compression::Gzip, QStringLiteral("gzip data corrupt: unknown compression method"));

    add("zstd magic", flipped(zstdText, 0), Compression::Zstd,
        QStringLiteral(
            "zstd frame corrupt: the layer does not start with a zstd frame (28 b5 2f fd)"));
    add("zstd reserved bit", flipped(zstdText, 4, 0x08), Compression::Zstd,
        QStringLiteral("zstd frame corrupt: Unsupported frame parameter"));
    add("zstd data", flipped(zstdText, zstdText.size() / 2), Compression::Zstd,
        QStringLiteral("zstd frame corrupt: Data corruption detected"));
    add("zstd checksum", flipped(zstdText, zstdText.size() - 1, 0x01), Compression::Zstd,
        QStringLiteral("zstd frame corrupt: Restored data doesn't match checksum"));
    add("zstd random data", flipped(zstdRandom, zstdRandom.size() / 2, 0x01), Compression::Zstd,
        QStringLiteral("zstd frame corrupt: Restored data doesn't match checksum"));
}

void TestLayerDigester::corrupt()
{
    QFETCH(QByteArray, data);
    QFETCH(int, compression);
    QFETCH(qsizetype, chunk);
    QFETCH(QString, message);

    LayerDigester digester{Compression(compression)};
    QVERIFY2(!feed(digester, data, chunk), "corruption is found while the bytes stream in");
    QVERIFY(digester.hasError());
    QCOMPARE(digester.failure(), Failure::Corrupt);
    // zlib's and zstd's own words follow the prefix; rows that know them exactly give them.
    QVERIFY2(digester.error().message().startsWith(message),
             qPrintable(digester.error().message()));
    const auto outcome = digester.finish();
    QVERIFY(!outcome.ok());
    QCOMPARE(outcome.error().message(), digester.error().message());
}

void TestLayerDigester::trailingData_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("compression");
    QTest::addColumn<qsizetype>("chunk");
    QTest::addColumn<qsizetype>("streamEnd");

    const auto add = [](const char *name, const QString &sampleName, const Sample &layer,
                        const QByteArray &garbage) {
        for (const qsizetype chunk : {qsizetype(1), qsizetype(7), qsizetype(0)}) {
            QTest::addRow("%s %s/%s", qPrintable(sampleName), name, qPrintable(chunkName(chunk)))
                << layer.compressed + garbage << int(layer.compression) << chunk
                << layer.compressed.size();
        }
    };
    for (const QString &name :
         {QStringLiteral("text/gzip cli"), QStringLiteral("empty/gzip zlib"),
          QStringLiteral("text/gzip members"), QStringLiteral("text/zstd cli"),
          QStringLiteral("empty/zstd api"), QStringLiteral("text/zstd frames")}) {
        const Sample &layer = sample(name);
        add("+ text", name, layer, "garbage!");
        add("+ one byte", name, layer, "x");
        // Padding to a tar block, as a careless builder might write.
        add("+ zeros", name, layer, QByteArray(512, '\0'));
    }
}

void TestLayerDigester::trailingData()
{
    QFETCH(QByteArray, data);
    QFETCH(int, compression);
    QFETCH(qsizetype, chunk);
    QFETCH(qsizetype, streamEnd);

    LayerDigester digester{Compression(compression)};
    QVERIFY(!feed(digester, data, chunk));
    QCOMPARE(digester.failure(), Failure::TrailingData);
    const QString format = Compression(compression) == Compression::Gzip ? QStringLiteral("gzip")
                                                                         : QStringLiteral("zstd");
    QCOMPARE(digester.error().message(),
             QStringLiteral("more data after the end of the compressed stream (the %1 stream "
                            "ends after %2 bytes)")
                 .arg(format)
                 .arg(streamEnd));
    QVERIFY(!digester.finish().ok());
}

void TestLayerDigester::sizeMismatch_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("compression");
    QTest::addColumn<qsizetype>("chunk");
    QTest::addColumn<qint64>("expectedSize");

    const auto add = [](const QString &name, const QByteArray &data, Compression compression,
                        qint64 expectedSize) {
        for (const qsizetype chunk : {qsizetype(1), qsizetype(4096), qsizetype(0)}) {
            QTest::addRow("%s/%s", qPrintable(name), qPrintable(chunkName(chunk)))
                << data << int(compression) << chunk << expectedSize;
        }
    };
    for (const QString &name : {QStringLiteral("text/none"), QStringLiteral("text/gzip cli"),
                                QStringLiteral("text/zstd frames")}) {
        const Sample &layer = sample(name);
        const qint64 size = layer.compressed.size();
        add(name + QStringLiteral(" as expected"), layer.compressed, layer.compression, size);
        add(name + QStringLiteral(" one byte short"), layer.compressed, layer.compression,
            size + 1);
        add(name + QStringLiteral(" one byte long"), layer.compressed, layer.compression, size - 1);
        add(name + QStringLiteral(" 5678 expected"), layer.compressed, layer.compression, 5678);
        add(name + QStringLiteral(" empty, 5678 expected"), QByteArray(), layer.compression, 5678);
        add(name + QStringLiteral(" 0 expected"), layer.compressed, layer.compression, 0);
    }
    // A layer cut short is reported by its size, which says more than "truncated".
    const QByteArray gzip = sample(QStringLiteral("text/gzip cli")).compressed;
    add(QStringLiteral("truncated gzip"), gzip.first(1234), Compression::Gzip, gzip.size());
}

void TestLayerDigester::sizeMismatch()
{
    QFETCH(QByteArray, data);
    QFETCH(int, compression);
    QFETCH(qsizetype, chunk);
    QFETCH(qint64, expectedSize);

    LayerDigester digester{Compression(compression), {Digest(), expectedSize, Digest()}};
    const bool fed = feed(digester, data, chunk);
    const auto outcome = digester.finish();
    if (data.size() == expectedSize) {
        QVERIFY(fed);
        QVERIFY(outcome.ok());
        QCOMPARE(outcome->compressedSize, expectedSize);
        return;
    }
    QVERIFY(!outcome.ok());
    QCOMPARE(digester.failure(), Failure::SizeMismatch);
    if (data.size() < expectedSize) {
        QVERIFY(fed);
        QCOMPARE(outcome.error().message(),
                 QStringLiteral("layer is %1 bytes, the manifest says %2")
                     .arg(data.size())
                     .arg(expectedSize));
        return;
    }
    // Too long: refused with the first chunk that goes past the expected size, before it is
    // hashed or decompressed.
    QVERIFY(!fed);
    const qint64 refusedAt = chunk == 0
        ? data.size()
        : std::min<qint64>(data.size(), (expectedSize / chunk + 1) * chunk);
    QCOMPARE(digester.compressedSize(), chunk == 0 ? 0 : expectedSize / chunk * chunk);
    QCOMPARE(outcome.error().message(),
             QStringLiteral("layer is at least %1 bytes, the manifest says %2")
                 .arg(refusedAt)
                 .arg(expectedSize));
}

void TestLayerDigester::mismatches_data()
{
    QTest::addColumn<QString>("sampleName");
    QTest::addColumn<QString>("expectedDigest");
    QTest::addColumn<QString>("expectedDiffId");
    QTest::addColumn<Check>("digestCheck");
    QTest::addColumn<Check>("diffIdCheck");

    const QString wrong = QStringLiteral("sha256:") + QString(64, u'0');
    const QString wrong512 = QStringLiteral("sha512:") + QString(128, u'0');
    const auto add = [&](const char *name, const QString &sampleName, const QString &digest,
                         const QString &diffId, Check digestCheck, Check diffIdCheck) {
        QTest::addRow("%s %s", qPrintable(sampleName), name)
            << sampleName << digest << diffId << digestCheck << diffIdCheck;
    };
    for (const QString &name :
         {QStringLiteral("text/none"), QStringLiteral("text/gzip members"),
          QStringLiteral("empty tar/zstd cli"), QStringLiteral("empty/none")}) {
        const Sample &layer = sample(name);
        const QString digest = sha256Of(layer.compressed);
        const QString diffId = sha256Of(layer.uncompressed);
        add("both right", name, digest, diffId, Check::Match, Check::Match);
        add("nothing expected", name, QString(), QString(), Check::NotChecked, Check::NotChecked);
        add("digest wrong", name, wrong, diffId, Check::Mismatch, Check::Match);
        add("diff_id wrong", name, digest, wrong, Check::Match, Check::Mismatch);
        add("both wrong", name, wrong, wrong, Check::Mismatch, Check::Mismatch);
        add("digest only", name, digest, QString(), Check::Match, Check::NotChecked);
        // The expected digest's algorithm is the one computed.
        add("sha512 right", name, sha512Of(layer.compressed), sha512Of(layer.uncompressed),
            Check::Match, Check::Match);
        add("sha512 wrong", name, wrong512, diffId, Check::Mismatch, Check::Match);
        add("sha512 diff_id", name, digest, sha512Of(layer.uncompressed), Check::Match,
            Check::Match);
    }
    // A plain tar's diff_id is its digest; one that is not still says so.
    const Sample &tar = sample(QStringLiteral("text/none"));
    add("diff_id of another tar", QStringLiteral("text/none"), sha256Of(tar.compressed),
        sha256Of("another tar"), Check::Match, Check::Mismatch);
}

void TestLayerDigester::mismatches()
{
    QFETCH(QString, sampleName);
    QFETCH(QString, expectedDigest);
    QFETCH(QString, expectedDiffId);
    QFETCH(Check, digestCheck);
    QFETCH(Check, diffIdCheck);

    const Sample &layer = sample(sampleName);
    const Digest digest = expectedDigest.isEmpty() ? Digest() : digestOf(expectedDigest);
    const Digest diffId = expectedDiffId.isEmpty() ? Digest() : digestOf(expectedDiffId);
    LayerDigester digester{layer.compression, {digest, layer.compressed.size(), diffId}};
    QVERIFY(feed(digester, layer.compressed, 4096));
    const auto outcome = digester.finish();
    QVERIFY2(outcome.ok(), "a mismatch is a result, not an error");
    QCOMPARE(outcome->digestCheck, digestCheck);
    QCOMPARE(outcome->diffIdCheck, diffIdCheck);
    QCOMPARE(outcome->expectedDigest, digest);
    QCOMPARE(outcome->expectedDiffId, diffId);

    const bool sha512Digest = expectedDigest.startsWith(u"sha512");
    const bool sha512DiffId = expectedDiffId.startsWith(u"sha512");
    QCOMPARE(outcome->compressedDigest.toString(),
             sha512Digest ? sha512Of(layer.compressed) : sha256Of(layer.compressed));
    QCOMPARE(outcome->diffId.toString(),
             sha512DiffId ? sha512Of(layer.uncompressed) : sha256Of(layer.uncompressed));

    QCOMPARE(outcome->verified(), digestCheck != Check::Mismatch && diffIdCheck != Check::Mismatch);
    const QString text = outcome->mismatchText();
    QCOMPARE(text.isEmpty(), outcome->verified());
    if (digestCheck == Check::Mismatch) {
        QVERIFY2(text.contains(QStringLiteral("layer digest is %1, the manifest says %2")
                                   .arg(outcome->compressedDigest.toString(), expectedDigest)),
                 qPrintable(text));
    }
    if (diffIdCheck == Check::Mismatch) {
        QVERIFY2(text.contains(QStringLiteral("layer diff_id is %1, the config says %2")
                                   .arg(outcome->diffId.toString(), expectedDiffId)),
                 qPrintable(text));
    }
}

void TestLayerDigester::decompressionCap_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("compression");
    QTest::addColumn<qsizetype>("chunk");
    QTest::addColumn<qint64>("cap");
    QTest::addColumn<bool>("withinCap");

    constexpr qint64 bombSize = qint64(32) << 20;
    const QByteArray gzipBomb = gzipOfZeros(bombSize);
    const QByteArray zstdBomb = zstdOfZeros(bombSize);
    QVERIFY(!gzipBomb.isEmpty() && gzipBomb.size() < bombSize / 500);
    QVERIFY(!zstdBomb.isEmpty() && zstdBomb.size() < bombSize / 500);

    const auto add = [](const QString &name, const QByteArray &data, Compression compression,
                        qint64 cap, bool withinCap) {
        for (const qsizetype chunk : chunksFor(data.size(), 7)) {
            QTest::addRow("%s/%s", qPrintable(name), qPrintable(chunkName(chunk)))
                << data << int(compression) << chunk << cap << withinCap;
        }
    };
    add(QStringLiteral("gzip bomb, 1 MiB cap"), gzipBomb, Compression::Gzip, 1 << 20, false);
    add(QStringLiteral("zstd bomb, 1 MiB cap"), zstdBomb, Compression::Zstd, 1 << 20, false);
    add(QStringLiteral("gzip bomb, 1 byte cap"), gzipBomb, Compression::Gzip, 1, false);
    add(QStringLiteral("gzip bomb, cap at its size"), gzipBomb, Compression::Gzip, bombSize, true);
    add(QStringLiteral("zstd bomb, cap at its size"), zstdBomb, Compression::Zstd, bombSize, true);

    for (const QString &name : {QStringLiteral("text/none"), QStringLiteral("text/gzip members"),
                                QStringLiteral("text/zstd frames")}) {
        const Sample &layer = sample(name);
        const qint64 size = layer.uncompressed.size();
        add(name + QStringLiteral(", cap at its size"), layer.compressed, layer.compression, size,
            true);
        add(name + QStringLiteral(", cap one byte short"), layer.compressed, layer.compression,
            size - 1, false);
    }
    add(QStringLiteral("empty gzip, zero cap"), sample(QStringLiteral("empty/gzip cli")).compressed,
        Compression::Gzip, 0, true);
}

void TestLayerDigester::decompressionCap()
{
    QFETCH(QByteArray, data);
    QFETCH(int, compression);
    QFETCH(qsizetype, chunk);
    QFETCH(qint64, cap);
    QFETCH(bool, withinCap);

    LayerDigester digester{Compression(compression), {}, cap};
    const bool fed = feed(digester, data, chunk);
    QVERIFY2(digester.uncompressedSize() <= cap, "nothing past the cap is hashed");
    if (withinCap) {
        QVERIFY2(fed, qPrintable(digester.error().message()));
        const auto outcome = digester.finish();
        QVERIFY(outcome.ok());
        QCOMPARE(outcome->uncompressedSize, cap);
        return;
    }
    QVERIFY2(!fed, "the cap stops the stream while it is fed");
    // A bomb is stopped long before its end: the cap, not the input, bounds the work.
    if (chunk != 0 && chunk * 4 < data.size()
        && QByteArrayView(QTest::currentDataTag()).contains("bomb"))
        QVERIFY2(digester.compressedSize() < data.size() / 4, "it stops early");
    QCOMPARE(digester.failure(), Failure::TooLarge);
    QCOMPARE(digester.error().message(),
             QStringLiteral("decompressed size exceeds the limit of %1 bytes").arg(cap));
    QCOMPARE(ParseError::codeName(digester.error().code()),
             ParseError::codeName(ParseError::Code::TooLarge));
    QVERIFY(!digester.finish().ok());
}

void TestLayerDigester::unknownCompression()
{
    QCOMPARE(LayerDigester::DefaultMaxUncompressedSize, qint64(64) * 1024 * 1024 * 1024);

    LayerDigester digester{Compression::Unknown};
    QVERIFY(!digester.update({}));
    QVERIFY(!digester.update("ustar"));
    QVERIFY(digester.hasError());
    QCOMPARE(digester.failure(), Failure::UnknownCompression);
    QCOMPARE(ParseError::codeName(digester.error().code()),
             ParseError::codeName(ParseError::Code::UnknownMediaType));
    QVERIFY2(digester.error().message().contains(u"not a known compressed tar"),
             qPrintable(digester.error().message()));
    const auto outcome = digester.finish();
    QVERIFY(!outcome.ok());
    QCOMPARE(outcome.error().message(), digester.error().message());

    LayerDigester unused{Compression::Unknown};
    QVERIFY(!unused.finish().ok());
}

void TestLayerDigester::finishIsRepeatable()
{
    const Sample &layer = sample(QStringLiteral("text/zstd cli"));
    LayerDigester digester{layer.compression};
    QVERIFY(digester.update(layer.compressed));
    const auto first = digester.finish();
    const auto second = digester.finish();
    QVERIFY(first.ok() && second.ok());
    QCOMPARE(second->compressedDigest, first->compressedDigest);
    QCOMPARE(second->diffId, first->diffId);
    QCOMPARE(second->uncompressedSize, layer.uncompressed.size());
}

void TestLayerDigester::moveKeepsState()
{
    const Sample &layer = sample(QStringLiteral("text/gzip members"));
    const qsizetype half = layer.compressed.size() / 2;
    LayerDigester first{layer.compression};
    QVERIFY(first.update(layer.compressed.first(half)));
    LayerDigester second = std::move(first);
    QCOMPARE(second.compressedSize(), half);
    QVERIFY(second.update(layer.compressed.sliced(half)));
    LayerDigester third{Compression::None};
    third = std::move(second);
    const auto outcome = third.finish();
    QVERIFY(outcome.ok());
    QCOMPARE(outcome->diffId.toString(), sha256Of(layer.uncompressed));
}

void TestLayerDigester::fixture_data()
{
    QTest::addColumn<qsizetype>("chunk");
    for (const qsizetype chunk : ChunkSizes)
        QTest::addRow("%s", qPrintable(chunkName(chunk))) << chunk;
}

void TestLayerDigester::fixture()
{
    QFETCH(qsizetype, chunk);

    // A gzip layer of go-containerregistry's test layout: its file name is its digest, and
    // the image's config lists its diff_id.
    const QString blobs
        = QStringLiteral("manifests/ggcr_layout/test_index_one_image/blobs/sha256/");
    const QString layerHex
        = QStringLiteral("492b89b9dd3cda4596f94916d17f6901455fb8bd7f4c5a2a90df8d39c90f48a0");
    const QByteArray layer = TestData::read(blobs + layerHex);
    const QByteArray config = TestData::read(
        blobs + QStringLiteral("381d958b555884ba59574ab5c066e9f6116b5aec3567675aa13bec63331f0810"));
    const QString diffIdText = QJsonDocument::fromJson(config)
                                   .object()
                                   .value(u"rootfs")
                                   .toObject()
                                   .value(u"diff_ids")
                                   .toArray()
                                   .at(0)
                                   .toString();
    QVERIFY(diffIdText.startsWith(u"sha256:59cd31f5"));

    const Digest digest = digestOf(QStringLiteral("sha256:") + layerHex);
    const Digest diffId = digestOf(diffIdText);
    LayerDigester digester{Compression::Gzip, {digest, layer.size(), diffId}};
    QVERIFY2(feed(digester, layer, chunk), qPrintable(digester.error().message()));
    const auto outcome = digester.finish();
    QVERIFY2(outcome.ok(), qPrintable(outcome.ok() ? QString() : outcome.error().message()));
    QCOMPARE(outcome->compressedDigest, digest);
    QCOMPARE(outcome->diffId, diffId);
    QCOMPARE(outcome->digestCheck, Check::Match);
    QCOMPARE(outcome->diffIdCheck, Check::Match);
    QCOMPARE(outcome->compressedSize, layer.size());
    QCOMPARE(outcome->uncompressedSize, 2048);
    QVERIFY(outcome->verified());
}

QTEST_GUILESS_MAIN(TestLayerDigester)
#include "tst_layerdigester.moc"
