// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>

namespace {

std::unique_ptr<QTranslator> load(const QLocale &locale, const QString &name, const QString &dir)
{
    auto translator = std::make_unique<QTranslator>();
    // Tries each of the locale's UI languages in turn, as Qt orders them.
    if (!translator->load(locale, name, QStringLiteral("_"), dir))
        return nullptr;
    QCoreApplication::installTranslator(translator.get());
    return translator;
}

} // namespace

Translations::~Translations()
{
    remove();
}

QLocale Translations::install(const QString &language)
{
    remove();
    QString chosen = language.trimmed();
    if (chosen.isEmpty())
        chosen = qEnvironmentVariable("ATTACHE_LANGUAGE").trimmed();
    QLocale locale = QLocale::system();
    if (!chosen.isEmpty()) {
        locale = QLocale(chosen);
        QLocale::setDefault(locale);
    }
    m_attache = load(locale, QStringLiteral("attache"), QStringLiteral(":/i18n"));
    // Qt's own strings only with ours: a German "Abbrechen" in an English window looks broken.
    if (m_attache)
        m_qt = load(locale, QStringLiteral("qtbase"),
                    QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    return locale;
}

void Translations::remove()
{
    for (const auto *translator : { &m_qt, &m_attache }) {
        if (*translator)
            QCoreApplication::removeTranslator(translator->get());
    }
    m_qt.reset();
    m_attache.reset();
}
