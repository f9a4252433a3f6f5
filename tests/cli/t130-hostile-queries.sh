#!/usr/bin/env bash
# Hostile queries (issue 5): very long queries, thousands of terms, deep
# nesting, pathological wildcards, huge phrases and NEAR chains, invalid
# dates. Each must end, within a time bound, in either an answer (exit 0)
# or one clear "cannot parse query" message (exit 1): never a crash, a
# sanitizer report, a hang or an unexplained error. The bounds are generous
# (this is not a benchmark): a hang is what they catch.
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

# hostile NAME QUERY [OPTIONS...]: the query ends in time, with exit 0 and
# output, or exit 1 and one "whosaid: cannot parse query" line.
hostile() {
  local name=$1 query=$2; shift 2
  run "$name" timeout 60 "$BIN/whosaid" --db "$TMP/db" "$@" -- "$query"
  local code
  code=$(code_of "$name")
  case $code in
    0) ok "$name: answered (hits, or \"no results\")" \
         grep -qE "results?$|^no results" "$TMP/run/$name.out" "$TMP/run/$name.err" ;;
    1) equals "$name: one clear message" "whosaid: cannot parse query" \
         "$(head -c 27 "$TMP/run/$name.err")$(sed -n '2,$p' "$TMP/run/$name.err")" ;;
    124) fail "$name: no answer within 60 s" ;;
    *) fail "$name: exit $code: $(head -c 300 "$TMP/run/$name.err")" ;;
  esac
}

hostile and-5000 "$(words 5000 ' ')"
hostile or-5000 "$(words 5000 ' OR ')"
hostile or-5000-quotes "$(words 5000 ' OR ')" --quotes --facet speaker,place
hostile long-word "$(repeat 100000 x)"
hostile nested-2000 "$(repeat 2000 '(')peace$(repeat 2000 ')')"
hostile unbalanced "$(repeat 3000 '(')peace"
hostile not-chain "$(repeat 2000 'NOT ')peace"
hostile phrase-3000 "\"$(repeat 3000 'peace ')\""
hostile near-2000 "peace$(repeat 2000 ' NEAR peace')"
hostile wildcards "a* b* c* d* e* f* g* h* i* k* l* m* n* o* p* r* s* t* w*"
hostile wildcard-or "$(repeat 200 'a* OR ')a*"
hostile fields-1000 "$(repeat 1000 'speaker:x* place:y* ')"
hostile dates-many "$(repeat 500 'date:2025-11.. ')"
hostile nul-and-controls $'peace\x01\x02\x7f talks'
hostile invalid-utf8 $'peace \xff\xfe talks'

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
