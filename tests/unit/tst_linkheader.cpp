#include "values/linkheader.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Layerscope;
using Code = ParseError::Code;

namespace {

// "<target> rel=a,b {name=value, …}" for comparisons whose failures a person reads.
QString describe(const QList<LinkHeader::Link> &links)
{
    QStringList parts;
    for (const LinkHeader::Link &link : links) {
        QStringList parameters;
        for (auto it = link.parameters.begin(); it != link.parameters.end(); ++it)
            parameters.append(it.key() + u'=' + it.value());
        parts.append(u'<' + link.target + QStringLiteral("> rel=") + link.relations.join(u',')
                     + QStringLiteral(" {") + parameters.join(QStringLiteral(", ")) + u'}');
    }
    return parts.join(QStringLiteral("; "));
}

LinkHeader::Link link(const char *target, QStringList relations,
                      QMap<QString, QString> parameters = {})
{
    return LinkHeader::Link{QString::fromUtf8(target), relations, parameters};
}

QStringList relations(const char *text)
{
    return QString::fromUtf8(text).split(u' ', Qt::SkipEmptyParts);
}

} // namespace

class TestLinkHeader : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void nextLink_data();
    void nextLink();
    void distributionCursorSurvivesResolution();
    void malformed_data();
    void malformed();
    void hostileInput_data();
    void hostileInput();
    void randomBytes();
    void isSameOrigin_data();
    void isSameOrigin();
};

void TestLinkHeader::parse_data()
{
    QTest::addColumn<QList<QByteArray>>("values");
    QTest::addColumn<QString>("expected");

    const auto row = [](const char *name, QList<QByteArray> values, QList<LinkHeader::Link> links) {
        QTest::addRow("%s", name) << values << describe(links);
    };
    row("distribution 2.8.2 catalog", {R"(</v2/_catalog?last=page%2Fb&n=2>; rel="next")"},
        {link("/v2/_catalog?last=page%2Fb&n=2", relations("next"))});
    row("rel without quotes", {"</a>;rel=next"}, {link("/a", relations("next"))});
    row("upper-case REL and NEXT", {R"(</a>; REL="NEXT")"}, {link("/a", relations("next"))});
    row("several relation types", {R"(</a>; rel="next  last")"},
        {link("/a", relations("next last"))});
    row("several links in one value", {R"(</a>; rel="prev", </b>; rel="next")"},
        {link("/a", relations("prev")), link("/b", relations("next"))});
    row("several values", {"</a>; rel=prev", "</b>; rel=next"},
        {link("/a", relations("prev")), link("/b", relations("next"))});
    row("comma and semicolon inside the target", {R"(</a?x=1,2;3>; rel="next", </b>)"},
        {link("/a?x=1,2;3", relations("next")), link("/b", QStringList())});
    row("other parameters kept, first occurrence",
        {R"(</a>; title="a, b; \"c\""; rel=next; type=application/json; TITLE=x; hreflang)"},
        {link("/a", relations("next"),
              {{QStringLiteral("title"), QStringLiteral("a, b; \"c\"")},
               {QStringLiteral("type"), QStringLiteral("application/json")},
               {QStringLiteral("hreflang"), QString()}})});
    // RFC 8288 §3.3: occurrences of rel after the first are ignored.
    row("second rel ignored", {"</a>; rel=prev; rel=next"}, {link("/a", relations("prev"))});
    row("white space around separators", {"  </a>\t ;\trel = \"next\" ,, </b> ; rel=prev  "},
        {link("/a", relations("next")), link("/b", relations("prev"))});
    row("empty target", {"<>; rel=self"}, {link("", relations("self"))});
    row("no values", {}, {});
    row("blank values", {"", " , "}, {});
}

