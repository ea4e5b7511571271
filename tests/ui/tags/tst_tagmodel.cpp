#include "common/roles.h"
#include "tags/naturalsort.h"
#include "tags/tagfilterproxy.h"
#include "tags/tagmodel.h"

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace Layerscope;

namespace {

const QString Registry = QStringLiteral("127.0.0.1:5000");
const QString Repository = QStringLiteral("fixtures/docker-app");

Digest digestOf(const char *seed)
{
    return Digest::compute(QByteArray(seed));
}

QDateTime utc(int year, int month, int day)
{
    return QDateTime(QDate(year, month, day), QTime(12, 0), Qt::UTC);
}

TagInfo resolvedTag(const QString &tag, const Digest &digest, QStringList platforms = {},
                    qint64 size = -1, QDateTime created = {})
{
    TagInfo info;
    info.tag = tag;
    info.digest = digest;
    info.mediaType = QStringLiteral("application/vnd.docker.distribution.manifest.v2+json");
    info.platforms = std::move(platforms);
    info.compressedSize = size;
    info.created = std::move(created);
    info.resolved = true;
    return info;
}

const QString SignatureTag = QStringLiteral("sha256-") + QString(64, u'a') + QStringLiteral(".sig");

/**
 * A repository of every kind of row: three tags of one image, single images, a pending tag,
 * a failed one, signature / attestation / SBOM tags, and an image without creation time.
 */
QList<TagInfo> sampleTags()
{
    const QStringList amd64{QStringLiteral("linux/amd64")};
    const QStringList four{QStringLiteral("linux/amd64"), QStringLiteral("linux/arm64/v8"),
                           QStringLiteral("linux/arm/v7"), QStringLiteral("linux/ppc64le")};
    QList<TagInfo> tags;
    tags << resolvedTag(QStringLiteral("1.0"), digestOf("a"), amd64, 3000, utc(2024, 1, 2))
         << resolvedTag(QStringLiteral("latest"), digestOf("a"), amd64, 3000, utc(2024, 1, 2))
         << resolvedTag(QStringLiteral("0.9"), digestOf("b"), amd64, 2000, utc(2023, 6, 1))
         << resolvedTag(QStringLiteral("1.10"), digestOf("c"), four, 5000, utc(2024, 3, 1))
         << resolvedTag(QStringLiteral("1"), digestOf("a"), amd64, 3000, utc(2024, 1, 2))
         << resolvedTag(QStringLiteral("1.9"), digestOf("d"),
                        {QStringLiteral("linux/amd64"), QStringLiteral("linux/arm64/v8")}, 100,
                        utc(2023, 12, 1));
    TagInfo pending;
    pending.tag = QStringLiteral("2.0-rc1");
    tags << pending;
    TagInfo failed;
    failed.tag = QStringLiteral("broken");
    failed.resolved = true;
    failed.error
        = RegistryError(RegistryError::Category::NotFound, QStringLiteral("manifest unknown"))
              .setHttpStatus(404);
    tags << failed;
    tags << resolvedTag(SignatureTag, digestOf("e"), {}, 10)
         << resolvedTag(QStringLiteral("v1.att"), digestOf("e"), {}, 10)
         << resolvedTag(QStringLiteral("1.0.sbom"), digestOf("f"), {}, 20)
         << resolvedTag(QStringLiteral("nodate"), digestOf("g"), amd64, -1);
    return tags;
}

QStringList proxyTags(const QAbstractItemModel &proxy)
{
    QStringList tags;
    for (int row = 0; row < proxy.rowCount(); ++row)
        tags << proxy.index(row, TagModel::TagColumn).data(NameRole).toString();
    return tags;
}

QStringList naturallySorted(QStringList tags)
{
    std::sort(tags.begin(), tags.end(),
              [](const QString &a, const QString &b) { return naturalCompare(a, b) < 0; });
    return tags;
}

} // namespace

class TestTagModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void rowsAndCounts();
    void columnsAndHeaders();
    void sameImage_data();
    void sameImage();
    void groups();
    void states_data();
    void states();
    void display_data();
    void display();
    void failedTag();
    void reference_data();
    void reference();
    void signatureTags_data();
    void signatureTags();
    void largeGroupIsShortened();
    void replacingAndClearing();
    void sorting_data();
    void sorting();
    void digestSortKeepsGroupsTogether_data();
    void digestSortKeepsGroupsTogether();
    void filtering_data();
    void filtering();
    void filterFollowsNewResults();

private:
    std::unique_ptr<TagModel> m_model;
    std::unique_ptr<TagFilterProxy> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
};

void TestTagModel::init()
{
    m_model = std::make_unique<TagModel>();
    m_proxy = std::make_unique<TagFilterProxy>();
    m_modelTester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_proxy->setSourceModel(m_model.get());
    m_proxyTester = std::make_unique<QAbstractItemModelTester>(
        m_proxy.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void TestTagModel::cleanup()
{
    m_proxyTester.reset();
    m_modelTester.reset();
    m_proxy.reset();
    m_model.reset();
}

void TestTagModel::rowsAndCounts()
{
    QSignalSpy listed(m_model.get(), &TagModel::tagsListed);
    QSignalSpy progress(m_model.get(), &TagModel::progressChanged);
    const QList<TagInfo> tags = sampleTags();
    m_model->setResults(Registry, Repository, tags);

    QCOMPARE(listed.count(), 1);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toInt(), int(tags.size()) - 1);
    QCOMPARE(progress.last().at(1).toInt(), int(tags.size()));
    QCOMPARE(m_model->rowCount(), int(tags.size()));
    QCOMPARE(m_model->tagCount(), int(tags.size()));
    QCOMPARE(m_model->resolvedCount(), int(tags.size()) - 1);
    QCOMPARE(m_model->imageCount(), 7);
    QCOMPARE(m_model->repository(), Repository);
    QCOMPARE(m_model->registry(), Registry);
    QVERIFY(!m_model->isResolving());
    QCOMPARE(m_model->client(), nullptr);
    for (int row = 0; row < tags.size(); ++row) {
        const QModelIndex index = m_model->indexOfTag(tags.at(row).tag);
        QCOMPARE(index.row(), row);
        QCOMPARE(index.column(), int(TagModel::TagColumn));
        QCOMPARE(index.data(NameRole).toString(), tags.at(row).tag);
        QCOMPARE(index.data().toString(), tags.at(row).tag);
    }
    QVERIFY(!m_model->indexOfTag(QStringLiteral("no-such-tag")).isValid());
}

void TestTagModel::columnsAndHeaders()
{
    m_model->setResults(Registry, Repository, sampleTags());
    QCOMPARE(m_model->columnCount(), int(TagModel::ColumnCount));
    const QStringList expected{QStringLiteral("Tag"),       QStringLiteral("Digest"),
                               QStringLiteral("Platforms"), QStringLiteral("Size"),
                               QStringLiteral("Created"),   QStringLiteral("Same image as")};
    QCOMPARE(expected.size(), int(TagModel::ColumnCount));
    for (int column = 0; column < TagModel::ColumnCount; ++column)
        QCOMPARE(m_model->headerData(column, Qt::Horizontal).toString(), expected.at(column));
}

void TestTagModel::sameImage_data()
{
    QTest::addColumn<QString>("tag");
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("column");
    QTest::addRow("1.0") << "1.0"
                         << "same image as 1, latest"
                         << "1, latest";
    QTest::addRow("1") << "1"
                       << "same image as 1.0, latest"
                       << "1.0, latest";
    QTest::addRow("latest") << "latest"
                            << "same image as 1, 1.0"
                            << "1, 1.0";
    QTest::addRow("alone") << "0.9"
                           << ""
                           << "";
    QTest::addRow("four platforms alone") << "1.10"
                                          << ""
                                          << "";
    QTest::addRow("signature and attestation")
        << "v1.att" << QStringLiteral("same image as ") + SignatureTag << SignatureTag;
    QTest::addRow("pending") << "2.0-rc1"
                             << ""
                             << "";
    QTest::addRow("failed") << "broken"
                            << ""
                            << "";
}

void TestTagModel::sameImage()
{
    QFETCH(QString, tag);
    QFETCH(QString, role);
    QFETCH(QString, column);
    m_model->setResults(Registry, Repository, sampleTags());
    const QModelIndex index = m_model->indexOfTag(tag);
    QVERIFY(index.isValid());
    QCOMPARE(index.data(TagModel::SameImageRole).toString(), role);
    QCOMPARE(index.siblingAtColumn(TagModel::SameImageColumn).data().toString(), column);
    const QString toolTip = index.data(Qt::ToolTipRole).toString();
    QVERIFY2(role.isEmpty() || toolTip.contains(role), qPrintable(toolTip));
}

void TestTagModel::groups()
{
    const QList<TagInfo> tags = sampleTags();
    m_model->setResults(Registry, Repository, tags);
    QHash<QString, int> groupOfDigest;
    QSet<int> groups;
    for (const TagInfo &info : tags) {
        const int group = m_model->indexOfTag(info.tag).data(TagModel::GroupRole).toInt();
        if (!info.resolved || info.digest.isNull()) {
            QCOMPARE(group, -1);
            continue;
        }
        QVERIFY(group >= 0);
        const QString digest = info.digest.toString();
        if (groupOfDigest.contains(digest))
            QCOMPARE(group, groupOfDigest.value(digest));
        else
            QVERIFY2(!groups.contains(group), "two digests share a group");
        groupOfDigest.insert(digest, group);
        groups.insert(group);
    }
    QCOMPARE(groups.size(), 7);
    QCOMPARE(m_model->imageCount(), 7);
}

void TestTagModel::states_data()
{
    QTest::addColumn<QString>("tag");
    QTest::addColumn<int>("state");
    QTest::addColumn<bool>("resolved");
    QTest::addRow("resolved") << "1.0" << int(TagModel::Resolved) << true;
    QTest::addRow("pending") << "2.0-rc1" << int(TagModel::Pending) << false;
    QTest::addRow("failed") << "broken" << int(TagModel::Failed) << true;
    QTest::addRow("no date") << "nodate" << int(TagModel::Resolved) << true;
}

void TestTagModel::states()
{
    QFETCH(QString, tag);
    QFETCH(int, state);
    QFETCH(bool, resolved);
    m_model->setResults(Registry, Repository, sampleTags());
    const QModelIndex index = m_model->indexOfTag(tag);
    QCOMPARE(index.data(TagModel::StateRole).value<TagModel::State>(), TagModel::State(state));
    QCOMPARE(index.data(TagModel::ResolvedRole).toBool(), resolved);
    QCOMPARE(index.data(ErrorRole).toString().isEmpty(), state != TagModel::Failed);
}

void TestTagModel::display_data()
{
    QTest::addColumn<QString>("tag");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("display");
    QTest::addColumn<QString>("toolTip");

    const Digest a = digestOf("a");
    const QString shortA = QStringLiteral("sha256:") + a.hex().left(12);
    QTest::addRow("digest short form")
        << "1.0" << int(TagModel::DigestColumn) << shortA << a.toString();
    QTest::addRow("pending digest") << "2.0-rc1" << int(TagModel::DigestColumn) << "not resolved"
                                    << "This tag has not been resolved";
    QTest::addRow("one platform") << "1.0" << int(TagModel::PlatformsColumn) << "linux/amd64"
                                  << "";
    QTest::addRow("two platforms")
        << "1.9" << int(TagModel::PlatformsColumn) << "linux/amd64, linux/arm64/v8"
        << "";
    QTest::addRow("four platforms") << "1.10" << int(TagModel::PlatformsColumn) << "4 platforms"
                                    << "linux/amd64\nlinux/arm64/v8\nlinux/arm/v7\nlinux/ppc64le";
    QTest::addRow("size") << "0.9" << int(TagModel::SizeColumn) << QLocale().formattedDataSize(2000)
                          << QStringLiteral("%1 bytes compressed").arg(QLocale().toString(2000));
    QTest::addRow("unknown size") << "nodate" << int(TagModel::SizeColumn) << ""
                                  << "";
    QTest::addRow("created") << "0.9" << int(TagModel::CreatedColumn)
                             << QLocale().toString(utc(2023, 6, 1).toLocalTime(),
                                                   QLocale::ShortFormat)
                             << utc(2023, 6, 1).toString(Qt::ISODate);
    QTest::addRow("unknown created") << "nodate" << int(TagModel::CreatedColumn) << ""
                                     << "";
    QTest::addRow("tag") << "0.9" << int(TagModel::TagColumn) << "0.9"
                         << "0.9";
    QTest::addRow("grouped tag") << "1" << int(TagModel::TagColumn) << "1"
                                 << "1\nsame image as 1.0, latest";
}

void TestTagModel::display()
{
    QFETCH(QString, tag);
    QFETCH(int, column);
    QFETCH(QString, display);
    QFETCH(QString, toolTip);
    m_model->setResults(Registry, Repository, sampleTags());
    const QModelIndex index = m_model->indexOfTag(tag).siblingAtColumn(column);
    QCOMPARE(index.data(Qt::DisplayRole).toString(), display);
    QCOMPARE(index.data(Qt::ToolTipRole).toString(), toolTip);
    const int alignment = index.data(Qt::TextAlignmentRole).toInt();
    if (column == TagModel::SizeColumn)
        QVERIFY(alignment & Qt::AlignRight);
    else
        QCOMPARE(alignment, 0);
}

void TestTagModel::failedTag()
{
    const QList<TagInfo> tags = sampleTags();
    m_model->setResults(Registry, Repository, tags);
    const QModelIndex index = m_model->indexOfTag(QStringLiteral("broken"));
    const QModelIndex digest = index.siblingAtColumn(TagModel::DigestColumn);
    QCOMPARE(digest.data().toString(), QStringLiteral("error"));
    QVERIFY(!digest.data(Qt::DecorationRole).value<QIcon>().isNull());
    const QString error = tags.at(index.row()).error.toString();
    QVERIFY(!error.isEmpty());
    QVERIFY2(digest.data(Qt::ToolTipRole).toString().contains(error),
             qPrintable(digest.data(Qt::ToolTipRole).toString()));
    QCOMPARE(index.data(ErrorRole).toString(), error);
    QVERIFY(index.data(DigestRole).toString().isEmpty());
    QVERIFY(index.data(ReferenceRole).toString().isEmpty());
    // Only the failed tag carries the warning icon.
    QVERIFY(m_model->indexOfTag(QStringLiteral("1.0"))
                .siblingAtColumn(TagModel::DigestColumn)
                .data(Qt::DecorationRole)
                .isNull());
}

void TestTagModel::reference_data()
{
    QTest::addColumn<QString>("registry");
    QTest::addColumn<QString>("repository");
    QTest::addColumn<QString>("name");
    QTest::addRow("loopback registry") << "127.0.0.1:5000"
                                       << "fixtures/multiarch"
                                       << "127.0.0.1:5000/fixtures/multiarch";
    QTest::addRow("docker hub official image") << "docker.io"
                                               << "library/alpine"
                                               << "docker.io/library/alpine";
    QTest::addRow("docker hub short name") << "docker.io"
                                           << "alpine"
                                           << "docker.io/library/alpine";
    QTest::addRow("docker hub user image") << "docker.io"
                                           << "user/app"
                                           << "docker.io/user/app";
    QTest::addRow("nested path") << "ghcr.io"
                                 << "org/team/tool"
                                 << "ghcr.io/org/team/tool";
}

void TestTagModel::reference()
{
    QFETCH(QString, registry);
    QFETCH(QString, repository);
    QFETCH(QString, name);
    m_model->setResults(registry, repository, sampleTags());
    const QModelIndex index = m_model->indexOfTag(QStringLiteral("1.0"));
    const QString digest = digestOf("a").toString();
    QCOMPARE(index.data(DigestRole).toString(), digest);
    QCOMPARE(index.data(ReferenceRole).toString(), name + u'@' + digest);
    QCOMPARE(index.siblingAtColumn(TagModel::SizeColumn).data(ReferenceRole).toString(),
             name + u'@' + digest);
    QVERIFY(
        m_model->indexOfTag(QStringLiteral("2.0-rc1")).data(ReferenceRole).toString().isEmpty());
}

void TestTagModel::signatureTags_data()
{
    QTest::addColumn<QString>("tag");
    QTest::addColumn<bool>("signature");
    const QString hex64(64, u'0');
    QTest::addRow("referrers tag") << QStringLiteral("sha256-") + hex64 << true;
    QTest::addRow("cosign signature")
        << QStringLiteral("sha256-") + hex64 + QStringLiteral(".sig") << true;
    QTest::addRow("cosign attestation")
        << QStringLiteral("sha256-") + hex64 + QStringLiteral(".att") << true;
    QTest::addRow("cosign sbom") << QStringLiteral("sha256-") + hex64 + QStringLiteral(".sbom")
                                 << true;
    QTest::addRow("sha512 referrers tag") << QStringLiteral("sha512-") + QString(128, u'f') << true;
    QTest::addRow("sig suffix") << "v1.sig" << true;
    QTest::addRow("att suffix") << "v1.att" << true;
    QTest::addRow("sbom suffix") << "v1.sbom" << true;
    QTest::addRow("short hex") << "sha256-abc" << false;
    QTest::addRow("upper-case hex") << QStringLiteral("sha256-") + QString(64, u'A') << false;
    QTest::addRow("plain tag") << "latest" << false;
    QTest::addRow("version") << "1.0" << false;
    QTest::addRow("sig without dot") << "1.0-sig" << false;
    QTest::addRow("bare sig") << "sig" << false;
    QTest::addRow("signed in the middle") << "v1.sig.old" << false;
}

void TestTagModel::signatureTags()
{
    QFETCH(QString, tag);
    QFETCH(bool, signature);
    QCOMPARE(TagModel::isSignatureTag(tag), signature);
    m_model->setResults(Registry, Repository, {resolvedTag(tag, digestOf("x"))});
    QCOMPARE(m_model->index(0, 0).data(TagModel::SignatureTagRole).toBool(), signature);
    QCOMPARE(m_proxy->rowCount(), signature ? 0 : 1);
}

void TestTagModel::largeGroupIsShortened()
{
    QList<TagInfo> tags;
    for (int i = 0; i < 1000; ++i)
        tags << resolvedTag(QStringLiteral("build-%1").arg(i), digestOf("same"));
    m_model->setResults(Registry, Repository, tags);
    QCOMPARE(m_model->imageCount(), 1);
    const QModelIndex first = m_model->indexOfTag(QStringLiteral("build-0"));
    QCOMPARE(first.data(TagModel::SameImageRole).toString(),
             QStringLiteral("same image as build-1, build-2, build-3, build-4, build-5, build-6 "
                            "and 993 more"));
    QCOMPARE(
        m_model->indexOfTag(QStringLiteral("build-3")).data(TagModel::SameImageRole).toString(),
        QStringLiteral("same image as build-0, build-1, build-2, build-4, build-5, build-6 "
                       "and 993 more"));
    QCOMPARE(m_proxy->rowCount(), 1000);
    QCOMPARE(m_proxy->index(999, 0).data(NameRole).toString(), QStringLiteral("build-999"));
}

void TestTagModel::replacingAndClearing()
{
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->setResults(Registry, Repository, sampleTags());
    m_model->setResults(Registry, QStringLiteral("fixtures/other"),
                        {resolvedTag(QStringLiteral("only"), digestOf("z"))});
    QCOMPARE(reset.count(), 2);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->imageCount(), 1);
    QVERIFY(!m_model->indexOfTag(QStringLiteral("1.0")).isValid());
    QCOMPARE(m_model->index(0, 0).data(TagModel::GroupRole).toInt(), 0);
    m_model->clear();
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_proxy->rowCount(), 0);
    QVERIFY(m_model->repository().isEmpty());
    QCOMPARE(m_model->imageCount(), 0);
    // Nothing to retry or cancel without a registry behind the model.
    m_model->retry();
    m_model->cancel();
    QVERIFY(!m_model->isResolving());
    QCOMPARE(m_model->rowCount(), 0);
}

