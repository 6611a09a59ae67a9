#!/usr/bin/env bash
# SPDX-FileCopyrightText: Attache contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The /v1/messages door driven by the real @anthropic-ai/sdk (tests/node's lockfile) against a
# real attache --headless, the fake OpenAI-compatible provider and the fake Anthropic API.
#   run.sh <attache> <attache-fake-provider> <attache-fake-anthropic> [test files...]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../vscode/node-env.sh"
require_packages tests/node

export ATTACHE_BINARY="$1" ATTACHE_FAKE_PROVIDER="$2" ATTACHE_FAKE_ANTHROPIC="$3"
shift 3
cd "$ATTACHE_ROOT"
if [ $# -eq 0 ]; then
    set -- tests/node/anthropic/*.test.mjs
fi
exec node --test --test-concurrency=1 --test-timeout=180000 "$@"
