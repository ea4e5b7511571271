#pragma once

#include <QString>
#include <QStringList>

class QAbstractItemModel;
class QWidget;

/// What views and widgets show, read the way a test compares it.
namespace ViewText {

/// The display texts of \a model's first column, top-level rows in order.
QStringList rows(const QAbstractItemModel &model);

/// Every text of \a root and its children a person or a screen reader could meet: titles,
/// labels, buttons, tooltips, accessible names and descriptions, object names.
QString visibleTexts(const QWidget *root);

/// A loopback "127.0.0.1:PORT" where nothing listens (a port that was free a moment ago):
/// connections to it are refused at once. Empty if no port could be found.
QString closedHostPort();

} // namespace ViewText
