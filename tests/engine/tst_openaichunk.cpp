// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachewarnings.h"
#include "providers/openaichunk.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

namespace {

/** What the QJsonDocument path of OpenAiChatStream reads from a chunk. */
struct DomReading
{
    bool parsed = false;
    bool more = false; // an error, tool calls or usage: the stream does more than add text
    QString content;
    QString finishReason;
};

DomReading readWithDom(const QByteArray &json)
{
    DomReading reading;
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isObject())
        return reading;
    reading.parsed = true;
    const QJsonObject chunk = doc.object();
    const QJsonValue error = chunk.value(QLatin1String("error"));
    if (!error.isUndefined() && !error.isNull())
        reading.more = true;
    const QJsonArray choices = chunk.value(QLatin1String("choices")).toArray();
    if (!choices.isEmpty()) {
        const QJsonObject choice = choices.first().toObject();
        const QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
        reading.content = delta.value(QLatin1String("content")).toString();
        reading.finishReason = choice.value(QLatin1String("finish_reason")).toString();
        if (delta.value(QLatin1String("tool_calls")).isArray())
            reading.more = true;
    }
    if (!chunk.value(QLatin1String("usage")).toObject().isEmpty())
        reading.more = true;
    return reading;
}

QString decoded(QByteArrayView literal)
{
    if (literal.isEmpty())
        return {};
    QByteArray utf8;
    OpenAiChunk::appendDecoded(literal, utf8);
    return QString::fromUtf8(utf8);
}

/** Checks that a chunk the fast path accepts reads exactly as the DOM reads it. */
bool agreesWithDom(const QByteArray &json, QString *why)
{
    OpenAiChunk::Scan scan;
    if (!OpenAiChunk::scan(json, scan))
        return true; // the DOM path decides, as before
    const DomReading dom = readWithDom(json);
    if (!dom.parsed) {
        *why = QStringLiteral("accepted what QJsonDocument rejects");
        return false;
    }
    if (dom.more) {
        *why = QStringLiteral("accepted a chunk with an error, tool calls or usage");
        return false;
    }
    if (decoded(scan.content) != dom.content || decoded(scan.finishReason) != dom.finishReason) {
        *why = QStringLiteral("read \"%1\"/\"%2\" where the DOM reads \"%3\"/\"%4\"")
                   .arg(decoded(scan.content), decoded(scan.finishReason), dom.content,
                        dom.finishReason);
        return false;
    }
    for (const QByteArrayView literal : { scan.content, scan.finishReason }) {
        if (literal.isEmpty())
            continue;
        // The literal goes into the event verbatim: it must be strict JSON meaning the same text.
        if (std::any_of(literal.begin(), literal.end(), [](char c) { return uchar(c) < 0x20; })) {
            *why = QStringLiteral("a literal with a raw control character");
            return false;
        }
        const QJsonDocument wrapped = QJsonDocument::fromJson("[" + literal.toByteArray() + "]");
        if (wrapped.array().at(0).toString() != decoded(literal)) {
            *why = QStringLiteral("the literal does not mean its decoded text");
            return false;
        }
    }
    if (scan.contentEscaped != scan.content.contains('\\')) {
        *why = QStringLiteral("contentEscaped is wrong");
        return false;
    }
    return true;
}

/** Random chunks shaped like providers' ones, with every kind of oddity mixed in. */
class ChunkGenerator
{
public:
    explicit ChunkGenerator(quint32 seed)
        : m_random(seed)
    { }

