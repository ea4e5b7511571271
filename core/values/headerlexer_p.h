#pragma once

// Internal to core: the lexing that the HTTP header parsers (WWW-Authenticate, Link) share.

#include "values/parseerror.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace Layerscope {

/// RFC 9110 §5.6.2: tchar, the characters of a token.
bool isTokenChar(char c);

/// RFC 9110 §5.6.3: the whitespace of OWS.
inline bool isWhitespace(char c)
{
    return c == ' ' || c == '\t';
}

/// Printable ASCII other than space.
inline bool isVisibleAscii(char c)
{
    const auto byte = static_cast<unsigned char>(c);
    return byte > 0x20 && byte < 0x7f;
}

/// Control characters are not allowed anywhere in a field value, except horizontal tab.
inline bool isControl(char c)
{
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\t') || byte == 0x7f;
}

/// \a text quoted for a message, cut after \a limit bytes: header text is ASCII where it is
/// named in messages, but may be absurdly long.
QString shown(QByteArrayView text, qsizetype limit = 40);

/**
 * A cursor over one header value, with the pieces of RFC 9110's field grammar that every
 * header parser needs. Parsers add their own grammar on top and build their messages with
 * describe() and column(), so all header errors say where they are in the same words.
 */
class HeaderLexer
{
public:
    explicit HeaderLexer(QByteArrayView text)
        : m_text(text)
    { }

    QByteArrayView text() const { return m_text; }
    qsizetype position() const { return m_pos; }
    /// Moves back to \a position, for a parser that looked ahead and took another branch.
    void setPosition(qsizetype position) { m_pos = position; }
    void advance() { ++m_pos; }

    bool atEnd() const { return m_pos >= m_text.size(); }
    /// The current byte, or '\0' at the end (callers still check atEnd() where NUL matters).
    char peek() const { return atEnd() ? '\0' : m_text.at(m_pos); }

    void skipWhitespace();
    /// Skips whitespace and commas: RFC 9110 §5.6.1 lets a list hold empty elements.
    void skipListSeparators();
    /// Reads the longest run (possibly empty) of characters that satisfy \a accepts.
    QByteArrayView readWhile(bool (*accepts)(char));
    /// Reads a token (possibly empty) and returns it.
    QByteArrayView readToken() { return readWhile(isTokenChar); }

    /**
     * At an opening '"': reads an RFC 9110 §5.6.4 quoted-string into \a value, unescaping
     * backslash pairs. Control characters, a missing closing quote and a final lone backslash
     * are errors naming parameter \a name.
     */
    std::optional<ParseError> readQuotedString(QByteArrayView name, QByteArray &value);

    /// The 1-based column of \a pos, as messages give it.
    static QString column(qsizetype pos) { return QString::number(pos + 1); }
    /// What is at \a pos, for "found …" in messages.
    QString describe(qsizetype pos) const;
    /// A HeaderSyntax error with \a message.
    static ParseError fail(const QString &message);

private:
    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

} // namespace Layerscope
