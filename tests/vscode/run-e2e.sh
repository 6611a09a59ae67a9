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
cd "$ATTACHE_ROOT"
exec node --test --test-concurrency=1 --test-timeout=600000 tests/vscode-e2e/e2e.test.mjs
