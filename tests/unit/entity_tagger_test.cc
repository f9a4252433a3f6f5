// Tests of the entity tagger (indexer/extract/entities/entity_tagger.h):
// BILOU coding and its Viterbi constraints, document history, and the
// embedded model on sentences written for these tests.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/place_tokens.h"
#include "indexer/extract/entities/entity_tagger.h"
#include "indexer/extract/extract.h"

using namespace whosaid;

namespace {

// "TYPE:text" of each entity of TEXT.
std::vector<std::string> entities(const std::string& text) {
  std::vector<std::string> out;
  for (const EntityMention& m : EntityTagger::shared().tag_entities(text))
    out.push_back(m.type + ":" + m.text);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("BILOU tags encode type and position", "[entity_tagger]") {
  CHECK(bilou_tag(EntityType::kNone, BilouPos::kUnit) == 0);
  CHECK(bilou_tag_name(bilou_tag(EntityType::kPer, BilouPos::kBegin)) == "B-PER");
  CHECK(bilou_tag_name(bilou_tag(EntityType::kMisc, BilouPos::kUnit)) == "U-MISC");
  CHECK(bilou_tag_name(kNumBilouTags) == "?");
  for (std::uint8_t t = 1; t < kNumBilouTags; ++t)
    CHECK(bilou_tag(bilou_type(t), bilou_pos(t)) == t);
}

TEST_CASE("BILOU spans round-trip and decoding is lenient", "[entity_tagger]") {
  const std::vector<EntitySpan> spans = {{0, 1, EntityType::kPer}, {3, 3, EntityType::kLoc},
                                         {4, 6, EntityType::kOrg}};
  const std::vector<std::uint8_t> tags = encode_bilou(spans, 8);
  CHECK(bilou_tag_name(tags[0]) == "B-PER");
  CHECK(bilou_tag_name(tags[1]) == "L-PER");
  CHECK(tags[2] == 0);
  CHECK(bilou_tag_name(tags[3]) == "U-LOC");
  CHECK(bilou_tag_name(tags[5]) == "I-ORG");
  CHECK(decode_bilou(tags) == spans);
  // Ill-formed: an I after O starts an entity; a type change ends one; a B
  // without L ends at the sequence's end.
  const auto i_per = bilou_tag(EntityType::kPer, BilouPos::kInside);
  const auto b_loc = bilou_tag(EntityType::kLoc, BilouPos::kBegin);
  CHECK(decode_bilou({0, i_per, b_loc}) ==
        std::vector<EntitySpan>{{1, 1, EntityType::kPer}, {2, 2, EntityType::kLoc}});
}

TEST_CASE("Viterbi under BILOU constraints yields only well-formed sequences", "[entity_tagger]") {
  const auto& c = bilou_constraints();
  const auto b_per = bilou_tag(EntityType::kPer, BilouPos::kBegin);
  const auto i_per = bilou_tag(EntityType::kPer, BilouPos::kInside);
  const auto l_per = bilou_tag(EntityType::kPer, BilouPos::kLast);
  const auto l_org = bilou_tag(EntityType::kOrg, BilouPos::kLast);
  const auto u_loc = bilou_tag(EntityType::kLoc, BilouPos::kUnit);
  CHECK(c.allowed(b_per, i_per));
  CHECK(c.allowed(b_per, l_per));
  CHECK_FALSE(c.allowed(b_per, l_org));
  CHECK_FALSE(c.allowed(b_per, 0));
  CHECK_FALSE(c.allowed(0, i_per));
  CHECK_FALSE(c.allowed(kNumBilouTags, l_per));  // the start
  CHECK(c.allowed(l_per, u_loc));
  CHECK_FALSE(c.may_end(b_per));
  // Emissions that favour "I-PER O B-PER": the best allowed sequence differs.
  std::vector<float> emission(3 * kNumBilouTags, 0.0f);
  emission[0 * kNumBilouTags + i_per] = 5;
  emission[2 * kNumBilouTags + b_per] = 5;
  const std::vector<float> transitions((kNumBilouTags + 1) * kNumBilouTags, 0.0f);
  std::vector<float> delta;
  std::vector<std::uint8_t> back, tags;
  perceptron::viterbi(3, kNumBilouTags, emission.data(), transitions.data(), &c, delta, back, tags);
  for (std::size_t i = 0; i < tags.size(); ++i)
    CHECK(c.allowed(i == 0 ? kNumBilouTags : tags[i - 1], tags[i]));
  CHECK(c.may_end(tags.back()));
}

TEST_CASE("document history: a name keeps its type within an article", "[entity_tagger]") {
  const std::string text = "Bill Clinton met Pirelli . Pirelli and Clinton and Pirelli agreed .";
  std::vector<PlaceToken> tokens;
  std::string folded;
  tokenize(text, tokens, folded);
  // Bill(0) Clinton(1) met(2) Pirelli(3) .(4) Pirelli(5) and(6) Clinton(7) and(8) Pirelli(9)
  std::vector<EntitySpan> spans = {{0, 1, EntityType::kPer}, {3, 3, EntityType::kPer},
                                   {5, 5, EntityType::kOrg}, {7, 7, EntityType::kLoc},
                                   {9, 9, EntityType::kOrg}};
  apply_document_history(tokens, folded, spans);
  CHECK(spans[1].type == EntityType::kOrg);  // 2 ORG votes to 1 PER
  CHECK(spans[2].type == EntityType::kOrg);
  CHECK(spans[3].type == EntityType::kPer);  // the surname of Bill Clinton
  CHECK(spans[0].type == EntityType::kPer);
  // A tie keeps the first mention's type.
  std::vector<EntitySpan> tie = {{3, 3, EntityType::kLoc}, {5, 5, EntityType::kOrg}};
  apply_document_history(tokens, folded, tie);
  CHECK(tie[0].type == EntityType::kLoc);
  CHECK(tie[1].type == EntityType::kLoc);
}

TEST_CASE("the embedded tagger finds people, companies and cities", "[entity_tagger]") {
  REQUIRE_FALSE(EntityTagger::shared().empty());
  const auto e = entities(
      "Angela Merkel met business leaders in Hamburg on Tuesday.\n"
      "Merkel said the talks had gone well.");
  CHECK(has(e, "PER:Angela Merkel"));
  CHECK(has(e, "LOC:Hamburg"));
  CHECK(has(e, "PER:Merkel"));
  CHECK_FALSE(has(e, "LOC:Tuesday"));
  const auto c = entities(
      "Shares in Siemens fell 3 percent after the company cut its forecast, chief executive "
      "Joe Kaeser said in Munich.");
  CHECK(has(c, "ORG:Siemens"));
  CHECK(has(c, "PER:Joe Kaeser"));
  CHECK(has(c, "LOC:Munich"));
  // Spans are code points of the text.
  const auto m = EntityTagger::shared().tag_entities("Café owner Zoë Baker flew to Paris.");
  REQUIRE_FALSE(m.empty());
  CHECK(m.back().text == "Paris");
  CHECK(m.back().start == 29);
  CHECK(m.back().end == 34);
}

TEST_CASE("capitalised sentence starts and ALL-CAPS headlines are not entities", "[entity_tagger]") {
  const auto e = entities(
      "SHARES RISE AFTER STRONG RESULTS\n\n"
      "Looking ahead, analysts expect more gains. Several brokers raised their forecasts "
      "for the bank on Friday.");
  for (const char* w : {"Looking", "Several", "SHARES", "RISE", "STRONG", "RESULTS"})
    for (const char* t : {"PER:", "ORG:", "LOC:", "MISC:"}) CHECK_FALSE(has(e, std::string(t) + w));
}

TEST_CASE("Chicago the city is a location", "[entity_tagger]") {
  CHECK(has(entities("The company moved its headquarters to Chicago last year."), "LOC:Chicago"));
}

TEST_CASE("Extractor::extract fills Article::entities over the whole text", "[entity_tagger]") {
  const Extractor x{AliasTable{}};
  Article a;
  a.body = "Shares in Google rose after it opened an office in Nairobi, chief executive Sundar Pichai said.";
  x.extract(a);
  CHECK(a.entities.size() == x.tag_entities(a.body).size());
  std::vector<std::string> got;
  for (const EntityMention& m : a.entities) got.push_back(m.type + ":" + m.text);
  CHECK(has(got, "LOC:Nairobi"));
  CHECK(has(got, "PER:Sundar Pichai"));
}

TEST_CASE("entity tagger: a name never runs over a line break", "[entities]") {
  auto entities = whosaid::EntityTagger::shared().tag_entities(
      "Foo Corp buys Bar\n\nFoo Corp said it agreed to buy Bar Inc for 10 dlrs a share.\n");
  for (const auto& e : entities) {
    CAPTURE(e.text);
    CHECK(e.text.find('\n') == std::string::npos);
  }
}
