#include "values/digest.h"

#include <QTest>

using namespace Layerscope;
using Code = ParseError::Code;

class TestDigest : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void compute_data();
    void compute();
    void verify();
    void shortForm();
    void equalityAndHash();
};

void TestDigest::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("code");

    const QString hex64 = QString(64, u'a');
    const QString hex128 = QString(128, u'0');
    const auto ok = [](const char *name, const QString &text) {
        QTest::addRow("%s", name) << text << true << -1;
    };
    const auto bad = [](const char *name, const QString &text, Code code) {
        QTest::addRow("%s", name) << text << false << int(code);
    };
    ok("sha256", QStringLiteral("sha256:") + hex64);
    ok("sha512", QStringLiteral("sha512:") + hex128);
    ok("sha256 digits",
       QStringLiteral("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
    bad("empty", QString(), Code::DigestInvalidFormat);
    bad("no colon", hex64, Code::DigestInvalidFormat);
    bad("no algorithm", QStringLiteral(":") + hex64, Code::DigestInvalidFormat);
    bad("no hex", QStringLiteral("sha256:"), Code::DigestInvalidFormat);
    bad("short sha256", QStringLiteral("sha256:abc"), Code::DigestInvalidLength);
    bad("long sha256", QStringLiteral("sha256:") + hex64 + u'a', Code::DigestInvalidLength);
    bad("sha512 with 64 hex", QStringLiteral("sha512:") + hex64, Code::DigestInvalidLength);
    bad("upper-case hex", QStringLiteral("sha256:") + QString(64, u'A'), Code::DigestInvalidFormat);
    bad("non-hex", QStringLiteral("sha256:") + QString(64, u'g'), Code::DigestInvalidFormat);
    bad("upper-case algorithm", QStringLiteral("SHA256:") + hex64, Code::DigestInvalidFormat);
    bad("unsupported sha384", QStringLiteral("sha384:") + QString(96, u'a'),
        Code::DigestUnsupported);
    bad("unsupported blake3", QStringLiteral("blake3:") + hex64, Code::DigestUnsupported);
    bad("alternate encoding",
        QStringLiteral("sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564"),
        Code::DigestUnsupported);
    bad("repeated separators", QStringLiteral("sha256+foo+-b:") + hex64, Code::DigestInvalidFormat);
    bad("space", QStringLiteral("sha256: ") + QString(63, u'a'), Code::DigestInvalidFormat);
    bad("two colons", QStringLiteral("sha256:sha256:") + hex64, Code::DigestInvalidLength);
}

void TestDigest::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(int, code);

    const Result<Digest> digest = Digest::parse(text);
    QCOMPARE(digest.ok(), valid);
    if (valid) {
        QCOMPARE(digest->toString(), text);
        QVERIFY(!digest->isNull());
    } else {
        QCOMPARE(ParseError::codeName(digest.error().code()), ParseError::codeName(Code(code)));
        QVERIFY2(!digest.error().message().isEmpty(), "an error must explain itself");
    }
}

void TestDigest::compute_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("algorithm");
    QTest::addColumn<QString>("expected");

    // Known answers: FIPS 180-2 test vectors and the digests of empty input.
    QTest::addRow("empty sha256")
        << QByteArray() << int(Digest::Algorithm::Sha256)
        << QStringLiteral(
               "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    QTest::addRow("abc sha256")
        << QByteArray("abc") << int(Digest::Algorithm::Sha256)
        << QStringLiteral(
               "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    QTest::addRow("abc sha512")
        << QByteArray("abc") << int(Digest::Algorithm::Sha512)
        << QStringLiteral("sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                          "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    // The OCI empty descriptor's content, "{}".
    QTest::addRow("oci empty")
        << QByteArray("{}") << int(Digest::Algorithm::Sha256)
        << QStringLiteral(
               "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
}

void TestDigest::compute()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, algorithm);
    QFETCH(QString, expected);
    const Digest digest = Digest::compute(bytes, Digest::Algorithm(algorithm));
    QCOMPARE(digest.toString(), expected);
    QCOMPARE(Digest::parse(expected).value(), digest);
}

void TestDigest::verify()
{
    const Digest digest = Digest::compute("hello");
    QVERIFY(digest.verify("hello"));
    QVERIFY(!digest.verify("hello "));
    QVERIFY(!digest.verify({}));
    QVERIFY2(!Digest().verify({}), "a null digest verifies nothing");
}

void TestDigest::shortForm()
{
    const Digest digest
        = Digest::parse(u"sha256:a059ea7356d5b5a9e0f6352bfa463e7bd4721c2ade3ef168603826e0de6fe54b")
              .value();
    QCOMPARE(digest.shortHex(), QStringLiteral("a059ea7356d5"));
    QCOMPARE(digest.algorithmName(), QStringLiteral("sha256"));
    QCOMPARE(digest.hex().size(), 64);
    QVERIFY(Digest().isNull());
    QCOMPARE(Digest().toString(), QString());
}

void TestDigest::equalityAndHash()
{
    const Digest a = Digest::compute("a");
    const Digest b = Digest::compute("b");
    QVERIFY(a == Digest::compute("a"));
    QVERIFY(a != b);
    QVERIFY(Digest::compute("a") != Digest::compute("a", Digest::Algorithm::Sha512));
    QSet<Digest> set{a, b, Digest::compute("a")};
    QCOMPARE(set.size(), 2);
}

QTEST_GUILESS_MAIN(TestDigest)
#include "tst_digest.moc"
