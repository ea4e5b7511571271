#include "values/platform.h"

#include <QSysInfo>

namespace Layerscope {

bool Platform::isUnknown() const
{
    return os == QLatin1StringView("unknown") && architecture == QLatin1StringView("unknown");
}

QString Platform::toString() const
{
    QString text = os + u'/' + architecture;
    if (!variant.isEmpty())
        text += u'/' + variant;
    return text;
}

Result<Platform> Platform::parse(QStringView text)
{
    const QList<QStringView> parts = text.split(u'/');
    const auto invalid = [&text](const QString &why) {
        return ParseError(
            ParseError::Code::InvalidValue,
            QStringLiteral("invalid platform \"%1\": %2 "
                           "(expected os/architecture[/variant], e.g. linux/arm64/v8)")
                .arg(text.left(100).toString(), why));
    };
    if (parts.size() < 2 || parts.size() > 3)
        return invalid(QStringLiteral("wrong number of parts"));
    for (const QStringView part : parts) {
        if (part.isEmpty())
            return invalid(QStringLiteral("empty part"));
        for (const QChar c : part) {
            const bool allowed = (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_'
                || c == u'-' || c == u'.';
            if (!allowed)
                return invalid(QStringLiteral("only lower-case letters, digits, '.', '_' and '-' "
                                              "are allowed"));
        }
    }
    Platform platform;
    platform.os = parts.at(0).toString();
    platform.architecture = parts.at(1).toString();
    if (parts.size() == 3)
        platform.variant = parts.at(2).toString();
    return platform;
}

Platform Platform::normalized() const
{
    Platform result = *this;
    result.os = os.toLower();
    const QString arch = architecture.toLower();
    if (arch == u"x86_64" || arch == u"x86-64") {
        result.architecture = QStringLiteral("amd64");
    } else if (arch == u"aarch64") {
        result.architecture = QStringLiteral("arm64");
    } else if (arch == u"i386" || arch == u"i686" || arch == u"x86") {
        result.architecture = QStringLiteral("386");
    } else if (arch == u"armhf") {
        result.architecture = QStringLiteral("arm");
        result.variant = QStringLiteral("v7");
    } else if (arch == u"armel") {
        result.architecture = QStringLiteral("arm");
        result.variant = QStringLiteral("v6");
    } else {
        result.architecture = arch;
    }
    result.variant = result.variant.toLower();
    if (result.architecture == u"arm64" && (result.variant.isEmpty() || result.variant == u"8"))
        result.variant = QStringLiteral("v8");
    else if (result.architecture == u"arm" && result.variant.isEmpty())
        result.variant = QStringLiteral("v7");
    else if (result.architecture == u"arm" && result.variant.size() == 1)
        result.variant.prepend(u'v'); // "7" → "v7"
    else if (result.architecture == u"amd64" && result.variant == u"v1")
        result.variant.clear(); // the baseline x86-64 level is what "amd64" means
    return result;
}

bool Platform::matches(const Platform &wanted) const
{
    const Platform mine = normalized();
    const Platform theirs = wanted.normalized();
    return mine.os == theirs.os && mine.architecture == theirs.architecture
        && mine.variant == theirs.variant;
}

Platform Platform::host()
{
    Platform platform;
    platform.os = QStringLiteral("linux");
    const QString cpu = QSysInfo::currentCpuArchitecture();
    if (cpu == u"x86_64")
        platform.architecture = QStringLiteral("amd64");
    else if (cpu == u"i386")
        platform.architecture = QStringLiteral("386");
    else if (cpu == u"arm64")
        platform.architecture = QStringLiteral("arm64");
    else if (cpu == u"arm")
        platform.architecture = QStringLiteral("arm");
    else if (cpu == u"power64")
        platform.architecture = QSysInfo::buildAbi().contains(u"little_endian")
            ? QStringLiteral("ppc64le")
            : QStringLiteral("ppc64");
    else
        platform.architecture = cpu; // s390x, riscv64, mips64, … are spelled alike
    return platform.normalized();
}

} // namespace Layerscope
