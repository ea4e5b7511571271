#pragma once

#include "registries/registryentry.h"

#include <QTest>

namespace Layerscope {

/// A registry entry in one line, for the tables of the registries' tests.
inline RegistryEntry makeEntry(const QString &host, const QString &name = {}, bool insecure = false)
{
    RegistryEntry entry;
    entry.host = host;
    entry.displayName = name;
    entry.insecure = insecure;
    return entry;
}

/// For QCOMPARE's failure messages.
inline char *toString(const RegistryEntry &entry)
{
    return QTest::toString(
        QStringLiteral("{%1, %2, %3}")
            .arg(entry.host, entry.displayName,
                 entry.insecure ? QStringLiteral("insecure") : QStringLiteral("secure")));
}

} // namespace Layerscope