void TestTagModel::sorting_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QStringList>("expected");

    const auto list = [](std::initializer_list<const char *> names) {
        QStringList result;
        for (const char *name : names)
            result << QString::fromUtf8(name);
        return result;
    };
    QTest::addRow("tag, natural ascending")
        << int(TagModel::TagColumn) << Qt::AscendingOrder
        << list({"0.9", "1", "1.0", "1.9", "1.10", "2.0-rc1", "broken", "latest", "nodate"});
    QTest::addRow("tag, natural descending")
        << int(TagModel::TagColumn) << Qt::DescendingOrder
        << list({"nodate", "latest", "broken", "2.0-rc1", "1.10", "1.9", "1.0", "1", "0.9"});
    QTest::addRow("created ascending, unknown last")
        << int(TagModel::CreatedColumn) << Qt::AscendingOrder
        << list({"0.9", "1.9", "1", "1.0", "latest", "1.10", "2.0-rc1", "broken", "nodate"});
    QTest::addRow("created descending, unknown last")
        << int(TagModel::CreatedColumn) << Qt::DescendingOrder
        << list({"1.10", "latest", "1.0", "1", "1.9", "0.9", "nodate", "broken", "2.0-rc1"});
    QTest::addRow("size ascending, unknown last")
        << int(TagModel::SizeColumn) << Qt::AscendingOrder
        << list({"1.9", "0.9", "1", "1.0", "latest", "1.10", "2.0-rc1", "broken", "nodate"});
    QTest::addRow("size descending, unknown last")
        << int(TagModel::SizeColumn) << Qt::DescendingOrder
        << list({"1.10", "latest", "1.0", "1", "0.9", "1.9", "nodate", "broken", "2.0-rc1"});
}

