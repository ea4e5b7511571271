#pragma once

#include "registryentry.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace Layerscope {

/**
 * Asks for a registry to add to the sidebar: its host (as references name it, with a port if
 * it has one), an optional display name, and whether it may be reached over plain HTTP or
 * with a certificate nobody vouches for. What people paste from a browser
 * ("https://quay.io/") is accepted and cleaned; OK stays disabled until the host is valid,
 * and a line under the field says what is wrong.
 */
class AddRegistryDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AddRegistryDialog(QWidget *parent = nullptr);

    /// The registry as entered (the host cleaned and lower-case).
    RegistryEntry entry() const;
    /// Fills the fields from \a entry (to edit one).
    void setEntry(const RegistryEntry &entry);

    /**
     * \a typed as a registry host: spaces, a leading "https://" or "http://" and a trailing
     * "/" (or "/v2/") removed, lower-case. Empty when it is not a host or host:port, with the
     * reason in \a problem (empty too when nothing was typed).
     */
    static QString normalizedHost(const QString &typed, QString *problem = nullptr);

private:
    void validate();

    QLineEdit *m_host;
    QLineEdit *m_displayName;
    QCheckBox *m_insecure;
    QLabel *m_insecureWarning;
    QLabel *m_validation;
    QDialogButtonBox *m_buttons;
};

} // namespace Layerscope
