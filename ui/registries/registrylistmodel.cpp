#include "registrylistmodel.h"

#include "clientpool.h"
#include "common/roles.h"
#include "registrystore.h"
#include "transport/ratelimit.h"

#include <QColor>
#include <QHash>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

namespace Layerscope {

namespace {

using ConnectionState = ClientPool::ConnectionState;

// A coloured dot per state: readable on light and dark palettes, unlike most theme icons.
QIcon makeStateIcon(ConnectionState state)
{
    QColor colour;
    switch (state) {
    case ConnectionState::Unknown:
        colour = QColor(0x8a, 0x8a, 0x8a);
        break;
    case ConnectionState::Connecting:
        colour = QColor(0xe0, 0xa0, 0x20);
        break;
    case ConnectionState::Anonymous:
    case ConnectionState::SignedIn:
        colour = QColor(0x2e, 0xa0, 0x43);
        break;
    case ConnectionState::Error:
        colour = QColor(0xd0, 0x30, 0x30);
        break;
    }
    QIcon icon;
    for (const int size : {16, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        const qreal margin = size * 0.22;
        painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin));
        if (state == ConnectionState::SignedIn) {
            // A ring tells signed in from anonymous without relying on colour alone.
            painter.setBrush(Qt::NoBrush);
            painter.setPen(QPen(colour, size / 16.0));
            painter.drawEllipse(QRectF(1, 1, size - 2, size - 2));
        }
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QString windowText(int seconds)
{
    if (seconds <= 0)
        return {};
    if (seconds % 3600 == 0)
        return RegistryListModel::tr("%1 h window").arg(seconds / 3600);
    if (seconds % 60 == 0)
        return RegistryListModel::tr("%1 min window").arg(seconds / 60);
    return RegistryListModel::tr("%1 s window").arg(seconds);
}

} // namespace

RegistryListModel::RegistryListModel(RegistryStore *store, ClientPool *pool, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
    , m_pool(pool)
{
    RegistryEntry hub;
    hub.host = RegistryEntry::dockerHubHost();
    hub.displayName = tr("Docker Hub");
    m_rows.append({hub, true});
    for (const RegistryEntry &entry : m_store->savedRegistries()) {
        if (rowOfHost(entry.host) >= 0)
            continue;
        m_rows.append({entry, true});
    }
    for (const Row &row : std::as_const(m_rows))
        m_pool->setEntry(row.entry);
    connect(m_pool, &ClientPool::stateChanged, this, &RegistryListModel::onStateChanged);
}

int RegistryListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant RegistryListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const QString &host = row.entry.host;
    switch (role) {
    case Qt::DisplayRole:
        return row.entry.label();
    case Qt::ToolTipRole: {
        QStringList lines{host, m_pool->stateText(host)};
        const QString origin = m_pool->credentialOrigin(host);
        if (!origin.isEmpty() && m_pool->credentialSource(host) != CredentialSource::Anonymous)
            lines.append(tr("Credentials from %1").arg(origin));
        lines.append(m_pool->credentialProblems(host));
        const QString limit = rateLimitText(m_pool->rateLimit(host));
        if (!limit.isEmpty())
            lines.append(limit);
        if (row.entry.insecure)
            lines.append(tr("Insecure: plain HTTP or unverified TLS allowed"));
        if (!row.persistent)
            lines.append(tr("For this session only"));
        return lines.join(u'\n');
    }
    case Qt::DecorationRole:
        return stateIcon(int(m_pool->state(host)));
    case Qt::AccessibleDescriptionRole: {
        QStringList lines{m_pool->stateText(host)};
        lines.append(m_pool->credentialProblems(host));
        return lines.join(u'\n');
    }
    case HostRole:
        return host;
    case DisplayNameRole:
        return row.entry.displayName;
    case InsecureRole:
        return row.entry.insecure;
    case StateRole:
        return QVariant::fromValue(m_pool->state(host));
    case StateTextRole:
        return m_pool->stateText(host);
    case RateLimitTextRole:
        return rateLimitText(m_pool->rateLimit(host));
    case RemovableRole:
        return !row.entry.isDockerHub();
    case PersistentRole:
        return row.persistent;
    case SignedInUserRole:
        return m_pool->signedInUser(host);
    case CredentialSourceRole:
        return QVariant::fromValue(m_pool->credentialSource(host));
    case CredentialOriginRole:
        return m_pool->credentialOrigin(host);
    case CredentialProblemsRole:
        return m_pool->credentialProblems(host);
    case ErrorRole: {
        const RegistryError error = m_pool->lastError(host);
        return error.isError() ? error.toString() : QString();
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> RegistryListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(HostRole, "host");
    names.insert(DisplayNameRole, "displayName");
    names.insert(InsecureRole, "insecure");
    names.insert(StateRole, "state");
    names.insert(StateTextRole, "stateText");
    names.insert(RateLimitTextRole, "rateLimitText");
    names.insert(RemovableRole, "removable");
    names.insert(PersistentRole, "persistent");
    names.insert(SignedInUserRole, "signedInUser");
    names.insert(CredentialSourceRole, "credentialSource");
    names.insert(CredentialOriginRole, "credentialOrigin");
    names.insert(CredentialProblemsRole, "credentialProblems");
    names.insert(ErrorRole, "error");
    return names;
}

QIcon RegistryListModel::stateIcon(int state) const
{
    auto it = m_icons.find(state);
    if (it == m_icons.end())
        it = m_icons.insert(state, makeStateIcon(ConnectionState(state)));
    return *it;
}

int RegistryListModel::rowOfHost(const QString &host) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).entry.host == host)
            return int(i);
    }
    return -1;
}

