#include "tags/naturalsort.h"

#include <QStringList>
#include <QTest>

#include <algorithm>

using namespace Layerscope;

namespace {

int sign(int value)
{
    return (value > 0) - (value < 0);
}

/// Names of every shape the comparison must order consistently with each other.
QStringList sampleNames()
{
    return {QString(),
            QStringLiteral("0"),
            QStringLiteral("00"),
            QStringLiteral("1"),
            QStringLiteral("01"),
            QStringLiteral("1.0"),
            QStringLiteral("1.0.1"),
            QStringLiteral("1.9"),
            QStringLiteral("1.10"),
            QStringLiteral("1.010"),
            QStringLiteral("1.0-rc1"),
            QStringLiteral("1.0-RC1"),
            QStringLiteral("1.0-rc10"),
            QStringLiteral("1a"),
            QStringLiteral("1A"),
            QStringLiteral("2"),
            QStringLiteral("10"),
            QStringLiteral("a"),
            QStringLiteral("A"),
            QStringLiteral("a1"),
            QStringLiteral("a.1"),
            QStringLiteral("a-1"),
            QStringLiteral("a_1"),
            QStringLiteral("ab"),
            QStringLiteral("aB"),
            QStringLiteral("latest"),
            QStringLiteral("Latest"),
            QStringLiteral("LATEST"),
            QStringLiteral("v2"),
            QStringLiteral("v10"),
            QStringLiteral("V2"),
            QStringLiteral("v02"),
            QStringLiteral("-"),
            QStringLiteral("."),
            QStringLiteral("~"),
            QStringLiteral("é"),
            QStringLiteral("É"),
            QStringLiteral("99999999999999999999"),
            QStringLiteral("100000000000000000000"),
            QStringLiteral("2024-01-05"),
            QStringLiteral("2024-1-5")};
}

} // namespace

class TestNaturalSort : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void compare_data();
    void compare();
    void sortsVersionTags_data();
    void sortsVersionTags();
    void strictTotalOrder();
};

void TestNaturalSort::compare_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<int>("expected");

    const auto row = [](const char *name, const char *a, const char *b, int expected) {
        QTest::addRow("%s", name) << QString::fromUtf8(a) << QString::fromUtf8(b) << expected;
    };
    row("empty strings", "", "", 0);
    row("empty first", "", "a", -1);
    row("empty last", "a", "", 1);
    row("identical", "latest", "latest", 0);
    row("identical numbers", "1.2.3", "1.2.3", 0);
    row("minor 9 before 10", "1.9", "1.10", -1);
    row("minor 10 after 9", "1.10", "1.9", 1);
    row("v2 before v10", "v2", "v10", -1);
    row("v10 after v2", "v10", "v2", 1);
    row("10 after 9", "10", "9", 1);
    row("3.19 after 3.9", "3.19", "3.9", 1);
    row("patch 3 before 10", "v1.2.3", "v1.2.10", -1);
    row("img2 before img12", "img2", "img12", -1);
    row("rc2 before rc10", "1.0-rc2", "1.0-rc10", -1);
    row("rc10 after rc9", "1.0-rc10", "1.0-rc9", 1);
    row("build 99 before 100", "build-99", "build-100", -1);
    row("alpine suffix", "1.10-alpine", "1.9-alpine", 1);
    row("prefix first", "1.0", "1.0.1", -1);
    row("longer last", "1.0.1", "1.0", 1);
    row("digit run then letter", "1", "1a", -1);
    row("letter after digits", "1a", "1", 1);
    row("digits before letters", "1", "x", -1);
    row("letters after digits", "x", "1", 1);
    row("dot before digit", "a.1", "a1", -1);
    row("digit after dot", "a1", "a.1", 1);
    row("dash before underscore", "a-1", "a_1", -1);
    row("numbers beyond 64 bits", "99999999999999999999", "100000000000000000000", -1);
    row("equal huge numbers", "123456789012345678901234567890", "123456789012345678901234567890",
        0);
    row("leading zero tie-break", "1", "01", -1);
    row("leading zero tie-break reversed", "01", "1", 1);
    row("more zeros last", "001", "01", 1);
    row("zero before double zero", "0", "00", -1);
    row("value before zeros", "01", "2", -1);
    row("zeros inside", "a1b", "a01b", -1);
    row("text beats zeros", "a01b", "a1c", -1);
    row("first zero difference decides", "2024-01-05", "2024-1-5", 1);
    row("case-insensitive first", "alpha", "Beta", -1);
    row("case-insensitive reversed", "Beta", "alpha", 1);
    row("upper before lower on a tie", "Latest", "latest", -1);
    row("lower after upper on a tie", "latest", "LATEST", 1);
    row("letters beat case", "ALPHA", "alphb", -1);
    row("capital Alpha first", "Alpha", "alpha", -1);
    row("zeros beat case", "A01", "a1", 1);
    row("accented case tie", "É", "é", -1);
    row("sha256 tags", "sha256-abc", "sha256-abd", -1);
    row("v02 after v2", "v02", "v2", 1);
}

