#!/usr/bin/env bash
# Hostile queries (issue 5): very long queries, thousands of terms, deep
# nesting, pathological wildcards, huge phrases and NEAR chains, invalid
# dates. Each must end, within a time bound, in the answer it should give
# (checked: the number of matches, the answer of a plain spelling of the
# same query, or a brute-force oracle) or in one clear "cannot parse query"
# message (exit 1) saying what is wrong: never a crash, a sanitizer report,
# a hang or an unexplained error. The bounds are generous (this is not a
# benchmark): a hang is what they catch.
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid

run index "$BIN/whosaid-index" --db "$TMP/db" -q "$SAMPLE"
equals "the sample is indexed" 0 "$(code_of index)"

words() { # words N SEPARATOR: w0 SEP w1 SEP ... (made-up words)
  local n=$1 sep=$2 i out=""
  for ((i = 0; i < n; i++)); do out+="${out:+$sep}w$i"; done
  printf '%s' "$out"
}
repeat() { # repeat N STRING
  local i out=""
  for ((i = 0; i < $1; i++)); do out+=$2; done
  printf '%s' "$out"
}

# hostile NAME QUERY EXPECTED [OPTIONS...]: the query ends in time with
# the answer EXPECTED says:
#   total=N        exit 0, N matches (--json), no hits beyond them;
#   same=QUERY     exit 0, the same total and hits as QUERY, a plain
#                  spelling of it (same options);
#   oracle=IDS     exit 0, exactly the articles IDS (newline-separated,
#                  from a brute-force oracle over the corpus files);
#   error=TEXT     exit 1 and one line, "whosaid: cannot parse query ..."
#                  ending in TEXT.
hostile() {
  local name=$1 query=$2 expected=$3; shift 3
  run "$name" timeout 60 "$BIN/whosaid" --db "$TMP/db" --json --limit 1000 "$@" -- "$query"
  local code
  code=$(code_of "$name")
  if [[ $code == 124 ]]; then fail "$name: no answer within 60 s"; return; fi
  case $expected in
    total=*)
      equals "$name: exit 0, ${expected#total=} matches" "0 ${expected#total=} ${expected#total=}" \
        "$code $(jq -r '"\(.total.estimate) \(.hits | length)"' "$TMP/run/$name.out" 2>/dev/null)" ;;
    same=*)
      run "$name-plain" "$BIN/whosaid" --db "$TMP/db" --json --limit 1000 "$@" -- "${expected#same=}"
      equals "$name: exit 0, the answer of '${expected#same=}'" \
        "0 $(jq -c '[.total, [.hits[].id]]' "$TMP/run/$name-plain.out")" \
        "$code $(jq -c '[.total, [.hits[].id]]' "$TMP/run/$name.out" 2>/dev/null)"
      ok "$name: the plain spelling finds something, or is meant to find nothing" \
        test "$(jq '.total.estimate' "$TMP/run/$name-plain.out")" -gt 0 -o "$name" = invalid-utf8 ;;
    oracle=*)
      equals "$name: exit 0" 0 "$code"
      same_list "$name: the articles the oracle finds" "${expected#oracle=}" "$(hit_names "$TMP/run/$name.out")" ;;
    error=*)
      equals "$name: exit 1" 1 "$code"
      equals "$name: one clear message" "1 whosaid: cannot parse query" \
        "$(wc -l <"$TMP/run/$name.err") $(head -c 27 "$TMP/run/$name.err")"
      ok "$name: the message says '${expected#error=}'" \
        grep -qF -- "${expected#error=}" "$TMP/run/$name.err" ;;
    *) fail "$name: bad expectation $expected" ;;
  esac
}

# Made-up words (w0, w1, ...) are in no article.
hostile and-5000 "$(words 5000 ' ')" total=0
hostile or-5000 "$(words 5000 ' OR ')" total=0
hostile or-5000-quotes "$(words 5000 ' OR ')" total=0 --quotes --facet speaker,place
hostile long-word "$(repeat 100000 x)" total=0
hostile nested-2000 "$(repeat 2000 '(')peace$(repeat 2000 ')')" error="parentheses nested deeper than 500"
hostile nested-400 "$(repeat 400 '(')peace$(repeat 400 ')')" same=peace
hostile unbalanced "$(repeat 3000 '(')peace" error="parentheses nested deeper than 500"
hostile not-chain "$(repeat 2000 'NOT ')peace" error="Syntax: <expression> NOT <expression>"
# No article says peace 3000 times in a row, or 2001 times within 2010 words.
hostile phrase-3000 "\"$(repeat 3000 'peace ')\"" total=0
hostile near-2000 "peace$(repeat 2000 ' NEAR peace')" total=0
# Every article with a word starting with each of these letters (each
# wildcard is bounded to its 100 most frequent words: on the sample that
# still reaches every article the oracle finds).
wild=$( { meta "$SAMPLE/articles" | cut -f1; jq -r .id "$SAMPLE/articles.jsonl"; } | sort)
for l in a b c d e f g h i k l m n o p r s t w; do
  wild=$(comm -12 <(echo "$wild") <(grep_articles "\\b$l" "$SAMPLE/articles" "$SAMPLE/articles.jsonl"))
done
hostile wildcards "a* b* c* d* e* f* g* h* i* k* l* m* n* o* p* r* s* t* w*" oracle="$wild"
hostile wildcard-or "$(repeat 200 'a* OR ')a*" same='a*'
hostile fields-1000 "$(repeat 1000 'speaker:z* place:k* ')" same='speaker:z* place:k*'
hostile dates-many "$(repeat 500 'date:2025-11.. ')" same='date:2025-11..'
# Control characters are dropped; invalid UTF-8 is read as Latin-1.
hostile nul-and-controls $'peace\x01\x02\x7f talks' same='peace talks'
hostile invalid-utf8 $'peace \xff\xfe talks' same='peace ÿþ talks'

# Invalid dates are refused by name, with how to write one.
for d in 2025-99 2025-02-30 2025..2024 x..y 99999 ..; do
  run "date-$d" "$BIN/whosaid" --db "$TMP/db" "date:$d"
  equals "date:$d is refused with exit 1" 1 "$(code_of "date-$d")"
  ok "date:$d: the message names the date" grep -qF "date" "$TMP/run/date-$d.err"
done
run filter-date "$BIN/whosaid" --db "$TMP/db" --filter date=2025-13 peace
equals "--filter date=2025-13 is refused" "1" "$(code_of filter-date)"

# A wildcard expands to at most 100 words (the most frequent): `a*` over
# the sample has more words than that and is still answered, with hits.
run star-a "$BIN/whosaid" --db "$TMP/db" --json -n 0 'a*'
equals "a* is answered" 0 "$(code_of star-a)"
ok "a* finds articles" test "$(jq .total.estimate "$TMP/run/star-a.out")" -gt 0

finish
