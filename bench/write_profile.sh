#!/usr/bin/env bash
# bench/write_profile.sh: where whosaid-index spends its time (issue 14).
# Runs whosaid-index once under `perf record` (software cpu-clock samples,
# DWARF call graphs: a VM has no hardware counters) into a new database and
# prints
#   - the share of all CPU spent in each part of the write path (each sample
#     counted once: bench/perf_breakdown.py): reading and parsing,
#     extraction by stage, document building, term generation, and Xapian's
#     work by the call of whosaid's that asked for it (add_document of
#     articles and of quotes, commit, spelling), compaction;
#   - the CPU seconds of each thread, against the wall time printed first:
#     a thread busy the whole run is the bottleneck.
#
# Usage: bench/write_profile.sh BUILD CORPUS.jsonl OUT_DIR [whosaid-index options...]
#   e.g. bench/write_profile.sh build /tmp/c20k.jsonl /tmp/prof-x
#        bench/write_profile.sh build /tmp/c20k.jsonl /tmp/prof-nx --no-extract
# Needs linux-perf. OUT_DIR gets perf.data, the index (db) and report.txt.
set -euo pipefail
if [[ $# -lt 3 ]]; then
  awk 'NR > 1 && !/^#/ {exit} NR > 1' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
build=$1 corpus=$2 out=$3
shift 3
command -v perf >/dev/null || { echo "write_profile.sh: perf is missing (apt-get install linux-perf)" >&2; exit 1; }
mkdir -p "$out"
rm -rf "$out/db" "$out/db".*
freq=${WHOSAID_PROFILE_FREQ:-200}
load=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s.%N)
perf record -q -F "$freq" -e cpu-clock --call-graph dwarf,16384 -o "$out/perf.data" -- \
  "$build/bin/whosaid-index" --db "$out/db" -q --json "$@" "$corpus" > "$out/summary.json"
end=$(date +%s.%N)
wall=$(echo "$end - $start" | bc)

{
  echo "whosaid-index $* $(basename "$corpus"): wall $wall s under perf (-F $freq), load average before: $load"
  echo "summary: $(cat "$out/summary.json")"
  echo
  perf script -i "$out/perf.data" -F comm,tid,ip,sym,dso --no-inline 2>/dev/null |
    python3 "$(dirname "$0")/perf_breakdown.py" "$freq" "$build/bin/whosaid-index"
} > "$out/report.txt"
cat "$out/report.txt"
