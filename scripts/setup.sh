#!/usr/bin/env bash
# SPDX-FileCopyrightText: Attache contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the Debian packages Attache needs (only those missing) and builds it into ./build.
# Sourced by run.sh and test.sh; safe to run on its own.
set -euo pipefail

ATTACHE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ATTACHE_BUILD="${ATTACHE_BUILD:-$ATTACHE_ROOT/build}"

ATTACHE_PACKAGES=(
    build-essential cmake ninja-build pkg-config curl
    qt6-base-dev qt6-httpserver-dev qt6-websockets-dev qt6-tools-dev qt6-tools-dev-tools
    qt6-l10n-tools linguist-qt6 qt6-translations-l10n libqt6sql6-sqlite qtkeychain-qt6-dev qt6-svg-dev
    libreadline-dev  # the command-line client's interactive chat: line editing and history
    zsh  # tst_clicompletion checks the zsh completion too
    libsecret-1-0  # QtKeychain loads it at run time to reach the Secret Service (GNOME Keyring)
    dbus-daemon gnome-keyring  # tst_keystore_service: a private session bus and keyring
    jq  # tst_clientspanel runs the token expression of the curl snippet it shows
    util-linux mount  # tst_diskfull: unshare and mount for a small disk of its own
    libgl-dev xvfb xauth
    clang libclang-rt-14-dev  # scripts/sanitize.sh: ASan/UBSan build and libFuzzer
    clang-format jq  # scripts/check-format.sh (CI); tst_clientspanel runs the curl snippet's jq
    # The VS Code end-to-end test: Debian's Chromium drives code-server, whose native modules
    # node-gyp builds against the pinned Node's headers.
    chromium fonts-dejavu-core
    libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev python3
)

attache_install_packages() {
    local missing=()
    for pkg in "${ATTACHE_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    # Node and npm only run the pinned Node's installs (scripts/node.sh): any will do, and a
    # nodejs from elsewhere (NodeSource) conflicts with Debian's npm package.
    command -v node >/dev/null || missing+=(nodejs)
    command -v npm >/dev/null || missing+=(npm)
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "Please install as root: apt-get install ${missing[*]}" >&2; exit 1; }
        sudo=(sudo)
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

source "$ATTACHE_ROOT/scripts/node.sh"

attache_build() {
    local jobs
    jobs="$(nproc 2>/dev/null || echo 2)"
    if [ ! -f "$ATTACHE_BUILD/CMakeCache.txt" ]; then
        cmake -S "$ATTACHE_ROOT" -B "$ATTACHE_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
    fi
    cmake --build "$ATTACHE_BUILD" -j"$jobs"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    attache_install_packages
    attache_build
fi
