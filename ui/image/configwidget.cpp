#include "configwidget.h"

#include "common/copyactions.h"
#include "common/roles.h"
#include "summarywidget.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace Layerscope {

ConfigWidget::ConfigWidget(QWidget *parent)
    : QWidget(parent)
    , m_message(new QLabel(this))
    , m_content(new QWidget(this))
    , m_env(new QStandardItemModel(this))
    , m_labels(new QStandardItemModel(this))
{
    setObjectName(QStringLiteral("configWidget"));
    setAccessibleName(tr("Image config"));

    m_message->setObjectName(QStringLiteral("configMessage"));
    m_message->setAccessibleName(tr("Config status"));
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignCenter);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_platform = addField(form, tr("OS / architecture:"), QStringLiteral("configPlatform"),
                          tr("The platform the config states"));
    m_created = addField(form, tr("Created:"), QStringLiteral("configCreated"),
                         tr("When the image was built, in local time and UTC"));
    m_author = addField(form, tr("Author:"), QStringLiteral("configAuthor"),
                        tr("The config's author field"));
    m_entrypoint = addField(form, tr("Entrypoint:"), QStringLiteral("configEntrypoint"),
                            tr("The command a container runs, as the config's exec-form array"));
    m_cmd = addField(form, tr("Cmd:"), QStringLiteral("configCmd"),
                     tr("The default arguments (or command, without an entrypoint)"));
    m_workingDir = addField(form, tr("Working dir:"), QStringLiteral("configWorkingDir"),
                            tr("The directory the command starts in"));
    m_user = addField(form, tr("User:"), QStringLiteral("configUser"),
                      tr("The user the command runs as; empty means root"));
    m_ports = addField(form, tr("Exposed ports:"), QStringLiteral("configExposedPorts"),
                       tr("Ports the image declares (EXPOSE)"));
    m_volumes = addField(form, tr("Volumes:"), QStringLiteral("configVolumes"),
                         tr("Paths the image declares as volumes (VOLUME)"));
    m_stopSignal = addField(form, tr("Stop signal:"), QStringLiteral("configStopSignal"),
                            tr("The signal docker stop sends first; SIGTERM when empty"));

    auto *envBox = new QGroupBox(tr("Environment"), m_content);
    envBox->setAccessibleName(tr("Environment"));
    envBox->setObjectName(QStringLiteral("configEnvBox"));
    auto *envLayout = new QVBoxLayout(envBox);
    m_envView = addTable(m_env, QStringLiteral("configEnv"), tr("Environment variables"),
                         {tr("Variable"), tr("Value")});
    envLayout->addWidget(m_envView);
    auto *labelsBox = new QGroupBox(tr("Labels"), m_content);
    labelsBox->setAccessibleName(tr("Labels"));
    labelsBox->setObjectName(QStringLiteral("configLabelsBox"));
    auto *labelsLayout = new QVBoxLayout(labelsBox);
    m_labelsView = addTable(m_labels, QStringLiteral("configLabels"), tr("Labels"),
                            {tr("Label"), tr("Value")});
    labelsLayout->addWidget(m_labelsView);

    auto *contentLayout = new QVBoxLayout(m_content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addLayout(form);
    contentLayout->addWidget(envBox, 3);
    contentLayout->addWidget(labelsBox, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(m_content, 1);
    clear();
}

QLabel *ConfigWidget::addField(QFormLayout *form, const QString &label, const QString &objectName,
                               const QString &toolTip)
{
    auto *value = new QLabel(m_content);
    value->setObjectName(objectName);
    value->setAccessibleName(QString(label).remove(u':'));
    value->setTextFormat(Qt::PlainText);
    value->setWordWrap(true);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setToolTip(toolTip);
    auto *name = new QLabel(label, m_content);
    name->setAccessibleName(QString(label).remove(u':'));
    name->setToolTip(toolTip);
    name->setBuddy(value);
    form->addRow(name, value);
    return value;
}

QTableView *ConfigWidget::addTable(QStandardItemModel *model, const QString &objectName,
                                   const QString &accessibleName, const QStringList &headers)
{
    model->setHorizontalHeaderLabels(headers);
    auto *view = new QTableView(m_content);
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setModel(model);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    new CopyActions(view);
    return view;
}

QString ConfigWidget::execForm(const QStringList &arguments)
{
    if (arguments.isEmpty())
        return {};
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(arguments)).toJson(QJsonDocument::Compact));
}

void ConfigWidget::clear()
{
    m_message->setText(tr("No image selected."));
    m_message->show();
    m_content->hide();
    m_env->removeRows(0, m_env->rowCount());
    m_labels->removeRows(0, m_labels->rowCount());
}

void ConfigWidget::setConfig(const std::optional<ImageConfig> &config, const QString &missingReason)
{
    m_env->removeRows(0, m_env->rowCount());
    m_labels->removeRows(0, m_labels->rowCount());
    if (!config || config->isNull()) {
        m_message->setText(missingReason.isEmpty() ? tr("This image has no config.")
                                                   : missingReason);
        m_message->show();
        m_content->hide();
        return;
    }
    m_message->hide();
    m_content->show();

    const ImageConfig::RunConfig &run = config->config();
    const QString none = tr("(none)");
    const auto orNone = [&none](const QString &text) {
        return text.isEmpty() ? none : text;
    };
    m_platform->setText(orNone(config->platform().toString()));
    m_created->setText(orNone(SummaryWidget::timeText(config->created())));
    m_author->setText(orNone(config->author()));
    m_entrypoint->setText(orNone(execForm(run.entrypoint)));
    m_cmd->setText(orNone(execForm(run.cmd)));
    m_workingDir->setText(orNone(run.workingDir));
    m_user->setText(run.user.isEmpty() ? tr("(none: root)") : run.user);
    m_ports->setText(orNone(run.exposedPorts.join(QStringLiteral(", "))));
    m_volumes->setText(orNone(run.volumes.join(QStringLiteral(", "))));
    m_stopSignal->setText(orNone(run.stopSignal));

    for (const QString &entry : run.env) {
        const qsizetype equals = entry.indexOf(u'=');
        auto *name = new QStandardItem(equals < 0 ? entry : entry.left(equals));
        auto *value = new QStandardItem(equals < 0 ? QString() : entry.mid(equals + 1));
        for (QStandardItem *item : {name, value}) {
            item->setData(entry, NameRole);
            item->setToolTip(entry);
        }
        m_env->appendRow({name, value});
    }
    for (auto it = run.labels.cbegin(); it != run.labels.cend(); ++it) {
        auto *name = new QStandardItem(it.key());
        auto *value = new QStandardItem(it.value());
        for (QStandardItem *item : {name, value}) {
            item->setData(it.key() + u'=' + it.value(), NameRole);
            item->setToolTip(it.key() + u'=' + it.value());
        }
        m_labels->appendRow({name, value});
    }
    for (QTableView *view : {m_envView, m_labelsView})
        fitNameColumn(view);
}

void ConfigWidget::fitNameColumn(QTableView *view)
{
    // Measured here rather than by the header: the tab may be hidden, and a hidden view sizes
    // its columns from the few rows it thinks are visible.
    const QFontMetrics metrics = view->fontMetrics();
    int width = view->horizontalHeader()->sectionSizeHint(0);
    for (int row = 0; row < view->model()->rowCount(); ++row)
        width = qMax(width,
                     metrics.horizontalAdvance(view->model()->index(row, 0).data().toString())
                         + 2 * metrics.averageCharWidth());
    view->setColumnWidth(0, qMin(width, 420));
}

} // namespace Layerscope
