#include "values/headerlexer_p.h"

#include <algorithm>

namespace Layerscope {

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

QString shown(QByteArrayView text, qsizetype limit)
{
    QString result = u'\'' + QString::fromLatin1(text.first(std::min(text.size(), limit)));
    if (text.size() > limit)
        result += QStringLiteral("…");
    return result + u'\'';
}

void HeaderLexer::skipWhitespace()
{
    while (!atEnd() && isWhitespace(peek()))
        ++m_pos;
}

void HeaderLexer::skipListSeparators()
{
    while (!atEnd() && (isWhitespace(peek()) || peek() == ','))
        ++m_pos;
}

QByteArrayView HeaderLexer::readWhile(bool (*accepts)(char))
{
    const qsizetype start = m_pos;
    while (!atEnd() && accepts(peek()))
        ++m_pos;
    return m_text.sliced(start, m_pos - start);
}

std::optional<ParseError> HeaderLexer::readQuotedString(QByteArrayView name, QByteArray &value)
{
    const qsizetype open = m_pos;
    ++m_pos;
    for (;;) {
        if (atEnd()) {
            return fail(QStringLiteral("the quoted value of parameter %1 opened at column %2 "
                                       "is not terminated")
                            .arg(shown(name), column(open)));
        }
        char c = peek();
        if (c == '"') {
            ++m_pos;
            return std::nullopt;
        }
        if (c == '\\') {
            if (m_pos + 1 >= m_text.size()) {
                return fail(QStringLiteral("the quoted value of parameter %1 ends with an "
                                           "escaping backslash at column %2, with nothing "
                                           "to escape and no closing quote")
                                .arg(shown(name), column(m_pos)));
            }
            ++m_pos;
            c = peek();
        }
        if (isControl(c)) {
            return fail(QStringLiteral("control character in the value of parameter %1: %2")
                            .arg(shown(name), describe(m_pos)));
        }
        value.append(c);
        ++m_pos;
    }
}

QString HeaderLexer::describe(qsizetype pos) const
{
    if (pos >= m_text.size())
        return QStringLiteral("the end of the value at column %1").arg(column(pos));
    const char c = m_text.at(pos);
    if (c == ' ')
        return QStringLiteral("a space at column %1").arg(column(pos));
    if (c == '\t')
        return QStringLiteral("a tab at column %1").arg(column(pos));
    if (isVisibleAscii(c))
        return QStringLiteral("'%1' at column %2").arg(QChar::fromLatin1(c), column(pos));
    return QStringLiteral("byte 0x%1 at column %2")
        .arg(QString::number(static_cast<unsigned char>(c), 16).rightJustified(2, u'0').toUpper(),
             column(pos));
}

ParseError HeaderLexer::fail(const QString &message)
{
    return ParseError(ParseError::Code::HeaderSyntax, message);
}

} // namespace Layerscope
