#!/usr/bin/env bash
# Never touching what is not ours (issue 11): whosaid-index refuses, with
# exit 1, a message naming the path, the fault and the way out, and nothing
# changed on disk (no folder, no lock, no commit log), a --db that holds
# anything else than a whosaid index or overlaps the inputs; compaction,
# writer parts and shards remove only whosaid's own files; the searcher
# never writes. Every case compares a listing of every path and the
# sha256 of every file of the user's workspace before and after, kills
# included: SIGKILL at the three moments of a compaction (test hook
# WHOSAID_TEST_KILL_AT, see HACKING.md) and at random moments of runs with
# parallel writers, each followed by a run that recovers.
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid

W=$TMP/w  # the user's workspace
mkdir -p "$W"
cd "$W" || exit 1
X() { "$BIN/whosaid-index" -q --no-extract "$@"; }

article() {  # FILE TITLE BODY
  printf 'Date: 2025-11-20\nSource: Test Wire\n\n%s\n\n%s\n' "$2" "$3" >"$1"
}
mkdir victim
article victim/a1.txt "Ferry strike ends" "The ferry strike ended on Monday, the union said."
article victim/a2.txt "Harbour reopens" "\"We are open again,\" said the harbour master."
article victim/a3.txt "Fish prices fall" "Fish prices fell for the third week in a row."
cp victim/a2.txt a2.txt
cp victim/a1.txt a1.txt
mkdir notes notes/sub
echo "my precious notes" >notes/todo.txt

# snap [NAME]: every path under the workspace, then the sha256 of every
# file; with NAME, leaving out the index NAME and its siblings NAME.compacting
# and NAME.part<K> (whosaid's own).
snap() {
  local prune=(-false)
  [[ -n ${1:-} ]] && prune=(-path "./$1" -o -path "./$1.compacting" -o -path "./$1.part[0-9]*")
  find . \( "${prune[@]}" \) -prune -o -print | LC_ALL=C sort
  find . \( "${prune[@]}" \) -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
}
# unchanged NAME: the workspace is as in $before, and NAME exited 1.
unchanged() {
  local after
  after=$(snap)
  if [[ $after == "$before" ]]; then
    pass "$1: every file and folder survives byte for byte, nothing added"
  else
    fail "$1: every file and folder survives byte for byte, nothing added"
    diff <(echo "$before") <(echo "$after") | head -n 20
  fi
}

# 1. The reproductions of the issue.
before=$(snap)
run notes X --db notes --commit-log log.jsonl a2.txt
check notes "--db a folder of the user's: refused"
unchanged notes
run victim-self X --db victim victim
check victim-self "--db the articles' own folder: refused"
unchanged victim-self
run victim-a1 X --db victim victim/a1.txt
check victim-a1 "--db the folder of the input: refused"
unchanged victim-a1
run victim-other X --db victim a1.txt
check victim-other "--db a folder of articles: refused"
unchanged victim-other

# 2. Overlaps through other spellings, and paths that do not exist yet.
mkdir -p news
cp a1.txt news/x.txt
before=$(snap)
run news-db X --db news/db news/
check news-db "--db inside an input folder: refused, the folder not created"
unchanged news-db
run news-db-dots X --db ./news/../news/db "$W/news"
equals "the same through another spelling: exit 1" 1 "$(code_of news-db-dots)"
unchanged news-db-dots
ln -s news news-link
before=$(snap)
run news-link X --db news-link/db news
equals "--db through a symbolic link into the input: exit 1" 1 "$(code_of news-link)"
unchanged news-link
mkdir db && cp a1.txt db/x.txt
before=$(snap)
run db-x X --db db db/x.txt
check db-x "an input inside --db: refused"
unchanged db-x

# 3. A file, and a Xapian database that is not whosaid's.
echo "not a database" >plain.txt
before=$(snap)
run plain X --db plain.txt a1.txt
check plain "--db a plain file: refused"
unchanged plain
if have xapian-metadata; then
  X --db foreign a1.txt
  xapian-metadata set foreign whosaid:schema ""
  xapian-metadata set foreign whosaid:lang ""
  rm foreign/WHOSAID
  before=$(snap)
  run foreign X --db foreign a2.txt
  check foreign "--db a Xapian database without whosaid's schema: refused"
  unchanged foreign
