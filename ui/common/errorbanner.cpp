#include "errorbanner.h"

#include "transport/registryerror.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace Layerscope {

ErrorBanner::ErrorBanner(QWidget *parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
    , m_signIn(new QPushButton(tr("&Sign In…"), this))
    , m_retry(new QPushButton(tr("&Retry"), this))
{
    setObjectName(QStringLiteral("errorBanner"));
    setAccessibleName(tr("Error"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    // A tint of the palette's highlight-free error colour that stays readable in dark themes.
    QPalette tinted = palette();
    const QColor base = tinted.color(QPalette::Window);
    const QColor red(0xd0, 0x30, 0x30);
    tinted.setColor(QPalette::Window,
                    QColor::fromRgbF(base.redF() * 0.8 + red.redF() * 0.2,
                                     base.greenF() * 0.8 + red.greenF() * 0.2,
                                     base.blueF() * 0.8 + red.blueF() * 0.2));
    setPalette(tinted);

    auto *layout = new QHBoxLayout(this);
    auto *icon = new QLabel(this);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(size, size));
    icon->setAlignment(Qt::AlignTop);
    icon->setAccessibleName(tr("Warning"));
    layout->addWidget(icon);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_text->setAccessibleName(tr("Error message"));
    m_text->setObjectName(QStringLiteral("errorText"));
    layout->addWidget(m_text, 1);
    m_signIn->setObjectName(QStringLiteral("signInButton"));
    m_signIn->setAccessibleName(tr("Sign in"));
    m_signIn->setToolTip(tr("Sign in to this registry, then try again"));
    m_signIn->hide();
    m_retry->setObjectName(QStringLiteral("retryButton"));
    m_retry->setAccessibleName(tr("Retry"));
    // Stacked, so the message keeps the width of a narrow pane.
    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_signIn);
    buttons->addWidget(m_retry);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    connect(m_retry, &QPushButton::clicked, this, &ErrorBanner::retryRequested);
    connect(m_signIn, &QPushButton::clicked, this, &ErrorBanner::signInRequested);
    hide();
}

void ErrorBanner::showError(const QString &context, const RegistryError &error)
{
    QStringList lines{context};
    lines.append(error.toString());
    const QString hint = error.hint();
    if (!hint.isEmpty())
        lines.append(hint);
    m_text->setText(lines.join(QLatin1Char('\n')));
    m_retry->setVisible(error.category() != RegistryError::Category::Cancelled);
    m_offersSignIn = error.category() == RegistryError::Category::Unauthorized;
    m_signIn->setVisible(m_offersSignIn);
    show();
}

void ErrorBanner::showMessage(const QString &context, const QString &detail, bool retryable)
{
    m_text->setText(detail.isEmpty() ? context : context + QLatin1Char('\n') + detail);
    m_retry->setVisible(retryable);
    m_offersSignIn = false;
    m_signIn->hide();
    show();
}

void ErrorBanner::clear()
{
    m_text->clear();
    m_offersSignIn = false;
    m_signIn->hide();
    hide();
}

bool ErrorBanner::offersSignIn() const
{
    return m_offersSignIn;
}

void ErrorBanner::retry()
{
    Q_EMIT retryRequested();
}

QString ErrorBanner::text() const
{
    return m_text->text();
}

} // namespace Layerscope
