#pragma once

#include <QByteArray>
#include <QMetaType>

namespace Layerscope {

/**
 * The pull limit a registry reports in RateLimit-Limit / RateLimit-Remaining headers (Docker
 * Hub: "100;w=21600" = 100 pulls per 21600 s window).
 */
struct RateLimit
{
    int limit = -1; ///< requests allowed per window; -1 when unknown
    int remaining = -1; ///< requests left in the window; -1 when unknown
    int windowSeconds = -1; ///< the window, from the ";w=" parameter; -1 when not given

    bool isKnown() const { return limit >= 0 || remaining >= 0; }

    /// Reads the two header values; unknown parts stay -1, malformed values are ignored.
    static RateLimit fromHeaders(const QByteArray &limitHeader, const QByteArray &remainingHeader);

    friend bool operator==(const RateLimit &a, const RateLimit &b)
    {
        return a.limit == b.limit && a.remaining == b.remaining
            && a.windowSeconds == b.windowSeconds;
    }
    friend bool operator!=(const RateLimit &a, const RateLimit &b) { return !(a == b); }
};

} // namespace Layerscope

Q_DECLARE_METATYPE(Layerscope::RateLimit)
