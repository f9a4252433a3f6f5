// parse_stored_data: the same JSON as nlohmann's parser, value for value and
// type for type, on stored data and on anything else.
#include "searcher/stored_data.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "core/article.h"

using namespace whosaid;

namespace {

// What the searcher did before parse_stored_data.
nlohmann::json reference(const std::string& data) {
  nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
  if (!j.is_object()) j = nlohmann::json::object();
  return j;
}

// Equal values of equal types (nlohmann's == says 1 == 1u == 1.0).
bool same(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(), jt = b.begin(); it != a.end(); ++it, ++jt)
      if (it.key() != jt.key() || !same(*it, *jt)) return false;
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same(a[i], b[i])) return false;
    return true;
  }
  return a == b;
}

void check_same(const std::string& data) {
  INFO(data);
  CHECK(same(parse_stored_data(data), reference(data)));
}

}  // namespace

TEST_CASE("parse_stored_data: article and quote data", "[stored_data]") {
  Article a;
  a.id = "a1";
  a.title = "Talks \"resume\" in Geneva \\ Kyïv";
  a.body = std::string("Line one.\nLine two\twith tab, \x01 control, \x7f, caf\xc3\xa9, ") +
           "\xe2\x80\x9cquotes\xe2\x80\x9d, emoji \xf0\x9f\x98\x80 / slash and a long tail " +
           std::string(3000, 'x');
  a.date = "2025-11-20";
  a.speakers = {"Marco Rubio", "Volodymyr Zelensky"};
  a.places = {"Geneva"};
  a.countries = {"CH"};
  check_same(article_data(a).dump());
  check_same(article_data(a).dump(2));  // indented
  Quote q;
  q.text = "We are \"close\"";
  q.start = 12;
  q.end = 4000000000;
  q.speaker.name = "Rubio";
  q.speaker.canonical = "Marco Rubio";
  check_same(quote_data(a, q, 3).dump());
  check_same(quote_data(a, q, 3).dump(-1, ' ', true));  // \u escapes for all non-ASCII
  check_same(article_data(Article{}).dump());
}

TEST_CASE("parse_stored_data: odd JSON is parsed as nlohmann parses it", "[stored_data]") {
  for (const char* data : {
           "{}", " { } ", "{\"a\":1}", "{\"a\":-1}", "{\"a\":-0}", "{\"a\":0}", "{\"a\":01}",
           "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":1E-2}", "{\"a\":-}", "{\"a\":123456789012345678}",
           "{\"a\":1234567890123456789}", "{\"a\":18446744073709551615}",
           "{\"a\":18446744073709551616}", "{\"a\":-9223372036854775808}",
           "{\"a\":-9223372036854775809}", "{\"a\":true,\"b\":false,\"c\":null}",
           "{\"a\":tru}", "{\"a\":nul}", "{\"a\":[]}", "{\"a\":[1,[2,[3,{}]],\"x\"]}",
           "{\"a\":[1,]}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{\"a\":1}}",
           "{\"a\":1} x", "{\"a\":1}\n", "[1,2]", "\"s\"", "12", "", "   ", "{", "{\"a",
           "{\"a\":\"b", "{\"a\":\"b\"", "{\"a\":1,\"a\":2}", "{\"b\":1,\"a\":2}",
           "{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u0041\"}",
           "{\"a\":\"\\u00e9\\u20AC\"}", "{\"a\":\"\\u0000\"}", "{\"a\":\"\\ud83d\\ude00\"}",
           "{\"a\":\"\\ud83d\"}", "{\"a\":\"\\ud83dx\"}", "{\"a\":\"\\ude00\"}",
           "{\"a\":\"\\ud83d\\u0041\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12g4\"}",
           "{\"a\":\"tab\there\"}", "{\"a\":\"nl\nhere\"}", "{\"a\":\"\x7f\"}",
           "{\"a\":\"caf\xc3\xa9\"}", "{\"a\":\"bad \xc3\"}", "{\"a\":\"bad \xff\"}",
           "{\"a\":\"overlong \xc0\xaf\"}", "{\"a\":\"surrogate \xed\xa0\x80\"}",
           "{\"a\":\"big \xf4\x90\x80\x80\"}", "{\"a\":\"emoji \xf0\x9f\x98\x80\"}",
           "\xef\xbb\xbf{\"a\":1}", "{\"\xc3\xa9\":1}", "{\"\":1}", "{\"a\":{\"b\":{\"c\":[]}}}",
           "{\t\"a\"\r\n:\n1\t}", "{\"a\":\"12345678abcdefgh\\\"ijklmnop\"}"}) {
    check_same(data);
  }
  std::string deep = "{\"a\":";
  for (int i = 0; i < 200; ++i) deep += "[";
  for (int i = 0; i < 200; ++i) deep += "]";
  check_same(deep + "}");
}

TEST_CASE("parse_stored_data: random strings", "[stored_data]") {
  // Stored-looking objects with random string contents, some cut short.
  const std::vector<std::string> pieces = {
      "a", "word ", "12345678", "\\\"", "\\\\", "\\n", "\\u00e9", "\\ud83d\\ude00", "\\ud83d",
      "\xc3\xa9", "\xe2\x80\x9c", "\xf0\x9f\x98\x80", "\xc3", "\x80", "\x1f", "\t", "\"", "\\",
      "/", "\x7f"};
  std::uint32_t seed = 987;
  auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 8) % 1000003u; };
  for (int n = 0; n < 3000; ++n) {
    std::string value;
    for (std::size_t k = next() % 16; k > 0; --k) value += pieces[next() % pieces.size()];
    std::string data = "{\"type\":\"article\",\"body\":\"" + value + "\",\"n\":" +
                       std::to_string(next()) + ",\"list\":[\"" + value + "\"]}";
    if (next() % 8 == 0) data.resize(next() % data.size());
    check_same(data);
  }
}
