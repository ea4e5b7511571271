#include "registry/listoperation.h"

#include "registry/registryclient.h"
#include "transport/transportreply.h"
#include "values/json_p.h"
#include "values/linkheader.h"

#include <QUrlQuery>

namespace Layerscope {

using Category = RegistryError::Category;

namespace {

// A page of a catalog or tag list is small; Docker Hub sends every tag of a repository in one
// page when not asked to paginate, which for the largest repositories is a few megabytes.
constexpr qsizetype MaxListPageSize = 16 * 1024 * 1024;

} // namespace

ListOperation::ListOperation(RegistryClient *client, Kind kind, QString repository, bool allPages,
                             int pageSize, const QUrl &from, QObject *parent)
    : Operation(parent)
    , m_client(client)
    , m_kind(kind)
    , m_repository(std::move(repository))
    , m_allPages(allPages)
{
    QString target;
    if (!from.isEmpty()) {
        target = QString::fromUtf8(from.toEncoded());
    } else {
        target = kind == Kind::Repositories ? QStringLiteral("/v2/_catalog")
                                            : QStringLiteral("/v2/%1/tags/list").arg(m_repository);
        if (pageSize > 0)
            target += QStringLiteral("?n=%1").arg(pageSize);
    }
    requestPage(target);
}

void ListOperation::abortWork()
{
    delete m_reply;
    m_reply = nullptr;
}

void ListOperation::requestPage(const QString &target)
{
    if (!m_client) {
        fail(RegistryClient::closedError());
        return;
    }
    TransportRequest request;
    request.target = target;
    request.headers.append({QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")});
    request.scopes.append(m_kind == Kind::Repositories ? QStringLiteral("registry:catalog:*")
                                                       : RegistryClient::pullScope(m_repository));
    request.maxBodySize = MaxListPageSize;
    m_reply = m_client->transport()->send(request, this);
    connect(m_reply, &Operation::finished, this, &ListOperation::onPage);
}

void ListOperation::onPage()
{
    TransportReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (reply->error().isError()) {
        fail(reply->error());
        return;
    }
    m_visited.insert(reply->url().toString());

    const QString what
        = m_kind == Kind::Repositories ? QStringLiteral("catalog") : QStringLiteral("tag list");
    const auto protocolError = [&](const QString &message) {
        RegistryError error(Category::Protocol, what + QStringLiteral(": ") + message);
        error.setRequest("GET", reply->url()).setHttpStatus(reply->status());
        fail(error);
    };
    const Result<QJsonObject> object = Json::parseObject(reply->body(), MaxListPageSize);
    if (!object) {
        protocolError(object.error().message());
        return;
    }
    Json::FieldReader reader(*object);
    // Distribution answers a repository without tags with "tags": null.
    const QStringList page = reader.stringList(
        m_kind == Kind::Repositories ? u"repositories" : u"tags",
        m_kind == Kind::Repositories ? Json::Presence::Required : Json::Presence::Optional);
    if (!reader.ok()) {
        protocolError(reader.error().message());
        return;
    }
    ++m_pages;
    m_items.append(page);
    Q_EMIT pageReceived(page);

    const Result<std::optional<QUrl>> next
        = LinkHeader::nextLink(reply->headerValues("Link"), reply->url());
    if (!next) {
        protocolError(next.error().message());
        return;
    }
    m_nextPage = next->value_or(QUrl());
    if (m_nextPage.isEmpty()) {
        succeed();
        return;
    }
    if (!LinkHeader::isSameOrigin(m_nextPage, reply->url())) {
        protocolError(QStringLiteral("the next page is on another host (%1); not following it")
                          .arg(RegistryError::redacted(m_nextPage).toDisplayString()));
        return;
    }
    if (m_visited.contains(m_nextPage.toString())) {
        protocolError(QStringLiteral("the next page link points back to a page already read"));
        return;
    }
    if (!m_allPages) {
        succeed();
        return;
    }
    requestPage(QString::fromUtf8(m_nextPage.toEncoded()));
}

} // namespace Layerscope
