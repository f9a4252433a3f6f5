#!/usr/bin/env bash
# A second indexer while one is writing gets a clear "index is locked"
# message (exit 1) and changes nothing; searching still works; once the
# first indexer ends, indexing works again. The first indexer holds the lock
# while it waits for JSON Lines on a FIFO that this script keeps open.
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid

DB=$TMP/db
FIFO=$TMP/fifo
mkfifo "$FIFO"
# Opened read-write, the FIFO has a writer (us) from the start, so the
# indexer blocks on reading instead of seeing end of file.
exec 3<>"$FIFO"
# 3>&-: the indexer must not inherit our end, or it would never see the end.
"$BIN/whosaid-index" --db "$DB" --no-extract - <"$FIFO" >"$TMP/run/holder.out" 2>"$TMP/run/holder.err" 3>&- &
holder=$!

# Wait (up to 60 s) until the first indexer holds the lock. The probe deletes
# an id that does not exist, so it changes nothing even if it gets in first.
locked=0
for _ in $(seq 600); do
  "$BIN/whosaid-index" --db "$DB" --delete probe-id >/dev/null 2>"$TMP/probe.err" || true
  if grep -q "locked" "$TMP/probe.err"; then locked=1; break; fi
  kill -0 "$holder" 2>/dev/null || break
  sleep 0.1
done
equals "the first indexer holds the lock while it reads" 1 "$locked"

run locked "$BIN/whosaid-index" --db "$DB" --no-extract "$FIXTURES/seed"
check locked "a second indexer: index is locked"
ok "locked: the message says 'index is locked'" grep -q "index is locked" "$TMP/run/locked.err"
run locked-delete "$BIN/whosaid-index" --db "$DB" --delete fx-1
equals "--delete while locked: exit 1, the same message" "1 $(err_of locked)" "$(code_of locked-delete) $(err_of locked-delete)"
run search-while-locked "$BIN/whosaid" --db "$DB" --json Anchorage
equals "searching while an indexer writes: exit 0" 0 "$(code_of search-while-locked)"

# Feed the first indexer and let it finish.
cat "$FIXTURES/articles/two.jsonl" >&3
exec 3>&-
for _ in $(seq 600); do kill -0 "$holder" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$holder" 2>/dev/null; then
  kill "$holder"
  fail "the first indexer ends when its input ends"
fi
holder_code=0
wait "$holder" || holder_code=$?
equals "the first indexer succeeds" 0 "$holder_code"
equals "the first indexer's articles are in; the locked one's are not" 2 "$(article_count "$DB")"

run after "$BIN/whosaid-index" --db "$DB" --no-extract "$FIXTURES/seed"
equals "after the lock is released, indexing works" "0 3" "$(code_of after) $(article_count "$DB")"

finish
