#include "common/errorbanner.h"
#include "compare/comparelayersmodel.h"
#include "compare/comparewindow.h"
#include "compare/configdiffmodel.h"
#include "comparesamples.h"
#include "registries/clientpool.h"
#include "viewtext.h"

#include <QAbstractItemView>
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace Layerscope;
using namespace Qt::StringLiterals;
using CompareSamples::Step;

namespace {

/// A loopback server that accepts connections and never answers.
class SilentServer : public QTcpServer
{
public:
    SilentServer()
    {
        listen(QHostAddress::LocalHost);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection())
                m_sockets.append(socket);
        });
    }
    QString hostPort() const { return QStringLiteral("127.0.0.1:%1").arg(serverPort()); }

private:
    QList<QTcpSocket *> m_sockets;
};

ImageReference reference(const QString &text)
{
    const auto parsed = ImageReference::parse(text);
    if (!parsed)
        qFatal("bad reference %s", qPrintable(text));
    return *parsed;
}

/// An image of \a platform with two layers, one of them the same on every platform.
ResolvedImage smallImage(const QString &platform)
{
    const Platform p = CompareSamples::platform(platform);
    const QList<Step> steps{
        {QStringLiteral("shared-base"), 0, 3'000'000, QStringLiteral("ADD rootfs.tar /")},
        {QStringLiteral("app@") + platform, 0, 1'000'000, QStringLiteral("COPY app /app")},
    };
    return CompareSamples::image(p, steps,
                                 QJsonObject{{QStringLiteral("User"), QStringLiteral("app")}},
                                 QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC));
}

QStringList changeNames(const CompareLayersModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names.append(model.index(row, 0).data(CompareLayersModel::ChangeNameRole).toString());
    return names;
}

} // namespace

class TestCompareWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void populatedComparison();
    void identicalImage();
    void sameManifest();
    void nextAndPreviousDifference();
    void keyboardShortcuts();
    void platformPairing();
    void singleImagesHidePlatforms();
    void failedSideIsNamed_data();
    void failedSideIsNamed();
    void cancelWhileBusy();
    void escapeCancelsThenCloses();
    void staleResultIsDropped();
    void widgetsAreNamed();

private:
    template<typename T> T *child(const QString &name) const
    {
        return m_window->findChild<T *>(name);
    }
    QString text(const QString &labelName) const
    {
        const auto *label = child<QLabel>(labelName);
        return label ? label->text() : QStringLiteral("<no label %1>").arg(labelName);
    }

    std::unique_ptr<ClientPool> m_pool;
    std::unique_ptr<CompareWindow> m_window;
};

void TestCompareWindow::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestCompareWindow::init()
{
    m_pool = std::make_unique<ClientPool>();
    m_window = std::make_unique<CompareWindow>(m_pool.get());
}

void TestCompareWindow::cleanup()
{
    m_window.reset();
    m_pool.reset();
}

