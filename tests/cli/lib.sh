# lib.sh: the harness of the end-to-end CLI tests, sourced by each
# tests/cli/tNNN-*.sh script (one ctest test per script, see
# tests/CMakeLists.txt). In the spirit of notmuch's test/test-lib.sh:
#
#   run NAME [--stdin FILE] CMD...   runs CMD, keeping its stdout, stderr and
#                                    exit code in the scratch dir
#   check NAME [DESCRIPTION]         compares them, after masking volatile
#                                    parts (sanitize), with the golden files
#                                    tests/cli/golden/<script>/NAME.{out,err,code};
#                                    UPDATE_GOLDEN=1 rewrites the golden files,
#                                    UPDATE_GOLDEN=NAME,NAME only those
#   ok DESCRIPTION CMD...            passes when CMD succeeds
#   not_ok DESCRIPTION CMD...        passes when CMD fails
#   skip DESCRIPTION REASON          prints why a case did not run
#   finish                           prints "N passed, N failed" and exits
#                                    non-zero when anything failed
#
# Environment (set by ctest): WHOSAID_BIN_DIR (the programs),
# WHOSAID_SOURCE_DIR (the checkout), WHOSAID_TEST_TMP (a scratch dir of this
# script, emptied at the start). A missing program, jq or xapian-delve skips
# the script (exit 77).
# Goldens must be read by a person after regeneration: they are the spec.

set -u
export LC_ALL=C.UTF-8 TZ=UTC NO_COLOR=1 TERM=dumb
unset WHOSAID_DB XDG_DATA_HOME CLICOLOR_FORCE

TEST_NAME=$(basename "$0" .sh)
SRC=${WHOSAID_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)}
SRC=$(cd "$SRC" && pwd -P)
BIN=${WHOSAID_BIN_DIR:-$SRC/build/bin}
FIXTURES=$SRC/tests/fixtures
SAMPLE=$SRC/sample
GOLDEN_DIR=$SRC/tests/cli/golden/$TEST_NAME

# require PROGRAM...: skip the whole script when a program was not built.
require() {
  local p
  for p in "$@"; do
    if [[ ! -x $BIN/$p ]]; then
      echo "SKIP: $BIN/$p not built"
      exit 77
    fi
  done
  # The oracles and checks need jq and xapian-delve (scripts/install-deps.sh).
  for p in jq xapian-delve; do
    if ! command -v "$p" >/dev/null 2>&1; then
      echo "SKIP: $p is not installed (scripts/install-deps.sh installs it)"
      exit 77
    fi
  done
}

