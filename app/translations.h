// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLocale>
#include <QString>
#include <QTranslator>

#include <memory>

/**
 * The user interface's language: Attache's own translations (built into the binary) and Qt's
 * (the standard buttons and dialogs), installed for as long as this object lives.
 */
class Translations
{
public:
    Translations() = default;
    ~Translations();
    Translations(const Translations &) = delete;
    Translations &operator=(const Translations &) = delete;

    /**
     * Installs the translations for language, a locale name such as "de" or "fr_CH" (the
     * Language setting). Empty: ATTACHE_LANGUAGE, else the system's languages as Qt reads them
     * (LANGUAGE, LC_ALL, LC_MESSAGES, LANG). A named language also becomes the default locale.
     * Returns the locale used; without a translation for it, the strings stay English.
     */
    QLocale install(const QString &language);
    /** Whether Attache's own strings are translated (false for English). */
    bool translated() const { return m_attache != nullptr; }

private:
    void remove();

    std::unique_ptr<QTranslator> m_attache;
    std::unique_ptr<QTranslator> m_qt;
};
