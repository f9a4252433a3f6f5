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
    // The span points at the quotation in the input, the mention at the
    // source phrase, which holds the name ("Mayor Anna Lind").
    CHECK(cp_substr(c.text, qs[0].start, qs[0].end) == c.quote);
    CHECK_THAT(cp_substr(c.text, qs[0].speaker.start, qs[0].speaker.end),
               Catch::Matchers::Contains(qs[0].speaker.name));
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

TEST_CASE("paragraphs stored as one keep a running quotation whole", "[extract][quotes]") {
  // Each sentence of the quotation opens with a mark never closed, as the
  // paragraphs of a long quotation do; the last one closes it.
  std::string text =
      "Tom Hale said: \"The first part of the plan is ready. \"The second part will follow "
      "in the spring. \"The third comes after that.\" The council meets on Friday.";
  auto qs = extractor().extract_quotes(text);
  const Quote* q = find_quote(qs, "The second part");
  REQUIRE(q != nullptr);
  CHECK(q->kind == "direct");
  CHECK(q->speaker.canonical == "Tom Hale");
  CHECK(q->text ==
        "The first part of the plan is ready. The second part will follow in the spring. The "
        "third comes after that.");
  for (const auto& x : qs) {
    CAPTURE(x.text);
    CHECK(x.text.find("council meets") == std::string::npos);
  }
  // A mark inside a quotation that did not start a sentence is no
  // continuation: the words before it are no part of a running quotation.
  auto tt = whosaid::tokenize(
      "He called it \"a mess. \"We will fix it,\" he said.");
  for (const auto& r : tt.quotes) CHECK(r.continuation_marks.empty());
}