int RegistryListModel::persistentCount() const
{
    int count = 0;
    for (const Row &row : m_rows)
        count += row.persistent ? 1 : 0;
    return count;
}

QModelIndex RegistryListModel::indexOfHost(const QString &host) const
{
    const int row = rowOfHost(host);
    return row < 0 ? QModelIndex() : index(row, 0);
}

void RegistryListModel::addRegistry(const RegistryEntry &entry, bool persistent)
{
    if (entry.host.isEmpty() || entry.isDockerHub())
        return;
    const int existing = rowOfHost(entry.host);
    if (existing >= 0) {
        Row &row = m_rows[existing];
        const bool becomesPersistent = persistent && !row.persistent;
        row.entry = entry;
        m_pool->setEntry(entry);
        if (becomesPersistent) {
            // Session rows sit after the saved ones; a saved row joins them.
            const int target = persistentCount();
            row.persistent = true;
            if (target != existing) {
                beginMoveRows({}, existing, existing, {}, target);
                m_rows.move(existing, target);
                endMoveRows();
            }
            const QModelIndex changed = index(target, 0);
            Q_EMIT dataChanged(changed, changed);
        } else {
            const QModelIndex changed = index(existing, 0);
            Q_EMIT dataChanged(changed, changed);
        }
        if (m_rows.at(rowOfHost(entry.host)).persistent)
            save();
        return;
    }
    const int row = persistent ? persistentCount() : int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.insert(row, {entry, persistent});
    endInsertRows();
    m_pool->setEntry(entry);
    if (persistent)
        save();
}

void RegistryListModel::removeRegistry(const QString &host)
{
    const int row = rowOfHost(host);
    if (row < 0 || m_rows.at(row).entry.isDockerHub())
        return;
    const bool persistent = m_rows.at(row).persistent;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    if (persistent)
        save();
    m_pool->remove(host);
}

RegistryEntry RegistryListModel::entry(const QModelIndex &index) const
{
    // Asking about "no row" is fine here: checkIndex() would warn.
    if (!index.isValid() || index.model() != this || index.row() >= m_rows.size())
        return {};
    return m_rows.at(index.row()).entry;
}

QString RegistryListModel::rateLimitText(const RateLimit &rateLimit)
{
    QString text;
    if (rateLimit.remaining >= 0 && rateLimit.limit >= 0)
        text = tr("%1 of %2 pulls left").arg(rateLimit.remaining).arg(rateLimit.limit);
    else if (rateLimit.remaining >= 0)
        text = tr("%1 pulls left").arg(rateLimit.remaining);
    else if (rateLimit.limit >= 0)
        text = tr("%1 pulls allowed").arg(rateLimit.limit);
    else
        return {};
    const QString window = windowText(rateLimit.windowSeconds);
    if (!window.isEmpty())
        text += QStringLiteral(" (%1)").arg(window);
    return text;
}

void RegistryListModel::save()
{
    QList<RegistryEntry> saved;
    for (const Row &row : std::as_const(m_rows)) {
        if (row.persistent && !row.entry.isDockerHub())
            saved.append(row.entry);
    }
    m_store->setSavedRegistries(saved);
}

void RegistryListModel::onStateChanged(const QString &host)
{
    const int row = rowOfHost(host);
    if (row < 0)
        return;
    const QModelIndex changed = index(row, 0);
    Q_EMIT dataChanged(changed, changed,
                       {Qt::ToolTipRole, Qt::DecorationRole, Qt::AccessibleDescriptionRole,
                        StateRole, StateTextRole, RateLimitTextRole, ErrorRole, SignedInUserRole,
                        CredentialSourceRole, CredentialOriginRole, CredentialProblemsRole});
}

} // namespace Layerscope
