#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

class QAbstractItemView;
class QAction;
class QMenu;
class QModelIndex;

namespace Layerscope {

/**
 * The copy actions of an item view: "Copy digest", "Copy reference" (registry/repo@sha256:…)
 * and "Copy docker pull command", from the view's context menu and with Ctrl+C (which copies
 * the digest, or the reference or name when the row has no digest). They read the CommonRole
 * values of the current index, so they work on any model.
 *
 * A pane can add its own entries to the same context menu with setExtraActions().
 */
class CopyActions : public QObject
{
    Q_OBJECT

public:
    /// Installs the actions on \a view (which becomes the parent).
    explicit CopyActions(QAbstractItemView *view);

    /// Builds, for the index under the context menu, the pane's own actions to show above the
    /// copy actions.
    void setExtraActions(std::function<QList<QAction *>(const QModelIndex &, QMenu *)> extra);

    /// What Ctrl+C puts on the clipboard for \a index: the digest, else the reference, else
    /// the name; empty when the row has none of them.
    static QString primaryText(const QModelIndex &index);
    /// "docker pull <reference>", in the short form docker users type for Docker Hub.
    static QString dockerPullCommand(const QString &reference);

    /// Copies \a text to the clipboard (both the clipboard and, where there is one, the
    /// selection) and says so in the status bar of \a source's window.
    static void copyText(const QString &text, QWidget *source);

private:
    void showMenu(const QPoint &position);
    void copyCurrent();

    QPointer<QAbstractItemView> m_view;
    std::function<QList<QAction *>(const QModelIndex &, QMenu *)> m_extra;
};

} // namespace Layerscope
