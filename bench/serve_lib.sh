# Sourced by bench/serve_load.sh and bench/serve_rss.sh.
# serve_start NAME DB OUTDIR [whosaid-serve options...]: starts "$bin/whosaid-serve"
# on a free loopback port, its output in OUTDIR/serve.{out,err}; sets $pid and
# $url (http://127.0.0.1:PORT), or exits 1 naming NAME if it does not start.
serve_start() {
  local name=$1 db=$2 out=$3
  shift 3
  "$bin/whosaid-serve" --db "$db" --listen 127.0.0.1:0 "$@" >"$out/serve.out" 2>"$out/serve.err" &
  pid=$!
  url=
  for _ in $(seq 100); do
    url=$(sed -n 's#^whosaid-serve: listening on \(http://[0-9.:]*\)/$#\1#p' "$out/serve.out")
    [ -n "$url" ] && return 0
    sleep 0.1
  done
  echo "$name: the server did not start" >&2
  cat "$out/serve.err" >&2
  exit 1
}
