#!/usr/bin/env bash
# Installs what is missing, builds, indexes the bundled sample corpus into the
# default database and runs example searches.
# Usage: scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
bin=build/bin
set -x
"$bin/whosaid-index" sample/
"$bin/whosaid" ceasefire
"$bin/whosaid" 'quote:"spirit of Anchorage"'
"$bin/whosaid" --facet speaker,place,year ceasefire
"$bin/whosaid" 'speaker:"Marco Rubio" peace'
