#include "manifesttreemodel.h"

#include "common/cellfont.h"
#include "common/roles.h"
#include "platformsmodel.h"
#include "values/imageindex.h"
#include "values/imagemanifest.h"
#include "values/mediatype.h"
#include "values/schema1manifest.h"

namespace Layerscope {

namespace {

// Deeper nesting than this is not something registries serve; it also bounds a hostile cycle.
constexpr int MaxDepth = 8;

} // namespace

ManifestTreeModel::Node *ManifestTreeModel::Node::add(std::unique_ptr<Node> child)
{
    child->parent = this;
    child->row = int(children.size());
    children.push_back(std::move(child));
    return children.back().get();
}

ManifestTreeModel::ManifestTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{ }

ManifestTreeModel::~ManifestTreeModel() = default;

void ManifestTreeModel::setDocument(const QString &registry, const QString &repository,
                                    const ManifestPtr &top, const Digest &topDigest,
                                    const QList<ResolvedImage> &images,
                                    const QList<ManifestPtr> &fetched)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_name = registry.isEmpty() ? repository : registry + u'/' + repository;
    m_fetched.clear();
    m_platforms.clear();
    for (const ManifestPtr &manifest : fetched) {
        if (manifest)
            m_fetched.insert(manifest->digest().toString(), manifest);
    }
    for (const ResolvedImage &image : images) {
        if (image.manifest)
            m_fetched.insert(image.descriptor.digest.toString(), image.manifest);
        if (!image.platform.isNull())
            m_platforms.insert(image.descriptor.digest.toString(), image.platform);
    }
    if (top) {
        auto node = std::make_unique<Node>();
        node->descriptor.mediaType = top->mediaType();
        node->descriptor.digest = topDigest.isNull() ? top->digest() : topDigest;
        node->descriptor.size = top->raw().size();
        if (top->isIndex()) {
            node->kind = NodeKind::Index;
            node->name = tr("Index");
        } else {
            node->kind = NodeKind::Manifest;
            const Platform platform = m_platforms.value(node->descriptor.digest.toString());
            node->name = platform.isNull()
                ? tr("Manifest")
                : tr("Manifest %1").arg(PlatformsModel::platformText(platform));
            node->descriptor.platform
                = platform.isNull() ? std::nullopt : std::optional<Platform>(platform);
        }
        Node *added = m_root->add(std::move(node));
        fill(added, top, 0);
    }
    endResetModel();
}

void ManifestTreeModel::fill(Node *node, const ManifestPtr &manifest, int depth)
{
    node->fetched = true;
    if (const auto index = std::dynamic_pointer_cast<const ImageIndex>(manifest)) {
        QHash<QString, Platform> entryPlatforms;
        for (const Descriptor &entry : index->manifests()) {
            if (entry.platform)
                entryPlatforms.insert(entry.digest.toString(), *entry.platform);
        }
        for (const Descriptor &entry : index->manifests()) {
            auto child = std::make_unique<Node>();
            child->descriptor = entry;
            const QString platform
                = entry.platform ? PlatformsModel::platformText(*entry.platform) : QString();
            switch (ImageIndex::entryKind(entry)) {
            case ImageIndex::EntryKind::Image:
                child->kind = NodeKind::Manifest;
                child->name = platform.isEmpty() ? tr("Manifest") : tr("Manifest %1").arg(platform);
                break;
            case ImageIndex::EntryKind::Attestation: {
                child->kind = NodeKind::Attestation;
                const QString attested = entry.annotation(MediaType::AnnotationReferenceDigest);
                const auto it = entryPlatforms.constFind(attested);
                child->name = it != entryPlatforms.cend()
                    ? tr("Attestation for %1").arg(PlatformsModel::platformText(*it))
                    : tr("Attestation");
                break;
            }
            case ImageIndex::EntryKind::Index:
                child->kind = NodeKind::Index;
                child->name = platform.isEmpty() ? tr("Index") : tr("Index %1").arg(platform);
                break;
            case ImageIndex::EntryKind::Artifact:
                child->kind = NodeKind::Artifact;
                child->name = entry.artifactType.isEmpty()
                    ? tr("Artifact")
                    : tr("Artifact %1").arg(entry.artifactType);
                break;
            }
            Node *added = node->add(std::move(child));
            const ManifestPtr document = m_fetched.value(entry.digest.toString());
            if (document && depth < MaxDepth)
                fill(added, document, depth + 1);
        }
        return;
    }
    if (const auto image = std::dynamic_pointer_cast<const ImageManifest>(manifest)) {
        auto config = std::make_unique<Node>();
        config->kind = NodeKind::Config;
        config->name = tr("Config");
        config->descriptor = image->config();
        node->add(std::move(config));
        const QList<Descriptor> &layers = image->layers();
        for (qsizetype i = 0; i < layers.size(); ++i) {
            auto layer = std::make_unique<Node>();
            layer->kind = NodeKind::Layer;
            layer->name = tr("Layer %1").arg(i + 1);
            layer->descriptor = layers.at(i);
            node->add(std::move(layer));
        }
        return;
    }
    if (const auto schema1 = std::dynamic_pointer_cast<const Schema1Manifest>(manifest)) {
        // Schema1 lists the newest layer first; number them base first as the other formats.
        const QList<Digest> &layers = schema1->fsLayers();
        for (qsizetype i = layers.size() - 1; i >= 0; --i) {
            auto layer = std::make_unique<Node>();
            layer->kind = NodeKind::Layer;
            layer->name = tr("Layer %1").arg(layers.size() - i);
            layer->descriptor.digest = layers.at(i);
            layer->descriptor.size = -1;
            node->add(std::move(layer));
        }
    }
}

