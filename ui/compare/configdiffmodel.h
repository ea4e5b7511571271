#pragma once

#include "values/imagediff.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace Layerscope {

/**
 * The differences between two images' run configs and platforms, one row per
 * ConfigDifference (diffConfigs() lists only what changed): what changed (added, removed,
 * changed), the field for people ("Environment", "Label", …), the entry within it (the
 * variable, label, port or path) and the value on each side. A value set on one side only
 * shows a muted "—" on the other.
 *
 * The change is both a word with a marker ("+ added", "− removed", "≠ changed") and a tint
 * of the cells that hold a value, so colour is never the only sign.
 */
class ConfigDiffModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        ChangeColumn, ///< "+ added", "− removed", "≠ changed"
        FieldColumn, ///< "Environment", "Label", "Cmd", …
        KeyColumn, ///< the variable, label, port or path; empty for single-valued fields
        AColumn, ///< the value in A
        BColumn, ///< the value in B
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        ChangeRole = Qt::UserRole, ///< int: Change
        ChangeNameRole, ///< QString: "added", "removed", "changed"
        FieldRole, ///< QString: the field as ConfigDifference names it ("env", "workingDir")
        KeyRole, ///< QString: the entry within the field
        ValueARole, ///< QString: A's value; invalid when A has none
        ValueBRole, ///< QString: B's value; invalid when B has none
    };
    Q_ENUM(Role)

    /// How a value differs.
    enum Change {
        Added, ///< set in B only
        Removed, ///< set in A only
        Changed, ///< set on both sides, to different values
    };
    Q_ENUM(Change)

    explicit ConfigDiffModel(QObject *parent = nullptr);

    /// Shows \a differences, resetting the model.
    void setDifferences(const QList<ConfigDifference> &differences);
    /// Removes every row.
    void clear();
    const QList<ConfigDifference> &differences() const { return m_differences; }

    /// The field \a field ("env", "exposedPorts", …) for people ("Environment", "Exposed
    /// port"); \a field itself when unknown.
    static QString fieldName(const QString &field);
    /// How \a difference changes the value.
    static Change changeOf(const ConfigDifference &difference);
    /// "added", "removed", "changed".
    static QString changeName(Change change);
    /// "+ added", "− removed", "≠ changed", as the change column shows it.
    static QString changeText(Change change);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString valueText(const ConfigDifference &difference,
                      const std::optional<QString> &value) const;
    bool isPlaceholder(const ConfigDifference &difference,
                       const std::optional<QString> &value) const;

    QList<ConfigDifference> m_differences;
};

} // namespace Layerscope
