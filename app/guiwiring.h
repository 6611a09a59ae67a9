// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class AppCore;
class MainWindow;
class Theme;

/**
 * Gives the window the server's facts (address, discovery file) and carries its requests to
 * the server: token resets, and settings that apply at once (allowed origins, theme).
 */
void connectWindowToServer(MainWindow &window, AppCore &core, Theme &theme);
