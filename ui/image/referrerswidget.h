#pragma once

#include "values/digest.h"

#include <QList>
#include <QPointer>
#include <QString>
#include <QWidget>

class QLabel;
class QTableView;

namespace Layerscope {

class ReferrersModel;
class ReferrersOperation;
class RegistryClient;

/**
 * The referrers of an image (signatures, SBOMs, attestations that name it as their subject),
 * fetched for each subject given: the platform's manifest and, for an index, the index. A
 * line above the table says where each list came from (the referrers API, or the
 * "sha256-<hex>" tag registries without the API use); an empty list says why it is empty.
 */
class ReferrersWidget : public QWidget
{
    Q_OBJECT

public:
    /// A manifest to find the referrers of.
    struct Subject
    {
        QString label; ///< "Index", "Manifest linux/amd64"
        Digest digest;
    };

    explicit ReferrersWidget(QWidget *parent = nullptr);
    ~ReferrersWidget() override;

    /// Fetches the referrers of \a subjects in \a repository of \a client's registry, dropping
    /// whatever was shown or still being fetched.
    void setSubjects(RegistryClient *client, const QString &repository,
                     const QList<Subject> &subjects);
    /// Stops fetching and shows nothing.
    void clear();

    bool isLoading() const { return m_pending > 0; }
    /// The line that says where the lists came from.
    QString sourceText() const;
    /// The text shown when there are no referrers (empty while there are some).
    QString emptyText() const;
    ReferrersModel *model() const { return m_model; }

Q_SIGNALS:
    /// Every subject's list has arrived (or failed).
    void loaded();
    /// The user activated a referrer: "registry/repository@digest".
    void referenceActivated(const QString &reference);

private:
    void onFinished(int subject, ReferrersOperation *operation);
    void updateTexts();

    ReferrersModel *m_model;
    QTableView *m_view;
    QLabel *m_source;
    QLabel *m_empty;
    QList<Subject> m_subjects;
    QStringList m_sourceLines;
    QList<QPointer<ReferrersOperation>> m_operations;
    int m_pending = 0;
    bool m_anyApi = false;
    bool m_anyFailed = false;
};

} // namespace Layerscope