void TestCompareWindow::populatedComparison()
{
    const CompareSide a = CompareSamples::sampleSideA();
    const CompareSide b = CompareSamples::sampleSideB();
    QSignalSpy shown(m_window.get(), &CompareWindow::comparisonShown);
    m_window->setSides(a, b);
    QCOMPARE(shown.count(), 1);
    QVERIFY(!m_window->isBusy());

    // The same platform on both sides, whichever this machine's is.
    QVERIFY(m_window->currentImageA() >= 0 && m_window->currentImageB() >= 0);
    const ResolvedImage &imageA = a.images.at(m_window->currentImageA());
    const ResolvedImage &imageB = b.images.at(m_window->currentImageB());
    QVERIFY(imageA.platform.matches(imageB.platform));

    QCOMPARE(m_window->windowTitle(),
             QStringLiteral("Compare registry.example.com/shop/api:1.4 ↔ "
                            "registry.example.com/shop/api:1.5"));
    QCOMPARE(text(QStringLiteral("referenceA")),
             QStringLiteral("registry.example.com/shop/api:1.4"));
    QCOMPARE(text(QStringLiteral("referenceB")),
             QStringLiteral("registry.example.com/shop/api:1.5"));
    QCOMPARE(text(QStringLiteral("digestA")), a.digest.toString());
    QCOMPARE(text(QStringLiteral("digestB")), b.digest.toString());
    QCOMPARE(text(QStringLiteral("manifestDigestA")), imageA.descriptor.digest.toString());
    QCOMPARE(text(QStringLiteral("configDigestA")), imageA.config->digest().toString());
    QCOMPARE(text(QStringLiteral("configDigestB")), imageB.config->digest().toString());
    QVERIFY(text(QStringLiteral("createdA")).contains(QStringLiteral("2024-03-02T10:15:00Z")));
    QVERIFY(text(QStringLiteral("createdB")).contains(QStringLiteral("2024-06-20T08:40:00Z")));
    QCOMPARE(text(QStringLiteral("layerCountA")), QStringLiteral("9 layers"));
    QCOMPARE(text(QStringLiteral("layerCountB")), QStringLiteral("9 layers"));
    QVERIFY(text(QStringLiteral("sizeA"))
                .contains(QLocale().formattedDataSize(imageA.compressedSize(), 1,
                                                      QLocale::DataSizeSIFormat)));
    // Both sides are indexes: the platform manifest row says which manifest is compared.
    QVERIFY(child<QLabel>(QStringLiteral("manifestDigestA"))->isVisibleTo(m_window.get()));

    // B dropped the locales layer, which weighs more than what it added.
    const qint64 delta = imageB.compressedSize() - imageA.compressedSize();
    QVERIFY(delta < 0);
    const QString summary = text(QStringLiteral("compareSummary"));
    QVERIFY2(summary.contains(QStringLiteral("Size change (B − A): −")
                              + QLocale().formattedDataSize(-delta, 1, QLocale::DataSizeSIFormat)),
             qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("4 of 12 layers shared (")), qPrintable(summary));
    QVERIFY(summary.contains(QStringLiteral("2 recompressed")));
    QVERIFY(summary.contains(QStringLiteral("3 only in A")));
    QVERIFY(summary.contains(QStringLiteral("3 only in B")));
    QVERIFY(!child<QLabel>(QStringLiteral("identicalNote"))->isVisibleTo(m_window.get()));

    QVERIFY(child<QLabel>(QStringLiteral("platformsSummary"))->isVisibleTo(m_window.get()));
    QCOMPARE(text(QStringLiteral("platformsSummary")),
             QStringLiteral("Platforms — Only in A: linux/s390x · Only in B: linux/riscv64 · "
                            "Both: linux/amd64, linux/arm64/v8"));

    const CompareLayersModel *layers = m_window->layersModel();
    QCOMPARE(changeNames(*layers),
             QStringList({u"same"_s, u"same"_s, u"onlyA"_s, u"recompressed"_s, u"recompressed"_s,
                          u"onlyA"_s, u"onlyA"_s, u"onlyB"_s, u"onlyB"_s, u"same"_s, u"onlyB"_s,
                          u"same"_s}));
    QVERIFY(layers->index(0, CompareLayersModel::CreatedByAColumn)
                .data()
                .toString()
                .startsWith(QStringLiteral("# debian.sh --arch")));
    QCOMPARE(text(QStringLiteral("layersTitle")), QStringLiteral("Layers — 8 differences"));

    QCOMPARE(m_window->configModel()->rowCount(), 12);
    QVERIFY(
        child<QAbstractItemView>(QStringLiteral("configDiffView"))->isVisibleTo(m_window.get()));
    QVERIFY(!child<QLabel>(QStringLiteral("configDiffEmpty"))->isVisibleTo(m_window.get()));
    QVERIFY(!m_window->errorBanner()->isVisibleTo(m_window.get()));
}

