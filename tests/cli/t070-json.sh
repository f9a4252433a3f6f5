#!/usr/bin/env bash
# whosaid --json: the documented version-1 document (searcher/format.h and
# the README), checked field by field with jq, highlight offsets checked
# against the snippet text, plus golden files (scores masked).
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid

DB=$TMP/db
ARTICLES=$SAMPLE/articles
JSONL=$SAMPLE/articles.jsonl
run index "$BIN/whosaid-index" --db "$DB" --no-extract "$ARTICLES" "$JSONL"
equals "the sample indexes" 0 "$(code_of index)"
J() { "$BIN/whosaid" --db "$DB" --json "$@"; }

run peace-text J --limit 3 --facet speaker,source peace
check peace-text "--json golden: peace, 3 hits, two facets"

run peace J --limit 1000 --facet speaker,place,source,year peace
equals "exit 0" 0 "$(code_of peace)"
jqok peace "one JSON document" 'type == "object"'
jqok peace "version 1" '.version == 1'
jqok peace "the query as given" '.query == "peace"'
jqok peace "type article" '.type == "article"'
jqok peace "offset and limit" '.offset == 0 and .limit == 1000'
jqok peace "total: estimate and exact" '(.total.estimate | type) == "number" and (.total.exact | type) == "boolean"'
jqok peace "all hits on the page: the estimate is exact" '.total.exact and .total.estimate == (.hits | length)'
equals "the total is every article with peace" \
  "$(grep_articles '\bpeace(ful|fully)?\b' "$ARTICLES" "$JSONL" | wc -l)" "$(jq '.total.estimate' "$TMP/run/peace.out")"
jqok peace "hit fields and their types" 'all(.hits[];
   (.rank | type) == "number" and (.id | type) == "string" and .type == "article"
   and (.score | type) == "number" and (.title | type) == "string"
   and (.date | type) == "string" and (.source | type) == "string"
   and (.url | type) == "string" and (.path | type) == "string"
   and (.speakers | type) == "array" and (.places | type) == "array"
   and (.snippet | type) == "string" and (.highlights | type) == "array")'
jqok peace "ranks are 1, 2, 3..." '[.hits[].rank] == [range(1; (.hits | length) + 1)]'
jqok peace "scores do not increase down the ranking" \
  '[.hits[].score] as $s | all(range(1; $s | length); $s[. - 1] >= $s[.])'
jqok peace "dates are empty or YYYY-MM-DD" 'all(.hits[]; .date == "" or (.date | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))'
jqok peace "every hit has a highlight, unless the word is only in its title" \
  'all(.hits[]; (.highlights | length) > 0 or (.title | test("\\bpeace"; "i")))'
jqok peace "highlights are inside the snippet, in order, not overlapping" 'all(.hits[];
   .snippet as $t | .highlights as $h
   | all($h[]; .[0] >= 0 and .[0] < .[1] and .[1] <= ($t | length))
   and all(range(1; $h | length); $h[. - 1][1] <= $h[.][0]))'
jqok peace "each highlight is the word peace" \
  'all(.hits[]; .snippet as $t | all(.highlights[]; $t[.[0]:.[1]] | ascii_downcase | test("^peace")))'
jqok peace "only the facets asked for" '(.facets | keys) == ["place", "source", "speaker", "year"]'
jqok peace "facet values: value and count, count descending" 'all(.facets[];
   all(.[]; (.value | type) == "string" and (.count | type) == "number" and .count > 0)
   and ([.[].count] as $c | $c == ($c | sort | reverse)))'
jqok peace "no suggestion when there are hits" '.suggestion == null'
jqok peace "JSONL speakers come through unchanged" \
  '[.hits[] | select(.id == "jl-2025-06-20-lisbon-reactions")] | length == 0 or .[0].speakers == ["Henrik Dahlgaard", "Inês Carvalho", "Amara Okafor"]'

# A phrase is highlighted as a whole.
run phrase J '"spirit of Anchorage"'
jqok phrase "a phrase: one highlight over the whole phrase" \
  '.hits[0] | .snippet as $t | (.highlights | length) == 1 and ($t[.highlights[0][0]:.highlights[0][1]] | ascii_downcase) == "spirit of anchorage"'

# Unicode in the query and the output.
run unicode J 'Inês'
jqok unicode "a query with a non-ASCII letter" '.query == "Inês" and .total.estimate >= 1'
jqok unicode "the highlight covers Inês (code-point offsets)" \
  'all(.hits[]; .snippet as $t | any(.highlights[]; $t[.[0]:.[1]] == "Inês"))'

# Paging: ranks count from the first result.
run paged J --limit 2 --offset 2 peace
jqok paged "--offset 2: ranks 3 and 4" '[.hits[].rank] == [3, 4] and .offset == 2 and .limit == 2'

# Zero hits: a valid document, exit 0.
run zero J xyzzyplugh
check zero "--json with zero hits"
jqok zero "zero hits: empty hits, total 0" '.hits == [] and .total.estimate == 0'

# Misspelt: the suggestion.
run suggest J ceasfire
jqok suggest "did you mean, in JSON" '.suggestion == "ceasefire"'

# Errors: the message on stderr, and on stdout a JSON error document in
# place of the results (never a half-written result).
run bad J 'rubio AND'
equals "bad query with --json: exit 1" "1" "$(code_of bad)"
jqok bad "bad query with --json: stdout is one error document" \
  '.version == 1 and .error.code == "bad_query" and (.error.message | contains("rubio AND")) and (has("hits") | not)'
ok "bad query with --json: the message repeats the query" grep -qF "rubio AND" "$TMP/run/bad.err"

finish
