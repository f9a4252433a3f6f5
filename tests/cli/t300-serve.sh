#!/usr/bin/env bash
# whosaid-serve end to end: the sample indexed, the server started on a free
# loopback port, then with curl: /api/search answers exactly what
# `whosaid --json` prints for the same query; every error status; hostile
# parameters get a 4xx and the server keeps answering; the security headers;
# no path outside the embedded page is served; a request held past
# --max-request-ms is a 503 timeout and the server goes on; searches from 8 clients at
# once while whosaid-index commits, without an error, and the new articles
# show soon after the last commit (within 10 s: a pass mark for a loaded machine); SIGTERM ends it with status 0.
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid whosaid-serve
if ! have curl; then
  echo "SKIP: curl is not installed (scripts/install-deps.sh installs it)"
  exit 77
fi

DB=$TMP/db
run index "$BIN/whosaid-index" --db "$DB" -q "$SAMPLE/articles"
equals "the sample is indexed" 0 "$(code_of index)"

# start_server NAME ARGS...: starts whosaid-serve on a free port; sets PID
# and URL (empty when it did not say where it listens within 20 s).
start_server() {
  local name=$1; shift
  "$BIN/whosaid-serve" --listen 127.0.0.1:0 "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
  PID=$!
  URL=
  for _ in $(seq 200); do
    URL=$(sed -n 's#^whosaid-serve: listening on \(http://127.0.0.1:[0-9]*\)/$#\1#p' "$TMP/$name.out")
    [[ -n $URL ]] && return 0
    kill -0 "$PID" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

start_server serve --db "$DB" --threads 4 --access-log
if [[ -z $URL ]]; then
  fail "whosaid-serve starts and says where it listens"
  cat "$TMP/serve.err"
  finish
fi
pass "whosaid-serve starts and says where it listens"

# get PATH [CURL ARGS...]: the body in $TMP/body, the headers in
# $TMP/headers; prints the status.
get() {
  local path=$1; shift
  curl -sS --path-as-is -o "$TMP/body" -D "$TMP/headers" -w '%{http_code}' "$@" "$URL$path"
}
header() { tr -d '\r' <"$TMP/headers" | sed -n "s/^$1: //Ip" | head -n 1; }

equals "/api/health answers 200" 200 "$(get /api/health)"
equals "health: the articles of the sample" "$(article_count "$DB")" "$(jq .articles "$TMP/body")"
ok "health: version, revision, documents, quotes and one reachable shard" jq -e \
  '.version == 1 and (.revision | type) == "number" and .documents > .articles
   and .quotes > 0 and (.shards | length) == 1 and .shards[0].reachable' "$TMP/body"

# Keep-alive: a second request on the same connection opens none.
connects=$(curl -sS -o /dev/null -o /dev/null -w '%{num_connects}\n' \
  "$URL/api/search?q=ceasefire" "$URL/api/health" | xargs)
equals "keep-alive: the second request reuses the connection" "1 0" "$connects"

# same DESCRIPTION 'CLI ARGS' CURL-DATA...: /api/search with these
# parameters (each NAME=VALUE, URL-encoded by curl) answers what whosaid
# --json prints for those arguments (keys sorted; same scores: same code).
same() {
  local desc=$1 cli=$2; shift 2
  local args=() p status
  for p in "$@"; do args+=(--data-urlencode "$p"); done
  # The API's facets are disjunctive unless disjunctive=0.
  [[ " $* " == *" disjunctive=0 "* ]] || cli="--disjunctive-facets $cli"
  eval "set -- $cli"
  "$BIN/whosaid" --db "$DB" --json "$@" >"$TMP/cli.json" 2>/dev/null
  status=$(get /api/search -G "${args[@]}")
  if [[ $status == 200 ]] && cmp -s <(jq -S . "$TMP/cli.json") <(jq -S . "$TMP/body"); then
    pass "$desc"
  else
    fail "$desc"
    echo "  status $status"
    diff <(jq -S . "$TMP/cli.json") <(jq -S . "$TMP/body" 2>&1) | head -n 20
  fi
}
same "search: words" "ceasefire" q=ceasefire
same "search: a phrase in a field" "'quote:\"spirit of Anchorage\"'" 'q=quote:"spirit of Anchorage"'
same "search: quotes with a speaker facet" "--quotes --facet speaker ceasefire" \
  q=ceasefire quotes=1 facet=speaker
same "search: several facets and a filter" "--facet speaker,place --facet year --filter place=Kyiv talks" \
  q=talks facet=speaker,place facet=year filter=place=Kyiv
same "search: a filter written FIELD:VALUE" "--filter 'speaker=Marco Rubio' --facet source peace" \
  q=peace 'filter=speaker:Marco Rubio' facet=source
same "search: a filtered facet, not disjunctive" \
  "--quotes --filter 'speaker=Marco Rubio' --facet speaker,place" \
  quotes=1 'filter=speaker=Marco Rubio' facet=speaker,place disjunctive=0
same "search: two values of one facet (OR)" \
  "--quotes --filter 'speaker=Marco Rubio' --filter 'speaker=Volodymyr Zelensky' --facet speaker" \
  quotes=1 'filter=speaker=Marco Rubio' 'filter=speaker=Volodymyr Zelensky' facet=speaker
same "search: a date range, by date" "--sort date --filter date=2025-11..2025-11-30 talks" \
  q=talks sort=date from=2025-11 to=2025-11-30
same "search: offset, limit and facet_limit" "--offset 2 --limit 3 --facet place --facet-limit 3 peace" \
  q=peace offset=2 limit=3 facet=place facet_limit=3
same "search: a speaker facet searched and sized" \
  "--quotes --facet speaker:3,place --facet-search speaker:ze ceasefire" \
  q=ceasefire quotes=1 facet=speaker:3,place facet_search=speaker:ze
same "search: the month histogram with a date range" \
  "--facet month,year --filter date=2025-11..2025-11-30 talks" \
  q=talks facet=month,year from=2025-11 to=2025-11-30
same "search: filters and facets only" "--facet year --filter source='Example Wire'" \
  facet=year 'filter=source=Example Wire'

# /api/article/ID is whosaid --article ID --json, for an article and for
# the article of a quote id (ids with '/' or '#' are sent encoded).
"$BIN/whosaid" --db "$DB" --quotes --json --limit 1 ceasefire >"$TMP/q.json"
for id in "$(jq -r '.hits[0].article' "$TMP/q.json")" "$(jq -r '.hits[0].id' "$TMP/q.json")"; do
  "$BIN/whosaid" --db "$DB" --article "$id" --json >"$TMP/cli.json"
  status=$(get "/api/article/$(jq -rn --arg id "$id" '$id | @uri')")
  if [[ $status == 200 ]] && cmp -s <(jq -S . "$TMP/cli.json") <(jq -S . "$TMP/body"); then
    pass "/api/article/$id is whosaid --article --json"
  else
    fail "/api/article/$id is whosaid --article --json (status $status)"
  fi
done
ok "the article has its quotes with spans" \
  jq -e '(.quotes | length) > 0 and (.quotes[0] | has("start") and has("speaker"))' "$TMP/body"

# Disjunctive faceting: the speaker facet of a search filtered on one
# speaker still counts the others (what the search without that filter
# counts), while the hits are that speaker's.
get '/api/search?quotes=1&facet=speaker:100&facet=place:100&limit=100' >/dev/null
cp "$TMP/body" "$TMP/all.json"
get '/api/search?quotes=1&facet=speaker:100&facet=place:100&limit=100&filter=speaker:Volodymyr+Zelensky' >/dev/null
ok "a filtered facet keeps the counts of the values not chosen" \
  jq -e --slurpfile all "$TMP/all.json" '.facets.speaker == $all[0].facets.speaker
    and (.facets.speaker | length) > 1' "$TMP/body"
ok "the hits are the chosen speaker's" \
  jq -e '(.hits | length) > 0 and all(.hits[]; .speaker == "Volodymyr Zelensky")' "$TMP/body"
ok "another facet is narrowed by the filter" \
  jq -e --slurpfile all "$TMP/all.json" '.facets.place != $all[0].facets.place' "$TMP/body"
get '/api/search?quotes=1&facet=speaker:100&limit=100&filter=speaker:Volodymyr+Zelensky&disjunctive=0' >/dev/null
ok "disjunctive=0: the facet counts the filtered quotes only" \
  jq -e '.facets.speaker == [{"value": "Volodymyr Zelensky", "count": (.hits | length), "kind": "person"}]' "$TMP/body"

# Errors: JSON with the status, a code and a message.
error_is() {  # DESCRIPTION STATUS CODE PATH [CURL ARGS...]
  local desc=$1 want=$2 code=$3 path=$4; shift 4
  local status
  status=$(get "$path" "$@")
  if [[ $status == "$want" ]] &&
    jq -e --argjson s "$want" --arg c "$code" \
      '.error.status == $s and .error.code == $c and (.error.message | length) > 0' \
      "$TMP/body" >/dev/null 2>&1 && [[ $(header Content-Type) == application/json ]]; then
    pass "$desc"
  else
    fail "$desc"
    echo "  status $status: $(head -c 300 "$TMP/body")"
  fi
}
error_is "400: a bad query, repeated back" 400 bad_query /api/search -G --data-urlencode 'q=spekaer:blair'
ok "400: the message repeats the query" grep -q 'spekaer:blair' "$TMP/body"
error_is "400: an unknown parameter" 400 usage '/api/search?q=a&lmit=5'
# The message lists the parameters; each is in the OpenAPI description.
undocumented=
for p in $(jq -r '.error.message' "$TMP/body" | sed -n 's/.*(parameters: \(.*\))$/\1/p' | tr -d ,); do
  grep -Eq "name: $p(,|$)" "$SRC/docs/openapi.yaml" || undocumented+=" $p"
done
equals "every parameter is in docs/openapi.yaml" "" "$undocumented"
ok "the parameters were listed" grep -q 'facet_search' "$TMP/body"
error_is "400: a parameter twice" 400 usage '/api/search?q=a&q=b'
error_is "400: limit over 100" 400 usage '/api/search?q=a&limit=101'
error_is "400: a limit that is not a number" 400 usage '/api/search?q=a&limit=ten'
error_is "400: a bad sort" 400 usage '/api/search?q=a&sort=random'
error_is "400: an unknown facet" 400 usage '/api/search?q=a&facet=colour'
error_is "400: a bad filter" 400 usage '/api/search?q=a&filter=nofield'
error_is "400: a bad date" 400 bad_query '/api/search?q=a&from=2025-13'
error_is "404: an unknown article" 404 not_found /api/article/no-such-article
error_is "404: an unknown path" 404 http /nope.html
error_is "404: an unknown API path" 404 http /api/nope
error_is "405: POST" 405 http /api/search -X POST -d q=a
equals "405 names the methods allowed" "GET, HEAD" "$(header Allow)"
error_is "405: DELETE" 405 http /api/health -X DELETE
error_is "414: a 5 KB query" 414 too_long "/api/search?q=$(head -c 5000 /dev/zero | tr '\0' a)"

# Hostile parameters: a 4xx each, and the server answers afterwards.
hostile() {  # DESCRIPTION PATH [CURL ARGS...]
  local desc=$1 path=$2 status; shift 2
  status=$(get "$path" "$@")
  if [[ $status =~ ^4[0-9][0-9]$ ]] && [[ $(get /api/health) == 200 ]]; then
    pass "$desc: $status, and the server still answers"
  else
    fail "$desc (status $status)"
  fi
}
hostile "a 100 KB query" "/api/search?q=$(head -c 100000 /dev/zero | tr '\0' a)"
filters=$(for i in $(seq 1000); do printf '&filter=speaker=x%d' "$i"; done)
hostile "1000 filters" "/api/search?q=a$filters"
hostile "invalid UTF-8 in the query" '/api/search?q=%FF%FEab%C3'
hostile "invalid UTF-8 in a filter" '/api/search?q=a&filter=speaker=%C3%28'
hostile "invalid UTF-8 in an article id" '/api/article/%FF%FE'
hostile "a huge offset" '/api/search?q=a&offset=99999999999999999999'
hostile "a negative limit" '/api/search?q=a&limit=-1'
hostile "a 2000-character facet name list" "/api/search?q=a&facet=$(printf 'speaker,%.0s' $(seq 250))"
# Unbalanced quotes and brackets are a query Xapian's parser reads leniently
# (as whosaid does): an answer, or a 400, never a fault.
status=$(get /api/search -G --data-urlencode 'q="a ((b "c" OR' --data-urlencode 'facet=speaker')
ok "unbalanced quotes and brackets are searched (200) or refused (400), never a 5xx ($status)" \
  test "$status" = 200 -o "$status" = 400
equals "and the server still answers" 200 "$(get /api/health)"

# The page and the headers.
equals "/ is the page" 200 "$(get /)"
equals "/ is HTML" "text/html; charset=utf-8" "$(header Content-Type)"
equals "/index.html is the same page" 200 "$(get /index.html)"
for p in / /api/health /nope; do
  get "$p" >/dev/null
  equals "$p: Content-Security-Policy" \
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'" \
    "$(header Content-Security-Policy)"
  equals "$p: X-Content-Type-Options" nosniff "$(header X-Content-Type-Options)"
  equals "$p: no CORS" "" "$(header Access-Control-Allow-Origin)"
done
get /api/health >/dev/null
equals "API answers are not cached" no-store "$(header Cache-Control)"
status=$(curl -sS -I -o "$TMP/head" -w '%{http_code}' "$URL/api/health")
equals "HEAD answers 200" 200 "$status"
for p in '/../CMakeLists.txt' '/%2e%2e/CMakeLists.txt' '/%2E%2E%2FCMakeLists.txt' \
  '/..%2f..%2fetc%2fpasswd' '/web/index.html' '/serve/main.cc' '//etc/passwd' '/./index.html'; do
  equals "no file outside the page: $p is 404" 404 "$(get "$p")"
done

# 503: a shard that cannot be reached (a closed loopback port), unless
# --allow-partial.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
main_url=$URL main_pid=$PID
start_server down --db "$DB" --db "tcp://127.0.0.1:$port"
if [[ -n $URL ]]; then
  error_is "503: a shard is not reachable" 503 unreachable '/api/search?q=ceasefire'
  kill -TERM "$PID"; wait "$PID"
else
  fail "the server starts with a shard down"
fi
start_server partial --db "$DB" --db "tcp://127.0.0.1:$port" --allow-partial
if [[ -n $URL ]]; then
  equals "--allow-partial: 200" 200 "$(get '/api/search?q=ceasefire')"
  ok "--allow-partial: the answer says partial and names the shard" \
    jq -e '.partial and (.missing_shards[0].shard | test("127.0.0.1"))' "$TMP/body"
  kill -TERM "$PID"; wait "$PID"
else
  fail "the server starts with --allow-partial"
fi

# --max-request-ms: a shard that accepts the connection and never answers
# (a hung xapian-tcpsrv) holds a search for Xapian's 10 s remote timeout;
# the request is answered 503 timeout at its deadline instead, and the
# server goes on answering. (The port is closed while the server starts, so
# its start-up check fails fast; it listens, silent, from then on.)
start_server slow --db "$DB" --db "tcp://127.0.0.1:$port" --threads 2 --search-threads 2 \
  --max-request-ms 300 --access-log
if [[ -n $URL ]]; then
  python3 -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(16); print("listening", flush=True); time.sleep(120)' \
    "$port" >"$TMP/silent.out" 2>&1 &
  silent=$!
  for _ in $(seq 100); do grep -q listening "$TMP/silent.out" && break; sleep 0.05; done
  t0=$(date +%s%N)
  error_is "503 timeout: a search held by a silent shard past --max-request-ms" 503 timeout \
    '/api/search?q=ceasefire'
  echo "# answered in $((($(date +%s%N) - t0) / 1000000)) ms (--max-request-ms 300; the shard would hold it 10 s)"
  ok "the timeout names the option that bounds it" grep -q -- '--max-request-ms' "$TMP/body"
  equals "the page is served meanwhile" 200 "$(get /)"
  kill "$silent"; wait "$silent" 2>/dev/null
  # The shard is down now (connection refused): answered at once, as before.
  error_is "after a timeout the server still answers (the shard is down: 503 unreachable)" 503 \
    unreachable '/api/search?q=ceasefire'
  ok "the access log shows the timeout as a 503" grep -Eq '^GET /api/search 503 [0-9.]+ ms$' "$TMP/slow.err"
  kill -TERM "$PID"
  code=0
  wait "$PID" || code=$?
  equals "and it stops cleanly (status 0)" 0 "$code"
else
  fail "the server starts with --max-request-ms"
fi
URL=$main_url PID=$main_pid

# 8 clients searching while whosaid-index adds articles in small commits.
N=200
jq -c --slurp --argjson n "$N" \
  '. as $b | range($n) as $i | $b[$i % ($b | length)] | .id = "served\($i)"
   | .title = "\(.title) (servedcopy \($i))"' "$SAMPLE/articles.jsonl" >"$TMP/more.jsonl"
before=$(article_count "$DB")
"$BIN/whosaid-index" --db "$DB" --no-extract --batch-size 5 -q "$TMP/more.jsonl" \
  >"$TMP/writer.out" 2>"$TMP/writer.err" &
writer=$!
clients=()
for c in $(seq 8); do
  (
    errors=0 n=0
    while kill -0 "$writer" 2>/dev/null || ((n < 5)); do
      for q in 'q=peace+talks&facet=speaker,place,year&limit=20' 'q=%22security+guarantees%22' \
        'facet=source,year&limit=50' 'q=ceasefire&quotes=1&facet=speaker'; do
        s=$(curl -sS -o "$TMP/c$c.json" -w '%{http_code}' "$URL/api/search?$q")
        n=$((n + 1))
        if [[ $s != 200 ]] || ! jq -e '.version == 1 and (.hits | type) == "array"' \
          "$TMP/c$c.json" >/dev/null 2>&1; then
          errors=$((errors + 1))
          echo "client $c: $q: $s $(head -c 200 "$TMP/c$c.json")" >&2
        fi
      done
    done
    echo "$n $errors" >"$TMP/client$c"
  ) &
  clients+=($!)
done
wait "$writer"
equals "the indexer succeeds while the server answers" 0 "$?"
committed=$(date +%s%N)
want=$((before + N))
seen=0
while :; do
  get /api/health >/dev/null
  seen=$(jq .articles "$TMP/body")
  late=$((($(date +%s%N) - committed) / 1000000))
  [[ $seen == "$want" ]] || ((late > 10000)) && break
  sleep 0.05
done
equals "the new articles show in /api/health" "$want" "$seen"
# The server reopens its databases at each request, so a commit shows at
# the next one; how soon is a figure for bench/, not a pass mark here (a
# loaded CI machine, or a sanitizer build, may take seconds): the bound
# only catches a server that never sees the commit.
echo "# the new articles showed $late ms after the indexer's end"
ok "the new articles show within 10 s of the indexer's end ($late ms)" test "$late" -le 10000
wait "${clients[@]}"
total=0 errors=0
for c in $(seq 8); do
  read -r n e <"$TMP/client$c"
  total=$((total + n)) errors=$((errors + e))
done
echo "# $total searches from 8 clients while the indexer committed $N articles in batches of 5"
equals "no errors from 8 clients while the indexer commits" 0 "$errors"
get /api/search -G --data-urlencode 'q=title:servedcopy' --data-urlencode limit=0 >/dev/null
equals "and in searches" "$N" "$(jq .total.estimate "$TMP/body")"

# SIGTERM: a clean stop, status 0.
kill -TERM "$PID"
code=0
wait "$PID" || code=$?
equals "SIGTERM stops the server with status 0" 0 "$code"
ok "it says it stopped" grep -q 'stopped (SIGTERM)' "$TMP/serve.err"
ok "the access log has a line per request (method, path, status, ms)" \
  grep -Eq '^GET /api/health 200 [0-9.]+ ms$' "$TMP/serve.err"

finish
