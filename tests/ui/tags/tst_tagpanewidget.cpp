// The tag pane without a registry behind it: results shown through TagModel::setResults(), and
// a registry that refuses connections for the failure path.

#include "common/errorbanner.h"
#include "common/roles.h"
#include "registry/registryclient.h"
#include "tags/taggroupdelegate.h"
#include "tags/tagmodel.h"
#include "tags/tagpane.h"

#include "viewtext.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace Layerscope;

namespace {

TagInfo resolvedTag(const QString &tag, const char *seed, qint64 size = 1000)
{
    TagInfo info;
    info.tag = tag;
    info.digest = Digest::compute(QByteArray(seed));
    info.platforms = {QStringLiteral("linux/amd64")};
    info.compressedSize = size;
    info.created = QDateTime(QDate(2024, 1, 2), QTime(12, 0), Qt::UTC);
    info.resolved = true;
    return info;
}

QList<TagInfo> sampleTags()
{
    return {resolvedTag(QStringLiteral("1.0"), "a"),    resolvedTag(QStringLiteral("1"), "a"),
            resolvedTag(QStringLiteral("latest"), "a"), resolvedTag(QStringLiteral("0.9"), "b"),
            resolvedTag(QStringLiteral("1.9"), "c"),    resolvedTag(QStringLiteral("1.10"), "d"),
            resolvedTag(QStringLiteral("v1.att"), "e")};
}

} // namespace

class TestTagPaneWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void widgetsAreNamed_data();
    void widgetsAreNamed();
    void showsResults();
    void filterKeyboard();
    void enterActivates();
    void selectTag_data();
    void selectTag();
    void groupBarIsPainted();
    void failedListShowsBanner();
    void newRepositoryDropsSelection();

private:
    QTableView *table() const { return m_pane->findChild<QTableView *>(QStringLiteral("tagView")); }
    QLineEdit *filter() const
    {
        return m_pane->findChild<QLineEdit *>(QStringLiteral("tagFilter"));
    }
    QCheckBox *hideSignatures() const
    {
        return m_pane->findChild<QCheckBox *>(QStringLiteral("hideSignatureTags"));
    }

    std::unique_ptr<TagPane> m_pane;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestTagPaneWidget::init()
{
    m_pane = std::make_unique<TagPane>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_pane->view()->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_pane->resize(900, 400);
}

void TestTagPaneWidget::cleanup()
{
    m_tester.reset();
    m_pane.reset();
}

void TestTagPaneWidget::widgetsAreNamed_data()
{
    QTest::addColumn<QString>("objectName");
    QTest::addRow("filter") << "tagFilter";
    QTest::addRow("hide signatures") << "hideSignatureTags";
    QTest::addRow("progress") << "tagProgress";
    QTest::addRow("progress text") << "tagProgressText";
    QTest::addRow("stop") << "stopResolving";
    QTest::addRow("view") << "tagView";
    QTest::addRow("title") << "tagTitle";
    QTest::addRow("summary") << "tagSummary";
    QTest::addRow("error banner") << "tagErrorBanner";
}

void TestTagPaneWidget::widgetsAreNamed()
{
    QFETCH(QString, objectName);
    auto *widget = m_pane->findChild<QWidget *>(objectName);
    QVERIFY2(widget, qPrintable(objectName));
    QVERIFY(!widget->accessibleName().isEmpty());
    QCOMPARE(filter()->placeholderText(), QStringLiteral("Filter tags (Ctrl+F)"));
    QCOMPARE(m_pane->view(), table());
}

void TestTagPaneWidget::showsResults()
{
    m_pane->model()->setResults(QStringLiteral("127.0.0.1:5000"), QStringLiteral("fixtures/app"),
                                sampleTags());
    QCOMPARE(table()->model()->rowCount(), 6);
    QVERIFY(hideSignatures()->isChecked());
    auto *summary = m_pane->findChild<QLabel *>(QStringLiteral("tagSummary"));
    QCOMPARE(summary->text(), QStringLiteral("7 tags, 5 images · 6 shown"));
    hideSignatures()->setChecked(false);
    QCOMPARE(table()->model()->rowCount(), 7);
    QCOMPARE(summary->text(), QStringLiteral("7 tags, 5 images"));
    // Natural order, ascending, by default.
    QCOMPARE(table()->model()->index(0, 0).data().toString(), QStringLiteral("0.9"));
    QCOMPARE(table()->model()->index(4, 0).data().toString(), QStringLiteral("1.10"));
    QVERIFY(
        !m_pane->findChild<QWidget *>(QStringLiteral("tagProgressRow"))->isVisibleTo(m_pane.get()));
}

