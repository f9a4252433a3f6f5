// The HTML reader (indexer/read_html.h): metadata from a realistic news page,
// the body without page furniture, entities, charsets, fragments, and pages
// without an <article>. Fixtures: tests/fixtures/html/ (written by us).
#include "indexer/read_html.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/analysis.h"

using whosaid::HtmlPage;
using whosaid::InputIssue;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(WHOSAID_FIXTURES) + "/html/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("html: a news page's title, date, source and url", "[read_html]") {
  HtmlPage p = whosaid::parse_html(fixture("harbour_strike.html"));
  CHECK(p.title == "Dockers vow to keep harbour shut as talks stall");  // og:title
  CHECK(p.date == "2025-11-18");            // article:published_time, not JSON-LD's
  CHECK(p.source == "The Coastal Ledger");  // og:site_name
  CHECK(p.url == "https://ledger.example/2025/11/dockers-vow");  // og:url
  CHECK(p.bad_date.empty());
  CHECK_FALSE(p.encoding_guessed);
}

TEST_CASE("html: the body is the article's paragraphs, without page furniture", "[read_html]") {
  HtmlPage p = whosaid::parse_html(fixture("harbour_strike.html"));
  std::vector<std::string> expected = {
      "Dock workers at Port Kerrow said on Monday they would keep the harbour closed until the "
      "operator reopened pay talks, a week into a strike that has stranded forty ships.",
      "\xE2\x80\x9CWe will not stop until they come back to the table,\xE2\x80\x9D said Jory "
      "Penhallow, the union\xE2\x80\x99s branch secretary. \xE2\x80\x9CNot for a day, not for an "
      "hour.\xE2\x80\x9D",
      "Ships wait offshore",
      "Tamsin Rowe, the harbour master, said the backlog would take \xE2\x80\x9Cweeks, not "
      "days\xE2\x80\x9D to clear once work resumed. Fish & chips shops on the quay have closed "
      "early.",
      "\xE2\x80\x9CThe operator has made its final offer,\xE2\x80\x9D the company said in a "
      "statement.",
      "Talks are due to resume on Thursday morning.",
  };
  CHECK(p.paragraphs == expected);
  std::string body = p.body();
  // Every piece of furniture in the fixture is marked with "... TEXT".
  CHECK_FALSE(contains(body, "TEXT"));
  CHECK_FALSE(contains(body,
                       "&"
                       "ldquo;"));
  CHECK_FALSE(contains(body, "<"));
  CHECK_FALSE(contains(body, "Skip to content"));
  CHECK_FALSE(contains(body, "Morwenna"));  // the byline, in the article's <header>
  CHECK(contains(body, "\n\n"));
}

TEST_CASE("html: the article of a page", "[read_html]") {
  whosaid::TextArticle t =
      whosaid::parse_html_article(fixture("harbour_strike.html"), "in/harbour_strike.html");
  const whosaid::Article& a = t.article;
  CHECK(a.title == "Dockers vow to keep harbour shut as talks stall");
  CHECK(a.date == "2025-11-18");
  CHECK(a.source == "The Coastal Ledger");
  CHECK(a.body.starts_with("Dock workers at Port Kerrow"));
  CHECK(a.text == a.title + "\n\n" + a.body);
  CHECK(a.origin == "in/harbour_strike.html");
  CHECK(a.id.empty());
  CHECK(t.notes.empty());
}

TEST_CASE("html: a page without <article>: <title> minus the site, <time> text, <p>s of the body",
          "[read_html]") {
  HtmlPage p = whosaid::parse_html(fixture("plain_page.html"));
  // " | Valley Post" goes: what is left is the page's <h1>.
  CHECK(p.title == "Council approves new cycle lanes");
  CHECK(p.date == "2024-03-03");
  CHECK(p.source.empty());
  std::vector<std::string> expected = {
      "The town council voted 9 to 4 on Tuesday to build cycle lanes on the high street.",
      "\"This is a good day for everyone who walks or cycles,\" said councillor Ana Ferreira.",
      "Work starts in May."};
  CHECK(p.paragraphs == expected);  // no menu, no list, no repeated headline
}

