#include "secretscan.h"

#include <QDirIterator>
#include <QFile>

namespace SecretScan {

QStringList filesHolding(const QString &root, const QList<QByteArray> &needles)
{
    QStringList found;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray bytes = file.readAll();
        for (const QByteArray &needle : needles) {
            if (!needle.isEmpty() && bytes.contains(needle)) {
                found.append(file.fileName());
                break;
            }
        }
    }
    return found;
}

QList<QByteArray> encodingsOf(const QString &secret, const QString &user)
{
    QList<QByteArray> encodings{
        secret.toUtf8(),
        QByteArray(reinterpret_cast<const char *>(secret.utf16()),
                   secret.size() * qsizetype(sizeof(char16_t))),
    };
    if (!user.isEmpty())
        encodings.append((user + u':' + secret).toUtf8().toBase64());
    return encodings;
}

} // namespace SecretScan