void TestCompareWindow::identicalImage()
{
    const CompareSide a = CompareSamples::identicalSideA();
    const CompareSide b = CompareSamples::identicalSideB();
    QVERIFY(a.digest != b.digest);
    m_window->setSides(a, b);

    auto *note = child<QLabel>(QStringLiteral("identicalNote"));
    QVERIFY(note->isVisibleTo(m_window.get()));
    QVERIFY2(note->text().startsWith(QStringLiteral("Identical image")), qPrintable(note->text()));
    QVERIFY(note->text().contains(
        QStringLiteral("same config digest; the manifests differ (layers recompressed or pushed "
                       "again)")));
    QCOMPARE(text(QStringLiteral("configDigestA")), text(QStringLiteral("configDigestB")));
    QVERIFY(text(QStringLiteral("digestA")) != text(QStringLiteral("digestB")));

    const QString summary = text(QStringLiteral("compareSummary"));
    QVERIFY2(summary.contains(QStringLiteral("Size change (B − A): no change")),
             qPrintable(summary));
    QVERIFY(summary.contains(QStringLiteral("0 of 9 layers shared")));
    QVERIFY(summary.contains(QStringLiteral("9 recompressed")));
    QCOMPARE(changeNames(*m_window->layersModel()), QStringList(9, QStringLiteral("recompressed")));

    // One image of one platform on each side: nothing to say about platforms.
    QVERIFY(!child<QLabel>(QStringLiteral("platformsSummary"))->isVisibleTo(m_window.get()));
    QVERIFY(!child<QLabel>(QStringLiteral("manifestDigestA"))->isVisibleTo(m_window.get()));
    QCOMPARE(m_window->configModel()->rowCount(), 0);
    QVERIFY(child<QLabel>(QStringLiteral("configDiffEmpty"))->isVisibleTo(m_window.get()));
    QCOMPARE(text(QStringLiteral("configDiffEmpty")),
             QStringLiteral("The run configs are the same."));
}

void TestCompareWindow::sameManifest()
{
    const CompareSide a = CompareSamples::sampleSideA();
    m_window->setSides(a, a);
    auto *note = child<QLabel>(QStringLiteral("identicalNote"));
    QVERIFY(note->isVisibleTo(m_window.get()));
    QVERIFY2(note->text().contains(QStringLiteral("same manifest")), qPrintable(note->text()));
    QVERIFY(text(QStringLiteral("compareSummary")).contains(QStringLiteral("no change")));
    QCOMPARE(text(QStringLiteral("layersTitle")), QStringLiteral("Layers — no differences"));
    QVERIFY(!child<QAction>(QStringLiteral("nextDifferenceAction"))->isEnabled());
    QVERIFY(!child<QAction>(QStringLiteral("previousDifferenceAction"))->isEnabled());
    QVERIFY(!child<QLabel>(QStringLiteral("platformsSummary"))
                 ->text()
                 .contains(QStringLiteral("Only")));
}

void TestCompareWindow::nextAndPreviousDifference()
{
    m_window->setSides(CompareSamples::sampleSideA(), CompareSamples::sampleSideB());
    auto *view = child<QAbstractItemView>(QStringLiteral("compareLayersView"));
    auto *next = child<QAction>(QStringLiteral("nextDifferenceAction"));
    auto *previous = child<QAction>(QStringLiteral("previousDifferenceAction"));
    QVERIFY(view && next && previous);
    QVERIFY(next->isEnabled());
    QVERIFY(!view->currentIndex().isValid());
    QVERIFY(next->toolTip().contains(QStringLiteral("F8")));
    QVERIFY(previous->toolTip().contains(QStringLiteral("Shift+F8")));

    // Differences: rows 2, 3, 4, 5, 6, 7, 8 and 10.
    const QList<std::pair<QAction *, int>> steps{{next, 2},      {next, 3}, {previous, 2},
                                                 {previous, 10}, {next, 2}, {previous, 10},
                                                 {previous, 8}};
    for (const auto &[action, row] : steps) {
        action->trigger();
        QCOMPARE(view->currentIndex().row(), row);
        QVERIFY(view->selectionModel()->isRowSelected(row, {}));
    }
    QCOMPARE(view->currentIndex().data(CompareLayersModel::ChangeNameRole).toString(),
             QStringLiteral("onlyB"));
}

