#!/usr/bin/env bash
# Installs what whosaid needs to build and test on Debian 12, from Debian's
# archive only. Safe to run again: it installs only what is missing.
# Usage: scripts/install-deps.sh
set -euo pipefail
packages=(
  build-essential cmake pkg-config
  libxapian-dev xapian-tools   # the search engine library; xapian-check/-delve/-tcpsrv
  libfmt-dev libcli11-dev nlohmann-json3-dev catch2
  libxml2-dev                  # libxml2's HTML parser: HTML articles
  libutf8proc-dev              # whosaid-eval: Unicode normalisation of names
  iso-codes                    # country and subdivision names for places
  libtext-names-perl miscfiles # scripts/make_person_names.sh: census first names and surnames, propernames
  jq util-linux                # CLI tests: JSON checks, setpriv
  libmicrohttpd-dev curl       # whosaid-serve: its HTTP server; its tests' HTTP client
  libsqlite3-dev sqlite3       # bench/: the SQLite FTS5 baseline
  gnuplot-nox                  # bench/: the scale plot
  time                         # bench/article_size.sh: peak RSS (GNU time)
  clang libclang-rt-14-dev     # tests: the sanitizer build and the libFuzzer targets
  help2man                     # man pages, generated from --help (packaging/)
  man-db groff-base bsdextrautils  # tests: man -l, groff warnings, lexgrog, col
  zsh                          # tests: the zsh completion, completed for real
  dpkg-dev                     # cpack -G DEB: dpkg-shlibdeps finds the dependencies
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
