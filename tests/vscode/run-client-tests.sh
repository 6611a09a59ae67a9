#!/usr/bin/env bash
# SPDX-FileCopyrightText: Attache contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The extension's client library (vscode/src/client, run from its TypeScript sources) against a
# real attache --headless and the fake provider, with Node's test runner.
#   run-client-tests.sh <attache> <attache-fake-provider> [test files...]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
require_packages vscode

export ATTACHE_BINARY="$1" ATTACHE_FAKE_PROVIDER="$2"
shift 2
cd "$ATTACHE_ROOT"
if [ $# -eq 0 ]; then
    set -- tests/vscode/client/*.test.mjs
fi
exec node --test --test-concurrency=1 --test-timeout=180000 "$@"
