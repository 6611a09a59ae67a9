// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

/**
 * Checks a JSON value against a JSON Schema, as far as the keywords tool schemas use go: type,
 * enum, const, properties, required, additionalProperties, items, prefixItems, the bounds of
 * numbers, strings, arrays and objects, allOf, anyOf, oneOf, not, and $ref within the schema
 * ("#/$defs/…", "#/definitions/…"). A keyword it does not know (format, pattern, …) holds.
 */
namespace JsonSchemaCheck {

/** What a value is, as a message names it: "a string", "an object", "null", …; "missing"
 * for an undefined value. */
QString kindOf(const QJsonValue &value);

/** Empty when value conforms; else where and why it does not, e.g.
 * "$.sum: a string where the schema wants integer". */
QString problem(const QJsonValue &value, const QJsonObject &schema);

} // namespace JsonSchemaCheck
