// The JSON Lines reader (indexer/read_jsonl.h): good lines, every kind of bad
// line reported with its line number, and the lines after a bad one read.
#include "indexer/read_jsonl.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/analysis.h"

using whosaid::Article;
using whosaid::BadInput;
using whosaid::InputIssue;
using whosaid::JsonlReader;

namespace {

std::vector<Article> read_all(const std::string& text, std::vector<InputIssue>& issues) {
  std::istringstream in(text);
  JsonlReader reader(in, "feed.jsonl");
  std::vector<Article> out;
  while (auto a = reader.next(issues)) out.push_back(std::move(*a));
  return out;
}

std::string reason_of(const std::string& line) {
  try {
    whosaid::parse_jsonl_line(line, "f:1");
  } catch (const BadInput& e) {
    return e.reason();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("jsonl: every field of a good line", "[read_jsonl]") {
  std::string note;
  Article a = whosaid::parse_jsonl_line(
      R"({"id":"r-1","title":"Rubio in Geneva","body":"Rubio said talks went well.",)"
      R"("date":"2025-11-23T18:00:00Z","source":"Reuters","url":"https://x.org/1",)"
      R"("speakers":["Marco Rubio"],"places":["Geneva","Kyiv"],"countries":["ch","UA"],)"
      R"("extra":{"ignored":true}})",
      "feed.jsonl:7", &note);
  CHECK(a.id == "r-1");
  CHECK(a.title == "Rubio in Geneva");
  CHECK(a.body == "Rubio said talks went well.");
  CHECK(a.text == a.body);  // extraction spans refer to the body
  CHECK(a.date == "2025-11-23");
  CHECK(a.source == "Reuters");
  CHECK(a.url == "https://x.org/1");
  CHECK(a.speakers == std::vector<std::string>{"Marco Rubio"});
  CHECK(a.places == std::vector<std::string>{"Geneva", "Kyiv"});
  CHECK(a.countries == std::vector<std::string>{"CH", "UA"});
  CHECK(a.origin == "feed.jsonl:7");
  CHECK(note.empty());
}

TEST_CASE("jsonl: speakers as names or as {name, kind} objects", "[read_jsonl]") {
  Article a = whosaid::parse_jsonl_line(
      R"({"title":"t","speakers":["Marco Rubio",{"name":"Pentagon","kind":"organization"},)"
      R"({"name":"Kaja Kallas","kind":"person"},""]})",
      "f:1");
  CHECK(a.speakers == std::vector<std::string>{"Marco Rubio", "Pentagon", "Kaja Kallas"});
  CHECK(a.speaker_kinds == std::vector<std::string>{"", "organization", "person"});
  CHECK(whosaid::speaker_kind(a, 0) == "person");  // a plain name: a person
  CHECK(whosaid::speaker_kind(a, 1) == "organization");
  for (const char* bad : {R"({"title":"t","speakers":[{"name":"X"}]})",
                          R"({"title":"t","speakers":[{"name":"X","kind":"unnamed"}]})",
                          R"({"title":"t","speakers":[{"name":"X","kind":"place"}]})",
                          R"({"title":"t","speakers":[3]})"}) {
    INFO(bad);
    CHECK(reason_of(bad) == "bad field");
  }
  try {
    whosaid::parse_jsonl_line(R"({"title":"t","speakers":[{"name":"X","kind":"place"}]})", "f:1");
  } catch (const BadInput& e) {
    CHECK(std::string(e.what()).find("\"kind\": \"person\"|\"organization\"") != std::string::npos);
    CHECK(std::string(e.what()).find("\"place\"") != std::string::npos);
  }
}

TEST_CASE("jsonl: numeric ids, nulls, title or body alone, unreadable dates", "[read_jsonl]") {
  CHECK(whosaid::parse_jsonl_line(R"({"id":42,"title":"T"})", "f:1").id == "42");
  Article a = whosaid::parse_jsonl_line(
      R"({"id":null,"title":null,"body":"Only a body.","speakers":null})", "f:1");
  CHECK(a.id.empty());
  CHECK(a.title.empty());
  CHECK(a.body == "Only a body.");
  std::string note;
  Article b = whosaid::parse_jsonl_line(R"({"title":"T","date":"someday"})", "f:1", &note);
  CHECK(b.date.empty());
  CHECK(note == "unrecognised date 'someday' ignored");
}

TEST_CASE("jsonl: each kind of bad line", "[read_jsonl]") {
  CHECK(reason_of(R"({"title": "cut off)") == "bad json");
  CHECK(reason_of(R"({"title": "a"} trailing)") == "bad json");
  CHECK(reason_of(R"(["title", "body"])") == "not an object");
  CHECK(reason_of(R"("just a string")") == "not an object");
  CHECK(reason_of(R"({"title": 5})") == "bad field");
  CHECK(reason_of(R"({"title": "t", "id": 1.5})") == "bad field");
  CHECK(reason_of(R"({"title": "t", "id": true})") == "bad field");
  CHECK(reason_of(R"({"title": "t", "speakers": "Rubio"})") == "bad field");
  CHECK(reason_of(R"({"title": "t", "places": ["Kyiv", 3]})") == "bad field");
  CHECK(reason_of(R"({"title": "t", "date": 20251120})") == "bad field");
  CHECK(reason_of("{\"title\": \"caf\xE9\"}") == "bad utf-8");
  CHECK(reason_of(R"({"id": "x"})") == "no text");
  CHECK(reason_of(R"({"title": "  ", "body": ""})") == "no text");
}

TEST_CASE("jsonl: bad lines are reported with their line number, the rest is read",
          "[read_jsonl]") {
  std::vector<InputIssue> issues;
  auto articles = read_all(
      "{\"id\":\"a\",\"title\":\"First\"}\n"                   // 1
      "{\"title\": \"cut off\n"                                // 2 bad json
      "\n"                                                     // 3 blank: ignored
      "   \r\n"                                                // 4 blank: ignored
      "{\"id\":\"b\",\"title\":\"Second\"}\r\n"                // 5 CRLF
      "[1,2]\n"                                                // 6 not an object
      "{\"title\":5}\n"                                        // 7 bad field
      "{\"title\":\"caf\xE9\"}\n"                              // 8 bad utf-8
      "{\"id\":\"c\",\"title\":\"Third\",\"date\":\"soon\"}",  // 9, no final newline
      issues);
  REQUIRE(articles.size() == 3);
  CHECK(articles[0].id == "a");
  CHECK(articles[1].id == "b");
  CHECK(articles[1].title == "Second");
  CHECK(articles[2].id == "c");
  CHECK(articles[2].origin == "feed.jsonl:9");
  CHECK(articles[2].path == "feed.jsonl");

  REQUIRE(issues.size() == 5);
  struct Expected {
    const char* where;
    const char* reason;
    InputIssue::Kind kind;
  };
  const Expected expected[] = {
      {"feed.jsonl:2", "bad json", InputIssue::Kind::kSkipped},
      {"feed.jsonl:6", "not an object", InputIssue::Kind::kSkipped},
      {"feed.jsonl:7", "bad field", InputIssue::Kind::kSkipped},
      {"feed.jsonl:8", "bad utf-8", InputIssue::Kind::kSkipped},
      {"feed.jsonl:9", "bad date", InputIssue::Kind::kNote},
  };
  for (std::size_t i = 0; i < issues.size(); ++i) {
    INFO(issues[i].where << ": " << issues[i].message);
    CHECK(issues[i].where == expected[i].where);
    CHECK(issues[i].reason == expected[i].reason);
    CHECK(issues[i].kind == expected[i].kind);
  }
  CHECK(issues[1].message == "not a JSON object but array");
  CHECK(issues[2].message == "field \"title\" must be a string, not number");
  CHECK(issues[3].message == "not valid UTF-8");
}

TEST_CASE("jsonl: a byte-order mark on the first line is ignored", "[read_jsonl]") {
  std::vector<InputIssue> issues;
  auto articles = read_all("\xEF\xBB\xBF{\"title\":\"T\"}\n", issues);
  CHECK(articles.size() == 1);
  CHECK(issues.empty());
}

TEST_CASE("jsonl: a line over the limit is skipped whole, the next lines are read",
          "[read_jsonl]") {
  std::vector<InputIssue> issues;
  // The huge line spans many of the reader's chunks, and the limit lands
  // inside one of them; a line of exactly the limit is still read.
  std::string huge = "{\"title\":\"" + std::string(whosaid::kMaxJsonlLineBytes, 'x') + "\"}";
  std::string at_limit =
      "{\"title\":\"" + std::string(whosaid::kMaxJsonlLineBytes - 14, 'y') + "\"}";
  REQUIRE(at_limit.size() == whosaid::kMaxJsonlLineBytes - 2);
  auto articles = read_all("{\"id\":\"a\",\"title\":\"First\"}\n" + huge + "\n" + at_limit +
                               "\n{\"id\":\"b\",\"title\":\"Last\"}\n" + huge,
                           issues);
  REQUIRE(articles.size() == 3);
  CHECK(articles[0].id == "a");
  CHECK(articles[1].title.size() == whosaid::kMaxJsonlLineBytes - 14);
  CHECK(articles[2].id == "b");
  CHECK(articles[2].origin == "feed.jsonl:4");
  REQUIRE(issues.size() == 2);
  CHECK(issues[0].where == "feed.jsonl:2");
  CHECK(issues[0].reason == "too large");
  CHECK(issues[0].message == "line longer than 16 MiB: not an article");
  CHECK(issues[1].where == "feed.jsonl:5");  // the last line, without a newline
}

TEST_CASE("jsonl: lines of exactly the reader's chunk size and around it", "[read_jsonl]") {
  // Titles that make lines of 65534, 65535 and 65536 bytes: the reader's
  // 64 KiB chunk boundary falls on, just before and just after the newline.
  for (std::size_t len : {65534u, 65535u, 65536u, 131071u}) {
    std::string line = "{\"title\":\"" + std::string(len - 12, 't') + "\"}";
    REQUIRE(line.size() == len);
    std::vector<InputIssue> issues;
    auto articles = read_all(line + "\n" + line + "\n{\"title\":\"end\"}", issues);
    INFO("line length " << len);
    CHECK(issues.empty());
    REQUIRE(articles.size() == 3);
    CHECK(articles[0].title.size() == len - 12);
    CHECK(articles[1].title.size() == len - 12);
    CHECK(articles[2].title == "end");
    CHECK(articles[2].origin == "feed.jsonl:3");
  }
}

TEST_CASE("jsonl: nesting deeper than the limit is refused before parsing", "[read_jsonl]") {
  auto nested = [](std::size_t depth) {
    return "{\"title\":\"t\",\"x\":" + std::string(depth - 1, '[') + std::string(depth - 1, ']') +
           "}";
  };
  CHECK(reason_of(nested(whosaid::kMaxJsonDepth)) == "accepted");
  CHECK(reason_of(nested(whosaid::kMaxJsonDepth + 1)) == "too deep");
  CHECK(reason_of(std::string(1000000, '[')) == "too deep");
  // Brackets inside strings do not count.
  CHECK(reason_of("{\"title\":\"" + std::string(1000, '[') + "\\\"" + std::string(1000, '{') +
                  "\"}") == "accepted");
}

TEST_CASE("jsonl: each article comes with the hash of its raw line", "[read_jsonl]") {
  std::istringstream in("{\"title\":\"A\"}\n\n{\"title\": \"A\"}\n");
  JsonlReader reader(in, "f");
  std::vector<InputIssue> issues;
  std::string h1, h2;
  REQUIRE(reader.next(issues, &h1));
  REQUIRE(reader.next(issues, &h2));
  CHECK(h1 == whosaid::hash_hex("{\"title\":\"A\"}"));
  CHECK(h2 == whosaid::hash_hex("{\"title\": \"A\"}"));  // same article, other bytes
}

TEST_CASE("jsonl: a body that is HTML is read as HTML", "[read_jsonl]") {
  Article a = whosaid::parse_jsonl_line(
      R"({"id":"h1","title":"Harbour shut","body":"<p>&ldquo;We will not stop,&rdquo; said )"
      R"(Jory Penhallow.</p>\n<script>var x;</script><p>Talks &amp; more talks.</p>"})",
      "feed.jsonl:1");
  CHECK(a.title == "Harbour shut");
  CHECK(a.body ==
        "\xE2\x80\x9CWe will not stop,\xE2\x80\x9D said Jory Penhallow.\n\nTalks & more talks.");
  CHECK(a.text == a.body);
  // A body of plain-text paragraphs with some inline markup keeps its
  // paragraphs.
  Article m = whosaid::parse_jsonl_line(
      R"({"title":"T","body":"First, with <a href=\"/x\">a link</a>.\n\nSecond,\nsame paragraph.\n \nThird."})",
      "feed.jsonl:2");
  CHECK(m.body == "First, with a link.\n\nSecond, same paragraph.\n\nThird.");
  // A plain body with a "<" is not HTML.
  Article p = whosaid::parse_jsonl_line(R"({"title":"Maths","body":"if a<b and c > d, <ok>"})",
                                        "feed.jsonl:2");
  CHECK(p.body == "if a<b and c > d, <ok>");
}

