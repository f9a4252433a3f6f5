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
  chromium                     # tests/browser: the page in a real browser (headless)
)
# tests/browser: node and npm run playwright-core. A node from elsewhere
# (NodeSource's nodejs carries its own npm) is kept: Debian's npm would clash with it.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
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

# The browser tests' driver, pinned in tests/browser/package-lock.json
# (playwright-core, which downloads no browser: the tests use Debian's chromium).
# Without the npm registry the browser tests say they were skipped, and why.
browser_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
if [ ! -f "$browser_dir/node_modules/.package-lock.json" ] ||
   ! cmp -s "$browser_dir/package-lock.json" "$browser_dir/node_modules/.lock-installed"; then
  echo "installing the browser tests' npm packages (npm ci in tests/browser)" >&2
  if (cd "$browser_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
    cp "$browser_dir/package-lock.json" "$browser_dir/node_modules/.lock-installed"
  else
    echo "install-deps.sh: npm ci failed in tests/browser (no access to the npm registry?); the browser tests will be skipped" >&2
  fi
fi