TEST_CASE("html: the declared charset is honoured (windows-1252)", "[read_html]") {
  std::string bytes = fixture("cp1252.html");
  REQUIRE_FALSE(whosaid::is_valid_utf8(bytes));
  HtmlPage p = whosaid::parse_html(bytes);
  CHECK(p.title == "Caf\xC3\xA9 owners protest \xE2\x80\x9Cunfair\xE2\x80\x9D rent rise");
  REQUIRE(p.paragraphs.size() == 2);
  CHECK(p.paragraphs[0] ==
        "\xE2\x80\x9CWe cannot pay this,\xE2\x80\x9D said Ren\xC3\xA9"
        "e Dubois, who runs a caf\xC3\xA9 near the market \xE2\x80\x93 one of 30 to close.");
  CHECK_FALSE(p.encoding_guessed);
  CHECK(whosaid::is_valid_utf8(p.body()));
}

// Regression test for a fuzz_html finding: a page declaring UTF-8 whose
// bytes are not (a quotation mark cut short) gave a paragraph of invalid UTF-8.
TEST_CASE("html: a page declared UTF-8 with bytes that are not gives UTF-8", "[read_html]") {
  HtmlPage p = whosaid::parse_html(
      "<html><head><meta charset=\"utf-8\"><title>Talks \xE2\x80 stall</title></head>"
      "<body><article><p>\xE2\x80\x9CWe will not stop,\xE2\x80 said Jory Penhallow, "
      "\xE9 caf\xC3\xA9.</p></article></body></html>");
  REQUIRE(p.paragraphs.size() == 1);
  CHECK(whosaid::is_valid_utf8(p.title));
  CHECK(whosaid::is_valid_utf8(p.paragraphs[0]));
  CHECK(p.paragraphs[0].starts_with("\xE2\x80\x9CWe will not stop,"));
  CHECK(p.paragraphs[0].find("caf\xC3\xA9.") != std::string::npos);
}

TEST_CASE("html: undeclared bytes: UTF-8 as UTF-8, else Windows-1252 with a note", "[read_html]") {
  HtmlPage u = whosaid::parse_html(
      "<html><head><title>Caf\xC3\xA9 \xE2\x80\x9Cnews\xE2\x80\x9D</title></head>"
      "<body><p>Na\xC3\xAFve</p></body></html>");
  CHECK(u.title == "Caf\xC3\xA9 \xE2\x80\x9Cnews\xE2\x80\x9D");
  CHECK(u.paragraphs == std::vector<std::string>{"Na\xC3\xAFve"});
  CHECK_FALSE(u.encoding_guessed);

  std::string cp1252 =
      "<html><head><title>Caf\xE9 \x93news\x94</title></head><body><p>Na\xEFve</p></body></html>";
  whosaid::TextArticle t = whosaid::parse_html_article(cp1252, "x.html");
  CHECK(t.article.title == "Caf\xC3\xA9 \xE2\x80\x9Cnews\xE2\x80\x9D");
  CHECK(t.article.body == "Na\xC3\xAFve");
  REQUIRE(t.notes.size() == 1);
  CHECK(t.notes[0].kind == InputIssue::Kind::kRepaired);
}

