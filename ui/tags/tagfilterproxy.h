#pragma once

#include <QSortFilterProxyModel>

namespace Layerscope {

/**
 * Sorting and filtering of a tag model (TagModel's columns and roles): tags in natural order
 * ("1.9" before "1.10"), dates and sizes by value with unknown ones last in either direction,
 * digests grouped; filtered by a text that matches the tag or the digest, and by default
 * without the signature, attestation and SBOM tags that clutter signed repositories.
 */
class TagFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit TagFilterProxy(QObject *parent = nullptr);

    /// Shows only tags whose name or digest contains \a text (case-insensitive).
    void setFilterText(const QString &text);
    QString filterText() const { return m_filterText; }
    /// Hides tags for which the source answers true to the signature-tag role (default true).
    void setHideSignatureTags(bool hide);
    bool hideSignatureTags() const { return m_hideSignatureTags; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_filterText;
    bool m_hideSignatureTags = true;
};

} // namespace Layerscope
