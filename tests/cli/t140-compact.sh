#!/usr/bin/env bash
# Compaction at the end of a run: a new index is compacted (smaller, same
# documents and terms as without), a run that writes little is not, --compact
# and --no-compact force either way, a compaction never leaves the index
# unreadable (xapian-check after each step), a leftover of a killed one is
# cleaned up, and searches give the same answers.
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid

SAMPLE=$WHOSAID_SOURCE_DIR/sample
X() { "$BIN/whosaid-index" --db "$1" -q --json "${@:2}"; }
S() { "$BIN/whosaid" --db "$1" --json --limit 50 "${@:2}"; }
# terms DB: every term with its frequency (the index's content, ids aside).
terms() { xapian-delve -a -v "$1" 2>/dev/null | sort; }
size() { du -sb "$1" | cut -f1; }
doc_count() { xapian-delve "$1" | sed -nE 's/^number of documents = ([0-9]+)$/\1/p'; }

# The same corpus with and without compaction, in small batches (many
# commits leave free space behind).
run new X "$TMP/c.db" --batch-size 3 "$SAMPLE"
jqok new "a new index is compacted" '.compacted == true and .compact_seconds >= 0'
run plain X "$TMP/p.db" --batch-size 3 --no-compact "$SAMPLE"
jqok plain "--no-compact: not compacted" '.compacted == false'
ok "compacted index passes xapian-check" xapian-check "$TMP/c.db"
equals "same documents" "$(doc_count "$TMP/p.db")" "$(doc_count "$TMP/c.db")"
ok "same terms and frequencies" diff <(terms "$TMP/p.db") <(terms "$TMP/c.db")
c=$(size "$TMP/c.db") p=$(size "$TMP/p.db")
echo "sizes: compacted $c, not compacted $p"
ok "compacted is smaller ($c < $p bytes)" test "$c" -lt "$p"
for q in 'ceasefire' '--quotes quote:"spirit of Anchorage"' '--quotes --facet speaker peace'; do
  # shellcheck disable=SC2086  # the options are meant to split
  ok "same answer: $q" diff <(eval S "$TMP/p.db" $q) <(eval S "$TMP/c.db" $q)
done
ok "no compaction folder left" test ! -e "$TMP/c.db.compacting"

# A run that writes nothing, or little next to what the index holds: not
# compacted (a small update of a big index does not rewrite it).
run unchanged X "$TMP/c.db" "$SAMPLE"
jqok unchanged "nothing written: not compacted" '.compacted == false'
printf '{"id":"extra-1","title":"Extra","body":"A short extra article."}\n' > "$TMP/extra.jsonl"
run small X "$TMP/c.db" "$TMP/extra.jsonl"
jqok small "one article into a larger index: not compacted" '.compacted == false and .new == 1'
run forced X "$TMP/c.db" --compact "$TMP/extra.jsonl"
jqok forced "--compact: compacted although nothing changed" '.compacted == true and .unchanged == 1'
ok "forced compaction passes xapian-check" xapian-check "$TMP/c.db"

# What a killed compaction leaves behind (a folder marked as whosaid's,
# holding a copy of the index) is removed by the next run; a folder of that
# name that is not whosaid's is never touched (t150-safety).
cp -r "$TMP/c.db" "$TMP/c.db.compacting"
ok "a killed compaction's leftover carries whosaid's marker" test -f "$TMP/c.db.compacting/WHOSAID"
run after-kill X "$TMP/c.db" "$TMP/extra.jsonl"
check_code_zero() { [[ $(cat "$TMP/run/$1.code") == 0 ]]; }
ok "after a killed compaction: the run succeeds" check_code_zero after-kill
ok "after a killed compaction: its folder is gone" test ! -e "$TMP/c.db.compacting"

# Shards are compacted one by one.
run shards X "$TMP/s.db" --shards 2 --batch-size 3 "$SAMPLE"
ok "shard 0 passes xapian-check" xapian-check "$TMP/s.db/shard0"
ok "shard 1 passes xapian-check" xapian-check "$TMP/s.db/shard1"
ok "no shard compaction folder left" test ! -e "$TMP/s.db/shard0.compacting"
ok "sharded: same answer" diff <(S "$TMP/p.db" ceasefire | jq '.total') <(S "$TMP/s.db" ceasefire | jq '.total')

finish
