#!/usr/bin/env bash
# The browser tests of the page served by whosaid-serve (ctest: browser.t310-browser).
# Indexes sample/ plus hostile.jsonl (an article whose title, source, speaker
# and URL carry <script>, <img onerror> and a javascript: URL), then
# page_test.mjs starts whosaid-serve on a free loopback port and drives
# Debian's chromium headless through playwright-core (tests/browser/package.json,
# pinned in package-lock.json; `npm ci` in tests/browser installs it).
#
# Environment (set by ctest): WHOSAID_BIN_DIR, WHOSAID_SOURCE_DIR,
# WHOSAID_TEST_TMP (scratch; screenshots go to $WHOSAID_TEST_TMP/screenshots).
# WHOSAID_CHROMIUM overrides /usr/bin/chromium.
# Exit 77 (ctest: skipped) with "SKIPPED: <why>" when chromium, node or the
# npm packages are missing: never a silent pass.
set -u
export LC_ALL=C.UTF-8 TZ=UTC
unset WHOSAID_DB XDG_DATA_HOME

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
SRC=${WHOSAID_SOURCE_DIR:-$(cd "$HERE/../.." && pwd -P)}
BIN=${WHOSAID_BIN_DIR:-$SRC/build/bin}
TMP=${WHOSAID_TEST_TMP:-${TMPDIR:-/tmp}/whosaid-browser-$(id -u)}
CHROMIUM=${WHOSAID_CHROMIUM:-/usr/bin/chromium}

skip() {
  echo "SKIPPED: $*"
  exit 77
}

[[ -x $CHROMIUM ]] || skip "no chromium at $CHROMIUM (Debian: apt-get install chromium; scripts/install-deps.sh installs it)"
command -v node >/dev/null 2>&1 || skip "node is not installed (Debian: apt-get install nodejs npm)"
# A node that cannot start (Debian's nodejs without the packages it loads
# its built-in modules from: node-acorn, node-cjs-module-lexer, node-undici)
# is said to be broken, not too old.
if ! node_major=$(node -p 'process.versions.node.split(".")[0]' 2>&1); then
  skip "node $(node --version 2>/dev/null) does not run: $(head -n 1 <<<"$node_major") (Debian: apt-get install --reinstall nodejs, which brings the packages it needs)"
fi
[[ $node_major =~ ^[0-9]+$ ]] && ((node_major >= 18)) ||
  skip "node $(node --version 2>/dev/null) is too old: playwright-core needs node 18 or later"
[[ -f $HERE/node_modules/playwright-core/package.json ]] ||
  skip "the npm packages are not installed: run 'npm ci' in tests/browser (scripts/install-deps.sh does)"
for p in whosaid-index whosaid whosaid-serve; do
  [[ -x $BIN/$p ]] || { echo "FAIL: $BIN/$p is not built"; exit 1; }
done

rm -rf "$TMP"
mkdir -p "$TMP/home" "$TMP/screenshots"
export HOME=$TMP/home

if ! "$BIN/whosaid-index" --quiet --db "$TMP/db" "$SRC/sample" "$HERE/hostile.jsonl" >"$TMP/index.log" 2>&1; then
  echo "FAIL: whosaid-index could not index sample/ and hostile.jsonl:"
  cat "$TMP/index.log"
  exit 1
fi

exec node "$HERE/page_test.mjs" --bin "$BIN" --db "$TMP/db" --chromium "$CHROMIUM" \
  --out "$TMP" --hostile "$HERE/hostile.jsonl"