void TestCompareWindow::keyboardShortcuts()
{
    m_window->setSides(CompareSamples::sampleSideA(), CompareSamples::sampleSideB());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    auto *view = child<QAbstractItemView>(QStringLiteral("compareLayersView"));
    view->setFocus();
    QTest::keyClick(view, Qt::Key_F8);
    QCOMPARE(view->currentIndex().row(), 2);
    QTest::keyClick(view, Qt::Key_Period, Qt::ControlModifier);
    QCOMPARE(view->currentIndex().row(), 3);
    QTest::keyClick(view, Qt::Key_F8, Qt::ShiftModifier);
    QCOMPARE(view->currentIndex().row(), 2);
    QTest::keyClick(view, Qt::Key_Comma, Qt::ControlModifier);
    QCOMPARE(view->currentIndex().row(), 10);
}

void TestCompareWindow::platformPairing()
{
    const CompareSide a = CompareSamples::side(
        QStringLiteral("registry.example.com/tools/probe:1"),
        {smallImage(QStringLiteral("linux/s390x")), smallImage(QStringLiteral("linux/arm64/v8"))});
    const CompareSide b = CompareSamples::side(QStringLiteral("registry.example.com/tools/probe:2"),
                                               {smallImage(QStringLiteral("linux/riscv64")),
                                                smallImage(QStringLiteral("linux/arm64/v8")),
                                                smallImage(QStringLiteral("linux/ppc64le"))});
    m_window->setSides(a, b);

    // The one platform both have, wherever it stands in each list.
    QCOMPARE(m_window->currentImageA(), 1);
    QCOMPARE(m_window->currentImageB(), 1);
    auto *comboA = child<QComboBox>(QStringLiteral("platformA"));
    auto *comboB = child<QComboBox>(QStringLiteral("platformB"));
    QVERIFY(comboA->isVisibleTo(m_window.get()));
    QVERIFY(comboB->isVisibleTo(m_window.get()));
    QCOMPARE(comboA->count(), 2);
    QCOMPARE(comboB->count(), 3);
    QCOMPARE(comboA->currentText(), QStringLiteral("linux/arm64/v8"));
    QCOMPARE(comboB->currentText(), QStringLiteral("linux/arm64/v8"));
    QCOMPARE(changeNames(*m_window->layersModel()), QStringList({u"same"_s, u"same"_s}));
    QCOMPARE(m_window->configModel()->rowCount(), 0);
    QCOMPARE(text(QStringLiteral("platformsSummary")),
             QStringLiteral("Platforms — Only in A: linux/s390x · Only in B: linux/riscv64, "
                            "linux/ppc64le · Both: linux/arm64/v8"));

    QSignalSpy shown(m_window.get(), &CompareWindow::comparisonShown);
    comboB->setCurrentIndex(2);
    QCOMPARE(shown.count(), 1);
    QCOMPARE(m_window->currentImageA(), 1);
    QCOMPARE(m_window->currentImageB(), 2);
    QCOMPARE(changeNames(*m_window->layersModel()),
             QStringList({u"same"_s, u"onlyA"_s, u"onlyB"_s}));
    QCOMPARE(text(QStringLiteral("configDigestB")), b.images.at(2).config->digest().toString());
    QStringList fields;
    for (const ConfigDifference &difference : m_window->configModel()->differences())
        fields.append(difference.field);
    QCOMPARE(fields, QStringList({u"architecture"_s, u"variant"_s}));

    comboA->setCurrentIndex(0);
    QCOMPARE(shown.count(), 2);
    QCOMPARE(m_window->currentImageA(), 0);
    QCOMPARE(text(QStringLiteral("manifestDigestA")), a.images.at(0).descriptor.digest.toString());
}

