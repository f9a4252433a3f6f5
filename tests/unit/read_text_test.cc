// The plain-text reader (indexer/read_text.h): header block, title,
// paragraphs, boilerplate, encoding repair, and the files it refuses.
#include "indexer/read_text.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using whosaid::BadInput;
using whosaid::InputIssue;
using whosaid::parse_text_article;

namespace {

std::string reason_of(std::string_view bytes) {
  try {
    parse_text_article(bytes, "x.txt");
  } catch (const BadInput& e) {
    return e.reason();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("text: title line, blank line, paragraphs (the BBC layout)", "[read_text]") {
  auto t = parse_text_article(
      "Ad sales boost Time Warner profit\n\nQuarterly profits jumped 76%.\n\n"
      "The firm said sales rose.\n",
      "bbc/001.txt");
  CHECK(t.article.title == "Ad sales boost Time Warner profit");
  CHECK(t.article.body == "Quarterly profits jumped 76%.\n\nThe firm said sales rose.");
  CHECK(t.article.origin == "bbc/001.txt");
  CHECK(t.article.date.empty());
  CHECK(t.article.id.empty());  // the caller gives it the file's path
  CHECK(t.notes.empty());
}

TEST_CASE("text: one paragraph per line, CRLF, boilerplate and blank-looking lines dropped",
          "[read_text]") {
  auto t = parse_text_article(
      "Title here\r\n\r\nfeatured-image\r\nFirst paragraph.\r\n\xC2\xA0\r\n   \r\n"
      "A heading\r\nSecond paragraph.\r\nAdvertisement\r\nImage caption: a ferry\r\n"
      "Share this article\r\n",
      "x.txt");
  CHECK(t.article.title == "Title here");
  CHECK(t.article.body == "First paragraph.\n\nA heading\n\nSecond paragraph.");
}

TEST_CASE("text: the header block sets id, date, source, url and title", "[read_text]") {
  auto t = parse_text_article(
      "Date: 24 November 2025\nSOURCE: Example Wire\nurl: https://example.org/a\nId: geneva-1\n"
      "Author: A. Writer\n\nGeneva round of talks\n\nDelegations met.\n",
      "x.txt");
  const auto& a = t.article;
  CHECK(a.date == "2025-11-24");
  CHECK(a.source == "Example Wire");
  CHECK(a.url == "https://example.org/a");
  CHECK(a.id == "geneva-1");
  CHECK(a.title == "Geneva round of talks");
  CHECK(a.body == "Delegations met.");
  // Article::text is the whole file: extraction spans refer to it.
  CHECK(a.text.starts_with("Date: 24 November 2025\n"));

  auto titled = parse_text_article("Title: Given title\n\nFirst line is body.\nSecond.\n", "x");
  CHECK(titled.article.title == "Given title");
  CHECK(titled.article.body == "First line is body.\n\nSecond.");
}

TEST_CASE("text: a headline with a colon is not a header", "[read_text]") {
  auto t = parse_text_article("Blair: I will stay on\n\nThe prime minister said so.\n", "x");
  CHECK(t.article.title == "Blair: I will stay on");
  CHECK(t.article.body == "The prime minister said so.");
  // A block mixing a known key with text is not a header either.
  auto u = parse_text_article("Source: the minister\nsaid it twice\n\nBody.\n", "x");
  CHECK(u.article.title == "Source: the minister");
  CHECK(u.article.source.empty());
}

TEST_CASE("text: an unreadable Date header is a note, not a failure", "[read_text]") {
  auto t = parse_text_article("Date: someday\n\nTitle\n\nBody.\n", "x.txt");
  CHECK(t.article.date.empty());
  REQUIRE(t.notes.size() == 1);
  CHECK(t.notes[0].kind == InputIssue::Kind::kNote);
  CHECK(t.notes[0].where == "x.txt");
  CHECK(t.notes[0].message == "unrecognised date 'someday' ignored");
}

TEST_CASE("text: invalid UTF-8 is read as Latin-1, with a warning", "[read_text]") {
  // "Caf\xE9" and "\xA3" are Latin-1: é and £. \x93 \x94 are CP1252 quotes.
  auto t = parse_text_article(
      "Caf\xE9 prices\n\nA coffee costs \xA3"
      "3, he said \x93no\x94.\n",
      "sport/199.txt");
  CHECK(t.article.title == "Caf\xC3\xA9 prices");
  CHECK(t.article.body ==
        "A coffee costs \xC2\xA3"
        "3, he said \xE2\x80\x9Cno\xE2\x80\x9D.");
  REQUIRE(t.notes.size() == 1);
  CHECK(t.notes[0].kind == InputIssue::Kind::kRepaired);
  CHECK(t.notes[0].message == "not valid UTF-8; read as Latin-1");
  CHECK(t.notes[0].where == "sport/199.txt");
}

TEST_CASE("text: empty, binary and title-less files are refused", "[read_text]") {
  CHECK(reason_of("") == "empty");
  CHECK(reason_of(" \n\n\t\n") == "empty");
  CHECK(reason_of(std::string("PK\x03\x04\0\0\0abc", 10)) == "binary");
  CHECK(reason_of("\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f") == "binary");
  CHECK(reason_of("featured-image\n\nAdvertisement\n") == "no title");
  CHECK(reason_of("Date: 2025-11-20\n\n") == "no title");
  CHECK(reason_of("\xEF\xBB\xBFTitle after a byte-order mark\n") == "accepted");
  auto t = parse_text_article("\xEF\xBB\xBFTitle after a byte-order mark\n", "x");
  CHECK(t.article.title == "Title after a byte-order mark");
  CHECK(t.article.body.empty());
}

TEST_CASE("text: the seed article", "[read_text]") {
  std::filesystem::path seed =
      std::filesystem::path(WHOSAID_FIXTURES) / "seed" / "000_681fb66bd525be80.txt";
  REQUIRE(std::filesystem::exists(seed));
  auto t = whosaid::read_text_file(seed, seed.string());
  const auto& a = t.article;
  CHECK(a.title == "US Officials in Kyiv Amid Reports of Draft Peace Plan");
  CHECK(a.body.find("featured-image") == std::string::npos);
  CHECK(a.body.starts_with("Senior Pentagon officials"));
  // The section heading is a paragraph of its own; the lone no-break space
  // line is gone.
  CHECK(a.body.find("\n\nHigh-level Kyiv visit\n\nOn Wednesday") != std::string::npos);
  CHECK(a.body.find("\n\n\xC2\xA0") == std::string::npos);
  CHECK(a.body.find("\n\n\n") == std::string::npos);
  CHECK(a.text.find("featured-image") != std::string::npos);  // text is the whole file
  CHECK(t.notes.empty());
}

TEST_CASE("text: read_text_file reports files it cannot read", "[read_text]") {
  try {
    whosaid::read_text_file("/nonexistent/whosaid/x.txt", "x.txt");
    FAIL("no exception");
  } catch (const BadInput& e) {
    CHECK(e.reason() == "unreadable");
    CHECK(std::string(e.what()) == "cannot read: No such file or directory");
  }
}

TEST_CASE("text: boilerplate lines", "[read_text]") {
  for (const char* line : {"featured-image", "  Advertisement ", "SHARE THIS ARTICLE", "",
                           "\xC2\xA0", "Image caption The minister in Kyiv", "Getty Images"})
    CHECK(whosaid::is_boilerplate_line(line));
  for (const char* line : {"Advertisement revenue rose", "Share prices fell", "Kyiv"})
    CHECK_FALSE(whosaid::is_boilerplate_line(line));
}
