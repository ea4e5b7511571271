#pragma once

#include "values/imagereference.h"

#include <QDialog>
#include <QStringList>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace Layerscope {

/**
 * Asks for the reference to compare an image with: a tag of the same repository, another
 * repository, or an image on another registry. The field starts at the image's repository
 * ("registry/repository:") and completes the references it is given (the repository's tags,
 * the references compared before); what is typed is checked as it is typed, and OK is
 * offered only for a reference that parses.
 */
class CompareWithDialog : public QDialog
{
    Q_OBJECT

public:
    /// Asks what to compare \a first with; \a suggestions are offered as the user types.
    CompareWithDialog(const ImageReference &first, const QStringList &suggestions,
                      QWidget *parent = nullptr);

    /// The reference typed, with "latest" when no tag or digest was given; meaningful after
    /// the dialog was accepted.
    ImageReference reference() const { return m_reference; }
    /// The field (for tests).
    QLineEdit *field() const { return m_field; }

private:
    void validate();

    QLineEdit *m_field;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    ImageReference m_reference;
};

} // namespace Layerscope
