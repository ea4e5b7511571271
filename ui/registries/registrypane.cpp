#include "registrypane.h"

#include "addregistrydialog.h"
#include "clientpool.h"
#include "common/copyactions.h"
#include "registrydelegate.h"
#include "registrylistmodel.h"
#include "services/credentialstore.h"
#include "signindialog.h"

#include <QAction>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QShortcut>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace Layerscope {

namespace {

// What removes a login that docker's or podman's files still hold.
QString logoutCommand(const QString &program, const QString &host)
{
    const QString target = RegistryEntry{host, {}, false}.isDockerHub() ? QString() : u' ' + host;
    return program + QStringLiteral(" logout") + target;
}

} // namespace

RegistryPane::RegistryPane(RegistryStore *store, ClientPool *pool, QWidget *parent)
    : QWidget(parent)
    , m_pool(pool)
    , m_model(new RegistryListModel(store, pool, this))
    , m_view(new QListView(this))
    , m_addButton(new QToolButton(this))
    , m_removeButton(new QToolButton(this))
    , m_signInButton(new QToolButton(this))
    , m_signOutButton(new QToolButton(this))
    , m_notice(new QFrame(this))
    , m_noticeText(new QLabel(m_notice))
{
    setObjectName(QStringLiteral("registryPane"));
    setAccessibleName(tr("Registries"));

    auto *title = new QLabel(tr("Registries"), this);
    title->setObjectName(QStringLiteral("registryTitle"));
    title->setAccessibleName(tr("Registries"));
    QFont titleFont = title->font();
    titleFont.setBold(true);
    title->setFont(titleFont);

    m_addButton->setObjectName(QStringLiteral("addRegistryButton"));
    m_addButton->setAccessibleName(tr("Add registry"));
    m_addButton->setText(tr("Add…"));
    m_addButton->setToolTip(tr("Add a registry"));
    m_addButton->setAutoRaise(true);
    m_removeButton->setObjectName(QStringLiteral("removeRegistryButton"));
    m_removeButton->setAccessibleName(tr("Remove registry"));
    m_removeButton->setText(tr("Remove"));
    m_removeButton->setToolTip(tr("Remove the selected registry (Delete)"));
    m_removeButton->setAutoRaise(true);
    m_signInButton->setObjectName(QStringLiteral("signInRegistryButton"));
    m_signInButton->setAccessibleName(tr("Sign in"));
    m_signInButton->setText(tr("Sign In…"));
    m_signInButton->setToolTip(tr("Sign in to the selected registry"));
    m_signInButton->setAutoRaise(true);
    m_signOutButton->setObjectName(QStringLiteral("signOutRegistryButton"));
    m_signOutButton->setAccessibleName(tr("Sign out"));
    m_signOutButton->setText(tr("Sign Out"));
    m_signOutButton->setToolTip(tr("Sign out of the selected registry"));
    m_signOutButton->setAutoRaise(true);

    m_notice->setObjectName(QStringLiteral("registryNotice"));
    m_notice->setAccessibleName(tr("Registry notice"));
    m_notice->setFrameShape(QFrame::StyledPanel);
    m_noticeText->setObjectName(QStringLiteral("registryNoticeText"));
    m_noticeText->setAccessibleName(tr("Registry notice text"));
    m_noticeText->setTextFormat(Qt::PlainText);
    m_noticeText->setWordWrap(true);
    m_noticeText->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    auto *dismiss = new QToolButton(m_notice);
    dismiss->setObjectName(QStringLiteral("dismissNoticeButton"));
    dismiss->setAccessibleName(tr("Dismiss notice"));
    dismiss->setToolTip(tr("Dismiss"));
    dismiss->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    dismiss->setAutoRaise(true);
    auto *noticeLayout = new QHBoxLayout(m_notice);
    noticeLayout->setContentsMargins(6, 4, 2, 4);
    noticeLayout->addWidget(m_noticeText, 1);
    noticeLayout->addWidget(dismiss, 0, Qt::AlignTop);
    m_notice->hide();
    connect(dismiss, &QToolButton::clicked, m_notice, &QWidget::hide);

    m_view->setObjectName(QStringLiteral("registryView"));
    m_view->setAccessibleName(tr("Registry list"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new RegistryDelegate(m_view));
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setTextElideMode(Qt::ElideRight);

    auto *header = new QHBoxLayout;
    header->setContentsMargins(4, 0, 0, 0);
    header->addWidget(title, 1);
    header->addWidget(m_addButton);
    header->addWidget(m_removeButton);
    auto *account = new QHBoxLayout;
    account->setContentsMargins(0, 0, 0, 0);
    account->addWidget(m_signInButton);
    account->addWidget(m_signOutButton);
    account->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(m_view, 1);
    layout->addLayout(account);
    layout->addWidget(m_notice);

    connect(m_addButton, &QToolButton::clicked, this, &RegistryPane::addRegistry);
    connect(m_removeButton, &QToolButton::clicked, this, &RegistryPane::removeCurrentRegistry);
    connect(m_signInButton, &QToolButton::clicked, this, &RegistryPane::signInToCurrentRegistry);
    connect(m_signOutButton, &QToolButton::clicked, this, &RegistryPane::signOutOfCurrentRegistry);
    // Sign Out follows who is signed in to the current registry.
    connect(m_pool, &ClientPool::stateChanged, this, [this](const QString &host) {
        if (host == currentHost())
            updateButtons();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &RegistryPane::onCurrentChanged);
    connect(m_view, &QWidget::customContextMenuRequested, this, &RegistryPane::showContextMenu);
    auto *deleteKey
        = new QShortcut(QKeySequence::Delete, m_view, nullptr, nullptr, Qt::WidgetShortcut);
    connect(deleteKey, &QShortcut::activated, this, &RegistryPane::removeCurrentRegistry);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &RegistryPane::updateButtons);
    updateButtons();
}

QAbstractItemView *RegistryPane::view() const
{
    return m_view;
}

QString RegistryPane::currentHost() const
{
    return m_view->currentIndex().data(RegistryListModel::HostRole).toString();
}

bool RegistryPane::selectRegistry(const QString &host)
{
    const QModelIndex index = m_model->indexOfHost(host);
    if (!index.isValid())
        return false;
    m_selectingProgrammatically = true;
    m_view->setCurrentIndex(index);
    m_selectingProgrammatically = false;
    m_view->scrollTo(index);
    return true;
}

void RegistryPane::ensureRegistry(const RegistryEntry &entry, bool persistent)
{
    if (!m_model->indexOfHost(entry.host).isValid())
        m_model->addRegistry(entry, persistent);
}

void RegistryPane::onCurrentChanged(const QModelIndex &current)
{
    updateButtons();
    if (m_selectingProgrammatically || !current.isValid())
        return;
    const QString host = current.data(RegistryListModel::HostRole).toString();
    if (m_pool->state(host) == ClientPool::ConnectionState::Unknown)
        m_pool->connectTo(host);
    Q_EMIT registrySelected(host);
}

void RegistryPane::updateButtons()
{
    const QModelIndex current = m_view->currentIndex();
    m_removeButton->setEnabled(current.data(RegistryListModel::RemovableRole).toBool());
    const bool canSign = m_pool->credentialStore() && current.isValid();
    m_signInButton->setEnabled(canSign);
    m_signOutButton->setEnabled(
        canSign && !m_signOut
        && current.data(RegistryListModel::CredentialSourceRole).value<CredentialSource>()
            != CredentialSource::Anonymous);
}

QString RegistryPane::labelOf(const QString &host) const
{
    const RegistryEntry entry = m_model->entry(m_model->indexOfHost(host));
    return entry.host.isEmpty() ? host : entry.label();
}

void RegistryPane::showNotice(const QString &text)
{
    m_noticeText->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

QString RegistryPane::noticeText() const
{
    return m_notice->isHidden() ? QString() : m_noticeText->text();
}

void RegistryPane::signInToCurrentRegistry()
{
    signIn(currentHost());
}

void RegistryPane::signOutOfCurrentRegistry()
{
    signOut(currentHost());
}

SignInDialog *RegistryPane::signIn(const QString &host)
{
    CredentialStore *store = m_pool->credentialStore();
    if (!store || host.isEmpty())
        return nullptr;
    if (m_signInDialog) {
        if (m_signInDialog->registry() == host) {
            m_signInDialog->raise();
            m_signInDialog->activateWindow();
            return m_signInDialog;
        }
        m_signInDialog->reject();
    }
    showNotice({});
    auto *dialog = new SignInDialog(store, host, m_pool->transportOptions(host), this);
    m_signInDialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setUserName(m_pool->signedInUser(host));
    connect(dialog, &QDialog::accepted, this, [this, dialog, host] {
        if (!dialog->keychainProblem().isEmpty()) {
            showNotice(tr("Signed in to %1 for this session only: the system keychain could not "
                          "keep the password (%2).")
                           .arg(labelOf(host), dialog->keychainProblem()));
        }
        Q_EMIT signedIn(host);
    });
    // open() keeps the event loop running: the window goes on updating while it asks.
    dialog->open();
    return dialog;
}

void RegistryPane::signOut(const QString &host)
{
    CredentialStore *store = m_pool->credentialStore();
    if (!store || host.isEmpty() || m_signOut)
        return;
    showNotice({});
    SignOutOperation *operation = store->signOut(host, this);
    m_signOut = operation;
    connect(operation, &Operation::finished, this,
            [this, operation, host] { onSignedOut(operation, host); });
    updateButtons();
}

void RegistryPane::onSignedOut(SignOutOperation *operation, const QString &host)
{
    operation->deleteLater();
    m_signOut = nullptr;
    updateButtons();
    if (operation->error().isError()) {
        showNotice(
            tr("Could not sign out of %1: %2").arg(labelOf(host), operation->error().message()));
        return;
    }
    const FoundCredentials &elsewhere = operation->stillElsewhere();
    const QString origin = elsewhere.origin;
    const auto where = [&origin](const QString &what) {
        return origin.isEmpty() ? what : QStringLiteral("%1 (%2)").arg(what, origin);
    };
    switch (elsewhere.source) {
    case CredentialSource::DockerConfig:
        showNotice(tr("Layerscope does not change %1: the login there is not used this session; "
                      "`%2` removes it.")
                       .arg(where(tr("docker's config.json")),
                            logoutCommand(QStringLiteral("docker"), host)));
        break;
    case CredentialSource::CredentialHelper:
        showNotice(tr("Layerscope does not change %1: the login there is not used this session; "
                      "`%2` removes it.")
                       .arg(where(tr("the logins of docker's credential helper")),
                            logoutCommand(QStringLiteral("docker"), host)));
        break;
    case CredentialSource::ContainersAuth:
        showNotice(tr("Layerscope does not change %1: the login there is not used this session; "
                      "`%2` removes it.")
                       .arg(where(tr("podman's auth.json")),
                            logoutCommand(QStringLiteral("podman"), host)));
        break;
    default:
        break;
    }
    Q_EMIT signedOut(host);
}

void RegistryPane::addRegistry()
{
    if (m_addDialog) {
        m_addDialog->raise();
        m_addDialog->activateWindow();
        return;
    }
    auto *dialog = new AddRegistryDialog(this);
    m_addDialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const RegistryEntry entry = dialog->entry();
        m_model->addRegistry(entry, true);
        selectRegistry(entry.host);
        m_pool->connectTo(entry.host);
        Q_EMIT registrySelected(entry.host);
    });
    dialog->open();
}

