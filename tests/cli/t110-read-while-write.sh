#!/usr/bin/env bash
# Reading while writing: searches run in a loop while whosaid-index commits
# small batches into the same index (a commit every 2 articles), and every
# one of them succeeds: the searcher reopens the index and searches again
# when a commit overwrites the revision it was reading
# (DatabaseModifiedError). (A second indexer on the same index: t090-lock.)
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid

# A corpus of sample articles with distinct ids, as in t100-kill.
N=${READ_WRITE_TEST_ARTICLES:-1500}
jq -c --slurp --argjson n "$N" \
  '. as $b | range($n) as $i | $b[$i % ($b | length)]
   | .id = "rw\($i)" | .title = "\(.title) (part \($i))"' "$SAMPLE/articles.jsonl" >"$TMP/corpus.jsonl"
DB=$TMP/db
head -n 50 "$TMP/corpus.jsonl" | "$BIN/whosaid-index" --db "$DB" --no-extract -q - ||
  fail "the first 50 articles are indexed"
before=$(article_count "$DB")

"$BIN/whosaid-index" --db "$DB" --no-extract --batch-size 2 -q "$TMP/corpus.jsonl" \
  >"$TMP/run/writer.out" 2>"$TMP/run/writer.err" &
writer=$!

# Searches that read much of the index (every article with facets, a
# sorted search, a phrase) so that commits land in the middle of them.
queries=("" "peace talks" '"security guarantees"' "title:geneva OR minister")
# Each answer must be a whole answer from one revision: a page of
# min(50, total) hits ranked 1..n, each with an id; for the query that
# matches every article, an exact total that never shrinks (the indexer
# only adds) and stays between the first 50 and all N.
# shellcheck disable=SC2016
check='(.hits | length) <= 50
  and ([.hits[] | .rank] == [range(1; (.hits | length) + 1)])
  and all(.hits[]; (.id | type) == "string" and (.id | length) > 0)
  and (if .total.exact then (.hits | length) == ([.total.estimate, 50] | min)
       else (.hits | length) == 50 end)
  and (if .query == "" then .total.exact and .total.estimate >= $low
         and .total.estimate <= $n else true end)'
searches=0 errors=0 seen=$before
while kill -0 "$writer" 2>/dev/null; do
  for q in "${queries[@]}"; do
    code=0
    "$BIN/whosaid" --db "$DB" --json --limit 50 --facet source,year,place "$q" \
      >"$TMP/s.out" 2>"$TMP/s.err" || code=$?
    searches=$((searches + 1))
    if [[ $code != 0 ]] ||
      ! jq -e --argjson low "$seen" --argjson n "$N" "$check" "$TMP/s.out" >/dev/null 2>&1; then
      errors=$((errors + 1))
      echo "search '$q' (while writing): exit $code: $(head -c 300 "$TMP/s.err")$(head -c 300 "$TMP/s.out")"
    elif [[ -z $q ]]; then
      seen=$(jq '.total.estimate' "$TMP/s.out")
    fi
  done
done
wait "$writer"
equals "the indexer succeeds" 0 "$?"
echo "# $searches searches while the indexer committed $(grep -c . "$TMP/corpus.jsonl") articles in batches of 2"
equals "searches while the indexer commits: no errors" 0 "$errors"
ok "at least 20 searches ran while it wrote" test "$searches" -ge 20
ok "the index grew while they ran" test "$(article_count "$DB")" -gt "$before"
equals "all the articles are in" "$N" "$(article_count "$DB")"

finish
