// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstdlib>
#include <cstring>

/** A view of a part: string literals by their compile-time length (no strlen at run time). */
template<qsizetype N> constexpr QByteArrayView bytesOf(const char (&literal)[N])
{
    return QByteArrayView(literal, N - 1);
}
inline QByteArrayView bytesOf(QByteArrayView view)
{
    return view;
}

/**
 * A growable run of bytes for what a connection is about to send. On the per-event paths a
 * QByteArray costs more than the event: append goes through insert() (about 170 instructions a
 * call in Qt 6.4) and resize through a detach check; here appending the parts of an event is
 * one capacity check and a memcpy each. Nothing is allocated until the first append, and
 * release() gives the memory back, so an idle connection holds none.
 */
class ByteBuffer
{
public:
    ByteBuffer() = default;
    ~ByteBuffer() { std::free(m_data); }
    ByteBuffer(const ByteBuffer &) = delete;
    ByteBuffer &operator=(const ByteBuffer &) = delete;

    bool isEmpty() const { return m_size == 0; }
    qsizetype size() const { return m_size; }
    QByteArrayView view() const { return QByteArrayView(m_data, m_size); }

    /** Appends the parts (anything bytesOf() takes), growing geometrically. */
    template<typename... Parts> void append(const Parts &...parts)
    {
        const QByteArrayView views[] = { bytesOf(parts)... };
        qsizetype total = 0;
        for (const QByteArrayView view : views)
            total += view.size();
        if (m_capacity - m_size < total)
            grow(m_size + total);
        char *to = m_data + m_size;
        for (const QByteArrayView view : views) {
            if (!view.isEmpty())
                memcpy(to, view.data(), size_t(view.size()));
            to += view.size();
        }
        m_size += total;
    }

    /** Empties it, keeping its memory for more. */
    void clear() { m_size = 0; }
    /** Empties it and frees its memory. */
    void release()
    {
        std::free(m_data);
        m_data = nullptr;
        m_size = m_capacity = 0;
    }

private:
    void grow(qsizetype needed)
    {
        qsizetype capacity = qMax<qsizetype>(m_capacity * 2, 256);
        while (capacity < needed)
            capacity *= 2;
        char *data = static_cast<char *>(std::realloc(m_data, size_t(capacity)));
        Q_CHECK_PTR(data);
        m_data = data;
        m_capacity = capacity;
    }

    char *m_data = nullptr;
    qsizetype m_size = 0;
    qsizetype m_capacity = 0;
};

/** Appends every part to out with one size check (see ByteBuffer for why not append()). */
template<typename... Parts> void appendBytes(QByteArray &out, const Parts &...parts)
{
    const QByteArrayView views[] = { bytesOf(parts)... };
    qsizetype total = 0;
    for (const QByteArrayView view : views)
        total += view.size();
    const qsizetype at = out.size();
    out.resize(at + total);
    char *to = out.data() + at;
    for (const QByteArrayView view : views) {
        if (!view.isEmpty())
            memcpy(to, view.data(), size_t(view.size()));
        to += view.size();
    }
}
