// AddRegistryDialog: which hosts it accepts, how it cleans what people paste, and that OK
// follows the validation.

#include "registries/addregistrydialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

using namespace Layerscope;

class TestAddRegistryDialog : public QObject
{
    Q_OBJECT

private slots:
    void hosts_data();
    void hosts();
    void entry();
    void insecureWarning();
};

void TestAddRegistryDialog::hosts_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("host"); // empty: refused
    QTest::addRow("ghcr.io") << QStringLiteral("ghcr.io") << QStringLiteral("ghcr.io");
    QTest::addRow("localhost:5000")
        << QStringLiteral("localhost:5000") << QStringLiteral("localhost:5000");
    QTest::addRow("pasted https URL")
        << QStringLiteral("https://quay.io/") << QStringLiteral("quay.io");
    QTest::addRow("ipv4 with port")
        << QStringLiteral("127.0.0.1:5000") << QStringLiteral("127.0.0.1:5000");
    QTest::addRow("ipv6 with port") << QStringLiteral("[::1]:5000") << QStringLiteral("[::1]:5000");
    QTest::addRow("upper case") << QStringLiteral("Registry.Example.COM")
                                << QStringLiteral("registry.example.com");
    QTest::addRow("spaces and http") << QStringLiteral("  http://registry.local:8080//  ")
                                     << QStringLiteral("registry.local:8080");
    QTest::addRow("API URL") << QStringLiteral("https://registry.example.com/v2/")
                             << QStringLiteral("registry.example.com");
    QTest::addRow("single label") << QStringLiteral("registry") << QStringLiteral("registry");
    QTest::addRow("empty") << QString() << QString();
    QTest::addRow("only a scheme") << QStringLiteral("https://") << QString();
    QTest::addRow("path") << QStringLiteral("ghcr.io/org/app") << QString();
    QTest::addRow("user info") << QStringLiteral("alice:secret@ghcr.io") << QString();
    QTest::addRow("space inside") << QStringLiteral("my registry.io") << QString();
    QTest::addRow("underscore") << QStringLiteral("my_registry.io") << QString();
    QTest::addRow("leading dash") << QStringLiteral("-bad.example") << QString();
    QTest::addRow("port not a number") << QStringLiteral("ghcr.io:http") << QString();
    QTest::addRow("port zero") << QStringLiteral("ghcr.io:0") << QString();
    QTest::addRow("port too big") << QStringLiteral("ghcr.io:70000") << QString();
    QTest::addRow("query") << QStringLiteral("ghcr.io?x=1") << QString();
    QTest::addRow("docker hub") << QStringLiteral("docker.io") << QString();
    QTest::addRow("docker hub's API host")
        << QStringLiteral("https://registry-1.docker.io/") << QString();
}

void TestAddRegistryDialog::hosts()
{
    QFETCH(QString, typed);
    QFETCH(QString, host);
    QString problem;
    QCOMPARE(AddRegistryDialog::normalizedHost(typed, &problem), host);
    // A refusal says why, unless nothing (or nothing but a scheme) was typed.
    const bool nothingTyped = typed.isEmpty() || typed == u"https://";
    QCOMPARE(problem.isEmpty(), !host.isEmpty() || nothingTyped);

    AddRegistryDialog dialog;
    auto *edit = dialog.findChild<QLineEdit *>(QStringLiteral("hostEdit"));
    auto *buttons = dialog.findChild<QDialogButtonBox *>(QStringLiteral("buttons"));
    auto *message = dialog.findChild<QLabel *>(QStringLiteral("validationMessage"));
    QVERIFY(edit && buttons && message);
    QVERIFY(!buttons->button(QDialogButtonBox::Ok)->isEnabled());
    edit->setText(typed);
    QCOMPARE(buttons->button(QDialogButtonBox::Ok)->isEnabled(), !host.isEmpty());
    QCOMPARE(message->text(), problem);
    QCOMPARE(dialog.entry().host, host);
}

void TestAddRegistryDialog::entry()
{
    AddRegistryDialog dialog;
    dialog.findChild<QLineEdit *>(QStringLiteral("hostEdit"))
        ->setText(QStringLiteral("https://Quay.io/"));
    dialog.findChild<QLineEdit *>(QStringLiteral("displayNameEdit"))
        ->setText(QStringLiteral("  Red Hat Quay "));
    dialog.findChild<QCheckBox *>(QStringLiteral("insecureCheck"))->setChecked(true);
    const RegistryEntry entry = dialog.entry();
    QCOMPARE(entry.host, QStringLiteral("quay.io"));
    QCOMPARE(entry.displayName, QStringLiteral("Red Hat Quay"));
    QCOMPARE(entry.insecure, true);
    QCOMPARE(entry.label(), QStringLiteral("Red Hat Quay"));

    RegistryEntry edited;
    edited.host = QStringLiteral("ghcr.io");
    dialog.setEntry(edited);
    QCOMPARE(dialog.entry(), edited);
    QCOMPARE(dialog.entry().label(), QStringLiteral("ghcr.io"));
}

void TestAddRegistryDialog::insecureWarning()
{
    AddRegistryDialog dialog;
    auto *check = dialog.findChild<QCheckBox *>(QStringLiteral("insecureCheck"));
    auto *warning = dialog.findChild<QLabel *>(QStringLiteral("insecureWarning"));
    QVERIFY(check && warning);
    QCOMPARE(check->text(), QStringLiteral("&Insecure (plain HTTP or unverified TLS)"));
    QVERIFY(!warning->isVisibleTo(&dialog));
    check->setChecked(true);
    QVERIFY(warning->isVisibleTo(&dialog));
    QVERIFY(!warning->text().isEmpty());
    check->setChecked(false);
    QVERIFY(!warning->isVisibleTo(&dialog));
}

QTEST_MAIN(TestAddRegistryDialog)
#include "tst_addregistrydialog.moc"