void TestLinkHeader::parse()
{
    QFETCH(QList<QByteArray>, values);
    QFETCH(QString, expected);

    const Result<LinkHeader> header = LinkHeader::parse(values);
    QVERIFY2(header.ok(), header.ok() ? "" : qPrintable(header.error().message()));
    QCOMPARE(describe(header->links()), expected);
    if (values.size() == 1) {
        const Result<LinkHeader> single = LinkHeader::parse(QByteArrayView(values.constFirst()));
        QVERIFY(single.ok());
        QCOMPARE(describe(single->links()), expected);
    }
}

void TestLinkHeader::nextLink_data()
{
    QTest::addColumn<QList<QByteArray>>("values");
    QTest::addColumn<QUrl>("request");
    QTest::addColumn<QString>("next");
    QTest::addColumn<bool>("sameOrigin");

    const QUrl local(QStringLiteral("http://127.0.0.1:5000/v2/_catalog?n=2"));
    const QUrl registry(QStringLiteral("https://registry.example/v2/a/b/tags/list?n=100"));
    const auto row = [](const char *name, QList<QByteArray> values, const QUrl &request,
                        const char *next, bool sameOrigin) {
        QTest::addRow("%s", name) << values << request << QString::fromUtf8(next) << sameOrigin;
    };

    row("relative, distribution 2.8.2", {R"(</v2/_catalog?last=page%2Fb&n=2>; rel="next")"}, local,
        "http://127.0.0.1:5000/v2/_catalog?last=page%2Fb&n=2", true);
    row("tags list", {R"(</v2/a/b/tags/list?n=100&last=t99>; rel="next")"}, registry,
        "https://registry.example/v2/a/b/tags/list?n=100&last=t99", true);
    row("absolute", {R"(<https://registry.example/v2/a/b/tags/list?last=t1>; rel="next")"},
        registry, "https://registry.example/v2/a/b/tags/list?last=t1", true);
    row("absolute with the default port", {R"(<https://registry.example:443/v2/x>; rel=next)"},
        registry, "https://registry.example:443/v2/x", true);
    row("query only", {"<?n=2&last=b>; rel=next"}, local,
        "http://127.0.0.1:5000/v2/_catalog?n=2&last=b", true);
    row("rel without quotes", {"</v2/_catalog?last=b>; rel=next"}, local,
        "http://127.0.0.1:5000/v2/_catalog?last=b", true);
    row("upper-case REL and NEXT", {"</v2/_catalog?last=b>; REL=NEXT"}, local,
        "http://127.0.0.1:5000/v2/_catalog?last=b", true);
    row("several relation types", {R"(</v2/_catalog?last=b>; rel="last next")"}, local,
        "http://127.0.0.1:5000/v2/_catalog?last=b", true);
    row("multiple links in one value",
        {R"(</v2/_catalog?last=a>; rel="prev", </v2/_catalog?last=c>; rel="next")"}, local,
        "http://127.0.0.1:5000/v2/_catalog?last=c", true);
    row("multiple values",
        {R"(</v2/_catalog?last=a>; rel="prev")", R"(</v2/_catalog?last=c>; rel="next")"}, local,
        "http://127.0.0.1:5000/v2/_catalog?last=c", true);
    row("first of two next links", {"</first>; rel=next, </second>; rel=next"}, local,
        "http://127.0.0.1:5000/first", true);
    row("comma inside the URL", {R"(</v2/_catalog?last=a,b&n=2>; rel="next")"}, local,
        "http://127.0.0.1:5000/v2/_catalog?last=a,b&n=2", true);
    row("other parameters ignored", {R"(</v2/_catalog?last=b>; title="next, please"; rel="next")"},
        local, "http://127.0.0.1:5000/v2/_catalog?last=b", true);
    // QUrl decodes percent-encoded unreserved characters and upper-cases the hex digits; RFC
    // 3986 §6.2.2 makes both forms equivalent, and reserved ones (%2F) stay encoded.
    row("QUrl normalises unreserved escapes", {"</v2/_catalog?last=a%7Eb%2fc%41>; rel=next"}, local,
        "http://127.0.0.1:5000/v2/_catalog?last=a~b%2FcA", true);
    row("prev only", {R"(</v2/_catalog?last=a>; rel="prev")"}, local, nullptr, true);
    row("no Link header", {}, local, nullptr, true);
    row("next as the second rel", {"</a>; rel=prev; rel=next"}, local, nullptr, true);
    row("other host", {R"(<https://elsewhere.example/v2/a/b/tags/list?last=t1>; rel="next")"},
        registry, "https://elsewhere.example/v2/a/b/tags/list?last=t1", false);
    row("scheme change", {R"(<http://registry.example/v2/a/b/tags/list?last=t1>; rel="next")"},
        registry, "http://registry.example/v2/a/b/tags/list?last=t1", false);
    row("port change", {R"(<https://registry.example:8443/v2/x>; rel="next")"}, registry,
        "https://registry.example:8443/v2/x", false);
    row("network-path reference to another host", {"<//elsewhere.example/v2/x>; rel=next"},
        registry, "https://elsewhere.example/v2/x", false);
}

