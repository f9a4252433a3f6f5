#!/usr/bin/env bash
# Rebuilds data/place_tagger.model, the place tagger's weights
# (indexer/extract/entities/place_tagger.h), from CoNLL-2003 eng.train in ../shared/data:
# builds whosaid-train-places, trains (16 passes, a few seconds), reports
# LOC F1 on eng.testa when it is there, and writes the model, which the
# next build compiles into the library. The model holds hashed feature ids
# and weights only, no text from the data. Retrain after changing the
# gazetteer (data/*.tsv) or the place rules: both are tagger features.
# Usage: scripts/train_place_tagger.sh [BUILD_DIR] (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-$root/build}
conll=$root/../shared/data/conll2003-ner
if [[ ! -f $conll/eng.train ]]; then
  echo "train_place_tagger.sh: no $conll/eng.train (CoNLL-2003 is not in ../shared/data)" >&2
  exit 1
fi
cmake -S "$root" -B "$build" >/dev/null
cmake --build "$build" -j2 --target whosaid-train-places
dev=()
[[ -f $conll/eng.testa ]] && dev=(--dev "$conll/eng.testa")
"$build/bin/whosaid-train-places" --train "$conll/eng.train" "${dev[@]}" \
  --epochs 16 --min-count 2 --scale 100 --min-weight 300 --out "$root/data/place_tagger.model"
cmake --build "$build" -j2 --target whosaid_indexer
