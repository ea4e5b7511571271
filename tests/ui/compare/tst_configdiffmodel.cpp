#include "common/roles.h"
#include "compare/configdiffmodel.h"
#include "comparesamples.h"
#include "values/imagediff.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Layerscope;
using Model = ConfigDiffModel;

Q_DECLARE_METATYPE(std::optional<QString>)

class TestConfigDiffModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void rows_data();
    void rows();
    void fromTwoConfigs();
    void emptyList();

private:
    std::unique_ptr<Model> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestConfigDiffModel::init()
{
    m_model = std::make_unique<Model>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void TestConfigDiffModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void TestConfigDiffModel::rows_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("key");
    QTest::addColumn<std::optional<QString>>("a");
    QTest::addColumn<std::optional<QString>>("b");
    QTest::addColumn<QString>("fieldName");
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("shownA");
    QTest::addColumn<QString>("shownB");

    const std::optional<QString> none;
    const auto value = [](const char *text) {
        return std::optional<QString>(QString::fromUtf8(text));
    };
    QTest::addRow("env added") << QStringLiteral("env") << QStringLiteral("FEATURE_FLAGS") << none
                               << value("checkout-v2") << QStringLiteral("Environment")
                               << QStringLiteral("added") << QStringLiteral("—")
                               << QStringLiteral("checkout-v2");
    QTest::addRow("env removed") << QStringLiteral("env") << QStringLiteral("APP_ENV")
                                 << value("production") << none << QStringLiteral("Environment")
                                 << QStringLiteral("removed") << QStringLiteral("production")
                                 << QStringLiteral("—");
    QTest::addRow("env changed") << QStringLiteral("env") << QStringLiteral("PYTHON_VERSION")
                                 << value("3.12.2") << value("3.12.4")
                                 << QStringLiteral("Environment") << QStringLiteral("changed")
                                 << QStringLiteral("3.12.2") << QStringLiteral("3.12.4");
    QTest::addRow("env set to nothing")
        << QStringLiteral("env") << QStringLiteral("DEBUG") << value("") << none
        << QStringLiteral("Environment") << QStringLiteral("removed") << QStringLiteral("(empty)")
        << QStringLiteral("—");
    QTest::addRow("label changed")
        << QStringLiteral("labels") << QStringLiteral("org.opencontainers.image.version")
        << value("1.4.2") << value("1.5.0") << QStringLiteral("Label") << QStringLiteral("changed")
        << QStringLiteral("1.4.2") << QStringLiteral("1.5.0");
    QTest::addRow("entrypoint added")
        << QStringLiteral("entrypoint") << QString() << none << value(R"(["tini","--"])")
        << QStringLiteral("Entrypoint") << QStringLiteral("added") << QStringLiteral("—")
        << QStringLiteral(R"(["tini","--"])");
    QTest::addRow("cmd changed") << QStringLiteral("cmd") << QString() << value(R"(["sh"])")
                                 << value(R"(["bash","-l"])") << QStringLiteral("Cmd")
                                 << QStringLiteral("changed") << QStringLiteral(R"(["sh"])")
                                 << QStringLiteral(R"(["bash","-l"])");
    QTest::addRow("working dir changed")
        << QStringLiteral("workingDir") << QString() << value("/srv/app") << value("/app")
        << QStringLiteral("Working dir") << QStringLiteral("changed") << QStringLiteral("/srv/app")
        << QStringLiteral("/app");
    QTest::addRow("user removed") << QStringLiteral("user") << QString() << value("app") << none
                                  << QStringLiteral("User") << QStringLiteral("removed")
                                  << QStringLiteral("app") << QStringLiteral("—");
    QTest::addRow("port added") << QStringLiteral("exposedPorts") << QStringLiteral("9102/tcp")
                                << none << value("") << QStringLiteral("Exposed port")
                                << QStringLiteral("added") << QStringLiteral("—")
                                << QStringLiteral("exposed");
    QTest::addRow("volume removed")
        << QStringLiteral("volumes") << QStringLiteral("/data") << value("") << none
        << QStringLiteral("Volume") << QStringLiteral("removed") << QStringLiteral("declared")
        << QStringLiteral("—");
    QTest::addRow("os changed") << QStringLiteral("os") << QString() << value("linux")
                                << value("windows") << QStringLiteral("OS")
                                << QStringLiteral("changed") << QStringLiteral("linux")
                                << QStringLiteral("windows");
    QTest::addRow("architecture changed")
        << QStringLiteral("architecture") << QString() << value("amd64") << value("arm64")
        << QStringLiteral("Architecture") << QStringLiteral("changed") << QStringLiteral("amd64")
        << QStringLiteral("arm64");
    QTest::addRow("variant added") << QStringLiteral("variant") << QString() << none << value("v8")
                                   << QStringLiteral("Variant") << QStringLiteral("added")
                                   << QStringLiteral("—") << QStringLiteral("v8");
}