void TestCompareWindow::singleImagesHidePlatforms()
{
    const CompareSide a = CompareSamples::side(QStringLiteral("registry.example.com/tools/probe:1"),
                                               {smallImage(QStringLiteral("linux/amd64"))});
    const CompareSide b = CompareSamples::side(
        QStringLiteral("registry.example.com/tools/probe:2"),
        {smallImage(QStringLiteral("linux/amd64")), smallImage(QStringLiteral("linux/arm64/v8"))});
    m_window->setSides(a, b);
    QVERIFY(!child<QComboBox>(QStringLiteral("platformA"))->isVisibleTo(m_window.get()));
    QVERIFY(child<QLabel>(QStringLiteral("platformTextA"))->isVisibleTo(m_window.get()));
    QCOMPARE(text(QStringLiteral("platformTextA")), QStringLiteral("linux/amd64"));
    QVERIFY(child<QComboBox>(QStringLiteral("platformB"))->isVisibleTo(m_window.get()));
    QCOMPARE(child<QComboBox>(QStringLiteral("platformB"))->currentText(),
             QStringLiteral("linux/amd64"));
    QCOMPARE(text(QStringLiteral("platformsSummary")),
             QStringLiteral("Platforms — Only in B: linux/arm64/v8 · Both: linux/amd64"));
    // The same image: one side names it directly, the other through an index.
    QVERIFY(text(QStringLiteral("identicalNote")).contains(QStringLiteral("same manifest")));
}

void TestCompareWindow::failedSideIsNamed_data()
{
    QTest::addColumn<int>("deadSide");
    QTest::addRow("A unreachable") << 0;
    QTest::addRow("B unreachable") << 1;
}

void TestCompareWindow::failedSideIsNamed()
{
    QFETCH(int, deadSide);
    const QString dead = ViewText::closedHostPort();
    QVERIFY(!dead.isEmpty());
    SilentServer silent;
    QVERIFY(silent.isListening());
    const ImageReference deadReference = reference(dead + QStringLiteral("/fixtures/app:1.0"));
    const ImageReference silentReference
        = reference(silent.hostPort() + QStringLiteral("/fixtures/app:2.0"));

    QSignalSpy failed(m_window.get(), &CompareWindow::comparisonFailed);
    QSignalSpy busy(m_window.get(), &CompareWindow::busyChanged);
    if (deadSide == 0)
        m_window->compare(deadReference, silentReference);
    else
        m_window->compare(silentReference, deadReference);
    QVERIFY(m_window->isBusy());
    QCOMPARE(busy.count(), 1);
    QVERIFY(child<QWidget>(QStringLiteral("busyRow"))->isVisibleTo(m_window.get()));
    const QString busyText = text(QStringLiteral("busyText"));
    QVERIFY2(busyText.startsWith(QStringLiteral("Reading A (")), qPrintable(busyText));

    QVERIFY(failed.wait(30000));
    QVERIFY(!m_window->isBusy());
    QVERIFY(!child<QWidget>(QStringLiteral("busyRow"))->isVisibleTo(m_window.get()));
    ErrorBanner *banner = m_window->errorBanner();
    QVERIFY(banner->isVisibleTo(m_window.get()));
    const QString letter = deadSide == 0 ? QStringLiteral("A") : QStringLiteral("B");
    QVERIFY2(
        banner->text().startsWith(
            QStringLiteral("Could not read %1 (%2)").arg(letter, deadReference.familiarString())),
        qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(QStringLiteral("side %1 (").arg(letter)),
             qPrintable(banner->text()));
    QVERIFY(child<QPushButton>(QStringLiteral("retryButton"))->isVisibleTo(m_window.get()));
    QCOMPARE(m_window->layersModel()->rowCount(), 0);
    // The pool learns that the registry cannot be reached.
    QCOMPARE(m_pool->state(deadReference.domain()), ClientPool::ConnectionState::Error);
}

