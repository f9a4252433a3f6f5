#!/usr/bin/env bash
# Load on whosaid-serve: a corpus of N articles (whosaid-scale, from the
# Reuters and BBC texts of ../shared/data, read at run time) is indexed with
# extraction, served, and loaded by 1, 8 and 32 keep-alive clients for S
# seconds each with the mixed queries of bench/serve_queries.txt; then the
# same queries run in process (make_request + run_search, no HTTP or JSON) on
# 1 and 2 threads. Prints one JSON line per run, then the server's peak RSS.
# Usage: bench/serve_load.sh [ARTICLES] [SECONDS] [BUILD_DIR]
#   (defaults: 100000, 30, build-bench; the build needs -DWHOSAID_BUILD_BENCH=ON)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-100000}
seconds=${2:-30}
build=${3:-$src/build-bench}
bin=$build/bin
need() {
  for p in "$@"; do
    [ -x "$bin/$p" ] || { echo "serve_load.sh: $bin/$p is missing: build with -DWHOSAID_BUILD_BENCH=ON" >&2; exit 2; }
  done
}
need whosaid-serve whosaid-serve-load
# The corpus and its index are kept in WORK and reused by later runs.
work=${WHOSAID_BENCH_WORK:-/tmp/whosaid-serve-load-$n}
mkdir -p "$work"
if [ ! -d "$work/db" ]; then
  need whosaid-scale whosaid-index
  "$bin/whosaid-scale" --count "$n" --output "$work/corpus.jsonl"
  "$bin/whosaid-index" --db "$work/db" -q "$work/corpus.jsonl"
fi
queries=$src/bench/serve_queries.txt
. "$src/bench/serve_lib.sh"
serve_start serve_load.sh "$work/db" "$work" --threads 32
trap 'kill -TERM $pid 2>/dev/null || true' EXIT
"$bin/whosaid-serve-load" --url "$url" --clients 2 --seconds 2 "$queries" >/dev/null  # warm up
for c in 1 8 32; do
  "$bin/whosaid-serve-load" --url "$url" --clients "$c" --seconds "$seconds" "$queries"
done
echo "{\"server_peak_rss_mb\": $(awk '/VmHWM/ {printf "%.1f", $2 / 1024}' /proc/$pid/status), \"articles\": $n, \"load\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
kill -TERM "$pid"
wait "$pid" || true
trap - EXIT
for c in 1 2; do
  "$bin/whosaid-serve-load" --db "$work/db" --clients "$c" --seconds "$seconds" "$queries"
done
