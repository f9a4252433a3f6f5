#!/usr/bin/env bash
# The query language means what it says (issue 11): every reproduction of
# the issue, on tests/fixtures/query/articles.jsonl (indexed without
# extraction: speakers, places and countries are exactly the arrays in the
# file, so a jq oracle over the file says what each query must find).
#   - a query of exclusions only excludes (-blair);
#   - field:(a OR b) applies the field to the group;
#   - speaker:brown finds every speaker with that word in the name;
#   - places and countries by any name: diacritics, aliases (kiev, britain,
#     uk, usa);
#   - --filter FIELD=VALUE = FIELD:VALUE; --facet repeated;
#   - unknown fields and bad values are errors naming them;
#   - the total does not depend on --limit; a database named twice is
#     searched once.
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid

JSONL=$FIXTURES/query/articles.jsonl
DB=$TMP/db
run index "$BIN/whosaid-index" --db "$DB" --no-extract "$JSONL"
equals "the fixture indexes" 0 "$(code_of index)"

W() { "$BIN/whosaid" --db "$DB" "$@"; }
# found NAME QUERY...: the ids a query finds, sorted.
found() {
  local name=$1; shift
  run "$name" W --json --limit 1000 "$@"
  if [[ $(code_of "$name") != 0 ]]; then echo "exit $(code_of "$name"): $(err_of "$name")"; return; fi
  hit_names "$TMP/run/$name.out"
}
# oracle JQ-SELECT: the ids of the fixture's articles JQ-SELECT keeps.
oracle() { jq -r "select($1) | .id" "$JSONL" | sort; }
text_has() { echo "((.title + \" \" + .body) | test(\"\\\\b$1\\\\b\"; \"i\"))"; }
place_word() { echo "(.places | any(test(\"\\\\b$1\\\\b\"; \"i\")))"; }
speaker_word() { echo "(.speakers | any(test(\"\\\\b$1\\\\b\"; \"i\")))"; }

# 1. A query of exclusions only: everything but.
not_blair=$(oracle "$(text_has blair) | not")
same_list "-blair: every article without blair" "$not_blair" "$(found minus-blair -- -blair)"
same_list "NOT blair: the same" "$not_blair" "$(found not-blair 'NOT blair')"
same_list "-blair -brown: without either" "$(oracle "($(text_has blair) or $(text_has brown)) | not")" \
  "$(found minus-two -- '-blair -brown')"
same_list "-speaker:brown: articles without a Brown speaking" "$(oracle "$(speaker_word brown) | not")" \
  "$(found minus-speaker -- '-speaker:brown')"

# 2. field:(a OR b) is the field applied to the group.
iraq_or_iran=$(oracle "$(place_word iraq) or $(place_word iran)")
same_list "place:(iraq OR iran)" "$iraq_or_iran" "$(found place-group 'place:(iraq OR iran)')"
same_list "place:iraq OR place:iran: the same" "$iraq_or_iran" "$(found place-or 'place:iraq OR place:iran')"
same_list "title:(brown OR kyiv)" "$(oracle '(.title | test("\\b(brown|kyiv)\\b"; "i"))')" \
  "$(found title-group 'title:(brown OR kyiv)')"
run group-field W 'place:(iraq OR speaker:brown)'
check group-field "a field inside field:(...) is refused, naming it"

# 3. speaker:brown: every speaker with that word, even though a speaker
# called just "Brown" exists; the full name is exact.
ok "the fixture has a speaker called just Brown" test "$(oracle '.speakers | index("Brown")')" = q03
same_list "speaker:brown: every Brown" "$(oracle "$(speaker_word brown)")" "$(found speaker-brown 'speaker:brown')"
same_list "speaker:\"Gordon Brown\": that speaker" "$(oracle '.speakers | index("Gordon Brown")')" \
  "$(found speaker-gordon 'speaker:"Gordon Brown"')"
same_list "source:post: a word of the source" "$(oracle '.source == "Fixture Post"')" "$(found source-word 'source:post')"

# 4. Places and countries: diacritics folded, aliases known.
baghdad=$(oracle '.places | index("Baghdād")')
same_list "place:baghdad finds Baghdād" "$baghdad" "$(found place-baghdad 'place:baghdad')"
same_list "place:Baghdād" "$baghdad" "$(found place-baghdad-diacritic 'place:Baghdād')"
same_list "place:kiev finds Kyiv" "$(oracle '.places | index("Kyiv")')" "$(found place-kiev 'place:kiev')"
same_list "place:guantanamo finds Guantánamo" "$(oracle '.places | index("Guantánamo")')" \
  "$(found place-guantanamo 'place:guantanamo')"
