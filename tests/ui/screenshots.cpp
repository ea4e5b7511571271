// Renders Layerscope's explorer to PNG files so it can be looked at without a display:
//   QT_QPA_PLATFORM=offscreen layerscope-screenshots <directory> [--dark] [--scale FACTOR]
//                              [--registry HOST:PORT] [--sign-in-only | --compare-only]
// Without --registry it starts the demo registry (docker-registry seeded with the sample
// images) and shows those; with it, a registry seeded the same way (the test harness's "open"
// registry). The sign-in shots (the dialog empty, busy, refused, without a keychain; the
// sidebar signed in; a refused request offering to sign in) use that registry and two small
// stand-ins made here: one that refuses every request with 401 and one that never answers.
// --scale renders as a high-DPI screen does (--scale 2: every PNG at twice the size, the file
// names ending in "@2x"). The About dialog is shot too.
// The compare shots (two tags selected; a version and its successor, a recompressed mirror, two
// multi-platform tags in the compare window) use the registry's compare fixtures.
// Neither the user's keychain nor their docker or podman logins take part.

#include "common/errorbanner.h"
#include "compare/comparewindow.h"
#include "comparewithdialog.h"
#include "demoregistry.h"
#include "image/imagepane.h"
#include "mainwindow.h"
#include "registries/clientpool.h"
#include "registries/registrypane.h"
#include "registries/signindialog.h"
#include "rendershot.h"
#include "services/credentialstore.h"
#include "tags/tagmodel.h"
#include "tags/tagpane.h"
#include "testpalette.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QDeadlineTimer>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPalette>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStyleFactory>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTreeView>

#include <functional>

using namespace Layerscope;

namespace {

/// Runs the event loop until \a done or \a seconds pass.
bool waitFor(const std::function<bool()> &done, int seconds)
{
    QDeadlineTimer deadline(seconds * 1000);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return true;
}

/// Opens \a reference and waits until the image and the tag list are there.
bool show(MainWindow &window, const QString &reference)
{
    const auto parsed = ImageReference::parse(reference);
    if (!parsed) {
        QTextStream(stderr) << "not a reference: " << reference << '\n';
        return false;
    }
    window.openReference(*parsed);
    const bool ready = waitFor(
        [&window] {
            return !window.imagePane()->isLoading() && !window.tagPane()->model()->isResolving();
        },
        120);
    // Let views lay out and delegates paint what arrived last.
    waitFor([] { return false; }, 1);
    if (!ready)
        QTextStream(stderr) << "timed out waiting for " << reference << '\n';
    return ready;
}

/**
 * A stand-in for a registry that wants a password it never accepts: every request gets 401
 * with a basic challenge and distribution's error body. Not a registry; for pictures only.
 */
class RefusingServer : public QTcpServer
{
public:
    RefusingServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    // A TLS hello: no TLS here, so the client goes on to plain HTTP.
                    if (socket->peek(1) == QByteArray(1, '\x16')) {
                        socket->abort();
                        return;
                    }
                    if (!socket->peek(socket->bytesAvailable()).contains("\r\n\r\n"))
                        return;
                    socket->readAll();
                    const QByteArray body = R"({"errors":[{"code":"UNAUTHORIZED",)"
                                            R"("message":"authentication required"}]})";
                    socket->write("HTTP/1.1 401 Unauthorized\r\n"
                                  "WWW-Authenticate: Basic realm=\"layerscope-pictures\"\r\n"
                                  "Docker-Distribution-API-Version: registry/2.0\r\n"
                                  "Content-Type: application/json\r\n"
                                  "Connection: close\r\n"
                                  "Content-Length: "
                                  + QByteArray::number(body.size()) + "\r\n\r\n" + body);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
};

/// A stand-in that takes connections and never answers, so a check stays busy.
class SilentServer : public QTcpServer
{
public:
    SilentServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection())
                socket->setParent(this);
        });
    }
};

QString hostOf(const QTcpServer &server)
{
    return QStringLiteral("127.0.0.1:%1").arg(server.serverPort());
}

/// The sign-in dialog for \a registry over \a window, filled in with \a user and \a password.
std::unique_ptr<SignInDialog> signInDialog(MainWindow &window, const QString &registry,
                                           const QString &user, const QString &password)
{
    auto dialog = std::make_unique<SignInDialog>(window.credentialStore(), registry,
                                                 TransportOptions{}, &window);
    dialog->findChild<QLineEdit *>(QStringLiteral("userEdit"))->setText(user);
    dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->setText(password);
    dialog->show();
    return dialog;
}

