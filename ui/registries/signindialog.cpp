#include "signindialog.h"

#include "common/warningtext.h"
#include "services/credentialstore.h"
#include "services/keychain.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPushButton>
#include <QVBoxLayout>

namespace Layerscope {

// The registries area's category, defined with the client pool.
Q_DECLARE_LOGGING_CATEGORY(lcRegistries)

namespace {

using Category = RegistryError::Category;
using Outcome = KeychainOperation::Outcome;

QLabel *makeNote(const QString &name, const QString &accessibleName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setAccessibleName(accessibleName);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->hide();
    return label;
}

} // namespace

SignInDialog::SignInDialog(CredentialStore *store, const QString &registry,
                           const TransportOptions &options, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_registry(registry)
    , m_options(options)
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_remember(new QCheckBox(tr("&Remember in the system keychain"), this))
    , m_keychainNote(makeNote(QStringLiteral("keychainNote"), tr("Keychain note"), this))
    , m_status(makeNote(QStringLiteral("signInStatus"), tr("Sign-in status"), this))
    , m_error(makeNote(QStringLiteral("signInError"), tr("Sign-in problem"), this))
    , m_buttons(new QDialogButtonBox(this))
    , m_signInButton(m_buttons->addButton(tr("&Sign In"), QDialogButtonBox::AcceptRole))
{
    setObjectName(QStringLiteral("signInDialog"));
    setWindowTitle(tr("Sign in to %1").arg(registry));
    setAccessibleName(tr("Sign in to %1").arg(registry));

    auto *intro = new QLabel(
        tr("Sign in to %1 with your user name and a password or access token.").arg(registry),
        this);
    intro->setObjectName(QStringLiteral("signInIntro"));
    intro->setAccessibleName(tr("Sign-in explanation"));
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);

    m_user->setObjectName(QStringLiteral("userEdit"));
    m_user->setAccessibleName(tr("User name"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setAccessibleName(tr("Password or token"));
    m_password->setEchoMode(QLineEdit::Password);
    m_remember->setObjectName(QStringLiteral("rememberCheck"));
    m_remember->setAccessibleName(tr("Remember in the system keychain"));
    m_remember->setChecked(true);

    QPalette muted = m_keychainNote->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_keychainNote->setPalette(muted);
    m_status->setPalette(muted);
    setWarningText(m_error);

    m_signInButton->setObjectName(QStringLiteral("signInButton"));
    m_signInButton->setAccessibleName(tr("Sign in"));
    m_signInButton->setDefault(true);
    QPushButton *cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setAccessibleName(tr("Cancel"));
    m_buttons->setObjectName(QStringLiteral("signInButtons"));
    m_buttons->setAccessibleName(tr("Dialog buttons"));

    auto *userLabel = new QLabel(tr("&User name:"), this);
    userLabel->setObjectName(QStringLiteral("userLabel"));
    userLabel->setAccessibleName(tr("User name label"));
    userLabel->setBuddy(m_user);
    auto *passwordLabel = new QLabel(tr("&Password or token:"), this);
    passwordLabel->setObjectName(QStringLiteral("passwordLabel"));
    passwordLabel->setAccessibleName(tr("Password label"));
    passwordLabel->setBuddy(m_password);
    auto *form = new QFormLayout;
    form->addRow(userLabel, m_user);
    form->addRow(passwordLabel, m_password);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_remember);
    layout->addWidget(m_keychainNote);
    layout->addWidget(m_error);
    layout->addWidget(m_status);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    // Room for a two-line explanation without the dialog jumping.
    setMinimumWidth(440);

    // Enter anywhere (the password field included) presses the default button, Sign In.
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SignInDialog::signIn);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SignInDialog::reject);
    connect(m_user, &QLineEdit::textChanged, this, &SignInDialog::updateButtons);
    connect(m_password, &QLineEdit::textChanged, this, &SignInDialog::updateButtons);
    connect(m_password, &QLineEdit::textEdited, m_error, &QWidget::hide);
    updateButtons();

    KeychainOperation *probe = Keychain::probe(this);
    m_probe = probe;
    connect(probe, &Operation::finished, this, [this, probe] { onProbed(probe); });
}

SignInDialog::~SignInDialog() = default;

void SignInDialog::setUserName(const QString &username)
{
    m_user->setText(username);
    if (!username.isEmpty())
        m_password->setFocus(Qt::OtherFocusReason);
}

