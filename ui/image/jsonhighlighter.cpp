#include "jsonhighlighter.h"

namespace Layerscope {

namespace {

bool isNumberChar(QChar c)
{
    return c.isDigit() || c == u'-' || c == u'+' || c == u'.' || c == u'e' || c == u'E';
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

} // namespace

JsonHighlighter::JsonHighlighter(QTextDocument *document, const QPalette &palette)
    : QSyntaxHighlighter(document)
{
    setPalette(palette);
}

void JsonHighlighter::setPalette(const QPalette &palette)
{
    for (TokenKind kind : {TokenKind::Key, TokenKind::String, TokenKind::Number, TokenKind::Literal,
                           TokenKind::Punctuation}) {
        QTextCharFormat format;
        format.setForeground(color(kind, palette));
        if (kind == TokenKind::Key)
            format.setFontWeight(QFont::DemiBold);
        m_formats[int(kind)] = format;
    }
    rehighlight();
}

QTextCharFormat JsonHighlighter::format(TokenKind kind) const
{
    return m_formats[int(kind)];
}

QColor JsonHighlighter::color(TokenKind kind, const QPalette &palette)
{
    // Saturated darks on light backgrounds, pastels on dark ones: both keep a contrast ratio
    // above 4.5:1 against the usual base colours.
    const bool dark = palette.color(QPalette::Base).lightnessF() < 0.5;
    switch (kind) {
    case TokenKind::Key:
        return dark ? QColor(0x9c, 0xdc, 0xfe) : QColor(0x00, 0x45, 0x9e);
    case TokenKind::String:
        return dark ? QColor(0xce, 0x91, 0x78) : QColor(0xa3, 0x15, 0x15);
    case TokenKind::Number:
        return dark ? QColor(0xb5, 0xce, 0xa8) : QColor(0x09, 0x75, 0x3a);
    case TokenKind::Literal:
        return dark ? QColor(0xd1, 0x9a, 0xf0) : QColor(0x7a, 0x1f, 0xa2);
    case TokenKind::Punctuation:
        break;
    }
    return palette.color(QPalette::Text);
}

QList<JsonHighlighter::Token> JsonHighlighter::tokenize(QStringView line)
{
    QList<Token> tokens;
    const qsizetype size = line.size();
    qsizetype i = 0;
    while (i < size) {
        const QChar c = line.at(i);
        if (c.isSpace()) {
            ++i;
            continue;
        }
        if (c == u'"') {
            qsizetype end = i + 1;
            while (end < size && line.at(end) != u'"')
                end += line.at(end) == u'\\' ? 2 : 1;
            end = qMin(end + 1, size);
            // A string followed by a colon is a key.
            qsizetype next = end;
            while (next < size && line.at(next).isSpace())
                ++next;
            const bool key = next < size && line.at(next) == u':';
            tokens.append({i, end - i, key ? TokenKind::Key : TokenKind::String});
            i = end;
            continue;
        }
        if (c.isDigit() || c == u'-') {
            qsizetype end = i + 1;
            while (end < size && isNumberChar(line.at(end)))
                ++end;
            tokens.append({i, end - i, TokenKind::Number});
            i = end;
            continue;
        }
        if (c.isLetter()) {
            qsizetype end = i + 1;
            while (end < size && isWordChar(line.at(end)))
                ++end;
            const QStringView word = line.sliced(i, end - i);
            const bool literal = word == u"true" || word == u"false" || word == u"null";
            tokens.append({i, end - i, literal ? TokenKind::Literal : TokenKind::Punctuation});
            i = end;
            continue;
        }
        tokens.append({i, 1, TokenKind::Punctuation});
        ++i;
    }
    return tokens;
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    for (const Token &token : tokenize(text)) {
        if (token.kind != TokenKind::Punctuation)
            setFormat(int(token.start), int(token.length), m_formats[int(token.kind)]);
    }
}

} // namespace Layerscope