/// The sign-in shots: the dialog in its four states, the sidebar signed in, and a refused
/// request offering to sign in.
bool signInShots(MainWindow &window, const QString &registry, const QDir &directory,
                 const QString &suffix)
{
    bool ok = true;
    RefusingServer refusing;
    SilentServer silent;
    if (!refusing.listen(QHostAddress::LocalHost) || !silent.listen(QHostAddress::LocalHost)) {
        QTextStream(stderr) << "cannot listen on a loopback port\n";
        return false;
    }
    const QString password = QStringLiteral("not-a-real-password");

    {
        // Before the keychain has answered: the dialog as it opens.
        auto dialog = signInDialog(window, registry, QString(), QString());
        QApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        const QString file = directory.filePath(QStringLiteral("signin-empty%1.png").arg(suffix));
        ok = dialog->grab().save(file) && ok;
        QTextStream(stdout) << file << '\n';
    }
    {
        auto dialog = signInDialog(window, registry, QStringLiteral("alice"), password);
        ok = waitFor([&dialog] { return !dialog->isProbingKeychain(); }, 60) && ok;
        ok = saveShot(*dialog, directory, QStringLiteral("signin-keychain-unavailable") + suffix)
            && ok;
    }
    {
        auto dialog = signInDialog(window, hostOf(silent), QStringLiteral("alice"), password);
        waitFor([&dialog] { return !dialog->isProbingKeychain(); }, 60);
        dialog->signIn();
        ok = dialog->isBusy() && ok;
        ok = saveShot(*dialog, directory, QStringLiteral("signin-busy") + suffix) && ok;
        dialog->reject();
    }
    {
        auto dialog = signInDialog(window, hostOf(refusing), QStringLiteral("alice"), password);
        waitFor([&dialog] { return !dialog->isProbingKeychain(); }, 60);
        dialog->signIn();
        ok = waitFor([&dialog] { return !dialog->isBusy(); }, 60) && ok;
        ok = !dialog->errorText().isEmpty() && ok;
        ok = saveShot(*dialog, directory, QStringLiteral("signin-wrong-password") + suffix) && ok;
    }

    // The sidebar with a registry signed in for this session. The registry asks for no
    // password, so any is taken.
    window.openPlace(Place{registry, {}, {}, {}, {}});
    SignInOperation *signIn = window.credentialStore()->signIn(
        registry, Credentials{QStringLiteral("alice"), password, {}}, false, TransportOptions{},
        &window);
    ok = waitFor([signIn] { return signIn->isFinished(); }, 60) && signIn->succeeded() && ok;
    delete signIn;
    window.clientPool()->connectTo(registry);
    ok = waitFor(
             [&window, &registry] {
                 return window.clientPool()->state(registry)
                     == ClientPool::ConnectionState::SignedIn;
             },
             60)
        && ok;
    ok = saveShot(*window.registryPane(), directory,
                  QStringLiteral("registries-signed-in") + suffix)
        && ok;

    // Signing out while docker's config.json (in the tool's own folder) still holds a login.
    const QString dockerConfig
        = qEnvironmentVariable("DOCKER_CONFIG") + QStringLiteral("/config.json");
    QDir().mkpath(qEnvironmentVariable("DOCKER_CONFIG"));
    QFile config(dockerConfig);
    if (config.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        config.write("{\"auths\":{\"" + registry.toUtf8() + "\":{\"auth\":\""
                     + QByteArray("alice:" + password.toUtf8()).toBase64() + "\"}}}");
        config.close();
    }
    QSignalSpy signedOut(window.registryPane(), &RegistryPane::signedOut);
    window.registryPane()->signOut(registry);
    ok = waitFor([&signedOut] { return !signedOut.isEmpty(); }, 60) && ok;
    ok = saveShot(*window.registryPane(), directory,
                  QStringLiteral("registries-signed-out") + suffix)
        && ok;
    QFile::remove(dockerConfig);

    // A request the registry refuses: where it failed, the offer to sign in.
    window.openPlace(Place{hostOf(refusing), QStringLiteral("private/app"), {}, {}, {}});
    auto *banner = window.tagPane()->findChild<ErrorBanner *>();
    ok = banner && waitFor([banner] { return banner->offersSignIn(); }, 60) && ok;
    ok = saveShot(window, directory, QStringLiteral("signin-banner") + suffix) && ok;
    if (banner)
        ok = saveShot(*banner, directory, QStringLiteral("signin-banner-detail") + suffix) && ok;
    return ok;
}

} // namespace

