#!/usr/bin/env bash
# The browser tests (tests/browser/run.sh) say plainly why they are skipped
# (exit 77) when the machine cannot run them, before anything is built or
# started: no chromium, a node that does not start (Debian's nodejs without
# the packages it loads its built-in modules from), a node too old. Fake
# chromium and node programs stand in for the real ones.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/fake/broken" "$TMP/fake/old"
printf '#!/bin/sh\nexit 0\n' >"$TMP/fake/chromium"
# As Debian's node 18 without node-cjs-module-lexer: --version answers,
# running anything aborts.
cat >"$TMP/fake/broken/node" <<'NODE'
#!/bin/sh
[ "$1" = --version ] && { echo v18.20.4; exit 0; }
echo 'Cannot load externalized builtin: "internal/deps/cjs-module-lexer/lexer:/usr/share/nodejs/cjs-module-lexer/lexer.js".' >&2
exit 134
NODE
cat >"$TMP/fake/old/node" <<'NODE'
#!/bin/sh
[ "$1" = --version ] && { echo v16.20.2; exit 0; }
echo 16
NODE
chmod +x "$TMP/fake/chromium" "$TMP/fake/broken/node" "$TMP/fake/old/node"

browser() {  # NAME PATH-PREFIX CHROMIUM
  local name=$1 path=$2 chromium=$3
  run "$name" env PATH="$path:$PATH" WHOSAID_CHROMIUM="$chromium" WHOSAID_TEST_TMP="$TMP/$name" \
    bash "$SRC/tests/browser/run.sh"
}

browser no-chromium "$TMP/fake/old" "$TMP/no/such/chromium"
equals "no chromium: skipped (77)" 77 "$(code_of no-chromium)"
ok "no chromium: says so and how to install it" grep -q '^SKIPPED: no chromium at .*apt-get install chromium' "$TMP/run/no-chromium.out"

browser broken-node "$TMP/fake/broken" "$TMP/fake/chromium"
equals "a node that does not start: skipped (77)" 77 "$(code_of broken-node)"
ok "a node that does not start: said to be broken, with its error, not too old" \
  grep -q '^SKIPPED: node v18.20.4 does not run: Cannot load externalized builtin' "$TMP/run/broken-node.out"

browser old-node "$TMP/fake/old" "$TMP/fake/chromium"
equals "node 16: skipped (77)" 77 "$(code_of old-node)"
ok "node 16: said to be too old" grep -q '^SKIPPED: node v16.20.2 is too old: playwright-core needs node 18' "$TMP/run/old-node.out"
finish
