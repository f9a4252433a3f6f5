#!/usr/bin/env bash
# bench/index_ab.sh: two whosaid-index builds and raw Xapian on the same
# corpus, alternated (A B A B ...), so that a machine's load, which changes
# within minutes, weighs on both alike. Prints one line a run: wall and CPU
# seconds, articles/s, peak RSS (GNU time) and index bytes (du -sb), with
# the load average before it, then the ratio of each to raw Xapian's
# articles/s (its best run).
#
# Usage: bench/index_ab.sh A_BIN B_BIN XAPIAN_BIN CORPUS.jsonl ROUNDS OUT_DIR [whosaid-index options]
#   A_BIN, B_BIN: whosaid-index programs (copy one aside before rebuilding);
#   XAPIAN_BIN: whosaid-bench-xapian ("-" to leave raw Xapian out).
#   e.g. bench/index_ab.sh /tmp/old/whosaid-index build/bin/whosaid-index \
#          build/bin/whosaid-bench-xapian /tmp/c20k.jsonl 2 /tmp/ab
#        ... /tmp/ab-nx --no-extract
set -euo pipefail
if [[ $# -lt 6 ]]; then
  awk 'NR > 1 && !/^#/ {exit} NR > 1' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
a=$1 b=$2 xapian=$3 corpus=$4 rounds=$5 out=$6
shift 6
[[ -x /usr/bin/time ]] || { echo "index_ab.sh: GNU time is missing (apt-get install time)" >&2; exit 1; }
mkdir -p "$out"
n=$(wc -l < "$corpus")
results="$out/results.tsv"
: > "$results"

run() {  # label, command...
  local label=$1
  shift
  local db="$out/db-$label"
  rm -rf "$db" "$db".*
  local load
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  /usr/bin/time -o "$out/time.txt" -f "%e %U %S %M" "$@" > /dev/null
  read -r wall user sys rss < "$out/time.txt"
  local bytes
  bytes=$(du -sb "$db" | cut -f1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" "$rss" \
    "$bytes" "$load" >> "$results"
  awk -F'\t' -v n="$n" 'END {printf "%-8s wall %7.2f s  CPU %7.2f s  %6.0f articles/s  peak RSS %4.0f MB  index %7.1f MB  (load before: %s)\n", $1, $2, $3, n / $2, $4 / 1024, $5 / 1e6, $6}' "$results"
}

for ((r = 1; r <= rounds; ++r)); do
  run A "$a" --db "$out/db-A" -q "$@" "$corpus"
  run B "$b" --db "$out/db-B" -q "$@" "$corpus"
  if [[ $xapian != - ]]; then
    run xapian "$xapian" --jsonl "$corpus" --db "$out/db-xapian" --index-only
  fi
done
if [[ $xapian != - ]]; then
  awk -F'\t' -v n="$n" '
    { rate = n / $2; if (!($1 in best) || rate > best[$1]) best[$1] = rate }
    END { for (k in best) if (k != "xapian") printf "%s best %.0f articles/s = %.2fx raw Xapian (%.0f)\n", k, best[k], best[k] / best["xapian"], best["xapian"] }' "$results"
fi
