#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

/**
 * A program the tests run to its end (layerscope-cli, skopeo, secret-tool): how it ended and
 * what it printed.
 */
struct ProcessRun
{
    bool finished = false; ///< exited on its own, within the time allowed
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    bool succeeded() const { return finished && exitCode == 0; }
    /// "what: finished, exit 1, stdout: …, stderr: …", for a failed check's message.
    QString describe(const QString &what) const;
    QString describe(const char *what) const { return describe(QString::fromUtf8(what)); }
};

/// Runs \a program with \a arguments, writes \a input to its standard input and closes it (a
/// command reading a password sees its end, never waits), and kills it after \a timeoutMs: a
/// hang ends the test with a message instead of stalling it.
ProcessRun
runProcess(const QString &program, const QStringList &arguments, const QByteArray &input = {},
           const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
           int timeoutMs = 180000);
