#!/usr/bin/env bash
# The query language's documentation is a test table (issue 11): every query
# example of README.md and of `whosaid --help` runs on the sample corpus
# (indexed as scripts/demo.sh indexes it, with extraction) and must find the
# number of articles written next to it in tests/cli/doc-examples.tsv.
# Examples are found, not listed by hand:
#   - README.md: lines of code blocks that run `whosaid ...` (a "$ " prompt
#     and a trailing "# comment" removed), inline `whosaid ...` spans, and
#     inline spans holding a field:value of the schema (`speaker:rubio`);
#   - --help: the lines of EXAMPLES that run `whosaid ...`, and every
#     field:value of the schema in the text (speaker:rubio, date:2025..).
# So a new example without an expected count fails, and so does a line of
# the table that no longer is an example (stale).
# doc-examples.tsv: EXAMPLE <TAB> EXPECTED, where EXPECTED is the total
# (`whosaid --json --limit 0`), "error" (exit 1: an example of a refused
# query), or "skip: REASON" (needs shards or servers that CI lacks).
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid

TABLE=$SRC/tests/cli/doc-examples.tsv
DB=$TMP/db
run index "$BIN/whosaid-index" --db "$DB" "$SAMPLE"
equals "the sample indexes" 0 "$(code_of index)"

FIELDS='(title|body|quote|speaker|person|org|place|country|source|year|date)'
# A field:value: a quoted value, a (group), or a run of value characters.
FIELD_VALUE="[-+]?$FIELDS:(\"[^\"]*\"|\\([^)]*\\)|[^[:space:],;:)\`'=]+)"

readme_examples() {
  # Commands in code blocks.
  awk '/^```/ { inside = !inside; next } inside' "$SRC/README.md" |
    sed -E -e 's/^\$ //' -e 's/[[:space:]]+#.*$//' -e 's/[[:space:]]+$//' | grep -E '^whosaid ' || true
  # Inline spans: commands, and queries holding a field:value.
  grep -oE '`[^`]+`' "$SRC/README.md" | sed -E 's/^`|`$//g' |
    grep -E "^whosaid |(^|[[:space:](])$FIELD_VALUE" || true
}

help_examples() {
  local help
  help=$("$BIN/whosaid" --help)
  awk '/^EXAMPLES/ { on = 1; next } /^[A-Z]/ { on = 0 } on' <<<"$help" |
    sed -E -e 's/^[[:space:]]+//' -e 's/[[:space:]]{2,}.*$//' | grep -E '^whosaid ' || true
  grep -oE "(^|[[:space:](])$FIELD_VALUE" <<<"$help" | sed -E 's/^[[:space:](]//' || true
}

examples=$( { readme_examples; help_examples; } | sort -u)
ok "examples were found in README.md and --help" test "$(wc -l <<<"$examples")" -gt 20

# Every example has a line in the table, every line of the table is an example.
table_examples=$(grep -v '^#' "$TABLE" | grep . | cut -f1 | sort)
missing=$(comm -23 <(echo "$examples") <(echo "$table_examples"))
stale=$(comm -13 <(echo "$examples") <(echo "$table_examples"))
equals "every example has an expected count in tests/cli/doc-examples.tsv" "" "$missing"
equals "every line of tests/cli/doc-examples.tsv is an example of the docs" "" "$stale"
equals "no example is twice in the table" "" "$(grep -v '^#' "$TABLE" | grep . | cut -f1 | sort | uniq -d)"

# Run each one.
n=0
while IFS=$'\t' read -r example expected; do
  [[ -z $example || $example == \#* ]] && continue
  grep -qxF -- "$example" <<<"$examples" || continue
  n=$((n + 1))
  if [[ $expected == skip:* ]]; then
    skip "$example" "${expected#skip: }"
    continue
  fi
  if [[ $example == "whosaid "* ]]; then
    eval "args=(${example#whosaid })"
  else
    args=(-- "$example")
  fi
  # Options after the example's own: a count of every match, as JSON.
  if [[ ${args[0]} == -- ]]; then
    run "ex$n" "$BIN/whosaid" --db "$DB" --json --limit 0 "${args[@]}"
  else
    run "ex$n" "$BIN/whosaid" "${args[@]}" --db "$DB" --json --limit 0
  fi
  if [[ $expected == error ]]; then
    equals "$example: refused (exit 1)" 1 "$(code_of "ex$n")"
  else
    equals "$example: $expected results" "0 $expected" \
      "$(code_of "ex$n") $(jq -r '.total | if .exact then .estimate else "about \(.estimate)" end' "$TMP/run/ex$n.out" 2>/dev/null)"
  fi
done <"$TABLE"

finish
