#include "common/roles.h"
#include "compare/comparelayersmodel.h"
#include "testpalette.h"
#include "values/imagediff.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QColor>
#include <QLocale>
#include <QPalette>
#include <QSignalSpy>
#include <QStyle>
#include <QTest>

#include <memory>

using namespace Layerscope;
using Model = CompareLayersModel;

namespace {

LayerSide layerSide(int index, const QString &content, int compression, qint64 size)
{
    LayerSide side;
    side.index = index;
    side.digest
        = Digest::compute(QStringLiteral("blob %1 #%2").arg(content).arg(compression).toUtf8());
    side.diffId = Digest::compute(QByteArray("tar ") + content.toUtf8());
    side.size = size;
    side.createdBy = QStringLiteral("/bin/sh -c #(nop) ADD file:%1 in / ").arg(content);
    return side;
}

/// One row of each kind: same, recompressed, only in A, only in B.
QList<AlignedLayer> oneOfEach()
{
    const LayerSide base = layerSide(0, QStringLiteral("base"), 0, 29'150'000);
    return {
        {LayerChange::Same, base, base},
        {LayerChange::Recompressed, layerSide(1, QStringLiteral("python"), 0, 12'418'000),
         layerSide(1, QStringLiteral("python"), 1, 12'204'000)},
        {LayerChange::OnlyA, layerSide(2, QStringLiteral("old"), 0, 2'288'000), std::nullopt},
        {LayerChange::OnlyB, std::nullopt, layerSide(2, QStringLiteral("new"), 0, 2'391'000)},
    };
}

/// Rows written one character each: '=' same, '~' recompressed, '-' only in A, '+' only in B.
QList<AlignedLayer> pattern(const QString &text)
{
    QList<AlignedLayer> rows;
    int a = 0;
    int b = 0;
    for (QChar c : text) {
        AlignedLayer row;
        const QString name = QStringLiteral("layer%1").arg(rows.size());
        switch (c.unicode()) {
        case '=':
            row.change = LayerChange::Same;
            row.a = row.b = layerSide(a, name, 0, 100);
            break;
        case '~':
            row.change = LayerChange::Recompressed;
            row.a = layerSide(a, name, 0, 100);
            row.b = layerSide(b, name, 1, 100);
            break;
        case '-':
            row.change = LayerChange::OnlyA;
            row.a = layerSide(a, name, 0, 100);
            break;
        case '+':
            row.change = LayerChange::OnlyB;
            row.b = layerSide(b, name, 0, 100);
            break;
        default:
            qFatal("bad pattern character");
        }
        a += row.a ? 1 : 0;
        b += row.b ? 1 : 0;
        rows.append(row);
    }
    return rows;
}

/// WCAG's contrast ratio of two colours (1 to 21).
double contrast(const QColor &x, const QColor &y)
{
    const auto luminance = [](const QColor &color) {
        const auto channel = [](double value) {
            return value <= 0.03928 ? value / 12.92 : std::pow((value + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF());
    };
    const double a = luminance(x) + 0.05;
    const double b = luminance(y) + 0.05;
    return a > b ? a / b : b / a;
}

} // namespace

class TestCompareLayersModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void rows_data();
    void rows();
    void headersNameTheSides();
    void navigation_data();
    void navigation();
    void manyLayersTwice();
    void tintsAreReadable_data();
    void tintsAreReadable();

private:
    std::unique_ptr<Model> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestCompareLayersModel::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestCompareLayersModel::init()
{
    m_model = std::make_unique<Model>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void TestCompareLayersModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void TestCompareLayersModel::rows_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("change");
    QTest::addColumn<QString>("marker");
    QTest::addColumn<QString>("changeName");
    QTest::addColumn<QString>("word");
    QTest::addColumn<bool>("hasA");
    QTest::addColumn<bool>("hasB");

    QTest::addRow("same") << 0 << int(LayerChange::Same) << QStringLiteral("=")
                          << QStringLiteral("same") << QStringLiteral("Same") << true << true;
    QTest::addRow("recompressed") << 1 << int(LayerChange::Recompressed) << QStringLiteral("≈")
                                  << QStringLiteral("recompressed")
                                  << QStringLiteral("Recompressed") << true << true;
    QTest::addRow("only in A") << 2 << int(LayerChange::OnlyA) << QStringLiteral("−")
                               << QStringLiteral("onlyA") << QStringLiteral("Only in A") << true
                               << false;
    QTest::addRow("only in B") << 3 << int(LayerChange::OnlyB) << QStringLiteral("+")
                               << QStringLiteral("onlyB") << QStringLiteral("Only in B") << false
                               << true;
}

void TestCompareLayersModel::rows()
{
    QFETCH(int, row);
    QFETCH(int, change);
    QFETCH(QString, marker);
    QFETCH(QString, changeName);
    QFETCH(QString, word);
    QFETCH(bool, hasA);
    QFETCH(bool, hasB);

    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    const QList<AlignedLayer> layers = oneOfEach();
    m_model->setLayers(layers);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(m_model->rowCount(), 4);
    QCOMPARE(m_model->columnCount(), int(Model::ColumnCount));

    const AlignedLayer &expected = layers.at(row);
    const QModelIndex markerCell = m_model->index(row, Model::MarkerColumn);
    QCOMPARE(markerCell.data().toString(), marker);
    QCOMPARE(markerCell.data(Model::ChangeRole).toInt(), change);
    QCOMPARE(markerCell.data(Model::ChangeNameRole).toString(), changeName);
    QCOMPARE(markerCell.data(Model::SideRole).toInt(), -1);
    QVERIFY2(markerCell.data(Qt::ToolTipRole).toString().startsWith(word),
             qPrintable(markerCell.data(Qt::ToolTipRole).toString()));
    QCOMPARE(markerCell.data(Qt::AccessibleTextRole).toString(),
             Model::changeText(LayerChange(change)));
    // The tint is never the only sign, but it is there for every row that differs.
    QCOMPARE(markerCell.data(Qt::BackgroundRole).isValid(), change != int(LayerChange::Same));

    struct SideColumns
    {
        bool present;
        const std::optional<LayerSide> &layer;
        int digest;
        int size;
        int createdBy;
        int side;
    };
    for (const SideColumns &side : {SideColumns{hasA, expected.a, Model::DigestAColumn,
                                                Model::SizeAColumn, Model::CreatedByAColumn, 0},
                                    SideColumns{hasB, expected.b, Model::DigestBColumn,
                                                Model::SizeBColumn, Model::CreatedByBColumn, 1}}) {
        const QModelIndex digest = m_model->index(row, side.digest);
        const QModelIndex size = m_model->index(row, side.size);
        const QModelIndex createdBy = m_model->index(row, side.createdBy);
        QCOMPARE(digest.data(Model::SideRole).toInt(), side.side);
        QCOMPARE(digest.data(Model::ChangeNameRole).toString(), changeName);
        if (side.present) {
            const LayerSide &layer = *side.layer;
            QCOMPARE(digest.data().toString(), QStringLiteral("sha256:") + layer.digest.shortHex());
            QCOMPARE(digest.data(DigestRole).toString(), layer.digest.toString());
            QCOMPARE(createdBy.data(DigestRole).toString(), layer.digest.toString());
            QVERIFY(digest.data(Qt::ToolTipRole).toString().contains(layer.digest.toString()));
            QVERIFY(digest.data(Qt::ToolTipRole).toString().contains(layer.diffId.toString()));
            QCOMPARE(size.data().toString(),
                     QLocale().formattedDataSize(layer.size, 1, QLocale::DataSizeSIFormat));
            QCOMPARE(size.data(Model::SizeRole).toLongLong(), layer.size);
            QVERIFY(size.data(Qt::ToolTipRole).toString().contains(QLocale().toString(layer.size)));
            // The "#(nop)" prefix of classic builds is dropped; the tooltip keeps it all.
            QVERIFY(createdBy.data().toString().startsWith(QStringLiteral("ADD file:")));
            QCOMPARE(createdBy.data(Qt::ToolTipRole).toString(), layer.createdBy);
            QCOMPARE(createdBy.data(Model::CreatedByRole).toString(), layer.createdBy);
            QCOMPARE(digest.data(Model::DiffIdRole).toString(), layer.diffId.toString());
            QCOMPARE(digest.data(Model::LayerIndexRole).toInt(), layer.index);
            QVERIFY(!digest.data(Qt::ForegroundRole).isValid());
            QCOMPARE(digest.data(Qt::BackgroundRole).isValid(), change != int(LayerChange::Same));
        } else {
            QCOMPARE(digest.data().toString(), QStringLiteral("—"));
            QVERIFY(digest.data(Qt::ForegroundRole).isValid()); // muted
            QVERIFY(size.data().toString().isEmpty());
            QVERIFY(createdBy.data().toString().isEmpty());
            QVERIFY(digest.data(DigestRole).toString().isEmpty());
            QVERIFY(!size.data(Model::SizeRole).isValid());
            QCOMPARE(digest.data(Model::LayerIndexRole).toInt(), -1);
            QVERIFY(!digest.data(Qt::BackgroundRole).isValid());
            QCOMPARE(digest.data(Qt::AccessibleTextRole).toString(),
                     side.side == 0 ? QStringLiteral("not in A") : QStringLiteral("not in B"));
            QVERIFY(!digest.data(Qt::ToolTipRole).toString().isEmpty());
        }
    }

    // Ctrl+C on the marker copies the row's one digest; a recompressed row has two.
    const QString rowDigest = markerCell.data(DigestRole).toString();
    if (expected.change == LayerChange::Recompressed)
        QVERIFY(rowDigest.isEmpty());
    else
        QCOMPARE(rowDigest, (expected.a ? expected.a : expected.b)->digest.toString());
    QVERIFY(markerCell.data(ReferenceRole).toString().isEmpty());
}

void TestCompareLayersModel::headersNameTheSides()
{
    QSignalSpy headers(m_model.get(), &QAbstractItemModel::headerDataChanged);
    m_model->setSideNames(QStringLiteral("alpine:3.19"), QStringLiteral("alpine:3.20"));
    QCOMPARE(headers.count(), 1);
    const auto header = [this](int column, int role = Qt::DisplayRole) {
        return m_model->headerData(column, Qt::Horizontal, role).toString();
    };
    QCOMPARE(header(Model::DigestAColumn), QStringLiteral("A digest"));
    QCOMPARE(header(Model::SizeAColumn), QStringLiteral("A size"));
    QCOMPARE(header(Model::CreatedByAColumn), QStringLiteral("A created by"));
    QCOMPARE(header(Model::DigestBColumn), QStringLiteral("B digest"));
    QCOMPARE(header(Model::SizeBColumn), QStringLiteral("B size"));
    QCOMPARE(header(Model::CreatedByBColumn), QStringLiteral("B created by"));
    QVERIFY(header(Model::DigestAColumn, Qt::ToolTipRole).contains(QStringLiteral("alpine:3.19")));
    QVERIFY(header(Model::SizeBColumn, Qt::ToolTipRole).contains(QStringLiteral("alpine:3.20")));
    QVERIFY(header(Model::MarkerColumn, Qt::ToolTipRole).contains(QStringLiteral("recompressed")));
}

void TestCompareLayersModel::navigation_data()
{
    QTest::addColumn<QString>("rows");
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("next");
    QTest::addColumn<int>("previous");

    QTest::addRow("no rows") << QString() << -1 << -1 << -1;
    QTest::addRow("no differences") << QStringLiteral("===") << 0 << -1 << -1;
    QTest::addRow("no differences, no current row") << QStringLiteral("===") << -1 << -1 << -1;
    QTest::addRow("first row, no current row") << QStringLiteral("-==") << -1 << 0 << 0;
    QTest::addRow("first row is the only difference") << QStringLiteral("-==") << 0 << 0 << 0;
    QTest::addRow("first row, from the last") << QStringLiteral("-==") << 2 << 0 << 0;
    QTest::addRow("last row") << QStringLiteral("==+") << 0 << 2 << 2;
    QTest::addRow("last row, from it") << QStringLiteral("==+") << 2 << 2 << 2;
    QTest::addRow("wraps forward and back") << QStringLiteral("+=-") << 2 << 0 << 0;
    QTest::addRow("wraps back from the first") << QStringLiteral("+=-") << 0 << 2 << 2;
    QTest::addRow("between two") << QStringLiteral("=~=+=") << 2 << 3 << 1;
    QTest::addRow("on one of two") << QStringLiteral("=~=+=") << 1 << 3 << 3;
    QTest::addRow("past the end") << QStringLiteral("=~=+=") << 99 << 1 << 3;
    QTest::addRow("adjacent") << QStringLiteral("=-+~=") << 2 << 3 << 1;
}

void TestCompareLayersModel::navigation()
{
    QFETCH(QString, rows);
    QFETCH(int, from);
    QFETCH(int, next);
    QFETCH(int, previous);

    m_model->setLayers(pattern(rows));
    QCOMPARE(m_model->rowCount(), rows.size());
    QCOMPARE(m_model->nextDifference(from), next);
    QCOMPARE(m_model->previousDifference(from), previous);
    QCOMPARE(m_model->differenceCount(), int(rows.size() - rows.count(u'=')));
}

void TestCompareLayersModel::manyLayersTwice()
{
    // Two large images sharing their first 120 layers: the alignment then holds 120 same rows
    // and the other 80 of each side.
    const auto sides = [](int count, int shared, const QString &tag) {
        QList<LayerSide> layers;
        for (int i = 0; i < count; ++i) {
            const QString content = i < shared ? QStringLiteral("shared%1").arg(i)
                                               : QStringLiteral("%1-%2").arg(tag).arg(i);
            layers.append(layerSide(i, content, 0, 1000 + i));
        }
        return layers;
    };
    const QList<LayerSide> a = sides(200, 120, QStringLiteral("a"));
    const QList<LayerSide> b = sides(200, 120, QStringLiteral("b"));
    m_model->setLayers(alignLayers(a, b));
    QCOMPARE(m_model->rowCount(), 280);
    QCOMPARE(m_model->index(0, Model::MarkerColumn).data().toString(), QStringLiteral("="));
    QCOMPARE(m_model->index(0, Model::DigestAColumn).data(DigestRole).toString(),
             a.constFirst().digest.toString());
    QCOMPARE(m_model->index(279, Model::MarkerColumn).data(Model::ChangeNameRole).toString(),
             QStringLiteral("onlyB"));
    QCOMPARE(m_model->index(279, Model::DigestBColumn).data(DigestRole).toString(),
             b.constLast().digest.toString());
    QCOMPARE(m_model->differenceCount(), 160);
    QCOMPARE(m_model->nextDifference(-1), 120);
    QCOMPARE(m_model->previousDifference(-1), 279);

    // Set again with other images: nothing of the first set is left.
    const QList<LayerSide> c = sides(200, 200, QStringLiteral("c"));
    const QList<LayerSide> d = sides(150, 150, QStringLiteral("d"));
    m_model->setLayers(alignLayers(c, d));
    QCOMPARE(m_model->rowCount(), 200);
    QCOMPARE(m_model->index(0, Model::MarkerColumn).data(Model::ChangeNameRole).toString(),
             QStringLiteral("same"));
    QCOMPARE(m_model->index(199, Model::MarkerColumn).data(Model::ChangeNameRole).toString(),
             QStringLiteral("onlyA"));
    QCOMPARE(m_model->index(199, Model::DigestAColumn).data(DigestRole).toString(),
             c.constLast().digest.toString());
    QCOMPARE(m_model->index(199, Model::DigestBColumn).data().toString(), QStringLiteral("—"));
    QCOMPARE(m_model->differenceCount(), 50);

    m_model->clear();
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->nextDifference(-1), -1);
}

void TestCompareLayersModel::tintsAreReadable_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::addRow("light") << QApplication::style()->standardPalette();
    QTest::addRow("dark") << TestPalette::dark();
}

