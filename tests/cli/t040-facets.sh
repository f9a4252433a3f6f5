#!/usr/bin/env bash
# Facets and filters: exact counts over all matches (not one page), several
# speakers per article counted once each, --filter narrowing (ORed within a
# field, ANDed across fields), the prefix syntax, --facet-limit. Counts are
# checked against a brute-force count over the corpus files with jq.
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid

ARTICLES=$SAMPLE/articles
JSONL=$SAMPLE/articles.jsonl
# A database of the JSONL articles only, without extraction: their speakers
# and places are exactly the arrays in the file.
JDB=$TMP/jdb
run index-jsonl "$BIN/whosaid-index" --db "$JDB" --no-extract "$JSONL"
equals "the JSONL sample indexes" 0 "$(code_of index-jsonl)"
DB=$TMP/db
run index-all "$BIN/whosaid-index" --db "$DB" --no-extract "$ARTICLES" "$JSONL"
equals "the whole sample indexes" 0 "$(code_of index-all)"

# facet_oracle FIELD [JQ-SELECT]: {value, count} of FIELD (speakers, places,
# source, year) over the JSONL lines that JQ-SELECT keeps, count descending
# then value, as compact JSON. The sample's speakers are plain names: people.
facet_oracle() {
  jq -cSs --arg f "$1" "[.[] | select(${2:-true})
      | (if \$f == \"year\" then [.date[0:4]] elif \$f == \"source\" then [.source]
         else .[\$f] // [] end)[]]
    | group_by(.) | map({value: .[0], count: length}
        + (if \$f == \"speakers\" then {kind: \"person\"} else {} end))
    | sort_by(-.count, .value)" "$JSONL"
}
# facet_of FILE FACET: the facet of a whosaid --json output, compact.
facet_of() { jq -cS --arg f "$2" '.facets[$f]' "$1"; }

# Every article, every facet.
run all-text "$BIN/whosaid" --db "$JDB" --facet speaker,place,source,year
check all-text "facets of every JSONL article, text output"
run all "$BIN/whosaid" --db "$JDB" --json --facet speaker,place,source,year --facet-limit 1000
equals "speaker counts: each article counts once per speaker" "$(facet_oracle speakers)" "$(facet_of "$TMP/run/all.out" speaker)"
equals "place counts" "$(facet_oracle places)" "$(facet_of "$TMP/run/all.out" place)"
equals "source counts" "$(facet_oracle source)" "$(facet_of "$TMP/run/all.out" source)"
equals "year counts" "$(facet_oracle year)" "$(facet_of "$TMP/run/all.out" year)"
# Not a count that cannot fail: the oracle itself has shared speakers.
ok "some speaker is in several articles" test "$(jq '.[0].count' <<<"$(facet_oracle speakers)")" -gt 1

# Counts cover every match, not only the page shown.
run page1 "$BIN/whosaid" --db "$JDB" --json --limit 1 --facet speaker --facet-limit 1000
equals "--limit 1: the same counts" "$(facet_oracle speakers)" "$(facet_of "$TMP/run/page1.out" speaker)"
run page0 "$BIN/whosaid" --db "$JDB" --json --limit 0 --facet speaker --facet-limit 1000
equals "--limit 0: the same counts" "$(facet_oracle speakers)" "$(facet_of "$TMP/run/page0.out" speaker)"

# --facet-limit keeps the top values.
run top2 "$BIN/whosaid" --db "$JDB" --json --facet speaker --facet-limit 2
equals "--facet-limit 2" "$(facet_oracle speakers | jq -cS '.[:2]')" "$(facet_of "$TMP/run/top2.out" speaker)"

# A query: counts over its matches only.
run peace "$BIN/whosaid" --db "$JDB" --json --facet speaker,place --facet-limit 1000 peace
sel='((.title + " " + .body) | test("\\bpeace(ful|fully)?\\b"; "i"))'
equals "peace: speaker counts over the matches" "$(facet_oracle speakers "$sel")" "$(facet_of "$TMP/run/peace.out" speaker)"
equals "peace: place counts over the matches" "$(facet_oracle places "$sel")" "$(facet_of "$TMP/run/peace.out" place)"

# --filter narrows to the articles with that exact value.
ids_where() { jq -r "select($1) | .id" "$JSONL" | sort; }
run rubio-text "$BIN/whosaid" --db "$JDB" --filter speaker="Marco Rubio" --facet speaker
check rubio-text "--filter speaker=\"Marco Rubio\", text output"
run rubio "$BIN/whosaid" --db "$JDB" --json --limit 100 --filter speaker="Marco Rubio" --facet speaker --facet-limit 1000
rubio='(.speakers // [] | index("Marco Rubio"))'
same_list "--filter speaker=\"Marco Rubio\"" "$(ids_where "$rubio")" "$(hit_names "$TMP/run/rubio.out")"
equals "--filter speaker: the facet counts the filtered articles" \
  "$(facet_oracle speakers "$rubio")" "$(facet_of "$TMP/run/rubio.out" speaker)"
run rubio-fold "$BIN/whosaid" --db "$JDB" --json --limit 100 --filter 'speaker=marco  RUBIO'
same_list "--filter values are matched case- and space-insensitively" "$(ids_where "$rubio")" "$(hit_names "$TMP/run/rubio-fold.out")"
run rubio-prefix "$BIN/whosaid" --db "$JDB" --json --limit 100 'speaker:"Marco Rubio"'
same_list "speaker:\"Marco Rubio\" = --filter" "$(ids_where "$rubio")" "$(hit_names "$TMP/run/rubio-prefix.out")"
run rubio-word "$BIN/whosaid" --db "$JDB" --json --limit 100 'speaker:rubio'
same_list "speaker:rubio (a word of the name)" "$(ids_where "$rubio")" "$(hit_names "$TMP/run/rubio-word.out")"
run rubio-peace "$BIN/whosaid" --db "$JDB" --json --limit 100 --filter speaker="Marco Rubio" peace
same_list "--filter with a query: both" "$(ids_where "$rubio and $sel")" "$(hit_names "$TMP/run/rubio-peace.out")"

# Same field: ORed. Different fields: ANDed.
kallas='(.speakers // [] | index("Kaja Kallas"))'
moscow='(.places // [] | index("Moscow"))'
run or "$BIN/whosaid" --db "$JDB" --json --limit 100 --filter speaker="Marco Rubio" --filter speaker="Kaja Kallas"
same_list "two speakers: either" "$(ids_where "$rubio or $kallas")" "$(hit_names "$TMP/run/or.out")"
run and "$BIN/whosaid" --db "$JDB" --json --limit 100 --filter speaker="Marco Rubio" --filter place=Moscow
same_list "a speaker and a place: both" "$(ids_where "$rubio and $moscow")" "$(hit_names "$TMP/run/and.out")"
run and-prefix "$BIN/whosaid" --db "$JDB" --json --limit 100 'speaker:"Marco Rubio" place:Moscow'
same_list "the same with prefixes" "$(ids_where "$rubio and $moscow")" "$(hit_names "$TMP/run/and-prefix.out")"
run source-filter "$BIN/whosaid" --db "$JDB" --json --limit 100 --filter source="Example Wire" --filter year=2025
same_list "--filter source and year" "$(ids_where '.source == "Example Wire" and (.date | startswith("2025"))')" \
  "$(hit_names "$TMP/run/source-filter.out")"
run nobody "$BIN/whosaid" --db "$JDB" --json --filter speaker="Nobody Atall"
equals "a speaker nobody has: zero hits, exit 0" "0 0" "$(jq '.total.estimate' "$TMP/run/nobody.out") $(code_of nobody)"

# People and organisations: the input gives a speaker's kind
# ({"name", "kind"}), or a plain name, taken for a person. speaker: is both
# kinds, each facet value with its kind; person: and org: one kind, in the
# query language, --facet and --filter alike.
KINDS=$TMP/kinds.jsonl
cat >"$KINDS" <<'EOF'
{"id":"k1","title":"Budget","body":"Spending talks.","speakers":["Marco Rubio",{"name":"Pentagon","kind":"organization"}]}
{"id":"k2","title":"Trade","body":"Tariff talks.","speakers":[{"name":"Rubio Holdings","kind":"organization"},{"name":"Kaja Kallas","kind":"person"}]}
{"id":"k3","title":"Defence","body":"Budget talks.","speakers":[{"name":"Pentagon","kind":"organization"}]}
{"id":"k4","title":"Aid","body":"Aid talks.","speakers":["Kaja Kallas","Pentagon"]}
EOF
KDB=$TMP/kdb
run index-kinds "$BIN/whosaid-index" --db "$KDB" --no-extract "$KINDS"
equals "speakers with kinds index" 0 "$(code_of index-kinds)"
# {value, kind, count} of the speakers of KINDS of the kind KIND ("" = all).
kind_oracle() {
  jq -cSs --arg k "$1" '[.[] | .speakers[]
      | if type == "string" then {value: ., kind: "person"} else {value: .name, kind: .kind} end
      | select($k == "" or .kind == $k)]
    | group_by([.value, .kind]) | map(.[0] + {count: length}) | sort_by(-.count, .value, .kind)' "$KINDS"
}
run kinds "$BIN/whosaid" --db "$KDB" --json --facet speaker,person,org --facet-limit 100
equals "--facet speaker: people and organisations, each with its kind" "$(kind_oracle '')" "$(facet_of "$TMP/run/kinds.out" speaker)"
equals "--facet person: people only" "$(kind_oracle person)" "$(facet_of "$TMP/run/kinds.out" person)"
equals "--facet org: organisations only" "$(kind_oracle organization)" "$(facet_of "$TMP/run/kinds.out" org)"
ok "the same name is a person in one article and an organisation in another" \
  test "$(kind_oracle '' | jq '[.[] | select(.value == "Pentagon")] | length')" = 2
run kinds-text "$BIN/whosaid" --db "$KDB" --facet speaker,org --limit 0
check kinds-text "speaker and org facets, text output: organisations marked [org]"
kind_ids() {  # jq condition on a speaker {value, kind} -> ids of the articles with one
  jq -r "select([.speakers[] | if type == \"string\" then {value: ., kind: \"person\"}
      else {value: .name, kind: .kind} end | select($1)] | length > 0) | .id" "$KINDS" | sort
}
for q in 'person:rubio|.kind == "person" and (.value | test("rubio"; "i"))' \
         'org:rubio|.kind == "organization" and (.value | test("rubio"; "i"))' \
         'speaker:rubio|.value | test("rubio"; "i")' \
         'org:pentagon|.kind == "organization" and .value == "Pentagon"' \
         'person:"Kaja Kallas"|.kind == "person" and .value == "Kaja Kallas"'; do
  run kq "$BIN/whosaid" --db "$KDB" --json --limit 100 "${q%%|*}"
  same_list "${q%%|*}" "$(kind_ids "${q#*|}")" "$(hit_names "$TMP/run/kq.out")"
done
run kf "$BIN/whosaid" --db "$KDB" --json --limit 100 --filter org=pentagon
same_list "--filter org=pentagon" "$(kind_ids '.kind == "organization" and .value == "Pentagon"')" "$(hit_names "$TMP/run/kf.out")"
run kf-person "$BIN/whosaid" --db "$KDB" --json --limit 100 --filter person=Pentagon
equals "--filter person=Pentagon: the Pentagon listed as a person in k4 only" "k4" "$(hit_names "$TMP/run/kf-person.out")"
run kf-none "$BIN/whosaid" --db "$KDB" --json --filter person='Rubio Holdings'
equals "--filter person= of an organisation: zero hits" 0 "$(jq '.total.estimate' "$TMP/run/kf-none.out")"
run k1 "$BIN/whosaid" --db "$KDB" --json 'title:budget'
jqok k1 "article hits list the kinds of their speakers" \
  '[.hits[] | select(.id == "k1")][0] | .speakers == ["Marco Rubio", "Pentagon"] and .speaker_kinds == ["person", "organization"]'

# The whole sample (text articles have no speakers without extraction):
# source and year facets of a query, against the headers and JSONL fields.
# Golden .err edited by hand: --limit 0 asks for counts only, so "no results"
# on stderr would be wrong.
run ceasefire-text "$BIN/whosaid" --db "$DB" --limit 0 --facet source,year ceasefire
check ceasefire-text "ceasefire: source and year facets, text output"
run ceasefire "$BIN/whosaid" --db "$DB" --json --facet source,year --facet-limit 1000 ceasefire
names=$(grep_articles '\bceasefires?\b' "$ARTICLES" "$JSONL")
oracle_field() {  # source|year
  { meta "$ARTICLES" | awk -F"\t" -v f="$1" 'NR == FNR { want[$1]; next }
      $1 in want { print (f == "source" ? $3 : substr($2, 1, 4)) }' <(echo "$names") -
    jq -r --arg f "$1" --arg re '\bceasefires?\b' \
      'select((.title + "\n" + .body) | test($re; "i")) | if $f == "year" then .date[0:4] else .source end' "$JSONL"
  } | grep . | sort | uniq -c | sort -k1,1nr -k2 | awk '{ c = $1; $1 = ""; sub(/^ /, ""); printf "%s\t%d\n", $0, c }'
}
equals "ceasefire: source counts" "$(oracle_field source)" \
  "$(jq -r '.facets.source[] | "\(.value)\t\(.count)"' "$TMP/run/ceasefire.out")"
equals "ceasefire: year counts" "$(oracle_field year)" \
  "$(jq -r '.facets.year[] | "\(.value)\t\(.count)"' "$TMP/run/ceasefire.out")"

finish
