// Stored article data: quote and place spans mapped into the body.
#include "core/article.h"

#include <catch2/catch.hpp>

using namespace whosaid;

namespace {

// Code-point substring.
std::string cp_substr(const std::string& s, std::size_t start, std::size_t end) {
  std::size_t cp = 0, b = 0, from = std::string::npos;
  for (; b <= s.size(); ++b) {
    if (b == s.size() || (static_cast<unsigned char>(s[b]) & 0xC0) != 0x80) {
      if (cp == start) from = b;
      if (cp == end) break;
      ++cp;
    }
  }
  return s.substr(from, b - from);
}

std::size_t cp_find(const std::string& s, const std::string& what) {
  std::size_t at = s.find(what), cp = 0;
  for (std::size_t b = 0; b < at; ++b)
    if ((static_cast<unsigned char>(s[b]) & 0xC0) != 0x80) ++cp;
  return cp;
}

}  // namespace

TEST_CASE("article_data: quote and place spans point into the body", "[article]") {
  // A text file: header, title, boilerplate, indented lines; spans are into
  // the whole file, the body is its trimmed paragraphs.
  Article a;
  a.id = "a1";
  a.text =
      "Date: 2025-11-20\n\nKyiv talks résumé\n\n  Zelensky said: “We are ready in Kyiv”.  \n"
      "featured-image\nLavrov replied that Moscow “would wait”.\n";
  a.title = "Kyiv talks résumé";
  a.body = "Zelensky said: “We are ready in Kyiv”.\n\nLavrov replied that Moscow “would wait”.";
  Quote q1;
  q1.text = "We are ready in Kyiv";
  q1.start = cp_find(a.text, "We are");
  q1.end = q1.start + 20;
  Quote q2;
  q2.text = "would wait";
  q2.start = cp_find(a.text, "would");
  q2.end = q2.start + 10;
  Quote in_title;  // a span outside the body
  in_title.start = cp_find(a.text, "talks");
  in_title.end = in_title.start + 5;
  a.quotes = {q1, q2, in_title};
  a.place_mentions = {{"Kyiv", "UA", cp_find(a.text, "Kyiv”"), cp_find(a.text, "Kyiv”") + 4},
                      {"Moscow", "RU", cp_find(a.text, "Moscow"), cp_find(a.text, "Moscow") + 6},
                      {"Kyiv", "UA", 18, 22}};  // in the title: left out
  nlohmann::json d = article_data(a);
  REQUIRE(d["quote_spans"].size() == 3);
  auto text_of = [&](const nlohmann::json& span) {
    return cp_substr(a.body, span[0].get<std::size_t>(), span[1].get<std::size_t>());
  };
  CHECK(text_of(d["quote_spans"][0]) == "We are ready in Kyiv");
  CHECK(text_of(d["quote_spans"][1]) == "would wait");
  CHECK(d["quote_spans"][2].is_null());
  REQUIRE(d["place_spans"].size() == 2);
  CHECK(text_of(d["place_spans"][0]) == "Kyiv");
  CHECK(d["place_spans"][0][2] == "Kyiv");
  CHECK(d["place_spans"][0][3] == "UA");
  CHECK(text_of(d["place_spans"][1]) == "Moscow");
}

TEST_CASE("article_data: JSON Lines (text = body) maps one to one", "[article]") {
  Article a;
  a.id = "j1";
  a.body = "Para one says “yes”.\n\nPara two.";
  a.text = a.body;
  Quote q;
  q.start = cp_find(a.body, "yes");
  q.end = q.start + 3;
  a.quotes = {q};
  nlohmann::json d = article_data(a);
  CHECK(d["quote_spans"][0] == nlohmann::json::array({q.start, q.end}));
}
