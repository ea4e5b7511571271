#include "naturalsort.h"

#include <QChar>

namespace Layerscope {

namespace {

bool isAsciiDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}

int sign(int value)
{
    return (value > 0) - (value < 0);
}

} // namespace

int naturalCompare(QStringView a, QStringView b)
{
    // The text is read as a sequence of tokens: a run of digits, or one other character. The
    // first token that differs decides; a digit run sorts where its first digit would among
    // single characters, so the order stays transitive. Differences that only tie-breaks see
    // (leading zeros, letter case) are remembered on the way and used when nothing else differs.
    int zerosTieBreak = 0;
    int caseTieBreak = 0;
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        const QChar ca = a.at(i);
        const QChar cb = b.at(j);
        if (isAsciiDigit(ca) && isAsciiDigit(cb)) {
            qsizetype endA = i;
            while (endA < a.size() && isAsciiDigit(a.at(endA)))
                ++endA;
            qsizetype endB = j;
            while (endB < b.size() && isAsciiDigit(b.at(endB)))
                ++endB;
            qsizetype startA = i;
            while (startA < endA - 1 && a.at(startA) == u'0')
                ++startA;
            qsizetype startB = j;
            while (startB < endB - 1 && b.at(startB) == u'0')
                ++startB;
            const qsizetype lengthA = endA - startA;
            const qsizetype lengthB = endB - startB;
            if (lengthA != lengthB)
                return lengthA < lengthB ? -1 : 1;
            for (qsizetype k = 0; k < lengthA; ++k) {
                const char16_t da = a.at(startA + k).unicode();
                const char16_t db = b.at(startB + k).unicode();
                if (da != db)
                    return da < db ? -1 : 1;
            }
            if (zerosTieBreak == 0 && endA - i != endB - j)
                zerosTieBreak = endA - i < endB - j ? -1 : 1;
            i = endA;
            j = endB;
            continue;
        }
        if (ca != cb) {
            const char16_t fa = ca.toCaseFolded().unicode();
            const char16_t fb = cb.toCaseFolded().unicode();
            if (fa != fb)
                return fa < fb ? -1 : 1;
            if (caseTieBreak == 0)
                caseTieBreak = ca.unicode() < cb.unicode() ? -1 : 1;
        }
        ++i;
        ++j;
    }
    if (i < a.size())
        return 1;
    if (j < b.size())
        return -1;
    if (zerosTieBreak != 0)
        return zerosTieBreak;
    return sign(caseTieBreak);
}

} // namespace Layerscope
