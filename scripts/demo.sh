#!/usr/bin/env bash
# Installs what is missing, builds, indexes the bundled sample corpus into the
# default database, runs example searches and says how to start the server.
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
set +x
cat <<'EOF'

To search in a browser, or from a program through the JSON API:
  build/bin/whosaid-serve          # then open http://127.0.0.1:8080/
  curl 'http://127.0.0.1:8080/api/search?q=ceasefire&facet=speaker'
EOF
