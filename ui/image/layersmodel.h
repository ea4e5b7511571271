#pragma once

#include "layeralignment.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace Layerscope {

struct ResolvedImage;

/**
 * The layers of one image, one row per layer and per history step between them: the
 * manifest's compressed digest and size beside the config's uncompressed diff_id and the build
 * step that made the layer, with the empty_layer steps (ENV, CMD, …) shown where they happened,
 * and the state of each layer's verification.
 *
 * Rows keep build order (base layer first): the order is the meaning, so the model is not
 * meant to be sorted. Step rows have no digest and a muted, italic look.
 */
class LayersModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        IndexColumn, ///< "#": the 1-based layer number; blank for step rows
        DigestColumn, ///< the compressed digest, short ("sha256:<12 hex>"); full in the tooltip
        SizeColumn, ///< the compressed size and its share of the image ("12.3 MB (41%)")
        DiffIdColumn, ///< the uncompressed diff_id, short; full in the tooltip
        MediaTypeColumn, ///< "tar+gzip", "tar+zstd", "tar"; foreign or non-distributable flagged
        CreatedByColumn, ///< the history step, without the "/bin/sh -c #(nop) " prefix
        VerifyColumn, ///< what verifying the layer found, or how far it has got
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        KindRole = Qt::UserRole, ///< int: LayerRow::Kind
        LayerIndexRole, ///< int: index into the manifest's layers; -1 for step rows
        HistoryIndexRole, ///< int: index into the config's history; -1 when none
        SizeRole, ///< qint64: compressed size; -1 when unknown (schema1), invalid for steps
        ShareRole, ///< double 0..1: share of the image's compressed size; invalid when unknown
        DiffIdRole, ///< QString: the full diff_id; empty when the config has none for the layer
        CreatedByRole, ///< QString: the full created_by of the row's step
        MediaTypeRole, ///< QString: the layer's full media type
        VerifyStateRole, ///< int: VerifyState
        VerifyProgressRole, ///< double 0..1: how much of the layer has been read
        VerifiableRole, ///< bool: the layer can be downloaded and checked
    };
    Q_ENUM(Role)

    /// Where a layer's verification stands.
    enum VerifyState {
        NotVerified,
        Queued, ///< waiting for another layer's verification to end
        Verifying,
        Verified, ///< the blob hashes to its digest and its tar to its diff_id
        Mismatch, ///< the blob was read, but a digest is not the expected one
        Failed, ///< the blob could not be read to its end (the text says why)
        Cancelled,
    };
    Q_ENUM(VerifyState)

    explicit LayersModel(QObject *parent = nullptr);

    /// Shows the layers of \a image, read from \a repository of \a registry. Verification
    /// states start over.
    void setImage(const QString &registry, const QString &repository, const ResolvedImage &image);
    /// Shows the rows of \a alignment (tests, and images assembled by hand).
    void setAlignment(const QString &registry, const QString &repository,
                      const LayerAlignment &alignment);
    /// Removes every row.
    void clear();

    /**
     * Records where layer \a layerIndex's verification stands. \a text is shown in the
     * verification column (a default text for the state when empty) and \a toolTip in its
     * tooltip (the text when empty). Only that row's verification cell changes.
     */
    void setVerifyState(int layerIndex, VerifyState state, double progress, const QString &text,
                        const QString &toolTip = {});
    /// The state of layer \a layerIndex's verification; NotVerified for an unknown layer.
    VerifyState verifyState(int layerIndex) const;

    /// The row that shows layer \a layerIndex, or -1.
    int rowForLayer(int layerIndex) const;
    /// The manifest's descriptor of layer \a layerIndex; a default one when out of range.
    Descriptor layerAt(int layerIndex) const;
    /// The config's diff_id of layer \a layerIndex; null when the config lists none.
    Digest diffIdAt(int layerIndex) const;
    /// True when layer \a layerIndex can be downloaded and checked (a distributable layer with
    /// a known size).
    bool isVerifiable(int layerIndex) const;
    /// The number of layers (not rows).
    int layerCount() const;
    /// How the rows were aligned.
    const LayerAlignment &alignment() const { return m_alignment; }
    /// The sum of the layers' compressed sizes; -1 when a size is unknown (schema1).
    qint64 totalSize() const { return m_totalSize; }
    const QString &registry() const { return m_registry; }
    const QString &repository() const { return m_repository; }

    /// The created_by text as the table shows it: without the "/bin/sh -c #(nop) " prefix
    /// of classic Docker builds, on one line.
    static QString displayCreatedBy(const QString &createdBy);
    /// "tar", "tar+gzip", "tar+zstd", with foreign or non-distributable layers flagged; the
    /// media type itself for anything else.
    static QString shortMediaType(const QString &mediaType);
    /// "sha256:<first 12 hex>".
    static QString shortDigest(const Digest &digest);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Verification
    {
        VerifyState state = NotVerified;
        double progress = 0;
        QString text;
        QString toolTip;
    };

    QVariant displayData(const LayerRow &row, int column) const;
    QVariant toolTipData(const LayerRow &row, int column) const;
    QString verifyText(const Verification &verification) const;
    QString sizeText(qint64 size) const;

    QString m_registry;
    QString m_repository;
    LayerAlignment m_alignment;
    QList<int> m_rowOfLayer;
    QList<Verification> m_verifications;
    qint64 m_totalSize = 0;
};

} // namespace Layerscope
