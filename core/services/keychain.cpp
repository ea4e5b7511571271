#include "services/keychain.h"

#include <QLoggingCategory>

#include <qt6keychain/keychain.h>

#ifdef LAYERSCOPE_KEYCHAIN_DBUS
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#endif

#include <functional>

namespace Layerscope {

Q_LOGGING_CATEGORY(lcKeychain, "layerscope.core.keychain", QtWarningMsg)

namespace {

using Category = RegistryError::Category;
using Outcome = KeychainOperation::Outcome;

// Not of the form "Layerscope:registry:username", so no registry entry can ever take it.
constexpr QLatin1StringView ProbeKey("Layerscope:probe");

#ifdef LAYERSCOPE_KEYCHAIN_DBUS
constexpr QLatin1StringView SecretServiceBusName("org.freedesktop.secrets");

// Calls \a handler with the answer to \a call, unless \a context is gone by then.
QMetaObject::Connection awaitBus(QObject *context, const QDBusPendingCall &call,
                                 std::function<void(const QDBusPendingCallWatcher &)> handler)
{
    auto *watcher = new QDBusPendingCallWatcher(call, context);
    return QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context,
                            [watcher, handler = std::move(handler)] {
                                watcher->deleteLater();
                                handler(*watcher);
                            });
}
#endif

Outcome outcomeOf(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
        return Outcome::Done;
    case QKeychain::EntryNotFound:
        return Outcome::NotFound;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return Outcome::Unavailable;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Outcome::Denied;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        break;
    }
    return Outcome::Failed;
}

QString outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Pending:
        return QStringLiteral("pending");
    case Outcome::Done:
        return QStringLiteral("done");
    case Outcome::NotFound:
        return QStringLiteral("not found");
    case Outcome::Unavailable:
        return QStringLiteral("unavailable");
    case Outcome::Denied:
        return QStringLiteral("denied");
    case Outcome::Failed:
        break;
    }
    return QStringLiteral("failed");
}

} // namespace

KeychainOperation::KeychainOperation(Kind kind, QString registry, QString username, QObject *parent)
    : Operation(parent)
    , m_kind(kind)
    , m_registry(std::move(registry))
    , m_username(std::move(username))
{ }

KeychainOperation::~KeychainOperation() = default;

void KeychainOperation::abortWork()
{
    // A QtKeychain job cannot be stopped (see start()); the operation only stops listening.
    m_aborted = true;
    QObject::disconnect(m_jobConnection);
}

QString KeychainOperation::describe() const
{
    const QString entry = QStringLiteral("the keychain entry of user \"%1\" for %2");
    switch (m_kind) {
    case Kind::Read:
        return QStringLiteral("reading ") + entry.arg(m_username, m_registry);
    case Kind::Write:
        return QStringLiteral("storing ") + entry.arg(m_username, m_registry);
    case Kind::Remove:
        return QStringLiteral("removing ") + entry.arg(m_username, m_registry);
    case Kind::Probe:
        break;
    }
    return QStringLiteral("checking the system keychain");
}

void KeychainOperation::start(const QString &secret)
{
    qCDebug(lcKeychain).noquote() << describe();
#ifdef LAYERSCOPE_KEYCHAIN_DBUS
    // Without a session bus there is no Secret Service, and the Secret Service backend would
    // only report a connection failure that reads like any other error.
    if (!QDBusConnection::sessionBus().isConnected()) {
        finishWith(Outcome::Unavailable, QStringLiteral("no session bus"));
        return;
    }
#endif
    const QString service = Keychain::serviceName();
    QKeychain::Job *job = nullptr;
    switch (m_kind) {
    case Kind::Read:
    case Kind::Probe:
        job = new QKeychain::ReadPasswordJob(service);
        break;
    case Kind::Write: {
        auto *write = new QKeychain::WritePasswordJob(service);
        write->setTextData(secret);
        job = write;
        break;
    }
    case Kind::Remove:
        job = new QKeychain::DeletePasswordJob(service);
        break;
    }
    job->setKey(m_kind == Kind::Probe ? QString(ProbeKey) : Keychain::key(m_registry, m_username));
    // A keychain or nothing: QtKeychain would otherwise keep secrets in a plaintext QSettings
    // file when it finds no keychain.
    job->setInsecureFallback(false);
    // The job has no parent and deletes itself once finished: the Secret Service backend keeps
    // a plain pointer to the job until libsecret answers, so deleting a running job would let
    // that answer reach freed memory. An operation deleted or cancelled earlier just stops
    // listening (the connection's context is the operation).
    job->setAutoDelete(true);
    m_jobConnection = connect(
        job, &QKeychain::Job::finished, this, [this, secret](QKeychain::Job *finishedJob) {
            onJobFinished(finishedJob->error(), finishedJob->errorString(), finishedJob, secret);
        });
    job->start();
}

void KeychainOperation::onJobFinished(int error, QString errorString, QObject *job,
                                      const QString &secret)
{
    const auto keychainError = static_cast<QKeychain::Error>(error);
    // Keychains do not echo secrets in their errors, but an error text is shown and logged, so
    // make sure.
    if (!secret.isEmpty())
        errorString.replace(secret, QStringLiteral("[secret]"));
    const Outcome outcome = outcomeOf(keychainError);
    if (outcome == Outcome::Done && (m_kind == Kind::Read || m_kind == Kind::Probe)) {
        const QString data = static_cast<QKeychain::ReadPasswordJob *>(job)->textData();
        if (m_kind == Kind::Read)
            m_secret = data;
    }
    if (outcome == Outcome::Failed) {
        diagnoseFailure(errorString);
        return;
    }
    if (outcome == Outcome::NotFound && m_kind == Kind::Read) {
        diagnoseNotFound(errorString);
        return;
    }
    finishWith(outcome, errorString);
}

