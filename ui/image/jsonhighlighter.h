#pragma once

#include <QColor>
#include <QList>
#include <QPalette>
#include <QStringView>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace Layerscope {

/**
 * Colours JSON text: object keys, string values, numbers and the literals true, false and null
 * each in their own colour, chosen for the palette's lightness so that they stay readable on
 * light and dark backgrounds alike. Works line by line: the pretty-printed JSON it is meant
 * for never continues a token over a line break.
 */
class JsonHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    /// What a piece of a JSON line is.
    enum class TokenKind { Key, String, Number, Literal, Punctuation };

    /// One token of a line: where it starts, how long it is and what it is.
    struct Token
    {
        qsizetype start = 0;
        qsizetype length = 0;
        TokenKind kind = TokenKind::Punctuation;
    };

    /// Highlights \a document with colours for \a palette.
    explicit JsonHighlighter(QTextDocument *document, const QPalette &palette = QPalette());

    /// Picks the colours again for \a palette (after the application's palette changed).
    void setPalette(const QPalette &palette);

    /// The format used for tokens of \a kind.
    QTextCharFormat format(TokenKind kind) const;

    /// Splits one line of JSON into tokens (white space is left out). Unterminated strings
    /// run to the end of the line.
    static QList<Token> tokenize(QStringView line);

    /// The colour for tokens of \a kind on a background as light or dark as \a palette's base.
    static QColor color(TokenKind kind, const QPalette &palette);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_formats[5];
};

} // namespace Layerscope
