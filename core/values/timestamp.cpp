#include "values/timestamp_p.h"

namespace Layerscope::Timestamp {

namespace {

// Reads exactly \a count decimal digits at \a pos.
bool readDigits(QStringView text, qsizetype pos, qsizetype count, int &value)
{
    if (pos + count > text.size())
        return false;
    value = 0;
    for (qsizetype i = pos; i < pos + count; ++i) {
        const QChar c = text.at(i);
        if (c < u'0' || c > u'9')
            return false;
        value = value * 10 + (c.unicode() - u'0');
    }
    return true;
}

bool isAt(QStringView text, qsizetype pos, char16_t expected)
{
    return pos < text.size() && text.at(pos) == QChar(expected);
}

} // namespace

Result<QDateTime> parseRfc3339(QStringView text)
{
    const auto invalid = [text](const QString &why) {
        const QString shown
            = text.size() > 60 ? text.left(60).toString() + QStringLiteral("…") : text.toString();
        return ParseError(ParseError::Code::InvalidValue,
                          QStringLiteral("expected an RFC 3339 timestamp such as "
                                         "\"2016-08-24T16:03:47.366486036Z\", found \"%1\" (%2)")
                              .arg(shown, why));
    };

    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!readDigits(text, 0, 4, year) || !isAt(text, 4, u'-') || !readDigits(text, 5, 2, month)
        || !isAt(text, 7, u'-') || !readDigits(text, 8, 2, day)) {
        return invalid(QStringLiteral("the date must be YYYY-MM-DD"));
    }
    if (!isAt(text, 10, u'T') && !isAt(text, 10, u't'))
        return invalid(QStringLiteral("the date and the time must be separated by \"T\""));
    if (!readDigits(text, 11, 2, hour) || !isAt(text, 13, u':') || !readDigits(text, 14, 2, minute)
        || !isAt(text, 16, u':') || !readDigits(text, 17, 2, second)) {
        return invalid(QStringLiteral("the time must be hh:mm:ss"));
    }

    qsizetype pos = 19;
    int millisecond = 0;
    if (isAt(text, pos, u'.')) {
        ++pos;
        const qsizetype start = pos;
        while (pos < text.size() && text.at(pos) >= u'0' && text.at(pos) <= u'9') {
            // Digits past the millisecond cannot be represented; they are dropped, not rounded,
            // so that 59.9999 stays in the same second.
            if (pos - start < 3)
                millisecond = millisecond * 10 + (text.at(pos).unicode() - u'0');
            ++pos;
        }
        if (pos == start)
            return invalid(QStringLiteral("a \".\" must be followed by digits"));
        for (qsizetype n = pos - start; n < 3; ++n)
            millisecond *= 10;
    }

    int offsetSeconds = 0;
    if (isAt(text, pos, u'Z') || isAt(text, pos, u'z')) {
        ++pos;
    } else if (isAt(text, pos, u'+') || isAt(text, pos, u'-')) {
        const bool negative = text.at(pos) == u'-';
        int offsetHours = 0, offsetMinutes = 0;
        if (!readDigits(text, pos + 1, 2, offsetHours) || !isAt(text, pos + 3, u':')
            || !readDigits(text, pos + 4, 2, offsetMinutes) || offsetHours > 23
            || offsetMinutes > 59) {
            return invalid(QStringLiteral("the offset must be +hh:mm or -hh:mm"));
        }
        offsetSeconds = (offsetHours * 60 + offsetMinutes) * 60 * (negative ? -1 : 1);
        pos += 6;
    } else if (pos == text.size()) {
        return invalid(QStringLiteral("the time zone is missing; expected \"Z\" or an offset"));
    } else {
        return invalid(QStringLiteral("unexpected characters after the time"));
    }
    if (pos != text.size())
        return invalid(QStringLiteral("unexpected characters after the time zone"));

    const QDate date(year, month, day);
    if (!date.isValid())
        return invalid(QStringLiteral("no such date"));
    // Go refuses a leap second (":60") too, so no tool writes one.
    const QTime time(hour, minute, second, millisecond);
    if (!time.isValid())
        return invalid(QStringLiteral("no such time of day"));

    const QDateTime utc = QDateTime(date, time, Qt::UTC).addSecs(-offsetSeconds);
    if (utc == QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC))
        return QDateTime();
    return utc;
}

QDateTime read(Json::FieldReader &reader, QStringView key)
{
    if (!reader.has(key))
        return {};
    // An empty string is refused like any other non-timestamp: Go's time.Time refuses it too,
    // so no conforming tool writes one.
    const QString text = reader.string(key);
    if (!reader.ok())
        return {};
    Result<QDateTime> parsed = parseRfc3339(text);
    if (!parsed) {
        reader.fail(parsed.error().code(), parsed.error().message(), key);
        return {};
    }
    return *parsed;
}

} // namespace Layerscope::Timestamp
