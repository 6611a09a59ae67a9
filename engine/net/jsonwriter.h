// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>

/** Hand-written JSON for the event hot path, where QJsonDocument costs an allocation storm. */
namespace JsonWriter {

/** Appends s as a quoted, escaped JSON string (UTF-8). */
void appendString(QByteArray &out, QStringView s);
/** Appends already UTF-8 encoded bytes as a quoted, escaped JSON string. */
void appendUtf8String(QByteArray &out, QByteArrayView utf8);

} // namespace JsonWriter
