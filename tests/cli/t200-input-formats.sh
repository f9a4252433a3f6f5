#!/usr/bin/env bash
# Input a newsroom has (issue 11): HTML pages (.html, and a saved page without
# an extension) read with libxml2's HTML parser -- title, date, source, body
# without furniture, entities decoded, the declared charset honoured -- and
# JSON Lines under any name (split output, .json), said in one notice per
# file, and a .json array of articles. Before this, an HTML page was indexed
# raw (its title "<!DOCTYPE html>", quotes ending in "&rdquo;</p") and a
# JSON Lines file without .jsonl was ONE text article with its JSON as title.
. "$(dirname "$0")/lib.sh"
require whosaid-index whosaid whosaid-extract

IN=$TMP/in
DB=$TMP/db
mkdir -p "$IN/saved"
cp "$FIXTURES"/html/*.html "$IN/"
cp "$FIXTURES/html/plain_page.html" "$IN/saved/council-page"   # a page saved without extension
# A feed cut by split(1): pieces without an extension.
{
  k=0
  for who in "Mayor Alba Ruiz" "Minister Ken Ode" "Judge Ruth Amsel" "Coach Pia Lund" "Chief Omar Hale"; do
    k=$((k + 1))
    printf '{"id":"feed-%s","title":"Feed story %s","body":"%s said on Friday that \\"the bridge will reopen in spring,\\" adding that work had gone well.","date":"2025-10-0%s","source":"Feed Wire"}\n' "$k" "$k" "$who" "$k"
  done
} >"$TMP/feed.jsonl"
split -l 3 "$TMP/feed.jsonl" "$IN/feed.part-"
# JSON Lines named .json, one line with an HTML body.
cat >"$IN/lines.json" <<'JSON'
{"id":"lines-1","title":"Lines story one","body":"<p>&ldquo;We are ready,&rdquo; said coach Ilse Brandt.</p><p>The match is on Sunday.</p>"}
{"id":"lines-2","title":"Lines story two","body":"Plain text, no markup."}
JSON
# A newsroom export: one .json file holding an array of articles.
cat >"$IN/export.json" <<'JSON'
[
  {"id": "export-1", "title": "Export story one", "body": "First exported story.",
   "date": "2025-09-30"},
  {"id": "export-2", "title": "Export story two", "body": "Second exported story.",
   "html": "<html><head><meta property='og:site_name' content='Export Daily'></head></html>"}
]
JSON
X() { "$BIN/whosaid-index" --db "$DB" "$@"; }
S() { "$BIN/whosaid" --db "$DB" --json --limit 100 "$@"; }

run index X "$IN"
equals "index: exit 0 (nothing skipped)" 0 "$(code_of index)"
equals "index: 13 articles (3 .html, 1 saved page, 5 split lines, 2 + 2 .json)" 13 "$(article_count "$DB")"
notices=$(grep -c 'recognised by content' "$TMP/run/index.err")
equals "index: one notice per file read by content (2 pieces, lines.json, the saved page)" 4 "$notices"
ok "index: notice for a split piece" grep -qxF "whosaid-index: reading $IN/feed.part-aa as JSON Lines (recognised by content)" "$TMP/run/index.err"
ok "index: notice for .json holding JSON Lines" grep -qxF "whosaid-index: reading $IN/lines.json as JSON Lines (recognised by content)" "$TMP/run/index.err"
ok "index: notice for a page without extension" grep -qxF "whosaid-index: reading $IN/saved/council-page as HTML (recognised by content)" "$TMP/run/index.err"
not_ok "index: no warning" grep -q 'warning' "$TMP/run/index.err"

run quiet "$BIN/whosaid-index" --db "$TMP/db-quiet" --quiet "$IN"
equals "--quiet: nothing on stderr (notices hidden)" "" "$(err_of quiet)"
equals "--quiet: exit 0" 0 "$(code_of quiet)"

run all S --facet source ''
titles=$(jq -r '.hits[].title' "$TMP/run/all.out" | sort)
expected=$(printf '%s\n' \
  "Café owners protest “unfair” rent rise" \
  "Council approves new cycle lanes" \
  "Council approves new cycle lanes" \
  "Dockers vow to keep harbour shut as talks stall" \
  "Export story one" "Export story two" \
  "Feed story 1" "Feed story 2" "Feed story 3" "Feed story 4" "Feed story 5" \
  "Lines story one" "Lines story two" | sort)
same_list "every title is the article's own (no markup, no JSON)" "$expected" "$titles"
jqok all "each of the 5 feed lines is an article with its one speaker (JSON read as text: one article, many)" \
  '[.hits[] | select(.id | startswith("feed-"))] | length == 5 and all(.[]; (.speakers | length) == 1)'

run harbour S 'title:dockers'
jqok harbour "HTML: date from article:published_time, source from og:site_name, url from og:url" \
  '.hits[0].date == "2025-11-18" and .hits[0].source == "The Coastal Ledger" and .hits[0].url == "https://ledger.example/2025/11/dockers-vow"'
for word in ldquo rdquo script dataLayer advert figcaption newsletter sidebar footer comments; do
  run "no-$word" S "$word"
  equals "HTML: '$word' (entity or furniture) is not indexed" 0 "$(jq '.total.estimate' "$TMP/run/no-$word.out")"
done
run penhallow S '"we will not stop until they come back to the table"'
equals "HTML: the quote's words are found as a phrase" 1 "$(jq '.total.estimate' "$TMP/run/penhallow.out")"
run cafe S 'caf*'
jqok cafe "windows-1252 page: the title decoded" \
  '[.hits[].title] | index("Café owners protest “unfair” rent rise") != null'

run quotes "$BIN/whosaid" --db "$DB" --json --quotes --limit 100 --facet speaker ''
jqok quotes "quotes from HTML read as clean text (no entities, no tags)" \
  '(.hits | length) > 0 and all(.hits[]; (.text | test("&[a-z]+;|</?[a-z]") | not))'
jqok quotes "the harbour quote, clean, said by Jory Penhallow" \
  'any(.hits[]; .speaker == "Jory Penhallow" and (.text | startswith("We will not stop until they come back to the table")))'
jqok quotes "a quote from an HTML body in JSON Lines" \
  'any(.hits[]; .article == "lines-1" and (.text | startswith("We are ready")))'

run export S 'title:export'
jqok export ".json array: both articles, fields from JSON and from its html" \
  '.total.estimate == 2 and ([.hits[] | select(.id == "export-2") | .source] == ["Export Daily"]) and ([.hits[] | select(.id == "export-1") | .date] == ["2025-09-30"])'

run extract "$BIN/whosaid-extract" --json "$IN/harbour_strike.html"
jqok extract "whosaid-extract reads HTML: clean title and quote" \
  '.title == "Dockers vow to keep harbour shut as talks stall" and any(.quotes[]; .speaker.canonical == "Jory Penhallow" and (.text | test("&|<") | not))'
run extract-piece "$BIN/whosaid-extract" --json "$IN/feed.part-ab"
equals "whosaid-extract: a split piece is JSON Lines too (2 articles)" 2 "$(grep -c . "$TMP/run/extract-piece.out")"
ok "whosaid-extract: says so" grep -qxF "whosaid-extract: reading $IN/feed.part-ab as JSON Lines (recognised by content)" "$TMP/run/extract-piece.err"

# A pipe cannot be rewound: what was read to recognise it is read again.
run pipes "$BIN/whosaid-index" --db "$TMP/db-pipes" --no-extract <(cat "$TMP/feed.jsonl") <(cat "$FIXTURES/html/harbour_strike.html")
equals "pipes: exit 0" 0 "$(code_of pipes)"
equals "pipes: 5 feed lines and the page" 6 "$(article_count "$TMP/db-pipes")"
run pipes-title "$BIN/whosaid" --db "$TMP/db-pipes" --json 'title:dockers OR title:feed'
jqok pipes-title "pipes: titles read whole (the page's first bytes were not lost)" \
  '.total.estimate == 6 and any(.hits[]; .title == "Dockers vow to keep harbour shut as talks stall")'

# A bad element of a JSON array is named FILE[N] (from 0), the others indexed.
printf '[{"id":"ok-1","title":"Good element"},\n {"id":"bad","title":5},\n {"id":"ok-2","body":"<p>Also good.</p>"}]\n' >"$TMP/bad.json"
run bad-json "$BIN/whosaid-index" --db "$TMP/db-bad" "$TMP/bad.json"
equals "bad .json element: exit 3 (input skipped)" 3 "$(code_of bad-json)"
ok "bad .json element: named FILE[1] in the warning" grep -qxF "whosaid-index: warning: $TMP/bad.json[1]: field \"title\" must be a string, not number" "$TMP/run/bad-json.err"
equals "bad .json element: the other two indexed" 2 "$(article_count "$TMP/db-bad")"

run again X --json "$IN"
jqok again "indexing again: every article unchanged" '.unchanged == 13 and .built == 0'

finish
