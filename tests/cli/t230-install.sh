#!/usr/bin/env bash
# cmake --install (packaging/CMakeLists.txt): installs into a scratch
# prefix, moves the prefix elsewhere (a relocated installation must work),
# then runs the installed programs from another folder: they read their data
# from PREFIX/share/whosaid (an alias added there changes a speaker's name),
# no path of the source tree is compiled into them, and they index sample/
# and search it exactly as the build tree's programs do; the installed
# whosaid-serve serves that index. The man pages and completion are in place.
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid whosaid-extract whosaid-serve
if ! have cmake; then
  echo "SKIP: cmake is not installed"
  exit 77
fi
BUILD=$(cd "$BIN/.." && pwd -P)

run install cmake --install "$BUILD" --prefix "$TMP/prefix"
equals "cmake --install exits 0" 0 "$(code_of install)"
mv "$TMP/prefix" "$TMP/moved"
P=$TMP/moved
for f in bin/whosaid bin/whosaid-index bin/whosaid-extract bin/whosaid-serve; do
  ok "installs $f (executable)" test -x "$P/$f"
done
for f in share/man/man1/whosaid.1.gz share/man/man1/whosaid-index.1.gz \
  share/man/man1/whosaid-extract.1.gz share/man/man1/whosaid-serve.1.gz \
  share/bash-completion/completions/whosaid share/bash-completion/completions/whosaid-index \
  share/bash-completion/completions/whosaid-extract share/bash-completion/completions/whosaid-serve \
  share/zsh/vendor-completions/_whosaid share/whosaid/aliases.tsv share/doc/whosaid/README.md \
  share/doc/whosaid/README.data.md share/doc/whosaid/openapi.yaml; do
  ok "installs $f" test -s "$P/$f"
done
ok "does not install whosaid-eval (it reads the research data of a checkout)" test ! -e "$P/bin/whosaid-eval"
equals "installs programs only in bin/" "whosaid whosaid-extract whosaid-index whosaid-serve" "$(ls "$P/bin" | xargs)"

# No path into the source tree (its data/ folder) in the installed programs.
for prog in whosaid whosaid-index whosaid-extract whosaid-serve; do
  not_ok "$prog holds no path of the source tree's data/" grep -qaF "$SRC/data" "$P/bin/$prog"
  not_ok "$prog holds no path of the build tree's data" grep -qaF "$BUILD/share" "$P/bin/$prog"
done

# The installed alias table is read, from the moved prefix, whatever the
# current folder. The article and the alias are written here.
mkdir -p "$TMP/elsewhere" "$TMP/articles"
cat >"$TMP/articles/mayor.txt" <<'ART'
Mayor defends the budget

"We will not cut the libraries," said Bob Smithers, the mayor of Dunmore.
ART
cd "$TMP/elsewhere"
canonical() {
  "$P/bin/whosaid-extract" --json "$TMP/articles/mayor.txt" | jq -r '.quotes[0].speaker.canonical'
}
equals "before the alias: the name as written" "Bob Smithers" "$(canonical)"
printf 'Robert Q. Smithers\tBob Smithers\n' >>"$P/share/whosaid/aliases.tsv"
equals "an alias in PREFIX/share/whosaid/aliases.tsv is applied" "Robert Q. Smithers" "$(canonical)"
equals "WHOSAID_ALIASES replaces the installed alias file" "Bob Smithers" \
  "$(WHOSAID_ALIASES=/dev/null canonical)"
ok "the build tree's programs do not read the installed file" \
  test "$("$BIN/whosaid-extract" --json "$TMP/articles/mayor.txt" | jq -r '.quotes[0].speaker.canonical')" = "Bob Smithers"

# Index and search with the installed programs; same answers as build/bin.
run index-installed "$P/bin/whosaid-index" --quiet --db "$TMP/db" "$SAMPLE"
equals "the installed whosaid-index indexes sample/" 0 "$(code_of index-installed)"
# (the same alias table as the installed programs read)
WHOSAID_ALIASES=$P/share/whosaid/aliases.tsv "$BIN/whosaid-index" --quiet --db "$TMP/db-build" "$SAMPLE"
for q in ceasefire 'speaker:"Marco Rubio"' 'place:kyiv talks'; do
  run "installed-$q" "$P/bin/whosaid" --db "$TMP/db" --limit 3 "$q"
  run "build-$q" "$BIN/whosaid" --db "$TMP/db-build" --limit 3 "$q"
  equals "the installed whosaid answers $q (exit 0)" 0 "$(code_of "installed-$q")"
  ok "the installed whosaid finds something for $q" grep -q '^1\. ' "$TMP/run/installed-$q.out"
  equals "installed = build tree for $q" "$(sed "s#$TMP/db-build#DB#g" "$TMP/run/build-$q.out")" \
    "$(sed "s#$TMP/db#DB#g" "$TMP/run/installed-$q.out")"
done

# The installed whosaid-serve serves that index: the same search as the
# installed whosaid's, over HTTP.
if have curl; then
  "$P/bin/whosaid-serve" --db "$TMP/db" --listen 127.0.0.1:0 >"$TMP/serve.out" 2>"$TMP/serve.err" &
  serve=$!
  url=
  for _ in $(seq 200); do
    url=$(sed -n 's#^whosaid-serve: listening on \(http://127.0.0.1:[0-9]*\)/$#\1#p' "$TMP/serve.out")
    [[ -n $url ]] || ! kill -0 "$serve" 2>/dev/null && break
    sleep 0.1
  done
  ok "the installed whosaid-serve starts" test -n "$url"
  if [[ -n $url ]]; then
    "$P/bin/whosaid" --db "$TMP/db" --json --disjunctive-facets --facet speaker ceasefire >"$TMP/cli.json"
    curl -sS "$url/api/search?q=ceasefire&facet=speaker" >"$TMP/api.json"
    ok "the installed whosaid-serve answers what the installed whosaid does" \
      cmp -s <(jq -S . "$TMP/cli.json") <(jq -S . "$TMP/api.json")
    ok "the installed whosaid-serve serves its page" \
      bash -c "curl -sS '$url/' | grep -q '<title>whosaid</title>'"
  fi
  kill -TERM "$serve"
  code=0
  wait "$serve" || code=$?
  equals "the installed whosaid-serve stops cleanly" 0 "$code"
else
  skip "the installed whosaid-serve" "curl is not installed"
fi

# The installed man pages and completion work from there.
ok "man finds the installed whosaid(1) through MANPATH" \
  test "$(MANPATH=$P/share/man man -w whosaid 2>/dev/null)" = "$P/share/man/man1/whosaid.1.gz"
ok "man -l renders the installed whosaid-index.1.gz" \
  bash -c "MANWIDTH=80 man -l '$P/share/man/man1/whosaid-index.1.gz' 2>/dev/null | grep -q 'whosaid-index'"
ok "the installed bash completion registers whosaid-index" \
  bash --norc -c ". '$P/share/bash-completion/completions/whosaid-index' && complete -p whosaid-index >/dev/null"
ok "the installed bash completion registers whosaid-serve" \
  bash --norc -c ". '$P/share/bash-completion/completions/whosaid-serve' && complete -p whosaid-serve >/dev/null"
ok "man -l renders the installed whosaid-serve.1.gz" \
  bash -c "MANWIDTH=80 man -l '$P/share/man/man1/whosaid-serve.1.gz' 2>/dev/null | grep -q 'whosaid-serve'"
finish
