// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "codehighlighter.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace CodeHighlighter {

namespace {

enum State { Plain = 0, InBlockComment = 1, InTripleDouble = 2, InTripleSingle = 3 };

struct Rules
{
    QString name;
    QSet<QString> keywords;
    QStringList lineComments; // "//", "#", "--"
    QString blockOpen; // "/*"
    QString blockClose; // "*/"
    QString quotes; // characters that start a string
    bool tripleQuotes = false; // Python
    bool markup = false; // HTML, XML: tags and attributes
    bool caseInsensitive = false; // SQL
};

QSet<QString> words(const char *list)
{
    QSet<QString> set;
    for (const QString &word :
         QString::fromLatin1(list).split(QLatin1Char(' '), Qt::SkipEmptyParts))
        set.insert(word);
    return set;
}

const QHash<QString, Rules> &allRules()
{
    static const QHash<QString, Rules> rules = [] {
        const QStringList slashes { QStringLiteral("//") };
        const QString cBlockOpen = QStringLiteral("/*");
        const QString cBlockClose = QStringLiteral("*/");
        QHash<QString, Rules> r;
        r.insert(QStringLiteral("cpp"),
                 { QStringLiteral("C++"),
                   words("auto bool break case catch char class const constexpr continue default "
                         "delete do double else enum explicit extern false float for friend if "
                         "include inline int long namespace new noexcept nullptr operator "
                         "override private protected public return short signed sizeof static "
                         "struct switch template this throw true try typedef typename union "
                         "unsigned using virtual void volatile while define pragma ifdef endif"),
                   slashes, cBlockOpen, cBlockClose, QStringLiteral("\"'") });
        Rules c = r.value(QStringLiteral("cpp"));
        c.name = QStringLiteral("C");
        r.insert(QStringLiteral("c"), c);
        r.insert(QStringLiteral("python"),
                 { QStringLiteral("Python"),
                   words("and as assert async await break class continue def del elif else except "
                         "False finally for from global if import in is lambda None nonlocal not "
                         "or pass raise return True try while with yield self print"),
                   { QStringLiteral("#") },
                   {},
                   {},
                   QStringLiteral("\"'"),
                   true });
        const QSet<QString> js =
            words("async await break case catch class const continue debugger default delete do "
                  "else export extends false finally for function if import in instanceof let new "
                  "null of return static super switch this throw true try typeof undefined var "
                  "void while yield interface type enum implements readonly as from");
        r.insert(QStringLiteral("javascript"),
                 { QStringLiteral("JavaScript"), js, slashes, cBlockOpen, cBlockClose,
                   QStringLiteral("\"'`") });
        r.insert(QStringLiteral("typescript"),
                 { QStringLiteral("TypeScript"), js, slashes, cBlockOpen, cBlockClose,
                   QStringLiteral("\"'`") });
        r.insert(QStringLiteral("java"),
                 { QStringLiteral("Java"),
                   words("abstract boolean break byte case catch char class continue default do "
                         "double else enum extends final finally float for if implements import "
                         "instanceof int interface long new null package private protected public "
                         "return short static super switch synchronized this throw throws true "
                         "false try void volatile while var record"),
                   slashes, cBlockOpen, cBlockClose, QStringLiteral("\"'") });
        r.insert(QStringLiteral("csharp"),
                 { QStringLiteral("C#"),
                   words("abstract as bool break case catch class const continue decimal default "
                         "do double else enum false finally float for foreach if in int interface "
                         "internal is long namespace new null object out override private "
                         "protected public readonly ref return static string struct switch this "
                         "throw true try using var virtual void while async await"),
                   slashes, cBlockOpen, cBlockClose, QStringLiteral("\"'") });
        r.insert(
            QStringLiteral("go"),
            { QStringLiteral("Go"),
              words("break case chan const continue default defer else fallthrough for func go "
                    "goto if import interface map package range return select struct switch "
                    "type var nil true false string int error bool byte"),
              slashes, cBlockOpen, cBlockClose, QStringLiteral("\"'`") });
        r.insert(QStringLiteral("rust"),
                 { QStringLiteral("Rust"),
                   words("as async await break const continue crate else enum extern false fn for "
                         "if impl in let loop match mod move mut pub ref return self Self static "
                         "struct super trait true type unsafe use where while Some None Ok Err"),
                   slashes, cBlockOpen, cBlockClose, QStringLiteral("\"") });
        r.insert(QStringLiteral("bash"),
                 { QStringLiteral("Shell"),
                   words("if then else elif fi for while until do done case esac in function "
                         "return local export echo exit set unset readonly source cd"),
                   { QStringLiteral("#") },
                   {},
                   {},
                   QStringLiteral("\"'") });
        r.insert(QStringLiteral("sql"),
                 { QStringLiteral("SQL"),
                   words("select from where insert into values update set delete create table "
                         "drop alter add index primary key foreign references join left right "
                         "inner outer on group by order having limit offset and or not null as "
                         "distinct union all case when then else end begin commit rollback"),
                   { QStringLiteral("--") },
                   cBlockOpen,
                   cBlockClose,
                   QStringLiteral("'\""),
                   false,
                   false,
                   true });
        r.insert(
            QStringLiteral("json"),
            { QStringLiteral("JSON"), words("true false null"), {}, {}, {}, QStringLiteral("\"") });
        r.insert(QStringLiteral("yaml"),
                 { QStringLiteral("YAML"),
                   words("true false null yes no"),
                   { QStringLiteral("#") },
                   {},
                   {},
                   QStringLiteral("\"'") });
        r.insert(QStringLiteral("css"),
                 { QStringLiteral("CSS"),
                   words("important inherit initial none auto"),
                   {},
                   cBlockOpen,
                   cBlockClose,
                   QStringLiteral("\"'") });
        r.insert(QStringLiteral("html"),
                 { QStringLiteral("HTML"),
                   {},
                   {},
                   QStringLiteral("<!--"),
                   QStringLiteral("-->"),
                   QStringLiteral("\"'"),
                   false,
                   true });
        Rules xml = r.value(QStringLiteral("html"));
        xml.name = QStringLiteral("XML");
        r.insert(QStringLiteral("xml"), xml);
        return r;
    }();
    return rules;
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

// The end of a string opened at from (the quote), or the line's end.
int stringEnd(const QString &line, int from, QChar quote)
{
    for (int i = from + 1; i < line.size(); ++i) {
        if (line.at(i) == QLatin1Char('\\'))
            ++i;
        else if (line.at(i) == quote)
            return i + 1;
    }
    return int(line.size());
}

void markupLine(const QString &line, QList<Span> &spans)
{
    static const QRegularExpression tag(QStringLiteral("</?[A-Za-z][\\w:.-]*|/?>"));
    static const QRegularExpression string(QStringLiteral("\"[^\"]*\"|'[^']*'"));
    for (auto it = tag.globalMatch(line); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        spans.append({ int(m.capturedStart()), int(m.capturedLength()), Kind::Tag });
    }
    for (auto it = string.globalMatch(line); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        spans.append({ int(m.capturedStart()), int(m.capturedLength()), Kind::String });
    }
}

} // namespace

QString canonicalName(const QString &info)
{
    static const QHash<QString, QString> aliases {
        { QStringLiteral("c++"), QStringLiteral("cpp") },
        { QStringLiteral("cc"), QStringLiteral("cpp") },
        { QStringLiteral("cxx"), QStringLiteral("cpp") },
        { QStringLiteral("h"), QStringLiteral("cpp") },
        { QStringLiteral("hpp"), QStringLiteral("cpp") },
        { QStringLiteral("py"), QStringLiteral("python") },
        { QStringLiteral("python3"), QStringLiteral("python") },
        { QStringLiteral("js"), QStringLiteral("javascript") },
        { QStringLiteral("jsx"), QStringLiteral("javascript") },
        { QStringLiteral("node"), QStringLiteral("javascript") },
        { QStringLiteral("ts"), QStringLiteral("typescript") },
        { QStringLiteral("tsx"), QStringLiteral("typescript") },
        { QStringLiteral("cs"), QStringLiteral("csharp") },
        { QStringLiteral("c#"), QStringLiteral("csharp") },
        { QStringLiteral("golang"), QStringLiteral("go") },
        { QStringLiteral("rs"), QStringLiteral("rust") },
        { QStringLiteral("sh"), QStringLiteral("bash") },
        { QStringLiteral("shell"), QStringLiteral("bash") },
        { QStringLiteral("zsh"), QStringLiteral("bash") },
        { QStringLiteral("console"), QStringLiteral("bash") },
        { QStringLiteral("yml"), QStringLiteral("yaml") },
        { QStringLiteral("htm"), QStringLiteral("html") },
        { QStringLiteral("svg"), QStringLiteral("xml") },
    };
    const QString name = info.trimmed().section(QLatin1Char(' '), 0, 0).toLower();
    const QString canonical = aliases.value(name, name);
    return allRules().contains(canonical) ? canonical : QString();
}

QString displayName(const QString &info)
{
    const QString canonical = canonicalName(info);
    if (!canonical.isEmpty())
        return allRules().value(canonical).name;
    return info.trimmed().section(QLatin1Char(' '), 0, 0);
}

QList<Span> highlightLine(const QString &language, const QString &line, int *state)
{
    QList<Span> spans;
    const auto found = allRules().constFind(canonicalName(language));
    if (found == allRules().cend())
        return spans;
    const Rules &rules = found.value();
    int i = 0;
    const int n = int(line.size());
    // What the line before left open.
    if (*state == InBlockComment) {
        const int close = int(line.indexOf(rules.blockClose));
        const int end = close < 0 ? n : close + int(rules.blockClose.size());
        spans.append({ 0, end, Kind::Comment });
        if (close < 0)
            return spans;
        *state = Plain;
        i = end;
    } else if (*state == InTripleDouble || *state == InTripleSingle) {
        const QString triple =
            *state == InTripleDouble ? QStringLiteral("\"\"\"") : QStringLiteral("'''");
        const int close = int(line.indexOf(triple));
        const int end = close < 0 ? n : close + 3;
        spans.append({ 0, end, Kind::String });
        if (close < 0)
            return spans;
        *state = Plain;
        i = end;
    }
    if (rules.markup) {
        markupLine(line, spans);
        const int open = int(line.indexOf(rules.blockOpen, i));
        if (open >= 0) {
            const int close = int(line.indexOf(rules.blockClose, open));
            spans.append({ open, close < 0 ? n - open : close + 3 - open, Kind::Comment });
            if (close < 0)
                *state = InBlockComment;
        }
        return spans;
    }
    while (i < n) {
        const QChar c = line.at(i);
        bool matched = false;
        for (const QString &comment : rules.lineComments) {
            if (QStringView(line).mid(i).startsWith(comment)) {
                spans.append({ i, n - i, Kind::Comment });
                return spans;
            }
        }
        if (!rules.blockOpen.isEmpty() && QStringView(line).mid(i).startsWith(rules.blockOpen)) {
            const int close = int(line.indexOf(rules.blockClose, i + rules.blockOpen.size()));
            const int end = close < 0 ? n : close + int(rules.blockClose.size());
            spans.append({ i, end - i, Kind::Comment });
            if (close < 0)
                *state = InBlockComment;
            i = end;
            continue;
        }
        if (rules.tripleQuotes
            && (QStringView(line).mid(i).startsWith(QLatin1String("\"\"\""))
                || QStringView(line).mid(i).startsWith(QLatin1String("'''")))) {
            const QString triple = line.mid(i, 3);
            const int close = int(line.indexOf(triple, i + 3));
            const int end = close < 0 ? n : close + 3;
            spans.append({ i, end - i, Kind::String });
            if (close < 0)
                *state = triple.at(0) == QLatin1Char('"') ? InTripleDouble : InTripleSingle;
            i = end;
            continue;
        }
        if (rules.quotes.contains(c)) {
            const int end = stringEnd(line, i, c);
            spans.append({ i, end - i, Kind::String });
            i = end;
            continue;
        }
        if (c.isDigit() && (i == 0 || !isWordChar(line.at(i - 1)))) {
            int end = i + 1;
            while (end < n && (isWordChar(line.at(end)) || line.at(end) == QLatin1Char('.')))
                ++end;
            spans.append({ i, end - i, Kind::Number });
            i = end;
            continue;
        }
        if (isWordChar(c) || c == QLatin1Char('#')) {
            int end = i + 1;
            while (end < n && isWordChar(line.at(end)))
                ++end;
            QString word = line.mid(i, end - i);
            if (word.startsWith(QLatin1Char('#')))
                word = word.mid(1); // a C preprocessor line: "#include"
            if (rules.caseInsensitive)
                word = word.toLower();
            if (rules.keywords.contains(word)) {
                spans.append({ i, end - i, Kind::Keyword });
                matched = true;
            } else {
                int next = end;
                while (next < n && line.at(next) == QLatin1Char(' '))
                    ++next;
                if (next < n && line.at(next) == QLatin1Char('(') && !c.isDigit()) {
                    spans.append({ i, end - i, Kind::Call });
                    matched = true;
                }
            }
            Q_UNUSED(matched)
            i = end;
            continue;
        }
        ++i;
    }
    return spans;
}

QColor colorFor(Kind kind, bool dark)
{
    // Chosen for at least 4.5:1 against the code background in either theme.
    switch (kind) {
    case Kind::Keyword:
        return dark ? QColor(0xc6, 0x93, 0xff) : QColor(0x8a, 0x1b, 0xb5);
    case Kind::String:
        return dark ? QColor(0x9c, 0xdc, 0x8c) : QColor(0x1a, 0x6e, 0x12);
    case Kind::Comment:
        return dark ? QColor(0x9a, 0xa4, 0xae) : QColor(0x5c, 0x66, 0x70);
    case Kind::Number:
        return dark ? QColor(0xf5, 0xb0, 0x72) : QColor(0xa3, 0x4a, 0x00);
    case Kind::Call:
        return dark ? QColor(0x79, 0xc0, 0xff) : QColor(0x0b, 0x55, 0xb0);
    case Kind::Tag:
        return dark ? QColor(0xff, 0x8f, 0x8f) : QColor(0xa1, 0x15, 0x15);
    }
    return {};
}

} // namespace CodeHighlighter
