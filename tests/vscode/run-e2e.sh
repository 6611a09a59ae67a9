#!/usr/bin/env bash
# SPDX-FileCopyrightText: Attache contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The extension end to end: package the .vsix from vscode/ (the same command as a release,
# into <out>), then drive it in code-server with Chromium (tests/vscode-e2e).
#   run-e2e.sh <attache> <attache-fake-provider> <out>
# Screenshots go to <out>; ATTACHE_E2E_OUT=docs refreshes the README's.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
require_packages vscode tests/vscode-e2e

chromium="${ATTACHE_CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || attache_test_fail "Chromium is missing ($chromium): apt-get install chromium (scripts/setup.sh does)"

export ATTACHE_BINARY="$1" ATTACHE_FAKE_PROVIDER="$2"
out="$(mkdir -p "$3" && cd "$3" && pwd)"
export ATTACHE_E2E_OUT="${ATTACHE_E2E_OUT:-$out}"
export ATTACHE_VSIX="$out/attache.vsix"

echo "== packaging the extension"
(cd "$ATTACHE_ROOT/vscode" && npm run --silent package -- --out "$ATTACHE_VSIX")

echo "== VS Code (code-server) end to end"
# Everything the test makes goes under one folder. The Attache the extension starts is not the
# test's child (it outlives its editor by design): should the test be killed before it stops
# it, it is found by its discovery file here and stopped by pid.
tmp="$(mktemp -d "${TMPDIR:-/tmp}/attache-vscode-e2e.XXXXXX")"
cleanup() {
    local status=$? file pid
    while IFS= read -r file; do
        pid="$(sed -n 's/.*"pid": *\([0-9][0-9]*\).*/\1/p' "$file")"
        [ -n "$pid" ] && kill -TERM -- "-$pid" 2>/dev/null || true
    done < <(find "$tmp" -path '*/attache/server.json' 2>/dev/null)
    if [ "$status" -eq 0 ]; then rm -rf "$tmp"; else echo "kept $tmp for a look"; fi
}
trap cleanup EXIT
cd "$ATTACHE_ROOT"
TMPDIR="$tmp" node --test --test-concurrency=1 --test-timeout=600000 tests/vscode-e2e/e2e.test.mjs