void RegistryPane::removeCurrentRegistry()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.data(RegistryListModel::RemovableRole).toBool())
        return;
    confirmRemoval(current.data(RegistryListModel::HostRole).toString());
}

void RegistryPane::confirmRemoval(const QString &host)
{
    delete m_confirmation;
    const QString label = m_model->entry(m_model->indexOfHost(host)).label();
    m_confirmation = new QMessageBox(QMessageBox::Question, tr("Remove Registry"),
                                     tr("Remove %1 from the list?").arg(label),
                                     QMessageBox::Yes | QMessageBox::Cancel, this);
    m_confirmation->setObjectName(QStringLiteral("removeRegistryConfirmation"));
    m_confirmation->setAccessibleName(tr("Remove registry"));
    m_confirmation->setInformativeText(
        tr("Its recent repositories stay remembered; credentials in the keychain are kept."));
    m_confirmation->setDefaultButton(QMessageBox::Yes);
    m_confirmation->setAttribute(Qt::WA_DeleteOnClose);
    // open() keeps the event loop running: the window goes on updating while it asks.
    m_confirmation->open();
    connect(m_confirmation, &QMessageBox::finished, this, [this, host](int result) {
        if (result == QMessageBox::Yes)
            m_model->removeRegistry(host);
    });
}

