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

std::size_t count_code_points_for_test(const std::string& s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
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

TEST_CASE("quote_data: only what the article's data lacks; complete_quote_data adds the rest",
          "[article]") {
  Article a;
  a.id = "k1";
  a.title = "Kyiv talks résumé";
  a.date = "2025-11-20";
  a.source = "Wire";
  a.url = "https://example.org/k1";
  a.path = "/news/k1.json";
  a.places = {"Kyiv", "Moscow"};
  a.body = "Zelensky said: “We are ready in Kyiv”.\n\nLavrov said Moscow “would wait”.";
  a.text = a.body;
  Quote same;  // the body at its span: not stored
  same.text = "We are ready in Kyiv";
  same.start = cp_find(a.body, "We are");
  same.end = same.start + 20;
  same.kind = "direct";
  same.cue = "said";
  same.speaker.canonical = "Volodymyr Zelensky";
  same.speaker.name = "Zelensky";
  same.speaker.kind = "person";
  same.speaker.role = "President";
  Quote other = same;  // extraction's text differs from the body (stored)
  other.text = "would  wait";
  other.start = cp_find(a.body, "would");
  other.end = other.start + 10;
  other.speaker = {};
  other.speaker.name = "Lavrov";
  other.speaker.kind = "unnamed";
  a.quotes = {same, other};

  BodySpans spans(a);
  std::vector<std::string_view> texts = quote_body_texts(a, spans);
  REQUIRE(texts.size() == 2);
  CHECK(texts[0] == "We are ready in Kyiv");
  CHECK(texts[1] == "would wait");

  nlohmann::json q0 = quote_data(a, 0, texts[0]);
  CHECK(q0 == nlohmann::json{{"type", "quote"},
                             {"article", "k1"},
                             {"index", 0},
                             {"kind", "direct"},
                             {"cue", "said"},
                             {"speaker", "Volodymyr Zelensky"},
                             {"speaker_kind", "person"},
                             {"role", "President"}});
  std::vector<std::string> near = {"Moscow"};
  nlohmann::json q1 = quote_data(a, 1, texts[1], &near);
  CHECK(q1["text"] == "would  wait");
  CHECK(q1["speaker"] == "Lavrov");  // the mention when unresolved
  CHECK_FALSE(q1.contains("role"));
  CHECK(q1["places"] == nlohmann::json::array({"Moscow"}));

  // What the searcher shows: the article's fields, the quote's own.
  const nlohmann::json article = nlohmann::json::parse(article_data(a).dump());
  const std::vector<std::string_view> span_texts = quote_span_texts(article);
  CHECK(span_texts == texts);
  complete_quote_data(q0, article, span_texts);
  CHECK(q0["id"] == "k1#q0");
  CHECK(q0["title"] == a.title);
  CHECK(q0["date"] == a.date);
  CHECK(q0["source"] == a.source);
  CHECK(q0["url"] == a.url);
  CHECK(q0["path"] == a.path);
  CHECK(q0["places"] == nlohmann::json::array({"Kyiv", "Moscow"}));
  CHECK(q0["text"] == "We are ready in Kyiv");  // from the body
  complete_quote_data(q1, article, span_texts);
  CHECK(q1["id"] == "k1#q1");
  CHECK(q1["text"] == "would  wait");                        // its own
  CHECK(q1["places"] == nlohmann::json::array({"Moscow"}));  // its own
}

TEST_CASE("quote_body_texts: spans in any order, across paragraphs, outside the body",
          "[article]") {
  Article a;
  a.id = "s1";
  a.body = "Öne “ünö”.\n\n“Twö” and “three”.";
  a.text = a.body;
  auto quote = [&](const std::string& what) {
    Quote q;
    q.start = cp_find(a.body, what);
    q.end = q.start + count_code_points_for_test(what);
    return q;
  };
  Quote outside;
  outside.start = outside.end = 1000;
  a.quotes = {quote("three"), quote("ünö"), outside, quote("Twö")};
  std::vector<std::string_view> t = quote_body_texts(a, BodySpans(a));
  CHECK(t == std::vector<std::string_view>{"three", "ünö", "", "Twö"});
}

TEST_CASE("quote_title: long titles cut at a space, or before a code point", "[article]") {
  CHECK(quote_title("Short title") == "Short title");
  std::string words;
  while (words.size() < 2 * kMaxQuoteTitleBytes) words += "wörd ";
  std::string_view cut = quote_title(words);
  CHECK(cut.size() <= kMaxQuoteTitleBytes);
  CHECK(words.substr(cut.size(), 1) == " ");
  std::string one(kMaxQuoteTitleBytes - 1, 'a');
  one += "éééé";
  cut = quote_title(one);
  CHECK(cut.size() == kMaxQuoteTitleBytes - 1);  // not inside é
}
