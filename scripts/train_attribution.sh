#!/bin/bash
# Rebuilds data/attribution.model, the attribution tagger's weights
# (indexer/attribution_tagger.h), from PolNeAR train (../shared/data/polnear/
# train, research data that is never committed). Deterministic: a fixed
# shuffle seed. Takes a few minutes on one core.
#   scripts/train_attribution.sh [BUILD_DIR]   (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
data=${WHOSAID_POLNEAR_TRAIN:-$root/../shared/data/polnear/train}
cmake --build "$build" --target whosaid-train-attribution
"$build/bin/whosaid-train-attribution" --train "$data" --out "$root/data/attribution.model" \
  --epochs 8 --min-weight 3.5
