#include "configdiffmodel.h"

#include "common/roles.h"
#include "comparecolors.h"

#include <QFont>
#include <QGuiApplication>
#include <QPalette>

namespace Layerscope {

namespace {

CompareTint tintOf(ConfigDiffModel::Change change)
{
    switch (change) {
    case ConfigDiffModel::Added:
        return CompareTint::Added;
    case ConfigDiffModel::Removed:
        return CompareTint::Removed;
    case ConfigDiffModel::Changed:
        return CompareTint::Changed;
    }
    return CompareTint::None;
}

} // namespace

ConfigDiffModel::ConfigDiffModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ConfigDiffModel::setDifferences(const QList<ConfigDifference> &differences)
{
    beginResetModel();
    m_differences = differences;
    endResetModel();
}

void ConfigDiffModel::clear()
{
    setDifferences({});
}

QString ConfigDiffModel::fieldName(const QString &field)
{
    if (field == u"env")
        return tr("Environment");
    if (field == u"labels")
        return tr("Label");
    if (field == u"entrypoint")
        return tr("Entrypoint");
    if (field == u"cmd")
        return tr("Cmd");
    if (field == u"workingDir")
        return tr("Working dir");
    if (field == u"user")
        return tr("User");
    if (field == u"exposedPorts")
        return tr("Exposed port");
    if (field == u"volumes")
        return tr("Volume");
    if (field == u"os")
        return tr("OS");
    if (field == u"architecture")
        return tr("Architecture");
    if (field == u"variant")
        return tr("Variant");
    return field;
}

ConfigDiffModel::Change ConfigDiffModel::changeOf(const ConfigDifference &difference)
{
    if (!difference.a)
        return Added;
    if (!difference.b)
        return Removed;
    return Changed;
}

QString ConfigDiffModel::changeName(Change change)
{
    switch (change) {
    case Added:
        return QStringLiteral("added");
    case Removed:
        return QStringLiteral("removed");
    case Changed:
        return QStringLiteral("changed");
    }
    return {};
}

QString ConfigDiffModel::changeText(Change change)
{
    switch (change) {
    case Added:
        return tr("+ added");
    case Removed:
        return tr("− removed");
    case Changed:
        return tr("≠ changed");
    }
    return {};
}

int ConfigDiffModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_differences.size());
}

int ConfigDiffModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool ConfigDiffModel::isPlaceholder(const ConfigDifference &difference,
                                    const std::optional<QString> &value) const
{
    // Ports and volumes are keys without values: "exposed" and "declared" say they are set.
    return !value
        || (value->isEmpty() && difference.field != u"exposedPorts"
            && difference.field != u"volumes");
}

QString ConfigDiffModel::valueText(const ConfigDifference &difference,
                                   const std::optional<QString> &value) const
{
    if (!value)
        return tr("—");
    if (!value->isEmpty())
        return *value;
    if (difference.field == u"exposedPorts")
        return tr("exposed");
    if (difference.field == u"volumes")
        return tr("declared");
    return tr("(empty)");
}

QVariant ConfigDiffModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConfigDifference &difference = m_differences.at(index.row());
    const int column = index.column();
    const Change change = changeOf(difference);
    const std::optional<QString> *value = column == AColumn ? &difference.a
        : column == BColumn                                 ? &difference.b
                                                            : nullptr;

    switch (role) {
    case Qt::DisplayRole:
        switch (Column(column)) {
        case ChangeColumn:
            return changeText(change);
        case FieldColumn:
            return fieldName(difference.field);
        case KeyColumn:
            return difference.key;
        case AColumn:
        case BColumn:
            return valueText(difference, *value);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == ChangeColumn) {
            switch (change) {
            case Added:
                return tr("Added: set in B only.");
            case Removed:
                return tr("Removed: set in A only.");
            case Changed:
                return tr("Changed: set on both sides, to different values.");
            }
        }
        if (value) {
            if (!*value)
                return column == AColumn ? tr("Not set in A.") : tr("Not set in B.");
            return valueText(difference, *value);
        }
        return {};
    case Qt::AccessibleTextRole:
        if (value && !*value)
            return column == AColumn ? tr("not set in A") : tr("not set in B");
        return data(index, Qt::DisplayRole);
    case Qt::FontRole:
        if (value && isPlaceholder(difference, *value) && *value) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        if (value && isPlaceholder(difference, *value))
            return compareMutedColor(QGuiApplication::palette());
        return {};
    case Qt::BackgroundRole:
        // The cells that hold a value and the change itself; the side without one stays
        // untinted, as the gap of a diff tool.
        if (column == ChangeColumn || (value && value->has_value()))
            return compareTintColor(tintOf(change), QGuiApplication::palette());
        return {};
    case ChangeRole:
        return int(change);
    case ChangeNameRole:
        return changeName(change);
    case FieldRole:
        return difference.field;
    case KeyRole:
        return difference.key;
    case ValueARole:
        return difference.a ? QVariant(*difference.a) : QVariant();
    case ValueBRole:
        return difference.b ? QVariant(*difference.b) : QVariant();
    case DigestRole:
    case ReferenceRole:
    case ErrorRole:
    case NameRole:
        // A config value is neither content nor a name a registry knows.
        return QString();
    default:
        return {};
    }
}

QVariant ConfigDiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (Column(section)) {
        case ChangeColumn:
            return tr("Change");
        case FieldColumn:
            return tr("Field");
        case KeyColumn:
            return tr("Key");
        case AColumn:
            return tr("A");
        case BColumn:
            return tr("B");
        case ColumnCount:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case ChangeColumn:
            return tr("+ added (set in B only) · − removed (set in A only) · ≠ changed");
        case FieldColumn:
            return tr("The part of the run config or platform");
        case KeyColumn:
            return tr("The variable, label, port or path within the field");
        case AColumn:
            return tr("The value in A");
        case BColumn:
            return tr("The value in B");
        case ColumnCount:
            break;
        }
    }
    return {};
}

} // namespace Layerscope
