#pragma once

#include "values/descriptor.h"
#include "values/digest.h"
#include "values/imageconfig.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace Layerscope {

class Schema1Manifest;

/**
 * One row of an image's layer table: a layer of the manifest with the build step that made it,
 * or a build step that made no layer, in build order.
 */
struct LayerRow
{
    /// What the row stands for.
    enum class Kind {
        /// A layer of the manifest, with the history step that made it (none when the config
        /// has no history, or the image has no config).
        Layer,
        /// A history step with empty_layer set (ENV, CMD, LABEL, …): it made no layer.
        EmptyStep,
        /// A layer for which the history has no step left (the history has fewer non-empty
        /// steps than the image has layers).
        MissingHistory,
        /// A history step that says it made a layer, when every layer already has its step
        /// (the history has more non-empty steps than the image has layers).
        UnmatchedStep,
    };

    Kind kind = Kind::Layer;
    /// Index into the manifest's layers; -1 for EmptyStep and UnmatchedStep rows.
    int layerIndex = -1;
    /// Index into the config's history; -1 when no step belongs to the row.
    int historyIndex = -1;
    /// The manifest's descriptor of the layer; a default one for step rows.
    Descriptor layer;
    /// The config's rootfs.diff_ids entry for the layer; null when the config lists none for
    /// it (or there is no config).
    Digest diffId;
    QString createdBy; ///< the step's created_by, verbatim
    QDateTime created; ///< the step's time; null when unknown
    QString comment; ///< the step's comment ("buildkit.dockerfile.v0", …)
    bool emptyLayer = false; ///< the step's empty_layer (schema1: "throwaway")

    /// True for rows that stand for a layer of the manifest (Layer and MissingHistory).
    bool isLayer() const { return layerIndex >= 0; }
};

/// The rows of an image's layer table and what the alignment found out on the way.
struct LayerAlignment
{
    /// Layers and history steps in build order (base layer first).
    QList<LayerRow> rows;
    /// True when the config has a history whose non-empty steps are not as many as the
    /// manifest's layers, so that the pairing of steps and layers is only a guess.
    bool historyMismatch = false;
    /// True when the config's rootfs.diff_ids are not as many as the manifest's layers.
    bool diffIdCountMismatch = false;
    /// True when the image has a config (schema1 images have none).
    bool hasConfig = false;
    /// True for a legacy schema1 image: no sizes, no diff_ids.
    bool schema1 = false;
    /// True when there was a non-empty history to align.
    bool hasHistory = false;
    /// The number of layer rows (Layer and MissingHistory).
    int layerCount = 0;
    /// The number of EmptyStep rows.
    int emptyStepCount = 0;
    /// The number of UnmatchedStep rows.
    int unmatchedStepCount = 0;
};

/**
 * Pairs the manifest's \a layers with the config's diff_ids and history.
 *
 * The rule is the one of ImageConfig::layerIndexForHistory(), counted against the manifest's
 * layers (the rows shown) rather than the diff_ids: history steps are walked in order, each
 * step without empty_layer takes the next layer, and each empty_layer step becomes an
 * EmptyStep row where it stands. When the counts disagree the pairing still starts from the
 * base layer, because the base layers are the ones most likely to have been built by the
 * steps recorded first:
 * - more non-empty steps than layers: the extra steps become UnmatchedStep rows, in order;
 * - fewer: the layers left over become MissingHistory rows after the last step;
 * and historyMismatch is set. A config without history (or no config at all) gives one Layer
 * row per layer. The i-th layer gets the i-th diff_id; a null one when the config lists fewer.
 */
LayerAlignment alignLayers(const QList<Descriptor> &layers,
                           const std::optional<ImageConfig> &config);

/**
 * The rows of a legacy schema1 manifest, which has no config: its fsLayers (stored newest
 * first) become Layer rows base first, each with its own history entry (created_by, created,
 * "throwaway" as emptyLayer). Schema1 records neither sizes nor diff_ids: each layer's
 * descriptor has size -1 (unknown), no diff_id, and the gzip layer media type the format
 * implies.
 */
LayerAlignment alignSchema1Layers(const Schema1Manifest &manifest);

} // namespace Layerscope
