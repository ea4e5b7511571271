#include "imagepane.h"

#include "common/copyactions.h"
#include "common/errorbanner.h"
#include "common/roles.h"
#include "configwidget.h"
#include "layerswidget.h"
#include "manifesttreemodel.h"
#include "platformsmodel.h"
#include "rawjsonwidget.h"
#include "referrerswidget.h"
#include "registry/registryclient.h"
#include "summarywidget.h"
#include "values/imageindex.h"
#include "values/imagemanifest.h"
#include "values/schema1manifest.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLoggingCategory>
#include <QMenu>
#include <QProgressBar>
#include <QShortcut>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcImage, "layerscope.ui.image", QtWarningMsg)

namespace Layerscope {

using Verification = ManifestOperation::Verification;
using NodeKind = ManifestTreeModel::NodeKind;

namespace {

QString rawVerification(Verification verification)
{
    switch (verification) {
    case Verification::RequestedDigest:
        return ImagePane::tr("the bytes hash to the digest that was asked for");
    case Verification::DigestHeader:
        return ImagePane::tr("the bytes hash to it and the registry's Docker-Content-Digest "
                             "header says the same");
    case Verification::ComputedOnly:
        return ImagePane::tr("computed from the bytes only (the registry sent no "
                             "Docker-Content-Digest header)");
    case Verification::ReportedByRegistry:
        return ImagePane::tr("no, the registry reported it without the bytes");
    }
    return {};
}

} // namespace

ImagePane::ImagePane(QWidget *parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_busy(new QProgressBar(this))
    , m_banner(new ErrorBanner(this))
    , m_tabs(new QTabWidget(this))
    , m_summary(new SummaryWidget(m_tabs))
    , m_platformsModel(new PlatformsModel(this))
    , m_platformsView(new QTableView(m_tabs))
    , m_treeModel(new ManifestTreeModel(this))
    , m_treeView(new QTreeView(m_tabs))
    , m_layers(new LayersWidget(m_tabs))
    , m_config(new ConfigWidget(m_tabs))
    , m_referrers(new ReferrersWidget(m_tabs))
    , m_raw(new RawJsonWidget(m_tabs))
{
    setObjectName(QStringLiteral("imagePane"));
    setAccessibleName(tr("Image"));

    m_header->setObjectName(QStringLiteral("imageHeader"));
    m_header->setAccessibleName(tr("Image shown"));
    m_header->setTextFormat(Qt::PlainText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    QFont headerFont = m_header->font();
    headerFont.setBold(true);
    m_header->setFont(headerFont);

    m_busy->setObjectName(QStringLiteral("busyIndicator"));
    m_busy->setAccessibleName(tr("Loading"));
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setMaximumWidth(160);
    m_busy->setMaximumHeight(m_header->sizeHint().height());
    m_busy->hide();

    connect(m_banner, &ErrorBanner::retryRequested, this, &ImagePane::retry);

    m_platformsView->setObjectName(QStringLiteral("platformsView"));
    m_platformsView->setAccessibleName(tr("Platforms"));
    m_platformsView->setModel(m_platformsModel);
    m_platformsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_platformsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_platformsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_platformsView->setAlternatingRowColors(true);
    m_platformsView->setWordWrap(false);
    m_platformsView->verticalHeader()->hide();
    m_platformsView->verticalHeader()->setDefaultSectionSize(m_platformsView->fontMetrics().height()
                                                             + 8);
    m_platformsView->horizontalHeader()->setStretchLastSection(true);
    auto *platformCopy = new CopyActions(m_platformsView);
    connect(m_platformsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ImagePane::onPlatformRowChanged);
    connect(m_platformsView, &QAbstractItemView::activated, this, &ImagePane::onPlatformActivated);
    platformCopy->setExtraActions([this](const QModelIndex &index, QMenu *menu) {
        QList<QAction *> actions;
        if (index.data(PlatformsModel::KindRole).toInt() != int(ImageIndex::EntryKind::Image)) {
            auto *open = new QAction(tr("&Open"), menu);
            connect(open, &QAction::triggered, this, [this, index] { onPlatformActivated(index); });
            actions.append(open);
        }
        return actions;
    });

    m_treeView->setObjectName(QStringLiteral("manifestTree"));
    m_treeView->setAccessibleName(tr("Manifest tree"));
    m_treeView->setModel(m_treeModel);
    m_treeView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_treeView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_treeView->setAlternatingRowColors(true);
    m_treeView->setUniformRowHeights(true);
    m_treeView->header()->setStretchLastSection(false);
    m_treeView->header()->setSectionResizeMode(ManifestTreeModel::NameColumn,
                                               QHeaderView::ResizeToContents);
    m_treeView->header()->setSectionResizeMode(ManifestTreeModel::MediaTypeColumn,
                                               QHeaderView::Stretch);
    m_treeView->header()->setSectionResizeMode(ManifestTreeModel::DigestColumn,
                                               QHeaderView::ResizeToContents);
    m_treeView->header()->setSectionResizeMode(ManifestTreeModel::SizeColumn,
                                               QHeaderView::ResizeToContents);
    auto *treeCopy = new CopyActions(m_treeView);
    connect(m_treeView, &QAbstractItemView::activated, this, &ImagePane::onTreeActivated);
    treeCopy->setExtraActions([this](const QModelIndex &index, QMenu *menu) {
        QList<QAction *> actions;
        if (!index.data(ReferenceRole).toString().isEmpty()
            && !index.data(ManifestTreeModel::CurrentRole).toBool()
            && index.data(DigestRole).toString() != m_digest.toString()) {
            auto *open = new QAction(tr("&Open"), menu);
            connect(open, &QAction::triggered, this, [this, index] { onTreeActivated(index); });
            actions.append(open);
        }
        return actions;
    });

    connect(m_summary, &SummaryWidget::imageSelected, this, &ImagePane::selectImage);
    // A layer or config is a blob, not something to open in place: show where it sits.
    connect(m_layers, &LayersWidget::digestActivated, this, [this](const Digest &digest) {
        QModelIndex node;
        if (m_current >= 0)
            node = m_treeModel->indexOf(
                digest, m_treeModel->indexOf(m_images.at(m_current).descriptor.digest));
        if (!node.isValid())
            node = m_treeModel->indexOf(digest);
        if (!node.isValid())
            return;
        m_tabs->setCurrentWidget(m_treeView);
        m_treeView->scrollTo(node);
        m_treeView->setCurrentIndex(node);
    });
    connect(m_referrers, &ReferrersWidget::loaded, this, &ImagePane::referrersLoaded);
    connect(m_referrers, &ReferrersWidget::referenceActivated, this, [this](const QString &text) {
        if (const auto parsed = ImageReference::parse(text))
            Q_EMIT openReference(*parsed);
    });

    m_tabs->setObjectName(QStringLiteral("imageTabs"));
    m_tabs->setAccessibleName(tr("Image details"));
    m_tabs->setDocumentMode(true);
    const QList<std::pair<QWidget *, QString>> pages{
        {m_summary, tr("Summary")}, {m_platformsView, tr("Platforms")},
        {m_treeView, tr("Tree")},   {m_layers, tr("Layers")},
        {m_config, tr("Config")},   {m_referrers, tr("Referrers")},
        {m_raw, tr("Raw")},
    };
    for (int i = 0; i < pages.size(); ++i) {
        const auto &[page, title] = pages.at(i);
        m_tabs->addTab(page, title);
        m_tabs->setTabToolTip(
            i, tr("%1 (Alt+%2; Ctrl+PgUp/PgDown to move between tabs)").arg(title).arg(i + 1));
        if (page->accessibleName().isEmpty())
            page->setAccessibleName(title);
        auto *shortcut = new QShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)), this,
                                       nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, [this, i] { m_tabs->setCurrentIndex(i); });
    }
    // Item views take Ctrl+PgUp/PgDown as page moves, so the tab widget would never see them
    // while a table has focus; as pane shortcuts they work from anywhere in the pane.
    for (const auto &[key, step] : {std::pair{QKeySequence(Qt::CTRL | Qt::Key_PageDown), 1},
                                    std::pair{QKeySequence(Qt::CTRL | Qt::Key_PageUp), -1}}) {
        auto *shortcut = new QShortcut(key, this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, [this, step] {
            m_tabs->setCurrentIndex((m_tabs->currentIndex() + step + m_tabs->count())
                                    % m_tabs->count());
        });
    }
    if (m_layers->objectName().isEmpty())
        m_layers->setObjectName(QStringLiteral("layersWidget"));
    connect(m_tabs, &QTabWidget::currentChanged, this, &ImagePane::loadReferrersIfShown);

