// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>

namespace {

QPalette darkPalette()
{
    const QColor window(0x35, 0x35, 0x35);
    const QColor base(0x2a, 0x2a, 0x2a);
    const QColor text(0xf0, 0xf0, 0xf0);
    const QColor disabled(0x80, 0x80, 0x80);
    const QColor highlight(0x3d, 0x8e, 0xe0);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window.lighter(112));
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x55, 0x55));
    p.setColor(QPalette::Light, window.lighter(150));
    p.setColor(QPalette::Midlight, window.lighter(125));
    p.setColor(QPalette::Mid, window.darker(120));
    p.setColor(QPalette::Dark, window.darker(150));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, highlight.lighter(120));
    p.setColor(QPalette::LinkVisited, highlight.lighter(140));
    for (const auto role :
         { QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::HighlightedText })
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, window.lighter(130));
    return p;
}

} // namespace

Theme::Theme()
    : m_systemStyle(QApplication::style()->name())
{ }

void Theme::apply(const QString &theme)
{
    const QString wanted = theme == QLatin1String("light") || theme == QLatin1String("dark")
        ? theme
        : QStringLiteral("system");
    if (wanted == m_applied)
        return;
    m_applied = wanted;
    if (wanted == QLatin1String("system")) {
        QApplication::setStyle(m_systemStyle);
        QApplication::setPalette(QPalette()); // an empty palette gives the platform's back
        return;
    }
    // Fusion draws with the palette alone, so both looks are whole on any platform.
    QApplication::setStyle(QStringLiteral("Fusion"));
    QApplication::setPalette(
        wanted == QLatin1String("dark") ? darkPalette() : QApplication::style()->standardPalette());
}
