// Speakers (indexer/extract/speakers/speakers.h): names kept apart from roles and
// titles, appositives, resolution of surnames, pronouns and definite
// descriptions within an article, organisations, unnamed sources, and
// canonical names across articles through the alias table. Texts are
// written for these tests.
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/error.h"
#include "indexer/extract/extract.h"
#include "indexer/extract/speakers/speakers.h"
#include "indexer/extract/text/tokens.h"

using whosaid::AliasTable;
using whosaid::Article;
using whosaid::Extractor;
using whosaid::Quote;

namespace {

const Extractor& plain() {
  static const Extractor e{AliasTable{}};
  return e;
}

const Quote* find_quote(const std::vector<Quote>& qs, const std::string& needle) {
  for (const auto& q : qs)
    if (q.text.find(needle) != std::string::npos) return &q;
  return nullptr;
}

}  // namespace

TEST_CASE("roles and titles are kept out of names", "[extract][speakers]") {
  struct Case {
    std::string text, name, role;
  };
  const std::vector<Case> cases = {
      {"US Secretary of State Marco Rubio stated that peace needs concessions.", "Marco Rubio",
       "US Secretary of State"},
      {"Army spokesman Col David Butler said the visit was useful.", "David Butler",
       "Army spokesman"},
      {"Gen. Mark Tate said the troops were ready.", "Mark Tate", ""},
      {"Dr Maria Olsen said the ward was full.", "Maria Olsen", ""},
      {"Kremlin spokesperson Dmitry Peskov said the talks were useful.", "Dmitry Peskov",
       "Kremlin spokesperson"},
      {"French Foreign Minister Jean-Noël Barrot said the offer stood.", "Jean-Noël Barrot",
       "French Foreign Minister"},
      {"Sgt Maj. Of the Army Michael Weimer said the drills went well.", "Michael Weimer",
       "Sgt Maj. Of the Army"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto qs = plain().extract_quotes(c.text);
    REQUIRE(qs.size() == 1);
    CHECK(qs[0].speaker.name == c.name);
    CHECK(qs[0].speaker.canonical == c.name);
    CHECK(qs[0].speaker.kind == "person");
    CHECK(qs[0].speaker.role == c.role);
  }
}

TEST_CASE("appositives name the speaker", "[extract][speakers]") {
  const std::vector<std::string> texts = {
      "Meanwhile, the EU’s chief diplomat, Kaja Kallas, warned that any deal needs Europe.",
      "Kaja Kallas, the EU’s chief diplomat, warned that any deal needs Europe.",
  };
  for (const auto& t : texts) {
    CAPTURE(t);
    auto qs = plain().extract_quotes(t);
    REQUIRE(qs.size() == 1);
    CHECK(qs[0].speaker.canonical == "Kaja Kallas");
    CHECK(qs[0].speaker.role.find("chief diplomat") != std::string::npos);
    CHECK(qs[0].text == "any deal needs Europe");
  }
}

TEST_CASE("surnames and pronouns resolve within the article", "[extract][speakers]") {
  std::string text =
      "Ukrainian President Volodymyr Zelensky met the envoys on Monday.\n"
      "Zelensky said the talks were useful.\n"
      "He added that more meetings would follow.";
  auto qs = plain().extract_quotes(text);
  const Quote* a = find_quote(qs, "talks were useful");
  const Quote* b = find_quote(qs, "more meetings");
  REQUIRE(a != nullptr);
  REQUIRE(b != nullptr);
  CHECK(a->speaker.name == "Zelensky");
  CHECK(a->speaker.canonical == "Volodymyr Zelensky");
  CHECK(b->speaker.name == "He");
  CHECK(b->speaker.canonical == "Volodymyr Zelensky");

  // Gender picks the compatible person, not just the nearest.
  std::string two =
      "John Reed and Maria Olsen spoke at the hearing.\n"
      "Reed said the budget was too small.\n"
      "She said that the ward had no beds left.";
  qs = plain().extract_quotes(two);
  const Quote* she = find_quote(qs, "no beds");
  REQUIRE(she != nullptr);
  CHECK(she->speaker.canonical == "Maria Olsen");
  const Quote* reed = find_quote(qs, "budget");
  REQUIRE(reed != nullptr);
  CHECK(reed->speaker.canonical == "John Reed");
}

TEST_CASE("organisations and unnamed sources", "[extract][speakers]") {
  auto qs = plain().extract_quotes("The Kremlin said the talks would continue.");
  REQUIRE(qs.size() == 1);
  CHECK(qs[0].speaker.kind == "organization");
  CHECK(qs[0].speaker.canonical == "Kremlin");

  std::string text =
      "A senior Ukrainian official said the talks would resume in May. According to that "
      "official, both sides had agreed on a venue. Sources said the venue was Geneva.";
  qs = plain().extract_quotes(text);
  const Quote* a = find_quote(qs, "resume in May");
  const Quote* b = find_quote(qs, "agreed on a venue");
  const Quote* c = find_quote(qs, "venue was Geneva");
  REQUIRE(a != nullptr);
  REQUIRE(b != nullptr);
  REQUIRE(c != nullptr);
  CHECK(a->speaker.kind == "unnamed");
  CHECK(a->speaker.canonical == "A senior Ukrainian official");
  CHECK(b->speaker.kind == "unnamed");
  CHECK(b->speaker.canonical == a->speaker.canonical);  // "that official" refers back
  CHECK(c->speaker.kind == "unnamed");
  CHECK(c->speaker.name == "Sources");

  // Unnamed sources are searchable on their quotes but are not facet values.
  Article art;
  art.text = text;
  plain().extract(art);
  CHECK(art.speakers.empty());
}

TEST_CASE("a place as a speaker stands for its government", "[extract][speakers]") {
  Article art;
  art.text = "Moscow said the proposal was unacceptable.";
  plain().extract(art);
  REQUIRE(art.quotes.size() == 1);
  CHECK(art.quotes[0].speaker.kind == "organization");
  CHECK(art.quotes[0].speaker.canonical == "Moscow");
}

TEST_CASE("people are not places", "[extract][speakers][places]") {
  // The tagger alone calls "Putin" a location here; the alias table knows
  // him, so he is neither a place nor, as a speaker, an organisation.
  Article art;
  art.text = "The summit between Putin and Trump lasted three hours.\n\n"
             "Putin said the talks were useful.";
  plain().extract(art);
  CHECK(art.places.empty());
  REQUIRE(art.quotes.size() == 1);
  CHECK(art.quotes[0].speaker.kind == "person");
  CHECK(art.quotes[0].speaker.canonical == "Vladimir Putin");
  // A person the table does not know, who speaks in the article.
  Article b;
  b.text = "Farmer Tobias Wendrick said the harbour plan was rushed. \"It will flood the lower "
           "fields,\" Wendrick said. Council staff toured the fields near Wendrick on Monday.";
  plain().extract(b);
  CHECK(b.places.empty());
}

TEST_CASE("joint speakers: the quote is the first's, the article has both",
          "[extract][speakers]") {
  Article art;
  art.text = "Amelia Hart and Jonas Berg said on Monday that the bridge would reopen.\n\n"
             "\"We will not be divided,\" Hart and Berg said in a joint statement.";
  plain().extract(art);
  REQUIRE(art.quotes.size() == 2);
  const Quote* reported = find_quote(art.quotes, "bridge would reopen");
  REQUIRE(reported);
  CHECK(reported->speaker.canonical == "Amelia Hart");
  CHECK(reported->speaker.name == "Amelia Hart");
  const Quote* direct = find_quote(art.quotes, "not be divided");
  REQUIRE(direct);
  CHECK(direct->kind == "direct");
  CHECK(direct->speaker.canonical == "Amelia Hart");
  CHECK(direct->speaker.name == "Hart");
  CHECK(art.speakers == std::vector<std::string>{"Amelia Hart", "Jonas Berg"});
  // A company named after two people is not split: no full names.
  Article co;
  co.text = "Marks and Spencer said sales rose.";
  plain().extract(co);
  REQUIRE(co.quotes.size() == 1);
  CHECK(co.speakers.size() == 1);
}

TEST_CASE("one canonical name per person across articles", "[extract][speakers]") {
  CHECK(AliasTable::key("Zelenskyy") == AliasTable::key("Zelensky"));
  CHECK(AliasTable::key("Zelenskiy") == AliasTable::key("Zelensky"));
  CHECK(AliasTable::key("Sergei Lavrov") == AliasTable::key("Sergey Lavrov"));
  CHECK(AliasTable::key("Jean-Noël Barrot") == AliasTable::key("Jean-Noel Barrot"));
  CHECK(AliasTable::key("Peskov") != AliasTable::key("Lavrov"));

  // The same person written three ways in three articles.
  std::set<std::string> canon;
  for (std::string text : {"Volodymyr Zelenskyy said the front was holding.",
                           "Zelenskiy said the front was holding.",
                           "President Volodymyr Zelensky said the front was holding."}) {
    auto qs = plain().extract_quotes(text);
    REQUIRE(qs.size() == 1);
    canon.insert(qs[0].speaker.canonical);
  }
  CHECK(canon == std::set<std::string>{"Volodymyr Zelensky"});

  // A surname-only mention of someone the table does not know stays as written.
  auto qs = plain().extract_quotes("Okonkwo said the vote was fair.");
  REQUIRE(qs.size() == 1);
  CHECK(qs[0].speaker.canonical == "Okonkwo");
}

TEST_CASE("user alias lines add to the built-in table", "[extract][speakers]") {
  AliasTable t;
  CHECK(t.canonical("Chidi Okonkwo").empty());
  t.add_tsv("# comment\nChidi Okonkwo\tOkonkwo\tC. Okonkwo\n", "test");
  CHECK(t.canonical("C Okonkwo") == "Chidi Okonkwo");
  CHECK(t.canonical_surname("Okonkwo") == "Chidi Okonkwo");
  Extractor e{t};
  auto qs = e.extract_quotes("Okonkwo said the vote was fair.");
  REQUIRE(qs.size() == 1);
  CHECK(qs[0].speaker.canonical == "Chidi Okonkwo");

  CHECK_THROWS_AS(t.add_tsv("\tNo Canonical\n", "test"), whosaid::Error);
  CHECK_THROWS_AS(t.add_file("/nonexistent/aliases.tsv"), whosaid::Error);
}