    auto *top = new QHBoxLayout;
    top->addWidget(m_header, 1);
    top->addWidget(m_busy);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_banner);
    layout->addWidget(m_tabs, 1);

    clear();
}

ImagePane::~ImagePane()
{
    cancelInspection();
}

void ImagePane::cancelInspection()
{
    // Deleting the operation stops its requests and emits nothing: a late answer for the
    // reference shown before can never arrive.
    delete m_inspection.data();
    m_inspection = nullptr;
}

void ImagePane::resetData()
{
    m_manifest.reset();
    m_digest = {};
    m_verification = Verification::ComputedOnly;
    m_images.clear();
    m_current = -1;
    m_referrersStale = false;
    m_platformsModel->clear();
    m_treeModel->clear();
    m_layers->clear();
    m_config->clear();
    m_referrers->clear();
    m_raw->clear();
}

void ImagePane::showImage(RegistryClient *client, const ImageReference &reference,
                          std::optional<Platform> platform)
{
    cancelInspection();
    resetData();
    m_banner->clear();
    m_client = client;
    m_reference = reference;
    m_wantedPlatform = std::move(platform);

    m_header->setText(tr("Loading %1…").arg(reference.toString()));
    m_summary->setLoading(reference);
    if (!client || reference.path().isEmpty()
        || (reference.tag().isEmpty() && reference.digest().isNull())) {
        m_busy->hide();
        m_summary->setMessage(tr("Nothing to show for %1.").arg(reference.toString()));
        m_banner->showMessage(tr("Cannot load %1").arg(reference.toString()),
                              tr("The reference needs a registry, a repository and a tag or "
                                 "digest."));
        return;
    }
    m_busy->show();
    qCDebug(lcImage) << "inspecting" << reference.toString();
    auto *inspection = new ImageInspection(client, reference, std::nullopt, this);
    m_inspection = inspection;
    connect(inspection, &Operation::finished, this,
            [this, inspection] { onInspected(inspection); });
}