    QByteArray chunk()
    {
        QList<QPair<QByteArray, QByteArray>> members {
            { key("id"), string() },
            { key("object"), QByteArrayLiteral("\"chat.completion.chunk\"") },
            { key("created"), number() },
            { key("model"), string() },
        };
        if (chance(30))
            members.append(
                { key("system_fingerprint"), chance(50) ? QByteArray("null") : string() });
        if (chance(40))
            members.append({ key("usage"),
                             oneOf({ "null", "null", "null", "{}",
                                     "{\"prompt_tokens\":7,\"completion_tokens\":3}", "3" }) });
        if (chance(10))
            members.append(
                { key("error"), oneOf({ "null", "{\"message\":\"boom\"}", "\"boom\"", "false" }) });
        if (!chance(5))
            members.append({ key("choices"), choices() });
        if (chance(15))
            members.append({ string(), value(0) });
        if (chance(5))
            members.append(members.at(pick(int(members.size()))));
        QByteArray json = object(members);
        if (chance(15))
            json = mutate(json);
        return json;
    }

private:
    int pick(int n) { return int(m_random.bounded(quint32(n))); }
    bool chance(int percent) { return pick(100) < percent; }
    QByteArray oneOf(std::initializer_list<const char *> options)
    {
        return QByteArray(*(options.begin() + pick(int(options.size()))));
    }

    QByteArray space()
    {
        if (!chance(15))
            return {};
        QByteArray s;
        for (int i = pick(4) + 1; i > 0; --i)
            s += " \t\n\r"[pick(4)];
        return s;
    }

    QByteArray key(const char *name)
    {
        if (chance(1)) {
            // The same key spelled with an escape: QJsonDocument sees the plain name.
            QByteArray escaped = name;
            const int at = pick(int(escaped.size()));
            return '"' + escaped.left(at) + "\\u00" + QByteArray::number(uchar(escaped.at(at)), 16)
                + escaped.mid(at + 1) + '"';
        }
        return '"' + QByteArray(name) + '"';
    }

    QByteArray hex4(int value)
    {
        QByteArray digits = QByteArray::number(value, 16).rightJustified(4, '0');
        return chance(50) ? digits.toUpper() : digits;
    }

    static QByteArray utf8Of(char32_t cp) { return QString::fromUcs4(&cp, 1).toUtf8(); }

    QByteArray stringPiece()
    {
        // Mostly what valid text looks like; one piece in eight is something odd.
        static constexpr int Good[] = { 0, 1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15 };
        static constexpr int Odd[] = { 7, 8, 9, 10 };
        const int kind = chance(88) ? Good[pick(12)] : Odd[pick(4)];
        switch (kind) {
        case 0:
            return oneOf({ "Hello", " world", "tok7 ", ", ", "a", "" });
        case 1:
            return oneOf({ "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t" });
        case 2:
            return "\\u" + hex4(pick(0x10000)); // any unit, lone surrogates included
        case 3:
            return "\\u" + hex4(0xD800 + pick(0x400)) + "\\u" + hex4(0xDC00 + pick(0x400));
        case 4:
            return utf8Of(char32_t(0x80 + pick(0x780)));
        case 5: {
            char32_t cp = char32_t(0x800 + pick(0xF800));
            if (cp >= 0xD800 && cp <= 0xDFFF)
                cp = 0x20AC;
            return utf8Of(cp);
        }
        case 6:
            return utf8Of(char32_t(0x10000 + pick(0x100000)));
        case 7:
            return oneOf({ "\xEF\xBF\xBE", "\xEF\xB7\x90", "\xF0\x9F\xBF\xBF", "\\ufdd0", "\\uFFFF",
                           "\\ud83f\\udffe" }); // noncharacters
        case 8:
            return oneOf({ "\x80", "\xC0\x80", "\xC1\xBF", "\xED\xA0\x80", "\xF5\x80\x80\x80",
                           "\xE2\x82", "\xFF", "\xF4\x90\x80\x80", "\xE0\x80\xAF" }); // not UTF-8
        case 9:
            return QByteArray(1, char(1 + pick(0x1F))); // a raw control character
        case 10:
            return oneOf({ "\\x", "\\u12", "\\U0041", "\\'", "\\a", "\\", "\\u00g0" });
        case 11:
            return "\\u0000";
        case 12:
            return "\xE2\x80\xA8"; // U+2028, valid JSON
        default:
            return oneOf(
                { "The", " quick", " fox", "\xC3\xA9", "\xF0\x9F\x98\x80", "\xE4\xB8\xAD" });
        }
    }

