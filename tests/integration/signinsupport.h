#pragma once

// What the window's sign-in tests share: the harness's logins, the repositories only they
// open, and filling in the sign-in dialog as a person does.

#include "registries/signindialog.h"
#include "transport/credentials.h"

#include "harness.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>

namespace SignInSupport {

/// The user name and password \a mode's registry accepts ("htpasswd", "token").
inline Layerscope::Credentials credentialsOf(const QString &mode)
{
    return {Harness::username(mode), Harness::password(mode)};
}

/// The repository of \a mode's registry that only its user may read, and one of its tags.
struct Protected
{
    QString repository;
    QString tag;
};

inline Protected protectedOf(const QString &mode)
{
    const QJsonObject fixture = Harness::protectedFixture(mode);
    return {fixture.value(u"repository").toString(),
            fixture.value(u"tags").toArray().first().toString()};
}

/// Fills in the dialog and presses Sign In.
inline void fillIn(Layerscope::SignInDialog *dialog, const QString &user, const QString &password)
{
    dialog->findChild<QLineEdit *>(QStringLiteral("userEdit"))->setText(user);
    dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->setText(password);
    dialog->findChild<QPushButton *>(QStringLiteral("signInButton"))->click();
}

} // namespace SignInSupport
