#include "tagmodel.h"

#include "common/roles.h"
#include "naturalsort.h"
#include "registry/registryclient.h"
#include "transport/registryerror.h"
#include "values/imagereference.h"

#include <QApplication>
#include <QFontDatabase>
#include <QLocale>
#include <QLoggingCategory>
#include <QStyle>

#include <algorithm>
#include <utility>

namespace Layerscope {

Q_LOGGING_CATEGORY(lcTags, "layerscope.ui.tags", QtWarningMsg)

namespace {

/// How long updates are gathered before views hear of them: fast enough to look live, slow
/// enough that a burst of resolved tags costs one repaint and one proxy re-sort.
constexpr int FlushIntervalMs = 40;
/// Up to this many platforms are listed in the cell; more are counted.
constexpr qsizetype PlatformsShown = 3;
/// Other tags named in the "same image as" cell and role; the tooltip names more.
constexpr int SameImageShown = 6;
constexpr int SameImageInToolTip = 40;

bool isHex(QStringView text)
{
    return std::all_of(text.begin(), text.end(), [](QChar c) {
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
    });
}

} // namespace

TagModel::TagModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(FlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &TagModel::flush);
}

TagModel::~TagModel() = default;

void TagModel::setRepository(RegistryClient *client, const QString &repository)
{
    stopResolver();
    m_client = client;
    showResults(client ? client->registry() : QString(), repository, {}, false);
    start();
}

void TagModel::setResults(const QString &registry, const QString &repository,
                          const QList<TagInfo> &results)
{
    const bool stopped = stopResolver();
    m_client = nullptr;
    showResults(registry, repository, results, true);
    if (stopped)
        Q_EMIT resolvingFinished();
}

void TagModel::setConcurrency(int concurrency)
{
    m_concurrency = std::max(1, concurrency);
}

void TagModel::clear()
{
    const bool stopped = stopResolver();
    m_client = nullptr;
    showResults({}, {}, {}, false);
    if (stopped)
        Q_EMIT resolvingFinished();
}

void TagModel::cancel()
{
    if (!m_resolver)
        return;
    qCDebug(lcTags) << "stopped resolving" << m_repository << "at" << m_resolvedCount << "of"
                    << m_tags.size();
    stopResolver();
    flush();
    announceStoppedRows();
    Q_EMIT resolvingFinished();
}

void TagModel::retry()
{
    if (!m_client || m_repository.isEmpty())
        return;
    setRepository(m_client, m_repository);
}

QModelIndex TagModel::indexOfTag(const QString &tag) const
{
    const auto found = m_rowOfTag.constFind(tag);
    return found == m_rowOfTag.cend() ? QModelIndex() : index(*found, TagColumn);
}

bool TagModel::isSignatureTag(QStringView tag)
{
    for (QLatin1StringView suffix :
         {QLatin1StringView(".sig"), QLatin1StringView(".att"), QLatin1StringView(".sbom")}) {
        if (tag.endsWith(suffix))
            return true;
    }
    for (const auto &[prefix, length] : {std::pair{QLatin1StringView("sha256-"), 64},
                                         std::pair{QLatin1StringView("sha512-"), 128}}) {
        if (tag.startsWith(prefix) && tag.size() >= prefix.size() + length
            && isHex(tag.mid(prefix.size(), length)))
            return true;
    }
    return false;
}

int TagModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tags.size());
}

int TagModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TagModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    const TagInfo &info = m_tags.at(row);
    const State state = stateOf(info);

    switch (role) {
    case Qt::DisplayRole:
        return displayData(info, row, column);
    case Qt::ToolTipRole:
        return toolTipData(info, row, column);
    case Qt::DecorationRole:
        if (column == DigestColumn && state == Failed) {
            if (m_warningIcon.isNull()
                && qobject_cast<QApplication *>(QCoreApplication::instance()))
                m_warningIcon = QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
            return m_warningIcon;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (column == SizeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::FontRole:
        if (column == DigestColumn && state != Failed && !info.digest.isNull()) {
            if (!m_digestFontKnown) {
                m_digestFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
                m_digestFontKnown = true;
            }
            return m_digestFont;
        }
        return {};
    case Qt::AccessibleTextRole:
        if (column == TagColumn) {
            const QString same = sameImageText(row, SameImageShown);
            return same.isEmpty() ? info.tag : info.tag + QStringLiteral(", ") + same;
        }
        return {};
    case CreatedRole:
        return info.created;
    case SizeRole:
        return info.compressedSize;
    case GroupRole: {
        const QString &digest = m_rowDigest.at(row);
        return digest.isEmpty() ? -1 : m_groups.value(digest).index;
    }
    case SameImageRole:
        return sameImageText(row, SameImageShown);
    case SignatureTagRole:
        return isSignatureTag(info.tag);
    case ResolvedRole:
        return info.resolved;
    case StateRole:
        return QVariant::fromValue(state);
    case DigestRole:
        return info.digest.toString();
    case ReferenceRole:
        if (info.digest.isNull() || m_referenceName.isEmpty())
            return QString();
        return m_referenceName + u'@' + info.digest.toString();
    case ErrorRole:
        return state == Failed ? info.error.toString() : QString();
    case NameRole:
        return info.tag;
    default:
        return {};
    }
}

QVariant TagModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (Column(section)) {
        case TagColumn:
            return tr("Tag");
        case DigestColumn:
            return tr("Digest");
        case PlatformsColumn:
            return tr("Platforms");
        case SizeColumn:
            return tr("Size");
        case CreatedColumn:
            return tr("Created");
        case SameImageColumn:
            return tr("Same image as");
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case DigestColumn:
            return tr("Digest of the manifest or index the tag names");
        case SizeColumn:
            return tr("Compressed size of the image a pull on this machine's platform fetches");
        case CreatedColumn:
            return tr("Creation time from the image's config, in local time");
        case SameImageColumn:
            return tr("Other tags that name the same digest");
        default:
            break;
        }
    }
    if (role == Qt::TextAlignmentRole && section == SizeColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

void TagModel::start()
{
    if (!m_client || m_repository.isEmpty())
        return;
    qCDebug(lcTags) << "resolving the tags of" << m_repository << "on" << m_registry;
    m_resolver = new TagResolver(m_client, m_repository, {}, TagResolver::Detail::Full,
                                 Platform::host(), m_concurrency, this);
    TagResolver *resolver = m_resolver;
    connect(resolver, &TagResolver::tagsListed, this, [this, resolver] {
        if (resolver == m_resolver)
            onTagsListed();
    });
    connect(resolver, &TagResolver::tagResolved, this, [this, resolver](qsizetype row) {
        if (resolver == m_resolver)
            onTagResolved(row);
    });
    connect(resolver, &Operation::finished, this, [this, resolver] {
        if (resolver == m_resolver)
            onResolverFinished();
    });
    Q_EMIT resolvingStarted();
    Q_EMIT progressChanged(0, 0);
}

bool TagModel::stopResolver()
{
    if (!m_resolver)
        return false;
    TagResolver *resolver = m_resolver;
    m_resolver = nullptr;
    // Nothing of it may arrive any more; deleted later because this may run inside one of
    // its own signals.
    resolver->disconnect(this);
    resolver->cancel();
    resolver->deleteLater();
    return true;
}

void TagModel::showResults(const QString &registry, const QString &repository,
                           const QList<TagInfo> &results, bool listed)
{
    beginResetModel();
    m_registry = registry;
    m_repository = repository;
    m_referenceName.clear();
    if (!registry.isEmpty() && !repository.isEmpty()) {
        const QString name = registry + u'/' + repository;
        const auto parsed = ImageReference::parse(name);
        m_referenceName = parsed ? parsed->name() : name;
    }
    m_tags = results;
    m_rowDigest = QList<QString>(results.size());
    m_rowOfTag.clear();
    m_rowOfTag.reserve(results.size());
    m_groups.clear();
    m_nextGroupIndex = 0;
    m_resolvedCount = 0;
    m_changedRows.clear();
    m_dirtyGroups.clear();
    m_flushTimer.stop();
    for (int row = 0; row < m_tags.size(); ++row) {
        const TagInfo &info = m_tags.at(row);
        m_rowOfTag.insert(info.tag, row);
        if (info.resolved) {
            ++m_resolvedCount;
            if (!info.digest.isNull())
                addToGroup(row);
        }
    }
    m_changedRows.clear();
    m_dirtyGroups.clear();
    endResetModel();
    if (listed)
        Q_EMIT tagsListed();
    Q_EMIT progressChanged(m_resolvedCount, int(m_tags.size()));
}

void TagModel::onTagsListed()
{
    qCDebug(lcTags) << m_repository << "has" << m_resolver->results().size() << "tags";
    showResults(m_registry, m_repository, m_resolver->results(), true);
}

void TagModel::onTagResolved(qsizetype row)
{
    if (row < 0 || row >= m_tags.size() || row >= m_resolver->results().size())
        return;
    storeTag(int(row), m_resolver->results().at(row));
}

void TagModel::onResolverFinished()
{
    TagResolver *resolver = m_resolver;
    const RegistryError error = resolver->error();
    m_resolver = nullptr;
    resolver->disconnect(this);
    resolver->deleteLater();
    flush();
    if (error.isError() && error.category() != RegistryError::Category::Cancelled) {
        qCWarning(lcTags).noquote() << "tags of" << m_repository << "failed:" << error.toString();
        Q_EMIT listFailed(error);
    }
    announceStoppedRows();
    Q_EMIT resolvingFinished();
}

void TagModel::storeTag(int row, const TagInfo &info)
{
    removeFromGroup(row);
    if (!m_tags.at(row).resolved && info.resolved)
        ++m_resolvedCount;
    const QString tag = m_tags.at(row).tag;
    m_tags[row] = info;
    m_tags[row].tag = tag;
    if (info.resolved && !info.digest.isNull())
        addToGroup(row);
    markDirty(row);
    scheduleFlush();
}

void TagModel::addToGroup(int row)
{
    const QString digest = m_tags.at(row).digest.toString();
    auto group = m_groups.find(digest);
    if (group == m_groups.end())
        group = m_groups.insert(digest, Group{m_nextGroupIndex++, {}});
    const QString &tag = m_tags.at(row).tag;
    const auto position = std::lower_bound(
        group->tags.begin(), group->tags.end(), tag,
        [](const QString &a, const QString &b) { return naturalCompare(a, b) < 0; });
    group->tags.insert(position, tag);
    m_rowDigest[row] = digest;
    // The first member gets its group marker now that it shares the image.
    if (group->tags.size() == 2)
        markDirty(m_rowOfTag.value(group->tags.at(group->tags.at(0) == tag ? 1 : 0)));
    m_dirtyGroups.insert(digest);
}

void TagModel::removeFromGroup(int row)
{
    const QString digest = m_rowDigest.at(row);
    if (digest.isEmpty())
        return;
    m_rowDigest[row].clear();
    const auto group = m_groups.find(digest);
    if (group == m_groups.end())
        return;
    group->tags.removeOne(m_tags.at(row).tag);
    if (group->tags.isEmpty()) {
        m_groups.erase(group);
        m_dirtyGroups.remove(digest);
    } else {
        if (group->tags.size() == 1)
            markDirty(m_rowOfTag.value(group->tags.constFirst()));
        m_dirtyGroups.insert(digest);
    }
    markDirty(row);
}

void TagModel::markDirty(int row)
{
    m_changedRows.append(row);
}

void TagModel::scheduleFlush()
{
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void TagModel::flush()
{
    // Two kinds of change, announced so that a sorting proxy re-sorts only what may move:
    // rows whose own data changed (every column, in runs of consecutive rows: a range would
    // make the proxy re-sort every row inside it), and the other members of their groups,
    // whose "same image as" text changed (that column alone, one range).
    m_flushTimer.stop();
    std::sort(m_changedRows.begin(), m_changedRows.end());
    m_changedRows.erase(std::unique(m_changedRows.begin(), m_changedRows.end()),
                        m_changedRows.end());
    int peersFirst = -1;
    int peersLast = -1;
    for (const QString &digest : std::as_const(m_dirtyGroups)) {
        const auto group = m_groups.constFind(digest);
        if (group == m_groups.cend())
            continue;
        for (const QString &tag : group->tags) {
            const int row = m_rowOfTag.value(tag);
            if (std::binary_search(m_changedRows.cbegin(), m_changedRows.cend(), row))
                continue;
            peersFirst = peersFirst < 0 ? row : std::min(peersFirst, row);
            peersLast = std::max(peersLast, row);
        }
    }
    m_dirtyGroups.clear();
    if (m_changedRows.isEmpty() && peersFirst < 0)
        return;
    const QList<int> changed = std::exchange(m_changedRows, {});
    for (qsizetype first = 0; first < changed.size();) {
        qsizetype last = first;
        while (last + 1 < changed.size() && changed.at(last + 1) == changed.at(last) + 1)
            ++last;
        Q_EMIT dataChanged(index(changed.at(first), 0), index(changed.at(last), ColumnCount - 1));
        first = last + 1;
    }
    if (peersFirst >= 0)
        Q_EMIT dataChanged(index(peersFirst, SameImageColumn), index(peersLast, SameImageColumn));
    Q_EMIT progressChanged(m_resolvedCount, int(m_tags.size()));
}

void TagModel::announceStoppedRows()
{
    // Tags still pending read "not resolved" instead of "…" once nothing resolves them.
    if (m_resolvedCount < m_tags.size())
        Q_EMIT dataChanged(index(0, DigestColumn), index(int(m_tags.size()) - 1, DigestColumn));
}

TagModel::State TagModel::stateOf(const TagInfo &info) const
{
    if (!info.resolved)
        return Pending;
    return info.error.isError() ? Failed : Resolved;
}

QStringList TagModel::otherTags(int row, int limit, int *more) const
{
    *more = 0;
    const QString &digest = m_rowDigest.at(row);
    if (digest.isEmpty())
        return {};
    const auto group = m_groups.constFind(digest);
    if (group == m_groups.cend() || group->tags.size() < 2)
        return {};
    const QString &own = m_tags.at(row).tag;
    QStringList shown;
    for (const QString &tag : group->tags) {
        if (shown.size() == limit)
            break;
        if (tag != own)
            shown.append(tag);
    }
    *more = int(group->tags.size()) - 1 - int(shown.size());
    return shown;
}

QString TagModel::sameImageText(int row, int limit) const
{
    int more = 0;
    const QStringList others = otherTags(row, limit, &more);
    if (others.isEmpty())
        return {};
    const QString names = others.join(QStringLiteral(", "));
    if (more > 0)
        return tr("same image as %1 and %n more", nullptr, more).arg(names);
    return tr("same image as %1").arg(names);
}

QVariant TagModel::displayData(const TagInfo &info, int row, int column) const
{
    const State state = stateOf(info);
    switch (Column(column)) {
    case TagColumn:
        return info.tag;
    case DigestColumn:
        if (state == Pending)
            return isResolving() ? QStringLiteral("…") : tr("not resolved");
        if (state == Failed)
            return tr("error");
        if (info.digest.isNull())
            return QString();
        return info.digest.algorithmName() + u':' + info.digest.shortHex();
    case PlatformsColumn:
        if (info.platforms.size() > PlatformsShown)
            return tr("%n platforms", nullptr, int(info.platforms.size()));
        return info.platforms.join(QStringLiteral(", "));
    case SizeColumn:
        return info.compressedSize < 0 ? QString()
                                       : QLocale().formattedDataSize(info.compressedSize);
    case CreatedColumn:
        return info.created.isValid()
            ? QLocale().toString(info.created.toLocalTime(), QLocale::ShortFormat)
            : QString();
    case SameImageColumn: {
        // The cell holds the names alone; its header says what they are.
        int more = 0;
        const QString names = otherTags(row, SameImageShown, &more).join(QStringLiteral(", "));
        return more > 0 ? tr("%1 and %n more", nullptr, more).arg(names) : names;
    }
    case ColumnCount:
        break;
    }
    return {};
}

QVariant TagModel::toolTipData(const TagInfo &info, int row, int column) const
{
    const State state = stateOf(info);
    if (state == Failed && (column == TagColumn || column == DigestColumn)) {
        const QString error = tr("Could not resolve %1: %2").arg(info.tag, info.error.toString());
        return info.digest.isNull() ? error : info.digest.toString() + u'\n' + error;
    }
    if (state == Pending && column == DigestColumn)
        return isResolving() ? tr("Resolving…") : tr("This tag has not been resolved");
    switch (Column(column)) {
    case TagColumn: {
        const QString same = sameImageText(row, SameImageInToolTip);
        return same.isEmpty() ? info.tag : info.tag + u'\n' + same;
    }
    case DigestColumn:
        return info.digest.toString();
    case PlatformsColumn:
        return info.platforms.size() > PlatformsShown ? info.platforms.join(u'\n') : QString();
    case SizeColumn:
        return info.compressedSize < 0
            ? QString()
            : tr("%1 bytes compressed").arg(QLocale().toString(info.compressedSize));
    case CreatedColumn:
        return info.created.isValid() ? info.created.toString(Qt::ISODate) : QString();
    case SameImageColumn:
        return sameImageText(row, SameImageInToolTip);
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace Layerscope
