// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/jsonschemacheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace {

constexpr int MaxDepth = 64; // a schema that refers to itself without end
// A schema whose choices multiply (oneOf of references to itself) is checked only this far:
// past it, the value holds.
constexpr int MaxSteps = 200000;

class Checker
{
public:
    explicit Checker(const QJsonObject &root)
        : m_root(root)
    { }

    QString check(const QJsonValue &value, const QJsonValue &schemaValue, const QString &at,
                  int depth) const;

private:
    QString checkObject(const QJsonObject &object, const QJsonObject &schema, const QString &at,
                        int depth) const;
    QString checkArray(const QJsonArray &array, const QJsonObject &schema, const QString &at,
                       int depth) const;
    QJsonValue resolve(const QString &ref) const;

    QJsonObject m_root;
    mutable int m_steps = 0;
};

} // namespace

QString JsonSchemaCheck::kindOf(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing");
}

namespace {

bool isType(const QJsonValue &value, const QString &type)
{
    if (type == QLatin1String("integer")) {
        const double number = value.toDouble();
        return value.isDouble() && std::isfinite(number) && std::floor(number) == number;
    }
    if (type == QLatin1String("number"))
        return value.isDouble();
    if (type == QLatin1String("string"))
        return value.isString();
    if (type == QLatin1String("boolean"))
        return value.isBool();
    if (type == QLatin1String("object"))
        return value.isObject();
    if (type == QLatin1String("array"))
        return value.isArray();
    if (type == QLatin1String("null"))
        return value.isNull();
    return true; // not a type this checker knows: it holds
}

/** Whether count breaks the schema's minKey or maxKey (minLength/maxLength, minItems, …). */
bool outOfBounds(const QJsonObject &schema, const char *minKey, const char *maxKey, qsizetype count)
{
    const QJsonValue least = schema.value(QLatin1String(minKey));
    const QJsonValue most = schema.value(QLatin1String(maxKey));
    return (least.isDouble() && count < least.toInteger())
        || (most.isDouble() && count > most.toInteger());
}

QString compact(const QJsonValue &value)
{
    const QByteArray json = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1).chopped(1)).left(80);
}

QString member(const QString &at, const QString &key)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (plain.match(key).hasMatch())
        return at + QLatin1Char('.') + key;
    return at + QLatin1Char('[') + compact(key) + QLatin1Char(']');
}

QString Checker::check(const QJsonValue &value, const QJsonValue &schemaValue, const QString &at,
                       int depth) const
{
    if (schemaValue.isBool())
        return schemaValue.toBool() ? QString()
                                    : QStringLiteral("%1: the schema allows nothing here").arg(at);
    if (!schemaValue.isObject() || depth > MaxDepth || ++m_steps > MaxSteps)
        return {};
    const QJsonObject schema = schemaValue.toObject();

    if (schema.contains(QLatin1String("$ref"))) {
        const QString problem =
            check(value, resolve(schema.value(QLatin1String("$ref")).toString()), at, depth + 1);
        if (!problem.isEmpty())
            return problem;
    }

    const QJsonValue type = schema.value(QLatin1String("type"));
    if (type.isString() || type.isArray()) {
        QStringList types;
        if (type.isString())
            types << type.toString();
        for (const QJsonValue &one : type.toArray())
            types << one.toString();
        const bool matches = std::any_of(types.begin(), types.end(),
                                         [&](const QString &t) { return isType(value, t); });
        if (!matches)
            return QStringLiteral("%1: %2 where the schema wants %3")
                .arg(at, JsonSchemaCheck::kindOf(value), types.join(QLatin1String(" or ")));
    }
    if (schema.contains(QLatin1String("const")) && value != schema.value(QLatin1String("const")))
        return QStringLiteral("%1: %2 where the schema wants %3")
            .arg(at, compact(value), compact(schema.value(QLatin1String("const"))));
    if (schema.value(QLatin1String("enum")).isArray()
        && !schema.value(QLatin1String("enum")).toArray().contains(value))
        return QStringLiteral("%1: %2 is not one of %3")
            .arg(at, compact(value), compact(schema.value(QLatin1String("enum"))));

    if (value.isDouble()) {
        const double number = value.toDouble();
        const auto bound = [&](const char *key) {
            return schema.value(QLatin1String(key));
        };
        if ((bound("minimum").isDouble() && number < bound("minimum").toDouble())
            || (bound("exclusiveMinimum").isDouble()
                && number <= bound("exclusiveMinimum").toDouble())
            || (bound("maximum").isDouble() && number > bound("maximum").toDouble())
            || (bound("exclusiveMaximum").isDouble()
                && number >= bound("exclusiveMaximum").toDouble()))
            return QStringLiteral("%1: %2 is out of the schema's range").arg(at, compact(value));
    }
    if (value.isString()) {
        const qsizetype length = value.toString().toUcs4().size();
        if (outOfBounds(schema, "minLength", "maxLength", length))
            return QStringLiteral("%1: a string of %2 characters, which the schema does not allow")
                .arg(at)
                .arg(length);
    }
    if (value.isObject()) {
        const QString problem = checkObject(value.toObject(), schema, at, depth);
        if (!problem.isEmpty())
            return problem;
    }
    if (value.isArray()) {
        const QString problem = checkArray(value.toArray(), schema, at, depth);
        if (!problem.isEmpty())
            return problem;
    }

    for (const QJsonValue &part : schema.value(QLatin1String("allOf")).toArray()) {
        const QString problem = check(value, part, at, depth + 1);
        if (!problem.isEmpty())
            return problem;
    }
    const QJsonArray anyOf = schema.value(QLatin1String("anyOf")).toArray();
    if (!anyOf.isEmpty() && std::none_of(anyOf.begin(), anyOf.end(), [&](const QJsonValue &part) {
            return check(value, part, at, depth + 1).isEmpty();
        }))
        return QStringLiteral("%1: %2 matches none of the schema's choices (anyOf)")
            .arg(at, JsonSchemaCheck::kindOf(value));
    const QJsonArray oneOf = schema.value(QLatin1String("oneOf")).toArray();
    if (!oneOf.isEmpty()) {
        const auto matching = std::count_if(oneOf.begin(), oneOf.end(), [&](const QJsonValue &p) {
            return check(value, p, at, depth + 1).isEmpty();
        });
        if (matching != 1)
            return QStringLiteral("%1: %2 matches %3 of the schema's choices, where it must "
                                  "match exactly one (oneOf)")
                .arg(at, JsonSchemaCheck::kindOf(value))
                .arg(matching);
    }
    if (schema.contains(QLatin1String("not"))
        && check(value, schema.value(QLatin1String("not")), at, depth + 1).isEmpty())
        return QStringLiteral("%1: %2 matches what the schema rules out (not)")
            .arg(at, JsonSchemaCheck::kindOf(value));
    return {};
}

