#include "copyactions.h"

#include "roles.h"
#include "values/imagereference.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMainWindow>
#include <QMenu>
#include <QShortcut>
#include <QStatusBar>

namespace Layerscope {

CopyActions::CopyActions(QAbstractItemView *view)
    : QObject(view)
    , m_view(view)
{
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this, &CopyActions::showMenu);
    // Only while the view has focus: other panes have their own Ctrl+C.
    auto *shortcut = new QShortcut(QKeySequence::Copy, view, nullptr, nullptr, Qt::WidgetShortcut);
    connect(shortcut, &QShortcut::activated, this, &CopyActions::copyCurrent);
}

void CopyActions::setExtraActions(
    std::function<QList<QAction *>(const QModelIndex &, QMenu *)> extra)
{
    m_extra = std::move(extra);
}

QString CopyActions::primaryText(const QModelIndex &index)
{
    for (int role : {int(DigestRole), int(ReferenceRole), int(NameRole)}) {
        const QString text = index.data(role).toString();
        if (!text.isEmpty())
            return text;
    }
    return {};
}

QString CopyActions::dockerPullCommand(const QString &reference)
{
    const auto parsed = ImageReference::parse(reference);
    const QString shown = parsed ? parsed->familiarString() : reference;
    return QStringLiteral("docker pull %1").arg(shown);
}

void CopyActions::copyText(const QString &text, QWidget *source)
{
    QClipboard *clipboard = QApplication::clipboard();
    clipboard->setText(text);
    if (clipboard->supportsSelection())
        clipboard->setText(text, QClipboard::Selection);
    if (auto *window = qobject_cast<QMainWindow *>(source ? source->window() : nullptr))
        window->statusBar()->showMessage(tr("Copied %1").arg(text), 4000);
}

void CopyActions::showMenu(const QPoint &position)
{
    if (!m_view)
        return;
    const QModelIndex index = m_view->indexAt(position);
    QMenu menu(m_view);
    if (m_extra && index.isValid()) {
        const QList<QAction *> extra = m_extra(index, &menu);
        if (!extra.isEmpty()) {
            menu.addActions(extra);
            menu.addSeparator();
        }
    }
    const QString digest = index.data(DigestRole).toString();
    const QString reference = index.data(ReferenceRole).toString();
    const QString name = index.data(NameRole).toString();

    QAction *copyDigest
        = menu.addAction(tr("Copy &digest"), this, [this, digest] { copyText(digest, m_view); });
    copyDigest->setShortcut(QKeySequence::Copy);
    copyDigest->setEnabled(!digest.isEmpty());
    QAction *copyReference = menu.addAction(tr("Copy &reference"), this,
                                            [this, reference] { copyText(reference, m_view); });
    copyReference->setEnabled(!reference.isEmpty());
    QAction *copyPull = menu.addAction(tr("Copy docker &pull command"), this, [this, reference] {
        copyText(dockerPullCommand(reference), m_view);
    });
    copyPull->setEnabled(!reference.isEmpty());
    if (!name.isEmpty())
        menu.addAction(tr("Copy &name"), this, [this, name] { copyText(name, m_view); });
    menu.exec(m_view->viewport()->mapToGlobal(position));
}

void CopyActions::copyCurrent()
{
    if (!m_view)
        return;
    const QString text = primaryText(m_view->currentIndex());
    if (!text.isEmpty())
        copyText(text, m_view);
}

} // namespace Layerscope
