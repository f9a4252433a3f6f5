#!/usr/bin/env bash
# Rebuilds data/entity_tagger.model, the entity tagger's weights and word
# clusters (indexer/extract/entities/entity_tagger.h), from ../shared/data:
# builds whosaid-train-entities, clusters the words of the unlabelled news
# (BBC, PolNeAR train text, Reuters-21578 and CoNLL eng.train's words),
# trains on CoNLL-2003 eng.train (fixed seed and passes: the same model every
# run; one to two minutes on one core), reports conlleval F1 on eng.testa when
# it is there (never trained on), and writes the model, which the next
# build compiles into the library. The model holds hashed feature ids,
# weights and the word -> cluster vocabulary only.
# Retrain after changing the features, the gazetteers (data/*.tsv) or the
# tokenizer.
# Usage: scripts/train_entities.sh [BUILD_DIR] (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-$root/build}
data=$root/../shared/data
conll=$data/conll2003-ner
for f in "$conll/eng.train" "$data/bbc-news/bbc" "$data/polnear/train/text" "$data/reuters21578/articles.tsv"; do
  if [[ ! -e $f ]]; then
    echo "train_entities.sh: no $f (the training data is not in ../shared/data)" >&2
    exit 1
  fi
done
cmake -S "$root" -B "$build" >/dev/null
cmake --build "$build" -j2 --target whosaid-train-entities
dev=()
[[ -f $conll/eng.testa ]] && dev=(--dev "$conll/eng.testa")
"$build/bin/whosaid-train-entities" --train "$conll/eng.train" "${dev[@]}" \
  --unlabeled "$data/bbc-news/bbc" --unlabeled "$data/polnear/train/text" \
  --unlabeled "$data/reuters21578/articles.tsv" \
  --clusters 1024 --cluster-words 30000 --cluster-passes 2 \
  --epochs 20 --min-count 2 --scale 100 --min-weight 250 --out "$root/data/entity_tagger.model"
cmake --build "$build" -j2 --target whosaid_extract
