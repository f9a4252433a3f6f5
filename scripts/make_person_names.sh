#!/usr/bin/env bash
# Writes data/person_names.tsv, the entity tagger's name gazetteer
# (indexer/extract/entities/entity_tagger.h), from Debian packages:
#   libtext-names-perl: the US census lists of common first names (male and
#     female) and surnames that Text::Names embeds;
#   miscfiles: /usr/share/dict/propernames (first names).
# Columns: the name in lower case, then its kinds: "f" first name, "s"
# surname, or "fs" both. Sorted, so reruns give the same file.
# Usage: scripts/make_person_names.sh   (apt-get install libtext-names-perl miscfiles)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pm=/usr/share/perl5/Text/Names.pm
props=/usr/share/dict/propernames.gz
for f in "$pm" "$props"; do
  [[ -f $f ]] || { echo "make_person_names.sh: no $f (apt-get install libtext-names-perl miscfiles)" >&2; exit 1; }
done
{
  perl -e '
    use Text::Names;
    Text::Names::prepareCommonNames();
    print lc($_), "\tf\n" for keys %Text::Names::commonMaleFirstnames;
    print lc($_), "\tf\n" for keys %Text::Names::commonFemaleFirstnames;
    print lc($_), "\ts\n" for keys %Text::Names::commonSurnames;'
  zcat "$props" | tr 'A-Z' 'a-z' | sed 's/$/\tf/'
} | LC_ALL=C awk -F'\t' '$1 ~ /^[a-z][a-z'"'"'-]+$/ { k[$1] = k[$1] $2 }
    END { for (n in k) { f = index(k[n], "f") ? "f" : ""; s = index(k[n], "s") ? "s" : ""; print n "\t" f s } }' \
  | LC_ALL=C sort > "$root/data/person_names.tsv"
echo "wrote $root/data/person_names.tsv ($(wc -l < "$root/data/person_names.tsv") names)" >&2