TEST_CASE("jsonl: an html field gives the body and the fields the line leaves out",
          "[read_jsonl]") {
  std::string note;
  Article a = whosaid::parse_jsonl_line(
      R"({"id":"h2","source":"Wire","html":"<html><head><title>Page title</title>)"
      R"(<meta property='og:site_name' content='Ledger'><meta property='og:url' content='https://l.example/1'>)"
      R"(<meta property='article:published_time' content='2025-11-18T07:45:00Z'></head>)"
      R"(<body><nav>Menu</nav><article><p>First.</p><p>Second.</p></article></body></html>"})",
      "feed.jsonl:3", &note);
  CHECK(a.title == "Page title");
  CHECK(a.body == "First.\n\nSecond.");
  CHECK(a.source == "Wire");  // the line's own field wins
  CHECK(a.url == "https://l.example/1");
  CHECK(a.date == "2025-11-18");
  CHECK(note.empty());
  // A plain-text body wins over the page's text; a date given wins too.
  Article b = whosaid::parse_jsonl_line(
      R"({"title":"T","body":"Plain body.","date":"2024-01-01","html":"<p>Page text.</p>)"
      R"(<time datetime='2025-01-01'>x</time>"})",
      "feed.jsonl:4");
  CHECK(b.body == "Plain body.");
  CHECK(b.date == "2024-01-01");
  // An html field alone is enough; one without text is not.
  CHECK(whosaid::parse_jsonl_line(R"({"html":"<p>Only text.</p>"})", "f:5").body == "Only text.");
  CHECK(reason_of(R"({"html":"<script>x</script>"})") == "no text");
  CHECK(reason_of(R"({"title":"T","html":5})") == "bad field");
}

TEST_CASE("jsonl: what makes a first line an article line", "[read_jsonl]") {
  CHECK(whosaid::is_article_json_line(R"({"title":"x"})"));
  CHECK(whosaid::is_article_json_line("\xEF\xBB\xBF{\"id\":1}"));
  CHECK(whosaid::is_article_json_line(R"({"html":"<p>x</p>"})"));
  CHECK_FALSE(whosaid::is_article_json_line(R"({"weather":"rain"})"));
  CHECK_FALSE(whosaid::is_article_json_line(R"([{"title":"x"}])"));
  CHECK_FALSE(whosaid::is_article_json_line(R"({"title":"x")"));
  CHECK_FALSE(whosaid::is_article_json_line("{Updated} Ferry strike"));
}