void TestTagPaneWidget::filterKeyboard()
{
    m_pane->show();
    m_pane->model()->setResults(QStringLiteral("127.0.0.1:5000"), QStringLiteral("fixtures/app"),
                                sampleTags());
    QSignalSpy selected(m_pane.get(), &TagPane::tagSelected);
    m_pane->focusFilter();
    QTest::keyClicks(filter(), QStringLiteral("1.9"));
    QCOMPARE(table()->model()->rowCount(), 1);
    QTest::keyClick(filter(), Qt::Key_Down);
    QCOMPARE(m_pane->currentTag(), QStringLiteral("1.9"));
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.at(0).at(0).toString(), QStringLiteral("1.9"));
    if (QApplication::activeWindow() == m_pane.get())
        QVERIFY(table()->hasFocus());

    QTest::keyClick(filter(), Qt::Key_Escape);
    QVERIFY(filter()->text().isEmpty());
    QCOMPARE(table()->model()->rowCount(), 6);
    // The selection survives the filter going away.
    QCOMPARE(m_pane->currentTag(), QStringLiteral("1.9"));
    QCOMPARE(selected.count(), 1);

    // Down in the table moves the current row, and that is announced too.
    QTest::keyClick(table(), Qt::Key_Down);
    QCOMPARE(m_pane->currentTag(), QStringLiteral("1.10"));
    QCOMPARE(selected.count(), 2);
    QCOMPARE(selected.at(1).at(0).toString(), QStringLiteral("1.10"));
}

void TestTagPaneWidget::enterActivates()
{
    m_pane->show();
    m_pane->model()->setResults(QStringLiteral("127.0.0.1:5000"), QStringLiteral("fixtures/app"),
                                sampleTags());
    QSignalSpy activated(m_pane.get(), &TagPane::tagActivated);
    QVERIFY(m_pane->selectTag(QStringLiteral("latest")));
    QTest::keyClick(table(), Qt::Key_Return);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toString(), QStringLiteral("latest"));
    const QModelIndex index = table()->currentIndex();
    const QPoint centre = table()->visualRect(index).center();
    QVERIFY(QTest::qWaitForWindowExposed(m_pane.get()));
    // An item view takes a double click only on the item the press was on.
    QTest::mouseClick(table()->viewport(), Qt::LeftButton, {}, centre);
    QTest::mouseDClick(table()->viewport(), Qt::LeftButton, {}, centre);
    QVERIFY(activated.count() >= 2);
    QCOMPARE(activated.last().at(0).toString(), QStringLiteral("latest"));
}

void TestTagPaneWidget::selectTag_data()
{
    QTest::addColumn<QString>("filterText");
    QTest::addColumn<QString>("tag");
    QTest::addColumn<bool>("selected");
    QTest::addColumn<bool>("hideSignaturesAfter");
    QTest::addRow("visible tag") << ""
                                 << "latest" << true << true;
    QTest::addRow("hidden attestation tag") << ""
                                            << "v1.att" << true << false;
    QTest::addRow("filtered out") << "zzz"
                                  << "1.0" << true << true;
    QTest::addRow("missing tag") << ""
                                 << "missing" << false << true;
}

void TestTagPaneWidget::selectTag()
{
    QFETCH(QString, filterText);
    QFETCH(QString, tag);
    QFETCH(bool, selected);
    QFETCH(bool, hideSignaturesAfter);
    m_pane->model()->setResults(QStringLiteral("127.0.0.1:5000"), QStringLiteral("fixtures/app"),
                                sampleTags());
    filter()->setText(filterText);
    QSignalSpy spy(m_pane.get(), &TagPane::tagSelected);
    QCOMPARE(m_pane->selectTag(tag), selected);
    QCOMPARE(m_pane->currentTag(), selected ? tag : QString());
    QCOMPARE(spy.count(), selected ? 1 : 0);
    QCOMPARE(hideSignatures()->isChecked(), hideSignaturesAfter);
    if (selected) {
        QVERIFY(filter()->text().isEmpty() || filter()->text() == filterText);
        const QModelIndexList rows = table()->selectionModel()->selectedRows();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.constFirst().data(NameRole).toString(), tag);
    }
}

