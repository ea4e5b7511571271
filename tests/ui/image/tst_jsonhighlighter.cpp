// JsonHighlighter: how lines split into tokens, which formats land on a document, and colours
// that stay readable on light and dark palettes.

#include "image/jsonhighlighter.h"

#include <QPlainTextDocumentLayout>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

using namespace Layerscope;
using Kind = JsonHighlighter::TokenKind;

namespace {

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::Key:
        return QStringLiteral("key");
    case Kind::String:
        return QStringLiteral("string");
    case Kind::Number:
        return QStringLiteral("number");
    case Kind::Literal:
        return QStringLiteral("literal");
    case Kind::Punctuation:
        return QStringLiteral("punct");
    }
    return {};
}

/// "key:2:8 punct:10:1 …": every token as kind:start:length.
QString describe(const QList<JsonHighlighter::Token> &tokens)
{
    QStringList parts;
    for (const JsonHighlighter::Token &token : tokens)
        parts.append(QStringLiteral("%1:%2:%3")
                         .arg(kindName(token.kind))
                         .arg(token.start)
                         .arg(token.length));
    return parts.join(u' ');
}

QPalette palette(const QColor &base, const QColor &text)
{
    QPalette result;
    result.setColor(QPalette::Base, base);
    result.setColor(QPalette::Window, base);
    result.setColor(QPalette::Text, text);
    result.setColor(QPalette::WindowText, text);
    return result;
}

double luminance(const QColor &color)
{
    const auto channel = [](double c) {
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

} // namespace

class TestJsonHighlighter : public QObject
{
    Q_OBJECT

private slots:
    void tokenize_data();
    void tokenize();
    void formatsLandOnTheDocument();
    void colours_data();
    void colours();
};

void TestJsonHighlighter::tokenize_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("tokens");

    QTest::addRow("key and string") << QStringLiteral(R"(  "os": "linux",)")
                                    << QStringLiteral("key:2:4 punct:6:1 string:8:7 punct:15:1");
    QTest::addRow("key and number") << QStringLiteral(R"("size": 7143,)")
                                    << QStringLiteral("key:0:6 punct:6:1 number:8:4 punct:12:1");
    QTest::addRow("negative and exponent") << QStringLiteral("[-1.5e+3, 0]")
                                           << QStringLiteral("punct:0:1 number:1:7 punct:8:1 "
                                                             "number:10:1 punct:11:1");
    QTest::addRow("literals") << QStringLiteral("[true, false, null]")
                              << QStringLiteral("punct:0:1 literal:1:4 punct:5:1 literal:7:5 "
                                                "punct:12:1 literal:14:4 punct:18:1");
    QTest::addRow("escaped quote stays in the string")
        << QStringLiteral(R"("cmd": "echo \"hi\"")")
        << QStringLiteral("key:0:5 punct:5:1 string:7:13");
    QTest::addRow("escaped backslash ends the string")
        << QStringLiteral(R"("a\\": 1)") << QStringLiteral("key:0:5 punct:5:1 number:7:1");
    QTest::addRow("colon inside a string is not a key")
        << QStringLiteral(R"("http://x", 2)")
        << QStringLiteral("string:0:10 punct:10:1 number:12:1");
    QTest::addRow("space before the colon")
        << QStringLiteral(R"("key" : null)") << QStringLiteral("key:0:5 punct:6:1 literal:8:4");
    QTest::addRow("unterminated string runs to the end")
        << QStringLiteral(R"("abc)") << QStringLiteral("string:0:4");
    QTest::addRow("unknown word is not a literal")
        << QStringLiteral("nullable") << QStringLiteral("punct:0:8");
    QTest::addRow("empty line") << QString() << QString();
    QTest::addRow("braces only") << QStringLiteral("  },") << QStringLiteral("punct:2:1 punct:3:1");
}

void TestJsonHighlighter::tokenize()
{
    QFETCH(QString, line);
    QFETCH(QString, tokens);
    QCOMPARE(describe(JsonHighlighter::tokenize(line)), tokens);
}

void TestJsonHighlighter::formatsLandOnTheDocument()
{
    // As in a QPlainTextEdit: the layout exists before any text (a layout set later would
    // discard the formats of every block).
    QTextDocument document;
    document.setDocumentLayout(new QPlainTextDocumentLayout(&document));
    const QPalette light = palette(Qt::white, Qt::black);
    JsonHighlighter highlighter(&document, light);
    document.setPlainText(
        QStringLiteral("{\n  \"size\": 12,\n  \"os\": \"linux\",\n  \"x\": null\n}"));

    struct Expected
    {
        int block;
        int start;
        Kind kind;
    };
    const QList<Expected> expected{{1, 2, Kind::Key},
                                   {1, 10, Kind::Number},
                                   {2, 2, Kind::Key},
                                   {2, 8, Kind::String},
                                   {3, 7, Kind::Literal}};
    for (const Expected &want : expected) {
        const QTextBlock block = document.findBlockByNumber(want.block);
        bool found = false;
        for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
            if (range.start == want.start) {
                QCOMPARE(range.format.foreground().color(),
                         JsonHighlighter::color(want.kind, light));
                found = true;
            }
        }
        QVERIFY2(found,
                 qPrintable(QStringLiteral("block %1 at %2").arg(want.block).arg(want.start)));
    }
    // Punctuation keeps the text colour: no format at all.
    QVERIFY(document.findBlockByNumber(0).layout()->formats().isEmpty());

    // A new palette recolours what is there.
    const QPalette dark = palette(QColor(0x1e, 0x1e, 0x1e), QColor(0xdd, 0xdd, 0xdd));
    highlighter.setPalette(dark);
    const QList<QTextLayout::FormatRange> ranges
        = document.findBlockByNumber(1).layout()->formats();
    QVERIFY(!ranges.isEmpty());
    QCOMPARE(ranges.constFirst().format.foreground().color(),
             JsonHighlighter::color(Kind::Key, dark));
}

