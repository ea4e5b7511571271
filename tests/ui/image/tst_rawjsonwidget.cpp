// RawJsonWidget: re-indenting keeps every key, string and escape as the registry wrote it,
// and the widget shows the digest of the exact bytes and copies them.

#include "image/rawjsonwidget.h"

#include "testdata.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QTest>

using namespace Layerscope;

class TestRawJsonWidget : public QObject
{
    Q_OBJECT

private slots:
    void prettyPrintKeepsTheDocument_data();
    void prettyPrintKeepsTheDocument();
    void prettyPrintLayout_data();
    void prettyPrintLayout();
    void showsDigestAndCopiesRawBytes();
};

void TestRawJsonWidget::prettyPrintKeepsTheDocument_data()
{
    QTest::addColumn<QString>("file");
    for (const char *file :
         {"manifests/imagespec_dockerhub/docker_manifest_list_0.json",
          "manifests/imagespec_dockerhub/docker_library_docker_manifest_v2_0.json",
          "manifests/imagespec_dockerhub/docker_config_0.json",
          "manifests/imagespec_dockerhub/docker_config_1.json",
          "manifests/containers_image/oci1.index.everything.json",
          "manifests/containers_image/v2s1.manifest.json",
          "manifests/containers_image/v2s2.manifest.json",
          "manifests/registry282_accepted/"
          "08275969285ac26727d3241b2db4c01b81f60e68191885007ce1603683cf8e64.json"})
        QTest::addRow("%s", file) << QString::fromLatin1(file);
}

void TestRawJsonWidget::prettyPrintKeepsTheDocument()
{
    QFETCH(QString, file);
    const QByteArray raw = TestData::read(file);
    const QString pretty = RawJsonWidget::prettyPrint(raw);
    // The same JSON …
    QJsonParseError error;
    const QJsonDocument reparsed = QJsonDocument::fromJson(pretty.toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(reparsed, QJsonDocument::fromJson(raw));
    // … with nothing but white space changed (key order and escapes included).
    const auto withoutSpace = [](const QString &text) {
        QString result;
        bool inString = false;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (inString && c == u'\\') {
                result += c;
                result += text.at(++i);
                continue;
            }
            if (c == u'"')
                inString = !inString;
            if (inString || !c.isSpace())
                result += c;
        }
        return result;
    };
    QCOMPARE(withoutSpace(pretty), withoutSpace(QString::fromUtf8(raw)));
}

void TestRawJsonWidget::prettyPrintLayout_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("pretty");
    QTest::addRow("object") << QByteArray(R"({"b":1,"a":[2,3]})")
                            << QStringLiteral(
                                   "{\n  \"b\": 1,\n  \"a\": [\n    2,\n    3\n  ]\n}\n");
    QTest::addRow("empty containers stay on one line")
        << QByteArray(R"({"config":{},"layers":[ ]})")
        << QStringLiteral("{\n  \"config\": {},\n  \"layers\": []\n}\n");
    QTest::addRow("escapes kept") << QByteArray(R"({"cmd":"a \u0026 b, \"c\": {d}"})")
                                  << QStringLiteral(
                                         "{\n  \"cmd\": \"a \\u0026 b, \\\"c\\\": {d}\"\n}\n");
    QTest::addRow("not json is left alone")
        << QByteArray("not { json") << QStringLiteral("not { json");
}

void TestRawJsonWidget::prettyPrintLayout()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, pretty);
    QCOMPARE(RawJsonWidget::prettyPrint(raw), pretty);
}

void TestRawJsonWidget::showsDigestAndCopiesRawBytes()
{
    RawJsonWidget widget;
    const QByteArray index = TestData::read(
        QStringLiteral("manifests/imagespec_dockerhub/docker_manifest_list_0.json"));
    const QByteArray config
        = TestData::read(QStringLiteral("manifests/imagespec_dockerhub/docker_config_0.json"));
    widget.setDocuments(
        {{QStringLiteral("Index"), index, Digest::compute(index), QStringLiteral("by test")},
         {QStringLiteral("Config"), config, Digest::compute(config), QString()}});
    QCOMPARE(widget.currentDocument(), 0);
    QVERIFY2(widget.digestLine().startsWith(
                 u"sha256:4ffd0883f25635999f04ea543240a27c9a4341979ff7d46a9774f71512eebb1f — "),
             qPrintable(widget.digestLine()));
    QVERIFY(widget.digestLine().contains(QString::number(index.size())));
    QVERIFY(widget.digestLine().contains(u"verified: by test"));
    QCOMPARE(widget.text(), RawJsonWidget::prettyPrint(index));

    auto *combo = widget.findChild<QComboBox *>(QStringLiteral("rawDocumentCombo"));
    QVERIFY(combo);
    QCOMPARE(combo->count(), 2);
    combo->setCurrentIndex(1);
    QVERIFY(widget.digestLine().startsWith(
        u"sha256:a059ea7356d5b5a9e0f6352bfa463e7bd4721c2ade3ef168603826e0de6fe54b"));

    auto *copy = widget.findChild<QPushButton *>(QStringLiteral("copyRawButton"));
    QVERIFY(copy);
    QVERIFY(copy->isEnabled());
    copy->click();
    QCOMPARE(QApplication::clipboard()->text().toUtf8(), config);

    widget.clear();
    QVERIFY(!copy->isEnabled());
    QVERIFY(widget.text().isEmpty());
}

QTEST_MAIN(TestRawJsonWidget)
#include "tst_rawjsonwidget.moc"
