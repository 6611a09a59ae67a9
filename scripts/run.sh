#!/usr/bin/env bash
# SPDX-FileCopyrightText: Attache contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sets up (missing packages, build) and starts Attache. Arguments go to attache, e.g. --headless.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
attache_install_packages
attache_build
exec "$ATTACHE_BUILD/bin/attache" "$@"
