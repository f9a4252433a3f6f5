# extract_fixtures.jq: judges one article's `whosaid-extract --json` output
# against its expectation file (tests/fixtures/extract/README.md has the
# format). Called by t240-extract-fixtures.sh with
#   --arg art NAME --rawfile text ARTICLE --rawfile exp EXPECT --slurpfile out JSON
# Prints one tab-separated line per judgement:
#   STATUS  SIDE  MUST  ARTICLE  CHECK  DETAIL
# STATUS: PASS, MISS (the extractor said nothing), WRONG (it said something
# wrong) or ERROR (the fixture is broken: a phrase that is not in the article
# could never fail); SIDE: pos (recall side), neg (a negative check), extra
# (a speaker outside an article's complete speaker set); MUST: the third
# column of a negative check (must, should or empty).

# Names compare without case, a leading "the" or repeated blanks, so that
# "The Pentagon" and "Pentagon" are one name; "A|B" lists accepted names.
def norm: ascii_downcase | gsub("\\s+"; " ") | sub("^ "; "") | sub(" $"; "") | sub("^the "; "");
def alts: split("|") | map(norm);
def named: (.speaker.kind == "person" or .speaker.kind == "organization") and (.speaker.canonical | length) > 0;
def who: "\(.speaker.canonical) (\(.speaker.kind))";

