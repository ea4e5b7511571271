#pragma once

#include "transport/operation.h"
#include "values/descriptor.h"
#include "values/digest.h"

#include <QList>
#include <QPointer>

namespace Layerscope {

class ManifestOperation;
class RegistryClient;
class TransportReply;

/**
 * The manifests that name a subject in their "subject" field: signatures, SBOMs,
 * attestations (OCI distribution spec 1.1). Asks the referrers API first; a registry without
 * it (404, as distribution 2.8 answers) is asked for the fallback tag "sha256-<hex>" instead,
 * and no such tag means no referrers.
 */
class ReferrersOperation : public Operation
{
    Q_OBJECT

public:
    /// Where the list came from.
    enum class Source { ReferrersApi, TagSchema, None };

    const Digest &subject() const { return m_subject; }
    /// Descriptors of the referring manifests, with artifactType and annotations.
    const QList<Descriptor> &referrers() const { return m_referrers; }
    Source source() const { return m_source; }

protected:
    void abortWork() override;

private:
    friend class RegistryClient;
    ReferrersOperation(RegistryClient *client, QString repository, Digest subject, QObject *parent);
    void onApiReply();
    void onTagReply();

    QPointer<RegistryClient> m_client;
    QString m_repository;
    Digest m_subject;
    TransportReply *m_reply = nullptr;
    ManifestOperation *m_tag = nullptr;
    QList<Descriptor> m_referrers;
    Source m_source = Source::None;
};

} // namespace Layerscope