void TestTagModel::sorting()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QStringList, expected);
    m_model->setResults(Registry, Repository, sampleTags());
    m_proxy->sort(column, order);
    QCOMPARE(proxyTags(*m_proxy), expected);
    // The order holds when the same results arrive again (dynamic sorting).
    m_model->setResults(Registry, Repository, sampleTags());
    QCOMPARE(proxyTags(*m_proxy), expected);
}

void TestTagModel::digestSortKeepsGroupsTogether_data()
{
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addRow("ascending") << Qt::AscendingOrder;
    QTest::addRow("descending") << Qt::DescendingOrder;
}

void TestTagModel::digestSortKeepsGroupsTogether()
{
    QFETCH(Qt::SortOrder, order);
    m_proxy->setHideSignatureTags(false);
    m_model->setResults(Registry, Repository, sampleTags());
    m_proxy->sort(TagModel::DigestColumn, order);
    QStringList digests;
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        digests << m_proxy->index(row, TagModel::DigestColumn).data(DigestRole).toString();
    QCOMPARE(digests.size(), 12);
    // Tags without a digest (pending, failed) come last either way.
    QVERIFY(digests.at(10).isEmpty());
    QVERIFY(digests.at(11).isEmpty());
    QStringList known = digests.mid(0, 10);
    QStringList sorted = known;
    std::sort(sorted.begin(), sorted.end());
    if (order == Qt::DescendingOrder)
        std::reverse(sorted.begin(), sorted.end());
    QCOMPARE(known, sorted);
    // Within one digest, by tag.
    const int first = int(digests.indexOf(digestOf("a").toString()));
    QStringList group;
    for (int row = first; row < first + 3; ++row)
        group << m_proxy->index(row, 0).data(NameRole).toString();
    QStringList expected{QStringLiteral("1"), QStringLiteral("1.0"), QStringLiteral("latest")};
    if (order == Qt::DescendingOrder)
        std::reverse(expected.begin(), expected.end());
    QCOMPARE(group, expected);
}