/**
 * The compare window over the registry's compare fixtures: a version and its successor chosen
 * from two selected tags, the same image recompressed in a mirror repository, and two
 * multi-platform tags with different platform sets.
 */
bool compareShots(MainWindow &window, const QString &registry, const QDir &directory,
                  const QString &suffix)
{
    bool ok = show(window, registry + QStringLiteral("/fixtures/compare-app:1.4"));
    QAbstractItemView *tags = window.tagPane()->view();
    tags->selectAll();
    tags->setFocus();
    ok = saveShot(window, directory, QStringLiteral("compare-selected-tags") + suffix) && ok;
    window.compareWith();
    if (auto *dialog = window.findChild<CompareWithDialog *>()) {
        dialog->field()->setText(dialog->field()->text() + QStringLiteral("1.5"));
        ok = saveShot(*dialog, directory, QStringLiteral("compare-with-dialog") + suffix) && ok;
        dialog->field()->setText(QStringLiteral("ghcr.io/Org/app:1"));
        ok = saveShot(*dialog, directory, QStringLiteral("compare-with-dialog-invalid") + suffix)
            && ok;
        dialog->reject();
    } else {
        ok = false;
    }

    const auto compare = [&](const QString &a, const QString &b, const QString &name) {
        CompareWindow *shown = window.compare(*ImageReference::parse(registry + u'/' + a),
                                              *ImageReference::parse(registry + u'/' + b));
        shown->resize(1360, 860);
        ok = waitFor([shown] { return !shown->isBusy(); }, 60) && ok;
        ok = saveShot(*shown, directory, name + suffix) && ok;
        shown->close();
    };
    compare(QStringLiteral("fixtures/compare-app:1.4"), QStringLiteral("fixtures/compare-app:1.5"),
            QStringLiteral("compare-versions"));
    compare(QStringLiteral("fixtures/compare-app:1.4"),
            QStringLiteral("fixtures/compare-mirror:1.4"), QStringLiteral("compare-mirror"));
    compare(QStringLiteral("fixtures/compare-multi:multi-a"),
            QStringLiteral("fixtures/compare-multi:multi-b"), QStringLiteral("compare-platforms"));
    return ok;
}

