#!/usr/bin/env bash
# --help and --version of whosaid-index and whosaid, and option errors
# (exit 2, a message on stderr, nothing on stdout).
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid

run index-help "$BIN/whosaid-index" --help
check index-help "whosaid-index --help"
run search-help "$BIN/whosaid" --help
check search-help "whosaid --help"

# The help documents every field of the schema table and the date syntax.
for field in title body quote speaker person org place source date; do
  ok "whosaid --help documents $field:" grep -q "^ *$field:" "$TMP/run/search-help.out"
done
ok "whosaid --help documents date ranges" grep -q 'date:2025-11-01\.\.2025-11-30' "$TMP/run/search-help.out"
ok "whosaid --help documents the exit status" grep -qi 'exit status' "$TMP/run/search-help.out"
ok "whosaid-index --help mentions --delete" grep -q -- '--delete' "$TMP/run/index-help.out"
ok "whosaid-index --help mentions --db" grep -q -- '--db' "$TMP/run/index-help.out"

# --version prints the project version from CMakeLists.txt (not a golden file:
# it changes with every release).
version=$(sed -nE 's/^project\(whosaid VERSION ([0-9.]+).*/\1/p' "$SRC/CMakeLists.txt")
for prog in whosaid-index whosaid; do
  run "$prog-version" "$BIN/$prog" --version
  equals "$prog --version exits 0" 0 "$(code_of "$prog-version")"
  ok "$prog --version prints '$prog $version'" grep -Eq "^$prog ${version//./\\.}( |\$)" "$TMP/run/$prog-version.out"
done

# Usage errors: exit 2, nothing on stdout, a message on stderr that names the
# program (STYLE.md: a message names the program, the object, the fault)
# and the offending option.
usage_error() {  # NAME WHAT PROGRAM ARGS...
  local name=$1 what=$2 prog=$3; shift 3
  run "$name" "$BIN/$prog" "$@"
  equals "$name: exit 2" 2 "$(code_of "$name")"
  equals "$name: nothing on stdout" "" "$(out_of "$name")"
  ok "$name: the message names $prog" grep -q "^$prog: " "$TMP/run/$name.err"
  ok "$name: the message names $what" grep -qF -- "$what" "$TMP/run/$name.err"
}
usage_error index-bad-option --no-such-option whosaid-index --no-such-option
usage_error search-bad-option --no-such-option whosaid --no-such-option ceasefire
usage_error search-bad-limit many whosaid --limit many ceasefire
usage_error search-bad-sort sideways whosaid --sort sideways ceasefire

run index-no-input "$BIN/whosaid-index" --db "$TMP/db"
check index-no-input "whosaid-index without input or --delete: usage error"
run search-bad-facet "$BIN/whosaid" --facet colour ceasefire
check search-bad-facet "whosaid --facet colour: usage error naming the facets"
run search-bad-filter "$BIN/whosaid" --filter speaker ceasefire
check search-bad-filter "whosaid --filter without '=': usage error"
run search-bad-lang "$BIN/whosaid-index" --db "$TMP/db" --lang klingon "$FIXTURES/seed"
check search-bad-lang "whosaid-index --lang klingon: usage error naming the languages"
ok "no database was created by the usage errors" test ! -e "$TMP/db"

finish
