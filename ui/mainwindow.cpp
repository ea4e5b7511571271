#include "mainwindow.h"

#include "aboutdialog.h"
#include "common/errorbanner.h"
#include "common/roles.h"
#include "compare/comparewindow.h"
#include "comparewithdialog.h"
#include "demoregistry.h"
#include "image/imagepane.h"
#include "layerscopeversion.h"
#include "registries/clientpool.h"
#include "registries/registrylistmodel.h"
#include "registries/registrypane.h"
#include "registries/registrystore.h"
#include "registry/registryclient.h"
#include "repositories/repositorymodel.h"
#include "repositories/repositorypane.h"
#include "services/applicationsettings.h"
#include "services/credentialstore.h"
#include "tags/tagmodel.h"
#include "tags/tagpane.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QIcon>
#include <QMenuBar>
#include <QMetaEnum>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QVBoxLayout>

namespace Layerscope {

namespace {

const QString DockerHub = QStringLiteral("docker.io");

/// Restores a flag at the end of a scope, so that early returns cannot leave it set.
class FlagGuard
{
public:
    explicit FlagGuard(bool &flag)
        : m_flag(flag)
        , m_previous(flag)
    {
        m_flag = true;
    }
    ~FlagGuard() { m_flag = m_previous; }
    FlagGuard(const FlagGuard &) = delete;
    FlagGuard &operator=(const FlagGuard &) = delete;

private:
    bool &m_flag;
    bool m_previous;
};

} // namespace

MainWindow::MainWindow(QWidget *parent, QSettings *settings)
    : QMainWindow(parent)
    , m_ownSettings(settings ? nullptr : ApplicationSettings::open())
    , m_settings(settings ? settings : m_ownSettings.get())
    , m_store(std::make_unique<RegistryStore>(m_settings))
    , m_pool(new ClientPool(this))
    , m_credentials(new CredentialStore(m_settings, CredentialEnvironment::fromSystem(), this))
{
    setWindowTitle(tr("Layerscope"));
    setWindowIcon(QIcon(QStringLiteral(":/layerscope/icons/layerscope.svg")));
    setObjectName(QStringLiteral("mainWindow"));
    setAccessibleName(tr("Layerscope main window"));

    m_pool->setCredentialStore(m_credentials);
    for (const RegistryEntry &entry : m_store->savedRegistries())
        m_pool->setEntry(entry);

    createPanes();
    createActions();
    connectPanes();
    updateNavigationActions();
    resize(1440, 880);
    restoreWindowState();
}

MainWindow::~MainWindow() = default;

void MainWindow::createPanes()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    m_banner = new ErrorBanner(central);
    m_banner->setObjectName(QStringLiteral("windowBanner"));
    layout->addWidget(m_banner);

    m_mainSplitter = new QSplitter(Qt::Horizontal, central);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->setChildrenCollapsible(false);
    layout->addWidget(m_mainSplitter, 1);

    m_leftSplitter = new QSplitter(Qt::Vertical, m_mainSplitter);
    m_leftSplitter->setObjectName(QStringLiteral("leftSplitter"));
    m_leftSplitter->setChildrenCollapsible(false);
    m_registryPane = new RegistryPane(m_store.get(), m_pool, m_leftSplitter);
    m_repositoryPane = new RepositoryPane(m_store.get(), m_leftSplitter);
    m_leftSplitter->addWidget(m_registryPane);
    m_leftSplitter->addWidget(m_repositoryPane);
    m_leftSplitter->setStretchFactor(0, 1);
    m_leftSplitter->setStretchFactor(1, 3);

    m_tagPane = new TagPane(m_mainSplitter);
    m_imagePane = new ImagePane(m_mainSplitter);
    m_mainSplitter->addWidget(m_leftSplitter);
    m_mainSplitter->addWidget(m_tagPane);
    m_mainSplitter->addWidget(m_imagePane);
    m_mainSplitter->setStretchFactor(0, 2);
    m_mainSplitter->setStretchFactor(1, 3);
    m_mainSplitter->setStretchFactor(2, 5);
    m_mainSplitter->setSizes({260, 380, 800});

    setCentralWidget(central);
}

void MainWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *open = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("document-open")),
                                        tr("&Open Reference…"), this,
                                        [this] { m_repositoryPane->focusOpenField(); });
    open->setObjectName(QStringLiteral("openReferenceAction"));
    open->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_L), QKeySequence::Open});
    QAction *demo = fileMenu->addAction(tr("Start &Demo Registry"), this, &MainWindow::startDemo);
    demo->setObjectName(QStringLiteral("demoAction"));
    fileMenu->addSeparator();
    QAction *signIn = fileMenu->addAction(tr("&Sign In to Registry…"), m_registryPane,
                                          &RegistryPane::signInToCurrentRegistry);
    signIn->setObjectName(QStringLiteral("signInAction"));
    QAction *signOut = fileMenu->addAction(tr("Sign O&ut of Registry"), m_registryPane,
                                           &RegistryPane::signOutOfCurrentRegistry);
    signOut->setObjectName(QStringLiteral("signOutAction"));
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("application-exit")),
                                        tr("&Quit"), qApp, &QApplication::closeAllWindows);
    // Not every platform binds the standard Quit key (offscreen, some desktops): Ctrl+Q always.
    QList<QKeySequence> quitKeys = QKeySequence::keyBindings(QKeySequence::Quit);
    if (!quitKeys.contains(QKeySequence(Qt::CTRL | Qt::Key_Q)))
        quitKeys.append(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setShortcuts(quitKeys);
    quit->setObjectName(QStringLiteral("quitAction"));

    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    QAction *find = editMenu->addAction(tr("&Filter"), this, &MainWindow::focusFilter);
    find->setShortcut(QKeySequence::Find);
    find->setObjectName(QStringLiteral("filterAction"));

    QMenu *goMenu = menuBar()->addMenu(tr("&Go"));
    m_backAction = goMenu->addAction(style()->standardIcon(QStyle::SP_ArrowBack), tr("&Back"), this,
                                     &MainWindow::goBack);
    m_backAction->setObjectName(QStringLiteral("backAction"));
    m_backAction->setShortcuts({QKeySequence::Back, QKeySequence(Qt::Key_Backspace)});
    m_forwardAction = goMenu->addAction(style()->standardIcon(QStyle::SP_ArrowForward),
                                        tr("&Forward"), this, &MainWindow::goForward);
    m_forwardAction->setObjectName(QStringLiteral("forwardAction"));
    m_forwardAction->setShortcut(QKeySequence::Forward);
    QAction *reload = goMenu->addAction(style()->standardIcon(QStyle::SP_BrowserReload),
                                        tr("&Reload"), this, &MainWindow::refresh);
    reload->setObjectName(QStringLiteral("reloadAction"));
    reload->setShortcut(QKeySequence::Refresh);
    goMenu->addSeparator();
    const struct
    {
        QString text;
        QString name;
        std::function<void()> focus;
    } panes[] = {
        {tr("&Registries"), QStringLiteral("focusRegistriesAction"),
         [this] {
             m_registryPane->view()->setFocus(Qt::ShortcutFocusReason);
         }},
        {tr("R&epositories"), QStringLiteral("focusRepositoriesAction"),
         [this] {
             m_repositoryPane->view()->setFocus(Qt::ShortcutFocusReason);
         }},
        {tr("&Tags"), QStringLiteral("focusTagsAction"),
         [this] {
             m_tagPane->view()->setFocus(Qt::ShortcutFocusReason);
         }},
        {tr("&Image"), QStringLiteral("focusImageAction"),
         [this] {
             m_imagePane->setFocus(Qt::ShortcutFocusReason);
         }},
    };
    int number = 1;
    for (const auto &pane : panes) {
        QAction *action = goMenu->addAction(pane.text, this, pane.focus);
        action->setObjectName(pane.name);
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + number++)));
    }

    QMenu *compareMenu = menuBar()->addMenu(tr("&Compare"));
    m_compareAction = compareMenu->addAction(tr("&Compare Selected Tags"), this,
                                             &MainWindow::compareSelectedTags);
    m_compareAction->setObjectName(QStringLiteral("compareAction"));
    m_compareAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_compareAction->setIcon(style()->standardIcon(QStyle::SP_FileDialogContentsView));
    m_compareWithAction
        = compareMenu->addAction(tr("Compare &With…"), this, &MainWindow::compareWith);
    m_compareWithAction->setObjectName(QStringLiteral("compareWithAction"));
    m_compareWithAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *about = helpMenu->addAction(tr("&About Layerscope"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    QToolBar *toolBar = addToolBar(tr("Navigation"));
    toolBar->setObjectName(QStringLiteral("navigationToolBar"));
    toolBar->setAccessibleName(tr("Navigation"));
    toolBar->setMovable(false);
    toolBar->addAction(m_backAction);
    toolBar->addAction(m_forwardAction);
    toolBar->addAction(reload);
    toolBar->addAction(open);
    toolBar->addSeparator();
    toolBar->addAction(m_compareAction);
    updateCompareActions();
}

void MainWindow::connectPanes()
{
    connect(m_registryPane, &RegistryPane::registrySelected, this, &MainWindow::onRegistrySelected);
    connect(m_repositoryPane, &RepositoryPane::repositorySelected, this,
            &MainWindow::onRepositorySelected);
    connect(m_repositoryPane, &RepositoryPane::referenceRequested, this,
            &MainWindow::openReference);
    // Enter on a registry or repository opens it and moves on to the next pane.
    connect(m_registryPane->view(), &QAbstractItemView::activated, this,
            [this] { m_repositoryPane->view()->setFocus(Qt::OtherFocusReason); });
    connect(m_repositoryPane->view(), &QAbstractItemView::activated, this,
            [this] { m_tagPane->view()->setFocus(Qt::OtherFocusReason); });
    connect(m_tagPane, &TagPane::tagSelected, this, &MainWindow::onTagSelected);
    connect(m_tagPane, &TagPane::tagActivated, this,
            [this] { m_imagePane->setFocus(Qt::OtherFocusReason); });
    connect(m_tagPane, &TagPane::selectedTagsChanged, this, &MainWindow::updateCompareActions);
    connect(m_tagPane, &TagPane::compareRequested, this,
            [this](const QString &a, const QString &b) {
                const auto first = tagReference(a);
                const auto second = tagReference(b);
                if (first && second)
                    compare(*first, *second);
            });
    connect(m_tagPane, &TagPane::compareWithRequested, this, [this](const QString &tag) {
        if (tag != m_tagPane->currentTag())
            m_tagPane->selectTag(tag);
        compareWith();
    });
    connect(m_imagePane, &ImagePane::openReference, this, &MainWindow::openReference);
    connect(m_imagePane, &ImagePane::platformChanged, this, [this](const Platform &platform) {
        m_place.platform = platform.toString();
        m_history.replaceCurrent(m_place);
    });

    // The panes hold the current registry's client: when the pool replaces it (the registry's
    // options changed) or drops it (the registry was removed), they must let go of it.
    connect(m_pool, &ClientPool::clientReplaced, this, [this](const QString &host) {
        if (host != m_place.registry)
            return;
        if (m_registryPane->model()->indexOfHost(host).isValid())
            refresh();
        else
            navigate(Place{DockerHub, {}, {}, {}, {}}, Record::Visit);
    });

    // Failures reach the registry entry too, where its connection state is shown.
    const auto noteError = [this](const RegistryError &error) {
        if (!m_place.registry.isEmpty())
            m_pool->noteError(m_place.registry, error);
    };
    connect(m_repositoryPane, &RepositoryPane::errorOccurred, this, noteError);
    connect(m_tagPane, &TagPane::errorOccurred, this, noteError);
    connect(m_imagePane, &ImagePane::errorOccurred, this, noteError);
    connect(m_imagePane, &ImagePane::loaded, this, [this] {
        if (!m_place.registry.isEmpty())
            m_pool->noteSuccess(m_place.registry);
    });
    connect(m_banner, &ErrorBanner::retryRequested, this, [this] {
        m_banner->clear();
        startDemo();
    });
    connectBanners();
}

void MainWindow::connectBanners()
{
    // A pane's notice shows a failure of the current registry: signing in is for that one.
    for (QWidget *pane : {static_cast<QWidget *>(m_repositoryPane),
                          static_cast<QWidget *>(m_tagPane), static_cast<QWidget *>(m_imagePane)}) {
        for (ErrorBanner *banner : pane->findChildren<ErrorBanner *>()) {
            connect(banner, &ErrorBanner::signInRequested, this, [this] {
                if (!m_place.registry.isEmpty())
                    m_registryPane->signIn(m_place.registry);
            });
        }
    }
    connect(m_registryPane, &RegistryPane::signedIn, this, &MainWindow::retryRefusedPanes);
}

void MainWindow::retryRefusedPanes(const QString &host)
{
    if (host != m_place.registry)
        return;
    // The work resumes where it was refused, as Retry would: the panes' requests wait for the
    // pool to hand the new credentials to the client.
    for (QWidget *pane : {static_cast<QWidget *>(m_repositoryPane),
                          static_cast<QWidget *>(m_tagPane), static_cast<QWidget *>(m_imagePane)}) {
        for (ErrorBanner *banner : pane->findChildren<ErrorBanner *>()) {
            if (banner->offersSignIn())
                banner->retry();
        }
    }
    // A catalog refused to anonymous users reads as "no catalog"; with credentials it may be
    // listed after all.
    RepositoryModel *repositories = m_repositoryPane->model();
    if (repositories->state() == RepositoryModel::State::NoCatalog
        && repositories->error().category() == RegistryError::Category::Unauthorized)
        repositories->retry();
}

RegistryClient *MainWindow::clientFor(const QString &host)
{
    RegistryClient *client = m_pool->client(host);
    if (m_pool->state(host) == ClientPool::ConnectionState::Unknown)
        m_pool->connectTo(host);
    return client;
}

void MainWindow::openPlace(const Place &place)
{
    navigate(place, Record::Visit);
}

void MainWindow::openReference(const ImageReference &reference)
{
    navigate(Place::fromReference(reference), Record::Visit);
}

void MainWindow::navigate(const Place &place, Record record)
{
    if (place.isNull())
        return;
    FlagGuard guard(m_navigating);
    const Place previous = m_place;
    m_place = place;

    const bool registryChanged = place.registry != previous.registry;
    if (registryChanged) {
        m_registryPane->ensureRegistry(RegistryEntry{place.registry, {}, false}, false);
        m_registryPane->selectRegistry(place.registry);
        m_repositoryPane->showRegistry(clientFor(place.registry), place.registry);
    }
    RegistryClient *client = m_pool->client(place.registry);

    const bool repositoryChanged = registryChanged || place.repository != previous.repository;
    if (repositoryChanged) {
        if (place.repository.isEmpty()) {
            m_tagPane->clear();
        } else {
            m_repositoryPane->selectRepository(place.repository);
            m_tagPane->showRepository(client, place.repository);
        }
    }

    if (const auto reference = place.imageReference()) {
        if (!place.tag.isEmpty() && m_tagPane->currentTag() != place.tag)
            m_tagPane->selectTag(place.tag);
        std::optional<Platform> platform;
        if (!place.platform.isEmpty()) {
            if (const auto parsed = Platform::parse(place.platform))
                platform = *parsed;
        }
        if (repositoryChanged || m_imagePane->reference() != *reference)
            m_imagePane->showImage(client, *reference, platform);
        else if (platform)
            m_imagePane->selectPlatform(*platform);
    } else {
        m_imagePane->clear();
    }

    if (record == Record::Visit)
        m_history.visit(m_place);
    else if (record == Record::Replace)
        m_history.replaceCurrent(m_place);
    updateNavigationActions();
    updateTitle();
    updateCompareActions();
}

void MainWindow::onRegistrySelected(const QString &host)
{
    if (m_navigating || host == m_place.registry)
        return;
    navigate(Place{host, {}, {}, {}, {}}, Record::Visit);
}

void MainWindow::onRepositorySelected(const QString &repository)
{
    if (m_navigating || m_place.isNull()
        || (repository == m_place.repository && !repository.isEmpty()))
        return;
    navigate(Place{m_place.registry, repository, {}, {}, {}}, Record::Visit);
}

void MainWindow::onTagSelected(const QString &tag)
{
    if (m_navigating || m_place.repository.isEmpty()
        || (tag == m_place.tag && m_place.digest.isEmpty()))
        return;
    // Another tag of the same repository: the current entry changes, no new one is added.
    const Record record = m_place.hasImage() ? Record::Replace : Record::Visit;
    navigate(Place{m_place.registry, m_place.repository, tag, {}, {}}, record);
}

void MainWindow::goBack()
{
    const Place place = m_history.back();
    if (!place.isNull())
        navigate(place, Record::None);
    updateNavigationActions();
}

void MainWindow::goForward()
{
    const Place place = m_history.forward();
    if (!place.isNull())
        navigate(place, Record::None);
    updateNavigationActions();
}

void MainWindow::refresh()
{
    const Place place = m_place;
    m_place = Place();
    m_imagePane->clear();
    navigate(place, Record::None);
}

void MainWindow::restoreLastPlace()
{
    const Place last = Place::fromVariant(m_settings->value(QStringLiteral("lastPlace")).toMap());
    navigate(last.isNull() ? Place{DockerHub, {}, {}, {}, {}} : last, Record::Visit);
}

void MainWindow::startDemo()
{
    if (!m_demo) {
        m_demo = new DemoRegistry(this);
        connect(m_demo, &DemoRegistry::message, this,
                [this](const QString &text) { statusBar()->showMessage(text); });
        connect(m_demo, &DemoRegistry::failed, this, [this](const QString &error) {
            statusBar()->clearMessage();
            m_banner->showMessage(tr("The demo registry could not start."), error, true);
        });
        connect(m_demo, &DemoRegistry::ready, this, [this](const QString &hostPort) {
            m_demoHost = hostPort;
            m_banner->clear();
            m_registryPane->ensureRegistry(RegistryEntry{hostPort, tr("Demo registry"), false},
                                           false);
            navigate(
                Place{
                    hostPort, QStringLiteral("fixtures/multiarch"), QStringLiteral("3.0"), {}, {}},
                Record::Visit);
            statusBar()->showMessage(tr("Demo registry ready on %1").arg(hostPort), 8000);
        });
    }
    m_demo->start();
}

void MainWindow::focusFilter()
{
    QWidget *focus = QApplication::focusWidget();
    const auto within = [focus](QWidget *pane) {
        return focus && pane->isAncestorOf(focus);
    };
    if (within(m_registryPane) || within(m_repositoryPane) || m_place.repository.isEmpty())
        m_repositoryPane->focusFilter();
    else
        m_tagPane->focusFilter();
}

void MainWindow::updateNavigationActions()
{
    m_backAction->setEnabled(m_history.canGoBack());
    m_forwardAction->setEnabled(m_history.canGoForward());
}

void MainWindow::updateCompareActions()
{
    const int selected = int(m_tagPane->selectedTags().size());
    m_compareAction->setEnabled(selected == 2);
    m_compareAction->setToolTip(
        selected == 2 ? tr("Compare the two selected tags (%1)")
                            .arg(m_compareAction->shortcut().toString(QKeySequence::NativeText))
                      : tr("Select two tags (Ctrl+click) to compare them"));
    m_compareWithAction->setEnabled(m_place.imageReference().has_value());
}

std::optional<ImageReference> MainWindow::tagReference(const QString &tag) const
{
    if (m_place.repository.isEmpty() || tag.isEmpty())
        return std::nullopt;
    const Result<ImageReference> reference = ImageReference::parse(
        QStringLiteral("%1/%2:%3").arg(m_place.registry, m_place.repository, tag));
    if (!reference)
        return std::nullopt;
    return *reference;
}

CompareWindow *MainWindow::compare(const ImageReference &a, const ImageReference &b)
{
    auto *window = new CompareWindow(m_pool, this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->show();
    window->compare(a, b);

    // The references compared are offered again by Compare With…, most recent first.
    QStringList recent = m_settings->value(QStringLiteral("compare/recent")).toStringList();
    for (const ImageReference &reference : {b, a}) {
        recent.removeAll(reference.familiarString());
        recent.prepend(reference.familiarString());
    }
    m_settings->setValue(QStringLiteral("compare/recent"), recent.mid(0, 20));
    return window;
}

void MainWindow::compareSelectedTags()
{
    const QStringList tags = m_tagPane->selectedTags();
    if (tags.size() != 2) {
        statusBar()->showMessage(tr("Select two tags (Ctrl+click) to compare them."), 5000);
        return;
    }
    const auto a = tagReference(tags.at(0));
    const auto b = tagReference(tags.at(1));
    if (a && b)
        compare(*a, *b);
}

void MainWindow::compareWith()
{
    const std::optional<ImageReference> first = m_place.imageReference();
    if (!first) {
        statusBar()->showMessage(tr("Open an image first, then compare it with another."), 5000);
        return;
    }
    QStringList suggestions;
    const QAbstractItemModel *tags = m_tagPane->model();
    for (int row = 0; row < tags->rowCount(); ++row) {
        const QString tag = tags->index(row, 0).data(NameRole).toString();
        if (const auto reference = tagReference(tag))
            suggestions.append(reference->familiarString());
    }
    for (const QString &reference :
         m_settings->value(QStringLiteral("compare/recent")).toStringList()) {
        if (!suggestions.contains(reference))
            suggestions.append(reference);
    }
    suggestions.removeAll(first->familiarString());

    auto *dialog = new CompareWithDialog(*first, suggestions, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, first] { compare(*first, dialog->reference()); });
    dialog->open();
}

void MainWindow::updateTitle()
{
    setWindowTitle(m_place.isNull() ? tr("Layerscope")
                                    : tr("%1 — Layerscope").arg(m_place.toString()));
}

void MainWindow::restoreWindowState()
{
    m_settings->beginGroup(QStringLiteral("window"));
    restoreGeometry(m_settings->value(QStringLiteral("geometry")).toByteArray());
    restoreState(m_settings->value(QStringLiteral("state")).toByteArray());
    m_mainSplitter->restoreState(m_settings->value(QStringLiteral("mainSplitter")).toByteArray());
    m_leftSplitter->restoreState(m_settings->value(QStringLiteral("leftSplitter")).toByteArray());
    m_tagPane->restoreColumns(m_settings->value(QStringLiteral("tagColumns")).toByteArray());
    m_imagePane->restoreColumns(m_settings->value(QStringLiteral("layerColumns")).toByteArray());
    const QVariant section = m_settings->value(QStringLiteral("imageSection"));
    if (const int index = QMetaEnum::fromType<ImagePane::Section>().keyToValue(
            section.toString().toLatin1().constData());
        index >= 0) {
        m_imagePane->setCurrentSection(ImagePane::Section(index));
    }
    m_settings->endGroup();
}

void MainWindow::saveWindowState()
{
    m_settings->beginGroup(QStringLiteral("window"));
    m_settings->setValue(QStringLiteral("geometry"), saveGeometry());
    m_settings->setValue(QStringLiteral("state"), saveState());
    m_settings->setValue(QStringLiteral("mainSplitter"), m_mainSplitter->saveState());
    m_settings->setValue(QStringLiteral("leftSplitter"), m_leftSplitter->saveState());
    m_settings->setValue(QStringLiteral("tagColumns"), m_tagPane->saveColumns());
    m_settings->setValue(QStringLiteral("layerColumns"), m_imagePane->saveColumns());
    // By name, so that a tab added later does not shift which one opens.
    m_settings->setValue(QStringLiteral("imageSection"),
                         QString::fromLatin1(QMetaEnum::fromType<ImagePane::Section>().valueToKey(
                             int(m_imagePane->currentSection()))));
    m_settings->endGroup();
    // The demo registry is gone once Layerscope quits; opening it again would only fail.
    if (!m_place.isNull() && m_place.registry != m_demoHost)
        m_settings->setValue(QStringLiteral("lastPlace"), m_place.toVariant());
    m_settings->sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    QMainWindow::closeEvent(event);
}

void MainWindow::showAbout()
{
    if (!m_about) {
        m_about = new AboutDialog(m_settings->fileName(), this);
        m_about->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_about->show();
    m_about->raise();
    m_about->activateWindow();
}

} // namespace Layerscope
