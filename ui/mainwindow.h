#pragma once

#include "navigationhistory.h"
#include "place.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>
#include <optional>

class QAction;
class QSettings;
class QSplitter;

namespace Layerscope {

class AboutDialog;
class ClientPool;
class CompareWindow;
class CredentialStore;
class DemoRegistry;
class ErrorBanner;
class ImagePane;
class RegistryClient;
class RegistryPane;
class RegistryStore;
class RepositoryPane;
class TagPane;

/**
 * The explorer: registries (sidebar) → repositories → tags → the image, left to right. The
 * window wires the panes together and keeps the place the user is at (back/forward, the last
 * place restored on start); the panes do the work through core's operations.
 *
 * Moving to another registry, repository or image (a digest opened in place, a reference
 * typed in) adds a history entry; selecting another tag in the same repository replaces the
 * current one.
 *
 * Credentials come from a CredentialStore the window owns (keychain entries noted in the
 * window's settings). When a registry refuses a pane's request for want of credentials, the
 * pane's notice offers to sign in; once signed in, every pane that was refused tries again.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /// Settings (saved registries, window state, last place) are read from and written to
    /// \a settings, or the application's QSettings when none is given.
    explicit MainWindow(QWidget *parent = nullptr, QSettings *settings = nullptr);
    ~MainWindow() override;

    /// Opens \a place: selects its registry (adding it for this session when it is not
    /// saved), its repository, its tag or digest and its platform.
    void openPlace(const Place &place);
    /// Opens the place a reference names (tag, digest or both).
    void openReference(const ImageReference &reference);
    /// Opens the place the window showed when it was last closed; Docker Hub when none.
    void restoreLastPlace();
    /// Starts the demo registry and opens it once it is seeded.
    void startDemo();
    /**
     * Opens a compare window showing \a a beside \a b; they may be in different repositories
     * or on different registries. Returns the window (deleted when closed).
     */
    CompareWindow *compare(const ImageReference &a, const ImageReference &b);
    /// Compares the two tags selected in the tag list (Ctrl+D); nothing when not two are.
    void compareSelectedTags();
    /// Asks for a reference to compare the current image with (Ctrl+Shift+D).
    void compareWith();

    Place currentPlace() const { return m_place; }
    const NavigationHistory &history() const { return m_history; }
    void goBack();
    void goForward();
    /// Loads the current place again (repository list, tags, image).
    void refresh();

    RegistryPane *registryPane() const { return m_registryPane; }
    RepositoryPane *repositoryPane() const { return m_repositoryPane; }
    TagPane *tagPane() const { return m_tagPane; }
    ImagePane *imagePane() const { return m_imagePane; }
    ClientPool *clientPool() const { return m_pool; }
    CredentialStore *credentialStore() const { return m_credentials; }
    DemoRegistry *demoRegistry() const { return m_demo; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    enum class Record { Visit, Replace, None };

    void createPanes();
    void createActions();
    void connectPanes();
    void navigate(const Place &place, Record record);
    void onRegistrySelected(const QString &host);
    void onRepositorySelected(const QString &repository);
    void onTagSelected(const QString &tag);
    void focusFilter();
    void updateNavigationActions();
    void updateCompareActions();
    std::optional<ImageReference> tagReference(const QString &tag) const;
    void updateTitle();
    void restoreWindowState();
    void saveWindowState();
    void showAbout();
    void connectBanners();
    void retryRefusedPanes(const QString &host);
    RegistryClient *clientFor(const QString &host);

    QPointer<AboutDialog> m_about;
    std::unique_ptr<QSettings> m_ownSettings;
    QSettings *m_settings;
    std::unique_ptr<RegistryStore> m_store;
    ClientPool *m_pool;
    CredentialStore *m_credentials;
    DemoRegistry *m_demo = nullptr;
    QString m_demoHost;

    ErrorBanner *m_banner = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_leftSplitter = nullptr;
    RegistryPane *m_registryPane = nullptr;
    RepositoryPane *m_repositoryPane = nullptr;
    TagPane *m_tagPane = nullptr;
    ImagePane *m_imagePane = nullptr;

    QAction *m_backAction = nullptr;
    QAction *m_forwardAction = nullptr;
    QAction *m_compareAction = nullptr;
    QAction *m_compareWithAction = nullptr;

    NavigationHistory m_history;
    Place m_place;
    bool m_navigating = false;
};

} // namespace Layerscope
