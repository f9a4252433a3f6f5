#!/usr/bin/env bash
# whosaid-eval on tiny data sets written here (the research data of
# ../shared is not needed): each figure must be what the programs print,
# so the checks recompute it from whosaid-extract --json and whosaid
# --quotes --json with jq, whatever extraction finds.
. "$(dirname "$0")/lib.sh"
require whosaid-eval whosaid-extract whosaid-index whosaid

D=$TMP/data
mkdir -p "$D/polnear/dev/text" "$D/bbc/business" "$D/who-said-it"
tab=$'\t'
printf '%s\n' '"We will cut taxes next year," said Jane Roe, the finance minister.' \
  'Tom Baker, a farmer, said the harvest was poor.' >"$D/polnear/dev/text/d1.txt"
# Two annotators of d1: only the first one seen counts.
cat >"$D/polnear/dev.attributions.tsv" <<EOT
doc_id${tab}annotator${tab}attr_id${tab}type${tab}source_spans${tab}source_text${tab}cue_spans${tab}cue_text${tab}content_spans${tab}content_text
d1${tab}a1${tab}E1${tab}Attribution${tab}36-44${tab}Jane Roe${tab}31-35${tab}said${tab}1-29${tab}We will cut taxes next year,
d1${tab}a1${tab}E2${tab}Attribution${tab}68-77${tab}Tom Baker${tab}89-93${tab}said${tab}94-114${tab}the harvest was poor
d1${tab}a2${tab}E1${tab}Attribution${tab}0-3${tab}x${tab}31-35${tab}said${tab}50-60${tab}x
EOT
cat >"$D/polnear/dev-speakers.tsv" <<EOT
doc_id${tab}attr_id${tab}source_spans${tab}source_text${tab}canonical${tab}kind${tab}speech
d1${tab}E1${tab}36-44${tab}Jane Roe${tab}Jane Roe${tab}person${tab}yes
d1${tab}E2${tab}68-77${tab}Tom Baker${tab}Tom Baker${tab}person${tab}yes
EOT
cat >"$D/polnear/dev-speakers-articles.tsv" <<EOT
doc_id${tab}persons${tab}organizations
d1${tab}Jane Roe|Tom Baker${tab}
EOT
cat >"$D/conll.txt" <<'EOT'
-DOCSTART- -X- O O

Jane NNP I-NP I-PER
Roe NNP I-NP I-PER
visited VBD I-VP O
Paris NNP I-NP I-LOC
. . O O

-DOCSTART- -X- O O

Talks NNS I-NP O
in IN I-PP O
New NNP I-NP I-LOC
York NNP I-NP I-LOC
ended VBD I-VP O
. . O O
EOT
# Reuters' escaped TSV: story 1 has a label and a quotation, story 2 none.
{
  printf 'newid\toldid\tlewissplit\tcgisplit\ttopics_attr\tdate\ttopics\tplaces\tpeople\torgs\texchanges\ttext_type\ttitle\tdateline\tbody\n'
  printf '1\t9\tTRAIN\tTRAINING-SET\tNO\t03-MAR-1987 10:00:00.00\t\tfrance\t\t\t\tNORM\tFRENCH TALKS RESUME\tPARIS, March 3 -\t%s\n' \
    'Officials in Paris met again on Tuesday.\n\"We are ready to sign the accord today,\" said Jean Dupont, the\ntrade minister.\n Reuter'
  printf '2\t10\tTRAIN\tTRAINING-SET\tNO\t04-MAR-1987 10:00:00.00\t\t\t\t\t\tNORM\tBRIEF\t\t%s\n' 'Nothing happened.\n Reuter'
} >"$D/articles.tsv"
printf '%s\n' 'Jobs rise in March' '' \
  '"Hiring was stronger than we expected," said Alan Smithers, an economist at Foo Bank.' \
  >"$D/bbc/business/001.txt"
cat >"$D/who-said-it/dev.tsv" <<EOT
path${tab}phrase${tab}speaker${tab}surname${tab}kind${tab}speaker_kind
bbc/business/001.txt${tab}Hiring was stronger than we expected${tab}Alan Smithers${tab}Smithers${tab}direct${tab}person
reuters/1${tab}ready to sign the accord${tab}Jean Dupont${tab}Dupont${tab}direct${tab}person
bbc/business/001.txt${tab}a phrase that is nowhere at all${tab}Nobody Here${tab}Here${tab}indirect${tab}person
EOT

