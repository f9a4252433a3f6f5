#!/bin/bash
# Rebuilds data/attribution.model, the attribution tagger's weights
# (indexer/extract/quotes/attribution_tagger.h; the trainer is
# indexer/extract/training/train_attribution.cc), from PolNeAR train (../shared/data/polnear/
# train, research data that is never committed). Deterministic: a fixed
# shuffle seed: rebuilt twice, the model is byte-identical. It prints the
# tagger's own span figures on PolNeAR dev (not tuned on). Takes a few minutes on one core. The library compiles the
# model in, so rebuild after retraining. --epochs, --min-weight and --o-bias
# were chosen on a held-out tenth of train (every tenth article, trained on
# the rest), never on dev.
#   scripts/train_attribution.sh [BUILD_DIR]   (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
data=${WHOSAID_POLNEAR_TRAIN:-$root/../shared/data/polnear/train}
dev=${WHOSAID_POLNEAR_DEV:-$root/../shared/data/polnear/dev}
cmake --build "$build" --target whosaid-train-attribution
dev_args=()
[ -d "$dev/attributions" ] && dev_args=(--dev "$dev")
"$build/bin/whosaid-train-attribution" --train "$data" "${dev_args[@]}" \
  --out "$root/data/attribution.model" \
  --epochs 14 --min-weight 10 --o-bias 40