void KeychainOperation::diagnoseFailure(const QString &errorString)
{
#ifdef LAYERSCOPE_KEYCHAIN_DBUS
    // The Secret Service backend reports "nobody provides org.freedesktop.secrets" as a plain
    // D-Bus error; asking the bus tells a missing keychain from a failing one.
    QDBusConnectionInterface *bus = QDBusConnection::sessionBus().interface();
    if (bus) {
        m_jobConnection = awaitBus(
            this, bus->asyncCall(QStringLiteral("NameHasOwner"), QString(SecretServiceBusName)),
            [this, errorString](const QDBusPendingCallWatcher &watcher) {
                const QDBusPendingReply<bool> reply = watcher;
                const bool missing = reply.isValid() && !reply.value();
                finishWith(missing ? Outcome::Unavailable : Outcome::Failed, errorString);
            });
        return;
    }
#endif
    finishWith(Outcome::Failed, errorString);
}

void KeychainOperation::diagnoseNotFound(const QString &errorString)
{
#ifdef LAYERSCOPE_KEYCHAIN_DBUS
    // libsecret answers "nothing there" when the entry sits in a locked collection that no
    // prompt unlocked (the prompt was dismissed, or there is no prompter). Searching, which
    // never prompts, tells that apart from an entry that does not exist.
    static const bool registered = [] {
        qDBusRegisterMetaType<QMap<QString, QString>>();
        return true;
    }();
    Q_UNUSED(registered);
    QDBusMessage search = QDBusMessage::createMethodCall(
        QString(SecretServiceBusName), QStringLiteral("/org/freedesktop/secrets"),
        QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("SearchItems"));
    const QMap<QString, QString> attributes{
        {QStringLiteral("user"), Keychain::key(m_registry, m_username)},
        {QStringLiteral("server"), Keychain::serviceName()},
    };
    search << QVariant::fromValue(attributes);
    m_jobConnection = awaitBus(
        this, QDBusConnection::sessionBus().asyncCall(search),
        [this, errorString](const QDBusPendingCallWatcher &watcher) {
            const QDBusPendingReply<QList<QDBusObjectPath>, QList<QDBusObjectPath>> reply = watcher;
            const bool locked = reply.isValid() && !reply.argumentAt<1>().isEmpty();
            if (locked) {
                finishWith(Outcome::Denied, QStringLiteral("the entry is in a locked collection"));
            } else {
                finishWith(Outcome::NotFound, errorString);
            }
        });
#else
    finishWith(Outcome::NotFound, errorString);
#endif
}

void KeychainOperation::finishWith(Outcome outcome, const QString &detail)
{
    if (m_aborted)
        return;
    m_outcome = outcome;
    if (outcome == Outcome::Done) {
        qCDebug(lcKeychain).noquote() << describe() << "done";
        succeed();
        return;
    }
    QString reason;
    Category category = Category::Keychain;
    switch (outcome) {
    case Outcome::NotFound:
        category = Category::NotFound;
        reason = QStringLiteral("no such entry");
        break;
    case Outcome::Unavailable:
#ifdef LAYERSCOPE_KEYCHAIN_DBUS
        reason = QStringLiteral("no system keychain is available (no Secret Service on the "
                                "session bus)");
#else
        reason = QStringLiteral("no system keychain is available");
#endif
        break;
    case Outcome::Denied:
        reason = QStringLiteral("the system keychain refused access (locked or denied)");
        break;
    default:
        reason = detail.isEmpty() ? QStringLiteral("the system keychain failed")
                                  : QStringLiteral("the system keychain failed: ") + detail;
        break;
    }
    const QString message = describe() + QStringLiteral(": ") + reason;
    if (outcome == Outcome::NotFound) {
        qCDebug(lcKeychain).noquote() << message;
    } else {
        qCInfo(lcKeychain).noquote()
            << QStringLiteral("%1 [%2%3]")
                   .arg(message, outcomeName(outcome),
                        detail.isEmpty() ? QString() : QStringLiteral(": ") + detail);
    }
    fail(RegistryError(category, message));
}

QString Keychain::serviceName()
{
    return QStringLiteral("Layerscope");
}

QString Keychain::key(const QString &registry, const QString &username)
{
    return serviceName() + u':' + registry + u':' + username;
}

KeychainOperation *Keychain::read(const QString &registry, const QString &username, QObject *parent)
{
    auto *operation
        = new KeychainOperation(KeychainOperation::Kind::Read, registry, username, parent);
    operation->start({});
    return operation;
}

KeychainOperation *Keychain::write(const QString &registry, const QString &username,
                                   const QString &secret, QObject *parent)
{
    auto *operation
        = new KeychainOperation(KeychainOperation::Kind::Write, registry, username, parent);
    operation->start(secret);
    return operation;
}

KeychainOperation *Keychain::remove(const QString &registry, const QString &username,
                                    QObject *parent)
{
    auto *operation
        = new KeychainOperation(KeychainOperation::Kind::Remove, registry, username, parent);
    operation->start({});
    return operation;
}

KeychainOperation *Keychain::probe(QObject *parent)
{
    auto *operation = new KeychainOperation(KeychainOperation::Kind::Probe, {}, {}, parent);
    operation->start({});
    return operation;
}

} // namespace Layerscope
