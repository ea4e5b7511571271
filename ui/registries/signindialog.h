#pragma once

#include "transport/transport.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Layerscope {

class CredentialStore;
class KeychainOperation;
class SignInOperation;

/**
 * Signs in to one registry: a user name, a password or access token, and whether to remember
 * it in the system keychain. "Sign in" asks the registry first (CredentialStore::signIn());
 * nothing is kept when it refuses, and the refusal shows in the dialog with the password
 * selected for retyping. The dialog closes (accepted) once the registry took the credentials.
 *
 * On opening it asks whether a system keychain is there: without one (or when it refuses
 * access) the Remember box is unchecked and disabled, with a sentence saying why, and the
 * sign-in lasts for this session only. The password is never written anywhere else.
 *
 * Cancel (Esc) stops a check in progress and closes the dialog.
 */
class SignInDialog : public QDialog
{
    Q_OBJECT

public:
    /// Signs in to \a registry (as the pool names it) through \a store, which must outlive
    /// the dialog, connecting with \a options (those of the registry's entry).
    SignInDialog(CredentialStore *store, const QString &registry, const TransportOptions &options,
                 QWidget *parent = nullptr);
    ~SignInDialog() override;

    const QString &registry() const { return m_registry; }
    /// Fills in the user name (the one signed in before, say); the password field gets focus.
    void setUserName(const QString &username);
    QString userName() const;

    /// True while the registry is checking the credentials.
    bool isBusy() const;
    /// The failure shown in the dialog; empty when none.
    QString errorText() const;
    /// True while the dialog asks whether a system keychain is there.
    bool isProbingKeychain() const;
    /// False once the keychain turned out to be missing or refusing.
    bool canRemember() const;
    /// Why the password cannot be remembered; empty when it can.
    QString keychainNote() const;

    /// After success: true when the keychain now holds the password.
    bool remembered() const { return m_remembered; }
    /// After success: why the keychain could not keep the password (the sign-in holds for
    /// this session); empty when nothing went wrong.
    const QString &keychainProblem() const { return m_keychainProblem; }

public Q_SLOTS:
    /// Checks the credentials with the registry; accepts the dialog when it takes them.
    void signIn();
    /// Stops a check in progress and closes the dialog.
    void reject() override;

Q_SIGNALS:
    /// The keychain probe is done (canRemember() says the outcome).
    void keychainProbed();
    /// A check ended without success; errorText() says why.
    void failed();

private:
    void onProbed(KeychainOperation *probe);
    void onFinished(SignInOperation *operation);
    void setBusy(bool busy);
    void showError(const QString &text);
    void updateButtons();
    void fitToContents();

    QPointer<CredentialStore> m_store;
    QString m_registry;
    TransportOptions m_options;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QLabel *m_keychainNote;
    QLabel *m_status;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    QPushButton *m_signInButton;
    QPointer<KeychainOperation> m_probe;
    QPointer<SignInOperation> m_operation;
    bool m_canRemember = true;
    bool m_remembered = false;
    QString m_keychainProblem;
};

} // namespace Layerscope
