#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace Layerscope {

class RegistryError;

/**
 * An inline notice where something failed: what was being done, the registry's own message,
 * what to try, and a Retry button. When the registry asked for credentials (HTTP 401), a
 * "Sign in…" button offers to sign in right there; whoever signs in then calls retry(), so
 * the work resumes. Hidden while there is nothing to say. Used instead of message boxes so
 * that a burst of failures never becomes a storm of dialogs.
 */
class ErrorBanner : public QFrame
{
    Q_OBJECT

public:
    explicit ErrorBanner(QWidget *parent = nullptr);

    /// Shows \a error, introduced by \a context ("Could not load the tags of library/alpine").
    void showError(const QString &context, const RegistryError &error);
    /// Shows a message that is not a registry error (a reference that does not parse, …).
    void showMessage(const QString &context, const QString &detail, bool retryable = false);
    /// Hides the notice.
    void clear();

    /// The text shown, for tests and accessibility.
    QString text() const;
    /// True while the notice shows a failure that signing in may fix (and its button).
    bool offersSignIn() const;

public Q_SLOTS:
    /// Does what the Retry button does.
    void retry();

Q_SIGNALS:
    void retryRequested();
    /// The user asked to sign in to the registry that refused the request.
    void signInRequested();

private:
    QLabel *m_text;
    QPushButton *m_signIn;
    QPushButton *m_retry;
    bool m_offersSignIn = false;
};

} // namespace Layerscope
