#include "layeralignment.h"

#include "values/mediatype.h"
#include "values/schema1manifest.h"

namespace Layerscope {

namespace {

LayerRow stepRow(LayerRow::Kind kind, int historyIndex, const ImageConfig::HistoryEntry &entry)
{
    LayerRow row;
    row.kind = kind;
    row.historyIndex = historyIndex;
    row.createdBy = entry.createdBy;
    row.created = entry.created;
    row.comment = entry.comment;
    row.emptyLayer = entry.emptyLayer;
    return row;
}

} // namespace

LayerAlignment alignLayers(const QList<Descriptor> &layers,
                           const std::optional<ImageConfig> &config)
{
    LayerAlignment result;
    result.hasConfig = config.has_value() && !config->isNull();
    const QList<Digest> diffIds = result.hasConfig ? config->diffIds() : QList<Digest>();
    const QList<ImageConfig::HistoryEntry> history
        = result.hasConfig ? config->history() : QList<ImageConfig::HistoryEntry>();
    result.hasHistory = !history.isEmpty();
    result.diffIdCountMismatch = result.hasConfig && diffIds.size() != layers.size();

    const auto layerRow = [&](LayerRow::Kind kind, int index) {
        LayerRow row;
        row.kind = kind;
        row.layerIndex = index;
        row.layer = layers.at(index);
        row.diffId = diffIds.value(index);
        return row;
    };

    int nextLayer = 0;
    for (int h = 0; h < history.size(); ++h) {
        const ImageConfig::HistoryEntry &entry = history.at(h);
        if (entry.emptyLayer) {
            result.rows.append(stepRow(LayerRow::Kind::EmptyStep, h, entry));
            ++result.emptyStepCount;
        } else if (nextLayer < layers.size()) {
            LayerRow row = layerRow(LayerRow::Kind::Layer, nextLayer++);
            row.historyIndex = h;
            row.createdBy = entry.createdBy;
            row.created = entry.created;
            row.comment = entry.comment;
            result.rows.append(row);
        } else {
            result.rows.append(stepRow(LayerRow::Kind::UnmatchedStep, h, entry));
            ++result.unmatchedStepCount;
        }
    }
    // Without a history every layer is simply a layer; with one, layers left over have no step.
    const LayerRow::Kind leftOver
        = result.hasHistory ? LayerRow::Kind::MissingHistory : LayerRow::Kind::Layer;
    const bool missingSteps = nextLayer < layers.size();
    for (; nextLayer < layers.size(); ++nextLayer)
        result.rows.append(layerRow(leftOver, nextLayer));

    result.historyMismatch = result.hasHistory && (missingSteps || result.unmatchedStepCount > 0);
    result.layerCount = int(layers.size());
    return result;
}

LayerAlignment alignSchema1Layers(const Schema1Manifest &manifest)
{
    LayerAlignment result;
    result.schema1 = true;
    const QList<Digest> &fsLayers = manifest.fsLayers();
    const QList<Schema1Manifest::HistoryEntry> &history = manifest.history();
    result.hasHistory = !history.isEmpty();
    const int count = int(fsLayers.size());
    for (int i = 0; i < count; ++i) {
        // Schema1 stores the newest layer first.
        const int stored = count - 1 - i;
        LayerRow row;
        row.kind = LayerRow::Kind::Layer;
        row.layerIndex = i;
        row.layer.digest = fsLayers.at(stored);
        row.layer.size = -1;
        // Schema1 layers are always gzip-compressed tars; the format has no media types.
        row.layer.mediaType = MediaType::DockerLayerGzip;
        if (stored < history.size()) {
            const Schema1Manifest::HistoryEntry &entry = history.at(stored);
            row.historyIndex = stored;
            row.createdBy = entry.createdBy;
            row.created = QDateTime::fromString(entry.created, Qt::ISODateWithMs);
            row.emptyLayer = entry.throwaway;
        }
        result.rows.append(row);
    }
    result.layerCount = count;
    return result;
}

} // namespace Layerscope