void TestCompareWindow::cancelWhileBusy()
{
    SilentServer silent;
    QSignalSpy failed(m_window.get(), &CompareWindow::comparisonFailed);
    m_window->compare(reference(silent.hostPort() + QStringLiteral("/fixtures/app:1.0")),
                      reference(silent.hostPort() + QStringLiteral("/fixtures/app:2.0")));
    QVERIFY(m_window->isBusy());
    auto *cancel = child<QPushButton>(QStringLiteral("cancelButton"));
    QVERIFY(cancel->isVisibleTo(m_window.get()));
    cancel->click();
    QVERIFY(!m_window->isBusy());
    QVERIFY(!child<QWidget>(QStringLiteral("busyRow"))->isVisibleTo(m_window.get()));
    QVERIFY(!m_window->errorBanner()->isVisibleTo(m_window.get()));
    QVERIFY(text(QStringLiteral("compareStatus")).contains(QStringLiteral("cancelled")));
    // Nothing arrives late.
    QTest::qWait(200);
    QCOMPARE(failed.count(), 0);
    QVERIFY(!m_window->errorBanner()->isVisibleTo(m_window.get()));
    QVERIFY(child<QAction>(QStringLiteral("reloadAction"))->isEnabled());
}

void TestCompareWindow::escapeCancelsThenCloses()
{
    SilentServer silent;
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->compare(reference(silent.hostPort() + QStringLiteral("/fixtures/app:1.0")),
                      reference(silent.hostPort() + QStringLiteral("/fixtures/app:2.0")));
    QVERIFY(m_window->isBusy());
    QTest::keyClick(m_window.get(), Qt::Key_Escape);
    QVERIFY(!m_window->isBusy());
    QVERIFY(m_window->isVisible());
    QVERIFY(!m_window->errorBanner()->isVisible());
    QTest::keyClick(m_window.get(), Qt::Key_Escape);
    QVERIFY(!m_window->isVisible());
}

void TestCompareWindow::staleResultIsDropped()
{
    const QString dead = ViewText::closedHostPort();
    SilentServer silent;
    QSignalSpy failed(m_window.get(), &CompareWindow::comparisonFailed);
    m_window->compare(reference(dead + QStringLiteral("/fixtures/app:1.0")),
                      reference(dead + QStringLiteral("/fixtures/app:2.0")));
    m_window->compare(reference(silent.hostPort() + QStringLiteral("/fixtures/app:1.0")),
                      reference(silent.hostPort() + QStringLiteral("/fixtures/app:2.0")));
    // The refused connections of the first compare would fail it within milliseconds.
    QTest::qWait(500);
    QCOMPARE(failed.count(), 0);
    QVERIFY(m_window->isBusy());
    QVERIFY(!m_window->errorBanner()->isVisibleTo(m_window.get()));
    QVERIFY(m_window->windowTitle().contains(silent.hostPort()));

    // Shown sides replace what is being read.
    m_window->setSides(CompareSamples::identicalSideA(), CompareSamples::identicalSideB());
    QVERIFY(!m_window->isBusy());
    QCOMPARE(m_window->layersModel()->rowCount(), 9);
}

void TestCompareWindow::widgetsAreNamed()
{
    m_window->setSides(CompareSamples::sampleSideA(), CompareSamples::sampleSideB());
    for (const char *name :
         {"compareHeader", "compareLayersView", "configDiffView", "platformA", "platformB",
          "platformsSummary", "compareSummary", "identicalNote", "referenceA", "digestB",
          "configDigestA", "busyRow", "cancelButton", "configDiffEmpty", "legend_same",
          "legend_recompressed", "legend_onlyA", "legend_onlyB"}) {
        auto *widget = child<QWidget>(QString::fromLatin1(name));
        QVERIFY2(widget, name);
        QVERIFY2(!widget->accessibleName().isEmpty(), name);
    }
    // Digests can be selected and copied from the header.
    QVERIFY(child<QLabel>(QStringLiteral("digestA"))->textInteractionFlags()
            & Qt::TextSelectableByMouse);
    // The legend says in words what each colour means.
    QCOMPARE(text(QStringLiteral("legend_recompressed")), QStringLiteral("≈ recompressed"));
    QCOMPARE(text(QStringLiteral("legend_onlyA")), QStringLiteral("− only in A"));
    const QString texts = ViewText::visibleTexts(m_window.get());
    QVERIFY(texts.contains(QStringLiteral("Config digest (image ID)")));
}

QTEST_MAIN(TestCompareWindow)
#include "tst_comparewindow.moc"
