#!/usr/bin/env bash
# Shell completion (packaging/completion_gen.cc, generated at build time from
# the programs' options and the schema table): the bash script is sourced in
# a plain `bash` and its completion function called as bash would call it;
# the zsh script is checked with `zsh -n` and, through zsh's zpty, completed
# for real in an interactive zsh (compinit).
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid whosaid-extract whosaid-serve

SHARE=$(cd "$BIN/.." && pwd -P)/share
BASH_SCRIPT=$SHARE/bash-completion/completions/whosaid
ZSH_SCRIPT=$SHARE/zsh/vendor-completions/_whosaid
ok "the bash completion is built" test -s "$BASH_SCRIPT"
ok "the zsh completion is built" test -s "$ZSH_SCRIPT"

# comp WORD...: the completions bash offers for the command line WORD...,
# the cursor at the end of the last word (give "" to complete a new word;
# give "--opt" "=" "val" for what bash makes of --opt=val, as ':' and '='
# break words in COMP_WORDBREAKS). One per line, sorted.
comp() {
  bash --norc --noprofile -c '
    script=$1; shift
    . "$script" || exit 1
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="$*" COMP_POINT=${#COMP_LINE}
    # the function registered for the program, as bash would find it
    spec=$(complete -p "$1") || exit 1
    fn=$(sed -E "s/.* -F ([^ ]+) .*/\1/" <<<"$spec")
    prev=; ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD-1]}
    "$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "$prev"
    printf "%s\n" "${COMPREPLY[@]}"
  ' _ "$BASH_SCRIPT" "$@" | sed '/^$/d' | sort
}
lines() { printf '%s\n' "$@" | sort; }

equals "whosaid --fa<TAB>" "$(lines --facet --facet-limit --facet-search)" "$(comp whosaid --fa)"
equals "whosaid --facet sp<TAB>" "speaker" "$(comp whosaid --facet sp)"
equals "whosaid --facet <TAB>: the facets of the schema, and month" \
  "$(lines country month org person place source speaker year)" "$(comp whosaid --facet '')"
equals "whosaid --facet year,mo<TAB>" "year,month" "$(comp whosaid --facet year,mo)"
equals "whosaid --facet speaker,pl<TAB>" "speaker,place" "$(comp whosaid --facet speaker,pl)"
equals "whosaid --facet=sp<TAB> (word split at =)" "speaker" "$(comp whosaid --facet = sp)"
equals "whosaid --facet=sp<TAB> (one word)" "--facet=speaker" "$(comp whosaid --facet=sp)"
equals "whosaid spe<TAB> -> speaker:" "speaker:" "$(comp whosaid spe)"
equals "whosaid ceasefire p<TAB> -> person: place:" "$(lines person: place:)" "$(comp whosaid ceasefire p)"
equals "whosaid ceasefire pl<TAB> -> place:" "place:" "$(comp whosaid ceasefire pl)"
equals "whosaid --facet speaker,o<TAB>" "speaker,org" "$(comp whosaid --facet speaker,o)"
equals "whosaid --json da<TAB> (after a flag, a query word)" "date:" "$(comp whosaid --json da)"
equals "whosaid speaker:s<TAB> (split at :): no field inside a value" "" "$(comp whosaid speaker : s)"
equals "whosaid speaker:s<TAB> (one word): no field inside a value" "" "$(comp whosaid speaker:s)"
equals "whosaid --filter place=p<TAB> (split at =): nothing" "" "$(comp whosaid --filter place = p)"
equals "whosaid --filter pl<TAB> -> place=" "place=" "$(comp whosaid --filter pl)"
equals "whosaid --filter speaker=<TAB>: no field names in a value" "" "$(comp whosaid --filter speaker=)"
equals "whosaid --sort <TAB>" "$(lines date relevance)" "$(comp whosaid --sort '')"
equals "whosaid --color a<TAB>" "$(lines always auto)" "$(comp whosaid --color a)"
equals "whosaid --limit <TAB>: no guess" "" "$(comp whosaid --limit '')"
equals "whosaid-index --lang fr<TAB>" "french" "$(comp whosaid-index --lang fr)"
langs=$(comp whosaid-index --lang '')
ok "whosaid-index --lang <TAB> offers none" grep -qx none <<<"$langs"
ok "whosaid-index --lang <TAB> offers english" grep -qx english <<<"$langs"

# Every field of the query language, and only those: each offered field is
# documented in --help, and the ones everyone uses are there.
run search-help "$BIN/whosaid" --help
fields=$(comp whosaid '')
for f in title: body: quote: speaker: person: org: place: country: source: year: date:; do
  ok "whosaid <TAB> offers $f" grep -qx "$f" <<<"$fields"
done
for f in $fields; do
  ok "the offered field $f is documented in whosaid --help" grep -qF " $f" "$TMP/run/search-help.out"
done

# Files: PATHs of whosaid-index and whosaid-extract, --db, --commit-log.
mkdir -p "$TMP/files/articles"
: >"$TMP/files/apple.txt"
equals "whosaid-index <path prefix><TAB>: files" \
  "$(lines "$TMP/files/apple.txt" "$TMP/files/articles")" "$(comp whosaid-index "$TMP/files/a")"