else
  skip "a foreign Xapian database" "xapian-metadata (xapian-tools) is not installed"
fi

# 4. An index with a file of the user's in it; folders named like whosaid's.
run idx X --db idx victim
equals "a new index: exit 0" 0 "$(code_of idx)"
ok "a new index carries whosaid's marker" test -f idx/WHOSAID
echo "about this index" >idx/NOTES.txt
before=$(snap)
run compact-notes X --db idx --compact a1.txt
check compact-notes "--compact on an index holding a NOTES.txt: refused"
unchanged compact-notes
rm idx/NOTES.txt
for sibling in idx.compacting idx.part1; do
  mkdir "$sibling" && echo "mine" >"$sibling/keep.txt"
  before=$(snap)
  run "$sibling" X --db idx --compact a1.txt
  check "$sibling" "a folder of the user's named $sibling: refused"
  unchanged "$sibling"
  rm -r "$sibling"
done

# 5. Sharded indexes.
before=$(snap)
run shards-notes X --shards 2 --db notes a1.txt
check shards-notes "--shards into a folder of the user's: refused"
unchanged shards-notes
run shards X --shards 2 --db sh victim
equals "a sharded index: exit 0" 0 "$(code_of shards)"
echo "mine" >sh/todo.txt
before=$(snap)
run shards-todo X --db sh a1.txt
check shards-todo "a sharded index holding a file of the user's: refused"
unchanged shards-todo
rm sh/todo.txt

# --delete on a folder of the user's; a commit log inside the index; a
# folder whose XAPIANDB stub lists other databases.
before=$(snap)
run delete-notes X --db notes --delete a1
check delete-notes "--delete on a folder of the user's: refused"
run log-inside X --db idx --commit-log idx/commits.jsonl a1.txt
check log-inside "--commit-log inside the index: refused"
unchanged "--delete and --commit-log"
mkdir stubbed && printf 'auto %s\n' "$W/idx" >stubbed/XAPIANDB
before=$(snap)
run stub-other X --db stubbed a1.txt
check stub-other "--db a folder whose XAPIANDB lists another database: refused"
unchanged stub-other

# 6. The searcher never writes: not into a folder of the user's, nor an index.
before=$(snap)
run search-notes "$BIN/whosaid" --db notes ferry
equals "whosaid --db a folder of the user's: exit 1" 1 "$(code_of search-notes)"
run search-idx "$BIN/whosaid" --db idx --json ferry
jqok search-idx "whosaid on the index finds the ferry article" '.total.estimate == 1'
run search-sh "$BIN/whosaid" --db sh --json ferry
jqok search-sh "whosaid on the sharded index finds it too" '.total.estimate == 1'
unchanged "searching"

# 7. Kills inside a compaction (test hook), each followed by a run that
# recovers: the index is whole at every moment and nothing of the user's
# is touched. The workspace holds the user's folders next to the index.
# count DB: the articles whosaid counts in DB (all of them: no query, a facet).
count() { "$BIN/whosaid" --db "$1" --json --limit 0 --facet year 2>/dev/null | jq '.total.estimate'; }
quiet_check() { xapian-check "$1" >/dev/null 2>&1; }
for point in compact-copied compact-exchanged compact-removing; do
  before=$(snap idx)
  WHOSAID_TEST_KILL_AT=$point run "kill-$point" X --db idx --compact victim
  equals "killed at $point (SIGKILL: exit 137)" 137 "$(code_of "kill-$point")"
  if have xapian-check; then ok "killed at $point: the index passes xapian-check" quiet_check idx; fi
  equals "killed at $point: the index holds its 3 articles" 3 "$(count idx)"
  case $point in
    compact-copied) ok "killed at $point: the copy is left, marked" test -f idx.compacting/WHOSAID ;;
    *) ok "killed at $point: the old copy is left, marked" test -f idx.compacting/WHOSAID ;;
  esac
  run "recover-$point" X --db idx --compact victim
  equals "after the kill at $point: the next run succeeds" 0 "$(code_of "recover-$point")"
  ok "after the kill at $point: the leftover is gone" test ! -e idx.compacting
  equals "after the kill at $point: 3 articles" 3 "$(count idx)"
  after=$(snap idx)
  equals "killed at $point: the user's files are untouched" "$before" "$after"
