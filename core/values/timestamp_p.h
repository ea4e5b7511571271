#pragma once

// Internal to core: the timestamps of image configs and their history (RFC 3339, as Go's
// encoding/json writes time.Time).

#include "values/json_p.h"
#include "values/result.h"

#include <QDateTime>
#include <QStringView>

namespace Layerscope::Timestamp {

/// Parses an RFC 3339 date-time ("2016-08-24T16:03:47.366486036Z", "…+02:00"): any number of
/// fraction digits (kept to the millisecond, as QDateTime holds no more), "T" and "Z" in either
/// case (RFC 3339 section 5.6). The result is in UTC. Go's zero time, 0001-01-01T00:00:00Z, gives
/// a null QDateTime: Go writes it for a time.Time nobody set (cosign signatures, old Docker
/// configs), so it means "unknown", not the first of January of year 1.
Result<QDateTime> parseRfc3339(QStringView text);

/// Reads the timestamp at \a key of \a reader: absent or null gives a null QDateTime; a value
/// that is not a string or not RFC 3339 is recorded as the reader's error.
QDateTime read(Json::FieldReader &reader, QStringView key);

} // namespace Layerscope::Timestamp
