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

TEST_CASE("\"the company\" is the one organisation named before it", "[extract][speakers]") {
  auto speaker = [](const std::string& text) {
    auto qs = plain().extract_quotes(text);
    REQUIRE(qs.size() == 1);
    return qs[0].speaker;
  };
  const std::string said = " The company said sales had slowed in the autumn.";
  auto one = speaker("Shares in General Motors fell sharply on Monday." + said);
  CHECK(one.kind == "organization");
  CHECK(one.canonical == "General Motors");
  CHECK(one.rule == "role");
  // Named twice, still one.
  auto twice =
      speaker("Shares in General Motors fell on Monday, and General Motors cut jobs." + said);
  CHECK(twice.canonical == "General Motors");
  // Two organisations: which one is unclear.
  auto two =
      speaker("Shares in General Motors fell on Monday, while Ford Motor Company gained." + said);
  CHECK(two.kind == "unnamed");
  CHECK(two.canonical == "The company");
  // One named after it does not count.
  auto after = speaker(said.substr(1) + " Shares in General Motors fell on Monday.");
  CHECK(after.kind == "unnamed");
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

namespace {

// The speaker of the only quote of TEXT, through the whole extraction.
whosaid::SpeakerMention only_speaker(const std::string& text) {
  Article art;
  art.text = text;
  plain().extract(art);
  REQUIRE(art.quotes.size() == 1);
  return art.quotes[0].speaker;
}

}  // namespace

TEST_CASE("a name that is no person or organisation leaves the speaker unknown",
          "[extract][speakers][gate]") {
  // Words capitalised by position or by being a title, events, places that
  // are no government, parts of longer names: never a speaker to offer.
  for (std::string junk :
       {"Hyde Park", "Champions League", "Golden Globe", "Davis Cup", "World Dramatic",
        "Inver Park", "Looking", "Hacked", "Contributing", "Office", "Ministers"}) {
    for (std::string text : {"\"The figures are wrong,\" said " + junk + ".",
                             "\"The figures are wrong,\" " + junk + " said."}) {
      CAPTURE(text);
      Article art;
      art.text = text;
      plain().extract(art);
      REQUIRE(art.quotes.size() == 1);
      const auto& s = art.quotes[0].speaker;
      CHECK(s.canonical.empty());
      CHECK(s.name.empty());
      CHECK(s.kind == "unnamed");
      CHECK(art.quotes[0].text == "The figures are wrong");  // the quote stays
      CHECK(art.speakers.empty());
    }
  }
}

TEST_CASE("people and organisations the text supports pass the gate", "[extract][speakers][gate]") {
  struct Case {
    std::string text, canonical, kind;
  };
  const std::vector<Case> cases = {
      {"\"The figures are wrong,\" said Mr Brown.", "Brown", "person"},
      {"\"The figures are wrong,\" President Obama said.", "Barack Obama", "person"},
      {"\"The figures are wrong,\" said Margaret Ellison.", "Margaret Ellison", "person"},
      {"\"The figures are wrong,\" the Pentagon said.", "Pentagon", "organization"},
      {"\"The figures are wrong,\" Downing Street said.", "Downing Street", "organization"},
      {"\"The figures are wrong,\" the White House said.", "White House", "organization"},
      {"\"The figures are wrong,\" Reuters reported.", "Reuters", "organization"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto s = only_speaker(c.text);
    CHECK(s.canonical == c.canonical);
    CHECK(s.kind == c.kind);
  }
}

TEST_CASE("descriptors are stripped from names", "[extract][speakers][names]") {
  struct Case {
    std::string text, canonical;
  };
  const std::vector<Case> cases = {
      {"Republican Donald Trump said the wall would be built.", "Donald Trump"},
      {"Representatives James E. Clyburn said the bill would pass.", "James E. Clyburn"},
      {"Analyst Thomas O'Grady said the bank would cut rates.", "Thomas O'Grady"},
      {"Financier Carl Lindner said the deal was fair.", "Carl Lindner"},
      {"American Susan Harper said the race was close.", "Susan Harper"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto s = only_speaker(c.text);
    CHECK(s.canonical == c.canonical);
    CHECK(s.kind == "person");
  }
}

TEST_CASE("a surname or first name alone is the full name given in the article",
          "[extract][speakers][names]") {
  Article art;
  art.text =
      "Hillary Clinton and Brittany Lockwood toured the old steel plant by the river on Monday.\n\n"
      "\"We need these jobs,\" Hillary said.\n\n"
      "\"The plant must stay open,\" Lockwood said.";
  plain().extract(art);
  const Quote* h = find_quote(art.quotes, "need these jobs");
  const Quote* l = find_quote(art.quotes, "must stay open");
  REQUIRE(h);
  REQUIRE(l);
  CHECK(h->speaker.canonical == "Hillary Clinton");
  CHECK(h->speaker.rule == "surname");
  CHECK(l->speaker.canonical == "Brittany Lockwood");
  // The facet never holds a part beside the whole.
  for (const std::string& s : art.speakers) {
    CHECK(s != "Hillary");
    CHECK(s != "Lockwood");
  }
}

TEST_CASE("a peer's title and name are one name", "[extract][speakers][names]") {
  Article art;
  art.text =
      "The lord chancellor defended the reform of the courts in the Lords on Tuesday.\n\n"
      "\"The system has served us well, but it can serve us better,\" Lord Falconer said.\n\n"
      "\"Nobody will lose their right to a jury,\" Falconer told peers.";
  plain().extract(art);
  const Quote* a = find_quote(art.quotes, "served us well");
  const Quote* b = find_quote(art.quotes, "right to a jury");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->speaker.canonical == "Lord Falconer");
  CHECK(b->speaker.canonical == "Lord Falconer");
  for (const std::string& s : art.speakers) CHECK(s != "Falconer");
}

TEST_CASE("a name after the description that follows the cue is the speaker",
          "[extract][speakers][names]") {
  Article art;
  art.text =
      "\"Our aim is to make the broadcaster answer to parliament,\" said the committee "
      "chairman, MP Edwin Lathe.";
  plain().extract(art);
  const Quote* q = find_quote(art.quotes, "answer to parliament");
  REQUIRE(q);
  CHECK(q->speaker.canonical == "Edwin Lathe");
  CHECK(q->speaker.kind == "person");
}

TEST_CASE("a one-word name the article calls a firm speaks as an organisation",
          "[extract][speakers][names]") {
  Article art;
  art.text =
      "Sales of smart watches doubled last year, according to technology analysts Corvant.\n\n"
      "Demand was strongest in Asia and weakest in Europe, said Corvant.\n\n"
      "Mara Quist, vice president of research at analyst firm Corvant, said people wanted "
      "one screen fewer in their pocket.";
  plain().extract(art);
  const Quote* a = find_quote(art.quotes, "strongest in Asia");
  REQUIRE(a);
  CHECK(a->speaker.kind == "organization");
  CHECK(a->speaker.canonical == "Corvant");
  const Quote* b = find_quote(art.quotes, "one screen fewer");
  REQUIRE(b);
  CHECK(b->speaker.canonical == "Mara Quist");
  CHECK(b->speaker.kind == "person");
}

TEST_CASE("a role refers to the person introduced with it", "[extract][speakers][names]") {
  Article art;
  art.text =
      "Lions coach Clive Woodward named his squad for the tour on Monday.\n\n"
      "\"We have the players to win,\" the Lions coach said.";
  plain().extract(art);
  const Quote* q = find_quote(art.quotes, "players to win");
  REQUIRE(q);
  CHECK(q->speaker.canonical == "Clive Woodward");
  CHECK(q->speaker.rule == "role");
  // Without such a person the description stays, unnamed.
  auto s = only_speaker("\"We have the players to win,\" the Lions coach said.");
  CHECK(s.kind == "unnamed");
  CHECK(s.name.find("coach") != std::string::npos);
}

TEST_CASE("the employer is not the speaker", "[extract][speakers][names]") {
  for (std::string text :
       {"Paul Dales, of Capital Economics, said that prices would rise.",
        "\"Prices will rise,\" said Paul Dales, of Capital Economics.",
        "Paul Dales, an economist at Capital Economics, said that prices would rise."}) {
    CAPTURE(text);
    auto s = only_speaker(text);
    CHECK(s.canonical == "Paul Dales");
    CHECK(s.kind == "person");
    CHECK(s.organization == "Capital Economics");
  }
}

TEST_CASE("organisation variants merge through the alias table", "[extract][speakers][names]") {
  std::set<std::string> canon;
  for (std::string text :
       {"The Tories said the tax would go.", "The Conservatives said the tax would go.",
        "The Conservative Party said the tax would go."}) {
    CAPTURE(text);
    auto s = only_speaker(text);
    CHECK(s.kind == "organization");
    canon.insert(s.canonical);
  }
  CHECK(canon == std::set<std::string>{"Conservatives"});
  auto s = only_speaker("The Lib Dems said the tax would go.");
  CHECK(s.canonical == "Liberal Democrats");
  CHECK(s.kind == "organization");
}

TEST_CASE("every speaker carries the rule that decided it and a confidence",
          "[extract][speakers][confidence]") {
  Article art;
  art.text =
      "Margaret Ellison, the port director, said that the harbour will reopen in May.\n\n"
      "\"We have waited long enough for this,\" she added.\n\n"
      "\"Ships are already booked for the summer and the crews are ready.\"";
  plain().extract(art);
  const Quote* a = find_quote(art.quotes, "reopen in May");
  const Quote* b = find_quote(art.quotes, "waited long enough");
  const Quote* c = find_quote(art.quotes, "already booked");
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(c);
  CHECK(a->speaker.rule == "appositive");
  CHECK(b->speaker.rule == "pronoun");
  CHECK(c->speaker.rule == "previous-quote");
  for (const Quote* q : {a, b, c}) {
    CHECK(q->speaker.canonical == "Margaret Ellison");
    CHECK(q->speaker.confidence >= whosaid::kMinSpeakerConfidence);
    CHECK(q->speaker.confidence <= 1.0);
  }
  CHECK(a->speaker.confidence > b->speaker.confidence);
  CHECK(b->speaker.confidence > c->speaker.confidence);
}

TEST_CASE("a description before a person's full name is no part of the name",
          "[extract][speakers][names]") {
  for (std::string text : {"Fly-half Owen Carty said the forwards had given him time.",
                           "Cardiff-born Tom Pritchard said the crowd had been fair."}) {
    CAPTURE(text);
    auto s = only_speaker(text);
    CHECK(s.kind == "person");
    CHECK(s.canonical.find(' ') != std::string::npos);
    CHECK(s.canonical.find("-") == std::string::npos);
    CHECK(!s.role.empty());
  }
}

TEST_CASE("an institution that starts a sentence keeps its whole name",
          "[extract][speakers][names]") {
  // "Downing" ends in -ing like a verb that starts a sentence ("Injecting
  // Clinton into ..."), but "Downing Street" is one institution.
  auto s = only_speaker(
      "The talks ended late. Downing Street said the meeting had been useful.");
  CHECK(s.canonical == "Downing Street");
  CHECK(s.kind == "organization");
}
