// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <optional>
#include <utility>
#include <variant>

/** What went wrong, in terms a client can act on. Each kind has a stable wire code. */
enum class ErrorKind {
    NoProvider,
    MissingApiKey,
    UnknownProvider,
    UnknownModel,
    AuthFailed,
    RateLimited,
    UpstreamError,
    Timeout,
    BadUpstream,
    InvalidRequest,
    NotFound,
    Cancelled,
    Conflict, // a taken name, an answered question, a session busy with a run
    StorageFull, // the disk holding the session database is full
    Storage, // another failure of the session database
};

/**
 * Words the engine says: English, as every API client reads them, and what the window needs to
 * show them in the user's language. source is the English text as marked for translation with
 * QT_TRANSLATE_NOOP("Engine", "…"), its %1…%9 filled with arguments.
 */
struct EngineText
{
    const char *source = nullptr;
    QStringList arguments;

    QString english() const;
    /** In the application's language (QCoreApplication's translators). */
    QString translated() const;
    bool isEmpty() const { return !source; }
};

struct EngineError
{
    ErrorKind kind = ErrorKind::UpstreamError;
    QString message; // says what happened and what to do, in English
    int retryAfterSeconds = -1; // rate_limited only, -1 when unknown
    int upstreamStatus = 0; // HTTP status from the provider, 0 when none
    EngineText text; // the message as it can be translated; empty when it cannot be

    /** An error whose message the window can translate. */
    static EngineError make(ErrorKind kind, const char *source, QStringList arguments = {});
    /** The message in the window's language (the English one when it has no translation). */
    QString translatedMessage() const;
    QString code() const;
    static QString codeFor(ErrorKind kind);
};

/** A value or an EngineError; the engine never throws across the event loop. */
template<typename T> class Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    { }
    Result(EngineError error)
        : m_value(std::move(error))
    { }

    bool ok() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return std::get<T>(m_value); }
    T &value() { return std::get<T>(m_value); }
    const EngineError &error() const { return std::get<EngineError>(m_value); }

private:
    std::variant<T, EngineError> m_value;
};

/** Result of an operation with no value. */
class Status
{
public:
    Status() = default;
    Status(EngineError error)
        : m_error(std::move(error))
    { }
    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const EngineError &error() const { return *m_error; }

private:
    std::optional<EngineError> m_error;
};
