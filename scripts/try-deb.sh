#!/usr/bin/env bash
# Tries the .deb as a new user would, on a fresh Debian 12: makes a minimal
# bookworm with debootstrap (once; kept in ROOT for the next try), installs
# the package there with apt-get (which pulls its dependencies from the
# Debian archive) together with man-db and bash-completion, then, as a new
# unprivileged user, indexes the bundled sample/, searches it, serves it with
# whosaid-serve, opens the man pages and asks the bash completion. Not part
# of the test suite (minutes, network, root). Usage, as root, after
# `cpack -G DEB` in BUILD:
#   scripts/try-deb.sh [BUILD [ROOT]]      (defaults: build, /tmp/whosaid-bookworm)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
root=${2:-/tmp/whosaid-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
if [ "$(id -u)" -ne 0 ]; then
  echo "try-deb.sh: debootstrap and chroot need root (run it with sudo)" >&2
  exit 1
fi
deb=$(ls -t "$build"/whosaid_*.deb 2>/dev/null | head -n 1 || true)
if [ -z "$deb" ]; then
  echo "try-deb.sh: no whosaid_*.deb in $build (run: cd $build && cpack -G DEB)" >&2
  exit 1
fi
if [ ! -x "$root/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
  echo "== debootstrap bookworm into $root" >&2
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 ||
    { tail -n 20 "$root.debootstrap.log"; exit 1; }
fi
mount -t proc proc "$root/proc"
mount -t devpts devpts "$root/dev/pts"
trap 'umount "$root/dev/pts"; umount "$root/proc"' EXIT
cp "$deb" "$root/tmp/whosaid.deb"
rm -rf "$root/tmp/sample" && cp -r sample "$root/tmp/sample"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@"; }

echo "== apt-get install ./whosaid.deb man-db bash-completion" >&2
in_root apt-get update -qq
# --reinstall: a second try on the same ROOT installs the new build of the
# same version.
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  --reinstall /tmp/whosaid.deb man-db bash-completion | grep -E '^(Setting up|Unpacking) ' || true
in_root dpkg -s whosaid | grep -E '^(Status|Version|Depends):'
in_root id reader >/dev/null 2>&1 || in_root useradd -m reader

as_reader() { chroot "$root" /usr/bin/env -i HOME=/home/reader USER=reader PATH=/usr/bin:/bin \
  LC_ALL=C.UTF-8 TERM=dumb /usr/bin/setpriv --reuid=reader --regid=reader --init-groups \
  --reset-env /bin/bash -c "cd /home/reader && $1"; }
echo "== as a new user: whosaid-index /tmp/sample" >&2
as_reader 'rm -rf ~/.local/share/whosaid; whosaid-index /tmp/sample'
echo "== whosaid --limit 2 ceasefire" >&2
as_reader 'whosaid --limit 2 ceasefire'
echo "== whosaid --quotes --facet speaker --limit 1 ceasefire" >&2
as_reader 'whosaid --quotes --facet speaker --limit 1 ceasefire'
echo "== whosaid-extract (first quote of an article)" >&2
as_reader 'whosaid-extract /tmp/sample/articles/003_kallas_warns.txt | head -n 3'
echo "== man whosaid | head" >&2
as_reader 'MANWIDTH=80 man whosaid 2>&1 | head -n 12'
echo "== man whosaid-index: its sections" >&2
as_reader 'MANWIDTH=80 man whosaid-index 2>/dev/null | grep -E "^[A-Z][A-Z ]+$" | xargs'
echo "== whatis whosaid-index" >&2
in_root mandb -q >/dev/null 2>&1 || true
as_reader 'whatis whosaid-index'
echo "== bash completion: whosaid --fa<TAB>, whosaid spe<TAB>" >&2
as_reader '. /usr/share/bash-completion/bash_completion; _completion_loader whosaid;
  COMP_WORDS=(whosaid --fa); COMP_CWORD=1; _whosaid_complete whosaid --fa whosaid; echo "${COMPREPLY[*]}";
  COMP_WORDS=(whosaid spe); COMP_CWORD=1; _whosaid_complete whosaid spe whosaid; echo "${COMPREPLY[*]}"'
echo "== whosaid-serve: /api/health and a search over HTTP (bash's /dev/tcp: no curl here)" >&2
# (": ;" first: as_reader runs "cd ~ && COMMANDS", and "&" would put the cd
# and the server in one background job.)
as_reader ': ; whosaid-serve --listen 127.0.0.1:0 >serve.out 2>serve.err & pid=$!
  for i in $(seq 100); do port=$(sed -n "s#.*127.0.0.1:\([0-9]*\)/\$#\1#p" serve.out); [ -n "$port" ] && break; sleep 0.1; done
  get() { exec 3<>/dev/tcp/127.0.0.1/$port; printf "GET %s HTTP/1.0\r\n\r\n" "$1" >&3; cat <&3 | tail -n 1 | head -c 300; echo; exec 3<&-; }
  get /api/health; get "/api/search?q=ceasefire&limit=1&facet=speaker:3"
  kill -TERM $pid; wait $pid; echo "whosaid-serve exit status $?"'
echo "== man whosaid-serve: its sections" >&2
as_reader 'MANWIDTH=80 man whosaid-serve 2>/dev/null | grep -E "^[A-Z][A-Z ]+$" | xargs'
echo "== the data folder: /usr/share/whosaid" >&2
as_reader 'ls /usr/share/whosaid'
echo "try-deb.sh: done" >&2
