#pragma once

#include "values/imageconfig.h"

#include <QWidget>

#include <optional>

class QFormLayout;
class QLabel;
class QStandardItemModel;
class QTableView;

namespace Layerscope {

/**
 * The image config of one platform for people: how a container of the image runs
 * (entrypoint, cmd, working directory, user, environment, ports, volumes, labels, stop
 * signal) and where it comes from (platform, created, author). Schema1 images have no config
 * and say so.
 */
class ConfigWidget : public QWidget
{
    Q_OBJECT

public:
    explicit ConfigWidget(QWidget *parent = nullptr);

    /// Shows \a config; \a missingReason explains an absent one ("schema 1 manifests have no
    /// config").
    void setConfig(const std::optional<ImageConfig> &config, const QString &missingReason = {});
    /// Shows nothing (while loading, or with no image).
    void clear();

    /// The run config's exec-form array as text: ["/bin/sh","-c","echo"]; empty for none.
    static QString execForm(const QStringList &arguments);

private:
    QLabel *addField(QFormLayout *form, const QString &label, const QString &objectName,
                     const QString &toolTip);
    static void fitNameColumn(QTableView *view);
    QTableView *addTable(QStandardItemModel *model, const QString &objectName,
                         const QString &accessibleName, const QStringList &headers);

    QLabel *m_message;
    QWidget *m_content;
    QLabel *m_platform;
    QLabel *m_created;
    QLabel *m_author;
    QLabel *m_entrypoint;
    QLabel *m_cmd;
    QLabel *m_workingDir;
    QLabel *m_user;
    QLabel *m_ports;
    QLabel *m_volumes;
    QLabel *m_stopSignal;
    QStandardItemModel *m_env;
    QStandardItemModel *m_labels;
    QTableView *m_envView = nullptr;
    QTableView *m_labelsView = nullptr;
};

} // namespace Layerscope
