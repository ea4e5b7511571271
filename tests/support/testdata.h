#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace TestData {

/// The absolute path of \a relative inside tests/data.
QString path(const QString &relative);

/// The exact bytes of tests/data/\a relative; fails the current test when missing.
QByteArray read(const QString &relative);

/// One row of a TSV table: column name → unescaped value.
using Row = QMap<QString, QString>;

/**
 * A tab-separated table with one header row, as the fixture tables are written: fields may
 * contain the escapes \t, \n and \\ for tab, line feed and backslash.
 */
struct Table
{
    QStringList columns;
    QList<Row> rows;
};

/// Reads tests/data/\a relative; an empty table (and a test failure message on stderr) when
/// the file cannot be read.
Table readTable(const QString &relative);

/// \a document with \a before replaced by \a after. Aborts the test program when \a before
/// is not in the document: a row that changes nothing would silently test the valid original.
QByteArray replaced(QByteArray document, const QByteArray &before, const QByteArray &after);

/// Undoes the table escapes (\t, \n, \\) in \a field.
QString unescape(const QString &field);

} // namespace TestData
