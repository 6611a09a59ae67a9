#!/usr/bin/env bash
# SPDX-FileCopyrightText: Attache contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sets up (missing packages, build) and runs every test. Arguments go to ctest, e.g. -R engine.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
attache_install_packages
attache_build
# The Node-driven tests' packages (the SDKs, the extension's build, code-server, playwright-core).
attache_node_setup tests/node vscode tests/vscode-e2e
# Tests start real servers on loopback and time cancellations: run them one at a time.
ctest --test-dir "$ATTACHE_BUILD" --output-on-failure --timeout 300 "$@"
