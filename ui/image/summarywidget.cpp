#include "summarywidget.h"

#include "common/copyactions.h"
#include "platformsmodel.h"
#include "values/imageindex.h"
#include "values/imagemanifest.h"
#include "values/mediatype.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollArea>
#include <QTimeZone>
#include <QToolButton>
#include <QVBoxLayout>

namespace Layerscope {

using Verification = ManifestOperation::Verification;

namespace {

enum GridColumn { CaptionColumn, ValueColumn, CopyColumn, NoteColumn };

} // namespace

SummaryWidget::SummaryWidget(QWidget *parent)
    : QWidget(parent)
    , m_form(new QWidget(this))
    , m_grid(new QGridLayout)
    , m_status(new QLabel(this))
    , m_platformCaption(new QLabel(tr("Platform:"), m_form))
    , m_platformCombo(new QComboBox(m_form))
    , m_verified(new QLabel(this))
    , m_explanation(new QLabel(this))
{
    setObjectName(QStringLiteral("summaryWidget"));
    setAccessibleName(tr("Image summary"));

    m_status->setObjectName(QStringLiteral("summaryStatus"));
    m_status->setAccessibleName(tr("Summary status"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    QFont bold = m_status->font();
    bold.setBold(true);
    m_status->setFont(bold);

    m_platformCombo->setObjectName(QStringLiteral("platformCombo"));
    m_platformCombo->setAccessibleName(tr("Platform"));
    m_platformCombo->setToolTip(tr("Which image of the index the rows below describe"));
    m_platformCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_platformCaption->setBuddy(m_platformCombo);
    m_platformCaption->setAccessibleName(tr("Platform"));
    connect(m_platformCombo, &QComboBox::activated, this, &SummaryWidget::imageSelected);

    m_grid->setColumnStretch(ValueColumn, 1);
    addRow(tr("Reference:"), QStringLiteral("summaryReference"),
           tr("The registry, repository and tag (or digest) this pane shows"));
    addRow(tr("Digest (what the tag points to):"), QStringLiteral("summaryDigest"),
           tr("The sha256 of the exact document the tag names: the digest `docker pull` and "
              "the registry's web pages show, and the one that pins the tag's content"),
           true);
    addRow(tr("Media type:"), QStringLiteral("summaryMediaType"),
           tr("The kind of document the tag points to"));

    const int platformRow = m_grid->rowCount();
    m_grid->addWidget(m_platformCaption, platformRow, CaptionColumn);
    m_grid->addWidget(m_platformCombo, platformRow, ValueColumn, Qt::AlignLeft);

    addRow(tr("OS / architecture:"), QStringLiteral("summaryPlatform"),
           tr("The platform of the selected image"));
    addRow(tr("Platform manifest digest:"), QStringLiteral("summaryPlatformDigest"),
           tr("The digest of this platform's own image manifest: an index points at one per "
              "platform, and `docker image inspect` lists it under RepoDigests only when pulled "
              "by it"),
           true);
    addRow(tr("Manifest media type:"), QStringLiteral("summaryManifestMediaType"),
           tr("The format of the platform's image manifest"));
    addRow(tr("Config digest:"), QStringLiteral("summaryConfigDigest"),
           tr("The digest of the image config (run settings, history, uncompressed layer "
              "digests), which the manifest points at"),
           true);
    addRow(tr("Config media type:"), QStringLiteral("summaryConfigMediaType"),
           tr("The format of the image config"));
    addRow(tr("Image ID:"), QStringLiteral("summaryImageId"),
           tr("Docker's image ID is the config digest: the same image has the same ID whichever "
              "registry or tag it came from"),
           true);
    addRow(tr("Image ID (short):"), QStringLiteral("summaryImageIdShort"),
           tr("The first 12 hex characters of the image ID, as `docker images` shows"), true);
    addRow(tr("Created:"), QStringLiteral("summaryCreated"),
           tr("When the image was built, from its config: local time and UTC"));
    addRow(tr("Layers:"), QStringLiteral("summaryLayerCount"),
           tr("How many filesystem layers the manifest lists"));
    addRow(tr("Compressed size:"), QStringLiteral("summarySize"),
           tr("The sum of the layers' sizes as stored in the registry (what a pull downloads); "
              "unpacked they take more"));

    m_verified->setObjectName(QStringLiteral("summaryVerified"));
    m_verified->setAccessibleName(tr("Verification"));
    m_verified->setWordWrap(true);
    m_verified->setTextFormat(Qt::PlainText);
    m_verified->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    m_explanation->setObjectName(QStringLiteral("summaryExplanation"));
    m_explanation->setAccessibleName(tr("Why the digests differ"));
    m_explanation->setWordWrap(true);
    m_explanation->setTextFormat(Qt::PlainText);
    m_explanation->setForegroundRole(QPalette::PlaceholderText);
    m_explanation->setText(
        tr("Why four digests: the tag points at one document (an index for multi-platform "
           "images); the index points at one manifest per platform; each manifest points at a "
           "config, whose digest is the image ID docker shows. Layer digests hash the "
           "compressed blobs, not what docker image inspect lists."));

    auto *content = new QWidget;
    content->setObjectName(QStringLiteral("summaryContent"));
    m_form->setObjectName(QStringLiteral("summaryForm"));
    m_form->setLayout(m_grid);
    m_grid->setContentsMargins(0, 0, 0, 0);
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->addWidget(m_status);
    contentLayout->addWidget(m_form);
    contentLayout->addWidget(m_verified);
    contentLayout->addWidget(m_explanation);
    contentLayout->addStretch(1);

    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("summaryScroll"));
    scroll->setAccessibleName(tr("Image summary"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    setMessage(tr("No image selected."));
}

QLineEdit *SummaryWidget::addRow(const QString &caption, const QString &objectName,
                                 const QString &toolTip, bool monospace)
{
    const int row = m_grid->rowCount();
    Row entry;
    entry.caption = new QLabel(caption, m_form);
    entry.caption->setObjectName(objectName + QStringLiteral("Label"));
    entry.caption->setAccessibleName(QString(caption).remove(u':'));
    entry.caption->setToolTip(toolTip);

    entry.value = new QLineEdit(m_form);
    entry.value->setObjectName(objectName);
    entry.value->setAccessibleName(QString(caption).remove(u':'));
    entry.value->setAccessibleDescription(toolTip);
    entry.value->setToolTip(toolTip);
    entry.value->setReadOnly(true);
    entry.value->setFrame(false);
    entry.value->setBackgroundRole(QPalette::Window);
    if (monospace) {
        entry.value->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        // Wide enough for "sha256:" and the 12 characters of a short digest; the field grows
        // with the pane, and the whole value is one click away (select, copy button).
        entry.value->setMinimumWidth(
            entry.value->fontMetrics().horizontalAdvance(QString(20, u'0')));
    }
    entry.caption->setBuddy(entry.value);

    auto *copy = new QToolButton(m_form);
    copy->setObjectName(objectName + QStringLiteral("Copy"));
    copy->setAccessibleName(tr("Copy %1").arg(QString(caption).remove(u':')));
    copy->setToolTip(tr("Copy"));
    copy->setIcon(QIcon::fromTheme(QStringLiteral("edit-copy")));
    if (copy->icon().isNull())
        copy->setText(tr("Copy"));
    copy->setAutoRaise(true);
    QLineEdit *value = entry.value;
    connect(copy, &QToolButton::clicked, this, [value] {
        if (!value->text().isEmpty())
            CopyActions::copyText(value->text(), value);
    });
    entry.copy = copy;

    entry.note = new QLabel(m_form);
    entry.note->setObjectName(objectName + QStringLiteral("Note"));
    entry.note->setAccessibleName(tr("Note"));
    entry.note->setTextFormat(Qt::PlainText);
    entry.note->setForegroundRole(QPalette::PlaceholderText);

    m_grid->addWidget(entry.caption, row, CaptionColumn);
    m_grid->addWidget(entry.value, row, ValueColumn);
    m_grid->addWidget(entry.copy, row, CopyColumn);
    m_grid->addWidget(entry.note, row, NoteColumn);
    m_rows.insert(objectName, entry);
    return entry.value;
}

void SummaryWidget::setRow(const QString &objectName, const QString &value, const QString &note)
{
    const Row row = m_rows.value(objectName);
    if (!row.value)
        return;
    row.value->setText(value);
    row.value->setCursorPosition(0);
    row.copy->setEnabled(!value.isEmpty());
    row.note->setText(note);
}

void SummaryWidget::setRowVisible(const QString &objectName, bool visible)
{
    const Row row = m_rows.value(objectName);
    for (QWidget *widget : {static_cast<QWidget *>(row.caption), static_cast<QWidget *>(row.value),
                            row.copy, static_cast<QWidget *>(row.note)}) {
        if (widget)
            widget->setVisible(visible);
    }
}

void SummaryWidget::setCaption(const QString &objectName, const QString &caption)
{
    const Row row = m_rows.value(objectName);
    if (!row.caption)
        return;
    row.caption->setText(caption);
    row.caption->setAccessibleName(QString(caption).remove(u':'));
    row.value->setAccessibleName(QString(caption).remove(u':'));
}

void SummaryWidget::clearRows()
{
    for (auto it = m_rows.cbegin(); it != m_rows.cend(); ++it) {
        setRow(it.key(), {});
        setRowVisible(it.key(), true);
    }
    setCaption(QStringLiteral("summaryDigest"), tr("Digest (what the tag points to):"));
    setCaption(QStringLiteral("summaryMediaType"), tr("Media type:"));
    m_platformCombo->clear();
    m_platformCombo->hide();
    m_platformCaption->hide();
    m_verified->clear();
}

void SummaryWidget::setLoading(const ImageReference &reference)
{
    setMessage(tr("Loading %1…").arg(reference.toString()));
}

void SummaryWidget::setMessage(const QString &message)
{
    clearRows();
    m_status->setText(message);
    m_status->show();
    m_form->hide();
    m_verified->hide();
    m_explanation->hide();
}

void SummaryWidget::setImage(const ImageReference &reference, const ManifestPtr &top,
                             const Digest &topDigest, Verification verification,
                             const QList<ResolvedImage> &images, int current)
{
    clearRows();
    m_status->clear();
    m_status->hide();
    if (!top)
        return;
    m_form->show();
    m_verified->show();
    m_explanation->show();
    const bool isIndex = top->isIndex();
    const bool byDigest = reference.tag().isEmpty();
    setRow(QStringLiteral("summaryReference"), reference.toString());

    const QString points = byDigest ? tr("what the reference names") : tr("what the tag points to");
    const QString what = top->format() == Manifest::Format::DockerManifestList
        ? tr("Manifest list digest")
        : tr("Index digest");
    setCaption(QStringLiteral("summaryDigest"),
               isIndex ? tr("%1 (%2):").arg(what, points) : tr("Digest (%1):").arg(points));
    setRow(QStringLiteral("summaryDigest"), topDigest.toString());
    setCaption(QStringLiteral("summaryMediaType"),
               isIndex ? tr("Index media type:") : tr("Media type:"));
    setRow(QStringLiteral("summaryMediaType"), top->mediaType(),
           MediaType::displayName(top->mediaType()));

    if (isIndex) {
        m_platformCaption->show();
        m_platformCombo->show();
        const QSignalBlocker blocker(m_platformCombo);
        for (const ResolvedImage &image : images) {
            const QString platform = PlatformsModel::platformText(image.platform);
            m_platformCombo->addItem(platform.isEmpty() ? image.descriptor.digest.toString()
                                                        : platform);
        }
        m_platformCombo->setCurrentIndex(current);
    }

    QString verified = verificationText(verification);
    if (current < 0 || current >= images.size()) {
        m_verified->setText(verified);
        return;
    }
    const ResolvedImage &image = images.at(current);
    setRow(QStringLiteral("summaryPlatform"), PlatformsModel::platformText(image.platform));
    setRow(QStringLiteral("summaryPlatformDigest"), image.descriptor.digest.toString(),
           isIndex ? QString()
                   : tr("same as the digest: the tag points straight at this manifest"));
    const QString manifestType
        = image.manifest ? image.manifest->mediaType() : image.descriptor.mediaType;
    setRow(QStringLiteral("summaryManifestMediaType"), manifestType,
           MediaType::displayName(manifestType));
    if (!isIndex)
        setRowVisible(QStringLiteral("summaryMediaType"), false);

    const auto manifest = std::dynamic_pointer_cast<const ImageManifest>(image.manifest);
    if (manifest) {
        setRow(QStringLiteral("summaryConfigMediaType"), manifest->config().mediaType,
               MediaType::displayName(manifest->config().mediaType));
        setRow(QStringLiteral("summaryConfigDigest"), manifest->config().digest.toString());
    }
    if (image.config) {
        const Digest &id = image.config->digest();
        setRow(QStringLiteral("summaryImageId"), id.toString(), tr("= the config digest"));
        setRow(QStringLiteral("summaryImageIdShort"), id.shortHex(),
               tr("as `docker images` shows"));
        setRow(QStringLiteral("summaryCreated"), timeText(image.config->created()));
    } else {
        const QString none = manifest ? tr("(not an image config: an artifact)")
                                      : tr("(schema 1 manifests have no config)");
        setRow(QStringLiteral("summaryImageId"), {}, none);
    }
    setRow(QStringLiteral("summaryLayerCount"),
           QLocale().toString(manifest ? manifest->layers().size() : 0));
    const qint64 size = image.compressedSize();
    setRow(QStringLiteral("summarySize"), PlatformsModel::sizeText(size),
           size < 1000 ? QString() : tr("%n bytes", nullptr, int(qMin<qint64>(size, INT_MAX))));

    if (isIndex)
        verified
            += u' ' + tr("The platform manifest and config were fetched by digest and hash to it.");
    else if (image.config)
        verified += u' ' + tr("The config was fetched by digest and hashes to it.");
    m_verified->setText(verified);
}

QString SummaryWidget::value(const QString &objectName) const
{
    const Row row = m_rows.value(objectName);
    return row.value ? row.value->text() : QString();
}

QString SummaryWidget::caption(const QString &objectName) const
{
    const Row row = m_rows.value(objectName);
    return row.caption ? row.caption->text() : QString();
}

QString SummaryWidget::timeText(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    const QDateTime local = time.toLocalTime();
    return tr("%1 (%2)").arg(local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t")),
                             time.toUTC().toString(Qt::ISODate));
}

QString SummaryWidget::verificationText(Verification verification)
{
    switch (verification) {
    case Verification::RequestedDigest:
        return tr("Verified: the manifest's bytes hash to this digest (it was fetched by "
                  "digest).");
    case Verification::DigestHeader:
        return tr("Verified: the manifest's bytes hash to this digest, and the registry's "
                  "Docker-Content-Digest header says the same.");
    case Verification::ComputedOnly:
        return tr("Computed: the digest is the hash of the bytes received; the registry sent no "
                  "Docker-Content-Digest header to check it against.");
    case Verification::ReportedByRegistry:
        return tr("Not verified: the registry reported this digest without sending the bytes.");
    }
    return {};
}

} // namespace Layerscope
