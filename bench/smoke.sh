#!/usr/bin/env bash
# bench-smoke (ctest): runs every benchmark program once on the 50-article
# fixture bench/fixtures/smoke.jsonl (written for this test, not research
# data) so that none of them can rot. It checks that each runs and prints the
# JSON it should; it times nothing worth reading. The steps that need
# ../shared/data (whosaid-scale, whosaid-ir-eval) are skipped when it is not
# there. Usage: smoke.sh BIN_DIR SOURCE_DIR SCRATCH_DIR
set -euo pipefail
bin=$1 src=$2 tmp=$3
fx="$src/bench/fixtures"
rm -rf "$tmp" && mkdir -p "$tmp"
fail() { echo "bench-smoke: $*" >&2; exit 1; }
has() { grep -q "$1" "$2" || fail "$2 lacks $1"; }

"$bin/whosaid-bench-fts5" --jsonl "$fx/smoke.jsonl" --db "$tmp/fts5.db" \
  --queries "$fx/queries.tsv" --repeat 1 > "$tmp/fts5.json"
has '"articles": 50' "$tmp/fts5.json"; has '"p99_ms"' "$tmp/fts5.json"
"$bin/whosaid-bench-xapian" --jsonl "$fx/smoke.jsonl" --db "$tmp/xapian.db" \
  --queries "$fx/queries.tsv" --repeat 1 > "$tmp/xapian.json"
has '"articles": 50' "$tmp/xapian.json"; has '"facet"' "$tmp/xapian.json"

if [[ -x "$bin/whosaid-index" ]]; then
  "$bin/whosaid-bench-cli" --once -- "$bin/whosaid-index" --db "$tmp/whosaid.db" -q --json \
    "$fx/smoke.jsonl" > "$tmp/index.json"
  has '"peak_rss_kb"' "$tmp/index.json"
  if [[ -x "$bin/whosaid-bench-search" ]]; then
    "$bin/whosaid-bench-search" --db "$tmp/whosaid.db" --queries "$fx/queries.tsv" \
      --repeat 1 > "$tmp/search.json"
    has '"speaker"' "$tmp/search.json"
  fi
  if [[ -x "$bin/whosaid-index-parts" ]]; then
    "$bin/whosaid-index-parts" "$tmp/whosaid.db" --split "$tmp/parts" > "$tmp/parts.md"
    has '## article documents' "$tmp/parts.md"; has '| body words |' "$tmp/parts.md"
    has "$tmp/parts/article |" "$tmp/parts.md"
  fi
  if [[ -x "$bin/whosaid" ]]; then
    "$bin/whosaid-bench-cli" --runs 2 --warmup 0 -- "$bin/whosaid" --db "$tmp/whosaid.db" \
      --color never oil > "$tmp/cli.json"
    has '"p50_ms"' "$tmp/cli.json"
  fi
fi

data=${WHOSAID_SHARED_DATA:-$src/../shared/data}
if [[ -d "$data/reuters21578" && -d "$data/bbc-news" ]]; then
  "$bin/whosaid-scale" -n 20 --data "$data" -o "$tmp/scaled.jsonl"
  [[ $(wc -l < "$tmp/scaled.jsonl") == 20 ]] || fail "whosaid-scale did not write 20 lines"
  cmp <("$bin/whosaid-scale" -n 5 --data "$data") <(head -5 "$tmp/scaled.jsonl") \
    || fail "whosaid-scale is not deterministic"
else
  echo "bench-smoke: no $data, whosaid-scale not run" >&2
fi
if [[ -d "$data/ir-test-collections/time" ]]; then
  "$bin/whosaid-ir-eval" --dir "$data/ir-test-collections" --collections time \
    --engines xapian,fts5 > "$tmp/ir.json" 2>/dev/null
  has '"ndcg10"' "$tmp/ir.json"
fi

mkdir -p "$tmp/out/50"
cp "$tmp/fts5.json" "$tmp/xapian.json" "$tmp/out/50/"
"$bin/whosaid-bench-report" --out "$tmp/out" --sizes 50 --command smoke
has '| term |' "$tmp/out/results.md"
echo "bench-smoke: ok"
