#!/usr/bin/env bash
# The conventions of a Unix tool in what the programs print (issue 11):
# --format tsv|csv|ids, --article (one article in full, text and JSON),
# NO_COLOR / TERM=dumb / --color, the output width, help without parser
# leftovers, and errors as JSON with --json.
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid whosaid-extract

DB=$TMP/db
ARTICLES=$SAMPLE/articles
JSONL=$SAMPLE/articles.jsonl
run index "$BIN/whosaid-index" --db "$DB" "$ARTICLES" "$JSONL"
equals "the sample indexes (with extraction)" 0 "$(code_of index)"
W() { "$BIN/whosaid" --db "$DB" "$@"; }
# Columns of the longest line without a '/' (wc -L counts characters).
longest() { tr -d '\r' <"$1" | grep -v / | wc -L; }

# --- --format tsv | csv | ids --------------------------------------------
run json W --json --limit 100 peace
run tsv W --format tsv --limit 100 peace
run csv W --format csv --limit 100 peace
run ids W --format ids --limit 100 peace
equals "tsv: exit 0, nothing on stderr" "0 " "$(code_of tsv) $(err_of tsv)"
equals "tsv: the header row" \
  "$(printf 'rank\tid\tscore\tdate\tsource\ttitle\turl\tspeakers\tplaces\tpath')" "$(head -n 1 "$TMP/run/tsv.out")"
equals "tsv: one row per hit" "$(jq '.hits | length' "$TMP/run/json.out")" "$(($(wc -l <"$TMP/run/tsv.out") - 1))"
equals "tsv: every row has 10 fields" "10" "$(awk -F'\t' '{print NF}' "$TMP/run/tsv.out" | sort -u)"
equals "tsv: ids and titles as in the JSON" \
  "$(jq -r '.hits[] | [.id, .title] | @tsv' "$TMP/run/json.out")" "$(tail -n +2 "$TMP/run/tsv.out" | cut -f2,6)"
equals "tsv: speakers joined by '; '" \
  "$(jq -r '.hits[] | .speakers | join("; ")' "$TMP/run/json.out")" "$(tail -n +2 "$TMP/run/tsv.out" | cut -f8)"
equals "ids: one id per line, in rank order" "$(jq -r '.hits[].id' "$TMP/run/json.out")" "$(out_of ids)"
# CSV read back by Python's csv module (RFC 4180) gives the same cells.
if have python3; then
  equals "csv: read back by a CSV parser, the same cells as the tsv" \
    "$(tail -n +2 "$TMP/run/tsv.out" | cut -f1,2,4-10 | sed 's/\\\\/\\/g')" \
    "$(python3 -c 'import csv,sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0][0] == "rank" and all(len(r) == 10 for r in rows)
for r in rows[1:]: print("\t".join(r[:2] + r[3:]))' "$TMP/run/csv.out")"
fi
ok "csv: rows end with CRLF" grep -q $'\r$' "$TMP/run/csv.out"
# Filter-only queries score 0: stable golden files.
run tsv-quotes W --format tsv --quotes --filter 'speaker=Kaja Kallas'
check tsv-quotes "--format tsv --quotes: the quote columns"
run csv-articles W --format csv --filter source='Atlantic Herald'
check csv-articles "--format csv: quoting of titles with commas and quotes"
run tsv-facet W --format tsv --facet speaker peace
equals "--format tsv with --facet: usage error" "2" "$(code_of tsv-facet)"
ok "--format tsv with --facet: says to use json" grep -q 'format json' "$TMP/run/tsv-facet.err"
run json-then-tsv W --json --format tsv peace
equals "--json then --format tsv: the last wins (tsv)" "rank" "$(head -c 4 "$TMP/run/json-then-tsv.out")"
run tsv-then-json W --format tsv --json peace
jqok tsv-then-json "--format tsv then --json: the last wins (json)" '.version == 1 and (.hits | length) > 0'

# --- --article ------------------------------------------------------------
KALLAS=$(jq -r '.hits[] | select(.path | endswith("003_kallas_warns.txt")) | .id' \
  <(W --json --limit 100 kallas))
run article W --article "$KALLAS"
equals "--article: exit 0" 0 "$(code_of article)"
check article "--article: header, marked body, quotes, places (text)"
run article-json W --json --article "$KALLAS"
jqok article-json "--article --json: the fields" \
  '.version == 1 and (.title | test("Kallas warns")) and .date == "2025-11-22"
   and .source == "Atlantic Herald" and (.url | startswith("https://"))
   and (.text | type) == "string" and (.quotes | length) > 0 and (.places | length) > 0'
jqok article-json "--article --json: quote spans are code points into text" \
  '.text as $t | [.quotes[] | select(.start != null)] | length > 0 and
   all(.[]; $t[.start:.end] == .text)'
jqok article-json "--article --json: place spans name a place" \
  '.text as $t | all(.places[]; .start < .end and ($t[.start:.end] | length) > 0
   and (.name | type) == "string" and (.country | type) == "string")'
