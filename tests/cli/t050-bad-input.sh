#!/usr/bin/env bash
# Bad input: a malformed JSON Lines line (broken JSON, wrong field types, not
# an object, invalid UTF-8), an empty file, a binary file, a Latin-1 file, an
# unreadable file, symbolic link loops, a missing path, and bad lines on
# standard input; then hostile input: NUL bytes, wrong types and missing
# fields, deep nesting, extremely long words, ids and names, a 100 MB line,
# a 300 MB file, a path that vanishes during the run. Each gets one warning
# naming the file (and line), is skipped and counted, every other article
# is indexed, the exit status is 3 (some input skipped), and memory stays
# bounded.
# Fixtures: tests/fixtures/bad (see tests/fixtures/README.md); the unreadable
# file, the symlink loops and the big files are made here, as git cannot (or
# should not) hold them.
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
ok "all: exit status 3 (some input was skipped)" test "$(code_of all)" = 3
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

# Hostile input. Each file below is indexed alone: its warnings must name
# exactly the bad lines, and the good lines must be found.
H=$W/hostile
mkdir -p "$H"
chmod 1777 "$H"
# NUL bytes: raw in a JSON line (not JSON), escaped (valid JSON: indexed).
{
  printf '%s\n' '{"id":"nul-1","title":"Escaped NUL","body":"before\u0000after the harbour"}'
  printf '{"id":"nul-2","title":"Raw \0 NUL","body":"x"}\n'
} >"$H/nul.jsonl"
# Wrong types, missing fields, deep nesting (100000 levels, and 65 inside a
# good object), a line deep but within the limit.
{
  echo '{"id":{"a":1},"title":"Object id"}'
  echo '{"id":"t-2","title":["a"],"body":"x"}'
  echo '{"id":"t-3","body":"Numbers","date":20251120}'
  echo '{"id":"t-4","body":"x","countries":[1,2]}'
  echo '{}'
  echo '{"id":"t-6"}'
  echo '{"id":"t-7","title":"Good line among bad ones","body":"The ferry left the harbour."}'
  printf '%100000s\n' '' | tr ' ' '['
  echo '{"id":"t-9","title":"Nested but legal","body":"harbour","extra":{"a":{"b":[1,[2]]}}}'
  printf '{"id":"t-10","title":"x","extra":%s1%s}\n' "$(printf '%65s' '' | tr ' ' '[')" "$(printf '%65s' '' | tr ' ' ']')"
} >"$H/types.jsonl"
# Extremely long words, id, speaker name and URL (a 1 MB word, a 100 KB id).
long() { head -c "$1" /dev/zero | tr '\0' "$2"; }
printf '{"id":"%s","title":"Long words","body":"harbour %s pier","speakers":["%s"],"url":"http://x/%s"}\n' \
  "$(long 100000 i)" "$(long 1000000 w)" "$(long 10000 s)" "$(long 50000 u)" >"$H/long.jsonl"
{ echo "Long word in a text file"; echo; echo "harbour $(long 2000000 w) pier"; } >"$H/longword.txt"

index nul "$H/nul.jsonl"
warned nul "$H/nul.jsonl:2"
equals "NUL bytes: one warning, the escaped NUL line indexed" "1 1 3" \
  "$(grep -c warning "$TMP/run/nul.err") $(article_count "$W/nul.db") $(code_of nul)"
index types "$H/types.jsonl"
for line in 1 2 3 4 5 6 8 10; do warned types "$H/types.jsonl:$line"; done
ok "types: no warning for the good lines 7 and 9" test "$(grep -c warning "$TMP/run/types.err")" = 8
ok "types: the messages say what is wrong" grep -q 'types.jsonl:8: JSON nested deeper than 64 levels' "$TMP/run/types.err"
run types-ids "$BIN/whosaid" --db "$W/types.db" --json harbour
same_list "types: the good lines are indexed" "$(printf 't-7\nt-9')" "$(hit_names "$TMP/run/types-ids.out")"
equals "types: exit status 3" 3 "$(code_of types)"
index long "$H/long.jsonl" "$H/longword.txt"
equals "long words, id, name, url: indexed without a warning, exit 0" "0 2 0" \
  "$(grep -c warning "$TMP/run/long.err") $(article_count "$W/long.db") $(code_of long)"
run long-search "$BIN/whosaid" --db "$W/long.db" --json 'harbour AND pier'
equals "long words: the words around them are found" 2 "$(jq '.hits | length' "$TMP/run/long-search.out")"

# A 100 MB line between two good lines, and a 300 MB text file: each is
# skipped with a warning, without holding it in memory.
B=$W/big
mkdir -p "$B"
chmod 1777 "$B"
{
  echo '{"id":"big-1","title":"Before the huge line","body":"harbour"}'
  printf '{"id":"big-2","title":"Huge","body":"'
  long 100000000 a
  printf '"}\n'
  echo '{"id":"big-3","title":"After the huge line","body":"harbour"}'
} >"$B/huge-line.jsonl"
yes 'The minister said the talks would resume on Monday in Geneva.' | head -c 300000000 >"$B/huge.txt"
chmod a+r "$B"/*
time_v=()
if [[ -x /usr/bin/time ]]; then time_v=(/usr/bin/time -f "maxrss_kb %M" -o "$W/big.rss"); fi
run big "${as_user[@]}" "${time_v[@]}" "$BIN/whosaid-index" --db "$W/big.db" --no-extract "$B"
rm -f "$B/huge-line.jsonl" "$B/huge.txt"
warned big "$B/huge-line.jsonl:2"
warned big "$B/huge.txt"
ok "big: the messages give the limit" grep -q 'huge-line.jsonl:2: line longer than 16 MiB' "$TMP/run/big.err"
equals "big: the lines around the huge one are indexed, exit 3" "2 3" \
  "$(article_count "$W/big.db") $(code_of big)"
if [[ -s $W/big.rss ]]; then
  rss=$(sed -n 's/^maxrss_kb //p' "$W/big.rss")
  echo "# peak RSS over a 100 MB line and a 300 MB file: $rss KB"
  ok "big: memory stays bounded (peak RSS $rss KB < 150 MB)" test "$rss" -lt 153600
else
  skip "big: peak memory" "no /usr/bin/time"
fi

# A path that vanishes during the run: the indexer blocks reading a FIFO
# given before it; meanwhile the next path is removed.
V=$W/vanish
mkdir -p "$V"
chmod 1777 "$V"
mkfifo "$V/fifo.txt"
cp "$FIXTURES/bad/good.txt" "$V/gone.txt"
chmod a+rw "$V"/*
index vanish "$V/fifo.txt" "$V/gone.txt" "$FIXTURES/articles/two.jsonl" &
vpid=$!
# (Should the indexer die before opening the FIFO, a reader unblocks us.)
(sleep 60; exec 5<"$V/fifo.txt") >/dev/null 2>&1 &
watchdog=$!
exec 4>"$V/fifo.txt"  # returns once the indexer has opened the FIFO
kill "$watchdog" 2>/dev/null
rm "$V/gone.txt"
printf 'Read from a FIFO\n\nThe harbour reopened.\n' >&4
exec 4>&-
wait "$vpid"
warned vanish "$V/gone.txt"
ok "vanish: the message says the file is gone" grep -q "gone.txt: no such file or directory" "$TMP/run/vanish.err"
equals "vanish: the FIFO's article and the JSON Lines are indexed, exit 3" "3 3" \
  "$(article_count "$W/vanish.db") $(code_of vanish)"

finish
