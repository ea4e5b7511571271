#pragma once

#include "registryentry.h"

#include <QList>
#include <QStringList>

class QSettings;

namespace Layerscope {

/**
 * What the explorer remembers about registries between sessions, in QSettings: the registries
 * the user added (array "registries") and, per registry, the repositories opened most
 * recently. Credentials are never written here; an entry whose host carries user
 * information is not saved at all.
 */
class RegistryStore
{
public:
    /// How many recent repositories are kept per registry.
    static constexpr int MaxRecentRepositories = 20;

    /// Reads and writes \a settings, which must outlive the store.
    explicit RegistryStore(QSettings *settings);

    /// The registries the user added, in the order they were saved (Docker Hub is not one).
    QList<RegistryEntry> savedRegistries() const;
    /// Replaces the saved registries with \a entries.
    void setSavedRegistries(const QList<RegistryEntry> &entries);

    /// Repositories of \a host opened recently, most recent first.
    QStringList recentRepositories(const QString &host) const;
    /// Puts \a repository first in the recent repositories of \a host, without duplicates and
    /// keeping at most MaxRecentRepositories.
    void addRecentRepository(const QString &host, const QString &repository);

private:
    QSettings *m_settings;
};

} // namespace Layerscope
