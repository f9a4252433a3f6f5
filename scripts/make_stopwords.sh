#!/usr/bin/env bash
# Regenerates stopwords/<language>.txt (all but english.txt, which is kept by
# hand) from Debian's liblingua-stopwords-perl, whose lists are the Snowball
# project's stop word lists. Usage: scripts/make_stopwords.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download liblingua-stopwords-perl >/dev/null && dpkg-deb -x ./*.deb x)
declare -A names=([DA]=danish [DE]=german [ES]=spanish [FI]=finnish [FR]=french [HU]=hungarian
  [IT]=italian [NL]=dutch [NO]=norwegian [PT]=portuguese [RO]=romanian [RU]=russian [SV]=swedish
  [ID]=indonesian)
for code in "${!names[@]}"; do
  lang=${names[$code]}
  {
    echo "# ${lang^} stopwords: the Snowball project's list (BSD licence), as shipped in"
    echo "# Debian's liblingua-stopwords-perl; regenerate with scripts/make_stopwords.sh."
    PERL5LIB="$tmp/x/usr/share/perl5" perl -CS -MLingua::StopWords::$code -e \
      'print "$_\n" for sort keys %{Lingua::StopWords::'"$code"'::getStopWords("UTF-8")}'
  } > "$here/stopwords/$lang.txt"
done
