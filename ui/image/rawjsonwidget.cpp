#include "rawjsonwidget.h"

#include "common/copyactions.h"
#include "jsonhighlighter.h"

#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Layerscope {

RawJsonWidget::RawJsonWidget(QWidget *parent)
    : QWidget(parent)
    , m_combo(new QComboBox(this))
    , m_digestLine(new QLabel(this))
    , m_text(new QPlainTextEdit(this))
    , m_copy(new QPushButton(tr("Copy raw"), this))
    , m_highlighter(new JsonHighlighter(m_text->document(), palette()))
{
    setObjectName(QStringLiteral("rawJson"));
    setAccessibleName(tr("Raw documents"));

    m_combo->setObjectName(QStringLiteral("rawDocumentCombo"));
    m_combo->setAccessibleName(tr("Document"));
    m_combo->setToolTip(tr("Which document to show: the index, the platform's manifest or its "
                           "config"));
    auto *comboLabel = new QLabel(tr("&Document:"), this);
    comboLabel->setBuddy(m_combo);
    comboLabel->setAccessibleName(tr("Document"));

    m_copy->setObjectName(QStringLiteral("copyRawButton"));
    m_copy->setAccessibleName(tr("Copy raw"));
    m_copy->setToolTip(tr("Copy the exact bytes the registry sent, which hash to the digest "
                          "(the text below is re-indented)"));

    m_digestLine->setObjectName(QStringLiteral("rawDigestLine"));
    m_digestLine->setAccessibleName(tr("Digest of the document"));
    m_digestLine->setWordWrap(true);
    m_digestLine->setTextFormat(Qt::PlainText);
    m_digestLine->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    m_text->setObjectName(QStringLiteral("rawText"));
    m_text->setAccessibleName(tr("Document text"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    auto *top = new QHBoxLayout;
    top->addWidget(comboLabel);
    top->addWidget(m_combo, 1);
    top->addWidget(m_copy);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_digestLine);
    layout->addWidget(m_text, 1);

    connect(m_combo, &QComboBox::currentIndexChanged, this, &RawJsonWidget::showCurrent);
    connect(m_copy, &QPushButton::clicked, this, &RawJsonWidget::copyRaw);
    clear();
}

void RawJsonWidget::setDocuments(const QList<Document> &documents, int current)
{
    m_documents = documents;
    const QSignalBlocker blocker(m_combo);
    m_combo->clear();
    for (const Document &document : documents)
        m_combo->addItem(document.label);
    m_combo->setCurrentIndex(documents.isEmpty() ? -1 : qBound(0, current, documents.size() - 1));
    m_combo->setEnabled(documents.size() > 1);
    showCurrent();
}

void RawJsonWidget::setCurrentDocument(int index)
{
    m_combo->setCurrentIndex(index);
}

int RawJsonWidget::currentDocument() const
{
    return m_combo->currentIndex();
}

void RawJsonWidget::clear()
{
    setDocuments({});
}

QString RawJsonWidget::digestLine() const
{
    return m_digestLine->text();
}

QString RawJsonWidget::text() const
{
    return m_text->toPlainText();
}

void RawJsonWidget::showCurrent()
{
    const int index = m_combo->currentIndex();
    if (index < 0 || index >= m_documents.size()) {
        m_digestLine->setText(tr("No document."));
        m_text->clear();
        m_copy->setEnabled(false);
        return;
    }
    const Document &document = m_documents.at(index);
    QString line = tr("%1 — digest of the exact bytes the registry sent (%n bytes)", nullptr,
                      int(document.raw.size()))
                       .arg(document.digest.toString());
    if (!document.verification.isEmpty())
        line += tr("; verified: %1").arg(document.verification);
    m_digestLine->setText(line);
    m_text->setPlainText(prettyPrint(document.raw));
    m_copy->setEnabled(true);
}

void RawJsonWidget::copyRaw()
{
    const int index = m_combo->currentIndex();
    if (index >= 0 && index < m_documents.size())
        CopyActions::copyText(QString::fromUtf8(m_documents.at(index).raw), this);
}

void RawJsonWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        m_highlighter->setPalette(palette());
    QWidget::changeEvent(event);
}

QString RawJsonWidget::prettyPrint(const QByteArray &raw)
{
    const QString text = QString::fromUtf8(raw);
    QJsonParseError error;
    QJsonDocument::fromJson(raw, &error);
    if (error.error != QJsonParseError::NoError)
        return text;

    QString out;
    out.reserve(text.size() * 2);
    int depth = 0;
    const auto newline = [&out, &depth] {
        out += u'\n';
        out += QString(depth * 2, u' ');
    };
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const QChar c = text.at(i);
        if (c == u'"') {
            qsizetype end = i + 1;
            while (end < size && text.at(end) != u'"')
                end += text.at(end) == u'\\' ? 2 : 1;
            out += QStringView(text).sliced(i, qMin(end + 1, size) - i);
            i = end;
            continue;
        }
        if (c.isSpace())
            continue;
        if (c == u'{' || c == u'[') {
            const QChar close = c == u'{' ? u'}' : u']';
            qsizetype next = i + 1;
            while (next < size && text.at(next).isSpace())
                ++next;
            out += c;
            if (next < size && text.at(next) == close) {
                out += close;
                i = next;
                continue;
            }
            ++depth;
            newline();
            continue;
        }
        if (c == u'}' || c == u']') {
            --depth;
            newline();
            out += c;
            continue;
        }
        if (c == u',') {
            out += c;
            newline();
            continue;
        }
        if (c == u':') {
            out += QStringLiteral(": ");
            continue;
        }
        out += c;
    }
    out += u'\n';
    return out;
}

} // namespace Layerscope
