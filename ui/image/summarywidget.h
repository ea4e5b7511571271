#pragma once

#include "registry/manifestoperation.h"
#include "services/imageinspection.h"
#include "values/imagereference.h"

#include <QDateTime>
#include <QList>
#include <QWidget>

class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;

namespace Layerscope {

/**
 * The identity of the image the pane shows, side by side and each copyable: the reference,
 * the digest the tag points to (an index's or a manifest's), the platform's manifest digest,
 * the config digest and the image ID `docker images` shows, with the media types, when it
 * was created, its platform, layer count and compressed size, and what stands behind the
 * digest. For an index, a platform selector picks which image the other rows describe.
 */
class SummaryWidget : public QWidget
{
    Q_OBJECT

public:
    explicit SummaryWidget(QWidget *parent = nullptr);

    /// Hides every row and says "Loading <reference>…".
    void setLoading(const ImageReference &reference);
    /// Hides every row and shows \a message instead (no image, an error).
    void setMessage(const QString &message);
    /**
     * Shows \a reference, which names \a top (digest \a topDigest, checked as
     * \a verification says), with image \a current of \a images selected.
     */
    void setImage(const ImageReference &reference, const ManifestPtr &top, const Digest &topDigest,
                  ManifestOperation::Verification verification, const QList<ResolvedImage> &images,
                  int current);

    /// The value of the row named \a objectName ("summaryDigest"), for tests and tools.
    QString value(const QString &objectName) const;
    /// The caption of the row named \a objectName ("Index digest (what the tag points to)").
    QString caption(const QString &objectName) const;

    /// "2024-05-01 14:03:07 CEST (2024-05-01T12:03:07Z UTC)"; empty for a null time.
    static QString timeText(const QDateTime &time);
    /// What stands behind a manifest digest, for people.
    static QString verificationText(ManifestOperation::Verification verification);

Q_SIGNALS:
    /// The user picked image \a index (of the list given to setImage()) in the platform selector.
    void imageSelected(int index);

private:
    struct Row
    {
        QLabel *caption = nullptr;
        QLineEdit *value = nullptr;
        QWidget *copy = nullptr;
        QLabel *note = nullptr;
    };

    QLineEdit *addRow(const QString &caption, const QString &objectName, const QString &toolTip,
                      bool monospace = false);
    void setRow(const QString &objectName, const QString &value, const QString &note = {});
    void setRowVisible(const QString &objectName, bool visible);
    void setCaption(const QString &objectName, const QString &caption);
    void clearRows();

    QWidget *m_form;
    QGridLayout *m_grid;
    QLabel *m_status;
    QLabel *m_platformCaption;
    QComboBox *m_platformCombo;
    QLabel *m_verified;
    QLabel *m_explanation;
    QMap<QString, Row> m_rows;
};

} // namespace Layerscope