# A fresh scratch dir per script; HOME points into it so that the default
# database location never touches the user's own.
TMP=${WHOSAID_TEST_TMP:-${TMPDIR:-/tmp}/whosaid-cli-$(id -u)/$TEST_NAME}
rm -rf "$TMP" 2>/dev/null || { chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"; }
mkdir -p "$TMP/run" "$TMP/home"
TMP=$(cd "$TMP" && pwd -P)
export HOME=$TMP/home

PASSED=0
FAILED=0
FAILED_NAMES=()

pass() { PASSED=$((PASSED + 1)); echo "PASS: $1"; }
fail() { FAILED=$((FAILED + 1)); FAILED_NAMES+=("$1"); echo "FAIL: $1"; }

# run NAME [--stdin FILE] CMD...: CMD's stdout, stderr and exit code go to
# $TMP/run/NAME.{out,err,code}. Standard input is /dev/null unless given.
run() {
  local name=$1; shift
  local input=/dev/null
  if [[ ${1:-} == --stdin ]]; then input=$2; shift 2; fi
  local code=0
  "$@" <"$input" >"$TMP/run/$name.out" 2>"$TMP/run/$name.err" || code=$?
  echo "$code" >"$TMP/run/$name.code"
  return 0
}

# The output of the last `run NAME`, for ad-hoc checks.
out_of() { cat "$TMP/run/$1.out"; }
err_of() { cat "$TMP/run/$1.err"; }
code_of() { cat "$TMP/run/$1.code"; }

# sanitize: masks what changes between runs and machines (notmuch's
# notmuch_search_sanitize): the scratch, source and binary dirs; durations
# ("0.12 s", "12ms", "1.5 seconds") and rates ("1234 articles/s",
# "56.7 docs/sec"); JSON numbers under keys naming a time; BM25 scores
# (floating point, they vary with the Xapian build: order is checked instead).
re_escape() { sed -e 's/[][\.*^$+?(){}|/#]/\\&/g' <<<"$1"; }
sanitize() {
  sed -E \
    -e "s#$(re_escape "$TMP")#<TMP>#g" \
    -e "s#$(re_escape "$BIN")#<BIN>#g" \
    -e "s#$(re_escape "$SRC")#<SRC>#g" \
    -e 's#[0-9]+([.,][0-9]+)? ?([a-z]+)/(s|sec|second)\b#<RATE> \2/s#g' \
    -e 's#\b[0-9]+[.][0-9]+ ?(s|ms|sec|secs|seconds)\b#<TIME>#g' \
    -e 's#\b[0-9]+ ?(ms|sec|secs|seconds)\b#<TIME>#g' \
    -e 's#\b[0-9]+ s\b#<TIME>#g' \
    -e 's#("score": *)[0-9.eE+-]+#\1<SCORE>#g' \
    -e 's#("[a-z_]*(time|elapsed|took|second|duration)[a-z_]*": *)[0-9.eE+-]+#\1<TIME>#g'
}

# check NAME [DESCRIPTION]: compares the sanitized stdout, stderr and exit code
# of `run NAME` with the golden files; prints a unified diff on mismatch.
check() {
  local name=$1 desc=${2:-$1}
  local g=$GOLDEN_DIR/$name r=$TMP/run/$name ext bad=0
  sanitize <"$r.out" >"$r.out.san"
  sanitize <"$r.err" >"$r.err.san"
  cp "$r.code" "$r.code.san"
  if [[ ${UPDATE_GOLDEN:-} == 1 || ,${UPDATE_GOLDEN:-}, == *,$name,* ]]; then
    mkdir -p "$GOLDEN_DIR"
    for ext in out err code; do cp "$r.$ext.san" "$g.$ext"; done
    pass "$desc (golden updated)"
    return
  fi
  for ext in out err code; do
    if [[ ! -f $g.$ext ]]; then
      echo "missing golden file $g.$ext (run with UPDATE_GOLDEN=1, then read it)"
      bad=1
    elif ! cmp -s "$g.$ext" "$r.$ext.san"; then
      diff -u --label "expected $name.$ext" --label "actual $name.$ext" "$g.$ext" "$r.$ext.san"
      bad=1
    fi
  done
  if ((bad)); then fail "$desc"; else pass "$desc"; fi
}

# ok DESCRIPTION CMD...: passes when CMD exits 0.
ok() {
  local desc=$1; shift
  if "$@"; then pass "$desc"; else fail "$desc"; fi
}

# not_ok DESCRIPTION CMD...: passes when CMD exits non-zero.
not_ok() {
  local desc=$1; shift
  if "$@"; then fail "$desc"; else pass "$desc"; fi
}

# equals DESCRIPTION EXPECTED ACTUAL
equals() {
  if [[ $2 == "$3" ]]; then
    pass "$1"
  else
    fail "$1"
    echo "  expected: $2"
    echo "  actual:   $3"
  fi
}

skip() { echo "SKIP: $1 ($2)"; }

finish() {
  echo "$PASSED passed, $FAILED failed"
  if ((FAILED)); then
    printf '  failed: %s\n' "${FAILED_NAMES[@]}"
    exit 1
  fi
  exit 0
}

# Helpers on databases.

# article_count DB: the number of article documents in DB (quote documents
# excluded), from the XTYPEarticle posting list, via xapian-delve.
article_count() {
  local line
  line=$(xapian-delve -t XTYPEarticle "$1" 2>/dev/null | head -n 1)
  if [[ $line =~ termfreq\ ([0-9]+) ]]; then
    echo "${BASH_REMATCH[1]}"
  elif xapian-delve "$1" >/dev/null 2>&1; then
    echo 0
  else
    echo "error"
  fi
}

have() { command -v "$1" >/dev/null 2>&1; }

# Oracles: what a query must find, computed from the corpus files themselves
# by brute force (grep, awk, jq), never written down by hand.

# corpus DIR: builds, once per script, a cache of the plain-text articles of
# DIR (one awk pass, as spawning tools per file is slow on a loaded machine):
#   $TMP/corpus/<key>.text   the lines of every article without its header,
#   $TMP/corpus/<key>.names  the article name of each of those lines,
#   $TMP/corpus/<key>.meta   name TAB date TAB source TAB title, one per article.
# Prints the path prefix $TMP/corpus/<key>.
corpus() {
  local base
  base=$TMP/corpus/$(cksum <<<"$1" | cut -d" " -f1)
  if [[ ! -f $base.meta ]]; then
    mkdir -p "$TMP/corpus"
    awk -v text="$base.text" -v names="$base.names" -v meta="$base.meta" '
      function flush() { if (name != "") print name "\t" date "\t" source "\t" title > meta }
      FNR == 1 { flush(); name = FILENAME; sub(/.*\//, "", name); sub(/\.txt$/, "", name)
                 date = source = title = ""; h = ($0 ~ /^[A-Za-z]+: /) }
      h && /^[[:space:]]*$/ { h = 0; next }
      h { k = tolower($0); sub(/:.*/, "", k); v = $0; sub(/^[^:]*: */, "", v)
          if (k == "date") date = v; else if (k == "source") source = v; next }
      { print > text; print name > names }
      title == "" && NF { title = $0; sub(/^[[:space:]]+/, "", title); sub(/[[:space:]]+$/, "", title) }
      END { flush() }' "$1"/*.txt
  fi
  echo "$base"
}

# lines_to_names BASE: reads "LINE:..." (grep -n output) and prints the
# article names of those lines of BASE.text.
lines_to_names() {
  cut -d: -f1 | awk 'NR == FNR { want[$1]; next } FNR in want' - "$1.names"
}

# grep_articles ERE DIR JSONL: the names (file name without .txt, or JSONL id)
# of the articles whose title or text matches the case-insensitive extended
# regular expression ERE, sorted.
grep_articles() {
  local re=$1 base
  base=$(corpus "$2")
  {
    grep -Ein -- "$re" "$base.text" | lines_to_names "$base"
    jq -r --arg re "$re" 'select((.title + "\n" + .body) | test($re; "i")) | .id' "$3"
  } | sort -u
}

# meta DIR: name TAB date TAB source TAB title of each article of DIR.
meta() { cat "$(corpus "$1").meta"; }

# hit_names JSONFILE: the hits of a `whosaid --json` output as article names
# (a text article's id is its path: keep the file name without .txt), sorted.
hit_names() {
  jq -r '.hits[].id' "$1" | sed -e 's#.*/##' -e 's#\.txt$##' | sort
}

# hit_names_ranked JSONFILE: the same, in rank order.
hit_names_ranked() {
  jq -r '.hits[].id' "$1" | sed -e 's#.*/##' -e 's#\.txt$##'
}

# same_list DESCRIPTION EXPECTED ACTUAL: like equals, but for newline-separated
# lists, printing a diff on mismatch. An empty EXPECTED fails: an oracle that
# finds nothing proves nothing.
same_list() {
  if [[ -z $2 ]]; then
    fail "$1 (the oracle found nothing)"
  elif [[ $2 == "$3" ]]; then
    pass "$1"
  else
    fail "$1"
    diff -u --label expected --label actual <(echo "$2") <(echo "$3")
  fi
}

# jqok NAME DESCRIPTION FILTER [JQ-OPTION...]: passes when the stdout of
# `run NAME` is exactly one JSON document and the jq FILTER is true on it
# (options such as --arg go to jq).
jqok() {
  local name=$1 desc=$2 filter=$3
  shift 3
  if jq -se "$@" "length == 1 and (.[0] | $filter)" "$TMP/run/$name.out" >/dev/null 2>&1; then
    pass "$desc"
  else
    fail "$desc"
  fi
}
