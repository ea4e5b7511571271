// The compare window as a user reaches it from the explorer, against the harness's real
// registry: two tags selected and compared, Compare With… another repository, two
// multi-platform tags with their platforms changed, a side that cannot be read. The expected
// rows come from the harness's contract (what its pusher built), not from Layerscope's code.

#include "common/errorbanner.h"
#include "compare/comparelayersmodel.h"
#include "compare/comparewindow.h"
#include "compare/configdiffmodel.h"
#include "comparewithdialog.h"
#include "explorerwindow.h"
#include "harness.h"
#include "mainwindow.h"
#include "tags/tagpane.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Layerscope;

namespace {

constexpr int LoadTimeoutMs = 60000;

QJsonObject expectedCompare(const QString &a, const QString &b, const QString &platform)
{
    return Harness::fixture(a)
        .value(u"comparisons")
        .toObject()
        .value(b)
        .toObject()
        .value(u"images")
        .toObject()
        .value(platform)
        .toObject();
}

QStringList changesOf(const QJsonObject &expected)
{
    QStringList changes;
    for (const QJsonValue &row : expected.value(u"layers").toArray())
        changes.append(row.toObject().value(u"change").toString());
    return changes;
}

QStringList changesShown(const CompareWindow &window)
{
    QStringList changes;
    const CompareLayersModel *model = window.layersModel();
    for (int row = 0; row < model->rowCount(); ++row)
        changes.append(model->index(row, 0).data(CompareLayersModel::ChangeNameRole).toString());
    return changes;
}

ImageReference reference(const QString &text)
{
    return *ImageReference::parse(text);
}

bool waitShown(const CompareWindow &window)
{
    return QTest::qWaitFor(
        [&window] { return !window.isBusy() && window.layersModel()->rowCount() > 0; },
        LoadTimeoutMs);
}

} // namespace

class TestCompareExplorer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void twoSelectedTags();
    void compareWithAnotherRepository();
    void multiPlatformTags();
    void unreadableSideIsNamed();

private:
    std::unique_ptr<MainWindow> newWindow();

    QString m_host;
    std::unique_ptr<QTemporaryDir> m_settingsDir;
    std::unique_ptr<QSettings> m_settings;
};

void TestCompareExplorer::initTestCase()
{
    QVERIFY2(Harness::available(), "the harness is not running (LAYERSCOPE_HARNESS)");
    m_host = Harness::hostPort(QStringLiteral("open"));
}

void TestCompareExplorer::init()
{
    m_settingsDir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<QSettings>(
        m_settingsDir->filePath(QStringLiteral("layerscope.ini")), QSettings::IniFormat);
}

void TestCompareExplorer::cleanup()
{
    m_settings.reset();
    m_settingsDir.reset();
}

std::unique_ptr<MainWindow> TestCompareExplorer::newWindow()
{
    return openExplorer(m_settings.get(), Place{m_host, {}, {}, {}, {}});
}

