#pragma once

#include "registry/manifestoperation.h"
#include "services/imageinspection.h"
#include "transport/registryerror.h"
#include "values/imagereference.h"
#include "values/platform.h"

#include <QList>
#include <QPointer>
#include <QWidget>

#include <optional>

class QLabel;
class QModelIndex;
class QProgressBar;
class QTabWidget;
class QTableView;
class QTreeView;

namespace Layerscope {

class ConfigWidget;
class ErrorBanner;
class LayersWidget;
class ManifestTreeModel;
class PlatformsModel;
class RawJsonWidget;
class ReferrersWidget;
class RegistryClient;
class SummaryWidget;

/**
 * Everything about one tag or digest: its summary (the digests side by side), the platforms
 * of an index, the tree of documents, the layers, the config, the referrers and the raw
 * documents, one tab each, with an inline error notice above them.
 *
 * The pane inspects every image of an index at once (the platform list needs them all), so
 * switching platforms needs no further request except the referrers, which are fetched when
 * their tab is shown. Showing another reference drops the previous inspection: a late result
 * is never shown and no reply outlives the switch.
 */
class ImagePane : public QWidget
{
    Q_OBJECT

public:
    /// The tabs, in order.
    enum class Section { Summary, Platforms, Tree, Layers, Config, Referrers, Raw };
    Q_ENUM(Section)

    explicit ImagePane(QWidget *parent = nullptr);
    ~ImagePane() override;

    /**
     * Shows \a reference (normalised, with a tag and/or digest) from \a client's registry,
     * with \a platform's image selected when it has one (else the host's, else the first).
     * Clears the old data at once and shows a loading state until the inspection finishes.
     */
    void showImage(RegistryClient *client, const ImageReference &reference,
                   std::optional<Platform> platform = {});
    /// Selects the image of \a platform (the first entry that is exactly it, else the first
    /// that matches it once normalised); remembered for when loading finishes.
    void selectPlatform(const Platform &platform);
    /// The platform of the image shown; empty while loading or with nothing shown.
    std::optional<Platform> currentPlatform() const;
    /// Stops loading and shows nothing.
    void clear();
    /// Loads the same reference again (after an error).
    void retry();
    ImageReference reference() const { return m_reference; }
    bool isLoading() const { return !m_inspection.isNull(); }
    /// Shows the tab of \a section.
    void setCurrentSection(Section section);
    Section currentSection() const;
    /// The layer table's column widths, for restoreColumns() in the next session.
    QByteArray saveColumns() const;
    /// Restores what saveColumns() returned; false (and nothing changed) for an unusable state.
    bool restoreColumns(const QByteArray &state);

Q_SIGNALS:
    /// The image shown changed to that of \a platform.
    void platformChanged(const Layerscope::Platform &platform);
    /// The user asked to open another document of the repository in place: a platform
    /// manifest, a nested index, an attestation, a referrer.
    void openReference(const Layerscope::ImageReference &reference);
    /// The inspection finished and every tab shows its data.
    void loaded();
    /// The inspection failed; the error notice shows \a error.
    void errorOccurred(const Layerscope::RegistryError &error);
    /// The referrers tab has its lists (it fetches them when first shown for an image).
    void referrersLoaded();

private:
    void onInspected(ImageInspection *inspection);
    void cancelInspection();
    void resetData();
    void selectImage(int index);
    void showCurrentImage();
    void loadReferrersIfShown();
    void onPlatformRowChanged(const QModelIndex &current);
    void onPlatformActivated(const QModelIndex &index);
    void onTreeActivated(const QModelIndex &index);
    void openDigest(const QString &digest);
    int imageIndexOf(const QString &digest) const;
    QString repository() const { return m_reference.path(); }

    QPointer<RegistryClient> m_client;
    ImageReference m_reference;
    std::optional<Platform> m_wantedPlatform;
    QPointer<ImageInspection> m_inspection;
    ManifestPtr m_manifest;
    Digest m_digest;
    ManifestOperation::Verification m_verification = ManifestOperation::Verification::ComputedOnly;
    QList<ResolvedImage> m_images;
    int m_current = -1;
    bool m_referrersStale = false;
    bool m_syncingSelection = false;

    QLabel *m_header;
    QProgressBar *m_busy;
    ErrorBanner *m_banner;
    QTabWidget *m_tabs;
    SummaryWidget *m_summary;
    PlatformsModel *m_platformsModel;
    QTableView *m_platformsView;
    ManifestTreeModel *m_treeModel;
    QTreeView *m_treeView;
    LayersWidget *m_layers;
    ConfigWidget *m_config;
    ReferrersWidget *m_referrers;
    RawJsonWidget *m_raw;
};

} // namespace Layerscope
