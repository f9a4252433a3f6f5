// The seed article as a test (issue 3): the named speakers, the unnamed
// sources and the people who are mentioned but say nothing. Reads the seed
// copy in tests/fixtures/seed/ (or tests/fixtures/extract/).
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "indexer/extract/extract.h"
#include "indexer/extract/text/tokens.h"

using whosaid::Article;
using whosaid::Quote;

namespace {

std::string read_seed() {
  namespace fs = std::filesystem;
  for (const char* rel : {"/seed/000_681fb66bd525be80.txt",
                          "/extract/seed_000_681fb66bd525be80.txt"}) {
    fs::path p = std::string(WHOSAID_FIXTURES) + rel;
    if (fs::exists(p)) {
      std::ifstream in(p, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      return ss.str();
    }
  }
  FAIL("seed article not found under " WHOSAID_FIXTURES);
  return {};
}

const Article& seed() {
  static const Article a = [] {
    Article art;
    art.text = read_seed();
    whosaid::Extractor e{whosaid::AliasTable{}};
    e.extract(art);
    return art;
  }();
  return a;
}

// Quotes of SPEAKER (canonical) whose text contains NEEDLE.
int count(const std::string& speaker, const std::string& needle, const char* kind = nullptr) {
  int n = 0;
  for (const Quote& q : seed().quotes)
    if (q.speaker.canonical == speaker && q.text.find(needle) != std::string::npos &&
        (!kind || q.kind == kind))
      ++n;
  return n;
}

}  // namespace

TEST_CASE("seed: the named speakers, exactly", "[extract][seed]") {
  std::set<std::string> got(seed().speakers.begin(), seed().speakers.end());
  std::set<std::string> want = {"David Butler",     "Denys Shmyhal", "Marco Rubio",
                                "Kaja Kallas",      "Jean-Noël Barrot", "Dmitry Peskov",
                                "Volodymyr Zelensky", "Sergey Lavrov"};
  CHECK(got == want);
  for (const Quote& q : seed().quotes)
    if (q.speaker.kind == "person") CHECK(want.count(q.speaker.canonical) == 1);
}

TEST_CASE("seed: what each speaker said", "[extract][seed]") {
  CHECK(count("David Butler", "fact-finding mission") == 1);
  CHECK(count("Denys Shmyhal", "they discussed the next steps") == 1);
  CHECK(count("Marco Rubio", "durable peace requires") == 1);
  CHECK(count("Kaja Kallas", "any proposal would need input") == 1);
  CHECK(count("Jean-Noël Barrot", "would not accept a capitulation") == 1);
  CHECK(count("Dmitry Peskov", "spirit of Anchorage", "direct") == 1);
  CHECK(count("Volodymyr Zelensky", "territorial concessions") == 1);
  CHECK(count("Volodymyr Zelensky", "another 22 people were missing") == 1);
  CHECK(count("Sergey Lavrov", "would not change") == 1);
  // The role is kept apart from the name.
  for (const Quote& q : seed().quotes)
    if (q.speaker.canonical == "Marco Rubio") CHECK(q.speaker.role == "US Secretary of State");
}

TEST_CASE("seed: unnamed sources", "[extract][seed]") {
  std::map<std::string, std::string> by_text;  // needle -> canonical
  for (const char* needle : {"discussions would centre", "security guarantees",
                             "Kellogg would leave his role"}) {
    const Quote* found = nullptr;
    for (const Quote& q : seed().quotes)
      if (q.text.find(needle) != std::string::npos) found = &q;
    CAPTURE(needle);
    REQUIRE(found != nullptr);
    CHECK(found->speaker.kind == "unnamed");
    by_text[needle] = found->speaker.canonical;
  }
  CHECK(whosaid::lower_utf8(by_text["discussions would centre"]) == "a ukrainian official");
  CHECK(by_text["security guarantees"] == by_text["discussions would centre"]);
  CHECK(whosaid::lower_utf8(by_text["Kellogg would leave his role"]) == "a white house official");
}

TEST_CASE("seed: people mentioned who say nothing", "[extract][seed]") {
  for (const char* who :
       {"Dan Driscoll", "Donald Trump", "Steve Witkoff", "Kirill Dmitriev", "Keith Kellogg"}) {
    CAPTURE(who);
    for (const Quote& q : seed().quotes) CHECK(q.speaker.canonical != who);
  }
}

TEST_CASE("seed: spans point into the input text", "[extract][seed]") {
  std::u32string u = whosaid::decode_utf8(seed().text);
  REQUIRE(!seed().quotes.empty());
  for (const Quote& q : seed().quotes) {
    REQUIRE(q.end <= u.size());
    CHECK(whosaid::encode_utf8(u.substr(q.start, q.end - q.start)) == q.text);
    // The speaker span is the source phrase as written, around the name.
    CHECK_THAT(whosaid::encode_utf8(u.substr(q.speaker.start, q.speaker.end - q.speaker.start)),
               Catch::Matchers::Contains(q.speaker.name));
  }
}