void TestCompareExplorer::twoSelectedTags()
{
    auto window = newWindow();
    window->openPlace(Place{m_host, QStringLiteral("fixtures/compare-app"), {}, {}, {}});
    QAbstractItemView *tags = window->tagPane()->view();
    QTRY_COMPARE_WITH_TIMEOUT(tags->model()->rowCount(), 2, LoadTimeoutMs);

    auto *compareAction = window->findChild<QAction *>(QStringLiteral("compareAction"));
    QVERIFY(compareAction);
    tags->setFocus();
    tags->selectionModel()->setCurrentIndex(tags->model()->index(0, 0),
                                            QItemSelectionModel::ClearAndSelect
                                                | QItemSelectionModel::Rows);
    QVERIFY(!compareAction->isEnabled());
    tags->selectionModel()->select(tags->model()->index(1, 0),
                                   QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QCOMPARE(window->tagPane()->selectedTags().size(), 2);
    QVERIFY(compareAction->isEnabled());
    // Natural order: 1.4 is A, 1.5 is B.
    QCOMPARE(window->tagPane()->selectedTags(), (QStringList{u"1.4"_qs, u"1.5"_qs}));

    // Ctrl+D, as the user presses it in the tag list.
    QTest::keyClick(tags, Qt::Key_D, Qt::ControlModifier);
    CompareWindow *compare = window->findChild<CompareWindow *>();
    QVERIFY(compare);
    QAbstractItemModelTester tester(const_cast<CompareLayersModel *>(compare->layersModel()),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    QVERIFY(waitShown(*compare));

    const QJsonObject expected
        = expectedCompare(QStringLiteral("compareApp"), QStringLiteral("compareAppNext"),
                          QStringLiteral("linux/amd64"));
    QCOMPARE(changesShown(*compare), changesOf(expected));
    QCOMPARE(compare->configModel()->rowCount(), expected.value(u"config").toArray().size());
    QVERIFY(compare->windowTitle().contains(u"compare-app:1.4"));
    QVERIFY(compare->windowTitle().contains(u"1.5"));
    auto *identical = compare->findChild<QLabel *>(QStringLiteral("identicalNote"));
    QVERIFY(identical);
    QVERIFY(!identical->isVisible());

    // The next difference is the first layer only B has.
    auto *view = compare->findChild<QTreeView *>(QStringLiteral("compareLayersView"));
    auto *next = compare->findChild<QAction *>(QStringLiteral("nextDifferenceAction"));
    QVERIFY(view && next);
    next->trigger();
    QCOMPARE(view->currentIndex().row(), int(changesOf(expected).indexOf(u"onlyB"_qs)));

    // The comparison is remembered for Compare With….
    QVERIFY(m_settings->value(QStringLiteral("compare/recent"))
                .toStringList()
                .contains(m_host + QStringLiteral("/fixtures/compare-app:1.5")));
}

void TestCompareExplorer::compareWithAnotherRepository()
{
    const QJsonObject mirror = Harness::fixture(QStringLiteral("compareMirror"));
    auto window = newWindow();
    window->openPlace(
        Place{m_host, QStringLiteral("fixtures/compare-app"), QStringLiteral("1.4"), {}, {}});
    auto *compareWith = window->findChild<QAction *>(QStringLiteral("compareWithAction"));
    QVERIFY(compareWith && compareWith->isEnabled());
    compareWith->trigger();
    auto *dialog = window->findChild<CompareWithDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    // The field starts in the same repository.
    QCOMPARE(dialog->field()->text(), m_host + QStringLiteral("/fixtures/compare-app:"));
    auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("compareWithOk"));
    QVERIFY(ok);
    QVERIFY(!ok->isEnabled());
    dialog->field()->setText(QStringLiteral("not a//reference"));
    QVERIFY(!ok->isEnabled());
    auto *problem = dialog->findChild<QLabel *>(QStringLiteral("compareWithProblem"));
    QVERIFY(problem && !problem->text().isEmpty());
    dialog->field()->setText(mirror.value(u"reference").toString());
    QVERIFY(ok->isEnabled());
    ok->click();

    CompareWindow *compare = window->findChild<CompareWindow *>();
    QVERIFY(compare);
    QVERIFY(waitShown(*compare));
    const QJsonObject expected
        = expectedCompare(QStringLiteral("compareApp"), QStringLiteral("compareMirror"),
                          QStringLiteral("linux/amd64"));
    QVERIFY(expected.value(u"identical").toBool());
    QCOMPARE(changesShown(*compare), changesOf(expected));
    auto *identical = compare->findChild<QLabel *>(QStringLiteral("identicalNote"));
    QVERIFY(identical && identical->isVisible());
    QVERIFY(identical->text().contains(u"Identical image", Qt::CaseInsensitive));
    QCOMPARE(compare->configModel()->rowCount(), 0);
}

void TestCompareExplorer::multiPlatformTags()
{
    const QJsonObject a = Harness::fixture(QStringLiteral("compareMultiA"));
    const QJsonObject b = Harness::fixture(QStringLiteral("compareMultiB"));
    auto window = newWindow();
    CompareWindow *compare = window->compare(reference(a.value(u"reference").toString()),
                                             reference(b.value(u"reference").toString()));
    QVERIFY(waitShown(*compare));

    auto *platformA = compare->findChild<QComboBox *>(QStringLiteral("platformA"));
    auto *platformB = compare->findChild<QComboBox *>(QStringLiteral("platformB"));
    QVERIFY(platformA && platformB);
    QVERIFY(platformA->isVisible() && platformB->isVisible());
    // The same platform on both sides.
    QCOMPARE(platformA->currentText(), platformB->currentText());
    auto *platforms = compare->findChild<QLabel *>(QStringLiteral("platformsSummary"));
    QVERIFY(platforms && platforms->isVisible());
    QVERIFY2(platforms->text().contains(u"linux/s390x"), qPrintable(platforms->text()));
    QVERIFY(platforms->text().contains(u"linux/ppc64le"));

    // Each side's platform can be changed; the rows follow without another request.
    for (const QString &platform :
         {QStringLiteral("linux/amd64"), QStringLiteral("linux/arm64/v8")}) {
        const int inA = platformA->findText(platform, Qt::MatchStartsWith);
        const int inB = platformB->findText(platform, Qt::MatchStartsWith);
        QVERIFY2(inA >= 0 && inB >= 0, qPrintable(platform));
        platformA->setCurrentIndex(inA);
        platformB->setCurrentIndex(inB);
        QVERIFY(!compare->isBusy());
        const QJsonObject expected = expectedCompare(QStringLiteral("compareMultiA"),
                                                     QStringLiteral("compareMultiB"), platform);
        QCOMPARE(changesShown(*compare), changesOf(expected));
    }
    // Two different platforms: nothing in common.
    platformB->setCurrentIndex(platformB->findText(u"linux/ppc64le"_qs, Qt::MatchStartsWith));
    QVERIFY(!changesShown(*compare).contains(u"same"_qs));
}

void TestCompareExplorer::unreadableSideIsNamed()
{
    const QJsonObject app = Harness::fixture(QStringLiteral("compareApp"));
    auto window = newWindow();
    CompareWindow *compare
        = window->compare(reference(app.value(u"reference").toString()),
                          reference(m_host + QStringLiteral("/fixtures/compare-app:no-such-tag")));
    QTRY_VERIFY_WITH_TIMEOUT(!compare->isBusy(), LoadTimeoutMs);
    QVERIFY(compare->errorBanner()->isVisible());
    const QString shown = compare->errorBanner()->findChild<QLabel *>()
        ? compare->errorBanner()->findChild<QLabel *>()->text()
        : QString();
    QVERIFY2(shown.contains(u"side B") && shown.contains(u"no-such-tag"), qPrintable(shown));
    QCOMPARE(compare->layersModel()->rowCount(), 0);
}

QTEST_MAIN(TestCompareExplorer)
#include "tst_compareexplorer.moc"