done

# 8. Random kills of runs that create an index with parallel writers (parts
# and a merging compaction), next to folders of the user's named like the
# index: after each, the user's files are untouched and the index (once it
# exists) opens; the last run completes it.
jq -c . "$SAMPLE/articles.jsonl" >base.jsonl
jq -c --slurp '. as $b | range(400) as $i | $b[$i % ($b | length)] | .id = "r\($i)"' base.jsonl \
  >corpus.jsonl
rm base.jsonl
mkdir -p big.db.bak && echo "mine" >big.db.bak/keep.txt
before=$(snap big.db)
bad=0 killed=0
for i in $(seq 8); do
  rm -rf big.db big.db.compacting big.db.part*
  "$BIN/whosaid-index" -q --no-extract --writers 3 --batch-size 20 --db big.db corpus.jsonl \
    >/dev/null 2>"$TMP/kill.err" &
  pid=$!
  sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  (($? == 137)) && killed=$((killed + 1))  # not a run that had finished
  # Once Xapian has written its version file the index opens; before, it
  # never had a revision and whosaid says there is no index.
  if [[ -e big.db/iamglass ]] && ! "$BIN/whosaid" --db big.db --limit 0 x >/dev/null 2>"$TMP/open.err"; then
    bad=1
    echo "kill $i: the index does not open: $(cat "$TMP/open.err")"
  fi
  if [[ -e big.db && ! -e big.db/iamglass ]] && "$BIN/whosaid" --db big.db x >/dev/null 2>&1; then
    bad=1
    echo "kill $i: no version file, yet whosaid searched"
  fi
  run "big-$i" X --writers 3 --batch-size 20 --db big.db corpus.jsonl
  if [[ $(code_of "big-$i") != 0 || $(count big.db) != 400 ]]; then
    bad=1
    echo "kill $i: the next run: exit $(code_of "big-$i"), $(count big.db) articles: $(err_of "big-$i")"
  fi
  ls -d big.db.* 2>/dev/null | grep -v '^big.db.bak$' && { bad=1; echo "kill $i: leftovers"; }
  after=$(snap big.db)
  [[ $after == "$before" ]] || { bad=1; echo "kill $i: the user's files changed"; diff <(echo "$before") <(echo "$after") | head; }
done
echo "# $killed of 8 parallel-writer runs killed before they finished"
equals "8 random kills of parallel-writer runs: the user's files intact, each next run completes" 0 "$bad"

# The same for sharded runs (the folder, its shards and their compactions).
before=$(snap big.sh)
bad=0 killed=0
for i in $(seq 4); do
  rm -rf big.sh
  "$BIN/whosaid-index" -q --no-extract --shards 2 --batch-size 20 --db big.sh corpus.jsonl \
    >/dev/null 2>"$TMP/kill.err" &
  pid=$!
  sleep "0.$((RANDOM % 4))$((RANDOM % 10))"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  (($? == 137)) && killed=$((killed + 1))  # not a run that had finished
  run "big-sh-$i" X --shards 2 --batch-size 20 --db big.sh corpus.jsonl
  if [[ $(code_of "big-sh-$i") != 0 || $(count big.sh) != 400 ]]; then
    bad=1
    echo "kill $i: the next run: exit $(code_of "big-sh-$i"), $(count big.sh) articles: $(err_of "big-sh-$i")"
  fi
  left=$(ls big.sh | grep -v -x -e WHOSAID -e XAPIANDB -e shard0 -e shard1)
  [[ -z $left ]] || { bad=1; echo "kill $i: leftovers in the sharded index: $left"; }
  [[ $(snap big.sh) == "$before" ]] || { bad=1; echo "kill $i: the user's files changed"; }
done
echo "# $killed of 4 sharded runs killed before they finished"
equals "4 random kills of sharded runs: the user's files intact, each next run completes" 0 "$bad"

finish
