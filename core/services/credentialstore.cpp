#include "services/credentialstore.h"

#include "registry/registryclient.h"
#include "services/keychain.h"
#include "transport/transportreply.h"

#include <QLoggingCategory>
#include <QSettings>

namespace Layerscope {

Q_LOGGING_CATEGORY(lcCredentials, "layerscope.core.credentials", QtWarningMsg)

namespace {

using Category = RegistryError::Category;

// The settings group listing, per registry, the user whose password the keychain holds.
constexpr QLatin1StringView KeychainUsersGroup("KeychainUsers");

// QSettings reads '/' and '\' in keys as groups. Registry names hold neither (hosts with a
// port), but a name that did must not reach into another group.
QString settingsKey(const QString &registry)
{
    QString key = registry;
    return key.replace(u'/', u'_').replace(u'\\', u'_');
}

} // namespace

CredentialLookup::CredentialLookup(CredentialStore *store, QString registry, QObject *parent)
    : Operation(parent)
    , m_store(store)
    , m_registry(std::move(registry))
{
    QMetaObject::invokeMethod(this, &CredentialLookup::start, Qt::QueuedConnection);
}

void CredentialLookup::start()
{
    if (isFinished() || !m_store)
        return;
    if (const std::optional<Credentials> session = m_store->sessionCredentials(m_registry)) {
        finishWith({*session, CredentialSource::Session, {}});
        return;
    }
    const QString username = m_store->keychainUser(m_registry);
    if (!username.isEmpty()) {
        readKeychain(username);
        return;
    }
    lookExternally();
}

void CredentialLookup::readKeychain(const QString &username)
{
    KeychainOperation *read = Keychain::read(m_registry, username, this);
    connect(read, &Operation::finished, this, [this, read, username] {
        read->deleteLater();
        if (isFinished())
            return;
        if (read->succeeded()) {
            finishWith({Credentials{username, read->secret(), {}}, CredentialSource::Keychain, {}});
            return;
        }
        if (read->outcome() == KeychainOperation::Outcome::NotFound) {
            m_problems.append(QStringLiteral("the system keychain no longer holds the password of "
                                             "user \"%1\" for %2")
                                  .arg(username, m_registry));
        } else {
            m_problems.append(read->error().message());
        }
        lookExternally();
    });
}

void CredentialLookup::lookExternally()
{
    if (!m_store || m_store->m_signedOut.contains(m_registry)) {
        finishWith({});
        return;
    }
    auto *external = new ExternalCredentialLookup(m_registry, m_store->environment(), this);
    connect(external, &Operation::finished, this, [this, external] {
        external->deleteLater();
        if (isFinished())
            return;
        m_problems.append(external->problems());
        finishWith(external->found().value_or(FoundCredentials{}));
    });
}

void CredentialLookup::finishWith(FoundCredentials found)
{
    m_found = std::move(found);
    qCDebug(lcCredentials) << "credentials for" << m_registry << "from"
                           << credentialSourceName(m_found.source) << m_found.origin;
    succeed();
}

SignInOperation::SignInOperation(CredentialStore *store, QString registry, Credentials credentials,
                                 bool remember, const TransportOptions &options, QObject *parent)
    : Operation(parent)
    , m_store(store)
    , m_registry(std::move(registry))
    , m_credentials(std::move(credentials))
    , m_remember(remember)
    , m_client(new RegistryClient(m_registry, options, this))
{
    m_client->setCredentials(m_credentials);
    QMetaObject::invokeMethod(this, &SignInOperation::start, Qt::QueuedConnection);
}

void SignInOperation::abortWork()
{
    delete m_ping;
    m_ping = nullptr;
}

void SignInOperation::start()
{
    if (isFinished())
        return;
    if (m_credentials.username.isEmpty()) {
        fail(RegistryError(Category::Unauthorized, QStringLiteral("a user name is needed")));
        return;
    }
    // GET /v2/ with the credentials: a registry with basic authentication checks the password
    // itself; with bearer tokens, the token service checks it before handing out a token (as
    // `docker login` does).
    m_ping = m_client->ping(this);
    connect(m_ping, &Operation::finished, this, &SignInOperation::verified);
}

void SignInOperation::verified()
{
    TransportReply *ping = m_ping;
    m_ping = nullptr;
    ping->deleteLater();
    if (isFinished())
        return;
    if (ping->error().isError()) {
        RegistryError error = ping->error();
        if (error.category() == Category::Unauthorized) {
            error.setMessage(QStringLiteral("%1 refused the password of user \"%2\"")
                                 .arg(m_registry, m_credentials.username));
        }
        fail(error);
        return;
    }
    if (!m_store) {
        fail(RegistryError(Category::Cancelled, QStringLiteral("cancelled")));
        return;
    }
    m_checked = m_client->transport()->asksForAuthentication();
    m_store->m_session.insert(m_registry, m_credentials);
    m_store->m_signedOut.remove(m_registry);
    if (!m_remember) {
        Q_EMIT m_store->changed(m_registry);
        succeed();
        return;
    }
    KeychainOperation *write
        = Keychain::write(m_registry, m_credentials.username, m_credentials.password, this);
    connect(write, &Operation::finished, this, [this, write] { stored(write); });
}

void SignInOperation::stored(KeychainOperation *write)
{
    write->deleteLater();
    if (isFinished() || !m_store)
        return;
    if (write->succeeded()) {
        // One login per registry, as docker keeps: the previous user's entry goes.
        const QString previous = m_store->keychainUser(m_registry);
        if (!previous.isEmpty() && previous != m_credentials.username)
            Keychain::remove(m_registry, previous, m_store.data());
        m_store->setKeychainUser(m_registry, m_credentials.username);
        m_remembered = true;
    } else {
        m_keychainProblem = write->error().message();
    }
    Q_EMIT m_store->changed(m_registry);
    succeed();
}

SignOutOperation::SignOutOperation(CredentialStore *store, QString registry, QObject *parent)
    : Operation(parent)
    , m_store(store)
    , m_registry(std::move(registry))
{
    QMetaObject::invokeMethod(this, &SignOutOperation::start, Qt::QueuedConnection);
}

void SignOutOperation::start()
{
    if (isFinished() || !m_store)
        return;
    m_store->m_session.remove(m_registry);
    const QString username = m_store->keychainUser(m_registry);
    if (username.isEmpty()) {
        lookExternally();
        return;
    }
    KeychainOperation *remove = Keychain::remove(m_registry, username, this);
    connect(remove, &Operation::finished, this, [this, remove] {
        remove->deleteLater();
        if (isFinished() || !m_store)
            return;
        const bool gone
            = remove->succeeded() || remove->outcome() == KeychainOperation::Outcome::NotFound;
        if (!gone) {
            // The password is still there; so is the note of whose it is.
            Q_EMIT m_store->changed(m_registry);
            fail(remove->error());
            return;
        }
        m_removed = remove->succeeded();
        m_store->setKeychainUser(m_registry, {});
        lookExternally();
    });
}

void SignOutOperation::lookExternally()
{
    auto *external = new ExternalCredentialLookup(m_registry, m_store->environment(), this);
    connect(external, &Operation::finished, this, [this, external] {
        external->deleteLater();
        if (isFinished() || !m_store)
            return;
        if (const std::optional<FoundCredentials> found = external->found()) {
            m_elsewhere = *found;
            m_elsewhere.credentials = {m_elsewhere.credentials.username, {}, {}};
            m_store->m_signedOut.insert(m_registry);
        }
        Q_EMIT m_store->changed(m_registry);
        succeed();
    });
}

CredentialStore::CredentialStore(QSettings *settings, CredentialEnvironment environment,
                                 QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_environment(std::move(environment))
{ }

CredentialStore::~CredentialStore() = default;

QString CredentialStore::registryKey(const QString &registry)
{
    const QString name = registry.trimmed().toLower();
    if (name == u"index.docker.io" || name == u"registry-1.docker.io")
        return QStringLiteral("docker.io");
    return name;
}

CredentialLookup *CredentialStore::lookup(const QString &registry, QObject *parent)
{
    return new CredentialLookup(this, registryKey(registry), parent);
}

SignInOperation *CredentialStore::signIn(const QString &registry, const Credentials &credentials,
                                         bool remember, const TransportOptions &options,
                                         QObject *parent)
{
    return new SignInOperation(this, registryKey(registry), credentials, remember, options, parent);
}

SignOutOperation *CredentialStore::signOut(const QString &registry, QObject *parent)
{
    return new SignOutOperation(this, registryKey(registry), parent);
}

QString CredentialStore::keychainUser(const QString &registry) const
{
    if (!m_settings)
        return {};
    return m_settings->value(KeychainUsersGroup + u'/' + settingsKey(registryKey(registry)))
        .toString();
}

std::optional<Credentials> CredentialStore::sessionCredentials(const QString &registry) const
{
    const auto it = m_session.constFind(registryKey(registry));
    if (it == m_session.cend())
        return std::nullopt;
    return *it;
}

void CredentialStore::setKeychainUser(const QString &registry, const QString &username)
{
    if (!m_settings)
        return;
    const QString key = KeychainUsersGroup + u'/' + settingsKey(registry);
    if (username.isEmpty())
        m_settings->remove(key);
    else
        m_settings->setValue(key, username);
    m_settings->sync();
}

} // namespace Layerscope
