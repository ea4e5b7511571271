#include "transport/ratelimit.h"

#include <QList>

namespace Layerscope {

namespace {

// "100;w=21600" → 100 and 21600; "76" → 76 and -1.
void readLimitValue(const QByteArray &header, int &value, int &window)
{
    const QList<QByteArray> parts = header.split(';');
    bool ok = false;
    const int number = parts.value(0).trimmed().toInt(&ok);
    if (!ok || number < 0)
        return;
    value = number;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray parameter = parts.at(i).trimmed();
        if (parameter.startsWith("w=")) {
            const int seconds = parameter.mid(2).toInt(&ok);
            if (ok && seconds > 0)
                window = seconds;
        }
    }
}

} // namespace

RateLimit RateLimit::fromHeaders(const QByteArray &limitHeader, const QByteArray &remainingHeader)
{
    RateLimit rateLimit;
    readLimitValue(limitHeader, rateLimit.limit, rateLimit.windowSeconds);
    int unusedWindow = -1;
    readLimitValue(remainingHeader, rateLimit.remaining,
                   rateLimit.windowSeconds < 0 ? rateLimit.windowSeconds : unusedWindow);
    return rateLimit;
}

} // namespace Layerscope
