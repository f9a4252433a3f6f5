#!/usr/bin/env bash
# The quote: and speaker: fields on the sample indexed WITH extraction (the
# default), as in the README demo. Expected results are read off the sample
# articles by hand (speaker attribution cannot be grepped); each is noted.
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid

DB=$TMP/db
run index "$BIN/whosaid-index" --db "$DB" "$SAMPLE/articles" "$SAMPLE/articles.jsonl"
equals "the sample indexes with extraction" 0 "$(code_of index)"
S() { "$BIN/whosaid" --db "$DB" --json --limit 100 "$@"; }

# Peskov invoked the “spirit of Anchorage” in the seed: inside quotes.
run anchorage S 'quote:"spirit of Anchorage"'
same_list 'quote:"spirit of Anchorage"' 000_681fb66bd525be80 "$(hit_names "$TMP/run/anchorage.out")"
# Zelensky in 001: "... It is an intermission," he told lawmakers.
run intermission S 'quote:intermission'
same_list "quote:intermission" 001_kyiv_talks_resume "$(hit_names "$TMP/run/intermission.out")"
# Ternopil is in the narration of 000, 001 and 021, never in what anyone says.
run ternopil-body S ternopil
equals "ternopil is in three articles" 3 "$(jq '.total.estimate' "$TMP/run/ternopil-body.out")"
run ternopil S 'quote:ternopil'
equals "quote:ternopil: narration is not a quote" 0 "$(jq '.total.estimate' "$TMP/run/ternopil.out")"

# Rubio speaks in 000 (stated), 001 (said, added), 004 (the multi-paragraph
# quote), 024 (told, said), and is a listed speaker of three JSONL articles.
run rubio S 'speaker:"Marco Rubio"'
same_list 'speaker:"Marco Rubio"' "$(printf '%s\n' 000_681fb66bd525be80 001_kyiv_talks_resume \
  004_geneva_round 024_nato_brussels jl-2024-12-10-rubio-zelensky-call \
  jl-2025-11-23-geneva-preview jl-2025-11-28-moscow-envoys | sort)" "$(hit_names "$TMP/run/rubio.out")"
# Kallas speaks in 000, 003, 024 and two JSONL articles; of those, 000, 003
# and 024 mention a ceasefire.
run kallas S 'speaker:"Kaja Kallas" ceasefire'
same_list 'speaker:"Kaja Kallas" ceasefire' "$(printf '%s\n' 000_681fb66bd525be80 003_kallas_warns 024_nato_brussels)" \
  "$(hit_names "$TMP/run/kallas.out")"

# --quotes: who said it.
run q-anchorage S --quotes 'quote:"spirit of Anchorage"'
jqok q-anchorage "--quotes: Peskov said “spirit of Anchorage”" \
  '.hits | length > 0 and all(.[]; .type == "quote" and .speaker == "Dmitry Peskov")'
run q-ceasefire S --quotes --facet speaker --facet-limit 100 ceasefire
# Named people quoted on a ceasefire: Zelensky (001, 025), Peskov (002),
# Kallas (003), Whitcomb (009), Rutte (024), Rubio (a JSONL article).
for who in "Volodymyr Zelensky" "Dmitry Peskov" "Kaja Kallas" "Dale Whitcomb" "Mark Rutte" "Marco Rubio"; do
  jqok q-ceasefire "--quotes ceasefire: $who is a speaker" \
    'any(.facets.speaker[]; .value == $w)' --arg w "$who"
done

# Kinds: every quote hit carries its speaker's kind; the speaker facet holds
# named people and organisations only, each value with its kind and counting
# the hits of that speaker and kind (all quotes are on one page: --limit
# 10000); the person and org facets are its two parts. Unnamed sources are
# no value.
run q-all "$BIN/whosaid" --db "$DB" --json --quotes --limit 10000 --facet speaker,person,org --facet-limit 10000
jqok q-all "every quote hit has a speaker_kind" 'all(.hits[]; has("speaker_kind") and (.speaker_kind | type) == "string")'
jqok q-all "the sample has people, organisations and unnamed sources" \
  '.hits | map(.speaker_kind) | (index("person") != null and index("organization") != null and index("unnamed") != null)'
jqok q-all "each speaker value counts the hits of that speaker and kind" \
  '.hits as $h | (.facets.speaker | length > 0) and all(.facets.speaker[]; . as $v
     | ($v.kind == "person" or $v.kind == "organization")
       and $v.count == ([$h[] | select(.speaker == $v.value and .speaker_kind == $v.kind)] | length))'
jqok q-all "--facet person: the people of the speaker facet" '.facets.person == [.facets.speaker[] | select(.kind == "person")]'
jqok q-all "--facet org: the organisations of the speaker facet" '.facets.org == [.facets.speaker[] | select(.kind == "organization")]'
jqok q-all "no unnamed source is a speaker value" \
  '([.hits[] | select(.speaker_kind == "unnamed") | .speaker] - [.hits[] | select(.speaker_kind != "unnamed") | .speaker]) as $u
   | ($u | length > 0) and all(.facets.speaker[]; (.value | IN($u[])) | not)'
run q-person S --quotes --limit 10000 'person:rubio'
jqok q-person "person:rubio: quotes of people only" '.hits | length > 0 and all(.[]; .speaker_kind == "person")'

finish