void TestLinkHeader::nextLink()
{
    QFETCH(QList<QByteArray>, values);
    QFETCH(QUrl, request);
    QFETCH(QString, next);
    QFETCH(bool, sameOrigin);

    const Result<std::optional<QUrl>> resolved = LinkHeader::nextLink(values, request);
    QVERIFY2(resolved.ok(), resolved.ok() ? "" : qPrintable(resolved.error().message()));
    QCOMPARE(resolved->has_value(), !next.isNull());
    if (!next.isNull()) {
        const QUrl url = **resolved;
        QCOMPARE(url.toString(QUrl::FullyEncoded), next);
        QCOMPARE(url.toEncoded(), next.toLatin1());
        QCOMPARE(LinkHeader::isSameOrigin(url, request), sameOrigin);
    }
}

void TestLinkHeader::distributionCursorSurvivesResolution()
{
    // distribution 2.8.2 writes the last repository name of a page percent-encoded; decoding
    // "page%2Fb" to "page/b" would still work on 2.8.2, but other servers split on it.
    const Result<std::optional<QUrl>> next
        = LinkHeader::nextLink({R"(</v2/_catalog?last=page%2Fb&n=2>; rel="next")"},
                               QUrl(QStringLiteral("http://127.0.0.1:5000/v2/_catalog?n=2")));
    QVERIFY(next.ok());
    QVERIFY(next->has_value());
    const QUrl url = **next;
    QCOMPARE(url.query(QUrl::FullyEncoded), QStringLiteral("last=page%2Fb&n=2"));
    QCOMPARE(url.path(QUrl::FullyEncoded), QStringLiteral("/v2/_catalog"));
    QCOMPARE(url.toEncoded(), QByteArray("http://127.0.0.1:5000/v2/_catalog?last=page%2Fb&n=2"));
    QCOMPARE(QUrl::fromEncoded(url.toEncoded()), url);
}