TEST_CASE("html: title fallbacks and safe suffix removal", "[read_html]") {
  // A suffix that is neither the site name nor around the <h1> stays.
  CHECK(whosaid::parse_html("<title>Strikes - what next</title><p>x</p>").title ==
        "Strikes - what next");
  CHECK(whosaid::parse_html("<head><meta property=og:site_name content='Daily Bugle'>"
                            "<title>Strikes spread | Daily Bugle</title></head><p>x</p>")
            .title == "Strikes spread");
  CHECK(whosaid::parse_html("<head><meta property=og:site_name content='Daily Bugle'>"
                            "<title>DAILY BUGLE - Strikes spread</title></head><p>x</p>")
            .title == "Strikes spread");
  // No <title>: JSON-LD headline, else the article's <h1>.
  CHECK(whosaid::parse_html("<script type='application/ld+json'>{\"@graph\":[{\"headline\":"
                            "\"From LD\",\"datePublished\":\"2024-02-29\"}]}</script><p>x</p>")
            .title == "From LD");
  HtmlPage h = whosaid::parse_html(
      "<body><h1>Site</h1><article><h1>The headline</h1><p>Text.</p></article></body>");
  CHECK(h.title == "The headline");
  CHECK(h.paragraphs == std::vector<std::string>{"Text."});
}

TEST_CASE("html: source from JSON-LD's publisher, url from the canonical link", "[read_html]") {
  HtmlPage p = whosaid::parse_html(
      "<head><link rel='canonical' href=' https://n.example/a '>"
      "<script type='application/ld+json'>[{\"@type\":\"NewsArticle\",\"publisher\":"
      "{\"@type\":\"Organization\",\"name\":\"North News\"}}]</script>"
      "<title>Floods recede - North News</title></head><p>x</p>");
  CHECK(p.source == "North News");
  CHECK(p.url == "https://n.example/a");
  CHECK(p.title == "Floods recede");  // the suffix is the publisher's name
}

TEST_CASE("html: dates from <time>, JSON-LD, other metas; an unreadable one is kept aside",
          "[read_html]") {
  CHECK(whosaid::parse_html("<article><time datetime='2023-07-01T10:00'>July</time><p>x</p>"
                            "</article>")
            .date == "2023-07-01");
  CHECK(whosaid::parse_html("<script type='application/ld+json'>{\"datePublished\":"
                            "\"2024-02-29T08:00:00Z\"}</script><p>x</p>")
            .date == "2024-02-29");
  CHECK(whosaid::parse_html("<meta name='pubdate' content='20 Nov 2025'><p>x</p>").date ==
        "2025-11-20");
  HtmlPage bad =
      whosaid::parse_html("<meta property='article:published_time' content='yesterday'><p>x</p>");
  CHECK(bad.date.empty());
  CHECK(bad.bad_date == "yesterday");
  whosaid::TextArticle t = whosaid::parse_html_article(
      "<meta property='article:published_time' content='yesterday'><title>T</title><p>x</p>",
      "y.html");
  REQUIRE(t.notes.size() == 1);
  CHECK(t.notes[0].kind == InputIssue::Kind::kNote);
  CHECK(t.notes[0].message == "unrecognised date 'yesterday' ignored");
}

TEST_CASE("html: fragments, <br>, whitespace, hidden and ad elements", "[read_html]") {
  HtmlPage f = whosaid::parse_html(
      "<p>One   &amp;\n two</p><div>Three<br>Four</div><p hidden>H1</p>"
      "<p aria-hidden='true'>H2</p><p style='display: none'>H3</p><div class='ad'>H4</div>"
      "<p class='advert-box'>H5</p><p class='leading'>Five &eacute;&#233;&#x2019;</p>");
  CHECK(f.paragraphs == std::vector<std::string>{"One & two", "Three", "Four",
                                                 "Five \xC3\xA9\xC3\xA9\xE2\x80\x99"});
  // A fragment without <p>: its text blocks.
  HtmlPage g = whosaid::parse_html("Plain words<br>and <b>more</b><div>Block</div>");
  CHECK(g.paragraphs == std::vector<std::string>{"Plain words", "and more", "Block"});
  CHECK(whosaid::parse_html("").paragraphs.empty());
  CHECK(whosaid::parse_html("<html><body></body></html>").paragraphs.empty());
  CHECK_THROWS_AS(whosaid::parse_html_article("<html><body><script>x</script></body></html>", "z"),
                  whosaid::BadInput);
}