void ImagePane::onInspected(ImageInspection *inspection)
{
    inspection->deleteLater();
    if (inspection != m_inspection)
        return;
    m_inspection = nullptr;
    m_busy->hide();
    if (inspection->error().isError()) {
        const RegistryError error = inspection->error();
        qCDebug(lcImage) << "inspection of" << m_reference.toString()
                         << "failed:" << error.toString();
        m_header->setText(tr("%1 could not be loaded").arg(m_reference.toString()));
        m_summary->setMessage(tr("Could not load %1.").arg(m_reference.toString()));
        m_banner->showError(tr("Could not load %1").arg(m_reference.toString()), error);
        Q_EMIT errorOccurred(error);
        return;
    }

    m_manifest = inspection->manifest();
    m_digest = inspection->digest();
    m_verification = inspection->verification();
    m_images = inspection->images();

    int chosen = -1;
    if (m_wantedPlatform) {
        for (int i = 0; i < m_images.size() && chosen < 0; ++i) {
            if (m_images.at(i).platform == *m_wantedPlatform)
                chosen = i;
        }
        for (int i = 0; i < m_images.size() && chosen < 0; ++i) {
            if (m_images.at(i).platform.matches(*m_wantedPlatform))
                chosen = i;
        }
    }
    if (const auto index = std::dynamic_pointer_cast<const ImageIndex>(m_manifest);
        index && chosen < 0) {
        if (const std::optional<Descriptor> host = index->selectImage(Platform::host()))
            chosen = imageIndexOf(host->digest.toString());
    }
    if (chosen < 0 && !m_images.isEmpty())
        chosen = 0;
    m_current = chosen;

    const QString registry = m_reference.domain();
    m_platformsModel->setDocument(registry, repository(), m_manifest, m_digest, m_images);
    m_treeModel->setDocument(registry, repository(), m_manifest, m_digest, m_images);
    m_treeView->expandToDepth(0);
    showCurrentImage();
    // After the current row is bold, so that its wider text fits.
    m_platformsView->resizeColumnsToContents();
    Q_EMIT loaded();
}