equals "whosaid-extract <path prefix><TAB>: files" \
  "$(lines "$TMP/files/apple.txt" "$TMP/files/articles")" "$(comp whosaid-extract "$TMP/files/a")"
equals "whosaid --db <path prefix><TAB>: files" \
  "$(lines "$TMP/files/apple.txt" "$TMP/files/articles")" "$(comp whosaid --db "$TMP/files/a")"
equals "whosaid-index --commit-log <path prefix><TAB>: files" \
  "$TMP/files/apple.txt" "$(comp whosaid-index --commit-log "$TMP/files/ap")"
equals "whosaid <path prefix><TAB>: no files among query words" "" "$(comp whosaid "$TMP/files/a")"

# whosaid-serve: its options, files after --db, nothing else.
equals "whosaid-serve --ma<TAB>" "--max-request-ms" "$(comp whosaid-serve --ma)"
equals "whosaid-serve --a<TAB>" "$(lines --access-log --allow-partial)" "$(comp whosaid-serve --a)"
equals "whosaid-serve --db <path prefix><TAB>: files" \
  "$(lines "$TMP/files/apple.txt" "$TMP/files/articles")" "$(comp whosaid-serve --db "$TMP/files/a")"
equals "whosaid-serve <path prefix><TAB>: nothing (it takes no arguments)" "" \
  "$(comp whosaid-serve "$TMP/files/a")"
equals "whosaid-serve --listen <TAB>: no guess" "" "$(comp whosaid-serve --listen '')"

# Every option each program's --help lists is offered (no drift).
for prog in whosaid whosaid-index whosaid-extract whosaid-serve; do
  run "$prog-help" "$BIN/$prog" --help
  offered=$(comp "$prog" -)
  missing=
  # the option lines: "  -n,--limit N ..." or "  --json ..."
  for o in $(grep -E '^ +-' "$TMP/run/$prog-help.out" |
             grep -oE -- '^ +(-[a-zA-Z], ?)?--[a-z][a-z0-9-]*(, ?--[a-z][a-z0-9-]*)*' |
             tr ', ' '\n\n' | sort -u); do
    grep -qx -- "$o" <<<"$offered" || missing+=" $o"
  done
  equals "$prog -<TAB> offers every option of its --help" "" "$missing"
done

# zsh
if ! have zsh; then
  skip "zsh completion" "zsh is not installed (scripts/install-deps.sh installs it)"
  finish
fi
ok "zsh -n _whosaid (syntax)" zsh -n "$ZSH_SCRIPT"

# zcomp WORDS...: the matches zsh's completion system offers for the command
# line WORDS (typed, then TAB), in an interactive zsh on a pseudo-terminal
# with compinit and the generated _whosaid first in $fpath. compadd is
# wrapped to print each match, the way zsh-capture-completion does.
zcomp() {
  : >"$TMP/zdot/matches"
  # Waits match what the shell prints (READY2), never the echo of what was
  # typed (READY$((1+1))), which the terminal may show before zsh runs it.
  ZDOTDIR=$TMP/zdot HOME=$TMP/home timeout 60 zsh -f -c '
    zmodload zsh/zpty || exit 1
    zpty z zsh -f -i
    zpty -w z "PROMPT= RPROMPT= ; fpath=($1 \$fpath)"
    zpty -w z "autoload -Uz compinit && compinit -u -d $2/zcompdump"
    zpty -w z "compadd() { local -a __m; builtin compadd -O __m \"\$@\"; print -r -l -- \"<<\"\${^__m}\">>\" >>$2/matches; builtin compadd \"\$@\" }"
    zpty -w z "zstyle \":completion:*\" list-prompt \"\"; zstyle \":completion:*\" select-prompt \"\""
    zpty -w z "print -r READY\$((1+1))"
    zpty -r z line "*READY2*"
    zpty -w -n z "$3"$'"'"'\t'"'"'
    zpty -w z " ; print -r DONE\$((1+1))"
    zpty -r z line "*DONE2*"
    zpty -d z
  ' _ "$(dirname "$ZSH_SCRIPT")" "$TMP/zdot" "$*" >/dev/null 2>&1
  sed -n 's/^<<\(.*\)>>$/\1/p' "$TMP/zdot/matches" | sort -u
}
mkdir -p "$TMP/zdot"
equals "zsh: whosaid --fa<TAB>" "$(lines --facet --facet-limit --facet-search)" "$(zcomp whosaid --fa)"
equals "zsh: whosaid spe<TAB> -> speaker:" "speaker:" "$(zcomp whosaid spe)"
equals "zsh: whosaid --facet sp<TAB>" "speaker" "$(zcomp whosaid --facet sp)"
equals "zsh: whosaid --filter pl<TAB> -> place=" "place=" "$(zcomp whosaid --filter pl)"
equals "zsh: whosaid-index --lang fr<TAB>" "french" "$(zcomp whosaid-index --lang fr)"
equals "zsh: whosaid --facet year,mo<TAB>" "month" "$(zcomp whosaid --facet year,mo)"
equals "zsh: whosaid-serve --max<TAB>" "--max-request-ms" "$(zcomp whosaid-serve --max)"
finish
