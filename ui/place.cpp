#include "place.h"

namespace Layerscope {

Place Place::fromReference(const ImageReference &reference)
{
    Place place;
    place.registry = reference.domain();
    place.repository = reference.path();
    place.tag = reference.tag();
    place.digest = reference.digest().isNull() ? QString() : reference.digest().toString();
    return place;
}

std::optional<ImageReference> Place::imageReference() const
{
    if (!hasImage())
        return std::nullopt;
    const auto parsed = ImageReference::parseAny(toString());
    if (!parsed)
        return std::nullopt;
    return *parsed;
}

QString Place::toString() const
{
    QString text = registry;
    if (repository.isEmpty())
        return text;
    text += QLatin1Char('/') + repository;
    if (!tag.isEmpty())
        text += QLatin1Char(':') + tag;
    if (!digest.isEmpty())
        text += QLatin1Char('@') + digest;
    return text;
}

QVariantMap Place::toVariant() const
{
    return {
        {QStringLiteral("registry"), registry}, {QStringLiteral("repository"), repository},
        {QStringLiteral("tag"), tag},           {QStringLiteral("digest"), digest},
        {QStringLiteral("platform"), platform},
    };
}

Place Place::fromVariant(const QVariantMap &value)
{
    Place place;
    place.registry = value.value(QStringLiteral("registry")).toString();
    place.repository = value.value(QStringLiteral("repository")).toString();
    place.tag = value.value(QStringLiteral("tag")).toString();
    place.digest = value.value(QStringLiteral("digest")).toString();
    place.platform = value.value(QStringLiteral("platform")).toString();
    // A place read back must still be one the window can open; anything else is dropped.
    if (!ImageReference::isValidDomain(place.registry)
        || (!place.repository.isEmpty() && !ImageReference::isValidPath(place.repository))
        || (!place.tag.isEmpty() && !ImageReference::isValidTag(place.tag))
        || (!place.digest.isEmpty() && !Digest::parse(place.digest)))
        return {};
    return place;
}

} // namespace Layerscope
