#!/usr/bin/env bash
# SPDX-FileCopyrightText: Attache contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails, naming them, when a C++ file is not formatted as .clang-format says (clang-format 14, as
# Debian 12 ships it) or has a line over 100 columns that clang-format cannot break.
#   scripts/check-format.sh          # check
#   scripts/check-format.sh --fix    # format in place
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.h')
if [ "${1:-}" = "--fix" ]; then
    clang-format -i "${files[@]}"
    exit 0
fi
status=0
for file in "${files[@]}"; do
    if ! clang-format --dry-run --Werror "$file" >/dev/null 2>&1; then
        echo "not formatted: $file (scripts/check-format.sh --fix)"
        status=1
    fi
done
# Characters, not bytes: "⚙" is one column.
if long="$(LC_ALL=C.UTF-8 grep -nP '^.{101,}' "${files[@]}")"; then
    echo "lines over 100 columns:"
    echo "$long"
    status=1
fi
exit $status
