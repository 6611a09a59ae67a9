// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <memory>

class AppCore;
class MainWindow;
class Theme;

/**
 * The window as the desktop app shows it, wired to the server it cannot know: its address and
 * discovery file, token resets, pausing, a second start asking for the window, settings that
 * apply at once (allowed origins, theme), and quitting the app when the user quits.
 */
std::unique_ptr<MainWindow> openWindow(AppCore &core, Theme &theme);

/** Shows, in a message box, why starting the app brought no window forward (the person clicked
 * an icon and reads no terminal); returns when it is closed. */
void tellInAWindow(const QString &notShown);