run eval "$BIN/whosaid-eval" --polnear "$D/polnear" --conll "$D/conll.txt" --reuters "$D/articles.tsv" \
  --bbc "$D/bbc" --who-said-it "$D/who-said-it/dev.tsv" --db "$TMP/db"
equals "whosaid-eval runs every measure on the data named" 0 "$(code_of eval)"
E=$TMP/run/eval.out
ev() { jq -c "$1" "$E"; }

# PolNeAR: the spans whosaid-extract prints for d1, scored by hand here.
"$BIN/whosaid-extract" --json "$D/polnear/dev/text/d1.txt" >"$TMP/d1.json"
X() { jq -s -c "$1" "$TMP/d1.json"; }
equals "polnear: gold sources of the first annotator" 2 "$(ev .polnear.gold_sources)"
equals "polnear: predicted sources are the printed speaker spans" \
  "$(X '[.[].quotes[].speaker | [.start, .end]] | unique | length')" "$(ev .polnear.pred_sources)"
equals "polnear: predicted contents are the printed quotes" \
  "$(X '[.[].quotes[]] | length')" "$(ev .polnear.pred_contents)"
equals "polnear: source exact precision from the printed spans" \
  "$(X '[.[].quotes[].speaker | [.start, .end]] | unique as $p
        | ([$p[] | select(. == [36, 44] or . == [68, 77])] | length) / ([$p | length, 1] | max) * 1000
        | round / 1000')" "$(ev .polnear.source_exact_p)"
equals "quotespeaker: both attributions are named speech" 2 "$(ev .quotespeaker.gold_quotes)"
equals "quotespeaker: covered = gold contents some printed quote overlaps" \
  "$(X '[.[].quotes[] | [.start, .end]] as $q
        | [[[1, 29], [94, 114]][] | select(. as $g | any($q[]; .[0] < $g[1] and $g[0] < .[1]))] | length')" \
  "$(ev .quotespeaker.covered)"
equals "speakers: predicted persons = distinct canonical person speakers" \
  "$(X '[.[].quotes[].speaker | select(.kind == "person" and .canonical != "") | .canonical | ascii_downcase] | unique | length')" \
  "$(ev .speakers.pred_persons)"

# CoNLL: the documents as the scorer rebuilds them, through whosaid-extract.
jq -n -c '{"id": "conll-0", "title": "Document 0", "body": "Jane Roe visited Paris .\n"},
          {"id": "conll-1", "title": "Document 1", "body": "Talks in New York ended .\n"}' >"$TMP/conll.jsonl"
"$BIN/whosaid-extract" --json "$TMP/conll.jsonl" >"$TMP/conll.json"
equals "conll: two documents, both printed" '[2,2]' "$(ev '[.conll.documents, .conll.returned]')"
equals "conll: gold LOC spans" 2 "$(ev .conll.gold_loc)"
equals "conll: predicted LOC spans are the printed places" \
  "$(jq -s '[.[] | [.places[] | [.start, .end]] | unique | length] | add' "$TMP/conll.json")" "$(ev .conll.pred_loc)"
equals "conll: LOC right = printed places on [17,22) and [9,17)" \
  "$(jq -s '[.[] | .id as $id | [.places[] | [.start, .end]] | unique[]
             | select(($id == "conll-0" and . == [17, 22]) or ($id == "conll-1" and . == [9, 17]))] | length' "$TMP/conll.json")" \
  "$(ev '.conll.loc_r * 2 | round')"
if jq -s -e '[.[].entities // [] | length] | add > 0' "$TMP/conll.json" >/dev/null; then
  equals "conll: every gold entity counted (PER, LOC, LOC)" 3 "$(ev .conll.entities.overall.gold)"
else
  equals "conll: no entities printed, said so" '"not printed"' "$(ev .conll.entities)"
fi

