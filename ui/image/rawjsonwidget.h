#pragma once

#include "values/digest.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace Layerscope {

class JsonHighlighter;

/**
 * The exact documents behind an image (the index, the platform's manifest, its config) as
 * JSON for people: re-indented without reordering or re-escaping anything, coloured, with the
 * digest of the bytes the registry sent and how it was checked. "Copy raw" copies those bytes
 * themselves, since only they hash to the digest.
 */
class RawJsonWidget : public QWidget
{
    Q_OBJECT

public:
    /// One document to show.
    struct Document
    {
        QString label; ///< "Index", "Manifest linux/amd64", "Config"
        QByteArray raw; ///< the exact bytes
        Digest digest; ///< the digest that addresses them
        QString verification; ///< how the digest was checked, for people
    };

    explicit RawJsonWidget(QWidget *parent = nullptr);

    /// Replaces the documents; shows the one at \a current.
    void setDocuments(const QList<Document> &documents, int current = 0);
    /// Shows document \a index of the list.
    void setCurrentDocument(int index);
    int currentDocument() const;
    /// Shows nothing.
    void clear();

    /// The line above the text: "sha256:… — digest of the exact bytes … (N bytes); verified: …".
    QString digestLine() const;
    /// The text shown.
    QString text() const;

    /**
     * \a raw re-indented by 2 spaces per level, one member or element per line, with every
     * key, string and number exactly as written (order, escapes and all). Documents that are
     * not JSON come back unchanged.
     */
    static QString prettyPrint(const QByteArray &raw);

protected:
    void changeEvent(QEvent *event) override;

private:
    void showCurrent();
    void copyRaw();

    QList<Document> m_documents;
    QComboBox *m_combo;
    QLabel *m_digestLine;
    QPlainTextEdit *m_text;
    QPushButton *m_copy;
    JsonHighlighter *m_highlighter;
};

} // namespace Layerscope
