#include "values/imagereference.h"

#include "values/messagetext_p.h"

#include <QStringTokenizer>

#include <optional>
#include <utility>

namespace Layerscope {

namespace {

using Code = ParseError::Code;

constexpr QStringView DockerHubDomain = u"docker.io";
// What Docker Hub was called when it was "the Docker Index"; still written in old configs.
constexpr QStringView LegacyDockerHubDomain = u"index.docker.io";
// docker.io is a name for people; the registry API itself is served from this host.
constexpr QStringView DockerHubApiHost = u"registry-1.docker.io";
constexpr QStringView OfficialImagesPrefix = u"library/";
constexpr QStringView Localhost = u"localhost";
constexpr QStringView DefaultTag = u"latest";

bool isDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

bool isLowerAlnum(QChar c)
{
    return (c >= u'a' && c <= u'z') || isDigit(c);
}

bool isAlnum(QChar c)
{
    return isLowerAlnum(c) || (c >= u'A' && c <= u'Z');
}

bool isHexDigit(QChar c)
{
    return isDigit(c) || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

bool isDigits(QStringView text)
{
    if (text.isEmpty())
        return false;
    for (const QChar c : text) {
        if (!isDigit(c))
            return false;
    }
    return true;
}

bool hasUpperCase(QStringView text)
{
    // Unicode-aware on purpose: the decision whether a first component is a domain must not
    // depend on whether its upper-case letters happen to be ASCII.
    return text.toString().toLower() != text;
}

// One '.', one or two '_', or any run of '-' may join the alphanumeric runs of a path component.
bool isPathSeparator(QStringView separator)
{
    if (separator == u"." || separator == u"_" || separator == u"__")
        return true;
    if (separator.isEmpty())
        return false;
    for (const QChar c : separator) {
        if (c != u'-')
            return false;
    }
    return true;
}

// Written as a scanner rather than a regular expression so that any input, however long, is
// checked in one linear pass.
bool isValidPathComponent(QStringView component)
{
    const qsizetype size = component.size();
    qsizetype i = 0;
    const auto skipAlnum = [&] {
        const qsizetype start = i;
        while (i < size && isLowerAlnum(component[i]))
            ++i;
        return i > start;
    };
    if (!skipAlnum())
        return false;
    while (i < size) {
        const qsizetype start = i;
        while (i < size && !isLowerAlnum(component[i]))
            ++i;
        if (!isPathSeparator(component.sliced(start, i - start)) || !skipAlnum())
            return false;
    }
    return true;
}

bool isValidDomainComponent(QStringView component)
{
    if (component.isEmpty() || component.front() == u'-' || component.back() == u'-')
        return false;
    for (const QChar c : component) {
        if (!isAlnum(c) && c != u'-')
            return false;
    }
    return true;
}

struct NameParts
{
    QStringView domain;
    QStringView path;
};

// A name is "[domain/]path". The first component is a domain only when it is a valid domain
// and the rest a valid path; otherwise the whole name must be a path.
std::optional<NameParts> splitName(QStringView name)
{
    const qsizetype slash = name.indexOf(u'/');
    if (slash > 0) {
        const QStringView domain = name.first(slash);
        const QStringView path = name.sliced(slash + 1);
        if (ImageReference::isValidDomain(domain) && ImageReference::isValidPath(path))
            return NameParts{domain, path};
    }
    if (ImageReference::isValidPath(name))
        return NameParts{{}, name};
    return std::nullopt;
}

struct ReferenceParts
{
    QStringView nameAndTag; ///< everything before '@'
    QStringView name;
    QStringView tag;
    QStringView digest;
    bool hasTag = false;
    bool hasDigest = false;
};

// Neither a tag nor a digest can contain '@', and a tag cannot contain ':' or '/'; a ':' in
// a name only ever comes before a '/' (the domain's port). So the split is unambiguous.
ReferenceParts splitReference(QStringView text)
{
    ReferenceParts parts;
    parts.nameAndTag = text;
    if (const qsizetype at = text.indexOf(u'@'); at >= 0) {
        parts.hasDigest = true;
        parts.digest = text.sliced(at + 1);
        parts.nameAndTag = text.first(at);
    }
    parts.name = parts.nameAndTag;
    const qsizetype colon = parts.nameAndTag.lastIndexOf(u':');
    if (colon >= 0 && colon > parts.nameAndTag.lastIndexOf(u'/')) {
        parts.hasTag = true;
        parts.tag = parts.nameAndTag.sliced(colon + 1);
        parts.name = parts.nameAndTag.first(colon);
    }
    return parts;
}

// The start of every message: what was being parsed, and the input itself.
struct Context
{
    QStringView kind; ///< "invalid reference", "invalid repository name"
    QStringView input;

    QString prefix() const { return kind.toString() + u' ' + MessageText::quoted(input); }
    ParseError error(Code code, const QString &what) const
    {
        return ParseError(code, prefix() + QStringLiteral(": ") + what);
    }
};

// When a name does not match the grammar: the most specific reason that can be given.
ParseError nameError(QStringView name, const Context &context)
{
    if (const qsizetype scheme = name.indexOf(u"://"); scheme > 0) {
        return context.error(Code::ReferenceInvalidFormat,
                             QStringLiteral("this is a URL, not an image reference; leave out %1")
                                 .arg(MessageText::quoted(name.first(scheme + 3))));
    }
    for (const QChar c : name) {
        if (c.unicode() <= 0x20 || c.unicode() == 0x7f || c.isSpace()) {
            return context.error(Code::ReferenceInvalidFormat,
                                 QStringLiteral("the name contains white space or control "
                                                "characters"));
        }
    }
    for (const QChar c : name) {
        if (c.unicode() > 0x7e) {
            return context.error(Code::ReferenceInvalidFormat,
                                 QStringLiteral("the name contains non-ASCII characters; an "
                                                "internationalised domain must be written in "
                                                "its \"xn--\" form"));
        }
    }
    if (splitName(name.toString().toLower()))
        return context.error(Code::NameContainsUppercase,
                             QStringLiteral("repository name must be lower-case"));
    if (name.startsWith(u'/') || name.endsWith(u'/') || name.contains(u"//")) {
        return context.error(Code::ReferenceInvalidFormat,
                             QStringLiteral("the name has an empty component (a leading, "
                                            "trailing or doubled '/')"));
    }

    QStringView path = name;
    if (const qsizetype slash = name.indexOf(u'/'); slash > 0) {
        const QStringView first = name.first(slash);
        if (ImageReference::isValidDomain(first)) {
            path = name.sliced(slash + 1);
        } else if (first.contains(u'.') || first.contains(u':') || first.startsWith(u'[')) {
            return context.error(
                Code::ReferenceInvalidFormat,
                QStringLiteral("registry host %1 is not valid: a host is letters, digits and "
                               "'-' joined by '.', or an IPv6 address in brackets, optionally "
                               "followed by ':' and a port number")
                    .arg(MessageText::quoted(first)));
        }
    }
    for (const QStringView component : QStringTokenizer(path, u'/')) {
        if (!isValidPathComponent(component)) {
            return context.error(
                Code::ReferenceInvalidFormat,
                QStringLiteral("path component %1 is not valid: use lower-case letters and "
                               "digits, joined by '.', '_', '__' or '-' (not at the start or "
                               "the end)")
                    .arg(MessageText::quoted(component)));
        }
    }
    return context.error(Code::ReferenceInvalidFormat,
                         QStringLiteral("not a valid repository name"));
}

// "[::1]:5000" or "localhost:5000" alone: a registry was named, but no repository in it.
std::optional<ParseError> hostWithoutPathError(QStringView nameAndTag, const Context &context)
{
    if (nameAndTag.contains(u'/') || !ImageReference::isValidDomain(nameAndTag)
        || ImageReference::isValidPath(nameAndTag)) {
        return std::nullopt;
    }
    return context.error(Code::ReferenceInvalidFormat,
                         QStringLiteral("%1 is a registry host without a repository; add the "
                                        "repository's path, as in \"%2/repository\"")
                             .arg(MessageText::quoted(nameAndTag), nameAndTag.left(80)));
}

ParseError tagError(QStringView tag, const Context &context)
{
    if (tag.isEmpty())
        return context.error(Code::ReferenceInvalidFormat,
                             QStringLiteral("the tag after ':' is empty"));
    if (tag.size() > ImageReference::MaxTagLength) {
        return context.error(Code::ReferenceInvalidFormat,
                             QStringLiteral("tag %1 is longer than %2 characters (it has %3)")
                                 .arg(MessageText::quoted(tag))
                                 .arg(ImageReference::MaxTagLength)
                                 .arg(tag.size()));
    }
    return context.error(Code::ReferenceInvalidFormat,
                         QStringLiteral("tag %1 is not valid: a tag is letters, digits, '_', '.' "
                                        "and '-', and does not start with '.' or '-'")
                             .arg(MessageText::quoted(tag)));
}

ParseError pathTooLongError(QStringView path, const Context &context)
{
    return context.error(Code::NameTooLong,
                         QStringLiteral("the repository path is %1 characters long; at most %2 "
                                        "are allowed")
                             .arg(path.size())
                             .arg(ImageReference::MaxPathLength));
}

QString withTagAndDigest(QString name, const QString &tag, const Digest &digest)
{
    if (!tag.isEmpty())
        name += u':' + tag;
    if (!digest.isNull())
        name += u'@' + digest.toString();
    return name;
}

} // namespace

ImageReference::ImageReference(QString domain, QString path, QString tag, Digest digest)
    : m_domain(std::move(domain))
    , m_path(std::move(path))
    , m_tag(std::move(tag))
    , m_digest(std::move(digest))
{ }

Result<ImageReference> ImageReference::parseGrammar(QStringView text, QStringView original)
{
    const Context context{u"invalid reference", original};
    if (text.isEmpty()) {
        return context.error(Code::NameEmpty,
                             QStringLiteral("the name is empty; expected a repository such as "
                                            "\"alpine\" or \"registry.example.com/team/app:1.0\""));
    }
    const ReferenceParts parts = splitReference(text);
    if (parts.digest.contains(u'@'))
        return context.error(Code::ReferenceInvalidFormat, QStringLiteral("more than one '@'"));
    if (parts.name.isEmpty()) {
        return context.error(Code::ReferenceInvalidFormat,
                             QStringLiteral("there is no repository name before '%1'")
                                 .arg(QChar(parts.hasTag ? u':' : u'@')));
    }
    const std::optional<NameParts> name = splitName(parts.name);
    if (!name) {
        // The original, not the normalised text: normalisation has put a path in front of it.
        const qsizetype at = original.indexOf(u'@');
        if (auto error = hostWithoutPathError(at < 0 ? original : original.first(at), context))
            return *error;
        return nameError(parts.name, context);
    }
    if (parts.hasTag && !isValidTag(parts.tag))
        return tagError(parts.tag, context);
    if (name->path.size() > MaxPathLength)
        return pathTooLongError(name->path, context);

    Digest digest;
    if (parts.hasDigest) {
        const Result<Digest> parsed = Digest::parse(parts.digest);
        if (!parsed)
            return parsed.error().withContext(context.prefix());
        digest = *parsed;
    }
    return ImageReference(name->domain.toString(), name->path.toString(), parts.tag.toString(),
                          digest);
}

Result<ImageReference> ImageReference::parseExact(QStringView text)
{
    return parseGrammar(text, text);
}

Result<ImageReference> ImageReference::parse(QStringView text)
{
    // Nothing to normalise, and the grammar's own message ("no repository name before ':'")
    // is clearer than one about the name normalisation would make of it.
    if (text.isEmpty() || text.front() == u':' || text.front() == u'@')
        return parseGrammar(text, text);
    const Context context{u"invalid reference", text};
    if (isImageId(text)) {
        return context.error(Code::ReferenceInvalidFormat,
                             QStringLiteral("64 hex characters are an image ID, not a repository "
                                            "name"));
    }

    // The first component names a registry only when it cannot be a Docker Hub namespace:
    // namespaces have no '.' or ':' and are lower-case, and "localhost" is reserved.
    QStringView domain = DockerHubDomain;
    QStringView remainder = text;
    bool hostOnlyByCase = false; // worth telling: the user likely meant a namespace
    if (const qsizetype slash = text.indexOf(u'/'); slash >= 0) {
        const QStringView first = text.first(slash);
        const bool looksLikeHost
            = first == Localhost || first.contains(u'.') || first.contains(u':');
        hostOnlyByCase = !looksLikeHost && hasUpperCase(first);
        if (looksLikeHost || hostOnlyByCase) {
            domain = first == LegacyDockerHubDomain ? DockerHubDomain : first;
            remainder = text.sliced(slash + 1);
        }
    }
    QString path = remainder.toString();
    if (domain == DockerHubDomain && !remainder.contains(u'/'))
        path.prepend(OfficialImagesPrefix);

    // Checked here rather than left to the grammar, so that the message names the repository
    // and not the whole reference.
    const QStringView repository = QStringView(path).left(path.indexOf(u':'));
    if (hasUpperCase(repository)) {
        QString what = QStringLiteral("repository name must be lower-case: %1")
                           .arg(MessageText::quoted(repository));
        if (hostOnlyByCase) {
            what += QStringLiteral(" (%1 was read as a registry host because it has upper-case "
                                   "letters)")
                        .arg(MessageText::quoted(domain));
        }
        return context.error(Code::NameContainsUppercase, what);
    }
    QString normalised = domain.toString();
    normalised += u'/';
    normalised += path;
    return parseGrammar(normalised, text);
}

Result<ImageReference> ImageReference::parseCanonical(QStringView text)
{
    Result<ImageReference> reference = parse(text);
    if (reference && reference->toString() != text) {
        return ParseError(
            Code::NameNotCanonical,
            QStringLiteral("reference %1 is not canonical: write it in full, as %2")
                .arg(MessageText::quoted(text), MessageText::quoted(reference->toString())));
    }
    return reference;
}

Result<ImageReference> ImageReference::parseAny(QStringView text)
{
    if (isImageId(text)) {
        // An image ID is the hex of a sha256 digest (of the image's config).
        QString sha256 = QStringLiteral("sha256:");
        sha256 += text;
        const Result<Digest> digest = Digest::parse(sha256);
        if (digest)
            return ImageReference({}, {}, {}, *digest);
    }
    if (const Result<Digest> digest = Digest::parse(text))
        return ImageReference({}, {}, {}, *digest);
    return parse(text);
}

Result<ImageReference> ImageReference::parseDockerRef(QStringView text)
{
    const Result<ImageReference> reference = parse(text);
    if (!reference)
        return reference;
    return reference->dockerReference();
}

Result<ImageReference> ImageReference::withName(QStringView name)
{
    const Context context{u"invalid repository name", name};
    if (name.isEmpty())
        return context.error(Code::ReferenceInvalidFormat, QStringLiteral("the name is empty"));
    if (auto error = hostWithoutPathError(name, context))
        return *error;
    if (const qsizetype at = name.indexOf(u'@'); at >= 0) {
        return context.error(Code::ReferenceInvalidFormat,
                             QStringLiteral("a repository name cannot have a digest (%1)")
                                 .arg(MessageText::quoted(name.sliced(at))));
    }
    if (const qsizetype colon = name.lastIndexOf(u':'); colon > name.lastIndexOf(u'/')) {
        return context.error(Code::ReferenceInvalidFormat,
                             QStringLiteral("a repository name cannot have a tag (%1)")
                                 .arg(MessageText::quoted(name.sliced(colon))));
    }
    const std::optional<NameParts> parts = splitName(name);
    if (!parts)
        return nameError(name, context);
    if (parts->path.size() > MaxPathLength)
        return pathTooLongError(parts->path, context);
    return ImageReference(parts->domain.toString(), parts->path.toString(), {}, {});
}

bool ImageReference::isValidDomain(QStringView text)
{
    QStringView host = text;
    if (text.startsWith(u'[')) {
        // Deliberately loose, as distribution is: hex digits and ':' between brackets; no zone
        // ("%eth0") and no embedded IPv4.
        const qsizetype close = text.indexOf(u']');
        if (close < 2)
            return false;
        for (const QChar c : text.sliced(1, close - 1)) {
            if (!isHexDigit(c) && c != u':')
                return false;
        }
        const QStringView rest = text.sliced(close + 1);
        return rest.isEmpty() || (rest.front() == u':' && isDigits(rest.sliced(1)));
    }
    if (const qsizetype colon = text.indexOf(u':'); colon >= 0) {
        if (!isDigits(text.sliced(colon + 1)))
            return false;
        host = text.first(colon);
    }
    for (const QStringView component : QStringTokenizer(host, u'.')) {
        if (!isValidDomainComponent(component))
            return false;
    }
    return true;
}

bool ImageReference::isValidPath(QStringView text)
{
    for (const QStringView component : QStringTokenizer(text, u'/')) {
        if (!isValidPathComponent(component))
            return false;
    }
    return true;
}

bool ImageReference::isValidTag(QStringView text)
{
    if (text.isEmpty() || text.size() > MaxTagLength)
        return false;
    const auto isWordChar = [](QChar c) {
        return isAlnum(c) || c == u'_';
    };
    if (!isWordChar(text.front()))
        return false;
    for (const QChar c : text) {
        if (!isWordChar(c) && c != u'.' && c != u'-')
            return false;
    }
    return true;
}

bool ImageReference::isImageId(QStringView text)
{
    if (text.size() != 64)
        return false;
    for (const QChar c : text) {
        if (!isDigit(c) && !(c >= u'a' && c <= u'f'))
            return false;
    }
    return true;
}

QString ImageReference::name() const
{
    if (m_domain.isEmpty())
        return m_path;
    return m_domain + u'/' + m_path;
}

QString ImageReference::registryHost() const
{
    if (m_domain == DockerHubDomain)
        return DockerHubApiHost.toString();
    return m_domain;
}

QString ImageReference::toString() const
{
    if (isDigestOnly())
        return m_digest.toString();
    return withTagAndDigest(name(), m_tag, m_digest);
}

QString ImageReference::familiarName() const
{
    if (m_domain != DockerHubDomain)
        return name();
    // Only "library/<name>" is shortened: Docker Hub has no nested namespaces under library/,
    // so "library/a/b" must stay as written to remain unambiguous.
    if (m_path.startsWith(OfficialImagesPrefix)) {
        const QStringView rest = QStringView(m_path).sliced(OfficialImagesPrefix.size());
        if (!rest.contains(u'/'))
            return rest.toString();
    }
    return m_path;
}

QString ImageReference::familiarString() const
{
    if (isDigestOnly())
        return m_digest.toString();
    return withTagAndDigest(familiarName(), m_tag, m_digest);
}

ImageReference ImageReference::dockerReference() const
{
    if (m_path.isEmpty())
        return *this;
    ImageReference reference = *this;
    if (!m_digest.isNull())
        reference.m_tag.clear();
    else if (m_tag.isEmpty())
        reference.m_tag = DefaultTag.toString();
    return reference;
}

} // namespace Layerscope