TEST_CASE("html: class names that describe the page do not hide its content", "[read_html]") {
  // WordPress-style classes on body and article, and on the content root.
  HtmlPage p = whosaid::parse_html(
      "<!DOCTYPE html><html class='has-ads'><body class='single comments-open'>"
      "<article class='post tag-social-media category-share'><div class='entry'>"
      "<p>Kept one.</p><div class='share-buttons'>Share</div>"
      "<p class='tag-related-news'>Kept two.</p><div id='comments'>Gone.</div></div>"
      "</article></body></html>");
  CHECK(p.paragraphs == std::vector<std::string>{"Kept one.", "Kept two."});
  HtmlPage q = whosaid::parse_html(
      "<div itemprop='articleBody' class='story-share-enabled'><p>Root kept.</p></div>"
      "<p>Outside.</p>");
  CHECK(q.paragraphs == std::vector<std::string>{"Root kept."});
}

TEST_CASE("html: deep nesting is walked without recursion", "[read_html]") {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  deep += "<p>Deep text.</p>";
  HtmlPage p = whosaid::parse_html("<title>Deep</title>" + deep);
  CHECK(p.title == "Deep");
  // JSON-LD nested deeper than 64 levels is not read (nor parsed).
  std::string ld = std::string(100000, '[') + std::string(100000, ']');
  HtmlPage j = whosaid::parse_html("<script type='application/ld+json'>" + ld +
                                   "</script><p>Still read.</p>");
  CHECK(j.paragraphs == std::vector<std::string>{"Still read."});
  // Brackets inside a JSON-LD string are text, not nesting: that block is read.
  HtmlPage s = whosaid::parse_html("<script type='application/ld+json'>{\"headline\":\"" +
                                   std::string(100, '[') +
                                   "\",\"datePublished\":\"2024-02-29\"}"
                                   "</script><p>x</p>");
  CHECK(s.date == "2024-02-29");
  // libxml2 caps the depth of its tree; whatever it keeps is read safely.
  CHECK(p.paragraphs.size() <= 1);
}

TEST_CASE("html: what looks like HTML", "[read_html]") {
  CHECK(whosaid::looks_like_html_document("<!DOCTYPE html><html>"));
  CHECK(whosaid::looks_like_html_document("\xEF\xBB\xBF\n  <!doctype HTML>"));
  CHECK(whosaid::looks_like_html_document("<!-- saved page -->\n<HTML lang=en>"));
  CHECK(whosaid::looks_like_html_document("<html>"));
  CHECK_FALSE(whosaid::looks_like_html_document("<htmlx>"));
  CHECK_FALSE(whosaid::looks_like_html_document("Title\n\n<html> is a language"));
  CHECK_FALSE(whosaid::looks_like_html_document("{\"title\":\"<html>\"}"));

  CHECK(whosaid::looks_like_html_fragment("<p>Text</p>"));
  CHECK(whosaid::looks_like_html_fragment("Line one<br/>line two"));
  CHECK(whosaid::looks_like_html_fragment("a <EM>b</EM>"));
  CHECK(whosaid::looks_like_html_fragment("<!DOCTYPE html><title>x</title>"));
  CHECK_FALSE(whosaid::looks_like_html_fragment("if a < b and b > c"));
  CHECK_FALSE(whosaid::looks_like_html_fragment("He said <unintelligible> twice"));
  CHECK_FALSE(whosaid::looks_like_html_fragment("x<p"));
  CHECK_FALSE(whosaid::looks_like_html_fragment("if a<b and c > d"));
  CHECK(whosaid::looks_like_html_fragment("<a href=\"https://x.example\">link</a>"));
  CHECK(whosaid::looks_like_html_fragment("<p hidden>x"));
  CHECK(whosaid::looks_like_html_fragment("one<br />two"));

  CHECK(whosaid::is_html_name("a/story.HTML"));
  CHECK(whosaid::is_html_name("story.htm"));
  CHECK_FALSE(whosaid::is_html_name("story.txt"));
}
