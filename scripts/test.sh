#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (ctest):
#   1. build/       the normal build: every unit and CLI test;
#   2. build-asan/  clang with AddressSanitizer + UndefinedBehaviorSanitizer:
#                   the same unit and CLI tests again, then each libFuzzer
#                   target (tests/fuzz) for WHOSAID_FUZZ_SECONDS (default 20)
#                   from its seed corpus.
# Usage: scripts/test.sh            both (what CI runs)
#        scripts/test.sh --quick    step 1 only
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
case "${1:-}" in
  --quick) quick=1 ;;
  "") ;;
  *) echo "usage: scripts/test.sh [--quick]" >&2; exit 2 ;;
esac
jobs=$(nproc)
bash scripts/install-deps.sh

echo "== build/: unit and CLI tests" >&2
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"
[ "$quick" -eq 1 ] && exit 0

echo "== build-asan/: the same tests under ASan + UBSan, then fuzzing" >&2
CC=clang CXX=clang++ cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DWHOSAID_SANITIZE=address,undefined -DWHOSAID_FUZZ=ON \
  -DWHOSAID_FUZZ_SECONDS="${WHOSAID_FUZZ_SECONDS:-20}" >/dev/null
cmake --build build-asan -j"$jobs"
# A leak or a sanitizer report makes the program exit non-zero: the test fails.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE fuzz
ctest --test-dir build-asan --output-on-failure -L fuzz