int main(int argc, char *argv[])
{
    // Pictures never touch the user's keychain nor show their docker or podman logins.
    QTemporaryDir credentialsDir;
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent");
    qputenv("DOCKER_CONFIG", credentialsDir.filePath(QStringLiteral("docker")).toUtf8());
    qputenv("REGISTRY_AUTH_FILE", credentialsDir.filePath(QStringLiteral("auth.json")).toUtf8());
    qputenv("XDG_RUNTIME_DIR", credentialsDir.filePath(QStringLiteral("run")).toUtf8());
    qputenv("XDG_CONFIG_HOME", credentialsDir.filePath(QStringLiteral("config")).toUtf8());

    // The scale factor has to be in place before the application object exists.
    QString scale;
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--scale") == 0)
            scale = QString::fromLocal8Bit(argv[i + 1]);
    }
    bool scaleOk = true;
    if (!scale.isEmpty() && (scale.toDouble(&scaleOk) < 1 || !scaleOk)) {
        QTextStream(stderr) << "--scale takes a factor of 1 or more, such as 2\n";
        return 2;
    }
    if (!scale.isEmpty())
        qputenv("QT_SCALE_FACTOR", scale.toLatin1());

    QApplication app(argc, argv);
    QStringList arguments = QApplication::arguments();
    if (const qsizetype at = arguments.indexOf(QStringLiteral("--scale")); at > 0)
        arguments.remove(at, 2);
    const bool dark = arguments.removeAll(QStringLiteral("--dark")) > 0;
    const bool signInOnly = arguments.removeAll(QStringLiteral("--sign-in-only")) > 0;
    const bool compareOnly = arguments.removeAll(QStringLiteral("--compare-only")) > 0;
    QString registry;
    if (const qsizetype at = arguments.indexOf(QStringLiteral("--registry"));
        at > 0 && at + 1 < arguments.size()) {
        registry = arguments.at(at + 1);
        arguments.remove(at, 2);
    }
    if (arguments.size() != 2) {
        QTextStream(stderr)
            << "usage: layerscope-screenshots <directory> [--dark] [--scale FACTOR] "
               "[--registry HOST:PORT] [--sign-in-only | --compare-only]\n";
        return 2;
    }
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (dark)
        QApplication::setPalette(TestPalette::dark());

    QDir directory(arguments.at(1));
    if (!directory.mkpath(QStringLiteral("."))) {
        QTextStream(stderr) << "cannot create " << directory.path() << '\n';
        return 1;
    }
    QString suffix = dark ? QStringLiteral("-dark") : QString();
    if (!scale.isEmpty() && scale.toDouble() != 1)
        suffix += QStringLiteral("@%1x").arg(scale);

    std::unique_ptr<DemoRegistry> demo;
    if (registry.isEmpty()) {
        demo = std::make_unique<DemoRegistry>();
        demo->start();
        if (!waitFor(
                [&demo] {
                    return demo->state() == DemoRegistry::State::Ready
                        || demo->state() == DemoRegistry::State::Failed;
                },
                240)
            || demo->state() != DemoRegistry::State::Ready) {
            QTextStream(stderr) << "the demo registry did not start: " << demo->errorString()
                                << '\n';
            return 1;
        }
        registry = demo->hostPort();
    }

    // The user's own settings stay untouched.
    QTemporaryDir settingsDir;
    QSettings settings(settingsDir.filePath(QStringLiteral("layerscope.ini")),
                       QSettings::IniFormat);
    MainWindow window(nullptr, &settings);
    window.resize(1500, 900);
    window.show();

    bool ok = true;
    const auto shot
        = [&](const QString &reference, ImagePane::Section section, const QString &name) {
              ok = show(window, registry + QLatin1Char('/') + reference) && ok;
              window.imagePane()->setCurrentSection(section);
              if (section == ImagePane::Section::Tree) {
                  if (auto *tree
                      = window.imagePane()->findChild<QTreeView *>(QStringLiteral("manifestTree")))
                      tree->expandToDepth(1);
              }
              ok = saveShot(window, directory, name + suffix) && ok;
          };
    if (signInOnly)
        return signInShots(window, registry, directory, suffix) ? 0 : 1;
    if (compareOnly)
        return compareShots(window, registry, directory, suffix) ? 0 : 1;
    shot(QStringLiteral("fixtures/multiarch:3.0"), ImagePane::Section::Summary,
         QStringLiteral("explorer-multiplatform"));
    shot(QStringLiteral("fixtures/multiarch:3.0"), ImagePane::Section::Platforms,
         QStringLiteral("explorer-platforms"));
    shot(QStringLiteral("fixtures/multiarch:3.0"), ImagePane::Section::Tree,
         QStringLiteral("explorer-tree"));
    shot(QStringLiteral("fixtures/fifty-layers:latest"), ImagePane::Section::Layers,
         QStringLiteral("explorer-fifty-layers"));
    shot(QStringLiteral("fixtures/docker-app:1.0"), ImagePane::Section::Layers,
         QStringLiteral("explorer-layers"));
    shot(QStringLiteral("fixtures/docker-app:1.0"), ImagePane::Section::Config,
         QStringLiteral("explorer-config"));
    shot(QStringLiteral("fixtures/docker-app:1.0"), ImagePane::Section::Raw,
         QStringLiteral("explorer-raw"));
    shot(QStringLiteral("fixtures/many-tags:1.0.3"), ImagePane::Section::Summary,
         QStringLiteral("explorer-many-tags"));
    // An error where it happened: a tag that does not exist.
    shot(QStringLiteral("fixtures/docker-app:no-such-tag"), ImagePane::Section::Summary,
         QStringLiteral("explorer-error"));
    if (QAction *about = window.findChild<QAction *>(QStringLiteral("aboutAction"))) {
        about->trigger();
        if (auto *dialog = window.findChild<QDialog *>(QStringLiteral("aboutDialog"))) {
            ok = saveShot(*dialog, directory, QStringLiteral("about") + suffix) && ok;
            dialog->close();
        }
    }
    ok = compareShots(window, registry, directory, suffix) && ok;
    ok = signInShots(window, registry, directory, suffix) && ok;
    return ok ? 0 : 1;
}
