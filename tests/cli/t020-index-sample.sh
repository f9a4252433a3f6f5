#!/usr/bin/env bash
# Indexing the bundled sample corpus: the summary, the article count, the
# seed's boilerplate dropped, the default database location and $WHOSAID_DB.
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid

DB=$TMP/db
ARTICLES=$SAMPLE/articles
JSONL=$SAMPLE/articles.jsonl
# What the corpus holds, counted from the files themselves.
n_text=$(find "$ARTICLES" -name '*.txt' | wc -l)
n_jsonl=$(grep -c . "$JSONL")
n_all=$((n_text + n_jsonl))

# --no-extract keeps the summary free of extraction counts (issue 3), which
# change as extraction improves.
run index "$BIN/whosaid-index" --db "$DB" --no-extract "$ARTICLES" "$JSONL"
check index "index sample/articles and sample/articles.jsonl"
equals "every sample article is in the index" "$n_all" "$(article_count "$DB")"
ok "the summary counts every article as indexed" grep -Eq "indexed $n_all articles" "$TMP/run/index.err" "$TMP/run/index.out"

# With extraction (the default): the same articles.
run index-extract "$BIN/whosaid-index" --db "$TMP/dbx" "$ARTICLES" "$JSONL"
equals "with extraction: exit 0" 0 "$(code_of index-extract)"
equals "with extraction: every sample article is in the index" "$n_all" "$(article_count "$TMP/dbx")"
ok "with extraction: the summary counts every article as indexed" grep -Eq "indexed $n_all articles" "$TMP/run/index-extract.err"

# With quote documents in the database, --limit 0 (counts only) still counts
# the matching articles exactly.
for q in Anchorage ceasefire; do
  run "count-$q" "$BIN/whosaid" --db "$TMP/dbx" --json --limit 0 "$q"
  run "hits-$q" "$BIN/whosaid" --db "$TMP/dbx" --json --limit 1000 "$q"
  equals "--limit 0 $q: the count of articles" "$(jq '.hits | length' "$TMP/run/hits-$q.out") true" \
    "$(jq -r '"\(.total.estimate) \(.total.exact)"' "$TMP/run/count-$q.out")"
done

# The total of a query that matches everything, as whosaid reports it.
run total "$BIN/whosaid" --db "$DB" --facet year --json
equals "whosaid counts $n_all articles" "$n_all" "$(jq '.total.estimate' "$TMP/run/total.out")"

# The seed's "featured-image" line is page furniture, not text.
ok "'featured' occurs only in the seed's featured-image line" \
  test "$(grep -rlw featured "$ARTICLES" "$JSONL" | wc -l)" = 1
run featured "$BIN/whosaid" --db "$DB" featured
check featured "the seed's featured-image line is not indexed"

# The seed has no header: its first line is the title.
run seed-title "$BIN/whosaid" --db "$DB" --json 'title:"draft peace plan"'
equals "the seed's first line is its title" \
  "US Officials in Kyiv Amid Reports of Draft Peace Plan" \
  "$(jq -r '.hits[0].title' "$TMP/run/seed-title.out")"
equals "the seed has no date" "" "$(jq -r '.hits[0].date' "$TMP/run/seed-title.out")"

# Header block honoured: Date, Source, URL of 004_geneva_round.txt.
run header "$BIN/whosaid" --db "$DB" --json 'title:geneva title:tremendous'
equals "Date header" 2025-11-24 "$(jq -r '.hits[0].date' "$TMP/run/header.out")"
equals "Source header" "Example Wire" "$(jq -r '.hits[0].source' "$TMP/run/header.out")"
equals "URL header" "https://example.org/world/2025/11/24/geneva-round-peace-talks" \
  "$(jq -r '.hits[0].url' "$TMP/run/header.out")"
ok "the header lines are not in the body" \
  test "$(jq -r '.hits[0].snippet' "$TMP/run/header.out" | grep -c 'Source:')" = 0

# The default database: $HOME/.local/share/whosaid/db (HOME is in the scratch
# dir), used by both programs when neither --db nor $WHOSAID_DB is given.
run default-index "$BIN/whosaid-index" --no-extract "$FIXTURES/articles"
check default-index "index into the default database"
ok "the default database is under \$HOME/.local/share/whosaid" \
  test -d "$HOME/.local/share/whosaid/db"
run default-search "$BIN/whosaid" --json ferry
equals "whosaid searches the default database" fx-2 "$(jq -r '.hits[0].id' "$TMP/run/default-search.out")"

# $WHOSAID_DB overrides the default for both programs; --db overrides it.
export WHOSAID_DB=$TMP/envdb
run env-index "$BIN/whosaid-index" "$FIXTURES/seed"
ok "\$WHOSAID_DB chooses where whosaid-index writes" test -d "$TMP/envdb"
equals "the \$WHOSAID_DB database holds the seed only" 1 "$(article_count "$TMP/envdb")"
run env-search "$BIN/whosaid" --json Anchorage
equals "whosaid searches \$WHOSAID_DB" 1 "$(jq '.total.estimate' "$TMP/run/env-search.out")"
run env-db-search "$BIN/whosaid" --db "$DB" --json Anchorage
equals "--db wins over \$WHOSAID_DB" "$(grep -lw Anchorage "$ARTICLES"/* "$JSONL" | wc -l)" \
  "$(jq '.total.estimate' "$TMP/run/env-db-search.out")"
unset WHOSAID_DB

# Several --db are searched as one.
run two-dbs "$BIN/whosaid" --db "$TMP/envdb" --db "$HOME/.local/share/whosaid/db" --facet year --json
equals "two databases searched as one" $(( 1 + $(find "$FIXTURES/articles" -name '*.txt' | wc -l) + 2 )) \
  "$(jq '.total.estimate' "$TMP/run/two-dbs.out")"

finish
