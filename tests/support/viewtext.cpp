#include "viewtext.h"

#include <QAbstractButton>
#include <QAbstractItemModel>
#include <QLabel>
#include <QTcpServer>
#include <QWidget>

namespace ViewText {

QStringList rows(const QAbstractItemModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names.append(model.index(row, 0).data().toString());
    return names;
}

QString visibleTexts(const QWidget *root)
{
    QStringList texts{root->windowTitle(), root->accessibleName(), root->objectName(),
                      root->toolTip()};
    for (const QWidget *widget : root->findChildren<QWidget *>()) {
        texts << widget->objectName() << widget->accessibleName() << widget->toolTip()
              << widget->accessibleDescription() << widget->windowTitle();
        if (const auto *label = qobject_cast<const QLabel *>(widget))
            texts << label->text();
        if (const auto *button = qobject_cast<const QAbstractButton *>(widget))
            texts << button->text();
    }
    return texts.join(u'\n');
}

QString closedHostPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost))
        return {};
    const QString host = QStringLiteral("127.0.0.1:%1").arg(server.serverPort());
    server.close();
    return host;
}

} // namespace ViewText