void TestTagPaneWidget::groupBarIsPainted()
{
    m_pane->show();
    m_pane->model()->setResults(QStringLiteral("127.0.0.1:5000"), QStringLiteral("fixtures/app"),
                                sampleTags());
    QVERIFY(QTest::qWaitForWindowExposed(m_pane.get()));
    const QImage image = table()->viewport()->grab().toImage();
    const QColor base = table()->palette().color(QPalette::Base);
    // The middle of the bar the delegate draws at the left edge of the cell.
    const int barX = 2 + std::max(3, table()->fontMetrics().height() / 4) / 2;
    const auto pixelAt = [&](const QString &tag) {
        QModelIndex shown;
        for (int row = 0; row < table()->model()->rowCount(); ++row) {
            if (table()->model()->index(row, 0).data(NameRole).toString() == tag)
                shown = table()->model()->index(row, 0);
        }
        const QRect rect = table()->visualRect(shown);
        const QPoint point(rect.left() + barX, rect.center().y());
        return image.pixelColor(point * image.devicePixelRatio());
    };
    const int group
        = m_pane->model()->indexOfTag(QStringLiteral("1")).data(TagModel::GroupRole).toInt();
    const QColor expected = TagGroupDelegate::groupColor(group, base);
    const QColor grouped = pixelAt(QStringLiteral("1"));
    QVERIFY2(qAbs(grouped.hue() - expected.hue()) <= 2 && grouped.saturation() > 60,
             qPrintable(grouped.name() + QStringLiteral(" vs ") + expected.name()));
    QCOMPARE(pixelAt(QStringLiteral("latest")), grouped);
    // A tag whose image no other tag names has no bar.
    QCOMPARE(pixelAt(QStringLiteral("0.9")), base);
}

void TestTagPaneWidget::failedListShowsBanner()
{
    const QString hostPort = ViewText::closedHostPort();
    QVERIFY(!hostPort.isEmpty());
    RegistryClient client(hostPort);
    QSignalSpy failed(m_pane.get(), &TagPane::errorOccurred);
    QSignalSpy finished(m_pane->model(), &TagModel::resolvingFinished);
    m_pane->showRepository(&client, QStringLiteral("nothing/here"));
    auto *progressRow = m_pane->findChild<QWidget *>(QStringLiteral("tagProgressRow"));
    QVERIFY(progressRow->isVisibleTo(m_pane.get()));
    QVERIFY(m_pane->model()->isResolving());
    // Not listed yet: remembered, not selected.
    QVERIFY(!m_pane->selectTag(QStringLiteral("1.0")));

    QVERIFY(failed.wait(30000));
    QCOMPARE(failed.at(0).at(0).value<RegistryError>().category(),
             RegistryError::Category::Network);
    QCOMPARE(finished.count(), 1);
    QVERIFY(!progressRow->isVisibleTo(m_pane.get()));
    auto *banner = m_pane->findChild<ErrorBanner *>(QStringLiteral("tagErrorBanner"));
    QVERIFY(banner->isVisibleTo(m_pane.get()));
    QVERIFY2(banner->text().contains(QStringLiteral("nothing/here")), qPrintable(banner->text()));
    auto *retry = banner->findChild<QPushButton *>(QStringLiteral("retryButton"));
    QVERIFY(retry->isVisibleTo(m_pane.get()));

    // Retry asks again: the banner goes while it tries, and comes back when it fails again.
    retry->click();
    QVERIFY(!banner->isVisibleTo(m_pane.get()));
    QVERIFY(m_pane->model()->isResolving());
    QVERIFY(failed.wait(30000));
    QVERIFY(banner->isVisibleTo(m_pane.get()));
    QVERIFY(m_pane->currentTag().isEmpty());
}

void TestTagPaneWidget::newRepositoryDropsSelection()
{
    m_pane->model()->setResults(QStringLiteral("127.0.0.1:5000"), QStringLiteral("fixtures/app"),
                                sampleTags());
    QSignalSpy selected(m_pane.get(), &TagPane::tagSelected);
    QVERIFY(m_pane->selectTag(QStringLiteral("1.0")));
    QCOMPARE(selected.count(), 1);
    filter()->setText(QStringLiteral("1"));

    const QString hostPort = ViewText::closedHostPort();
    RegistryClient client(hostPort);
    QSignalSpy finished(m_pane->model(), &TagModel::resolvingFinished);
    m_pane->showRepository(&client, QStringLiteral("other/repo"));
    QVERIFY(m_pane->currentTag().isEmpty());
    QVERIFY(filter()->text().isEmpty());
    QCOMPARE(table()->model()->rowCount(), 0);
    QVERIFY(finished.wait(30000));
    QCOMPARE(selected.count(), 1);

    m_pane->clear();
    QCOMPARE(table()->model()->rowCount(), 0);
    QVERIFY(m_pane->model()->repository().isEmpty());
    QCOMPARE(selected.count(), 1);
}

QTEST_MAIN(TestTagPaneWidget)
#include "tst_tagpanewidget.moc"
