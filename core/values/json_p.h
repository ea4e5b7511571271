#pragma once

// Internal to core: strict, bounded JSON reading for the document parsers. Not installed.

#include "values/digest.h"
#include "values/result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace Layerscope::Json {

/// Manifests and indexes larger than this are refused (the cap distribution and
/// containerd apply to manifests).
inline constexpr qsizetype MaxManifestSize = 4 * 1024 * 1024;

/// Parses \a raw as a JSON document whose top level must be an object. Refuses documents over
/// \a maxSize bytes, bytes that are not UTF-8, nesting deeper than Qt's parser allows, and any
/// syntax error, each with a message that says where.
Result<QJsonObject> parseObject(const QByteArray &raw, qsizetype maxSize = MaxManifestSize);

/// "a string", "the number -5", "null", … for error messages.
QString describe(const QJsonValue &value);

enum class Presence { Optional, Required };

/**
 * Reads typed fields out of a JSON object and remembers the first thing that was wrong, with
 * the path to it ("layers[2].size"). Parsers read everything they need, then check ok() once;
 * getters return an empty value after a failure so the reading code stays linear.
 *
 * A JSON null counts as absent: Docker writes "Cmd": null for a field it has no value for.
 */
class FieldReader
{
public:
    explicit FieldReader(QJsonObject object, QString path = {});

    bool ok() const { return !m_error->has_value(); }
    /// The first failure; only valid when !ok().
    ParseError error() const { return **m_error; }
    /// Records a failure at \a key (or at this object when \a key is empty), unless one is
    /// recorded already.
    void fail(ParseError::Code code, const QString &problem, QStringView key = {});

    const QJsonObject &object() const { return m_object; }
    /// The path to \a key, for messages: "config.Env".
    QString pathOf(QStringView key) const;

    bool has(QStringView key) const;
    QString string(QStringView key, Presence presence = Presence::Optional);
    /// A JSON integer that is not negative (sizes).
    qint64 size(QStringView key, Presence presence = Presence::Optional);
    std::optional<qint64> integer(QStringView key, Presence presence = Presence::Optional);
    bool boolean(QStringView key, bool fallback = false);
    Digest digest(QStringView key, Presence presence = Presence::Optional);
    /// A media type; also checks its syntax.
    QString mediaType(QStringView key, Presence presence = Presence::Optional);
    QStringList stringList(QStringView key, Presence presence = Presence::Optional);
    /// An object whose values are all strings (annotations, labels).
    QMap<QString, QString> stringMap(QStringView key);
    /// The keys of an object whose values are all objects (ExposedPorts, Volumes: the
    /// "string set" of the image spec).
    QStringList objectKeys(QStringView key);
    QJsonArray array(QStringView key, Presence presence = Presence::Optional);

    /// A reader for the object at \a key; it shares this reader's error. Returns nullopt when
    /// the key is absent (and, when required, records that).
    std::optional<FieldReader> child(QStringView key, Presence presence = Presence::Optional);
    /// Calls \a visit for each element of the array at \a key, which must all be objects.
    void forEachObject(QStringView key, Presence presence,
                       const std::function<void(FieldReader &element, qsizetype index)> &visit);

private:
    FieldReader(QJsonObject object, QString path, std::shared_ptr<std::optional<ParseError>> error);
    QJsonValue valueOf(QStringView key, Presence presence);
    void failType(QStringView key, const char *expected, const QJsonValue &found);

    QJsonObject m_object;
    QString m_path;
    std::shared_ptr<std::optional<ParseError>> m_error;
};

} // namespace Layerscope::Json
