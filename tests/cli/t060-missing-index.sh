#!/usr/bin/env bash
# Opening a database that is not there or not ours: no index at --db, at
# $WHOSAID_DB or at the default location; a path that is a plain file; an
# index of another schema version. Each: a message naming the program and
# the path, saying what to do, exit 1, nothing on stdout.
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid

run no-db "$BIN/whosaid" --db "$TMP/nope" ceasefire
check no-db "--db PATH with no index"
equals "no-db: the exact message" "whosaid: no index at $TMP/nope (run whosaid-index first)" "$(err_of no-db)"
ok "no-db: nothing was created" test ! -e "$TMP/nope"

run no-db-json "$BIN/whosaid" --db "$TMP/nope" --json ceasefire
check no-db-json "--json with no index: the message on stderr, a JSON error document on stdout"

WHOSAID_DB=$TMP/nope-env run no-env "$BIN/whosaid" ceasefire
equals "\$WHOSAID_DB with no index" "whosaid: no index at $TMP/nope-env (run whosaid-index first) 1" \
  "$(err_of no-env) $(code_of no-env)"

run no-default "$BIN/whosaid" ceasefire
equals "the default location with no index" \
  "whosaid: no index at $HOME/.local/share/whosaid/db (run whosaid-index first) 1" \
  "$(err_of no-default) $(code_of no-default)"

mkdir "$TMP/empty-dir"
run empty-dir "$BIN/whosaid" --db "$TMP/empty-dir" ceasefire
check empty-dir "an empty folder is no index"

echo "not a database" >"$TMP/plain-file"
run plain-file "$BIN/whosaid" --db "$TMP/plain-file" ceasefire
check plain-file "a plain file is no index"
run index-plain-file "$BIN/whosaid-index" --db "$TMP/plain-file" "$FIXTURES/seed"
check index-plain-file "whosaid-index cannot write over a plain file"
equals "the plain file is untouched" "not a database" "$(cat "$TMP/plain-file")"

# One good and one missing database: the missing one is named.
run index-good "$BIN/whosaid-index" --db "$TMP/good" --no-extract "$FIXTURES/seed"
run one-missing "$BIN/whosaid" --db "$TMP/good" --db "$TMP/nope2" Anchorage
check one-missing "one of two databases missing"

# Another schema version: refused by both programs, with a clear message.
if have xapian-metadata; then
  run index-other "$BIN/whosaid-index" --db "$TMP/other" --no-extract "$FIXTURES/seed"
  xapian-metadata set "$TMP/other" whosaid:schema 999
  run schema-search "$BIN/whosaid" --db "$TMP/other" Anchorage
  check schema-search "whosaid refuses an index of another schema version"
  run schema-index "$BIN/whosaid-index" --db "$TMP/other" --no-extract "$FIXTURES/articles"
  check schema-index "whosaid-index refuses an index of another schema version"
  equals "the index of another version is left alone" 1 "$(article_count "$TMP/other")"
else
  skip "schema version" "xapian-metadata (xapian-tools) is not installed"
fi

finish
