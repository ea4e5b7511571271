#pragma once

#include "values/result.h"

#include <QByteArray>
#include <QString>

namespace Layerscope {

/**
 * The `oci-layout` file at the root of an OCI image layout (image-spec image-layout.md):
 * `{"imageLayoutVersion": "1.0.0"}`. It marks a folder as a layout and says which version of
 * the layout it follows.
 */
class OciLayoutHeader
{
public:
    /// Parses the file's bytes; the version must be a string of the form N.N.N.
    static Result<OciLayoutHeader> parse(const QByteArray &raw);

    /// "1.0.0" for every layout written to date.
    const QString &imageLayoutVersion() const { return m_imageLayoutVersion; }

private:
    QString m_imageLayoutVersion;
};

} // namespace Layerscope
