#include "aboutdialog.h"

#include "layerscopeversion.h"
#include "services/applicationsettings.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace Layerscope {

namespace {

QLabel *selectableLabel(const QString &text, const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

} // namespace

AboutDialog::AboutDialog(const QString &settingsFile, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About Layerscope"));
    setObjectName(QStringLiteral("aboutDialog"));
    setAccessibleName(tr("About Layerscope"));

    auto *icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/layerscope/icons/layerscope.svg"))
                        .pixmap(QSize(64, 64), devicePixelRatio()));
    icon->setAlignment(Qt::AlignTop);

    auto *title = new QLabel(tr("Layerscope %1").arg(QLatin1StringView(Version)), this);
    title->setObjectName(QStringLiteral("aboutTitle"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto *summary = new QLabel(tr("A desktop explorer for container image registries: the "
                                  "layers, digests and sizes that make up a tag, side by side."),
                               this);
    summary->setWordWrap(true);

    const QLatin1StringView builtWith(QT_VERSION_STR);
    const QLatin1StringView runningOn(qVersion());
    const QString qt = runningOn == builtWith ? QString(runningOn)
                                              : tr("%1 (built with %2)").arg(runningOn, builtWith);
    auto *form = new QFormLayout;
    form->addRow(tr("Qt:"), selectableLabel(qt, QStringLiteral("aboutQtVersion"), this));
    form->addRow(tr("QtKeychain:"),
                 selectableLabel(QLatin1StringView(QtKeychainVersion),
                                 QStringLiteral("aboutKeychainVersion"), this));
    form->addRow(tr("Application id:"),
                 selectableLabel(QLatin1StringView(ApplicationId),
                                 QStringLiteral("aboutApplicationId"), this));
    auto *settingsLabel = selectableLabel(settingsFile, QStringLiteral("aboutSettingsFile"), this);
    settingsLabel->setToolTip(tr("Saved registries, who is signed in where (passwords are in "
                                 "the system keychain), recent comparisons and the window's "
                                 "layout."));
    form->addRow(tr("Settings:"), settingsLabel);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy
        = buttons->addButton(tr("Copy &Version Information"), QDialogButtonBox::ActionRole);
    copy->setObjectName(QStringLiteral("copyVersionButton"));
    copy->setAutoDefault(false);
    buttons->button(QDialogButtonBox::Close)->setDefault(true);
    connect(copy, &QPushButton::clicked, this,
            [] { QApplication::clipboard()->setText(versionInformation()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *text = new QVBoxLayout;
    text->addWidget(title);
    text->addWidget(summary);
    text->addSpacing(8);
    text->addLayout(form);
    auto *top = new QHBoxLayout;
    top->addWidget(icon);
    top->addSpacing(12);
    top->addLayout(text, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(qMax(520, sizeHint().width()), sizeHint().height());
}

QString AboutDialog::versionInformation()
{
    return versionReport(QStringLiteral("Layerscope"));
}

} // namespace Layerscope
