#!/usr/bin/env bash
# SPDX-FileCopyrightText: Attache contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every user-visible string is translated: runs lupdate over the sources into copies of the .ts
# files and fails, naming them, when a string has no finished German or French translation (a
# new tr() that nobody translated, or an entry left unfinished).
#   check-translations.sh <lupdate> <source root>
set -euo pipefail
lupdate="$1"
root="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

sources=()
while IFS= read -r -d '' file; do
    sources+=("$file")
done < <(find "$root/app" "$root/engine" "$root/server" "$root/widgets" \( -name '*.cpp' -o -name '*.h' \) -print0 | sort -z)

status=0
for lang in de fr; do
    cp "$root/translations/attache_$lang.ts" "$work/attache_$lang.ts"
    "$lupdate" -silent -locations none -no-obsolete "${sources[@]}" -ts "$work/attache_$lang.ts"
    missing="$(python3 - "$work/attache_$lang.ts" <<'PY'
import sys, xml.etree.ElementTree as ET
for context in ET.parse(sys.argv[1]).getroot().iter("context"):
    for message in context.iter("message"):
        translation = message.find("translation")
        unfinished = translation is None or translation.get("type") == "unfinished"
        empty = translation is not None and not "".join(translation.itertext()).strip()
        if unfinished or empty:
            print(f'{context.findtext("name")}: {message.findtext("source")!r}')
PY
)"
    if [ -n "$missing" ]; then
        echo "translations/attache_$lang.ts lacks translations (run the update_translations target, then translate):"
        echo "$missing"
        status=1
    fi
done
[ "$status" -eq 0 ] && echo "German and French translations are complete."
exit "$status"