QString Checker::checkObject(const QJsonObject &object, const QJsonObject &schema,
                             const QString &at, int depth) const
{
    for (const QJsonValue &key : schema.value(QLatin1String("required")).toArray()) {
        if (!object.contains(key.toString()))
            return QStringLiteral("%1: \"%2\" is missing, and the schema requires it")
                .arg(at, key.toString());
    }
    const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    const QJsonObject patterns = schema.value(QLatin1String("patternProperties")).toObject();
    const QJsonValue additional = schema.value(QLatin1String("additionalProperties"));
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString where = member(at, it.key());
        QString problem;
        bool named = properties.contains(it.key());
        if (named)
            problem = check(it.value(), properties.value(it.key()), where, depth + 1);
        for (auto p = patterns.begin(); p != patterns.end() && problem.isEmpty(); ++p) {
            const QRegularExpression pattern(p.key());
            if (pattern.isValid() && pattern.match(it.key()).hasMatch()) {
                named = true;
                problem = check(it.value(), p.value(), where, depth + 1);
            }
        }
        // additionalProperties speaks only of what neither names.
        if (!named && additional.isBool() && !additional.toBool())
            problem = QStringLiteral("%1: a property the schema does not allow").arg(where);
        else if (!named && additional.isObject())
            problem = check(it.value(), additional, where, depth + 1);
        if (!problem.isEmpty())
            return problem;
    }
    const qsizetype count = object.size();
    if (outOfBounds(schema, "minProperties", "maxProperties", count))
        return QStringLiteral("%1: %2 properties, which the schema does not allow")
            .arg(at)
            .arg(count);
    return {};
}

QString Checker::checkArray(const QJsonArray &array, const QJsonObject &schema, const QString &at,
                            int depth) const
{
    const qsizetype count = array.size();
    if (outOfBounds(schema, "minItems", "maxItems", count))
        return QStringLiteral("%1: %2 items, which the schema does not allow").arg(at).arg(count);
    const QJsonArray prefix = schema.value(QLatin1String("prefixItems")).toArray();
    const QJsonValue items = schema.value(QLatin1String("items"));
    for (qsizetype i = 0; i < count; ++i) {
        const QString where = QStringLiteral("%1[%2]").arg(at).arg(i);
        QString problem;
        if (i < prefix.size())
            problem = check(array.at(i), prefix.at(i), where, depth + 1);
        else if (items.isObject() || items.isBool())
            problem = check(array.at(i), items, where, depth + 1);
        else if (items.isArray() && i < items.toArray().size()) // the older tuple form
            problem = check(array.at(i), items.toArray().at(i), where, depth + 1);
        if (!problem.isEmpty())
            return problem;
    }
    return {};
}

QJsonValue Checker::resolve(const QString &ref) const
{
    if (ref == QLatin1String("#"))
        return m_root;
    if (!ref.startsWith(QLatin1String("#/")))
        return {}; // another document: not followed, so it holds
    QJsonValue at = m_root;
    for (QString part : ref.mid(2).split(QLatin1Char('/'))) {
        part.replace(QLatin1String("~1"), QLatin1String("/"))
            .replace(QLatin1String("~0"), QLatin1String("~"));
        if (at.isObject())
            at = at.toObject().value(part);
        else if (at.isArray())
            at = at.toArray().at(part.toInt());
        else
            return {};
    }
    return at;
}

} // namespace

namespace JsonSchemaCheck {

QString problem(const QJsonValue &value, const QJsonObject &schema)
{
    return Checker(schema).check(value, schema, QStringLiteral("$"), 0);
}

} // namespace JsonSchemaCheck