int ImagePane::imageIndexOf(const QString &digest) const
{
    for (int i = 0; i < m_images.size(); ++i) {
        if (m_images.at(i).descriptor.digest.toString() == digest)
            return i;
    }
    return -1;
}

void ImagePane::selectPlatform(const Platform &platform)
{
    if (isLoading() || m_images.isEmpty()) {
        m_wantedPlatform = platform;
        return;
    }
    int found = -1;
    for (int i = 0; i < m_images.size() && found < 0; ++i) {
        if (m_images.at(i).platform == platform)
            found = i;
    }
    for (int i = 0; i < m_images.size() && found < 0; ++i) {
        if (m_images.at(i).platform.matches(platform))
            found = i;
    }
    if (found >= 0)
        selectImage(found);
}

void ImagePane::selectImage(int index)
{
    if (index < 0 || index >= m_images.size() || index == m_current)
        return;
    m_current = index;
    m_wantedPlatform = m_images.at(index).platform;
    showCurrentImage();
    Q_EMIT platformChanged(m_images.at(index).platform);
}

std::optional<Platform> ImagePane::currentPlatform() const
{
    if (m_current < 0 || m_current >= m_images.size())
        return std::nullopt;
    return m_images.at(m_current).platform;
}

void ImagePane::showCurrentImage()
{
    m_summary->setImage(m_reference, m_manifest, m_digest, m_verification, m_images, m_current);
    const bool isIndex = m_manifest && m_manifest->isIndex();
    const QString name = m_reference.familiarString();
    if (m_current < 0) {
        m_header->setText(name);
        return;
    }
    const ResolvedImage &image = m_images.at(m_current);
    const QString platform = PlatformsModel::platformText(image.platform);
    m_header->setText(platform.isEmpty() ? name : tr("%1 — %2").arg(name, platform));

    m_platformsModel->setCurrentDigest(image.descriptor.digest);
    m_treeModel->setCurrentDigest(image.descriptor.digest);
    {
        m_syncingSelection = true;
        const int row = m_platformsModel->rowOf(image.descriptor.digest);
        if (row >= 0)
            m_platformsView->setCurrentIndex(m_platformsModel->index(row, 0));
        const QModelIndex node = m_treeModel->indexOf(image.descriptor.digest);
        if (node.isValid())
            m_treeView->expand(node);
        m_syncingSelection = false;
    }

    if (m_client)
        m_layers->setImage(m_client, repository(), image);
    else
        m_layers->clear();

    const auto manifest = std::dynamic_pointer_cast<const ImageManifest>(image.manifest);
    if (image.config)
        m_config->setConfig(image.config);
    else if (manifest)
        m_config->setConfig(std::nullopt,
                            tr("This manifest is an artifact: its config (%1) is "
                               "not an image config.")
                                .arg(manifest->config().mediaType));
    else
        m_config->setConfig(std::nullopt,
                            tr("Schema 1 manifests have no config: their run "
                               "settings live in each layer's v1Compatibility "
                               "history."));

    QList<RawJsonWidget::Document> documents;
    const QString topVerification = rawVerification(m_verification);
    if (isIndex) {
        documents.append({m_manifest->format() == Manifest::Format::DockerManifestList
                              ? tr("Manifest list")
                              : tr("Index"),
                          m_manifest->raw(), m_digest, topVerification});
    }
    if (image.manifest) {
        QString verification
            = isIndex ? rawVerification(Verification::RequestedDigest) : topVerification;
        if (const auto schema1 = std::dynamic_pointer_cast<const Schema1Manifest>(image.manifest);
            schema1 && schema1->isSigned())
            verification += tr(" (a signed schema 1 manifest: the digest covers the payload "
                               "without its signatures)");
        documents.append({platform.isEmpty() ? tr("Manifest") : tr("Manifest %1").arg(platform),
                          image.manifest->raw(), image.descriptor.digest, verification});
    }
    if (image.config) {
        documents.append({tr("Config"), image.config->raw(), image.config->digest(),
                          tr("the blob hashes to the config digest the manifest names and has "
                             "its size")});
    }
    const int previous = m_raw->currentDocument();
    m_raw->setDocuments(documents, previous < 0 ? 0 : previous);

    m_referrersStale = true;
    loadReferrersIfShown();
}