void TestNaturalSort::compare()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(int, expected);
    QCOMPARE(sign(naturalCompare(a, b)), expected);
    QCOMPARE(sign(naturalCompare(b, a)), -expected);
}

void TestNaturalSort::sortsVersionTags_data()
{
    QTest::addColumn<QStringList>("input");
    QTest::addColumn<QStringList>("expected");

    const QStringList versions{
        QStringLiteral("0.9"),        QStringLiteral("1"),       QStringLiteral("1.0"),
        QStringLiteral("1.0-rc1"),    QStringLiteral("1.0-rc2"), QStringLiteral("1.0-rc10"),
        QStringLiteral("1.0.1"),      QStringLiteral("1.2"),     QStringLiteral("1.9"),
        QStringLiteral("1.10"),       QStringLiteral("1.10.1"),  QStringLiteral("2"),
        QStringLiteral("10"),         QStringLiteral("alpine"),  QStringLiteral("alpine3.9"),
        QStringLiteral("alpine3.19"), QStringLiteral("latest"),  QStringLiteral("v2"),
        QStringLiteral("v10")};
    QStringList reversed = versions;
    std::reverse(reversed.begin(), reversed.end());
    QTest::addRow("reversed versions") << reversed << versions;
    QStringList shuffled = versions;
    std::rotate(shuffled.begin(), shuffled.begin() + 7, shuffled.end());
    std::swap(shuffled[0], shuffled[11]);
    std::swap(shuffled[3], shuffled[17]);
    QTest::addRow("shuffled versions") << shuffled << versions;
    QTest::addRow("dates") << QStringList{QStringLiteral("2024-10-01"), QStringLiteral("2024-9-30"),
                                          QStringLiteral("2023-12-31")}
                           << QStringList{QStringLiteral("2023-12-31"), QStringLiteral("2024-9-30"),
                                          QStringLiteral("2024-10-01")};
    QTest::addRow("case variants")
        << QStringList{QStringLiteral("latest"), QStringLiteral("LATEST"), QStringLiteral("Latest"),
                       QStringLiteral("b")}
        << QStringList{QStringLiteral("b"), QStringLiteral("LATEST"), QStringLiteral("Latest"),
                       QStringLiteral("latest")};
    QTest::addRow("zero padding") << QStringList{QStringLiteral("build-010"),
                                                 QStringLiteral("build-9"),
                                                 QStringLiteral("build-10")}
                                  << QStringList{QStringLiteral("build-9"),
                                                 QStringLiteral("build-10"),
                                                 QStringLiteral("build-010")};
}

void TestNaturalSort::sortsVersionTags()
{
    QFETCH(QStringList, input);
    QFETCH(QStringList, expected);
    std::sort(input.begin(), input.end(),
              [](const QString &a, const QString &b) { return naturalCompare(a, b) < 0; });
    QCOMPARE(input, expected);
}

void TestNaturalSort::strictTotalOrder()
{
    // A sort relies on these: only identical strings are equal, swapping the arguments swaps
    // the answer, and the order is transitive.
    const QStringList names = sampleNames();
    for (const QString &a : names) {
        for (const QString &b : names) {
            const int ab = sign(naturalCompare(a, b));
            QVERIFY2((ab == 0) == (a == b), qPrintable(a + QStringLiteral(" vs ") + b));
            QCOMPARE(sign(naturalCompare(b, a)), -ab);
            for (const QString &c : names) {
                if (ab < 0 && naturalCompare(b, c) < 0)
                    QVERIFY2(naturalCompare(a, c) < 0,
                             qPrintable(a + QStringLiteral(" < ") + b + QStringLiteral(" < ") + c));
            }
        }
    }
}

QTEST_APPLESS_MAIN(TestNaturalSort)
#include "tst_naturalsort.moc"
