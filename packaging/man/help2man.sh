#!/usr/bin/env bash
# Writes the man page of PROGRAM from its --help (packaging/CMakeLists.txt):
#   help2man.sh HELP2MAN PROGRAM VERSION INCLUDE PAGE
# help2man formats the usage, description and option list. The free text
# CLI11 prints after the options (the footer: query language, input formats,
# examples) is laid out for a terminal, in aligned columns help2man would
# refill; it goes into the page as it is printed, no-fill: a column-0 line in
# capitals ("QUERY LANGUAGE") or a column-0 "Name:" line alone ("Examples:")
# starts a section of that name, a line starting "Exit status:" starts EXIT
# STATUS, and text before the first of these is NOTES.
# INCLUDE (packaging/man/PROGRAM.h2m) adds NAME, ENVIRONMENT, FILES, SEE ALSO.
set -euo pipefail
help2man=$1 program=$2 version=$3 include=$4 page=$5
name=$(basename "$program")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$program" --help >"$work/help"
# head: everything up to the footer; footer: from the first column-0 line
# after the "Options:" heading.
awk -v head="$work/head" -v foot="$work/foot" '
  !footer && seen && /^[^ \t]/ { footer = 1 }
  /^[A-Za-z ]*(OPTIONS|[Oo]ptions):?[ \t]*$/ { seen = 1 }
  { print > (footer ? foot : head) }
  END { if (!footer) printf "" > foot }' "$work/help"

# The footer as include-file sections of no-fill roff.
awk '
  function esc(s) {
    gsub(/\\/, "\\e", s); gsub(/-/, "\\-", s)
    return "\\&" s
  }
  function flush(   i, first, last) {
    first = 1; last = n
    while (first <= n && lines[first] == "") first++
    while (last >= first && lines[last] == "") last--
    if (first <= last) {
      printf "[%s]\n.nf\n", section
      for (i = first; i <= last; i++) print (lines[i] == "" ? ".sp" : esc(lines[i]))
      print ".fi"
    }
    n = 0
  }
  BEGIN { section = "NOTES" }
  /^[A-Z][A-Z0-9 ]*[A-Z]( \(.*\))?[ \t]*$/ {
    flush(); section = $0; rest = ""
    if (match(section, / \(.*\)/)) { rest = substr(section, RSTART + 1); section = substr(section, 1, RSTART - 1) }
    if (rest != "") lines[++n] = rest
    next
  }
  /^[A-Z][A-Za-z ]*:[ \t]*$/ { flush(); section = toupper($0); sub(/:[ \t]*$/, "", section); next }
  /^Exit status:/ { flush(); section = "EXIT STATUS" }
  { sub(/[ \t]+$/, ""); lines[++n] = $0 }
  END { flush() }' "$work/foot" >"$work/footer.h2m"

mkdir -p "$work/bin"
printf '#!/bin/sh\ncat "%s"\n' "$work/head" >"$work/bin/$name"
chmod +x "$work/bin/$name"
footer=()
[ -s "$work/footer.h2m" ] && footer=(--include="$work/footer.h2m")
"$help2man" --no-info --section=1 --version-string="$version" --include="$include" \
  "${footer[@]}" --output="$page" "$work/bin/$name"