# Reuters: only story 1 has a label.
equals "reuters: the labelled story only" '[1,1]' "$(ev '[.reuters.documents, .reuters.gold]')"
equals "reuters: precision at recall >= 0.95 is a figure or null" true \
  "$(ev '.reuters.precision_at_recall_095 | has("p")')"

# Who said it: the same searches by hand.
right_direct=0 right_indirect=0 nohit=0
while IFS=$'\t' read -r path phrase speaker surname kind skind; do
  [[ $path == path ]] && continue
  hits=$("$BIN/whosaid" --db "$TMP/db" --quotes --json --limit 1 "quote:\"$phrase\"")
  if [[ $(jq '.hits | length' <<<"$hits") == 0 ]]; then
    nohit=$((nohit + 1))
  elif jq -e --arg s "$surname" '.hits[0].speaker | tostring | ascii_downcase | contains($s | ascii_downcase)' \
    <<<"$hits" >/dev/null; then
    [[ $kind == direct ]] && right_direct=$((right_direct + 1)) || right_indirect=$((right_indirect + 1))
  fi
done <"$D/who-said-it/dev.tsv"
equals "whosaidit: three cases, the third finds nothing" '[3,1]' "$(ev '[.whosaidit.cases, .whosaidit.no_hit]')"
equals "whosaidit: no hit as searched by hand" "$nohit" "$(ev .whosaidit.no_hit)"
equals "whosaidit: right answers as searched by hand" "[[$right_direct,2],[$right_indirect,1]]" \
  "$(ev '[.whosaidit.direct, .whosaidit.indirect]')"
run reuters-doc "$BIN/whosaid" --db "$TMP/db" --json accord
equals "whosaidit: the Reuters story is indexed as documented (id, date, source, title)" \
  '["reuters-1","1987-03-03","Reuters","FRENCH TALKS RESUME"]' \
  "$(jq -c '.hits[0] | [.id, .date, .source, .title]' "$TMP/run/reuters-doc.out")"
equals "whosaidit: the dateline opens the body" true \
  "$(jq '.hits[0].snippet | test("PARIS")' "$TMP/run/reuters-doc.out")"

# --db is reused the second time.
run again "$BIN/whosaid-eval" --sets whosaidit --bbc "$D/bbc" --reuters "$D/articles.tsv" \
  --who-said-it "$D/who-said-it/dev.tsv" --db "$TMP/db"
equals "an existing --db is reused, with the same figures" \
  "$(ev '.whosaidit | del(.db_reused)')" "$(jq -c '.whosaidit | del(.db_reused)' "$TMP/run/again.out")"
equals "... and says so" true "$(jq .whosaidit.db_reused "$TMP/run/again.out")"
equals "--sets runs only the measures named" '["whosaidit"]' "$(jq -c keys "$TMP/run/again.out")"

# Mistakes.
run missing "$BIN/whosaid-eval" --conll "$TMP/no-such-file"
equals "a data path given that is missing: exit 1" 1 "$(code_of missing)"
ok "... naming the path" grep -q "no-such-file" "$TMP/run/missing.err"
run badset "$BIN/whosaid-eval" --sets polnear,nope
equals "an unknown measure: exit 2" 2 "$(code_of badset)"
ok "... naming it and the measures there are" grep -q "'nope'.*quotespeaker" "$TMP/run/badset.err"
run nobin "$BIN/whosaid-eval" --sets whosaidit --bbc "$D/bbc" --reuters "$D/articles.tsv" \
  --who-said-it "$D/who-said-it/dev.tsv" --db "$TMP/db2" --bin-dir "$TMP/no-bin"
equals "whosaid-index not found: exit 1" 1 "$(code_of nobin)"
ok "... saying how to name its folder" grep -q -- "--bin-dir" "$TMP/run/nobin.err"
mkdir -p "$TMP/not-a-db" && echo x >"$TMP/not-a-db/junk"
run baddb "$BIN/whosaid-eval" --sets whosaidit --bbc "$D/bbc" --reuters "$D/articles.tsv" \
  --who-said-it "$D/who-said-it/dev.tsv" --db "$TMP/not-a-db"
equals "a --db that is no index: exit 1, not every case counted as no hit" 1 "$(code_of baddb)"
ok "... with whosaid's own words" grep -q "whosaid exited" "$TMP/run/baddb.err"

finish
