#pragma once

#include "transport/operation.h"

#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QUrl>

namespace Layerscope {

class RegistryClient;

/**
 * A list from the registry: the repositories of the catalog or the tags of a repository,
 * page by page. Pages are linked with RFC 8288 Link headers; a relative link is resolved
 * against the page's URL, and a link to another host, or back to a page already read, is
 * refused.
 */
class ListOperation : public Operation
{
    Q_OBJECT

public:
    enum class Kind { Repositories, Tags };

    Kind kind() const { return m_kind; }
    /// The repository whose tags these are (empty for the catalog).
    const QString &repository() const { return m_repository; }
    /// Every item received so far, in the registry's order.
    const QStringList &items() const { return m_items; }
    /// The next page when only some pages were asked for; empty when the list is complete.
    const QUrl &nextPage() const { return m_nextPage; }
    /// Pages read.
    int pages() const { return m_pages; }

Q_SIGNALS:
    /// Each page as it arrives.
    void pageReceived(const QStringList &items);

protected:
    void abortWork() override;

private:
    friend class RegistryClient;
    ListOperation(RegistryClient *client, Kind kind, QString repository, bool allPages,
                  int pageSize, const QUrl &from, QObject *parent);

    void requestPage(const QString &target);
    void onPage();

    QPointer<RegistryClient> m_client;
    Kind m_kind;
    QString m_repository;
    bool m_allPages;
    QStringList m_items;
    QUrl m_nextPage;
    QSet<QString> m_visited;
    int m_pages = 0;
    class TransportReply *m_reply = nullptr;
};

} // namespace Layerscope
