// Renders the registries sidebar and the repositories pane to PNG files, connected to the
// harness's registries, in the states people meet: a catalog, a registry without one, a
// registry that cannot be reached, and the dialog that adds a registry.
//
//   layerscope-render-registries <directory> [--dark]   (LAYERSCOPE_HARNESS names harness.json)

#include "registries/addregistrydialog.h"
#include "registries/clientpool.h"
#include "registries/registrylistmodel.h"
#include "registries/registrypane.h"
#include "registries/registrystore.h"
#include "repositories/repositorymodel.h"
#include "repositories/repositorypane.h"
#include "testpalette.h"

#include "harness.h"
#include "rendershot.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSettings>
#include <QSplitter>
#include <QStyleFactory>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

using namespace Layerscope;

namespace {

RegistryEntry entryFor(const QString &host, const QString &name)
{
    RegistryEntry entry;
    entry.host = host;
    entry.displayName = name;
    return entry;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QStringList arguments = QApplication::arguments();
    const bool dark = arguments.removeAll(QStringLiteral("--dark")) > 0;
    if (arguments.size() != 2 || !Harness::available()) {
        QTextStream(stderr) << "usage: LAYERSCOPE_HARNESS=harness.json "
                               "layerscope-render-registries <directory> [--dark]\n";
        return 2;
    }
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (dark)
        QApplication::setPalette(TestPalette::dark());
    QDir directory(arguments.at(1));
    directory.mkpath(QStringLiteral("."));
    const QString suffix = dark ? QStringLiteral("-dark") : QStringLiteral("-light");

    QTemporaryDir settingsDir;
    QSettings settings(settingsDir.filePath(QStringLiteral("render.ini")), QSettings::IniFormat);
    RegistryStore store(&settings);
    store.setSavedRegistries({entryFor(QStringLiteral("ghcr.io"), QStringLiteral("GitHub"))});
    const QString open = Harness::hostPort(QStringLiteral("open"));
    const QString token = Harness::hostPort(QStringLiteral("token"));
    QTcpServer closedServer;
    closedServer.listen(QHostAddress::LocalHost);
    const QString dead = QStringLiteral("127.0.0.1:%1").arg(closedServer.serverPort());
    closedServer.close();
    for (const char *repository : {"fixtures/docker-app", "fixtures/multiarch"})
        store.addRecentRepository(open, QString::fromLatin1(repository));

    ClientPool pool;
    QSplitter window;
    window.setObjectName(QStringLiteral("renderWindow"));
    auto *registries = new RegistryPane(&store, &pool, &window);
    auto *repositories = new RepositoryPane(&store, &window);
    window.addWidget(registries);
    window.addWidget(repositories);
    window.setSizes({240, 380});
    window.resize(620, 460);
    QObject::connect(
        registries, &RegistryPane::registrySelected, repositories,
        [&](const QString &host) { repositories->showRegistry(pool.client(host), host); });
    QObject::connect(
        repositories, &RepositoryPane::errorOccurred, &pool,
        [&](const RegistryError &error) { pool.noteError(repositories->host(), error); });

    registries->ensureRegistry(entryFor(open, QStringLiteral("Harness (open)")), false);
    registries->ensureRegistry(entryFor(token, QStringLiteral("Harness (token)")), false);
    registries->ensureRegistry(entryFor(dead, QStringLiteral("Nothing listens here")), false);
    window.show();

    const auto choose = [&](const QString &host) -> bool {
        registries->selectRegistry(host);
        pool.connectTo(host);
        repositories->showRegistry(pool.client(host), host);
        return QTest::qWaitFor(
            [&] {
                return repositories->model()->state() != RepositoryModel::State::Loading
                    && pool.state(host) != ClientPool::ConnectionState::Connecting;
            },
            60000);
    };

    bool ok = true;
    ok &= choose(token);
    ok &= choose(dead);
    ok &= saveShot(window, directory, QStringLiteral("registries-error") + suffix);
    ok &= choose(token);
    ok &= saveShot(window, directory, QStringLiteral("registries-nocatalog") + suffix);
    ok &= choose(open);
    repositories->view()->setFocus();
    repositories->selectRepository(QStringLiteral("catalog/repo-003"));
    ok &= saveShot(window, directory, QStringLiteral("registries-catalog") + suffix);
    while (!repositories->model()->isComplete()) {
        const int rows = repositories->model()->rowCount();
        repositories->model()->fetchMore({});
        if (!QTest::qWaitFor([&] { return repositories->model()->rowCount() > rows; }, 60000)) {
            QTextStream(stderr) << "the catalog stopped at " << rows
                                << " repositories: " << repositories->model()->error().toString()
                                << '\n';
            return 1;
        }
    }
    repositories->findChild<QLineEdit *>(QStringLiteral("repositoryFilter"))
        ->setText(QStringLiteral("repo-25"));
    ok &= saveShot(window, directory, QStringLiteral("registries-filtered") + suffix);

    AddRegistryDialog dialog;
    dialog.findChild<QLineEdit *>(QStringLiteral("hostEdit"))
        ->setText(QStringLiteral("https://registry.example.com/team/app"));
    dialog.findChild<QCheckBox *>(QStringLiteral("insecureCheck"))->setChecked(true);
    dialog.show();
    ok &= saveShot(dialog, directory, QStringLiteral("addregistry-invalid") + suffix);
    dialog.findChild<QLineEdit *>(QStringLiteral("hostEdit"))
        ->setText(QStringLiteral("https://Registry.Example.com:5000/"));
    ok &= saveShot(dialog, directory, QStringLiteral("addregistry-valid") + suffix);
    return ok ? 0 : 1;
}
