#pragma once

#include "values/digest.h"
#include "values/imageconfig.h"
#include "values/imagemanifest.h"

#include <QList>
#include <QString>

#include <optional>

namespace Layerscope {

/**
 * One layer of one side of a compare: what the manifest says about it (the compressed blob)
 * and what the config says (the uncompressed tar's diff_id and the build step that made it).
 */
struct LayerSide
{
    int index = -1; ///< position in its manifest's layers, base layer 0
    Digest digest; ///< the compressed blob's digest (manifest layers[i].digest)
    qint64 size = 0; ///< the compressed blob's size
    Digest diffId; ///< config rootfs.diff_ids[i]; null when unknown
    QString createdBy; ///< created_by of the history step that made it; empty when unknown

    friend bool operator==(const LayerSide &, const LayerSide &) = default;
};

/**
 * The layers of an image as LayerSides, base layer first: one per layer of \a manifest, with
 * the diff_id and build step from \a config (the manifest's config; it is not checked against
 * the manifest's config descriptor). A null \a config gives layers without diff_id and
 * createdBy.
 *
 * Build steps are paired with layers as the image's layer table pairs them: the history is
 * walked in order and each step without empty_layer takes the next layer of the manifest. When
 * the config has as many diff_ids as the manifest has layers, that is
 * ImageConfig::historyIndexForLayers(); when the counts disagree, the pairing still follows the
 * manifest's layers (the ones shown), and layers left without a step get an empty createdBy.
 */
QList<LayerSide> layerSides(const ImageManifest &manifest, const ImageConfig &config);

/// How a row of a layer alignment relates its two sides.
enum class LayerChange {
    Same, ///< the same blob on both sides (equal compressed digests)
    Recompressed, ///< the same content (equal diff_ids) stored as different blobs
    OnlyA, ///< a layer of side A with no counterpart on side B (removed)
    OnlyB, ///< a layer of side B with no counterpart on side A (added)
};

/// The stable name of \a change, as the command-line interface writes it in JSON: "same",
/// "recompressed", "onlyA", "onlyB".
QString layerChangeName(LayerChange change);

/// One row of a layer alignment: a pair of matched layers, or a layer of one side only.
struct AlignedLayer
{
    LayerChange change = LayerChange::Same;
    std::optional<LayerSide> a; ///< set unless change is OnlyB
    std::optional<LayerSide> b; ///< set unless change is OnlyA

    friend bool operator==(const AlignedLayer &, const AlignedLayer &) = default;
};

/**
 * Above this many cells alignLayers() does not search a stretch for common layers and shows it
 * as removed and added. The cells are the layers of A times the layers of B that are left to
 * pair after the common base, counting only layers whose key the other side has at all. This
 * bounds the memory a hostile manifest with tens of thousands of layers can make it take (2
 * bytes per cell); real images have at most a few hundred layers, far below it.
 */
inline constexpr qsizetype MaxLayerAlignmentCells = qsizetype(1) << 22;

/**
 * Aligns two layer lists as a diff tool aligns lines: a longest common subsequence on diff_id
 * first, then, in each unmatched stretch between those matches (which is where layers with
 * unknown diff_ids end up), a longest common subsequence on the compressed digest.
 *
 * Matched pairs are Same when their digests are equal and Recompressed when only the diff_ids
 * are. Unmatched layers are OnlyA and OnlyB; between two matches, A's removed layers come
 * before B's added ones. Both sides keep their order: every layer of \a a and of \a b appears
 * in exactly one row, in its original order. A layer moved to another position is shown as
 * removed where it was and added where it is. Where several alignments have as many matches,
 * two equal layers are paired as soon as the walk up from the base meets them, so that
 * repeated layers (the same empty tar twice, say) pair up from the base; otherwise a layer of
 * A is given up before one of B.
 */
QList<AlignedLayer> alignLayers(const QList<LayerSide> &a, const QList<LayerSide> &b);

/// The numbers of an alignment, for the summary line of a compare.
struct LayerDiffSummary
{
    int shared = 0; ///< Same rows
    int recompressed = 0; ///< Recompressed rows
    int onlyA = 0; ///< OnlyA rows (removed layers)
    int onlyB = 0; ///< OnlyB rows (added layers)
    qint64 sharedBytes = 0; ///< compressed bytes of the Same layers, counted once (B's sizes)
    qint64 sizeA = 0; ///< compressed bytes of all of A's layers
    qint64 sizeB = 0; ///< compressed bytes of all of B's layers
    qint64 sizeDelta = 0; ///< sizeB - sizeA

    friend bool operator==(const LayerDiffSummary &, const LayerDiffSummary &) = default;
};

/// Counts the rows of \a aligned and adds up their sizes. Sums saturate at the largest qint64
/// rather than overflow on hostile sizes.
LayerDiffSummary summarize(const QList<AlignedLayer> &aligned);

/**
 * One difference between two image configs: \a field is one of "env", "labels", "entrypoint",
 * "cmd", "workingDir", "user", "exposedPorts", "volumes", "os", "architecture", "variant";
 * \a key names the entry within it (the variable, label, port or path) and is empty for the
 * single-valued fields. \a a or \a b is nullopt when the value is set on one side only.
 */
struct ConfigDifference
{
    QString field;
    QString key;
    std::optional<QString> a;
    std::optional<QString> b;

    friend bool operator==(const ConfigDifference &, const ConfigDifference &) = default;
};

/**
 * The differences between the run configs and platforms of \a a and \a b. Unchanged values are
 * never listed. The order is by field, in the order ConfigDifference lists them, then:
 * - env: per variable name, the value being the text after the first '='. An entry without '='
 *   counts as the name with an empty value (so "X" and "X=" are equal). When a name occurs
 *   more than once, its first entry counts, as getenv() reads such an environment. Variables
 *   are listed in the order they first appear in A, then those only in B in B's order: image
 *   environments are written in build order (the base image's PATH first), and a compare reads
 *   best in that order.
 * - labels, exposedPorts, volumes: per key, sorted (they are JSON objects, with no order of
 *   their own); ports and volumes have the value "".
 * - entrypoint, cmd: one value each, the list as compact JSON text (["/bin/sh","-c","x"]).
 * - workingDir, user, os, architecture, variant: one value each.
 * An empty single value (an empty list, an empty string) counts as not set, so it is nullopt.
 * A null config, or one without a "config" object, has nothing set.
 */
QList<ConfigDifference> diffConfigs(const ImageConfig &a, const ImageConfig &b);

/**
 * True when \a a and \a b are the same config document (equal config digests, the image ID):
 * the same image, even when the manifests' digests differ because the layers were recompressed
 * or the image was pushed again by another tool. False when either config is null.
 */
bool sameImage(const ImageConfig &a, const ImageConfig &b);

} // namespace Layerscope
