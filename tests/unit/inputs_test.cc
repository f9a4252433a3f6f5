// The input walk's file kinds (indexer/inputs.h): HTML pages by name and by
// content, JSON Lines under any name (said once, in a notice), .json files
// holding one article or an array of them, and text files that only look
// a little like JSON.
#include "indexer/inputs.h"

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/analysis.h"
#include "scratch.h"

namespace fs = std::filesystem;
using whosaid::Article;
using whosaid::InputIssue;
using whosaid::test::Scratch;

namespace {

struct Read {
  std::vector<Article> articles;
  std::vector<std::string> hashes;
  std::vector<InputIssue> issues;
  std::vector<std::string> notices;  // the messages of kNotice issues
};

Read read(const std::vector<std::string>& paths) {
  Read r;
  std::istringstream none;
  whosaid::read_inputs(paths, none,
                       {[&](Article&& a, const std::string& hash) {
                          r.articles.push_back(std::move(a));
                          r.hashes.push_back(hash);
                          return true;
                        },
                        [&](InputIssue&& i) {
                          if (i.kind == InputIssue::Kind::kNotice)
                            r.notices.push_back(i.message);
                          else if (i.kind != InputIssue::Kind::kIgnored)
                            r.issues.push_back(std::move(i));
                          return true;
                        }});
  return r;
}

const char* kLines =
    "{\"id\":\"a1\",\"title\":\"Ferry strike ends\",\"body\":\"The ferry sailed.\"}\n"
    "{\"id\":\"a2\",\"title\":\"Talks resume\",\"body\":\"Envoys met.\"}\n";

}  // namespace

TEST_CASE("inputs: JSON Lines under any name is recognised by content, with a notice", "[inputs]") {
  Scratch s;
  for (std::string name : {"feed.part-aa", "feed.json", "feed.txt", "feed.log"}) {
    std::string path = s.write(name, kLines);
    Read r = read({path});
    INFO(name);
    REQUIRE(r.articles.size() == 2);
    CHECK(r.articles[0].id == "a1");
    CHECK(r.articles[0].title == "Ferry strike ends");
    CHECK(r.articles[0].origin == path + ":1");
    CHECK(r.articles[1].origin == path + ":2");
    CHECK(r.hashes[1] ==
          whosaid::hash_hex("{\"id\":\"a2\",\"title\":\"Talks resume\",\"body\":\"Envoys met.\"}"));
    CHECK(r.issues.empty());
    CHECK(r.notices ==
          std::vector<std::string>{"reading " + path + " as JSON Lines (recognised by content)"});
  }
  // By its name: no notice.
  Read r = read({s.write("feed.jsonl", kLines)});
  CHECK(r.articles.size() == 2);
  CHECK(r.notices.empty());
}

TEST_CASE("inputs: a JSON Lines file with a bad second line is still JSON Lines", "[inputs]") {
  Scratch s;
  std::string path = s.write("split-ab", std::string(kLines) + "{not json\n" + kLines);
  Read r = read({path});
  CHECK(r.articles.size() == 4);
  REQUIRE(r.issues.size() == 1);
  CHECK(r.issues[0].where == path + ":3");
  CHECK(r.issues[0].reason == "bad json");
}

TEST_CASE("inputs: text that only starts like JSON stays text", "[inputs]") {
  Scratch s;
  Read r = read({s.write("brace.txt", "{Updated} Ferry strike ends\n\nThe ferry sailed.\n"),
                 s.write("object.txt", "{\"weather\":\"rain\"}\n\nNot an article object.\n"),
                 s.write("bracket.txt", "[Live] Talks resume\n\nEnvoys met.\n")});
  REQUIRE(r.articles.size() == 3);
  CHECK(r.articles[0].title == "{Updated} Ferry strike ends");
  CHECK(r.articles[1].title == "{\"weather\":\"rain\"}");
  CHECK(r.articles[2].title == "[Live] Talks resume");
  CHECK(r.notices.empty());
}