jqok article-json "--article --json: quote fields" \
  'all(.quotes[]; (.speaker | type) == "string" and (.kind == "direct" or .kind == "indirect")
   and (.cue | type) == "string" and (.id | test("#q[0-9]+$")))'
jqok article-json "--article --json: speakers with their kinds, quotes with their speaker's" \
  '(.speaker_kinds | length) == (.speakers | length) and (.speakers | length) > 0
   and all(.speaker_kinds[]; . == "person" or . == "organization")
   and any(.quotes[]; .speaker_kind == "unnamed") and all(.quotes[]; (.speaker_kind | type) == "string")'
# A JSON Lines article (no file to open), and a quote id.
run article-jsonl W --json --article jl-2025-11-23-geneva-preview
jqok article-jsonl "--article: a JSON Lines article, spans into its body" \
  '.id == "jl-2025-11-23-geneva-preview" and .text as $t
   | all(.quotes[] | select(.start != null); $t[.start:.end] == .text)'
run article-quote W --json --article "jl-2025-11-23-geneva-preview#q0"
jqok article-quote "--article QUOTE-ID: the quote's article" '.id == "jl-2025-11-23-geneva-preview"'
run article-no-quote W --article "jl-2025-11-23-geneva-preview#q999"
equals "--article ID#qN of a quote the article does not have: exit 1" 1 "$(code_of article-no-quote)"
run article-missing W --article no-such-id
equals "--article unknown id: exit 1" 1 "$(code_of article-missing)"
ok "--article unknown id: the message names it" grep -q "^whosaid: no article with id 'no-such-id'" "$TMP/run/article-missing.err"
run article-query W --article "$KALLAS" peace
equals "--article with a query: usage error" 2 "$(code_of article-query)"

# --- colour ---------------------------------------------------------------
esc=$'\x1b'
run color-always W --color always kallas
ok "--color always: escapes" grep -q "$esc\[1m" "$TMP/run/color-always.out"
run nocolor-always env NO_COLOR=1 "$BIN/whosaid" --db "$DB" --color always kallas
ok "NO_COLOR with --color always: escapes" grep -q "$esc\[1m" "$TMP/run/nocolor-always.out"
# Through a terminal (script(1) gives a pty): auto means colour, unless
# NO_COLOR is non-empty or TERM is dumb.
pty() {  # NAME ENV... -- runs whosaid kallas on a pty with that environment
  local name=$1; shift
  script -qec "env $* '$BIN/whosaid' --db '$DB' kallas" /dev/null >"$TMP/run/$name.out" 2>&1 </dev/null
}
if script -qec true /dev/null >/dev/null 2>&1 </dev/null; then
  pty tty-color TERM=xterm NO_COLOR=
  ok "a terminal: colour" grep -q "$esc\[1m" "$TMP/run/tty-color.out"
  pty tty-nocolor TERM=xterm NO_COLOR=1
  not_ok "a terminal with NO_COLOR=1: no colour" grep -q "$esc\[" "$TMP/run/tty-nocolor.out"
  pty tty-dumb TERM=dumb NO_COLOR=
  not_ok "a terminal with TERM=dumb: no colour" grep -q "$esc\[" "$TMP/run/tty-dumb.out"
  # The indexer's progress line (every second): "\r\033[K" only when TERM
  # is not dumb. The articles come on standard input with a pause of 2.5 s
  # in the middle, so the run lasts over a second however fast the machine.
  for i in $(seq 1 2000); do
    printf '{"id":"p%d","title":"Progress %d","body":"Words of article %d about the weather."}\n' "$i" "$i" "$i"
  done >"$TMP/progress.jsonl"
  script -qec "sh -c \"(head -n 1000 '$TMP/progress.jsonl'; sleep 2.5; tail -n +1001 '$TMP/progress.jsonl') | env TERM=xterm '$BIN/whosaid-index' --no-extract --db '$TMP/db-xterm' -\"" \
    /dev/null >"$TMP/run/index-xterm.out" 2>&1 </dev/null
  ok "whosaid-index on a terminal: the progress line (\\r\\033[K)" grep -q "$esc\[K" "$TMP/run/index-xterm.out"
  script -qec "sh -c \"(head -n 1000 '$TMP/progress.jsonl'; sleep 2.5; tail -n +1001 '$TMP/progress.jsonl') | env TERM=dumb '$BIN/whosaid-index' --no-extract --db '$TMP/db-dumb' -\"" \
    /dev/null >"$TMP/run/index-dumb.out" 2>&1 </dev/null
  not_ok "whosaid-index on a TERM=dumb terminal: no control sequences" grep -q "$esc\[K" "$TMP/run/index-dumb.out"
  ok "whosaid-index on a TERM=dumb terminal: the summary" grep -Eq "^indexed 2000 articles" "$TMP/run/index-dumb.out"
  # The width of the terminal (stty on the pty).
  script -qec "stty cols 50; env TERM=xterm NO_COLOR=1 '$BIN/whosaid' --db '$DB' --facet place peace" /dev/null \
    >"$TMP/run/tty-50.out" 2>&1 </dev/null
  ok "a 50-column terminal: no line over 50 columns" test "$(longest "$TMP/run/tty-50.out")" -le 50