void TestConfigDiffModel::rows()
{
    QFETCH(QString, field);
    QFETCH(QString, key);
    QFETCH(std::optional<QString>, a);
    QFETCH(std::optional<QString>, b);
    QFETCH(QString, fieldName);
    QFETCH(QString, change);
    QFETCH(QString, shownA);
    QFETCH(QString, shownB);

    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    const ConfigDifference difference{field, key, a, b};
    m_model->setDifferences({difference});
    QCOMPARE(reset.count(), 1);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->columnCount(), int(Model::ColumnCount));
    QCOMPARE(m_model->differences(), QList<ConfigDifference>{difference});

    const auto cell = [this](int column, int role = Qt::DisplayRole) {
        return m_model->index(0, column).data(role);
    };
    QCOMPARE(cell(Model::FieldColumn).toString(), fieldName);
    QCOMPARE(cell(Model::KeyColumn).toString(), key);
    QCOMPARE(cell(Model::AColumn).toString(), shownA);
    QCOMPARE(cell(Model::BColumn).toString(), shownB);
    QVERIFY2(cell(Model::ChangeColumn).toString().endsWith(change),
             qPrintable(cell(Model::ChangeColumn).toString()));
    QCOMPARE(cell(Model::KeyColumn, Model::ChangeNameRole).toString(), change);
    QCOMPARE(cell(Model::FieldColumn, Model::FieldRole).toString(), field);
    QCOMPARE(cell(Model::FieldColumn, Model::KeyRole).toString(), key);
    QCOMPARE(Model::changeName(Model::Change(cell(Model::AColumn, Model::ChangeRole).toInt())),
             change);
    QCOMPARE(cell(Model::AColumn, Model::ValueARole).isValid(), a.has_value());
    QCOMPARE(cell(Model::AColumn, Model::ValueBRole).isValid(), b.has_value());
    if (a)
        QCOMPARE(cell(Model::AColumn, Model::ValueARole).toString(), *a);
    if (b)
        QCOMPARE(cell(Model::BColumn, Model::ValueBRole).toString(), *b);

    // The change is tinted, and so is each side that has a value; the other side is muted.
    QVERIFY(cell(Model::ChangeColumn, Qt::BackgroundRole).isValid());
    QCOMPARE(cell(Model::AColumn, Qt::BackgroundRole).isValid(), a.has_value());
    QCOMPARE(cell(Model::BColumn, Qt::BackgroundRole).isValid(), b.has_value());
    QCOMPARE(cell(Model::AColumn, Qt::ForegroundRole).isValid(),
             !a || (a->isEmpty() && shownA == QStringLiteral("(empty)")));
    QCOMPARE(cell(Model::BColumn, Qt::AccessibleTextRole).toString(),
             b ? shownB : QStringLiteral("not set in B"));
    QVERIFY(!cell(Model::ChangeColumn, Qt::ToolTipRole).toString().isEmpty());
    QVERIFY(cell(Model::AColumn, DigestRole).toString().isEmpty());
}

void TestConfigDiffModel::fromTwoConfigs()
{
    const CompareSide a = CompareSamples::sampleSideA();
    const CompareSide b = CompareSamples::sampleSideB();
    const QList<ConfigDifference> differences
        = diffConfigs(*a.images.constFirst().config, *b.images.constFirst().config);
    m_model->setDifferences(differences);
    QCOMPARE(m_model->rowCount(), differences.size());

    QStringList rows;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        QStringList cells;
        for (int column = 0; column < Model::ColumnCount; ++column)
            cells.append(m_model->index(row, column).data().toString());
        rows.append(cells.join(QStringLiteral(" | ")));
    }
    const QStringList expected{
        QStringLiteral("≠ changed | Environment | PYTHON_VERSION | 3.12.2 | 3.12.4"),
        QStringLiteral("− removed | Environment | APP_ENV | production | —"),
        QStringLiteral("≠ changed | Environment | GUNICORN_WORKERS | 4 | 8"),
        QStringLiteral("+ added | Environment | FEATURE_FLAGS | — | checkout-v2,search-v3"),
        QStringLiteral("− removed | Label | maintainer | Shop Team <shop@example.com> | —"),
        QStringLiteral("+ added | Label | org.opencontainers.image.revision | — | 9f2c1e7"),
        QStringLiteral("≠ changed | Label | org.opencontainers.image.version | 1.4.2 | 1.5.0"),
        QStringLiteral(R"(≠ changed | Cmd |  | ["gunicorn","--bind","0.0.0.0:8000","shop.wsgi"] | )"
                       R"(["gunicorn","--bind","0.0.0.0:8000","--workers","8","shop.wsgi"])"),
        QStringLiteral("≠ changed | Working dir |  | /srv/app | /app"),
        QStringLiteral("≠ changed | User |  | app | 10001"),
        QStringLiteral("+ added | Exposed port | 9102/tcp | — | exposed"),
        QStringLiteral("− removed | Volume | /srv/app/media | declared | —"),
    };
    QCOMPARE(rows, expected);
}

void TestConfigDiffModel::emptyList()
{
    m_model->setDifferences(
        {ConfigDifference{QStringLiteral("user"), {}, QStringLiteral("a"), QStringLiteral("b")}});
    QCOMPARE(m_model->rowCount(), 1);
    m_model->setDifferences({});
    QCOMPARE(m_model->rowCount(), 0);
    m_model->clear();
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(m_model->differences().isEmpty());
    // The headers are there for an empty table too.
    QCOMPARE(m_model->headerData(Model::AColumn, Qt::Horizontal).toString(), QStringLiteral("A"));
    QCOMPARE(m_model->headerData(Model::BColumn, Qt::Horizontal).toString(), QStringLiteral("B"));
    QCOMPARE(m_model->headerData(Model::FieldColumn, Qt::Horizontal).toString(),
             QStringLiteral("Field"));
}

QTEST_MAIN(TestConfigDiffModel)
#include "tst_configdiffmodel.moc"