void ManifestTreeModel::setCurrentDigest(const Digest &digest)
{
    if (digest == m_current)
        return;
    const QModelIndex before = indexOf(m_current);
    m_current = digest;
    const QModelIndex after = indexOf(m_current);
    for (const QModelIndex &changed : {before, after}) {
        if (changed.isValid())
            Q_EMIT dataChanged(changed, changed.siblingAtColumn(ColumnCount - 1),
                               {Qt::FontRole, CurrentRole});
    }
}

void ManifestTreeModel::clear()
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_fetched.clear();
    m_platforms.clear();
    m_current = {};
    endResetModel();
}

const ManifestTreeModel::Node *ManifestTreeModel::find(const Node *node, const Digest &digest) const
{
    if (node != m_root.get() && node->descriptor.digest == digest)
        return node;
    for (const auto &child : node->children) {
        if (const Node *found = find(child.get(), digest))
            return found;
    }
    return nullptr;
}

QModelIndex ManifestTreeModel::indexOf(const Digest &digest, const QModelIndex &parent) const
{
    if (digest.isNull())
        return {};
    const Node *under = nodeOf(parent);
    for (const auto &child : under->children) {
        if (const Node *found = find(child.get(), digest))
            return indexOfNode(found);
    }
    return {};
}

ManifestTreeModel::Node *ManifestTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex ManifestTreeModel::indexOfNode(const Node *node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row, column, const_cast<Node *>(node));
}

QModelIndex ManifestTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    const Node *node = nodeOf(parent);
    return indexOfNode(node->children.at(size_t(row)).get(), column);
}

QModelIndex ManifestTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOfNode(nodeOf(child)->parent);
}

int ManifestTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int ManifestTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant ManifestTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *node = nodeOf(index);
    const Descriptor &descriptor = node->descriptor;
    const bool isDocument = node->kind != NodeKind::Config && node->kind != NodeKind::Layer;
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case NameColumn:
            return node->name;
        case MediaTypeColumn:
            return descriptor.mediaType.isEmpty() ? QString()
                                                  : MediaType::displayName(descriptor.mediaType);
        case DigestColumn:
            return descriptor.digest.isNull()
                ? QString()
                : descriptor.digest.algorithmName() + u':' + descriptor.digest.shortHex() + u'…';
        case SizeColumn:
            return descriptor.size < 0 ? QString() : PlatformsModel::sizeText(descriptor.size);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case NameColumn:
            if (isDocument && !node->fetched)
                return tr("Not fetched: activate to open %1").arg(descriptor.digest.toString());
            return node->name;
        case MediaTypeColumn:
            return descriptor.mediaType;
        case DigestColumn:
            return descriptor.digest.toString();
        case SizeColumn:
            return descriptor.size < 0
                ? tr("Schema 1 manifests do not record layer sizes")
                : tr("%n bytes", nullptr, int(qMin<qint64>(descriptor.size, INT_MAX)));
        case ColumnCount:
            break;
        }
        return {};
    case Qt::FontRole:
        return documentCellFont(index.column() == DigestColumn,
                                isDocument && !m_current.isNull()
                                    && descriptor.digest == m_current);
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::AccessibleTextRole:
        if (index.column() == DigestColumn)
            return descriptor.digest.toString();
        return data(index, Qt::DisplayRole);
    case NodeKindRole:
        return int(node->kind);
    case PlatformRole:
        return descriptor.platform ? QVariant::fromValue(*descriptor.platform) : QVariant();
    case SizeRole:
        return descriptor.size;
    case FetchedRole:
        return node->fetched;
    case CurrentRole:
        return isDocument && !m_current.isNull() && descriptor.digest == m_current;
    case DigestRole:
        return descriptor.digest.toString();
    case ReferenceRole:
        return isDocument && !descriptor.digest.isNull()
            ? m_name + u'@' + descriptor.digest.toString()
            : QString();
    default:
        return {};
    }
}

QVariant ManifestTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case MediaTypeColumn:
        return tr("Media type");
    case DigestColumn:
        return tr("Digest");
    case SizeColumn:
        return tr("Size");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace Layerscope
