// The attribution tagger (indexer/extract/quotes/attribution_tagger.h) and
// its training (indexer/extract/training/attribution_training.h): gold tags
// from brat-style spans, attributions from tags, merging with the rules, the
// model's text format, and a tiny training run that learns a cue the rules
// do not know.
#include "indexer/extract/quotes/attribution_tagger.h"

#include <catch2/catch.hpp>

#include "core/error.h"
#include "indexer/extract/quotes/quotes.h"
#include "indexer/extract/text/tokens.h"
#include "indexer/extract/training/attribution_training.h"

using namespace whosaid;

namespace {

// The code-point span of the first occurrence of NEEDLE (ASCII text).
std::pair<std::size_t, std::size_t> span_of(const std::string& text, const std::string& needle) {
  std::size_t b = text.find(needle);
  REQUIRE(b != std::string::npos);
  return {b, b + needle.size()};
}

std::string token_text(const TokenizedText& tt, TokenRange r) {
  return span_text(tt, range_start(tt, r), range_end(tt, r));
}

// A tagger trained EPOCHS times on the one article TT with GOLD tags.
AttributionTagger train(const TokenizedText& tt, const std::vector<std::uint8_t>& gold,
                        int epochs) {
  AttributionExample x{tt, find_rule_attributions(tt), gold};
  AttributionTrainer trainer;
  trainer.count(x);
  REQUIRE(trainer.freeze(1) > 0);
  for (int e = 0; e < epochs; ++e) trainer.train(x);
  return AttributionTagger::parse(trainer.model("a test", 0, 0), "test");
}

}  // namespace

TEST_CASE("gold tags from spans", "[extract][attribution]") {
  std::string text = "Polls show Smith is leading in Iowa.";
  TokenizedText tt = tokenize(text);
  SpanPieces a;
  a.source = {span_of(text, "Polls")};
  a.cue = {span_of(text, "show")};
  a.content = {span_of(text, "Smith is leading in Iowa")};
  std::vector<std::uint8_t> tags = tags_from_spans(tt, {a});
  REQUIRE(tags.size() == tt.tokens.size());
  CHECK(tags[0] == kTagBSource);
  CHECK(tags[1] == kTagBCue);
  CHECK(tags[2] == kTagBContent);
  CHECK(tags[3] == kTagIContent);
  CHECK(tags[6] == kTagIContent);
  CHECK(tags[7] == kTagO);  // the full stop
}

TEST_CASE("attributions from tags", "[extract][attribution]") {
  std::string text = "Polls show Smith is leading in Iowa.";
  TokenizedText tt = tokenize(text);
  std::vector<std::uint8_t> tags = {kTagBSource,  kTagBCue,     kTagBContent, kTagIContent,
                                    kTagIContent, kTagIContent, kTagIContent, kTagO};
  auto attrs = attributions_from_tags(tt, tags);
  REQUIRE(attrs.size() == 1);
  CHECK(token_text(tt, attrs[0].source) == "Polls");
  CHECK(attrs[0].cue_text == "show");
  CHECK(span_text(tt, attrs[0].content_start, attrs[0].content_end) == "Smith is leading in Iowa");
  CHECK_FALSE(attrs[0].direct);

  // A negated one is dropped.
  TokenizedText neg = tokenize("Polls never show Smith is leading in Iowa.");
  std::vector<std::uint8_t> neg_tags = {kTagBSource,  kTagO,        kTagBCue,
                                        kTagBContent, kTagIContent, kTagIContent,
                                        kTagIContent, kTagIContent, kTagO};
  CHECK(attributions_from_tags(neg, neg_tags).empty());
}

TEST_CASE("merging keeps the rules and adds what does not overlap", "[extract][attribution]") {
  std::string text = "Carla Diaz said the strike would end. Polls show Smith is leading.";
  TokenizedText tt = tokenize(text);
  std::vector<Attribution> rules = find_rule_attributions(tt);
  REQUIRE(rules.size() == 1);
  std::vector<std::uint8_t> tags(tt.tokens.size(), kTagO);
  // The tagger finds the rules' attribution again and the poll.
  tags[0] = kTagBSource, tags[1] = kTagISource, tags[2] = kTagBCue, tags[3] = kTagBContent;
  std::size_t polls = 0;
  while (tt.tokens[polls].lower != "polls") ++polls;
  tags[polls] = kTagBSource, tags[polls + 1] = kTagBCue;
  tags[polls + 2] = kTagBContent, tags[polls + 3] = kTagIContent, tags[polls + 4] = kTagIContent;
  auto merged = merge_attributions(tt, rules, attributions_from_tags(tt, tags));
  REQUIRE(merged.size() == 2);
  CHECK(merged[0].cue_text == "said");
  CHECK(merged[1].cue_text == "show");
  CHECK(token_text(tt, merged[1].source) == "Polls");
}

