#!/usr/bin/env bash
# Man pages (packaging/CMakeLists.txt: help2man on each program's --help and
# --version, plus packaging/man/PROGRAM.h2m): built into <build>/share/man,
# render without a groff warning, carry a NAME line for whatis/apropos, list
# every option that --help lists, so they cannot drift from it, and keep the
# aligned text after the options (query language, examples) as printed.
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid whosaid-extract whosaid-serve
for tool in groff lexgrog help2man; do
  if ! have "$tool"; then
    echo "SKIP: $tool is not installed (scripts/install-deps.sh installs it)"
    exit 77
  fi
done

MAN=$(cd "$BIN/.." && pwd -P)/share/man/man1
version=$(sed -nE 's/^project\(whosaid VERSION ([0-9.]+).*/\1/p' "$SRC/CMakeLists.txt")
for prog in whosaid whosaid-index whosaid-extract whosaid-serve; do
  page=$MAN/$prog.1
  ok "$prog.1 is built" test -s "$page"
  ok "$prog.1.gz is built (the installed form)" test -s "$page.gz"
  # groff -ww: every warning; -z: no output, the warnings only.
  warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
  equals "$prog.1 renders without groff warnings" "" "$warnings"
  MANWIDTH=80 man -l "$page" 2>"$TMP/$prog.man.err" | col -bx >"$TMP/$prog.txt"
  equals "man -l $prog.1 prints no error" "" "$(cat "$TMP/$prog.man.err")"
  ok "man -l $prog.1 renders the page" grep -q '^NAME' "$TMP/$prog.txt"
  # lexgrog reads the NAME section the way mandb does for whatis(1).
  whatis=$(lexgrog "$page" 2>&1)
  ok "lexgrog finds the NAME line of $prog.1 ($whatis)" \
    grep -Eq "^$page: \"$prog - [a-z].+\"$" <<<"$whatis"
  for section in SYNOPSIS DESCRIPTION ENVIRONMENT 'SEE ALSO'; do
    ok "$prog.1 has $section" grep -q "^$section" "$TMP/$prog.txt"
  done
  # Every option of --help is in the page.
  run "$prog-help" "$BIN/$prog" --help
  options=$(grep -oE -- '--[a-z][a-z0-9-]+' "$TMP/run/$prog-help.out" | sort -u)
  ok "$prog --help lists options" test -n "$options"
  missing=
  for o in $options; do
    grep -qF -- "$o" "$TMP/$prog.txt" || missing+=" $o"
  done
  equals "every option of $prog --help is in $prog.1" "" "$missing"
  # The text after the options keeps its aligned columns (not refilled).
  aligned=$(awk '!f && s && /^[^ ]/ { f = 1 } /^[A-Za-z ]*(OPTIONS|[Oo]ptions):?$/ { s = 1 }
                 f && /[^ ]   +[^ ]/ { sub(/^ +/, ""); print }' "$TMP/run/$prog-help.out")
  broken=
  while IFS= read -r line; do
    [[ -z $line ]] || grep -qF -- "$line" "$TMP/$prog.txt" || broken+="$line"$'\n'
  done <<<"$aligned"
  equals "the aligned lines after the options of $prog --help are kept in $prog.1" "" "$broken"
  ok "$prog.1 names the version of CMakeLists.txt ($version)" \
    grep -qE "^\.TH .*\"$prog ${version//./\\.}\"" "$page"
done
# The extra sections come from packaging/man/*.h2m.
ok "whosaid.1 documents WHOSAID_DB" grep -q 'WHOSAID_DB' "$TMP/whosaid.txt"
ok "whosaid-index.1 documents WHOSAID_ALIASES" grep -q 'WHOSAID_ALIASES' "$TMP/whosaid-index.txt"
ok "whosaid-index.1 names the installed alias file" grep -q 'share/whosaid/aliases.tsv' "$TMP/whosaid-index.txt"
ok "whosaid.1 says where the default database is" grep -q '\.local/share/whosaid/db' "$TMP/whosaid.txt"
ok "whosaid-serve.1 documents WHOSAID_DB" grep -q 'WHOSAID_DB' "$TMP/whosaid-serve.txt"
ok "whosaid-serve.1 has the API section of its --help" grep -q '^API' "$TMP/whosaid-serve.txt"
ok "whosaid-serve.1 documents --max-request-ms" grep -q -- '--max-request-ms' "$TMP/whosaid-serve.txt"
# The default shown by --help is a path of the reader's HOME, not the builder's.
not_ok "no build machine home directory in the pages" grep -qE '/(root|home)/' "$TMP/whosaid.txt" "$TMP/whosaid-index.txt" "$TMP/whosaid-serve.txt"
finish
