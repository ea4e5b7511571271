#include "values/imageconfig.h"

#include "values/descriptor_p.h"
#include "values/json_p.h"
#include "values/timestamp_p.h"

#include <algorithm>

namespace Layerscope {

namespace {

using Json::FieldReader;
using Json::Presence;

ImageConfig::RunConfig readRunConfig(FieldReader &reader)
{
    ImageConfig::RunConfig config;
    config.object = reader.object();
    config.user = reader.string(u"User");
    config.exposedPorts = reader.objectKeys(u"ExposedPorts");
    config.env = reader.stringList(u"Env");
    config.entrypoint = reader.stringList(u"Entrypoint");
    config.cmd = reader.stringList(u"Cmd");
    config.volumes = reader.objectKeys(u"Volumes");
    config.workingDir = reader.string(u"WorkingDir");
    config.labels = reader.stringMap(u"Labels");
    config.stopSignal = reader.string(u"StopSignal");
    config.argsEscaped = reader.boolean(u"ArgsEscaped");
    config.image = reader.string(u"Image");
    if (std::optional<FieldReader> healthcheck = reader.child(u"Healthcheck"))
        config.healthcheck = healthcheck->object();
    config.shell = reader.stringList(u"Shell");
    config.onBuild = reader.stringList(u"OnBuild");
    return config;
}

} // namespace

Result<ImageConfig> ImageConfig::parse(const QByteArray &raw)
{
    const QString context = QStringLiteral("image config");
    Result<QJsonObject> document = Json::parseObject(raw, MaxSize);
    if (!document)
        return document.error().withContext(context);

    ImageConfig config;
    FieldReader reader(*document);
    // Only the first fault is reported. The run config and the history are read first: in a
    // document with several faults, the one in a nested field is the more telling one.
    if (std::optional<FieldReader> run = reader.child(u"config"))
        config.m_config = readRunConfig(*run);
    if (std::optional<FieldReader> run = reader.child(u"container_config"))
        config.m_containerConfig = readRunConfig(*run);
    reader.forEachObject(u"history", Presence::Optional, [&config](FieldReader &entry, qsizetype) {
        HistoryEntry step;
        step.created = Timestamp::read(entry, u"created");
        step.createdBy = entry.string(u"created_by");
        step.author = entry.string(u"author");
        step.comment = entry.string(u"comment");
        step.emptyLayer = entry.boolean(u"empty_layer");
        config.m_history.append(step);
    });

    // architecture and os are required but may be empty: cosign signatures write "" for both.
    config.m_platform = Json::readPlatform(reader);
    config.m_created = Timestamp::read(reader, u"created");
    config.m_author = reader.string(u"author");
    config.m_dockerVersion = reader.string(u"docker_version");
    config.m_container = reader.string(u"container");

    if (std::optional<FieldReader> rootfs = reader.child(u"rootfs", Presence::Required)) {
        config.m_rootfsType = rootfs->string(u"type", Presence::Required);
        if (rootfs->ok() && config.m_rootfsType != QLatin1StringView("layers")) {
            rootfs->fail(ParseError::Code::InvalidValue,
                         QStringLiteral("expected \"layers\", found \"%1\"")
                             .arg(config.m_rootfsType.left(100)),
                         u"type");
        }
        // Docker omits an empty diff_ids list (an image with no layers), so absent is empty.
        const QJsonArray diffIds = rootfs->array(u"diff_ids");
        config.m_diffIds.reserve(diffIds.size());
        for (qsizetype i = 0; i < diffIds.size() && rootfs->ok(); ++i) {
            const QString key = QStringLiteral("diff_ids[%1]").arg(i);
            const QJsonValue value = diffIds.at(i);
            if (!value.isString()) {
                rootfs->fail(
                    ParseError::Code::WrongType,
                    QStringLiteral("expected a digest string, found %1").arg(Json::describe(value)),
                    key);
                break;
            }
            const Result<Digest> digest = Digest::parse(value.toString());
            if (!digest) {
                rootfs->fail(digest.error().code(), digest.error().message(), key);
                break;
            }
            config.m_diffIds.append(*digest);
        }
    }

    if (!reader.ok())
        return reader.error().withContext(context);

    config.m_raw = raw;
    config.m_digest = Digest::compute(raw);
    config.m_document = *document;
    return config;
}

qsizetype ImageConfig::nonEmptyHistoryCount() const
{
    return std::count_if(m_history.cbegin(), m_history.cend(),
                         [](const HistoryEntry &entry) { return !entry.emptyLayer; });
}

QList<qsizetype> ImageConfig::historyIndexForLayers() const
{
    QList<qsizetype> result(m_diffIds.size(), -1);
    qsizetype layer = 0;
    for (qsizetype i = 0; i < m_history.size() && layer < result.size(); ++i) {
        if (!m_history.at(i).emptyLayer)
            result[layer++] = i;
    }
    return result;
}

QList<qsizetype> ImageConfig::layerIndexForHistory() const
{
    QList<qsizetype> result(m_history.size(), -1);
    qsizetype layer = 0;
    for (qsizetype i = 0; i < m_history.size() && layer < m_diffIds.size(); ++i) {
        if (!m_history.at(i).emptyLayer)
            result[i] = layer++;
    }
    return result;
}

bool ImageConfig::historyMatchesLayers() const
{
    return nonEmptyHistoryCount() == m_diffIds.size();
}

} // namespace Layerscope