TEST_CASE("a tiny model learns a cue and survives its text format", "[extract][attribution]") {
  std::string text = "Voters reckon Smith will win. The senator reckons taxes will fall.";
  TokenizedText tt = tokenize(text);
  SpanPieces a, b;
  a.source = {span_of(text, "Voters")};
  a.cue = {span_of(text, "reckon")};
  a.content = {span_of(text, "Smith will win")};
  b.source = {span_of(text, "The senator")};
  b.cue = {span_of(text, "reckons")};
  b.content = {span_of(text, "taxes will fall")};
  std::vector<std::uint8_t> gold = tags_from_spans(tt, {a, b});
  std::vector<Attribution> rules = find_rule_attributions(tt);
  AttributionTagger tagger = train(tt, gold, 10);
  CHECK(tagger.feature_count() > 0);
  CHECK(tagger.tag(tt, rules) == gold);

  CHECK_THROWS_AS(AttributionTagger::parse("not a model\n", "x.model"), Error);
  // An older model (64-bit keys, tab-separated) is refused, and so are
  // bad lines and a model of another tagger.
  CHECK_THROWS_AS(
      AttributionTagger::parse(std::string("whosaid-attribution-model 2\n00ab\t1:1\n"), "x.model"),
      Error);
  CHECK_THROWS_AS(AttributionTagger::parse(
                      std::string("whosaid-attribution-model 2 7 10\n00ab 9:1\n"), "x.model"),
                  Error);
  CHECK_THROWS_AS(AttributionTagger::parse(
                      std::string("whosaid-attribution-model 2 7 10\n00ab 1:x\n"), "x.model"),
                  Error);
  CHECK_THROWS_AS(AttributionTagger::parse(std::string("whosaid-attribution-model 2 5 10\n"), "x.model"),
                  Error);
  CHECK_THROWS_AS(AttributionTagger::parse(
                      std::string("whosaid-attribution-model 2 7 10\nV o-bias x\n"), "x.model"),
                  Error);
  AttributionTagger small = AttributionTagger::parse(
      std::string("whosaid-attribution-model 2 7 10\nV o-bias 40\n00ab 1:-5 6:20\n"), "x.model");
  CHECK(small.feature_count() == 1);
  CHECK(small.o_bias() == 40);
}

TEST_CASE("decoding keeps to the BIO constraints and gives margins", "[extract][attribution]") {
  // Trained to continue spans, then asked about a text where the best
  // single-token guesses would continue a span that never opened.
  std::string text =
      "Officials said on Monday that the bridge would reopen. Reopen would the bridge.";
  TokenizedText tt = tokenize(text);
  SpanPieces a;
  a.source = {span_of(text, "Officials")};
  a.cue = {span_of(text, "said")};
  a.content = {span_of(text, "the bridge would reopen")};
  std::vector<std::uint8_t> gold = tags_from_spans(tt, {a});
  std::vector<Attribution> rules = find_rule_attributions(tt);
  AttributionTagger tagger = train(tt, gold, 5);
  std::vector<float> margins;
  std::vector<std::uint8_t> tags = tagger.tag(tt, rules, &margins);
  REQUIRE(tags.size() == tt.tokens.size());
  REQUIRE(margins.size() == tt.tokens.size());
  for (std::size_t i = 0; i < tags.size(); ++i) {
    CHECK(margins[i] >= 0);
    bool continues = tags[i] != kTagO && tags[i] % 2 == 0;
    if (!continues) continue;
    REQUIRE(i > 0);
    CHECK(tt.tokens[i - 1].para == tt.tokens[i].para);
    CHECK((tags[i - 1] == tags[i] || tags[i - 1] == tags[i] - 1));
  }
  CHECK(tags == gold);
}
