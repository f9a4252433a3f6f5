#!/usr/bin/env bash
# Checks that whosaid-eval and the independent scorer
# (../shared/tools/score_extract.py) agree: runs both on every dev set and
# fails if any figure they both print differs by more than 0.01 (counts must
# be equal). Prints the table of figures. Reads ../shared/data, so it is not
# part of ctest.
# Usage: bench/eval_agree.sh [BUILD_DIR]        (default: build)
# Environment: WHOSAID_SHARED (default: ../shared beside the checkout).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
shared=${WHOSAID_SHARED:-$src/../shared}
D=$shared/data
S=$shared/tools/score_extract.py
bin=$build/bin
for f in "$S" "$bin/whosaid-eval" "$bin/whosaid-extract" "$bin/whosaid" "$bin/whosaid-index"; do
  [ -e "$f" ] || { echo "eval_agree.sh: $f is missing: build first (cmake --build $build), or give the build folder" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "whosaid-eval (all dev sets; the who-said-it index in $work/db)..." >&2
"$bin/whosaid-eval" --polnear "$D/polnear" --conll "$D/conll2003-ner/eng.testa" \
  --reuters "$D/reuters21578/articles.tsv" --bbc "$D/bbc-news/bbc" \
  --who-said-it "$D/who-said-it/dev.tsv" --db "$work/db" > "$work/eval.json"

X=$bin/whosaid-extract
echo "score_extract.py..." >&2
python3 "$S" polnear "$X" "$D/polnear/dev/text" "$D/polnear/dev.attributions.tsv" > "$work/polnear.json"
python3 "$S" quotespeaker "$X" "$D/polnear/dev/text" "$D/polnear/dev.attributions.tsv" \
  "$D/polnear/dev-speakers.tsv" > "$work/quotespeaker.json"
python3 "$S" speakers "$X" "$D/polnear/dev/text" "$D/polnear/dev-speakers-articles.tsv" > "$work/speakers.json"
mkdir -p "$work/conll"
python3 "$S" conll "$X" "$D/conll2003-ner/eng.testa" "$work/conll" > "$work/conll.json"
python3 "$S" whosaidit "$bin/whosaid" "$work/db" "$D/who-said-it/dev.tsv" > "$work/whosaidit.json"

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
ev = json.load(open(f'{work}/eval.json'))
bad = 0
print('| set | figure | whosaid-eval | score_extract.py | agree |')
print('|---|---|---:|---:|---|')
for mode in ('polnear', 'quotespeaker', 'speakers', 'conll', 'whosaidit'):
    ref = json.loads(open(f'{work}/{mode}.json').read())
    mine = ev.get(mode, {})
    for key, want in ref.items():
        got = mine.get(key)
        if isinstance(want, list):
            pairs = [(f'{key}[{i}]', w, got[i] if isinstance(got, list) and i < len(got) else None)
                     for i, w in enumerate(want)]
        else:
            pairs = [(key, want, got)]
        for name, w, g in pairs:
            ok = isinstance(g, (int, float)) and abs(g - w) <= (0 if isinstance(w, int) else 0.01) + 1e-9
            bad += not ok
            print(f'| {mode} | {name} | {g} | {w} | {"yes" if ok else "**NO**"} |')
sys.exit(1 if bad else 0)
PY