void TestTagModel::filtering_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("hideSignatures");
    QTest::addColumn<QStringList>("expected");

    QStringList all;
    for (const TagInfo &info : sampleTags())
        all << info.tag;
    QStringList images = all;
    images.removeAll(SignatureTag);
    images.removeAll(QStringLiteral("v1.att"));
    images.removeAll(QStringLiteral("1.0.sbom"));

    QTest::addRow("everything but signatures") << "" << true << naturallySorted(images);
    QTest::addRow("everything") << "" << false << naturallySorted(all);
    QTest::addRow("tag text") << "1.0" << true << QStringList{QStringLiteral("1.0")};
    QTest::addRow("tag text with sbom")
        << "1.0" << false << QStringList{QStringLiteral("1.0"), QStringLiteral("1.0.sbom")};
    QTest::addRow("case-insensitive") << "LATEST" << true << QStringList{QStringLiteral("latest")};
    QTest::addRow("spaces trimmed") << "  1.9 " << true << QStringList{QStringLiteral("1.9")};
    QTest::addRow("digest prefix")
        << digestOf("a").hex().left(10) << true
        << QStringList{QStringLiteral("1"), QStringLiteral("1.0"), QStringLiteral("latest")};
    QTest::addRow("full digest") << digestOf("b").toString() << true
                                 << QStringList{QStringLiteral("0.9")};
    QTest::addRow("upper-case digest")
        << digestOf("d").hex().left(16).toUpper() << true << QStringList{QStringLiteral("1.9")};
    QTest::addRow("signature hidden") << "sig" << true << QStringList{};
    QTest::addRow("signature shown") << "sig" << false << QStringList{SignatureTag};
    QTest::addRow("attestation by digest")
        << digestOf("e").hex().left(8) << false
        << naturallySorted({SignatureTag, QStringLiteral("v1.att")});
    QTest::addRow("no match") << "zzz" << false << QStringList{};
    QTest::addRow("substring in the middle")
        << "roke" << true << QStringList{QStringLiteral("broken")};
}

