#include "addregistrydialog.h"

#include "common/warningtext.h"
#include "values/imagereference.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Layerscope {

namespace {

// The port of host:port, or -1 when there is none ("[::1]:5000" has one, "[::1]" has not).
int portOf(const QString &host)
{
    const qsizetype colon = host.lastIndexOf(u':');
    if (colon < 0 || host.indexOf(u']', colon) >= 0)
        return -1;
    bool ok = false;
    const int port = host.sliced(colon + 1).toInt(&ok);
    return ok ? port : -1;
}

// The message stays on one line however long the text pasted was.
QString shortened(const QString &text)
{
    constexpr qsizetype Keep = 18;
    if (text.size() <= 2 * Keep + 1)
        return text;
    return text.left(Keep) + u'…' + text.right(Keep);
}

} // namespace

AddRegistryDialog::AddRegistryDialog(QWidget *parent)
    : QDialog(parent)
    , m_host(new QLineEdit(this))
    , m_displayName(new QLineEdit(this))
    , m_insecure(new QCheckBox(tr("&Insecure (plain HTTP or unverified TLS)"), this))
    , m_insecureWarning(new QLabel(this))
    , m_validation(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("addRegistryDialog"));
    setWindowTitle(tr("Add Registry"));
    setAccessibleName(tr("Add registry"));

    m_host->setObjectName(QStringLiteral("hostEdit"));
    m_host->setAccessibleName(tr("Registry host"));
    m_host->setPlaceholderText(tr("ghcr.io, quay.io, registry.example.com:5000"));
    m_displayName->setObjectName(QStringLiteral("displayNameEdit"));
    m_displayName->setAccessibleName(tr("Display name"));
    m_displayName->setPlaceholderText(tr("Optional; the host is shown otherwise"));
    m_insecure->setObjectName(QStringLiteral("insecureCheck"));
    m_insecure->setAccessibleName(tr("Insecure"));

    m_insecureWarning->setObjectName(QStringLiteral("insecureWarning"));
    m_insecureWarning->setAccessibleName(tr("Insecure registry warning"));
    m_insecureWarning->setWordWrap(true);
    m_insecureWarning->setText(
        tr("Anyone on the network path can read and change what this registry sends, including "
           "the images and your password. Use this only for a registry on a network you "
           "trust."));
    m_insecureWarning->setVisible(false);

    m_validation->setObjectName(QStringLiteral("validationMessage"));
    m_validation->setAccessibleName(tr("Host problem"));
    m_validation->setTextFormat(Qt::PlainText);
    setWarningText(m_validation);
    // One line, kept while there is no message, so the fields do not jump as people type.
    m_validation->setMinimumHeight(m_validation->fontMetrics().lineSpacing());
    m_validation->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    m_buttons->setObjectName(QStringLiteral("buttons"));
    m_buttons->setAccessibleName(tr("Dialog buttons"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Add"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Host:"), m_host);
    form->addRow(QString(), m_validation);
    form->addRow(tr("&Name:"), m_displayName);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_insecure);
    layout->addWidget(m_insecureWarning);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_host, &QLineEdit::textChanged, this, &AddRegistryDialog::validate);
    connect(m_insecure, &QCheckBox::toggled, this, [this](bool insecure) {
        m_insecureWarning->setVisible(insecure);
        // The wrapped warning's height depends on the width, which only adjustSize() weighs:
        // a layout's minimum size would squeeze the fields instead.
        adjustSize();
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
    setMinimumWidth(440);
    adjustSize();
}

RegistryEntry AddRegistryDialog::entry() const
{
    RegistryEntry entry;
    entry.host = normalizedHost(m_host->text());
    entry.displayName = m_displayName->text().trimmed();
    entry.insecure = m_insecure->isChecked();
    return entry;
}

void AddRegistryDialog::setEntry(const RegistryEntry &entry)
{
    m_host->setText(entry.host);
    m_displayName->setText(entry.displayName);
    m_insecure->setChecked(entry.insecure);
}

QString AddRegistryDialog::normalizedHost(const QString &typed, QString *problem)
{
    const auto fail = [problem](const QString &why) {
        if (problem)
            *problem = why;
        return QString();
    };
    QString host = typed.trimmed();
    for (const QLatin1StringView scheme :
         {QLatin1StringView("https://"), QLatin1StringView("http://")}) {
        if (host.startsWith(scheme, Qt::CaseInsensitive)) {
            host.remove(0, scheme.size());
            break;
        }
    }
    while (host.endsWith(u'/'))
        host.chop(1);
    if (host.endsWith(QLatin1StringView("/v2"), Qt::CaseInsensitive)) {
        host.chop(3);
        while (host.endsWith(u'/'))
            host.chop(1);
    }
    host = host.toLower();

    if (host.isEmpty())
        return fail(QString());
    if (host.contains(u'@'))
        return fail(tr("Leave out the user name and password."));
    if (host.contains(u'/'))
        return fail(tr("Enter only the host and port, without a path."));
    const int port = portOf(host);
    if (!ImageReference::isValidDomain(host) || port == 0 || port > 65535)
        return fail(tr("“%1” is not a host name or host:port.").arg(shortened(host)));
    if (host == RegistryEntry::dockerHubHost() || host == u"index.docker.io"
        || host == u"registry-1.docker.io")
        return fail(tr("Docker Hub is always in the list."));
    if (problem)
        problem->clear();
    return host;
}

void AddRegistryDialog::validate()
{
    QString problem;
    const QString host = normalizedHost(m_host->text(), &problem);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!host.isEmpty());
    m_validation->setText(problem);
}

} // namespace Layerscope
