#!/usr/bin/env bash
# The README's example output is what the programs print: its generated
# blocks (<!-- begin: NAME --> ... <!-- end: NAME -->) are rebuilt by
# scripts/update-readme.sh from real runs on sample/; --check fails when
# README.md differs. After a change to the output: scripts/update-readme.sh,
# read the diff, commit README.md.
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid

run readme env WHOSAID_BIN_DIR="$BIN" bash "$SRC/scripts/update-readme.sh" --check
if [[ $(code_of readme) != 0 ]]; then cat "$TMP/run/readme.out" "$TMP/run/readme.err"; fi
equals "README.md is up to date (scripts/update-readme.sh --check)" 0 "$(code_of readme)"
ok "the demo block holds the indexer's summary" grep -q '^indexed [0-9]* articles' "$SRC/README.md"
not_ok "no absolute path of the checkout in README.md" grep -qF "$SRC/" "$SRC/README.md"
not_ok "no stray text line inside the JSON example" grep -q '^Speaker: “quote text”' "$SRC/README.md"

# The check itself can fail: a README with a changed line in a block.
cp -r "$SRC/scripts" "$TMP/scripts"
cp "$SRC/README.md" "$TMP/README.md"
sed -i '0,/^\$ whosaid-index sample\//s//$ whosaid-index sample\/ --changed/' "$TMP/README.md"
mkdir -p "$TMP/sample" && cp -r "$SAMPLE/." "$TMP/sample/"
run stale env WHOSAID_BIN_DIR="$BIN" bash "$TMP/scripts/update-readme.sh" --check
equals "a stale README: --check exits 1" 1 "$(code_of stale)"
ok "a stale README: the message says what to run" grep -q 'run scripts/update-readme.sh' "$TMP/run/stale.err"

finish
