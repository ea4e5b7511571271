#pragma once

#include "compareside.h"
#include "services/imagecomparison.h"
#include "transport/registryerror.h"
#include "values/imagereference.h"

#include <QPointer>
#include <QWidget>

#include <array>

class QAction;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QToolButton;
class QTreeView;

namespace Layerscope {

class ClientPool;
class CompareLayersModel;
class ConfigDiffModel;
class ErrorBanner;

/**
 * A window that compares two references, A (the first, shown on the left) and B: a header
 * with each side's digests, config digest (image ID), creation time and size, and what the
 * comparison found (the size change, how many layers are shared, whether it is the same
 * image); the layers side by side, aligned like a diff tool's lines, with keys to jump
 * between differences; the run config values that differ; and which platforms only one side
 * has. For multi-platform references the same platform is compared on both sides, and each
 * side's platform can be changed (every platform is read at once, so no request follows).
 *
 * Reading is asynchronous and cancellable (Cancel, Esc); a new compare() drops the previous
 * one, so a late answer is never shown, and closing the window stops the reading.
 */
class CompareWindow : public QWidget
{
    Q_OBJECT

public:
    /// A window reading through \a clients (which must outlive the window or be deleted with
    /// it); nothing is read until compare().
    explicit CompareWindow(ClientPool *clients, QWidget *parent = nullptr);
    ~CompareWindow() override;

    /// Reads \a a and \a b (normalised, each with a tag or digest) and shows them compared;
    /// the window is busy until then. Drops a comparison still being read.
    void compare(const ImageReference &a, const ImageReference &b);
    /// Shows \a a compared with \a b, without asking any registry: pairs the images of the
    /// same platform (defaultImagePair()), fills the platform selectors and every view, then
    /// emits comparisonShown().
    void setSides(const CompareSide &a, const CompareSide &b);
    /// Stops reading; the window is idle afterwards and shows no error.
    void cancel();
    /// Reads the last two references compared again.
    void retry();

    /// True while the references are being read.
    bool isBusy() const;
    /// The positions, in each side's images, of the two images compared (-1 when none).
    int currentImageA() const { return m_image[0]; }
    int currentImageB() const { return m_image[1]; }

    const CompareLayersModel *layersModel() const { return m_layersModel; }
    const ConfigDiffModel *configModel() const { return m_configModel; }
    ErrorBanner *errorBanner() const { return m_banner; }

    /// A size change for people: "+12.3 MB", "−1.0 kB", "no change".
    static QString sizeDeltaText(qint64 delta);

Q_SIGNALS:
    /// Every view shows the comparison (after setSides(), and after another platform is
    /// chosen).
    void comparisonShown();
    /// Reading failed; the error notice shows \a error, which names the side.
    void comparisonFailed(const Layerscope::RegistryError &error);
    /// Reading started (\a busy true) or stopped.
    void busyChanged(bool busy);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    /// The widgets of one side's column in the header.
    struct SideWidgets
    {
        QLabel *badge = nullptr;
        QLabel *reference = nullptr;
        QComboBox *platform = nullptr;
        QLabel *platformText = nullptr;
        QLabel *digest = nullptr;
        QLabel *manifestDigest = nullptr;
        QLabel *configDigest = nullptr;
        QLabel *created = nullptr;
        QLabel *layers = nullptr;
        QLabel *size = nullptr;
    };

    QWidget *createHeader();
    QWidget *createLayersSection();
    QWidget *createConfigSection();
    QLabel *addHeaderRow(int side, QWidget *parent, const QString &objectName,
                         const QString &accessibleName, bool monospace);
    void onFinished(ImageComparison *comparison);
    void setBusy(bool busy);
    void stopReading();
    void clearComparison();
    void setDetailsShown(bool shown);
    void fillPlatformCombo(int side);
    void selectImage(int side, int index);
    void recompute();
    void updateSideHeader(int side);
    void updateSummary();
    void updatePlatformsSummary();
    void updateTints();
    void goToDifference(int row);
    void onEscape();
    const CompareSide &sideData(int side) const { return side == 0 ? m_sideA : m_sideB; }
    const ResolvedImage *currentImage(int side) const;

    QPointer<ClientPool> m_clients;
    QPointer<ImageComparison> m_comparison;
    ImageReference m_referenceA;
    ImageReference m_referenceB;
    CompareSide m_sideA;
    CompareSide m_sideB;
    bool m_hasSides = false;
    std::array<int, 2> m_image{-1, -1};
    ImageDiff m_diff;

    QWidget *m_busyRow;
    QProgressBar *m_busyIndicator;
    QLabel *m_busyText;
    QPushButton *m_cancelButton;
    ErrorBanner *m_banner;
    QLabel *m_status;
    QWidget *m_header = nullptr;
    std::array<SideWidgets, 2> m_side;
    QList<QWidget *> m_manifestRow;
    QList<QWidget *> m_detailRows;
    bool m_indexShown = false;
    QLabel *m_summary = nullptr;
    QLabel *m_identical = nullptr;
    QLabel *m_platforms = nullptr;
    CompareLayersModel *m_layersModel;
    QTreeView *m_layersView = nullptr;
    QLabel *m_layersTitle = nullptr;
    QToolButton *m_previousButton = nullptr;
    QToolButton *m_nextButton = nullptr;
    std::array<QLabel *, 4> m_legend{};
    ConfigDiffModel *m_configModel;
    QTreeView *m_configView = nullptr;
    QLabel *m_configTitle = nullptr;
    QLabel *m_configEmpty = nullptr;
    QStackedWidget *m_configStack = nullptr;
    QSplitter *m_content = nullptr;
    QWidget *m_emptyArea = nullptr;
    QAction *m_nextAction;
    QAction *m_previousAction;
    QAction *m_reloadAction;
};

} // namespace Layerscope
