#!/usr/bin/env bash
# Re-indexing replaces, never duplicates: the same files again, a changed
# file, the same file by another path, JSON Lines with and without ids, from
# a file and from standard input; quote documents too. --delete removes
# articles (and their quotes); an unknown id is a warning.
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid

IN=$TMP/in
cp -r "$FIXTURES/articles" "$IN"
DB=$TMP/db
n=$(( $(find "$IN" -name '*.txt' | wc -l) + $(grep -c . "$IN/two.jsonl") ))
X() { "$BIN/whosaid-index" --db "$DB" --no-extract "$@"; }
S() { "$BIN/whosaid" --db "$DB" --json --limit 100 "$@"; }
# doc_count DB: every document, articles and quotes.
doc_count() { xapian-delve "$1" | sed -nE 's/^number of documents = ([0-9]+)$/\1/p'; }
# term_freq DB TERM: how many documents have TERM (0 if none).
term_freq() {
  local line
  line=$(xapian-delve -t "$2" "$1" 2>/dev/null | head -n 1)
  if [[ $line =~ termfreq\ ([0-9]+) ]]; then echo "${BASH_REMATCH[1]}"; else echo 0; fi
}

run first X "$IN"
check first "first indexing: every article new"
equals "first: $n articles" "$n" "$(article_count "$DB")"
run again X "$IN"
check again "the same files again: unchanged, nothing duplicated"
equals "again: still $n articles" "$n" "$(article_count "$DB")"
equals "again: still $n documents" "$n" "$(doc_count "$DB")"
run again-json X --json "$IN"
jqok again-json "again: nothing extracted or built (unchanged inputs are skipped first)" \
  ".unchanged == $n and .built == 0 and .new == 0 and .replaced == 0"

# The same file by a relative path and through a symbolic link: the id is
# the canonical path, so it is the same article.
(cd "$TMP" && X in/016_adeyemi_nice.txt) >/dev/null 2>&1
ln -s "$IN/016_adeyemi_nice.txt" "$TMP/link.txt"
X "$TMP/link.txt" >/dev/null 2>&1
equals "relative path and symlink: still $n articles" "$n" "$(article_count "$DB")"

# A changed file replaces its article.
sed -i 's/club-record fee/record-breaking sum of money/' "$IN/016_adeyemi_nice.txt"
run changed X "$IN"
check changed "a changed file: replaced"
run changed-again X --json "$IN"
jqok changed-again "a changed file: built once, then unchanged" ".unchanged == $n and .built == 0"
equals "changed: still $n articles" "$n" "$(article_count "$DB")"
run new-words S '"record-breaking sum"'
equals "changed: the new text is found" 1 "$(jq '.total.estimate' "$TMP/run/new-words.out")"
run old-words S '"club-record fee"'
equals "changed: the old text is gone" 0 "$(jq '.total.estimate' "$TMP/run/old-words.out")"

# JSON Lines with ids: a changed line replaces its article.
sed -i 's/eight months of repairs/nine months of repairs/' "$IN/two.jsonl"
X "$IN/two.jsonl" >/dev/null 2>&1
equals "a changed JSONL line: still $n articles" "$n" "$(article_count "$DB")"
run nine S '"nine months"'
same_list "the changed JSONL article is found by its new text" fx-1 "$(hit_names "$TMP/run/nine.out")"

# JSON Lines without ids (id = hash of title and body), from standard input
# twice: no duplicates.
jq -c 'del(.id)' "$FIXTURES/articles/two.jsonl" >"$TMP/noid.jsonl"
run stdin1 --stdin "$TMP/noid.jsonl" X -
run stdin2 --stdin "$TMP/noid.jsonl" X -
check stdin2 "JSONL without ids on stdin, twice: unchanged"
equals "stdin twice: 2 more articles, not 4" $((n + 2)) "$(article_count "$DB")"

# --delete by id (JSON Lines) and by path (text article).
run delete X --delete fx-1
check delete "--delete a JSONL article by its id"
equals "delete: one fewer" $((n + 1)) "$(article_count "$DB")"
run harbour S harbour
# (the copy without an id, from standard input, still has them)
equals "delete: its words are gone" 1 "$(jq '.total.estimate' "$TMP/run/harbour.out")"
run delete-path X --delete "$IN/013_measles_reading.txt"
check delete-path "--delete a text article by its path"
equals "delete by path: one fewer" "$n" "$(article_count "$DB")"
run measles S 'title:measles'
equals "delete by path: gone from the results" 0 "$(jq '.total.estimate' "$TMP/run/measles.out")"
run delete-unknown X --delete no-such-id
check delete-unknown "--delete an unknown id: a warning, exit 3 (some input skipped)"
equals "delete unknown: nothing removed" "$n" "$(article_count "$DB")"
run delete-and-index X "$IN/two.jsonl" --delete fx-2
check delete-and-index "--delete and a PATH in one run"

# With extraction, re-indexing does not duplicate quote documents, and
# --delete removes an article's quotes with it.
DBX=$TMP/dbx
"$BIN/whosaid-index" --db "$DBX" "$IN" >/dev/null 2>&1
docs=$(doc_count "$DBX")
"$BIN/whosaid-index" --db "$DBX" "$IN" >/dev/null 2>&1
equals "extraction, again: the same number of documents (quotes included)" "$docs" "$(doc_count "$DBX")"
sed -i 's/frank and useful/frank and very useful/' "$IN/001_kyiv_talks_resume.txt"
"$BIN/whosaid-index" --db "$DBX" "$IN" >/dev/null 2>&1
equals "extraction, a changed article: the same number of documents" "$docs" "$(doc_count "$DBX")"
id001=$IN/001_kyiv_talks_resume.txt
ok "extraction: 001 has quote documents" test "$(term_freq "$DBX" "XARTICLE$id001")" -gt 1
"$BIN/whosaid-index" --db "$DBX" --delete "$id001" >/dev/null 2>&1
equals "extraction: --delete removes the article and its quotes" 0 "$(term_freq "$DBX" "XARTICLE$id001")"

finish
