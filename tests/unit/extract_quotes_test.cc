// Quotation and reported-speech finding (indexer/extract/quotes/quotes.h through
// Extractor::extract_quotes): every quotation-mark style, multi-paragraph
// and partial quotations, each order of reported speech, and what must NOT
// be taken for a quotation. Texts are written for these tests.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "indexer/extract/extract.h"
#include "indexer/extract/text/tokens.h"

using whosaid::AliasTable;
using whosaid::Extractor;
using whosaid::Quote;

namespace {

const Extractor& extractor() {
  static const Extractor e{AliasTable{}};
  return e;
}

// The quote whose text contains NEEDLE, or nullptr.
const Quote* find_quote(const std::vector<Quote>& qs, const std::string& needle) {
  for (const auto& q : qs)
    if (q.text.find(needle) != std::string::npos) return &q;
  return nullptr;
}

// The text of code points [start, end) of UTF8.
std::string cp_substr(const std::string& utf8, std::size_t start, std::size_t end) {
  std::u32string u = whosaid::decode_utf8(utf8);
  return whosaid::encode_utf8(std::u32string_view(u).substr(start, end - start));
}

}  // namespace

TEST_CASE("direct quotations in every quotation-mark style", "[extract][quotes]") {
  struct Case {
    std::string text, quote, speaker;
  };
  const std::vector<Case> cases = {
      {"“We will rebuild the bridge,” Mayor Anna Lind said on Monday.",
       "We will rebuild the bridge", "Anna Lind"},
      {"\"The talks have failed,\" said John Marsh, a negotiator.", "The talks have failed",
       "John Marsh"},
      {"‘We are ready for the winter,’ Tomas Berg said.", "We are ready for the winter",
       "Tomas Berg"},
      {"'Nothing has changed here,' Ines Moreau said.", "Nothing has changed here",
       "Ines Moreau"},
      {"«We are ready to talk», said Pierre Dumas.", "We are ready to talk", "Pierre Dumas"},
      {"„We expect an answer soon“, said Hans Weber.", "We expect an answer soon", "Hans Weber"},
      {"Lena Kraus said: “The budget is balanced for the first time.”",
       "The budget is balanced for the first time.", "Lena Kraus"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto qs = extractor().extract_quotes(c.text);
    REQUIRE(qs.size() == 1);
    CHECK(qs[0].kind == "direct");
    CHECK(qs[0].text == c.quote);
    CHECK(qs[0].speaker.canonical == c.speaker);
    CHECK(qs[0].speaker.kind == "person");
    // The span points at the quotation in the input, the mention at the name.
    CHECK(cp_substr(c.text, qs[0].start, qs[0].end) == c.quote);
    CHECK(cp_substr(c.text, qs[0].speaker.start, qs[0].speaker.end) == qs[0].speaker.name);
  }
}

TEST_CASE("nested quotations stay inside the outer one", "[extract][quotes]") {
  std::string text = "“He told me ‘never again’ and walked out,” Paula Reyes said.";
  auto qs = extractor().extract_quotes(text);
  REQUIRE(qs.size() == 1);
  CHECK(qs[0].text == "He told me ‘never again’ and walked out");
  CHECK(qs[0].speaker.canonical == "Paula Reyes");

  std::string british = "‘The sign said “closed” all week,’ Owen Pryce said.";
  qs = extractor().extract_quotes(british);
  REQUIRE(qs.size() == 1);
  CHECK(qs[0].text == "The sign said “closed” all week");
}

TEST_CASE("a quotation over several paragraphs is one quote", "[extract][quotes]") {
  std::string text =
      "Tom Hale said: “The first part of the plan is ready.\n\n"
      "“The second part will follow in the spring, and the third after that.”\n\n"
      "The council meets on Friday.";
  auto qs = extractor().extract_quotes(text);
  REQUIRE(qs.size() == 1);
  CHECK(qs[0].kind == "direct");
  CHECK(qs[0].speaker.canonical == "Tom Hale");
  CHECK(qs[0].text ==
        "The first part of the plan is ready. The second part will follow in the spring, and "
        "the third after that.");
}

TEST_CASE("partial and continued quotations", "[extract][quotes]") {
  std::string partial = "Senator Ruth Ames said the plan was “dead on arrival” and left early.";
  auto qs = extractor().extract_quotes(partial);
  const Quote* d = find_quote(qs, "dead on arrival");
  REQUIRE(d != nullptr);
  const Quote* direct = nullptr;
  for (const auto& q : qs)
    if (q.kind == "direct") direct = &q;
  REQUIRE(direct != nullptr);
  CHECK(direct->text == "dead on arrival");
  CHECK(direct->speaker.canonical == "Ruth Ames");

  std::string continued =
      "“We will win this fight,” said Ana Costa. “Nobody can stop this movement now.”";
  qs = extractor().extract_quotes(continued);
  const Quote* second = find_quote(qs, "Nobody can stop");
  REQUIRE(second != nullptr);
  CHECK(second->speaker.canonical == "Ana Costa");
}

TEST_CASE("reported speech in every order", "[extract][quotes]") {
  struct Case {
    std::string text, content, cue, speaker;
  };
  const std::vector<Case> cases = {
      {"Ravi Nair said that hospitals would reopen next week.",
       "hospitals would reopen next week", "said", "Ravi Nair"},
      {"Ravi Nair said hospitals would reopen next week.", "hospitals would reopen next week",
       "said", "Ravi Nair"},
      {"Hospitals would reopen next week, Ravi Nair said.", "Hospitals would reopen next week",
       "said", "Ravi Nair"},
      {"Hospitals would reopen next week, said Ravi Nair.", "Hospitals would reopen next week",
       "said", "Ravi Nair"},
      {"According to Ravi Nair, hospitals would reopen next week.",
       "hospitals would reopen next week", "according to", "Ravi Nair"},
      {"Hospitals would reopen next week, according to Ravi Nair.",
       "Hospitals would reopen next week", "according to", "Ravi Nair"},
      {"Ravi Nair told reporters that hospitals would reopen next week.",
       "hospitals would reopen next week", "told", "Ravi Nair"},
      {"Ravi Nair told reporters hospitals would reopen next week.",
       "hospitals would reopen next week", "told", "Ravi Nair"},
      {"Ravi Nair said on Tuesday that hospitals would reopen next week.",
       "hospitals would reopen next week", "said", "Ravi Nair"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto qs = extractor().extract_quotes(c.text);
    REQUIRE(qs.size() == 1);
    CHECK(qs[0].kind == "indirect");
    CHECK(qs[0].text == c.content);
    CHECK(qs[0].cue == c.cue);
    CHECK(qs[0].speaker.canonical == c.speaker);
    CHECK(cp_substr(c.text, qs[0].start, qs[0].end) == c.content);
  }
}

TEST_CASE("cue verbs and phrases", "[extract][quotes]") {
  const std::vector<std::string> cues = {"said",     "says",    "stated",  "added",
                                         "warned",   "argued",  "insisted", "noted",
                                         "claimed",  "announced", "confirmed", "mentioned",
                                         "explained", "wrote",  "tweeted", "downplayed",
                                         "ruled out", "told"};
  for (const auto& cue : cues) {
    std::string text = "Carla Diaz " + cue + " that the strike would end soon.";
    CAPTURE(text);
    auto qs = extractor().extract_quotes(text);
    REQUIRE(qs.size() == 1);
    CHECK(qs[0].cue == cue);
    CHECK(qs[0].speaker.canonical == "Carla Diaz");
  }
}

TEST_CASE("what is not a quotation", "[extract][quotes]") {
  const std::vector<std::string> texts = {
      "The so-called “peace dividend” never arrived.",   // scare quotes, nobody speaks
      "The plan is said to include a ceasefire.",         // passive, no speaker
      "The envoys were reported to have met in Miami.",   // passive
      "Neither Paris nor Rome has confirmed the details.",  // negated
      "Carla Diaz did not say when the strike would end.",  // negated
      "The statement was read out at noon.",              // cue word as a noun
      "The preconditions stated in the treaty would not change.",  // no source
      "The governor has the final say on the budget.",    // "say" as a noun
  };
  for (const auto& t : texts) {
    CAPTURE(t);
    CHECK(extractor().extract_quotes(t).empty());
  }
}

TEST_CASE("quotation marks in the tokenizer", "[extract][tokens]") {
  auto tt = whosaid::tokenize("It’s Tom’s plan, and the ’90s are over: “yes,” he said.");
  REQUIRE(tt.quotes.size() == 1);  // apostrophes are not quotation marks
  CHECK(tt.text[tt.quotes[0].open] == U'“');
  CHECK(tt.text[tt.quotes[0].close] == U'”');
  // Abbreviations do not end sentences; sentence ends do.
  auto s = whosaid::tokenize("Gov. Mike Lane spoke. Mr. Lane left at 5 p.m. on Friday.");
  CHECK(s.sentences.size() == 2);
}