void TestJsonHighlighter::colours_data()
{
    QTest::addColumn<QColor>("base");
    QTest::addColumn<QColor>("text");
    QTest::addRow("white") << QColor(Qt::white) << QColor(Qt::black);
    QTest::addRow("fusion light") << QColor(0xff, 0xff, 0xff) << QColor(0x00, 0x00, 0x00);
    QTest::addRow("light grey") << QColor(0xef, 0xef, 0xef) << QColor(0x20, 0x20, 0x20);
    QTest::addRow("breeze dark") << QColor(0x1b, 0x1e, 0x20) << QColor(0xfc, 0xfc, 0xfc);
    QTest::addRow("black") << QColor(Qt::black) << QColor(Qt::white);
    QTest::addRow("dark grey") << QColor(0x35, 0x35, 0x35) << QColor(0xe0, 0xe0, 0xe0);
}

void TestJsonHighlighter::colours()
{
    QFETCH(QColor, base);
    QFETCH(QColor, text);
    const QPalette colours = palette(base, text);
    QList<QColor> seen;
    for (Kind kind : {Kind::Key, Kind::String, Kind::Number, Kind::Literal}) {
        const QColor colour = JsonHighlighter::color(kind, colours);
        // WCAG AA for normal text.
        QVERIFY2(contrast(colour, base) >= 4.5,
                 qPrintable(QStringLiteral("%1 on %2: %3")
                                .arg(colour.name(), base.name())
                                .arg(contrast(colour, base))));
        QVERIFY2(!seen.contains(colour), qPrintable(kindName(kind)));
        seen.append(colour);
    }
    QCOMPARE(JsonHighlighter::color(Kind::Punctuation, colours), text);
}

QTEST_MAIN(TestJsonHighlighter)
#include "tst_jsonhighlighter.moc"
