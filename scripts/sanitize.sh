#!/usr/bin/env bash
# SPDX-FileCopyrightText: Attache contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sanitizers and fuzzing (needs clang and libclang-rt-14-dev, which setup.sh installs), from one
# clang build in ./build-asan: every target instrumented with AddressSanitizer +
# UndefinedBehaviorSanitizer and libFuzzer's coverage (-DATTACHE_FUZZ=ON), so the same objects
# serve the test suite and the fuzzers and the project is compiled once, not twice.
#  (a) the ctest suite under ASan/UBSan;
#  (b) the libFuzzer targets of tests/fuzz, each run over its seed corpus for a bounded time.
# Any sanitizer report, failing test or fuzzer crash fails the script.
#
#   scripts/sanitize.sh           # everything: whole suite under ASan/UBSan, then the fuzzers
#   scripts/sanitize.sh core      # only the engine and server tests under ASan/UBSan, then the fuzzers
#   scripts/sanitize.sh fuzz      # only the fuzzers
#
# ATTACHE_FUZZ_SECONDS (default 30) is how long each fuzzer runs. Jobs default to nproc.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

mode="${1:-all}"
case "$mode" in all | core | fuzz) ;; *) echo "usage: $0 [all|core|fuzz]" >&2; exit 2 ;; esac
jobs="$(nproc 2>/dev/null || echo 2)"
asan_dir="${ATTACHE_ASAN_BUILD:-$ATTACHE_ROOT/build-asan}"
fuzz_seconds="${ATTACHE_FUZZ_SECONDS:-30}"

attache_install_packages

# Qt allocates things once per process that it never frees (plugin loaders, static caches); the
# leak checker would report those on every test, so leaks are not checked. Everything else ASan
# finds (overflows, use-after-free, double free) still fails the run.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# The crash test kills the instrumented binary this many times (the plain suite does 200): each
# start of an ASan build costs several times more, and the point here is memory errors on the
# paths a kill interrupts, which a few dozen kills already cross.
export ATTACHE_CRASH_ITERATIONS="${ATTACHE_CRASH_ITERATIONS:-30}"

# -O1 and line tables only: what sanitizer builds are usually made with, enough for reports with
# file and line, and much quicker to compile and link than -O2 with full debug information.
if [ ! -f "$asan_dir/CMakeCache.txt" ]; then
    cmake -S "$ATTACHE_ROOT" -B "$asan_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_COMPILER=clang++ -DATTACHE_FUZZ=ON \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG"
fi

# (a) the test suite under ASan + UBSan ------------------------------------------------------
if [ "$mode" != fuzz ]; then
    if [ "$mode" = core ]; then
        cmake --build "$asan_dir" -j"$jobs" --target tests/engine/all tests/server/all
        for dir in tests/engine tests/server; do
            ctest --test-dir "$asan_dir/$dir" --output-on-failure --timeout 600
        done
    else
        cmake --build "$asan_dir" -j"$jobs"
        attache_node_setup tests/node vscode tests/vscode-e2e # the Node-driven tests' packages
        ctest --test-dir "$asan_dir" --output-on-failure --timeout 600
    fi
fi

# (b) the fuzzers, each for a bounded time over its seed corpus ------------------------------
cmake --build "$asan_dir" -j"$jobs" --target attache_fuzzers
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for fuzzer in fuzz_sseparser fuzz_requestlimiter fuzz_rpcdispatcher fuzz_openaichunk \
    fuzz_wsframereader; do
    echo "== $fuzzer: ${fuzz_seconds}s"
    # New inputs go to a scratch corpus, the seeds in the repository stay as they are; a crash
    # leaves its input in $asan_dir/crashes/ and fails the script (set -e).
    mkdir -p "$work/$fuzzer" "$asan_dir/crashes"
    "$asan_dir/tests/fuzz/$fuzzer" -max_total_time="$fuzz_seconds" -timeout=25 -rss_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="$asan_dir/crashes/$fuzzer-" \
        "$work/$fuzzer" "$ATTACHE_ROOT/tests/fuzz/corpus/$fuzzer"
done
echo "sanitizers and fuzzers: clean"