void TestCompareLayersModel::tintsAreReadable()
{
    QFETCH(QPalette, palette);
    const QPalette previous = QGuiApplication::palette();
    QApplication::setPalette(palette);
    m_model->setLayers(oneOfEach());
    const QColor text = palette.color(QPalette::Text);
    const QColor base = palette.color(QPalette::Base);
    QList<QColor> tints;
    for (int row = 1; row < 4; ++row) {
        for (int column :
             {int(Model::MarkerColumn), int(Model::DigestAColumn), int(Model::DigestBColumn)}) {
            const QVariant background = m_model->index(row, column).data(Qt::BackgroundRole);
            if (!background.isValid())
                continue;
            const QColor tint = background.value<QColor>();
            QVERIFY2(contrast(text, tint) >= 4.5,
                     qPrintable(QStringLiteral("row %1: text %2 on %3: %4")
                                    .arg(row)
                                    .arg(text.name(), tint.name())
                                    .arg(contrast(text, tint))));
            // Visible against the base, not a shade no one notices.
            QVERIFY2(contrast(base, tint) >= 1.2, qPrintable(tint.name()));
            if (column == Model::MarkerColumn)
                tints.append(tint);
        }
    }
    // Recompressed, only in A and only in B each have their own tint.
    QCOMPARE(tints.size(), 3);
    QVERIFY(tints.at(0) != tints.at(1) && tints.at(1) != tints.at(2) && tints.at(0) != tints.at(2));
    // The muted dash of a missing side is still legible.
    const QColor muted
        = m_model->index(2, Model::DigestBColumn).data(Qt::ForegroundRole).value<QColor>();
    QVERIFY2(contrast(muted, base) >= 3.0, qPrintable(muted.name()));
    QApplication::setPalette(previous);
}

QTEST_MAIN(TestCompareLayersModel)
#include "tst_comparelayersmodel.moc"
