#!/usr/bin/env bash
# Extraction quality in CI: whosaid-extract --json on the fixture articles of
# tests/fixtures/extract/cases/ (written by the team), each judged against its
# expectation file NAME.tsv (format: tests/fixtures/extract/README.md) by
# extract_fixtures.jq. Prints PASS/MISS/WRONG per check, then precision and
# recall over all checks, and fails when a figure falls below the thresholds
# in tests/fixtures/extract/thresholds, or a negative check marked `must`
# fails. By hand, on some cases only (no gating then):
#   WHOSAID_BIN_DIR=$PWD/build/bin bash tests/cli/t240-extract-fixtures.sh 07_wire_banks ...
. "$(dirname "$0")/lib.sh"
require whosaid-extract

CASES=$FIXTURES/extract/cases
THRESHOLDS=$FIXTURES/extract/thresholds
JQ=$SRC/tests/cli/extract_fixtures.jq

names=("$@")
if ((${#names[@]} == 0)); then
  for f in "$CASES"/*.tsv; do names+=("$(basename "$f" .tsv)"); done
fi

results=$TMP/results.tsv
: >"$results"
for n in "${names[@]}"; do
  article=$CASES/$n.txt
  if [[ ! -f $article || ! -f $CASES/$n.tsv ]]; then
    printf 'ERROR\tpos\t\t%s\tfixture\tneeds both %s.txt and %s.tsv\n' "$n" "$n" "$n" >>"$results"
    continue
  fi
  run "extract-$n" "$BIN/whosaid-extract" --json "$article"
  if [[ $(code_of "extract-$n") != 0 ]] || [[ $(jq -s 'length' "$TMP/run/extract-$n.out" 2>/dev/null) != 1 ]]; then
    printf 'ERROR\tpos\t\t%s\twhosaid-extract --json\texit %s, not one JSON object: %s\n' \
      "$n" "$(code_of "extract-$n")" "$(head -c 200 "$TMP/run/extract-$n.err")" >>"$results"
    continue
  fi
  jq -nr --arg art "$n" --rawfile text "$article" --rawfile exp "$CASES/$n.tsv" \
    --slurpfile out "$TMP/run/extract-$n.out" -f "$JQ" >>"$results" ||
    printf 'ERROR\tpos\t\t%s\t%s.tsv\tjq could not judge it\n' "$n" "$n" >>"$results"
done

# One line per check, failures with what the extractor gave instead.
awk -F'\t' '{ printf "%s: %s: %s%s%s\n", ($1 == "PASS" ? "PASS" : "FAIL " $1), $4, $5,
              ($3 == "" ? "" : " [" $3 "]"), ($6 == "" ? "" : " -- " $6) }' "$results"

# Recall: positive checks passed / positive checks. Precision: right answers
# / all answers judged, where a wrong speaker, a speaker outside a complete
# speaker set and every violated negative check (junk speaker, narrative
# inside a quote, a non-place tagged as a place, an invented name) count as
# wrong answers, and a positive check the extractor left unanswered (MISS)
# counts for neither.
read -r pos pos_pass pos_wrong extra neg neg_bad must_bad errors < <(awk -F'\t' '
  $1 == "ERROR" { e++; next }
  $2 == "pos" { p++; if ($1 == "PASS") pp++; if ($1 == "WRONG") pw++ }
  $2 == "extra" { x++ }
  $2 == "neg" { n++; if ($1 != "PASS") { nb++; if ($3 == "must") mb++ } }
  END { print p+0, pp+0, pw+0, x+0, n+0, nb+0, mb+0, e+0 }' "$results")
answers=$((pos_pass + pos_wrong + extra + neg_bad))
precision=$(awk -v a="$pos_pass" -v b="$answers" 'BEGIN { printf "%.3f", b ? a / b : 1 }')
recall=$(awk -v a="$pos_pass" -v b="$pos" 'BEGIN { printf "%.3f", b ? a / b : 0 }')
echo "articles ${#names[@]}; positive checks $pos (passed $pos_pass, wrong $pos_wrong, missed $((pos - pos_pass - pos_wrong)));" \
  "extra speakers $extra; negative checks $neg (violated $neg_bad, of them must $must_bad); fixture errors $errors"
echo "precision $precision (= $pos_pass / $answers)  recall $recall (= $pos_pass / $pos)"
# By kind of check, to see which part of extraction moved.
awk -F'\t' '$1 != "ERROR" { k = $5; sub(/ .*/, "", k); if (k == "speaker") k = "speaker-set"; if ($2 == "extra") k = "extra-speaker"
  n[k]++; if ($1 == "PASS") p[k]++ }
  END { for (k in n) printf "  %-14s %4d / %-4d passed\n", k, p[k], n[k] }' "$results" | sort
# A `should` check is a must that the extractor does not meet yet: once it
# holds, make it a must so that it stays held.
promote=$(awk -F'\t' '$2 == "neg" && $3 == "should" && $1 == "PASS" { print "  " $4 ": " $5 }' "$results")
if [[ -n $promote ]]; then
  echo "should-checks that hold now (change should to must in their .tsv):"
  echo "$promote"
fi

# The judge itself can fail: fed outputs that break the expectations, it
# must report them (an empty extraction, a quote that swallows the article
# from an unclosed quote mark, a junk speaker, a headline word as a place).
judge() {  # judge CASE JQ-FILTER-MAKING-AN-OUTPUT: the judgements, one per line
  local n=$1
  jq -n --rawfile text "$CASES/$n.txt" "$2" >"$TMP/fake-$n.json"
  jq -nr --arg art "$n" --rawfile text "$CASES/$n.txt" --rawfile exp "$CASES/$n.tsv" \
    --slurpfile out "$TMP/fake-$n.json" -f "$JQ"
}
if (($# == 0)); then
  fake=$(judge 18_unclosed_quote '{quotes: [], places: [], speakers: []}')
  equals "judge: an empty extraction passes no positive check" 0 \
    "$(awk -F'\t' '$2 == "pos" && $1 == "PASS"' <<<"$fake" | wc -l)"
  fake=$(judge 18_unclosed_quote '{quotes: [{text: ($text | split("\"") | .[1:] | join("\"")), kind: "direct",
    speaker: {name: "Nadia Okafor", canonical: "Nadia Okafor", kind: "person"}}], places: [], speakers: ["Nadia Okafor"]}')
  equals "judge: a quote that swallows the article breaks the must checks" 5 \
    "$(awk -F'\t' '$1 == "WRONG" && $3 == "must" && $5 ~ /^not-quote/' <<<"$fake" | wc -l)"
  fake=$(judge 03_primary_trump '{quotes: [{text: "already over", kind: "direct",
    speaker: {name: "Looking", canonical: "Looking", kind: "person"}}], places: [], speakers: ["Looking"]}')
  equals "judge: a junk speaker is a wrong answer and breaks not-speaker" "WRONG said WRONG not-speaker" \
    "$(awk -F'\t' '$1 == "WRONG" && ($5 ~ /^said "already over"/ || $5 == "not-speaker Looking") { split($5, w, " "); printf "%s%s %s", sep, $1, w[1]; sep = " " }' <<<"$fake")"
  fake=$(judge 07_wire_banks '{quotes: [], speakers: [], places: [($text | explode | indices("LOOKING" | explode)[0]) as $s
    | {name: "Looking", country: "", start: $s, end: ($s + 7)}]}')
  equals "judge: a headline word tagged as a place breaks not-place" "not-place LOOKING" \
    "$(awk -F'\t' '$1 == "WRONG" { print $5 }' <<<"$fake")"
