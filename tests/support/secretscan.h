#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

/**
 * The no-plaintext check of the credential tests: which files under a folder (a test's
 * temporary HOME: settings, caches, keyrings) hold a secret's bytes.
 */
namespace SecretScan {

/// Files under \a root (hidden ones and subfolders included) whose bytes contain any of
/// \a needles.
QStringList filesHolding(const QString &root, const QList<QByteArray> &needles);

/// The ways a secret can sit in a file: UTF-8, UTF-16 (as QSettings or a keyring might write
/// it), and base64 of "user:secret" (an HTTP basic or docker `auth` value).
QList<QByteArray> encodingsOf(const QString &secret, const QString &user = {});

} // namespace SecretScan
