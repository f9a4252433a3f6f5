#!/usr/bin/env bash
# Crash safety and idempotence: whosaid-index is killed with SIGKILL at
# random moments of a run over a JSON Lines corpus of a thousand
# articles (made here from sample/: the sample articles repeated with
# distinct ids and titles), at least 20 times, each run resuming the last (a
# run that finishes before its kill is checked, then set aside: the next
# starts from nothing).
# After every kill: xapian-check passes, whosaid opens the index, and every
# article the indexer had reported as committed (--commit-log) is there,
# once. Then the same command runs to the end: the index holds each article
# exactly once, with the same terms and documents (quotes included) as an
# index built by one uninterrupted run.
# KILL_TEST_ARTICLES and KILL_TEST_KILLS change the sizes (defaults 1000, 25:
# about a minute on two cores; the ref run and the final run dominate).
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid
if ! have xapian-check; then
  echo "SKIP: xapian-check is not installed (scripts/install-deps.sh installs it)"
  exit 77
fi

N=${KILL_TEST_ARTICLES:-1000}
KILLS=${KILL_TEST_KILLS:-25}

# The corpus: every sample article as a JSON line (text files: first line
# title, the rest body), then N lines cycling through them, each with its
# own id and title.
CORPUS=$TMP/corpus.jsonl
{
  jq -c . "$SAMPLE/articles.jsonl"
  for f in "$SAMPLE"/articles/*.txt; do
    jq -Rsc '{title: (split("\n")[0]), body: (split("\n")[1:] | join("\n"))}' "$f"
  done
} >"$TMP/base.jsonl"
jq -c --slurp --argjson n "$N" \
  '. as $b | range($n) as $i | $b[$i % ($b | length)]
   | .id = "k\($i)" | .title = "\(.title) (part \($i))"' "$TMP/base.jsonl" >"$CORPUS"
jq -r .id "$CORPUS" | sort >"$TMP/corpus.ids"
equals "the corpus has $N distinct ids" "$N" "$(sort -u "$TMP/corpus.ids" | wc -l)"

OPTS=(--batch-size 25 --jobs 2 -q)
X() { "$BIN/whosaid-index" --db "$1" --commit-log "$2" "${OPTS[@]}" "$CORPUS"; }
now_ms() { date +%s%3N; }
# The ids of the complete lines of a commit log (a line cut short by the
# kill is no report), sorted.
reported() { jq -rR 'fromjson? | .articles[]' "$1" | sort -u; }
# Article and quote ids, each as "Q<id> <documents>": the Q terms of the
# articles with their term frequencies, and the ids of the quote documents
# (which have no id term of their own) as whosaid gives them, counted.
id_terms() {
  {
    xapian-delve -A Q -1 -v "$1" 2>/dev/null | grep '^Q'
    "$BIN/whosaid" --db "$1" --quotes --format ids --limit 100000 --facet year 2>/dev/null |
      LC_ALL=C sort | uniq -c | awk '{ print "Q" $2 " " $1 }'
  } | LC_ALL=C sort
}

# The reference: one uninterrupted run.
t0=$(now_ms)
run ref X "$TMP/ref.db" "$TMP/ref.log"
ref_ms=$(($(now_ms) - t0))
equals "reference run: exit 0" 0 "$(code_of ref)"
equals "reference run: $N articles" "$N" "$(article_count "$TMP/ref.db")"
equals "reference run: every article reported committed" "$(cat "$TMP/corpus.ids")" "$(reported "$TMP/ref.log")"
xapian-delve -a -1 "$TMP/ref.db" >"$TMP/ref.terms" 2>/dev/null
id_terms "$TMP/ref.db" >"$TMP/ref.ids"
ok "reference run: each article and quote id once" awk '$2 != 1 { exit 1 }' "$TMP/ref.ids"
ok "reference run: quote documents were extracted" grep -q "^Q.*#q" "$TMP/ref.ids"

# Kill at random moments: from the start of the process (opening, loading
# the extraction models) to well into the run; the runs resume one another.
# Every other kill comes a random delay after a commit (see below).
DB=$TMP/db
LOG=$TMP/commits.jsonl
: >"$LOG"
span=$((2 * ref_ms / KILLS + 400))
killed=0 finished=0 bad=0 committed_total=0
for i in $(seq "$KILLS"); do
  delay_ms=$((20 + (RANDOM * 32768 + RANDOM) % span))
  # Started directly (not through X) so that $! is the indexer itself.
  "$BIN/whosaid-index" --db "$DB" --commit-log "$LOG" "${OPTS[@]}" "$CORPUS" \
    >"$TMP/run/kill.out" 2>"$TMP/run/kill.err" &
  pid=$!
  # Every other kill waits for the run's first new commit (bounded by the
  # reference run's time), then the random delay: the kills land both
  # before any commit and between commits, however slow the start-up is
  # (under a sanitizer, the models load for seconds).
  if ((i % 2 == 0)); then
    lines=$(wc -l <"$LOG")
    deadline=$(($(now_ms) + 2 * ref_ms + 5000))
    while (($(wc -l <"$LOG") == lines && $(now_ms) < deadline)) && kill -0 "$pid" 2>/dev/null; do
      sleep 0.02
    done
  fi
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  run_finished=0
  if kill -KILL "$pid" 2>/dev/null; then killed=$((killed + 1)); else finished=$((finished + 1)) run_finished=1; fi
  wait "$pid" 2>/dev/null
  # Before the kill the run may only warn; an error (a lock left behind by
  # the previous kill, a database it cannot open) is a failure.
  if grep -v ': warning: ' "$TMP/run/kill.err" | grep -q .; then
    bad=1
    echo "kill $i: the run printed an error: $(head -c 300 "$TMP/run/kill.err")"
  fi
  # The database may not exist yet if the first run died before creating it.
  if [[ ! -e $DB ]]; then
    [[ -s $LOG ]] && { bad=1; echo "kill $i after ${delay_ms} ms: no database, but commits reported"; }
    continue
  fi
  why=()
  xapian-check "$DB" >"$TMP/check.out" 2>&1 || why+=("xapian-check fails: $(tail -n 3 "$TMP/check.out")")
  id_terms "$DB" >"$TMP/ids"
  # whosaid counts every article: the number of article ids.
  if "$BIN/whosaid" --db "$DB" --json --limit 0 --facet year >"$TMP/count.json" 2>"$TMP/count.err"; then
    total=$(jq '.total.estimate' "$TMP/count.json")
    [[ $total == "$(grep -vc '#q' "$TMP/ids")" ]] || why+=("whosaid counts $total articles")
  else
    why+=("whosaid cannot open it: $(cat "$TMP/count.err")")
  fi
  awk '$2 != 1' "$TMP/ids" | grep -q . && why+=("ids more than once: $(awk '$2 != 1' "$TMP/ids" | head -n 3)")
  missing=$(comm -23 <(reported "$LOG") <(sed -n 's/^Q\([^ ]*\) .*/\1/p' "$TMP/ids" | sort))
  [[ -n $missing ]] && why+=("reported committed but missing: $(head -n 3 <<<"$missing" | tr '\n' ' ')")
  if ((${#why[@]})); then
    bad=1
    echo "kill $i after ${delay_ms} ms: ${why[*]}"
  fi
  # A run that finished before its kill has left nothing for the next one
  # to resume (every later run would finish too, unkilled): once checked,
  # its index is set aside and the kills start again from nothing.
  if ((run_finished)); then
    committed_total=$((committed_total + $(reported "$LOG" | wc -l)))
    rm -rf "$DB"
    : >"$LOG"
  fi
done
committed_total=$((committed_total + $(reported "$LOG" | wc -l)))
echo "# $killed runs killed, $finished finished before their kill; $committed_total articles reported committed"
equals "after each of the $KILLS kills: the index checks, opens, and holds every reported article once" 0 "$bad"
ok "at least 20 runs were killed" test "$killed" -ge 20
ok "some articles were committed by killed runs" test "$committed_total" -gt 0

# The same command once more, to the end.
run final X "$DB" "$LOG"
equals "final run: exit 0" 0 "$(code_of final)"
ok "final run: xapian-check passes" xapian-check "$DB"
equals "final: $N articles" "$N" "$(article_count "$DB")"
equals "final: every article reported committed" "$(cat "$TMP/corpus.ids")" "$(reported "$LOG")"
id_terms "$DB" >"$TMP/final.ids"
ok "final: each article and quote id once" awk '$2 != 1 { exit 1 }' "$TMP/final.ids"
ok "final: the same article and quote ids as the uninterrupted run" cmp -s "$TMP/ref.ids" "$TMP/final.ids"
xapian-delve -a -1 "$DB" >"$TMP/final.terms" 2>/dev/null
ok "final: the same terms as the uninterrupted run" cmp -s "$TMP/ref.terms" "$TMP/final.terms"
equals "final: the same number of documents as the uninterrupted run" \
  "$(xapian-delve "$TMP/ref.db" | grep 'number of documents')" "$(xapian-delve "$DB" | grep 'number of documents')"

# Running it again changes nothing and builds nothing.
run again "$BIN/whosaid-index" --db "$DB" --json -q "$CORPUS"
jqok again "again: all $N unchanged, none extracted or built" \
  ".unchanged == $N and .built == 0 and .new == 0 and .replaced == 0"

finish