void RegistryPane::reconnectCurrentRegistry()
{
    const QString host = currentHost();
    if (!host.isEmpty())
        m_pool->connectTo(host);
}

void RegistryPane::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_view->indexAt(position);
    if (!index.isValid())
        return;
    const QString host = index.data(RegistryListModel::HostRole).toString();
    auto *menu = new QMenu(m_view);
    menu->setObjectName(QStringLiteral("registryContextMenu"));
    menu->setAccessibleName(tr("Registry actions"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    if (m_pool->credentialStore()) {
        menu->addAction(tr("Sign &In…"), this, [this, host] { signIn(host); });
        QAction *signOutAction
            = menu->addAction(tr("Sign &Out"), this, [this, host] { signOut(host); });
        signOutAction->setEnabled(
            !m_signOut
            && index.data(RegistryListModel::CredentialSourceRole).value<CredentialSource>()
                != CredentialSource::Anonymous);
        menu->addSeparator();
    }
    menu->addAction(tr("Re&connect"), this, [this, host] { m_pool->connectTo(host); });
    QAction *remove = menu->addAction(tr("&Remove…"), this, [this, host] { confirmRemoval(host); });
    remove->setEnabled(index.data(RegistryListModel::RemovableRole).toBool());
    menu->addSeparator();
    menu->addAction(tr("Copy &host"), this, [this, host] { CopyActions::copyText(host, this); });
    menu->popup(m_view->viewport()->mapToGlobal(position));
}

} // namespace Layerscope
