#include "registrystore.h"

#include <QSettings>

namespace Layerscope {

namespace {

const QString RegistriesArray = QStringLiteral("registries");
const QString RecentGroup = QStringLiteral("recentRepositories");

// Hosts become settings keys; '/' and '\' would open sub-groups, and '@' means user
// information, which would be a credential.
bool isStorableHost(const QString &host)
{
    return !host.isEmpty() && !host.contains(u'/') && !host.contains(u'\\') && !host.contains(u'@');
}

} // namespace

RegistryStore::RegistryStore(QSettings *settings)
    : m_settings(settings)
{ }

QList<RegistryEntry> RegistryStore::savedRegistries() const
{
    QList<RegistryEntry> entries;
    const int count = m_settings->beginReadArray(RegistriesArray);
    for (int i = 0; i < count; ++i) {
        m_settings->setArrayIndex(i);
        RegistryEntry entry;
        entry.host = m_settings->value(QStringLiteral("host")).toString();
        entry.displayName = m_settings->value(QStringLiteral("displayName")).toString();
        entry.insecure = m_settings->value(QStringLiteral("insecure"), false).toBool();
        if (isStorableHost(entry.host) && !entry.isDockerHub())
            entries.append(entry);
    }
    m_settings->endArray();
    return entries;
}

void RegistryStore::setSavedRegistries(const QList<RegistryEntry> &entries)
{
    // A shorter array would otherwise leave the old entries behind it in the file.
    m_settings->remove(RegistriesArray);
    m_settings->beginWriteArray(RegistriesArray);
    int index = 0;
    for (const RegistryEntry &entry : entries) {
        if (!isStorableHost(entry.host) || entry.isDockerHub())
            continue;
        m_settings->setArrayIndex(index++);
        m_settings->setValue(QStringLiteral("host"), entry.host);
        if (!entry.displayName.isEmpty())
            m_settings->setValue(QStringLiteral("displayName"), entry.displayName);
        m_settings->setValue(QStringLiteral("insecure"), entry.insecure);
    }
    m_settings->endArray();
}

QStringList RegistryStore::recentRepositories(const QString &host) const
{
    if (!isStorableHost(host))
        return {};
    m_settings->beginGroup(RecentGroup);
    QStringList recent = m_settings->value(host).toStringList();
    m_settings->endGroup();
    recent.removeAll(QString());
    recent.removeDuplicates();
    if (recent.size() > MaxRecentRepositories)
        recent.resize(MaxRecentRepositories);
    return recent;
}

void RegistryStore::addRecentRepository(const QString &host, const QString &repository)
{
    if (!isStorableHost(host) || repository.isEmpty())
        return;
    QStringList recent = recentRepositories(host);
    recent.removeAll(repository);
    recent.prepend(repository);
    if (recent.size() > MaxRecentRepositories)
        recent.resize(MaxRecentRepositories);
    m_settings->beginGroup(RecentGroup);
    m_settings->setValue(host, recent);
    m_settings->endGroup();
}

} // namespace Layerscope