QString SignInDialog::userName() const
{
    return m_user->text();
}

bool SignInDialog::isBusy() const
{
    return m_operation;
}

QString SignInDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

bool SignInDialog::isProbingKeychain() const
{
    return m_probe;
}

bool SignInDialog::canRemember() const
{
    return m_canRemember;
}

QString SignInDialog::keychainNote() const
{
    return m_canRemember ? QString() : m_keychainNote->text();
}

void SignInDialog::onProbed(KeychainOperation *probe)
{
    probe->deleteLater();
    m_probe = nullptr;
    // NotFound means a keychain answered that it holds no such entry: it is there.
    const Outcome outcome = probe->outcome();
    if (outcome == Outcome::Done || outcome == Outcome::NotFound) {
        Q_EMIT keychainProbed();
        return;
    }
    QString why;
    switch (outcome) {
    case Outcome::Denied:
        why = tr("The system keychain refused access (it may be locked), so this sign-in lasts "
                 "until Layerscope quits.");
        break;
    case Outcome::Unavailable:
        why = tr("No system keychain is available (such as GNOME Keyring or KWallet), so this "
                 "sign-in lasts until Layerscope quits.");
        break;
    default:
        why = tr("The system keychain does not work here, so this sign-in lasts until Layerscope "
                 "quits.");
        break;
    }
    qCDebug(lcRegistries) << "keychain not usable:" << probe->error().message();
    m_canRemember = false;
    m_remember->setChecked(false);
    m_remember->setEnabled(false);
    m_remember->setToolTip(probe->error().message());
    m_keychainNote->setText(why);
    m_keychainNote->show();
    fitToContents();
    Q_EMIT keychainProbed();
}

void SignInDialog::updateButtons()
{
    m_signInButton->setEnabled(!isBusy() && !m_user->text().trimmed().isEmpty()
                               && !m_password->text().isEmpty());
}

void SignInDialog::setBusy(bool busy)
{
    m_user->setEnabled(!busy);
    m_password->setEnabled(!busy);
    m_remember->setEnabled(!busy && m_canRemember);
    m_status->setText(busy ? tr("Checking with the registry…") : QString());
    m_status->setVisible(busy);
    updateButtons();
    fitToContents();
}

void SignInDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->show();
    fitToContents();
}

void SignInDialog::fitToContents()
{
    // A window does not grow by itself when a wrapped note appears in it.
    layout()->activate();
    const int needed = heightForWidth(width());
    if (needed > height())
        resize(width(), needed);
}

void SignInDialog::signIn()
{
    if (isBusy() || !m_store || !m_signInButton->isEnabled())
        return;
    m_error->hide();
    Credentials credentials;
    credentials.username = m_user->text().trimmed();
    credentials.password = m_password->text();
    const bool remember = m_canRemember && m_remember->isChecked();
    SignInOperation *operation
        = m_store->signIn(m_registry, credentials, remember, m_options, this);
    m_operation = operation;
    connect(operation, &Operation::finished, this, [this, operation] { onFinished(operation); });
    setBusy(true);
}

void SignInDialog::onFinished(SignInOperation *operation)
{
    operation->deleteLater();
    if (operation != m_operation)
        return;
    m_operation = nullptr;
    setBusy(false);
    const RegistryError &error = operation->error();
    if (!error.isError()) {
        m_remembered = operation->remembered();
        m_keychainProblem = operation->keychainProblem();
        m_password->clear();
        accept();
        return;
    }
    if (error.category() == Category::Cancelled)
        return;
    if (error.category() == Category::Unauthorized) {
        showError(error.message());
        m_password->setFocus(Qt::OtherFocusReason);
        m_password->selectAll();
    } else {
        QStringList lines{tr("Could not check the sign-in with %1: %2")
                              .arg(m_registry, RegistryError::categoryName(error.category()))};
        if (!error.message().isEmpty())
            lines.first() += QStringLiteral(" (%1)").arg(error.message());
        const QString hint = error.hint();
        if (!hint.isEmpty())
            lines.append(hint);
        showError(lines.join(u'\n'));
    }
    Q_EMIT failed();
}

void SignInDialog::reject()
{
    // Deleting the operation stops the check; nothing is kept.
    delete m_operation;
    setBusy(false);
    QDialog::reject();
}

} // namespace Layerscope