void TestTagModel::filtering()
{
    QFETCH(QString, text);
    QFETCH(bool, hideSignatures);
    QFETCH(QStringList, expected);
    QVERIFY(m_proxy->hideSignatureTags());
    m_proxy->sort(TagModel::TagColumn, Qt::AscendingOrder);
    m_model->setResults(Registry, Repository, sampleTags());
    m_proxy->setFilterText(text);
    m_proxy->setHideSignatureTags(hideSignatures);
    QCOMPARE(m_proxy->hideSignatureTags(), hideSignatures);
    QCOMPARE(proxyTags(*m_proxy), expected);
    // Clearing the filter brings every row back.
    m_proxy->setFilterText(QString());
    m_proxy->setHideSignatureTags(false);
    QCOMPARE(m_proxy->rowCount(), m_model->rowCount());
}

void TestTagModel::filterFollowsNewResults()
{
    m_proxy->sort(TagModel::TagColumn, Qt::AscendingOrder);
    m_proxy->setFilterText(QStringLiteral("1."));
    m_model->setResults(Registry, Repository, sampleTags());
    QCOMPARE(proxyTags(*m_proxy),
             (QStringList{QStringLiteral("1.0"), QStringLiteral("1.9"), QStringLiteral("1.10")}));
    m_model->setResults(Registry, Repository,
                        {resolvedTag(QStringLiteral("1.2"), digestOf("x")),
                         resolvedTag(QStringLiteral("2.1"), digestOf("y"))});
    QCOMPARE(proxyTags(*m_proxy), QStringList{QStringLiteral("1.2")});
    QCOMPARE(m_proxy->filterText(), QStringLiteral("1."));
}

QTEST_MAIN(TestTagModel)
#include "tst_tagmodel.moc"
