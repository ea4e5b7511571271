#include "referrerswidget.h"

#include "common/copyactions.h"
#include "common/roles.h"
#include "referrersmodel.h"
#include "registry/referrersoperation.h"
#include "registry/registryclient.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace Layerscope {

ReferrersWidget::ReferrersWidget(QWidget *parent)
    : QWidget(parent)
    , m_model(new ReferrersModel(this))
    , m_view(new QTableView(this))
    , m_source(new QLabel(this))
    , m_empty(new QLabel(this))
{
    setObjectName(QStringLiteral("referrersWidget"));
    setAccessibleName(tr("Referrers"));

    m_source->setObjectName(QStringLiteral("referrersSource"));
    m_source->setAccessibleName(tr("Where the referrers come from"));
    m_source->setTextFormat(Qt::PlainText);
    m_source->setWordWrap(true);
    m_source->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    m_empty->setObjectName(QStringLiteral("referrersEmpty"));
    m_empty->setAccessibleName(tr("No referrers"));
    m_empty->setTextFormat(Qt::PlainText);
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);

    m_view->setObjectName(QStringLiteral("referrersView"));
    m_view->setAccessibleName(tr("Referrers"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    new CopyActions(m_view);
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        const QString reference = index.data(ReferenceRole).toString();
        if (!reference.isEmpty())
            Q_EMIT referenceActivated(reference);
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_source);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_empty, 1);
    clear();
}

ReferrersWidget::~ReferrersWidget() = default;

void ReferrersWidget::clear()
{
    for (const QPointer<ReferrersOperation> &operation : std::as_const(m_operations))
        delete operation.data();
    m_operations.clear();
    m_pending = 0;
    m_anyApi = false;
    m_anyFailed = false;
    m_subjects.clear();
    m_sourceLines.clear();
    m_model->clear();
    m_source->clear();
    m_empty->setText(tr("No image selected."));
    m_view->hide();
    m_empty->show();
}

void ReferrersWidget::setSubjects(RegistryClient *client, const QString &repository,
                                  const QList<Subject> &subjects)
{
    clear();
    if (!client)
        return;
    m_subjects = subjects;
    m_model->reset(client->registry(), repository);
    m_sourceLines = QStringList(subjects.size(), tr("%1: loading…"));
    for (int i = 0; i < subjects.size(); ++i) {
        m_sourceLines[i] = m_sourceLines.at(i).arg(subjects.at(i).label);
        ReferrersOperation *operation
            = client->fetchReferrers(repository, subjects.at(i).digest, this);
        m_operations.append(operation);
        ++m_pending;
        connect(operation, &ReferrersOperation::finished, this,
                [this, i, operation] { onFinished(i, operation); });
    }
    m_empty->setText(tr("Loading referrers…"));
    m_source->setText(m_sourceLines.join(u'\n'));
}

void ReferrersWidget::onFinished(int subject, ReferrersOperation *operation)
{
    operation->deleteLater();
    m_operations.removeAll(operation);
    --m_pending;
    const Subject &which = m_subjects.at(subject);
    const QString tag = which.digest.algorithmName() + u'-' + which.digest.hex();
    const int count = int(operation->referrers().size());
    if (operation->error().isError()) {
        m_sourceLines[subject]
            = tr("%1: could not be listed: %2").arg(which.label, operation->error().toString());
        m_anyFailed = true;
    } else {
        switch (operation->source()) {
        case ReferrersOperation::Source::ReferrersApi:
            m_anyApi = true;
            m_sourceLines[subject]
                = tr("%1: the registry's referrers API, %n referrer(s)", nullptr, count)
                      .arg(which.label);
            break;
        case ReferrersOperation::Source::TagSchema:
            m_sourceLines[subject]
                = tr("%1: the %2 tag (the registry has no referrers API), %n referrer(s)", nullptr,
                     count)
                      .arg(which.label, tag);
            break;
        case ReferrersOperation::Source::None:
            m_sourceLines[subject]
                = tr("%1: none (the registry has no referrers API; the %2 tag does not exist)")
                      .arg(which.label, tag);
            break;
        }
        m_model->addReferrers(which.label, which.digest, operation->referrers());
    }
    if (m_pending == 0) {
        updateTexts();
        Q_EMIT loaded();
    } else {
        m_source->setText(m_sourceLines.join(u'\n'));
    }
}

void ReferrersWidget::updateTexts()
{
    m_source->setText(m_sourceLines.join(u'\n'));
    const bool empty = m_model->rowCount() == 0;
    m_view->setVisible(!empty);
    m_empty->setVisible(empty);
    if (!empty) {
        m_empty->clear();
        m_view->resizeColumnsToContents();
        return;
    }
    if (m_anyFailed) {
        m_empty->setText(tr("No referrers could be listed (see above)."));
        return;
    }
    const QString tag = m_subjects.size() == 1 ? m_subjects.constFirst().digest.algorithmName()
            + u'-' + m_subjects.constFirst().digest.hex()
                                               : QStringLiteral("sha256-<hex>");
    m_empty->setText(m_anyApi ? tr("No referrers (the registry's referrers API lists none)")
                              : tr("No referrers (the registry has no referrers API; the %1 tag "
                                   "does not exist)")
                                    .arg(tag));
}

QString ReferrersWidget::sourceText() const
{
    return m_source->text();
}

QString ReferrersWidget::emptyText() const
{
    return m_empty->isVisibleTo(this) ? m_empty->text() : QString();
}

} // namespace Layerscope