void TestLinkHeader::malformed_data()
{
    QTest::addColumn<QList<QByteArray>>("values");
    QTest::addColumn<QStringList>("fragments");

    const auto row = [](const char *name, QList<QByteArray> values, QStringList fragments) {
        QTest::addRow("%s", name) << values << fragments;
    };
    const auto s = [](const char *text) {
        return QString::fromUtf8(text);
    };

    row("unterminated <", {"<unterminated"}, {s("no closing '>'"), s("column 1")});
    row("unterminated < after a link", {"</a>; rel=prev, </b"},
        {s("no closing '>'"), s("column 17")});
    row("no <", {R"(/v2/_catalog?last=b; rel="next")"}, {s("expected '<'"), s("'/' at column 1")});
    row("garbage after the target", {"</a> rel=next"},
        {s("expected ';' or ','"), s("'r' at column 6")});
    row("garbage after a parameter", {R"(</a>; rel="next" x)"},
        {s("expected ';' or ','"), s("'x' at column 18")});
    row("unterminated quoted value", {R"(</a>; rel="next)"},
        {s("'rel'"), s("not terminated"), s("column 11")});
    row("escape at the end", {R"(</a>; rel="next\)"},
        {s("'rel'"), s("escaping backslash"), s("column 16")});
    row("control character in a quoted value", {QByteArray("</a>; rel=\"n\0\"", 15)},
        {s("control character"), s("byte 0x00 at column 13")});
    row("missing parameter name", {"</a>; =next"}, {s("parameter name"), s("'=' at column 7")});
    row("missing value", {"</a>; rel="},
        {s("'rel'"), s("no value"), s("end of the value at column 11")});
    row("missing value before ;", {"</a>; rel= ; x=y"},
        {s("'rel'"), s("no value"), s("';' at column 12")});
    row("space in the target", {"</a b>; rel=next"},
        {s("invalid character"), s("a space at column 4")});
    row("NUL in the target", {QByteArray("</a\0>", 5)}, {s("byte 0x00 at column 4")});
    row("non-ASCII in the target", {QStringLiteral(u"</é>; rel=next").toUtf8()},
        {s("byte 0xC3 at column 3")});
    row("< inside the target", {"<a<b>; rel=next"}, {s("invalid character"), s("'<' at column 3")});
    row("invalid URI", {"</v2/_catalog?last=%zz>; rel=next"},
        {s("not a valid URI reference"), s("column 1")});
    row("error in the second value", {"</a>; rel=prev", "</b"},
        {s("Link (value 2 of 2)"), s("no closing '>'")});
}

void TestLinkHeader::malformed()
{
    QFETCH(QList<QByteArray>, values);
    QFETCH(QStringList, fragments);

    const Result<LinkHeader> header = LinkHeader::parse(values);
    QVERIFY(!header.ok());
    QCOMPARE(ParseError::codeName(header.error().code()), ParseError::codeName(Code::HeaderSyntax));
    const QString message = header.error().message();
    QVERIFY2(message.startsWith(u"Link"), qPrintable(message));
    for (const QString &fragment : fragments)
        QVERIFY2(message.contains(fragment),
                 qPrintable(message + QStringLiteral(" lacks ") + fragment));

    // A next link found before the defect is not followed: the header as a whole is not
    // understood.
    const Result<std::optional<QUrl>> next
        = LinkHeader::nextLink(QList<QByteArray>{"</n>; rel=next"} + values,
                               QUrl(QStringLiteral("https://registry.example/v2/_catalog")));
    QVERIFY(!next.ok());
    QCOMPARE(next.error().code(), Code::HeaderSyntax);
}

void TestLinkHeader::hostileInput_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("links");
    QTest::addColumn<QString>("errorFragment");

    constexpr qsizetype mebibyte = 1024 * 1024;
    QTest::addRow("1 MiB of commas") << QByteArray(mebibyte, ',') << 0 << QString();
    QTest::addRow("1 MiB target without >")
        << "<" + QByteArray(mebibyte, 'a') << 0 << QStringLiteral("no closing '>'");
    QTest::addRow("1 MiB target") << "<" + QByteArray(mebibyte, 'a') + ">; rel=next" << 1
                                  << QString();
    QTest::addRow("100k quotes") << QByteArray(100000, '"') << 0
                                 << QStringLiteral("'\"' at column 1");
    QTest::addRow("100k backslashes in a quoted value")
        << "</a>; rel=\"" + QByteArray(100000, '\\') << 0 << QStringLiteral("not terminated");
    QTest::addRow("100k links") << QByteArray("</a>; rel=x,").repeated(100000) << 100000
                                << QString();
    QTest::addRow("100k parameters")
        << "</a>" + QByteArray("; p=v").repeated(100000) << 1 << QString();
    QTest::addRow("NUL bytes") << QByteArray(1000, '\0') << 0
                               << QStringLiteral("byte 0x00 at column 1");
    QTest::addRow("bytes 0x80 to 0xFF") << [] {
        QByteArray value;
        for (int byte = 0x80; byte <= 0xff; ++byte)
            value.append(char(byte));
        return value;
    }() << 0 << QStringLiteral("byte 0x80 at column 1");
}