($out[0]) as $o
| ($text | explode) as $cps
| [$o.speakers[]? | if type == "string" then . else (.canonical // .name) end] as $set
| def in_text($p): ($cps | indices($p | explode) | length) > 0;
  def spans($p): ($p | explode | length) as $n | [$cps | indices($p | explode)[] | [., . + $n]];
  def quotes_with($p): [$o.quotes[] | select(.text | contains($p))];
  def line($st; $side; $must; $check; $detail):
    [$st, $side, $must, $art, $check, $detail] | join("\t");
  def need($p; $check; f):
    if ($p | length) == 0 then line("ERROR"; "pos"; ""; $check; "empty argument")
    elif in_text($p) then f
    else line("ERROR"; "pos"; ""; $check; "the phrase is not in the article (check spelling and quote marks)") end;

  $exp | split("\n") | map(select(length > 0 and (startswith("#") | not)) | split("\t"))
  | .[]
  | . as $f
  | ($f[0]) as $c
  | (if ($c | IN("not-speaker", "not-quote", "not-place", "unnamed")) and (($f[2] // "") | IN("", "must", "should") | not) then
      line("ERROR"; "pos"; ""; $c + " " + $f[1]; "the third column is must, should or nothing, not \"\($f[2])\"")
    elif $c == "said" then
      ($f[1]) as $p | ($f[2] // "") as $name | ($f[3] // "") as $kind
      | "said \"\($p)\" -> \($name) (\($kind))" as $check
      | need($p; $check;
          quotes_with($p) as $qs
          | [$qs[] | select(named)] as $named
          | [$named[] | select((.speaker.canonical | norm) as $n | ($name | alts | index($n)) != null)
                      | select($kind == "" or .speaker.kind == $kind)] as $right
          | if ($qs | length) == 0 then line("MISS"; "pos"; ""; $check; "no quote contains the phrase")
            elif ($right | length) > 0 and ($right | length) == ($named | length) then line("PASS"; "pos"; ""; $check; "")
            elif ($named | length) > 0 then line("WRONG"; "pos"; ""; $check; "got " + ([$named[] | who] | unique | join(", ")))
            else line("MISS"; "pos"; ""; $check; "quote found, speaker not named: " + ([$qs[] | who] | unique | join(", "))) end)
    elif $c == "same-speaker" then
      ($f[1]) as $p1 | ($f[2] // "") as $p2
      | "same-speaker \"\($p1)\" = \"\($p2)\"" as $check
      | need($p1; $check; need($p2; $check;
          [quotes_with($p1)[] | select(named) | .speaker.canonical | norm] as $a
          | [quotes_with($p2)[] | select(named) | .speaker.canonical | norm] as $b
          | if ($a | length) == 0 or ($b | length) == 0 then line("MISS"; "pos"; ""; $check; "a quote without a named speaker")
            elif ($a | unique) == ($b | unique) and ($a | unique | length) == 1 then line("PASS"; "pos"; ""; $check; "")
            else line("WRONG"; "pos"; ""; $check; "got \($a | unique | join(", ")) / \($b | unique | join(", "))") end))
    elif $c == "speakers" then
      ($f[1] // "" | split(";") | map(gsub("^\\s+|\\s+$"; "")) | map(select(length > 0))) as $want
      | ($set | map(norm)) as $have
      | ($want[] | . as $w
         | if ([$w | alts[] | . as $a | $have | index($a)] | map(select(. != null)) | length) > 0
           then line("PASS"; "pos"; ""; "speaker set has \($w)"; "")
           else line("MISS"; "pos"; ""; "speaker set has \($w)"; "set: " + ($set | join("; "))) end),
        ($set[] | . as $s
         | select(([$want[] | alts[]] | index($s | norm)) == null)
         | line("WRONG"; "extra"; ""; "speaker set has no \"\($s)\" beyond the expected"; "set: " + ($set | join("; "))))
    elif $c == "place" then
      ($f[1]) as $name
      | "place \($name)" as $check
      | if ([$o.places[] | select((.name | norm) == ($name | norm) or ($cps[.start:.end] | implode | norm) == ($name | norm))] | length) > 0
        then line("PASS"; "pos"; ""; $check; "")
        else line("MISS"; "pos"; ""; $check; "places: " + ([$o.places[].name] | unique | join(", "))) end
    elif $c == "not-speaker" then
      ($f[1]) as $name | ($f[2] // "") as $must
      | "not-speaker \($name)" as $check
      | [($set[] | select(norm == ($name | norm))),
         ($o.quotes[] | select(.speaker.kind != "unnamed" and (.speaker.canonical | norm) == ($name | norm)) | who)] as $bad
      | if ($bad | length) == 0 then line("PASS"; "neg"; $must; $check; "")
        else line("WRONG"; "neg"; $must; $check; "named as a speaker: " + ($bad | unique | join(", "))) end
    elif $c == "not-quote" then
      ($f[1]) as $p | ($f[2] // "") as $must
      | "not-quote \"\($p)\"" as $check
      | need($p; $check;
          quotes_with($p) as $qs
          | if ($qs | length) == 0 then line("PASS"; "neg"; $must; $check; "")
            else line("WRONG"; "neg"; $must; $check; "inside: \"" + ($qs[0].text | .[0:120]) + "\"") end)
    elif $c == "not-place" then
      ($f[1]) as $p | ($f[2] // "") as $must
      | "not-place \($p)" as $check
      | need($p; $check;
          spans($p) as $occ
          | [$o.places[] | . as $m | select(any($occ[]; .[0] < $m.end and $m.start < .[1]))] as $bad
          | if ($bad | length) == 0 then line("PASS"; "neg"; $must; $check; "")
            else line("WRONG"; "neg"; $must; $check; "tagged as place: " + ([$bad[] | "\(.name) [\(.start)-\(.end)]"] | join(", "))) end)
    elif $c == "unnamed" then
      ($f[1]) as $p | ($f[2] // "") as $must
      | "unnamed \"\($p)\"" as $check
      | need($p; $check;
          [quotes_with($p)[] | select(named)] as $bad
          | if ($bad | length) == 0 then line("PASS"; "neg"; $must; $check; "")
            else line("WRONG"; "neg"; $must; $check; "a name was invented: " + ([$bad[] | who] | unique | join(", "))) end)
    else line("ERROR"; "pos"; ""; $c; "unknown check (said, same-speaker, speakers, place, not-speaker, not-quote, not-place, unnamed)")
    end)
