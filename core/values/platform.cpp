#include "values/platform.h"

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

} // namespace Layerscope
