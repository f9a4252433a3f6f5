#!/usr/bin/env bash
# Bad input: a malformed JSON Lines line (broken JSON, wrong field types, not
# an object, invalid UTF-8), an empty file, a binary file, a Latin-1 file, an
# unreadable file, symbolic link loops, a missing path, and bad lines on
# standard input. Each gets one warning naming the file (and line), is
# skipped and counted, and every other article is indexed.
# Fixtures: tests/fixtures/bad (see tests/fixtures/README.md); the unreadable
# file and the symlink loops are made here, as git cannot hold them.
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid

# The scratch dir is world-writable so that, as root (where chmod 000 does not
# stop reading), the indexer can run as nobody on the unreadable file.
W=$TMP/w
mkdir -p "$W"
chmod 1777 "$W"
IN=$W/in
cp -r "$FIXTURES/bad" "$IN"
chmod -R a+rX "$IN"
printf 'A secret\n\nNobody may read this.\n' >"$IN/unreadable.txt"
chmod 000 "$IN/unreadable.txt"
ln -s loop.txt "$IN/loop.txt"
mkdir "$IN/sub"
ln -s .. "$IN/sub/up"
# A tree whose only loop is a link back to its root.
mkdir -p "$W/tree/a"
cp "$FIXTURES/bad/good.txt" "$W/tree/a/"
ln -s .. "$W/tree/a/up"
chmod -R a+rX "$W/tree"

as_user=()
if [[ $(id -u) == 0 ]]; then
  nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  if ! have setpriv; then
    skip "unreadable file" "running as root without setpriv: chmod 000 does not stop root"
    rm -f "$IN/unreadable.txt"
  elif ! "${nobody[@]}" sh -c '"$1" --version && test -w "$2" && test -r "$3"' sh \
         "$BIN/whosaid-index" "$W" "$IN/good.txt" >/dev/null 2>&1; then
    skip "unreadable file" "user 65534 cannot run $BIN/whosaid-index or reach $W (umask?)"
    rm -f "$IN/unreadable.txt"
  else
    as_user=("${nobody[@]}")
  fi
fi
# index NAME INPUT...: indexes INPUTs into a fresh database $W/NAME.db, as
# the unprivileged user when root. --no-extract keeps extraction counts
# (issue 3) out of the summary.
index() {
  local name=$1; shift
  local stdin=(); if [[ $1 == --stdin ]]; then stdin=(--stdin "$2"); shift 2; fi
  run "$name" "${stdin[@]}" "${as_user[@]}" "$BIN/whosaid-index" --db "$W/$name.db" --no-extract "$@"
}
# warned NAME WHERE: exactly one warning line of `run NAME` names WHERE.
warned() {
  local n
  n=$(grep -cF -- "warning: $2:" "$TMP/run/$1.err")
  equals "$1: one warning for ${2#"$IN"/}" 1 "$n"
}

# Each case alone. (Goldens latin1.err and dirloop.err edited by hand: "indexed 1
# article", not "1 articles".)
index mixed "$IN/mixed.jsonl"
check mixed "malformed JSON Lines: bad lines skipped, good ones indexed"
for line in 2 4 5 6 7; do warned mixed "$IN/mixed.jsonl:$line"; done
equals "mixed: the good lines 1, 3 and 9 are indexed" 3 "$(article_count "$W/mixed.db")"
run mixed-ids "$BIN/whosaid" --db "$W/mixed.db" --json --limit 100 --facet year
same_list "mixed: the ids of the good lines" "$(printf 'bad-1\nbad-3\nbad-9')" "$(hit_names "$TMP/run/mixed-ids.out")"

index empty "$IN/empty.txt"
check empty "an empty file"
index binary "$IN/binary.txt"
check binary "a binary file"
index latin1 "$IN/latin1.txt"
check latin1 "a Latin-1 file: repaired, indexed, with a warning"
run latin1-search "$BIN/whosaid" --db "$W/latin1.db" --json café
equals "latin1: the repaired title" "Café owners in Tromsø welcome tourist season" \
  "$(jq -r '.hits[0].title' "$TMP/run/latin1-search.out")"
run latin1-search2 "$BIN/whosaid" --db "$W/latin1.db" --json 'René'
equals "latin1: a repaired word in the body is searchable" 1 "$(jq '.total.estimate' "$TMP/run/latin1-search2.out")"
if [[ -e $IN/unreadable.txt ]]; then
  index unreadable "$IN/unreadable.txt"
  check unreadable "an unreadable file"
fi
index loop "$IN/loop.txt"
check loop "a symbolic link to itself"
index dirloop "$W/tree"
check dirloop "a symbolic link to a parent folder: not followed"
equals "dirloop: the article is indexed once" 1 "$(article_count "$W/dirloop.db")"
index missing "$IN/nope.txt"
check missing "a missing path"
index stdin-bad --stdin "$IN/mixed.jsonl" -
check stdin-bad "bad lines on standard input: named as -:LINE"
equals "stdin: the good lines are indexed" 3 "$(article_count "$W/stdin-bad.db")"

# Everything at once: one warning per bad input, the rest indexed, a summary.
index all "$IN" "$IN/nope.txt"
if [[ -e $IN/unreadable.txt ]]; then
  check all "a folder of bad inputs and a missing path"
else
  skip "golden output of the whole folder" "it lists the unreadable file"
fi
for w in mixed.jsonl:2 mixed.jsonl:4 mixed.jsonl:5 mixed.jsonl:6 mixed.jsonl:7 \
         empty.txt binary.txt latin1.txt loop.txt sub/up nope.txt; do
  warned all "$IN/$w"
done
[[ -e $IN/unreadable.txt ]] && warned all "$IN/unreadable.txt"
not_ok "all: no warning for good.txt" grep -q "good.txt" "$TMP/run/all.err"
# good.txt, latin1.txt and the three good lines of mixed.jsonl; the folder
# reached again through sub/up adds nothing.
equals "all: every good article indexed once" 5 "$(article_count "$W/all.db")"
ok "all: exit status 1 (some input was skipped)" test "$(code_of all)" = 1
run all-search "$BIN/whosaid" --db "$W/all.db" --json --limit 100 library
same_list "all: the good text article is searchable" "good" "$(hit_names "$TMP/run/all-search.out")"

# The same with a JSON summary on stdout (--json --quiet): the same warnings
# on stderr, no summary line there, counts that match the warnings.
index all-json --json --quiet "$IN" "$IN/nope.txt"
equals "--json --quiet: the same warnings, no summary line" \
  "$(grep -v "^indexed " "$TMP/run/all.err" | sed "s#$W/all.db#DB#g")" \
  "$(sed "s#$W/all-json.db#DB#g" "$TMP/run/all-json.err")"
n_skips=$(grep "warning: " "$TMP/run/all.err" | grep -vc "read as Latin-1")
jqok all-json "--json summary: indexed 5, repaired 1, skipped = the warnings" \
  ".version == 1 and .indexed == 5 and .new == 5 and .repaired == 1 and .skipped == \$n
   and ([.skip_reasons[]] | add) == \$n" --argjson n "$n_skips"

finish
