#pragma once

// Internal to core: showing untrusted input inside one-line error messages.

#include <QByteArrayView>
#include <QString>
#include <QStringView>

namespace Layerscope::MessageText {

/// \a text in double quotes, safe for a one-line message: control characters written as
/// \xNN, unpaired surrogates replaced, and cut after \a limit characters with "…".
QString quoted(QStringView text, qsizetype limit = 80);

/// The same for bytes that should be text: decoded as UTF-8 (invalid sequences replaced),
/// then quoted().
QString quoted(QByteArrayView bytes, qsizetype limit = 80);

/// True when \a bytes look like text rather than binary data (no NUL or other C0 control
/// characters besides tab, CR and LF in the first \a window bytes).
bool looksLikeText(QByteArrayView bytes, qsizetype window = 64);

} // namespace Layerscope::MessageText
