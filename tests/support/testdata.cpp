#include "testdata.h"

#include <QFile>
#include <QTest>

namespace TestData {

QString path(const QString &relative)
{
    return QStringLiteral(LAYERSCOPE_TEST_DATA "/") + relative;
}

QByteArray read(const QString &relative)
{
    QFile file(path(relative));
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("cannot read test data %s: %s", qPrintable(file.fileName()),
                 qPrintable(file.errorString()));
        return {};
    }
    return file.readAll();
}

QByteArray replaced(QByteArray document, const QByteArray &before, const QByteArray &after)
{
    if (!document.contains(before))
        qFatal("the text to replace is not in the document: %s", before.constData());
    return document.replace(before, after);
}

QString unescape(const QString &field)
{
    QString result;
    result.reserve(field.size());
    for (qsizetype i = 0; i < field.size(); ++i) {
        const QChar c = field.at(i);
        if (c == u'\\' && i + 1 < field.size()) {
            const QChar next = field.at(i + 1);
            if (next == u't') {
                result += u'\t';
                ++i;
                continue;
            }
            if (next == u'n') {
                result += u'\n';
                ++i;
                continue;
            }
            if (next == u'\\') {
                result += u'\\';
                ++i;
                continue;
            }
        }
        result += c;
    }
    return result;
}

Table readTable(const QString &relative)
{
    Table table;
    const QByteArray bytes = read(relative);
    QList<QByteArray> lines = bytes.split('\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    if (lines.isEmpty())
        return table;
    table.columns = QString::fromUtf8(lines.takeFirst()).split(u'\t');
    for (const QByteArray &line : std::as_const(lines)) {
        const QStringList fields = QString::fromUtf8(line).split(u'\t');
        Row row;
        for (qsizetype i = 0; i < table.columns.size(); ++i)
            row.insert(table.columns.at(i), i < fields.size() ? unescape(fields.at(i)) : QString());
        table.rows.append(row);
    }
    return table;
}

} // namespace TestData
