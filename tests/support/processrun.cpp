#include "processrun.h"

#include <QProcess>

QString ProcessRun::describe(const QString &what) const
{
    return QStringLiteral("%1: %2, exit %3, stdout: %4, stderr: %5")
        .arg(what, finished ? QStringLiteral("finished") : QStringLiteral("did not finish"))
        .arg(exitCode)
        .arg(QString::fromUtf8(out.left(500)).trimmed(),
             QString::fromUtf8(err.left(2000)).trimmed());
}

ProcessRun runProcess(const QString &program, const QStringList &arguments, const QByteArray &input,
                      const QProcessEnvironment &environment, int timeoutMs)
{
    ProcessRun result;
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForStarted(10000)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        result.err = "timed out after " + QByteArray::number(timeoutMs) + " ms; "
            + process.readAllStandardError();
        return result;
    }
    result.finished = process.exitStatus() == QProcess::NormalExit;
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}
