#pragma once

#include "services/tagresolver.h"
#include "values/descriptor.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Layerscope {

class ImageComparison;
class ImageInspection;
class LayerVerifyOperation;
struct ImagePair;

/**
 * How results are written for people and for scripts: the JSON documents `layerscope-cli`
 * prints (their schema is part of its interface and documented in the README) and the
 * human-readable text beside them.
 */
namespace Report {

/// The `inspect --json` document.
QJsonObject inspectJson(const ImageInspection &inspection);
/// The `inspect` text: the document, its digests side by side, and every image's layers.
QString inspectText(const ImageInspection &inspection);

/// The `compare --json` document for the images \a pair of a finished \a comparison (positions
/// in its inspections' images, as defaultImagePair() gives them).
QJsonObject compareJson(const ImageComparison &comparison, ImagePair pair);
/// The `compare` text: both sides, whether they are one image, the layers aligned side by side,
/// the config differences and the platforms on one side only.
QString compareText(const ImageComparison &comparison, ImagePair pair);

/// One element of `tags --resolve --json`.
QJsonObject tagJson(const TagInfo &info);
/// One line of `tags --resolve`: tag, short digest, platforms, size, created.
QString tagLine(const TagInfo &info);
/// The column titles above tagLine()s.
QString tagHeader();

/// `referrers --json`.
QJsonArray referrersJson(const QList<Descriptor> &referrers);

/// One line of `verify` for a layer: both digests and OK or FAIL for each.
QString verifyLine(int number, const LayerVerifyOperation &operation);

/// "12.3 MiB", "512 B".
QString humanSize(qint64 bytes);
/// RFC 3339 in UTC with seconds ("2024-05-01T10:00:00Z"); empty for a null time.
QString timestamp(const QDateTime &time);

} // namespace Report
} // namespace Layerscope
