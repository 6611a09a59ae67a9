// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engineerror.h"

#include <QCoreApplication>

namespace {

/** Fills %1…%9 in one pass, so an argument that itself holds "%2" stays as it is. */
QString fill(const QString &text, const QStringList &arguments)
{
    QString out;
    out.reserve(text.size() + 16 * arguments.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('%') && i + 1 < text.size()) {
            const int n = text.at(i + 1).digitValue();
            if (n >= 1 && n <= arguments.size()) {
                out += arguments.at(n - 1);
                ++i;
                continue;
            }
        }
        out += c;
    }
    return out;
}

} // namespace

QString EngineText::english() const
{
    return source ? fill(QString::fromUtf8(source), arguments) : QString();
}

QString EngineText::translated() const
{
    return source ? fill(QCoreApplication::translate("Engine", source), arguments) : QString();
}

EngineError EngineError::make(ErrorKind kind, const char *source, QStringList arguments)
{
    EngineError error;
    error.kind = kind;
    error.text = { source, std::move(arguments) };
    error.message = error.text.english();
    return error;
}

QString EngineError::translatedMessage() const
{
    return text.isEmpty() ? message : text.translated();
}

QString EngineError::codeFor(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::NoProvider:
        return QStringLiteral("no_provider");
    case ErrorKind::MissingApiKey:
        return QStringLiteral("missing_api_key");
    case ErrorKind::UnknownProvider:
        return QStringLiteral("unknown_provider");
    case ErrorKind::UnknownModel:
        return QStringLiteral("unknown_model");
    case ErrorKind::AuthFailed:
        return QStringLiteral("auth_failed");
    case ErrorKind::RateLimited:
        return QStringLiteral("rate_limited");
    case ErrorKind::UpstreamError:
        return QStringLiteral("upstream_error");
    case ErrorKind::Timeout:
        return QStringLiteral("timeout");
    case ErrorKind::BadUpstream:
        return QStringLiteral("bad_upstream");
    case ErrorKind::InvalidRequest:
        return QStringLiteral("invalid_request");
    case ErrorKind::NotFound:
        return QStringLiteral("not_found");
    case ErrorKind::Cancelled:
        return QStringLiteral("cancelled");
    case ErrorKind::Conflict:
        return QStringLiteral("conflict");
    case ErrorKind::StorageFull:
        return QStringLiteral("storage_full");
    case ErrorKind::Storage:
        return QStringLiteral("storage_error");
    }
    return QStringLiteral("error");
}

QString EngineError::code() const
{
    return codeFor(kind);
}
