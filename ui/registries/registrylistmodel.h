#pragma once

#include "registryentry.h"

#include <QAbstractListModel>
#include <QHash>
#include <QIcon>
#include <QList>

namespace Layerscope {

class ClientPool;
class RegistryStore;
struct RateLimit;

/**
 * The registries of the sidebar: Docker Hub first (always there, never removable), then the
 * registries the user saved, then those added for this session only (a reference given on
 * the command line, the demo), which are shown but not saved. Each row shows the connection
 * state, who is signed in and from which source, and the pull limit the ClientPool knows, and
 * follows their changes.
 */
class RegistryListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, ColumnCount };
    enum Role {
        HostRole = Qt::UserRole, ///< QString: "docker.io", "127.0.0.1:5000"
        DisplayNameRole, ///< QString: the display name, empty when none was given
        InsecureRole, ///< bool
        StateRole, ///< ClientPool::ConnectionState
        StateTextRole, ///< QString: "Anonymous", "Error: connection refused", …
        RateLimitTextRole, ///< QString: "87 of 100 pulls left (6 h window)"; empty when unknown
        RemovableRole, ///< bool: false for Docker Hub
        PersistentRole, ///< bool: saved in the settings (Docker Hub counts as saved)
        SignedInUserRole, ///< QString: the user the credentials name; empty when anonymous
        CredentialSourceRole, ///< CredentialSource: where the credentials came from
        CredentialOriginRole, ///< QString: the file or program they came from, if any
        CredentialProblemsRole, ///< QStringList: sources that could not be read
    };

    /// Lists Docker Hub and the registries saved in \a store; both \a store and \a pool must
    /// outlive the model.
    RegistryListModel(RegistryStore *store, ClientPool *pool, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// The row of \a host, or an invalid index.
    QModelIndex indexOfHost(const QString &host) const;
    /// Adds \a entry, saved when \a persistent. A registry already listed takes the new
    /// display name and options, and becomes saved when \a persistent.
    void addRegistry(const RegistryEntry &entry, bool persistent);
    /// Removes \a host (not Docker Hub) from the list, the settings and the client pool.
    void removeRegistry(const QString &host);
    /// The registry of \a index (an empty entry for an invalid index).
    RegistryEntry entry(const QModelIndex &index) const;

    /// "87 of 100 pulls left (6 h window)", or an empty string when nothing is known.
    static QString rateLimitText(const RateLimit &rateLimit);

private:
    struct Row
    {
        RegistryEntry entry;
        bool persistent = false;
    };

    int rowOfHost(const QString &host) const;
    int persistentCount() const;
    void save();
    void onStateChanged(const QString &host);
    QIcon stateIcon(int state) const;

    RegistryStore *m_store;
    ClientPool *m_pool;
    QList<Row> m_rows;
    mutable QHash<int, QIcon> m_icons; ///< by ClientPool::ConnectionState, made when first shown
};

} // namespace Layerscope