    QByteArray string()
    {
        QByteArray s = "\"";
        for (int i = chance(15) ? pick(16) : pick(4); i > 0; --i)
            s += stringPiece();
        return s + '"';
    }

    QByteArray number()
    {
        if (chance(93))
            return oneOf({ "0", "1700000000", "-0", "12", "3.25", "-1.5", "0.0" });
        return oneOf({ "01", "1e5", "1E-999", "1.", ".5", "-", "12345678901234567890", "NaN", "+1",
                       "0x10", "1.5e3", "123456789012345" });
    }

    QByteArray value(int depth)
    {
        switch (pick(depth < 4 ? 8 : 5)) {
        case 0:
            return string();
        case 1:
            return number();
        case 2:
            return oneOf({ "true", "false", "null", "nul", "tru" });
        case 3:
            return string();
        case 4:
            return "null";
        case 5: {
            QList<QPair<QByteArray, QByteArray>> members;
            for (int i = pick(3); i > 0; --i)
                members.append({ string(), value(depth + 1) });
            return object(members);
        }
        default: {
            QByteArray array = "[" + space();
            for (int i = pick(3); i > 0; --i)
                array += (array.size() > 1 + space().size() && chance(95) ? "," : "")
                    + value(depth + 1) + space();
            return array + ']';
        }
        }
    }

    QByteArray object(QList<QPair<QByteArray, QByteArray>> members)
    {
        for (qsizetype i = members.size() - 1; i > 0; --i)
            members.swapItemsAt(i, pick(int(i + 1)));
        QByteArray json = space() + '{' + space();
        for (qsizetype i = 0; i < members.size(); ++i) {
            if (i > 0)
                json += ',' + space();
            json += members.at(i).first + space() + ':' + space() + members.at(i).second + space();
        }
        return json + '}' + space();
    }

    QByteArray choices()
    {
        switch (pick(12)) {
        case 0:
            return "null";
        case 1:
            return "[]";
        case 2:
            return "[" + choice() + "," + choice() + "]";
        case 3:
            return oneOf({ "1", "\"x\"", "{}", "[1]", "[null]" });
        default:
            return "[" + space() + choice() + space() + "]";
        }
    }

    QByteArray choice()
    {
        QList<QPair<QByteArray, QByteArray>> members { { key("index"), number() } };
        const int deltaKind = pick(20);
        if (deltaKind < 16)
            members.append({ key("delta"), delta() });
        else if (deltaKind == 16)
            members.append({ key("delta"), "null" });
        else if (deltaKind == 17)
            members.append({ key("delta"), oneOf({ "\"text\"", "[]", "3" }) });
        if (!chance(10))
            members.append({ key("finish_reason"),
                             chance(70)
                                 ? QByteArray("null")
                                 : (chance(80) ? oneOf({ "\"stop\"", "\"length\"", "\"tool_calls\"",
                                                         "\"\"", "\"st\\u006fp\"" })
                                               : oneOf({ "3", "true", "{}" })) });
        if (chance(30))
            members.append({ key("logprobs"), chance(70) ? QByteArray("null") : value(2) });
        if (chance(5))
            members.append(members.at(pick(int(members.size()))));
        return object(members);
    }

    QByteArray delta()
    {
        QList<QPair<QByteArray, QByteArray>> members;
        if (chance(20))
            members.append({ key("role"), "\"assistant\"" });
        const int contentKind = pick(20);
        if (contentKind < 15)
            members.append({ key("content"), string() });
        else if (contentKind < 18)
            members.append({ key("content"), "null" });
        else if (contentKind == 18)
            members.append({ key("content"), oneOf({ "3", "{}", "[\"a\"]", "false" }) });
        if (chance(8))
            members.append(
                { key("tool_calls"),
                  oneOf({ "null", "[]", "[{\"index\":0,\"function\":{\"name\":\"f\"}}]", "{}" }) });
        if (chance(10))
            members.append({ key("refusal"), "null" });
        if (chance(10))
            members.append({ string(), value(3) });
        if (chance(5) && !members.isEmpty())
            members.append(members.at(pick(int(members.size()))));
        return object(members);
    }

