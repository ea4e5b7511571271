// RegistryPane offscreen: the list, the buttons, programmatic and user selection, removal
// with its confirmation. Only loopback addresses are contacted (a closed port).

#include "registries/clientpool.h"
#include "registries/registrylistmodel.h"
#include "registries/registrypane.h"
#include "registries/registrystore.h"
#include "registrytestsupport.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Layerscope;
using ConnectionState = ClientPool::ConnectionState;

class TestRegistryPane : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void listsDockerHubAndSaved();
    void selectRegistryDoesNotEmit();
    void keyboardSelectionEmitsAndConnects();
    void ensureRegistry();
    void removeAfterConfirmation_data();
    void removeAfterConfirmation();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<RegistryStore> m_store;
    std::unique_ptr<ClientPool> m_pool;
    std::unique_ptr<RegistryPane> m_pane;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestRegistryPane::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")),
                                             QSettings::IniFormat);
    m_store = std::make_unique<RegistryStore>(m_settings.get());
    m_store->setSavedRegistries({makeEntry(QStringLiteral("ghcr.io"), QStringLiteral("GitHub"))});
    m_pool = std::make_unique<ClientPool>();
    m_pane = std::make_unique<RegistryPane>(m_store.get(), m_pool.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_pane->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_pane->resize(260, 400);
    m_pane->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_pane.get()));
}

void TestRegistryPane::cleanup()
{
    m_tester.reset();
    m_pane.reset();
    m_pool.reset();
    m_store.reset();
    m_settings.reset();
    m_dir.reset();
}

void TestRegistryPane::listsDockerHubAndSaved()
{
    QAbstractItemView *view = m_pane->view();
    QCOMPARE(view->objectName(), QStringLiteral("registryView"));
    QCOMPARE(view->model()->rowCount(), 2);
    QCOMPARE(view->model()->index(0, 0).data().toString(), QStringLiteral("Docker Hub"));
    QCOMPARE(view->model()->index(1, 0).data().toString(), QStringLiteral("GitHub"));
    QVERIFY(m_pane->findChild<QToolButton *>(QStringLiteral("addRegistryButton")));
    auto *remove = m_pane->findChild<QToolButton *>(QStringLiteral("removeRegistryButton"));
    QVERIFY(remove);
    QVERIFY(m_pane->selectRegistry(QStringLiteral("docker.io")));
    QVERIFY(!remove->isEnabled());
    QVERIFY(m_pane->selectRegistry(QStringLiteral("ghcr.io")));
    QVERIFY(remove->isEnabled());
    // The delegate makes two lines of text: taller than one line of the font.
    const QSize hint = view->sizeHintForIndex(view->model()->index(0, 0));
    QVERIFY(hint.height() > 2 * view->fontMetrics().height());
}

void TestRegistryPane::selectRegistryDoesNotEmit()
{
    QSignalSpy selected(m_pane.get(), &RegistryPane::registrySelected);
    QVERIFY(m_pane->selectRegistry(QStringLiteral("ghcr.io")));
    QCOMPARE(m_pane->currentHost(), QStringLiteral("ghcr.io"));
    QVERIFY(!m_pane->selectRegistry(QStringLiteral("nowhere.example")));
    QCOMPARE(m_pane->currentHost(), QStringLiteral("ghcr.io"));
    QVERIFY(selected.isEmpty());
    // Nor is a registry pinged because the program chose it.
    QCOMPARE(m_pool->state(QStringLiteral("ghcr.io")), ConnectionState::Unknown);
}

void TestRegistryPane::keyboardSelectionEmitsAndConnects()
{
    const QString closed = QStringLiteral("127.0.0.1:9");
    m_pane->ensureRegistry(makeEntry(closed, QStringLiteral("Closed port")), false);
    QVERIFY(m_pane->selectRegistry(QStringLiteral("ghcr.io")));
    QSignalSpy selected(m_pane.get(), &RegistryPane::registrySelected);
    m_pane->view()->setFocus();
    QTest::keyClick(m_pane->view(), Qt::Key_Down);
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().first().toString(), closed);
    QCOMPARE(m_pane->currentHost(), closed);
    // Chosen for the first time: pinged; nothing listens there, so it ends in Error.
    QVERIFY(m_pool->state(closed) == ConnectionState::Connecting
            || m_pool->state(closed) == ConnectionState::Error);
    QTRY_COMPARE_WITH_TIMEOUT(m_pool->state(closed), ConnectionState::Error, 30000);
    const QModelIndex row = m_pane->model()->indexOfHost(closed);
    QVERIFY(row.data(RegistryListModel::StateTextRole).toString().startsWith(u"Error: "));
}

void TestRegistryPane::ensureRegistry()
{
    m_pane->ensureRegistry(makeEntry(QStringLiteral("127.0.0.1:5000"), QStringLiteral("Demo")),
                           false);
    QCOMPARE(m_pane->model()->rowCount(), 3);
    // Already listed: nothing changes, not even the name.
    m_pane->ensureRegistry(makeEntry(QStringLiteral("ghcr.io"), QStringLiteral("Other")), true);
    QCOMPARE(m_pane->model()->rowCount(), 3);
    QCOMPARE(m_pane->model()->indexOfHost(QStringLiteral("ghcr.io")).data().toString(),
             QStringLiteral("GitHub"));
    QCOMPARE(m_store->savedRegistries().size(), 1);
}

void TestRegistryPane::removeAfterConfirmation_data()
{
    QTest::addColumn<bool>("confirm");
    QTest::addRow("yes") << true;
    QTest::addRow("cancel") << false;
}

void TestRegistryPane::removeAfterConfirmation()
{
    QFETCH(bool, confirm);
    QVERIFY(m_pane->selectRegistry(QStringLiteral("ghcr.io")));
    m_pane->removeCurrentRegistry();
    auto *box = m_pane->findChild<QMessageBox *>(QStringLiteral("removeRegistryConfirmation"));
    QVERIFY(box);
    QVERIFY(box->text().contains(u"GitHub"));
    box->button(confirm ? QMessageBox::Yes : QMessageBox::Cancel)->click();
    QCOMPARE(m_pane->model()->indexOfHost(QStringLiteral("ghcr.io")).isValid(), !confirm);
    QCOMPARE(m_store->savedRegistries().isEmpty(), confirm);

    // Docker Hub is never offered for removal.
    QVERIFY(m_pane->selectRegistry(QStringLiteral("docker.io")));
    QTRY_VERIFY(!m_pane->findChild<QMessageBox *>(QStringLiteral("removeRegistryConfirmation")));
    m_pane->removeCurrentRegistry();
    QVERIFY(!m_pane->findChild<QMessageBox *>(QStringLiteral("removeRegistryConfirmation")));
    QCOMPARE(m_pane->model()->index(0, 0).data(RegistryListModel::HostRole).toString(),
             QStringLiteral("docker.io"));
}

QTEST_MAIN(TestRegistryPane)
#include "tst_registrypane.moc"
