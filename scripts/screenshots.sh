#!/usr/bin/env bash
# SPDX-FileCopyrightText: Attache contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The window's screenshots in docs/: two sizes, light and dark, English and German, rendered
# offscreen by attache-screenshot (build it first: cmake --build build --target attache-screenshot).
set -euo pipefail
cd "$(dirname "$0")/.."
tool=${1:-build/tests/screenshot/attache-screenshot}
for size in 1400x900 800x600; do
    for theme in light dark; do
        for language in en de; do
            "$tool" --size "$size" --theme "$theme" --language "$language" \
                "docs/window-$theme-$language-$size.png"
        done
    done
done
"$tool" --size 1180x720 docs/attache.png
