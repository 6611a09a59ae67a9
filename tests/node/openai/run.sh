#!/usr/bin/env bash
# SPDX-FileCopyrightText: Attache contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The OpenAI-compatible /v1 gateway driven by the openai npm package (tests/node's lockfile)
# against a real attache --headless and the fake provider, with Node's test runner.
#   run.sh <attache> <attache-fake-provider> [test files...]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../vscode/node-env.sh"
require_packages tests/node

export ATTACHE_BINARY="$1" ATTACHE_FAKE_PROVIDER="$2"
shift 2
cd "$ATTACHE_ROOT"
if [ $# -eq 0 ]; then
    set -- tests/node/openai/*.test.mjs
fi
exec node --test --test-concurrency=1 --test-timeout=180000 "$@"