void ImagePane::loadReferrersIfShown()
{
    if (!m_referrersStale || m_tabs->currentWidget() != m_referrers || m_current < 0)
        return;
    m_referrersStale = false;
    const ResolvedImage &image = m_images.at(m_current);
    QList<ReferrersWidget::Subject> subjects;
    const QString platform = PlatformsModel::platformText(image.platform);
    subjects.append({platform.isEmpty() ? tr("Manifest") : tr("Manifest %1").arg(platform),
                     image.descriptor.digest});
    if (m_manifest && m_manifest->isIndex())
        subjects.append({tr("Index"), m_digest});
    m_referrers->setSubjects(m_client, repository(), subjects);
}

void ImagePane::clear()
{
    cancelInspection();
    resetData();
    m_client = nullptr;
    m_reference = {};
    m_wantedPlatform.reset();
    m_banner->clear();
    m_busy->hide();
    m_header->setText(tr("No image selected"));
    m_summary->setMessage(tr("No image selected. Pick a tag to see what it is made of."));
}

void ImagePane::retry()
{
    if (m_reference.isNull())
        return;
    std::optional<Platform> platform = currentPlatform();
    if (!platform)
        platform = m_wantedPlatform;
    showImage(m_client, m_reference, platform);
}

void ImagePane::setCurrentSection(Section section)
{
    m_tabs->setCurrentIndex(int(section));
}

ImagePane::Section ImagePane::currentSection() const
{
    return Section(m_tabs->currentIndex());
}

QByteArray ImagePane::saveColumns() const
{
    return m_layers->view()->horizontalHeader()->saveState();
}

bool ImagePane::restoreColumns(const QByteArray &state)
{
    return !state.isEmpty() && m_layers->view()->horizontalHeader()->restoreState(state);
}

void ImagePane::onPlatformRowChanged(const QModelIndex &current)
{
    if (m_syncingSelection || !current.isValid())
        return;
    if (current.data(PlatformsModel::KindRole).toInt() == int(ImageIndex::EntryKind::Image)) {
        const int image = imageIndexOf(current.data(DigestRole).toString());
        if (image >= 0)
            selectImage(image);
    }
}

void ImagePane::onPlatformActivated(const QModelIndex &index)
{
    const QString digest = index.data(DigestRole).toString();
    const int image = imageIndexOf(digest);
    if (index.data(PlatformsModel::KindRole).toInt() == int(ImageIndex::EntryKind::Image)
        && image >= 0) {
        selectImage(image);
        return;
    }
    if (digest != m_digest.toString())
        openDigest(digest);
}

void ImagePane::onTreeActivated(const QModelIndex &index)
{
    const auto kind = NodeKind(index.data(ManifestTreeModel::NodeKindRole).toInt());
    if (kind == NodeKind::Config || kind == NodeKind::Layer)
        return;
    const QString digest = index.data(DigestRole).toString();
    if (digest.isEmpty() || digest == m_digest.toString())
        return;
    const int image = imageIndexOf(digest);
    if (kind == NodeKind::Manifest && image >= 0) {
        selectImage(image);
        return;
    }
    openDigest(digest);
}

void ImagePane::openDigest(const QString &digest)
{
    if (digest.isEmpty() || m_reference.isNull())
        return;
    const auto reference = ImageReference::parse(m_reference.name() + u'@' + digest);
    if (reference)
        Q_EMIT openReference(*reference);
}

} // namespace Layerscope