fi

equals "no broken fixture (a phrase missing from its article, an unknown check)" 0 "$errors"
equals "every negative check marked must holds" 0 "$must_bad"
if (($# == 0)); then
  # The thresholds: raise them as extraction improves (the figures above).
  P_MIN=$(awk '$1 == "P_MIN" { print $2 }' "$THRESHOLDS")
  R_MIN=$(awk '$1 == "R_MIN" { print $2 }' "$THRESHOLDS")
  NEG_MAX=$(awk '$1 == "NEG_MAX_VIOLATED" { print $2 }' "$THRESHOLDS")
  echo "thresholds ($THRESHOLDS): P_MIN $P_MIN R_MIN $R_MIN NEG_MAX_VIOLATED $NEG_MAX"
  ok "precision $precision >= P_MIN $P_MIN" awk -v a="$precision" -v b="$P_MIN" 'BEGIN { exit !(b != "" && a >= b + 0) }'
  ok "recall $recall >= R_MIN $R_MIN" awk -v a="$recall" -v b="$R_MIN" 'BEGIN { exit !(b != "" && a >= b + 0) }'
  ok "negative checks violated $neg_bad <= NEG_MAX_VIOLATED $NEG_MAX" test "$neg_bad" -le "$NEG_MAX"
fi
finish
