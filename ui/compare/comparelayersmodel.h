#pragma once

#include "values/imagediff.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QList>
#include <QString>
#include <QVariant>

#include <array>

namespace Layerscope {

/**
 * The layers of two images aligned as a diff tool aligns lines, one row per AlignedLayer:
 * a marker saying how the row's sides relate, then side A's layer (digest, size, build step)
 * and side B's. A side without a layer in that row has blank cells and a muted "—" for its
 * digest.
 *
 * Each kind of row is tinted (the tints of comparecolors.h) and also carries a text marker,
 * so the colour is never the only sign: "=" same blob, "≈" recompressed (same diff_id,
 * another compressed digest), "−" only in A (removed), "+" only in B (added).
 *
 * Rows keep the alignment's order (base layer first); the order is the meaning, so the model
 * is not meant to be sorted. Every text is prepared in setLayers(), so data() only picks
 * strings: the model stays quick with hundreds of layers a side.
 */
class CompareLayersModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        MarkerColumn, ///< "=", "≈", "−", "+"; the change's name in the tooltip
        DigestAColumn, ///< A's compressed digest, short; full in the tooltip
        SizeAColumn, ///< A's compressed size
        CreatedByAColumn, ///< the build step that made A's layer
        DigestBColumn,
        SizeBColumn,
        CreatedByBColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        ChangeRole = Qt::UserRole, ///< int: LayerChange
        ChangeNameRole, ///< QString: layerChangeName() ("same", "recompressed", "onlyA", "onlyB")
        SideRole, ///< int: 0 for A's columns, 1 for B's, -1 for the marker
        LayerIndexRole, ///< int: the layer's index in its side's manifest; -1 when absent
        SizeRole, ///< qint64: the side's compressed size; invalid when the side has no layer
        DiffIdRole, ///< QString: the side's diff_id; empty when absent or unknown
        CreatedByRole, ///< QString: the side's full created_by; empty when absent or unknown
    };
    Q_ENUM(Role)

    explicit CompareLayersModel(QObject *parent = nullptr);

    /// Shows \a layers (resetting the model) and prepares the texts of every row.
    void setLayers(const QList<AlignedLayer> &layers);
    /// Removes every row.
    void clear();
    /// The rows shown.
    const QList<AlignedLayer> &layers() const { return m_layers; }
    /// Names the sides in the column tooltips ("A: alpine:3.19").
    void setSideNames(const QString &a, const QString &b);

    /**
     * The first row after \a fromRow whose change is not Same, wrapping around to the top;
     * \a fromRow itself when it is the only difference; -1 when no row differs. A \a fromRow
     * outside the rows (-1 for "no current row") starts from the top.
     */
    int nextDifference(int fromRow) const;
    /**
     * The last row before \a fromRow whose change is not Same, wrapping around to the bottom;
     * \a fromRow itself when it is the only difference; -1 when no row differs. A \a fromRow
     * outside the rows (-1 for "no current row") starts from the bottom.
     */
    int previousDifference(int fromRow) const;
    /// How many rows differ (are not Same).
    int differenceCount() const { return int(m_differenceRows.size()); }

    /// The marker of \a change: "=", "≈", "−" or "+".
    static QString marker(LayerChange change);
    /// The change for people: "same", "recompressed", "only in A", "only in B".
    static QString changeText(LayerChange change);
    /// What \a change means, one sentence, for tooltips and the legend.
    static QString changeDescription(LayerChange change);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    /// The prepared texts of one side of a row; empty when the side has no layer.
    struct SideText
    {
        QString digest;
        QString size;
        QString createdBy;
    };
    struct Colors
    {
        qint64 paletteKey = -1;
        std::array<QColor, 4> tints; ///< by LayerChange
        QColor muted;
    };

    const std::optional<LayerSide> &side(const AlignedLayer &row, int side) const;
    QVariant displayData(int row, int column) const;
    QVariant toolTipData(const AlignedLayer &row, int column) const;
    const Colors &colors() const;

    QList<AlignedLayer> m_layers;
    QList<std::array<SideText, 2>> m_texts;
    QList<int> m_differenceRows;
    std::array<QString, 4> m_markers;
    QString m_missing;
    QString m_sideNameA;
    QString m_sideNameB;
    QVariant m_markerFont;
    QVariant m_digestFont;
    mutable Colors m_colors;
};

} // namespace Layerscope
