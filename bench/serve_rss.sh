#!/usr/bin/env bash
# Is whosaid-serve's memory bounded? Serves the index that bench/serve_load.sh
# built for N articles (run that first), loads it with C keep-alive clients for
# S seconds (the mixed queries of bench/serve_queries.txt), and prints the
# server's resident set every 10 s: "seconds VmRSS_kB VmHWM_kB loadavg", then
# the client's one-line JSON summary. Flat means VmHWM stops rising early.
# Usage: bench/serve_rss.sh [ARTICLES] [SECONDS] [CLIENTS] [BUILD_DIR]
#   (defaults: 100000, 600, 8, build-bench)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-100000}
seconds=${2:-600}
clients=${3:-8}
bin=${4:-$src/build-bench}/bin
work=${WHOSAID_BENCH_WORK:-/tmp/whosaid-serve-load-$n}
[ -d "$work/db" ] || { echo "serve_rss.sh: no index in $work/db: run bench/serve_load.sh $n first" >&2; exit 2; }
for p in whosaid-serve whosaid-serve-load; do
  [ -x "$bin/$p" ] || { echo "serve_rss.sh: $bin/$p is missing: build with -DWHOSAID_BUILD_BENCH=ON" >&2; exit 2; }
done
out=$(mktemp -d)
. "$src/bench/serve_lib.sh"
serve_start serve_rss.sh "$work/db" "$out"
trap 'kill -TERM $pid 2>/dev/null || true; rm -rf "$out"' EXIT
"$bin/whosaid-serve-load" --url "$url" --clients "$clients" --seconds "$seconds" \
  "$src/bench/serve_queries.txt" >"$out/load.json" &
load=$!
t=0
while kill -0 "$load" 2>/dev/null; do
  echo "$t $(awk '/VmRSS/ {print $2}' /proc/$pid/status) $(awk '/VmHWM/ {print $2}' /proc/$pid/status) $(cut -d' ' -f1 /proc/loadavg)"
  sleep 10
  t=$((t + 10))
done
wait "$load"
cat "$out/load.json"
