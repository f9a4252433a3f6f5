#!/usr/bin/env bash
# Extraction speed: CPU ms of extraction per article on the BBC News corpus
# (../shared/data/bbc-news/bbc), the median of 3 runs of
# `whosaid-extract --timing` (the "whole: Extractor::extract" line: thread
# CPU time of Extractor::extract alone, reading and printing excluded).
# Usage: bench/extract_speed.sh [BUILD_DIR] [RUNS]   (defaults: build, 3)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
runs=${2:-3}
bbc=${WHOSAID_SHARED:-$src/../shared}/data/bbc-news/bbc
x=$build/bin/whosaid-extract
[ -x "$x" ] || { echo "extract_speed.sh: $x is missing: build first" >&2; exit 2; }
[ -d "$bbc" ] || { echo "extract_speed.sh: no BBC corpus at $bbc" >&2; exit 2; }
figures=()
for ((i = 1; i <= runs; i++)); do
  out=$("$x" --timing "$bbc" 2>&1 >/dev/null)
  articles=$(sed -n 's/^\([0-9]*\) articles,.*/\1/p' <<<"$out")
  ms=$(awk '/whole: Extractor::extract/ {print $1}' <<<"$out")
  [ -n "$ms" ] || { echo "extract_speed.sh: no timing in the output of $x --timing" >&2; exit 1; }
  echo "run $i: $ms ms/article ($articles articles)" >&2
  figures+=("$ms")
done
median=$(printf '%s\n' "${figures[@]}" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
printf '{"articles": %s, "runs": [%s], "median_ms_per_article": %s, "load": "%s"}\n' \
  "$articles" "$(IFS=,; echo "${figures[*]}")" "$median" "$(cut -d' ' -f1-3 /proc/loadavg)"
