#include "values/messagetext_p.h"

namespace Layerscope::MessageText {

QString quoted(QStringView text, qsizetype limit)
{
    const QStringView head = text.left(limit);
    QString result;
    result.reserve(head.size() + 3);
    result += u'"';
    for (qsizetype i = 0; i < head.size(); ++i) {
        const QChar c = head[i];
        if (c.isHighSurrogate() && i + 1 < head.size() && head[i + 1].isLowSurrogate()) {
            result += c;
            result += head[++i];
        } else if (c.isSurrogate()) {
            result += QChar(QChar::ReplacementCharacter);
        } else if (c.unicode() < 0x20 || c.unicode() == 0x7f) {
            result
                += QStringLiteral("\\x%1").arg(static_cast<uint>(c.unicode()), 2, 16, QChar(u'0'));
        } else {
            result += c;
        }
    }
    if (text.size() > limit)
        result += QStringLiteral("…");
    return result + u'"';
}

QString quoted(QByteArrayView bytes, qsizetype limit)
{
    // Decode a little more than the limit so a multi-byte character at the cut stays whole.
    const QString text = QString::fromUtf8(bytes.first(std::min(bytes.size(), limit * 4)));
    return quoted(text, limit);
}

bool looksLikeText(QByteArrayView bytes, qsizetype window)
{
    for (const char c : bytes.first(std::min(bytes.size(), window))) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\t' && c != '\r' && c != '\n') || byte == 0x7f)
            return false;
    }
    return true;
}

} // namespace Layerscope::MessageText