    QByteArray mutate(QByteArray json)
    {
        for (int edits = pick(3) + 1; edits > 0 && !json.isEmpty(); --edits) {
            const int at = pick(int(json.size()));
            switch (pick(6)) {
            case 0:
                json.remove(at, 1);
                break;
            case 1:
                json.insert(at, "{}[]:,\"\\ x0\x80"[pick(13)]);
                break;
            case 2:
                json[at] = char(json.at(at) ^ (1 << pick(8)));
                break;
            case 3:
                json.truncate(at);
                break;
            case 4:
                json += oneOf({ "x", " }", ",", "\n", "\xEF\xBB\xBF" });
                break;
            default:
                json.prepend("\xEF\xBB\xBF");
                break;
            }
        }
        return json;
    }

    QRandomGenerator m_random;
};

const char OpenAiStyle[] =
    "{\"id\":\"chatcmpl-9x\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":"
    "\"gpt-4o\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
    "\"Hello\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null,\"obfuscation\":"
    "\"ab12\"}";

} // namespace

class TestOpenAiChunk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { failOnAttacheWarnings(); }
    void readsTheChunksProvidersSend_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("content");
        QTest::addColumn<QString>("finishReason");
        QTest::newRow("OpenAI") << QByteArray(OpenAiStyle) << QStringLiteral("Hello") << QString();
        QTest::newRow("first, with role")
            << QByteArray("{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":"
                          "\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}")
            << QString() << QString();
        QTest::newRow("last") << QByteArray(
            "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")
                              << QString() << QStringLiteral("stop");
        QTest::newRow("null content")
            << QByteArray("{\"choices\":[{\"delta\":{\"content\":null,\"tool_calls\":null,"
                          "\"refusal\":null},\"finish_reason\":\"length\"}]}")
            << QString() << QStringLiteral("length");
        QTest::newRow("escapes") << QByteArray(
            "{\"choices\":[{\"delta\":{\"content\":\"a\\\"b\\\\c\\/"
            "d\\n\\t\\u00e9\\uD83D\\uDE00\\u0000\"}}]}")
                                 << QStringLiteral("a\"b\\c/d\n\t\u00e9")
                + QString::fromUtf8("\xF0\x9F\x98\x80") + QChar(0)
                                 << QString();
        QTest::newRow("raw UTF-8")
            << QByteArray("{\"choices\":[{\"delta\":{\"content\":\"w\xC3\xB6rld \xE4\xB8\xAD "
                          "\xF0\x9F\x98\x80\"}}]}")
            << QString::fromUtf8("w\xC3\xB6rld \xE4\xB8\xAD \xF0\x9F\x98\x80") << QString();
        QTest::newRow("spaced out")
            << QByteArray(" {\n  \"choices\" : [ {\r\n \"delta\" :\t{ \"content\" : \"x\" } , "
                          "\"finish_reason\" : null } ] ,\n \"created\" : -1.5 }\n")
            << QStringLiteral("x") << QString();
        QTest::newRow("Ollama") << QByteArray(
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":"
            "\"llama3\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,\"delta\":{"
            "\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":null}]}")
                                << QStringLiteral("Hi") << QString();
        QTest::newRow("Groq extras") << QByteArray(
            "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"logprobs\":"
            "null,\"finish_reason\":null}],\"x_groq\":{\"id\":\"req_1\"}}")
                                     << QStringLiteral("Hi") << QString();
        QTest::newRow("empty choices, null usage")
            << QByteArray("{\"choices\":[],\"usage\":null}") << QString() << QString();
    }
    void readsTheChunksProvidersSend()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, content);
        QFETCH(QString, finishReason);
        OpenAiChunk::Scan scan;
        QVERIFY(OpenAiChunk::scan(json, scan));
        QCOMPARE(decoded(scan.content), content);
        QCOMPARE(decoded(scan.finishReason), finishReason);
        QString why;
        QVERIFY2(agreesWithDom(json, &why), qPrintable(why));
    }

    void leavesTheRestToTheDom_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("tool calls")
            << QByteArray("{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{"
                          "\"arguments\":\"{\"}}]}}]}");
        QTest::newRow("usage") << QByteArray(
            "{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}");
        QTest::newRow("error") << QByteArray("{\"error\":{\"message\":\"overloaded\"}}");
        QTest::newRow("lone high surrogate")
            << QByteArray("{\"choices\":[{\"delta\":{\"content\":\"\\ud83d\"}}]}");
        QTest::newRow("lone low surrogate")
            << QByteArray("{\"choices\":[{\"delta\":{\"content\":\"\\ude00x\"}}]}");
        QTest::newRow("escaped key")
            << QByteArray("{\"choices\":[{\"delta\":{\"con\\u0074ent\":\"x\"}}]}");
        QTest::newRow("duplicate content")
            << QByteArray("{\"choices\":[{\"delta\":{\"content\":\"a\",\"content\":\"b\"}}]}");
        QTest::newRow("duplicate choices")
            << QByteArray("{\"choices\":[],\"choices\":[{\"delta\":{\"content\":\"b\"}}]}");
        QTest::newRow("two choices") << QByteArray(
            "{\"choices\":[{\"delta\":{\"content\":\"a\"}},{\"delta\":{\"content\":\"b\"}}]}");
        QTest::newRow("raw tab") << QByteArray(
            "{\"choices\":[{\"delta\":{\"content\":\"a\tb\"}}]}");
        QTest::newRow("unknown escape")
            << QByteArray("{\"choices\":[{\"delta\":{\"content\":\"\\x41\"}}]}");
        QTest::newRow("invalid UTF-8")
            << QByteArray("{\"choices\":[{\"delta\":{\"content\":\"\xC0\x80\"}}]}");
        QTest::newRow("exponent") << QByteArray("{\"created\":1e3,\"choices\":[]}");
        QTest::newRow("garbage after") << QByteArray("{\"choices\":[]} x");
        QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF{\"choices\":[]}");
        QTest::newRow("truncated") << QByteArray("{\"choices\":[{\"delta\":{\"content\":\"a");
        QTest::newRow("not an object") << QByteArray("[{\"choices\":[]}]");
        QTest::newRow("numeric content")
            << QByteArray("{\"choices\":[{\"delta\":{\"content\":3}}]}");
    }
    void leavesTheRestToTheDom()
    {
        QFETCH(QByteArray, json);
        OpenAiChunk::Scan scan;
        QVERIFY(!OpenAiChunk::scan(json, scan));
    }

    void agreesWithQJsonDocumentOnRandomChunks()
    {
        ChunkGenerator generator(20240229);
        int accepted = 0;
        constexpr int Cases = 100000;
        for (int i = 0; i < Cases; ++i) {
            const QByteArray json = generator.chunk();
            QString why;
            if (!agreesWithDom(json, &why))
                QFAIL(qPrintable(
                    QStringLiteral("case %1: %2 in %3")
                        .arg(i)
                        .arg(why, QString::fromLatin1(json.toPercentEncoding(" {}[]\":,")))));
            OpenAiChunk::Scan scan;
            accepted += OpenAiChunk::scan(json, scan) ? 1 : 0;
        }
        // Enough of them take the fast path for the comparison to mean something.
        QVERIFY2(accepted > Cases / 8, qPrintable(QString::number(accepted)));
    }
};

QTEST_GUILESS_MAIN(TestOpenAiChunk)
#include "tst_openaichunk.moc"