TEST_CASE("inputs: a .json file holding an array of articles, or one article", "[inputs]") {
  Scratch s;
  std::string arr =
      s.write("export.json",
              "[\n  {\"id\": \"e1\", \"title\": \"One\", \"body\": \"First.\"},\n"
              "  {\"title\": \"Two\",\n   \"body\": \"Second.\", \"date\": \"2025-01-02\"},\n"
              "  {\"body\": 5},\n  \"text\",\n  {\"id\": \"e4\", \"title\": \"Four\"}\n]\n");
  Read r = read({arr});
  REQUIRE(r.articles.size() == 3);
  CHECK(r.articles[0].id == "e1");
  CHECK(r.articles[0].origin == arr + "[0]");
  CHECK(r.articles[1].title == "Two");
  CHECK(r.articles[1].date == "2025-01-02");
  CHECK(r.articles[1].id == whosaid::hash_hex("Two\nSecond."));
  CHECK(r.articles[1].path == arr);
  CHECK(r.articles[2].id == "e4");
  CHECK(r.hashes[0] != r.hashes[1]);
  REQUIRE(r.issues.size() == 2);
  CHECK(r.issues[0].where == arr + "[2]");
  CHECK(r.issues[0].reason == "bad field");
  CHECK(r.issues[1].where == arr + "[3]");
  CHECK(r.issues[1].reason == "not an object");
  CHECK(r.notices.empty());

  std::string one =
      s.write("one.json", "{\n  \"title\": \"Pretty\",\n  \"body\": \"Printed.\"\n}\n");
  Read o = read({one});
  REQUIRE(o.articles.size() == 1);
  CHECK(o.articles[0].title == "Pretty");
  CHECK(o.articles[0].origin == one);

  // An array under another name is recognised by content.
  std::string noext = s.write("export", "[{\"title\": \"Bare\", \"body\": \"x\"}]");
  Read n = read({noext});
  REQUIRE(n.articles.size() == 1);
  CHECK(n.notices ==
        std::vector<std::string>{"reading " + noext + " as JSON (recognised by content)"});
}

TEST_CASE("inputs: a broken .json file is reported, never read as text", "[inputs]") {
  Scratch s;
  std::string path =
      s.write("broken.json", "[{\"title\": \"Good\", \"body\": \"x\"},\n {\"title\": ");
  Read r = read({path});
  REQUIRE(r.articles.size() == 1);  // the elements before the error
  REQUIRE(r.issues.size() == 1);
  CHECK(r.issues[0].where == path);
  CHECK(r.issues[0].reason == "bad json");
  CHECK(r.issues[0].message.starts_with("not valid JSON: "));
  Read t = read({s.write("prose.json", "Not JSON at all\n\nJust words.\n")});
  CHECK(t.articles.empty());
  REQUIRE(t.issues.size() == 1);
  CHECK(t.issues[0].reason == "bad json");
}

TEST_CASE("inputs: a huge or deep element of a JSON array is skipped, the rest read", "[inputs]") {
  Scratch s;
  std::string big(17u << 20, 'x');
  std::string deep = std::string(100, '[') + std::string(100, ']');
  std::string path =
      s.write("big.json", "[{\"title\": \"" + big + "\"}, {\"title\": \"A\", \"x\": " + deep +
                              "}, {\"title\": \"After\"}]");
  Read r = read({path});
  REQUIRE(r.articles.size() == 1);
  CHECK(r.articles[0].title == "After");
  REQUIRE(r.issues.size() == 2);
  CHECK(r.issues[0].reason == "too large");
  CHECK(r.issues[1].reason == "too deep");
}

TEST_CASE("inputs: HTML pages by name and by content", "[inputs]") {
  Scratch s;
  std::string page =
      "<!DOCTYPE html><html><head><title>Harbour reopens</title></head><body><article>"
      "<p>&ldquo;We are back,&rdquo; said the harbour master.</p></article></body></html>";
  std::string named = s.write("in/story.html", page);
  std::string saved = s.write("in/story-saved", page);
  Read r = read({s.write("in/a.txt", "Plain\n\nText article.\n"), named, saved});
  REQUIRE(r.articles.size() == 3);
  for (std::size_t k : {1, 2}) {
    const Article& a = r.articles[k];
    CHECK(a.title == "Harbour reopens");
    CHECK(a.body == "\xE2\x80\x9CWe are back,\xE2\x80\x9D said the harbour master.");
    CHECK(a.id == fs::weakly_canonical(a.origin).string());  // known by its path
    CHECK(r.hashes[k] == whosaid::hash_hex(page));
  }
  CHECK(r.articles[0].title == "Plain");
  CHECK(r.notices ==
        std::vector<std::string>{"reading " + saved + " as HTML (recognised by content)"});
}