else
  skip "colour and width on a terminal" "script(1) cannot open a pty here"
fi

# --- width ----------------------------------------------------------------
# The issue measured lines of 408 columns: text output stays within the
# width ($COLUMNS, else 80 when not a terminal); only an unbreakable word
# (a path, a URL) may be longer.
run wide W --facet speaker,place --facet-limit 50 'quote:"spirit of Anchorage"'
ok "80 columns when piped: no line over 80 ($(longest "$TMP/run/wide.out"))" test "$(longest "$TMP/run/wide.out")" -le 80
ok "the long place list is cut with '+N more'" grep -Eq '^   places: .*… \+[0-9]+ more$' "$TMP/run/wide.out"
run wide60 env COLUMNS=60 "$BIN/whosaid" --db "$DB" --quotes --limit 20 ceasefire
ok "COLUMNS=60: no line over 60 ($(longest "$TMP/run/wide60.out"))" test "$(longest "$TMP/run/wide60.out")" -le 60
run article60 env COLUMNS=60 "$BIN/whosaid" --db "$DB" --article "$KALLAS"
ok "--article, COLUMNS=60: no line over 60" test "$(longest "$TMP/run/article60.out")" -le 60
run tsv-wide env COLUMNS=40 "$BIN/whosaid" --db "$DB" --format tsv 'quote:"spirit of Anchorage"'
equals "tsv is never wrapped: one line per hit" 2 "$(wc -l <"$TMP/run/tsv-wide.out")"

# --- help without parser leftovers ----------------------------------------
for prog in whosaid whosaid-index whosaid-extract; do
  run "$prog-help" "$BIN/$prog" --help
  equals "$prog --help: exit 0" 0 "$(code_of "$prog-help")"
  not_ok "$prog --help: no validator names (POSITIVE), type names (TEXT, INT) or defaults glued to options" \
    grep -Eq 'POSITIVE|\bTEXT\b|\bINT\b|\bUINT\b|\b[A-Z]+=[0-9/<~$]|REQUIRED' "$TMP/run/$prog-help.out"
  ok "$prog --help: no line over 80 columns" test "$(wc -L <"$TMP/run/$prog-help.out")" -le 80
done
usage() {  # NAME PROGRAM ARGS...: exit 2, the program named first, a way out
  local name=$1 prog=$2; shift 2
  run "$name" "$BIN/$prog" "$@"
  equals "$name: exit 2" 2 "$(code_of "$name")"
  ok "$name: the message starts with '$prog: '" grep -q "^$prog: " "$TMP/run/$name.err"
  ok "$name: says where to look" grep -q -- "--help" "$TMP/run/$name.err"
}
usage extract-no-args whosaid-extract
check extract-no-args "whosaid-extract without FILE: a usage error naming the program"
usage index-batch-0 whosaid-index --db "$TMP/db0" --batch-size 0 "$ARTICLES"
not_ok "--batch-size 0: no validator name in the message" grep -q POSITIVE "$TMP/run/index-batch-0.err"
usage search-limit-many whosaid --limit many peace
usage search-article-no-id whosaid --db "$DB" --article
ok "--article without ID: says it needs a value" grep -q -- '^whosaid: --article needs a value (ID)$' "$TMP/run/search-article-no-id.err"
usage index-jobs-abc whosaid-index --db "$TMP/db0" --jobs abc "$ARTICLES"
ok "--jobs abc: names the value, not CLI11's 'Could not convert'" grep -q -- "^whosaid-index: --jobs: 'abc' is not a valid value$" "$TMP/run/index-jobs-abc.err"

# --- errors as JSON with --json -------------------------------------------
jerr() {  # NAME CODE STATUS: stdout is one error document with CODE
  local name=$1 code=$2 status=$3
  equals "$name: exit $status" "$status" "$(code_of "$name")"
  jqok "$name" "$name: JSON error on stdout, code $code" \
    '.version == 1 and .error.code == $c and (.error.message | length) > 0 and (keys == ["error", "version"])' --arg c "$code"
  ok "$name: the message on stderr too" grep -q "^whosaid" "$TMP/run/$name.err"
}
run jerr-missing "$BIN/whosaid" --db "$TMP/nothing-here" --json peace
jerr jerr-missing no_index 1
run jerr-format "$BIN/whosaid" --db "$TMP/nothing-here" --format json peace
jerr jerr-format no_index 1
run jerr-usage "$BIN/whosaid" --db "$DB" --json --limit many peace
jerr jerr-usage usage 2
run jerr-query W --json 'rubio AND'
jerr jerr-query bad_query 1
run jerr-article W --json --article no-such-id
jerr jerr-article not_found 1
run jerr-index "$BIN/whosaid-index" --json --db "$TMP/db1" --batch-size 0 "$ARTICLES"
jerr jerr-index usage 2
run jerr-index-lang "$BIN/whosaid-index" --json --db "$DB" --lang klingon "$ARTICLES"
jerr jerr-index-lang usage 2
run text-err "$BIN/whosaid" --db "$TMP/nothing-here" peace
equals "without --json: stdout stays empty" "" "$(out_of text-err)"

finish