uk=$(oracle '.places | index("United Kingdom")')
same_list "place:britain finds the United Kingdom" "$uk" "$(found place-britain 'place:britain')"
gb=$(oracle '.countries | index("GB")')
same_list "country:uk is GB" "$gb" "$(found country-uk 'country:uk')"
same_list "country:britain is GB" "$gb" "$(found country-britain 'country:britain')"
same_list "country:gb" "$gb" "$(found country-gb 'country:gb')"
same_list "country:usa is US" "$(oracle '.countries | index("US")')" "$(found country-usa 'country:usa')"
same_list "speaker:erdogan finds Erdoğan (the words of every field fold diacritics)" \
  "$(oracle '.speakers | index("Recep Tayyip Erdoğan")')" "$(found speaker-erdogan 'speaker:erdogan')"
run country-unknown W 'country:narnia'
check country-unknown "an unknown country is an error naming it"

# 5. --filter FIELD=VALUE accepts what FIELD:VALUE accepts.
for fv in speaker=blair speaker=brown 'speaker=Gordon Brown' place=baghdad place=kiev country=uk source=post year=2005; do
  field=${fv%%=*} value=${fv#*=}
  [[ $value == *' '* ]] && q="$field:\"$value\"" || q="$field:$value"
  want=$(found "prefix-$field" "$q")
  ok "$q finds something" test -n "$want"
  same_list "--filter $fv = $q" "$want" "$(found "filter-$field" --filter "$fv")"
done

# 6. --facet repeated = --facet with a list.
run facets-list W --json --limit 0 --facet speaker,place,year
run facets-repeated W --json --limit 0 --facet speaker --facet place --facet year
equals "--facet speaker --facet place --facet year = --facet speaker,place,year" \
  "$(jq -cS .facets "$TMP/run/facets-list.out")" "$(jq -cS .facets "$TMP/run/facets-repeated.out")"
equals "all three facets are there" '["place","speaker","year"]' "$(jq -c '.facets | keys' "$TMP/run/facets-repeated.out")"

# 7. Unknown fields and bad values: exit 1, the message names them.
for name in unknown-field:spekaer:blair year-word:year:two year-range:year:2025.. \
            near-x:'blair NEAR/x brown' adj-x:'blair ADJ/y brown' empty-title:title: \
            empty-title-word:'title: blair' unknown-field-case:Speaker:brown; do
  run "${name%%:*}" W "${name#*:}"
  check "${name%%:*}" "'${name#*:}' is refused, naming what is wrong"
done
# Words with a colon that are no field stay words.
run url W 'https://example.com'
equals "a URL is words, not a field: exit 0" 0 "$(code_of url)"

# 8. Totals do not depend on --limit: 600 generated articles, 100 to 400
# of them matching, more than whosaid counts exactly.
BIG=$TMP/big.jsonl
for ((i = 0; i < 600; i++)); do
  body="filler text number $i"
  ((i % 2 == 0)) && body+=" alpha"
  ((i % 3 == 0)) && body+=" beta"
  ((i % 7 == 0)) && body+=" alpha beta alpha"
  printf '{"id":"g%d","title":"Generated %d","body":"%s","date":"2025-01-02"}\n' "$i" "$i" "$body"
done >"$BIG"
run index-big "$BIN/whosaid-index" --db "$TMP/big" --no-extract "$BIG"
totals=""
for page in "--limit 1" "--limit 10" "--limit 30" "--limit 5 --offset 40"; do
  # shellcheck disable=SC2086
  totals+="$("$BIN/whosaid" --db "$TMP/big" --json $page 'alpha beta' | jq -c .total) "
done
first=${totals%% *}
equals "alpha beta: the same total for every page" "$first $first $first $first " "$totals"
# More matches than a page's match looks at: still counted exactly.
want_total="{\"estimate\":$(jq -s 'map(select(.body | test("alpha") and test("beta"))) | length' "$BIG"),\"exact\":true}"
equals "alpha beta: the exact count, whatever the page" "$want_total" "$first"
run big-count "$BIN/whosaid" --db "$TMP/big" --json --limit 0 'alpha beta'
equals "--limit 0 counts exactly" "$want_total" "$(jq -c .total "$TMP/run/big-count.out")"

# The same database twice is searched once.
run twice "$BIN/whosaid" --db "$DB" --db "$DB" --json --limit 100 blair
run once "$BIN/whosaid" --db "$DB" --json --limit 100 blair
equals "--db D --db D = --db D" "$(jq -cS . "$TMP/run/once.out")" "$(jq -cS . "$TMP/run/twice.out")"
mkdir -p "$TMP/sub"
printf 'auto %s\n' "$DB" >"$TMP/sub/stub"
run twice-stub "$BIN/whosaid" --db "$TMP/sub/stub" --db "$TMP/sub/../db" --json --limit 100 blair
equals "a stub and another spelling of the same path = --db D" "$(jq -cS . "$TMP/run/once.out")" \
  "$(jq -cS . "$TMP/run/twice-stub.out")"

finish
