// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "runs/contextinjector.h"

#include "tools/workspace.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStringDecoder>

namespace {

QString trimmedReference(QString word)
{
    // "@src/main.cpp," or "(see @notes.md)" — punctuation around a path is not part of it.
    while (!word.isEmpty() && QStringLiteral(".,;:!?)]}'\"`").contains(word.back()))
        word.chop(1);
    while (!word.isEmpty() && QStringLiteral("([{'\"`").contains(word.front()))
        word.remove(0, 1);
    return word;
}

bool looksLikePath(const QString &word)
{
    static const QRegularExpression pattern(
        QStringLiteral("^[\\w./-]*\\w\\.[A-Za-z0-9]{1,8}$|^[\\w.-]+/[\\w./-]+$"));
    return word.size() < 260 && pattern.match(word).hasMatch();
}

} // namespace

ContextInjector::Outcome ContextInjector::inject(const QString &message, const Workspace &workspace,
                                                 bool autoInject)
{
    Outcome outcome { message, {} };
    if (!autoInject && !message.contains(QLatin1Char('@')))
        return outcome; // nothing asked for: the common case, skipped before any matching
    QStringList wanted;
    QStringList explicitRefs;
    static const QRegularExpression word(QStringLiteral("\\S+"));
    for (auto it = word.globalMatch(message); it.hasNext();) {
        const QString token = it.next().captured();
        if (token.startsWith(QLatin1Char('@')) && token.size() > 1) {
            const QString ref = trimmedReference(token.mid(1));
            if (!ref.isEmpty() && !wanted.contains(ref)) {
                wanted.append(ref);
                explicitRefs.append(ref);
            }
        } else if (autoInject) {
            const QString ref = trimmedReference(token);
            if (looksLikePath(ref) && !wanted.contains(ref))
                wanted.append(ref);
        }
    }
    if (wanted.isEmpty())
        return outcome;

    QList<ContextInjection::File> &files = outcome.injected.files;
    qsizetype total = 0;
    auto refuse = [&](const QString &path, const QString &reason) {
        // Only what the user asked for by name is worth a word; guesses fail silently.
        if (explicitRefs.contains(path))
            outcome.injected.refused.append({ path, reason });
    };
    for (const QString &ref : std::as_const(wanted)) {
        if (files.size() >= MaxFiles) {
            refuse(ref,
                   QStringLiteral("at most %1 files are attached to one message").arg(MaxFiles));
            continue;
        }
        if (!workspace.isSet()) {
            refuse(ref,
                   QStringLiteral("no working directory is set; set one with POST /working_dir"));
            continue;
        }
        const Result<QString> resolved = workspace.resolveExisting(ref);
        if (!resolved.ok()) {
            refuse(ref, resolved.error().message);
            continue;
        }
        const QFileInfo info(resolved.value());
        if (!info.isFile()) {
            refuse(ref, QStringLiteral("not a file"));
            continue;
        }
        QFile file(resolved.value());
        if (!file.open(QIODevice::ReadOnly)) {
            refuse(ref, file.errorString());
            continue;
        }
        const qsizetype room = qMin(PerFileCap, TotalCap - total);
        if (room <= 0) {
            refuse(
                ref,
                QStringLiteral("the message already carries %1 KiB of files").arg(TotalCap / 1024));
            continue;
        }
        const QByteArray bytes = file.read(room);
        QStringDecoder decoder(QStringDecoder::Utf8);
        QString text = decoder(bytes);
        // A cut in the middle of a character at the cap is fine; anything else invalid is binary.
        if (bytes.contains('\0') || (decoder.hasError() && bytes.size() < room)) {
            refuse(ref, QStringLiteral("a binary file; only text files can be attached"));
            continue;
        }
        const bool truncated = info.size() > bytes.size();
        total += bytes.size();
        const QString relative = workspace.relative(resolved.value());
        outcome.message +=
            QStringLiteral("\n\n--- %1 (%2 bytes%3) ---\n```\n%4\n```")
                .arg(relative)
                .arg(info.size())
                .arg(truncated ? QStringLiteral(", first %1 shown").arg(bytes.size()) : QString())
                .arg(text);
        files.append({ relative, info.size(), truncated });
    }
    return outcome;
}
