#include "values/parseerror.h"

#include <QMetaEnum>

namespace Layerscope {

ParseError ParseError::withContext(const QString &context) const
{
    if (context.isEmpty())
        return *this;
    return ParseError(m_code, context + QLatin1String(": ") + m_message);
}

QString ParseError::codeName(Code code)
{
    return QString::fromLatin1(QMetaEnum::fromType<Code>().valueToKey(static_cast<int>(code)));
}

} // namespace Layerscope