TEST_CASE("hard-wrapped lines are one paragraph", "[extract][quotes][tokens]") {
  // Wire copy: lines cut near 65 columns, paragraphs opened by an indent.
  std::string text =
      "LONDON, March 3 - The finance minister of Freedonia said on\n"
      "Tuesday the budget would be balanced within two years.\n"
      "    \"This situation cannot continue indefinitely. Sooner or\n"
      "later progress must be made in controlling spending,\" he said.\n"
      "    \"We are ready to move quickly if the need arises,\" said\n"
      "Alan Greer, head of the budget office.\n";
  auto tt = whosaid::tokenize(text);
  CHECK(tt.tokens.back().para == 2);
  auto qs = extractor().extract_quotes(text);
  const Quote* q = find_quote(qs, "Sooner or later progress must be made");
  REQUIRE(q != nullptr);
  CHECK(q->kind == "direct");
  const Quote* greer = find_quote(qs, "ready to move quickly");
  REQUIRE(greer != nullptr);
  CHECK(greer->speaker.canonical == "Alan Greer");
  // A text of one paragraph a line keeps its line breaks.
  auto lines = whosaid::tokenize(
      "Title of the story\n\nThe first paragraph is a line of its own and long enough.\n"
      "The second paragraph is another line of its own, also long enough.\n");
  CHECK(lines.tokens.back().para == 2);
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

// The quote of QS whose text is exactly TEXT, or nullptr.
static const Quote* quote_exactly(const std::vector<Quote>& qs, const std::string& text) {
  for (const auto& q : qs)
    if (q.text == text) return &q;
  return nullptr;
}

TEST_CASE("each quote records the sieve rule that found its source", "[extract][quotes][sieve]") {
  struct Case {
    std::string text, content, speaker, rule;
  };
  const std::vector<Case> cases = {
      {"“We will win this fight,” said Ana Costa.", "We will win this fight", "Ana Costa",
       "said-x"},
      {"“We will win this fight,” Ana Costa said.", "We will win this fight", "Ana Costa",
       "x-said"},
      {"“We will win this fight,” Ana Costa told reporters.", "We will win this fight",
       "Ana Costa", "x-said"},
      {"Hospitals would reopen next week, Ravi Nair said.", "Hospitals would reopen next week",
       "Ravi Nair", "x-said"},
      {"Hospitals would reopen next week, said Ravi Nair.", "Hospitals would reopen next week",
       "Ravi Nair", "said-x"},
      {"Ravi Nair said that hospitals would reopen next week.",
       "hospitals would reopen next week", "Ravi Nair", "cue-subject"},
      {"Ravi Nair said: “Hospitals will reopen next week.”", "Hospitals will reopen next week.",
       "Ravi Nair", "cue-subject"},
      // The subject of "told", never its object.
      {"Marco Rubio told Sergei Lavrov that the talks would resume in May.",
       "the talks would resume in May", "Marco Rubio", "cue-subject"},
      {"According to Ravi Nair, hospitals would reopen next week.",
       "hospitals would reopen next week", "Ravi Nair", "according-to"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto qs = extractor().extract_quotes(c.text);
    const Quote* q = quote_exactly(qs, c.content);
    REQUIRE(q != nullptr);
    CHECK(q->speaker.canonical == c.speaker);
    CHECK(q->speaker.rule == c.rule);
    CHECK(q->speaker.confidence > 0.5);
    CHECK(q->speaker.confidence <= 1.0);
  }
}

TEST_CASE("appositives give the person, the organisation aside", "[extract][quotes][sieve]") {
  struct Case {
    std::string text, speaker, organization;
  };
  const std::vector<Case> cases = {
      {"Jeremy Hale, of the Patent Office, said the rules would change in June.", "Jeremy Hale",
       "Patent Office"},
      {"Anna Farr, of Nomura, said the yen would weaken further.", "Anna Farr", "Nomura"},
      {"Paul Dent, an economist at Capital Economics, said rates would rise again.", "Paul Dent",
       "Capital Economics"},
      {"“Rates will rise again,” said Paul Dent, an economist at Capital Economics.",
       "Paul Dent", "Capital Economics"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto qs = extractor().extract_quotes(c.text);
    REQUIRE(qs.size() == 1);
    CHECK(qs[0].speaker.canonical == c.speaker);
    CHECK(qs[0].speaker.kind == "person");
    CHECK(qs[0].speaker.organization == c.organization);
    CHECK(qs[0].speaker.rule == "appositive");
  }
}

TEST_CASE("the printed speaker span is the source phrase", "[extract][quotes][sieve]") {
  // As attribution corpora mark sources: titles and determiners are part of
  // the phrase (the canonical name leaves them out).
  struct Case {
    std::string text, phrase;
  };
  const std::vector<Case> cases = {
      {"Sen. Ana Costa said that the bill would pass.", "Sen. Ana Costa"},
      {"Mr. Nair said that the bill would pass.", "Mr. Nair"},
      {"The company said that the plant would close.", "The company"},
      {"The bill would pass, a senior official said.", "a senior official"},
      {"“The bill will pass,” said Dr. Ana Costa.", "Dr. Ana Costa"},
      {"Paul Dent, an economist at Capital Economics, said rates would rise.",
       "Paul Dent, an economist at Capital Economics,"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto qs = extractor().extract_quotes(c.text);
    REQUIRE(qs.size() == 1);
    CHECK(cp_substr(c.text, qs[0].speaker.start, qs[0].speaker.end) == c.phrase);
  }
  // A partial quotation has the phrase of the statement it sits in.
  std::string partial = "Sen. Ruth Ames said the plan was “dead on arrival” and left early.";
  auto qs = extractor().extract_quotes(partial);
  REQUIRE(qs.size() == 2);
  for (const Quote& q : qs) CHECK(cp_substr(partial, q.speaker.start, q.speaker.end) == "Sen. Ruth Ames");
}

TEST_CASE("narrative, beliefs, plans and data are not quotes", "[extract][quotes][speech]") {
  const std::vector<std::string> texts = {
      "Ana Costa conceded defeat on Sunday night.",
      "Carl Berg went on to win the race in 2019.",
      "Ana Costa believes the economy will recover next year.",
      "Carl Berg thinks the economy will recover next year.",
      "Figures show that unemployment fell sharply in May.",
      "Official data showed that prices rose by 2% in March.",
      "Ana Costa claimed victory in the first round.",
      "Carl Berg posted a photo of the flood on Sunday.",
  };
  for (const auto& t : texts) {
    CAPTURE(t);
    auto qs = extractor().extract_quotes(t);
    for (const auto& q : qs) UNSCOPED_INFO("quote: " << q.text << " / cue: " << q.cue);
    CHECK(qs.empty());
  }
  // The same verbs with a clause are speech, and so are speech acts with
  // an object (praise, criticism, announcements).
  auto qs = extractor().extract_quotes("Ana Costa conceded that the economy was weak.");
  REQUIRE(qs.size() == 1);
  CHECK(qs[0].text == "the economy was weak");
  qs = extractor().extract_quotes("The ministry claimed its forces had taken two villages.");
  REQUIRE(qs.size() == 1);
  CHECK(qs[0].text == "its forces had taken two villages");
  qs = extractor().extract_quotes("Carl Berg praised the firefighters for their courage.");
  REQUIRE(qs.size() == 1);
  CHECK(qs[0].speaker.canonical == "Carl Berg");
}

TEST_CASE("fragments in quotation marks are not quotes", "[extract][quotes][speech]") {
  // A single quoted word or a title inside reported speech: the reported
  // statement is the quote, the fragment is not one of its own.
  auto qs = extractor().extract_quotes("Ana Costa said the film “Hamlet” had changed her life.");
  REQUIRE(qs.size() == 1);
  CHECK(qs[0].kind == "indirect");
  qs = extractor().extract_quotes("Carl Berg called the plan “disgraceful” and walked out.");
  CHECK(quote_exactly(qs, "disgraceful") == nullptr);
  // A one-word reply with its own cue is speech.
  qs = extractor().extract_quotes("“No,” said Ana Costa.");
  REQUIRE(qs.size() == 1);
  CHECK(qs[0].text == "No");
}

TEST_CASE("an opening quotation mark never closed does not swallow the article",
          "[extract][quotes][speech]") {
  std::string text =
      "Ana Costa said: “We will win this fight.\n\n"
      "The vote takes place on Monday in the capital, where turnout is expected to be high.\n\n"
      "Carl Berg said that the count would take two days.\n\n"
      "Observers from four countries will watch the count in every region of the country.\n";
  auto qs = extractor().extract_quotes(text);
  for (const auto& q : qs) {
    CAPTURE(q.text);
    CHECK(q.text.find("turnout") == std::string::npos);
    CHECK(q.text.find("Observers") == std::string::npos);
  }
  // The mark never closed is no part of the quote.
  const Quote* costa = find_quote(qs, "We will win");
  REQUIRE(costa != nullptr);
  CHECK(costa->text == "We will win this fight");
  const Quote* berg = find_quote(qs, "the count would take two days");
  REQUIRE(berg != nullptr);
  CHECK(berg->speaker.canonical == "Carl Berg");
}

TEST_CASE("reported speech ends before the next quotation's opening mark",
          "[extract][quotes][speech]") {
  // Straight marks: the opening one of the next quotation is not part of the
  // reported statement before it.
  std::string text =
      "Ravi Nair said a good deal had been secured. \"We are very pleased,\" he added.";
  auto qs = extractor().extract_quotes(text);
  const Quote* q = find_quote(qs, "a good deal");
  REQUIRE(q != nullptr);
  CHECK(q->text == "a good deal had been secured");
}

TEST_CASE("a cue word used as a noun and a lone pronoun are no quote", "[extract][quotes][speech]") {
  const std::vector<std::string> texts = {
      "Tomas Berg was hit by a bag of flour in Leeds.\n\n"
      "Mr Berg said the woman, who later ran off, claimed she was \"doing it for the fish\". "
      "In January, Mr Berg quit his ITV Two show for remarks he made about Danes, who he called "
      "\"herring thieves\".",
      "Tomas Berg was hit by a bag of flour in Leeds.\n\n"
      "Mr Berg said the woman, who later ran off, claimed she was \"doing it for the fish\". "
      "Last year, Mr Berg quit his radio show for remarks he made about bankers.",
  };
  for (const auto& t : texts) {
    CAPTURE(t);
    auto qs = extractor().extract_quotes(t);
    for (const auto& q : qs) {
      CAPTURE(q.text, q.cue);
      CHECK(q.text != "he");
      CHECK(q.cue != "remarks");
    }
  }
  // A cue after "to" is a verb: "went on to say".
  auto qs = extractor().extract_quotes("Ana Costa went on to say that the budget was balanced.");
  REQUIRE(qs.size() == 1);
  CHECK(qs[0].text == "the budget was balanced");
}
