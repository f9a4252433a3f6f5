#!/usr/bin/env bash
# Regenerates the example output in README.md from real runs on sample/, so
# that the README cannot drift from what the programs print.
#
#   scripts/update-readme.sh           rewrite README.md's generated blocks
#   scripts/update-readme.sh --check   exit 1 (with a diff) when README.md
#                                      differs from what it would write
#
# A generated block sits between "<!-- begin: NAME -->" and
# "<!-- end: NAME -->" lines; NAME is one of the blocks below (each a list of
# commands, run from the repository root, the output shown after "$ CMD").
# The programs come from $WHOSAID_BIN_DIR (default build/bin); the index is
# built in a scratch HOME (the default database), never in the user's.
# Volatile parts are masked: the repository's absolute path (ids of text
# articles are their canonical paths) and the indexer's timings.
# tests/cli/t190-readme.sh runs --check in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd -P)
BIN=${WHOSAID_BIN_DIR:-$ROOT/build/bin}
CHECK=0
case ${1:-} in
  --check) CHECK=1 ;;
  "") ;;
  *) echo "usage: scripts/update-readme.sh [--check]" >&2; exit 2 ;;
esac
for p in whosaid-index whosaid; do
  if [[ ! -x $BIN/$p ]]; then
    echo "update-readme.sh: $BIN/$p is not built (build first, or set WHOSAID_BIN_DIR)" >&2
    exit 1
  fi
done

SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
export HOME=$SCRATCH/home LC_ALL=C.UTF-8 TZ=UTC NO_COLOR=1 TERM=dumb
unset WHOSAID_DB XDG_DATA_HOME COLUMNS CLICOLOR_FORCE
mkdir -p "$HOME" "$SCRATCH/blocks"
export PATH=$BIN:$PATH

# The blocks: NAME, then its commands (shell words, as shown in the README).
block_demo=(
  "whosaid-index sample/"
  "whosaid 'quote:\"spirit of Anchorage\"'"
  "whosaid --quotes --facet speaker --limit 2 ceasefire"
)
block_formats=(
  "whosaid --format ids --limit 3 ceasefire"
  "whosaid --format tsv --quotes --limit 2 --filter speaker='Kaja Kallas'"
)
block_article=(
  "whosaid --article jl-2025-11-23-geneva-preview"
)

mask() {
  sed -E \
    -e "s#$(sed -e 's/[][\.*^$+?(){}|/#]/\\&/g' <<<"$ROOT")/##g" \
    -e '/^indexed /s#\b[0-9]+([.][0-9]+)? s\b#… s#g' \
    -e '/^indexed /s#\([0-9.,]+ articles/s\)#(… articles/s)#'
}

render() {  # NAME: the block's text, commands and their output
  local name=$1 cmd first=1
  local -n cmds="block_$name"
  echo '```'
  for cmd in "${cmds[@]}"; do
    ((first)) || echo
    first=0
    echo "\$ $cmd"
    bash -c "$cmd" 2>&1 </dev/null | mask || true
  done
  echo '```'
}

for name in demo formats article; do render "$name" >"$SCRATCH/blocks/$name"; done

awk -v dir="$SCRATCH/blocks" '
  match($0, /^<!-- begin: [a-z]+ -->$/) {
    print
    name = substr($0, 13, length($0) - 16)
    file = dir "/" name
    if ((getline line < file) <= 0) { print "update-readme.sh: README.md has a block " name " that is not generated" > "/dev/stderr"; exit 3 }
    print line
    while ((getline line < file) > 0) print line
    skipping = 1
    next
  }
  /^<!-- end: [a-z]+ -->$/ { skipping = 0 }
  !skipping { print }
' README.md >"$SCRATCH/README.md"

if ((CHECK)); then
  if ! diff -u --label README.md --label "README.md as generated" README.md "$SCRATCH/README.md"; then
    echo "update-readme.sh: README.md is out of date: run scripts/update-readme.sh and commit it" >&2
    exit 1
  fi
  exit 0
fi
cp "$SCRATCH/README.md" README.md
