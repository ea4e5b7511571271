#include "values/digest.h"

#include "values/messagetext_p.h"

namespace Layerscope {

namespace {

bool isLowerAlnum(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
}

// The OCI image spec's digest grammar (descriptor.md, "Digests"):
//   algorithm-component ::= [a-z0-9]+, algorithm-separator ::= [+._-],
//   encoded ::= [a-zA-Z0-9=_-]+
bool matchesDigestGrammar(QStringView algorithm, QStringView encoded)
{
    if (algorithm.isEmpty() || encoded.isEmpty())
        return false;
    bool previousWasSeparator = true; // a component must come first
    for (const QChar c : algorithm) {
        if (isLowerAlnum(c)) {
            previousWasSeparator = false;
        } else if (c == u'+' || c == u'.' || c == u'_' || c == u'-') {
            if (previousWasSeparator)
                return false;
            previousWasSeparator = true;
        } else {
            return false;
        }
    }
    if (previousWasSeparator)
        return false;
    for (const QChar c : encoded) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'=' && c != u'_' && c != u'-')
            return false;
    }
    return true;
}

bool isLowerHex(QStringView text)
{
    for (const QChar c : text) {
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    }
    return true;
}

} // namespace

Result<Digest> Digest::parse(QStringView text)
{
    const qsizetype colon = text.indexOf(u':');
    if (colon <= 0 || colon + 1 == text.size()) {
        return ParseError(ParseError::Code::DigestInvalidFormat,
                          QStringLiteral("invalid digest %1: expected \"algorithm:hex\", "
                                         "for example \"sha256:\" followed by 64 hex digits")
                              .arg(MessageText::quoted(text)));
    }
    const QStringView algorithmText = text.left(colon);
    const QStringView encoded = text.mid(colon + 1);

    Algorithm algorithm;
    if (algorithmText == u"sha256") {
        algorithm = Algorithm::Sha256;
    } else if (algorithmText == u"sha512") {
        algorithm = Algorithm::Sha512;
    } else if (matchesDigestGrammar(algorithmText, encoded)) {
        return ParseError(ParseError::Code::DigestUnsupported,
                          QStringLiteral("unsupported digest algorithm \"%1\" in %2: only sha256 "
                                         "and sha512 can be verified")
                              .arg(algorithmText.left(40), MessageText::quoted(text)));
    } else {
        return ParseError(ParseError::Code::DigestInvalidFormat,
                          QStringLiteral("invalid digest %1: the algorithm must be lower-case "
                                         "letters and digits, such as \"sha256\"")
                              .arg(MessageText::quoted(text)));
    }

    const qsizetype expected = algorithm == Algorithm::Sha256 ? 64 : 128;
    if (encoded.size() != expected) {
        return ParseError(ParseError::Code::DigestInvalidLength,
                          QStringLiteral("invalid digest %1: %2 needs %3 hex digits, found %4")
                              .arg(MessageText::quoted(text), algorithmText.toString())
                              .arg(expected)
                              .arg(encoded.size()));
    }
    if (!isLowerHex(encoded)) {
        return ParseError(ParseError::Code::DigestInvalidFormat,
                          QStringLiteral("invalid digest %1: the hex part must be lower-case 0-9 "
                                         "and a-f")
                              .arg(MessageText::quoted(text)));
    }
    return Digest(algorithm, encoded.toString());
}

Digest Digest::compute(QByteArrayView bytes, Algorithm algorithm)
{
    return fromHashResult(algorithm, QCryptographicHash::hash(bytes, hashAlgorithm(algorithm)));
}

Digest Digest::fromHashResult(Algorithm algorithm, QByteArrayView rawHash)
{
    return Digest(algorithm, QString::fromLatin1(rawHash.toByteArray().toHex()));
}

QString Digest::algorithmName() const
{
    return algorithmName(m_algorithm);
}

QString Digest::toString() const
{
    if (isNull())
        return {};
    return algorithmName() + u':' + m_hex;
}

bool Digest::verify(QByteArrayView bytes) const
{
    return !isNull() && compute(bytes, m_algorithm) == *this;
}

QCryptographicHash::Algorithm Digest::hashAlgorithm(Algorithm algorithm)
{
    return algorithm == Algorithm::Sha512 ? QCryptographicHash::Sha512 : QCryptographicHash::Sha256;
}

QString Digest::algorithmName(Algorithm algorithm)
{
    return algorithm == Algorithm::Sha512 ? QStringLiteral("sha512") : QStringLiteral("sha256");
}

} // namespace Layerscope
