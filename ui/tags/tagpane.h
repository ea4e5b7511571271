#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

class QAbstractItemView;
class QCheckBox;
class QLabel;
class QLineEdit;
class QModelIndex;
class QProgressBar;
class QPushButton;
class QTableView;

namespace Layerscope {

class ErrorBanner;
class RegistryClient;
class RegistryError;
class TagFilterProxy;
class TagModel;

/**
 * The Tags area of the explorer window: every tag of one repository, with what each points to
 * (digest, platforms, size, creation time), filled in as the tags resolve in the background.
 * Tags that name the same image are shown together: a coloured bar and a "Same image as" column.
 *
 * The window tells it which repository to show and hears which tag the user picks; a new
 * repository drops everything of the previous one, including any selection in progress.
 */
class TagPane : public QWidget
{
    Q_OBJECT

public:
    explicit TagPane(QWidget *parent = nullptr);

    /// Lists and resolves the tags of \a repository on \a client.
    void showRepository(RegistryClient *client, const QString &repository);
    /// Shows nothing and stops any resolution.
    void clear();
    /**
     * Selects \a tag and scrolls to it, clearing a filter that hides it. When the tag list has
     * not arrived yet the tag is remembered and selected when it does; returns true only when
     * the tag was selected now.
     */
    bool selectTag(const QString &tag);
    /// Puts the keyboard focus in the filter, with its text selected (the window's Ctrl+F).
    void focusFilter();
    /// The tag of the current row; empty when there is none.
    QString currentTag() const;
    /// The selected tags (Ctrl+click or Shift+arrows select several), in the order shown.
    QStringList selectedTags() const;

    TagModel *model() const { return m_model; }
    QAbstractItemView *view() const;

    /// The columns' widths, order and sort order, for restoreColumns() in the next session.
    QByteArray saveColumns() const;
    /// Restores what saveColumns() returned; false (and nothing changed) for an unusable state.
    bool restoreColumns(const QByteArray &state);

Q_SIGNALS:
    /// The current row changed (mouse or keyboard) to \a tag.
    void tagSelected(const QString &tag);
    /// \a tag was activated: Enter or double-click.
    void tagActivated(const QString &tag);
    /// The selection changed; selectedTags() tells what it holds now.
    void selectedTagsChanged();
    /// Compare was chosen with the two tags \a a and \a b selected.
    void compareRequested(const QString &a, const QString &b);
    /// "Compare With…" was chosen on \a tag.
    void compareWithRequested(const QString &tag);
    /// The tag list could not be read.
    void errorOccurred(const Layerscope::RegistryError &error);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onCurrentChanged(const QModelIndex &current);
    void onTagsListed();
    void onProgress(int resolved, int total);
    void onResolvingFinished();
    void onListFailed(const RegistryError &error);
    void updateSummary();
    void moveIntoView();

    TagModel *m_model;
    TagFilterProxy *m_proxy;
    QLabel *m_title;
    QLabel *m_summary;
    QLineEdit *m_filter;
    QCheckBox *m_hideSignatureTags;
    QWidget *m_progressRow;
    QProgressBar *m_progress;
    QLabel *m_progressText;
    QPushButton *m_stop;
    ErrorBanner *m_banner;
    QTableView *m_view;
    QString m_pendingTag; ///< to select once the tag list arrives
    QString m_currentTag; ///< last tag announced by tagSelected()
    bool m_listed = false;
};

} // namespace Layerscope