void TestLinkHeader::hostileInput()
{
    QFETCH(QByteArray, value);
    QFETCH(int, links);
    QFETCH(QString, errorFragment);

    // Megabyte inputs: a parser that is not linear shows up as this test taking minutes (and
    // hitting ctest's timeout); durations are not asserted on a shared machine.
    const Result<LinkHeader> header = LinkHeader::parse(value);
    QCOMPARE(header.ok(), errorFragment.isEmpty());
    if (header.ok()) {
        QCOMPARE(header->links().size(), links);
    } else {
        QCOMPARE(header.error().code(), Code::HeaderSyntax);
        QVERIFY2(header.error().message().contains(errorFragment),
                 qPrintable(header.error().message()));
        QVERIFY2(header.error().message().size() < 300,
                 qPrintable(header.error().message().left(400)));
    }
}

void TestLinkHeader::randomBytes()
{
    // Short strings over an alphabet heavy in the characters the grammar cares about; the
    // seed keeps failures reproducible.
    static const char characters[] = "<>;,=\" \t\\\0\x01\xc3\xff/?%2Frelnxt";
    const QByteArray alphabet(characters, sizeof(characters) - 1);
    const QUrl request(QStringLiteral("https://registry.example/v2/_catalog"));
    QRandomGenerator random(20240611);
    for (int round = 0; round < 20000; ++round) {
        QByteArray value;
        const int length = random.bounded(40);
        for (int i = 0; i < length; ++i)
            value.append(alphabet.at(random.bounded(int(alphabet.size()))));
        const Result<std::optional<QUrl>> next = LinkHeader::nextLink({value}, request);
        if (!next.ok()) {
            QCOMPARE(next.error().code(), Code::HeaderSyntax);
            QVERIFY2(next.error().message().contains(u"column"), value.toHex().constData());
        } else if (next->has_value()) {
            QVERIFY2((*next)->isValid(), value.toHex().constData());
        }
    }
}

void TestLinkHeader::isSameOrigin_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QUrl>("request");
    QTest::addColumn<bool>("same");

    const auto row = [](const char *name, const char *url, const char *request, bool same) {
        QTest::addRow("%s", name) << QUrl(QString::fromUtf8(url))
                                  << QUrl(QString::fromUtf8(request)) << same;
    };
    row("same", "https://r.example/v2/b", "https://r.example/v2/a", true);
    row("explicit https default port", "https://r.example:443/v2/b", "https://r.example/v2/a",
        true);
    row("explicit http default port", "http://127.0.0.1/v2/b", "http://127.0.0.1:80/v2/a", true);
    row("host case", "https://R.Example/v2/b", "https://r.example/v2/a", true);
    row("user info is not part of the origin", "https://u@r.example/v2/b", "https://r.example/v2/a",
        true);
    row("other host", "https://s.example/v2/b", "https://r.example/v2/a", false);
    row("sub-domain", "https://a.r.example/v2/b", "https://r.example/v2/a", false);
    row("other port", "https://r.example:8443/v2/b", "https://r.example/v2/a", false);
    row("non-default port", "http://127.0.0.1:5001/", "http://127.0.0.1:5000/", false);
    row("https to http", "http://r.example/v2/b", "https://r.example/v2/a", false);
    row("http to https on the same port", "https://r.example:80/v2/b", "http://r.example/v2/a",
        false);
    row("relative url", "/v2/b", "https://r.example/v2/a", false);
    row("empty url", "", "https://r.example/v2/a", false);
    row("empty request", "https://r.example/v2/b", "", false);
}

void TestLinkHeader::isSameOrigin()
{
    QFETCH(QUrl, url);
    QFETCH(QUrl, request);
    QFETCH(bool, same);
    QCOMPARE(LinkHeader::isSameOrigin(url, request), same);
}

QTEST_GUILESS_MAIN(TestLinkHeader)
#include "tst_linkheader.moc"
