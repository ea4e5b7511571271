#include "comparewithdialog.h"

#include "common/warningtext.h"

#include <QCompleter>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Layerscope {

CompareWithDialog::CompareWithDialog(const ImageReference &first, const QStringList &suggestions,
                                     QWidget *parent)
    : QDialog(parent)
    , m_field(new QLineEdit(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Compare With"));
    setObjectName(QStringLiteral("compareWithDialog"));
    setAccessibleName(tr("Compare with"));

    auto *intro = new QLabel(
        tr("Compare <b>%1</b> (A) with the image B:").arg(first.familiarString().toHtmlEscaped()),
        this);
    intro->setObjectName(QStringLiteral("compareWithIntro"));
    intro->setWordWrap(true);
    auto *hint = new QLabel(tr("A tag of this repository, another repository, or an image on "
                               "another registry (ghcr.io/org/app:1.0, name@sha256:…)."),
                            this);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);

    m_field->setObjectName(QStringLiteral("compareWithField"));
    m_field->setAccessibleName(tr("Reference to compare with"));
    m_field->setClearButtonEnabled(true);
    // Start in the same repository: comparing two tags of one repository is the common case.
    m_field->setText(first.familiarName() + u':');
    auto *completer = new QCompleter(suggestions, m_field);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_field->setCompleter(completer);
    intro->setBuddy(m_field);

    m_problem->setObjectName(QStringLiteral("compareWithProblem"));
    m_problem->setWordWrap(true);
    setWarningText(m_problem);

    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Compare"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("compareWithOk"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_field);
    layout->addWidget(hint);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_field, &QLineEdit::textChanged, this, &CompareWithDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
    resize(520, sizeHint().height());
}

void CompareWithDialog::validate()
{
    const QString text = m_field->text().trimmed();
    QString problem;
    m_reference = ImageReference();
    if (!text.isEmpty()) {
        const Result<ImageReference> parsed = ImageReference::parse(text);
        if (parsed)
            m_reference = parsed->dockerReference();
        else
            problem = parsed.error().message();
    }
    // An unfinished "repository:" is not worth a complaint yet, only a disabled button.
    const bool unfinished = text.isEmpty() || text.endsWith(u':') || text.endsWith(u'@');
    m_problem->setText(unfinished ? QString() : problem);
    m_problem->setVisible(!m_problem->text().isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty() && !text.isEmpty());
}

} // namespace Layerscope
