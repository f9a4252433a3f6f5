// Tests of the place tagger (indexer/extract/entities/place_tagger.h): the tag encoding, the
// model format (round trip through the trainer, malformed input), features
// that do not depend on who finds the gazetteer names, the embedded model,
// and PlaceFinder with the tagger on sentences written for these tests.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/error.h"
#include "indexer/extract/places/places.h"
#include "indexer/extract/lexicon/gazetteer.h"
#include "indexer/extract/entities/place_tagger.h"

using namespace whosaid;

namespace {

const Gazetteer& gazetteer() {
  static const Gazetteer g = Gazetteer::make_embedded();
  return g;
}

// Features of TEXT, with no rule hints.
void features_of(const std::string& text, std::vector<PlaceToken>& tokens, std::string& folded,
                 std::vector<std::uint32_t>& features, std::vector<std::uint32_t>& offsets,
                 const std::vector<GazetteerSpan>* names = nullptr) {
  tokenize(text, tokens, folded);
  static const std::vector<RuleHint> kNoHints;
  TaggerInput in{text, tokens, folded, kNoHints, names};
  extract_tagger_features(in, gazetteer(), features, offsets);
}

// "name/country" of each mention.
std::vector<std::string> places(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& m : shared_place_finder().find(text)) out.push_back(m.name + "/" + m.country);
  return out;
}

}  // namespace

TEST_CASE("entity tags encode type and position", "[place_tagger]") {
  CHECK(entity_tag(EntityType::kNone, true) == 0);
  CHECK(entity_tag_name(entity_tag(EntityType::kLoc, true)) == "B-LOC");
  CHECK(entity_tag_name(entity_tag(EntityType::kMisc, false)) == "I-MISC");
  for (std::uint8_t t = 1; t < kNumEntityTags; ++t)
    CHECK(entity_tag(tag_type(t), tag_begins(t)) == t);
  CHECK(entity_tag_name(kNumEntityTags) == "?");
}

TEST_CASE("a trained model round-trips through its text format", "[place_tagger]") {
  // Two toy sentences: "Zorbia" is a location after "in", "Quux" a person.
  const std::vector<std::pair<std::string, std::vector<std::uint8_t>>> data = {
      {"They met in Zorbia today .", {0, 0, 0, 1, 0, 0}},
      {"Quux Blat said so .", {5, 6, 0, 0, 0}},
  };
  PerceptronTrainer trainer;
  std::vector<PlaceToken> tokens;
  std::string folded;
  std::vector<std::uint32_t> features, offsets, ids, id_offsets;
  for (const auto& [text, gold] : data) {
    features_of(text, tokens, folded, features, offsets);
    REQUIRE(tokens.size() == gold.size());
    trainer.count_features(features);
  }
  REQUIRE(trainer.freeze_features(1) > 0);
  std::vector<std::uint8_t> predicted;
  for (int epoch = 0; epoch < 5; ++epoch) {
    for (const auto& [text, gold] : data) {
      features_of(text, tokens, folded, features, offsets);
      trainer.encode(features, offsets, ids, id_offsets);
      trainer.train(ids, id_offsets, gold, predicted);
    }
  }
  const PlaceTagger tagger(trainer.write_model(100));
  REQUIRE_FALSE(tagger.empty());
  std::vector<std::uint8_t> tags;
  for (const auto& [text, gold] : data) {
    features_of(text, tokens, folded, features, offsets);
    tagger.tag(features, offsets, tags);
    CHECK(tags == gold);
  }
}

TEST_CASE("malformed models are refused with the line", "[place_tagger]") {
  CHECK_THROWS_AS(PlaceTagger("not a model\n"), Error);
  CHECK_THROWS_WITH(PlaceTagger("whosaid-place-tagger 2 9 100\nabc 12:5\n"),
                    Catch::Contains("line 2") && Catch::Contains("bad tag"));
  CHECK_THROWS_WITH(PlaceTagger("whosaid-place-tagger 2 9 100\nT 3 1 2\n"),
                    Catch::Contains("transition"));
  CHECK(PlaceTagger("# only a comment\n").empty());
}

TEST_CASE("an empty tagger tags everything O", "[place_tagger]") {
  std::vector<PlaceToken> tokens;
  std::string folded;
  std::vector<std::uint32_t> features, offsets;
  features_of("Talks in Kyiv.", tokens, folded, features, offsets);
  std::vector<std::uint8_t> tags;
  PlaceTagger().tag(features, offsets, tags);
  CHECK(tags == std::vector<std::uint8_t>(tokens.size(), 0));
}

TEST_CASE("features are the same whoever finds the gazetteer names", "[place_tagger]") {
  // PlaceFinder hands the tagger its own first pass; training lets the
  // tagger find them. The two must agree or the model sees other features.
  const std::string text =
      "WASHINGTON, Nov 20 - Officials in New York and Bosnia and Herzegovina met the U.S.\n"
      "envoy. KYIV FALLS SILENT\n\nThe Bank of Japan said Mr Paris left Reading.";
  std::vector<PlaceToken> tokens;
  std::string folded;
  std::vector<std::uint32_t> own, own_offsets, given, given_offsets;
  features_of(text, tokens, folded, own, own_offsets);
  std::vector<GazetteerSpan> names;
  find_gazetteer_spans(tokens, folded, gazetteer(), names);
  CHECK(names.size() >= 5);
  features_of(text, tokens, folded, given, given_offsets, &names);
  CHECK(own == given);
  CHECK(own_offsets == given_offsets);
}

TEST_CASE("the embedded model loads and tags news text", "[place_tagger]") {
  const PlaceTagger tagger = PlaceTagger::make_embedded();
  REQUIRE(tagger.size() > 1000);
  const std::string text = "Peter Blackburn of the European Commission flew to Paris on Monday.";
  std::vector<PlaceToken> tokens;
  std::string folded;
  tokenize(text, tokens, folded);
  std::vector<RuleHint> hints;
  shared_place_finder().rule_hints(text, hints);
  REQUIRE(hints.size() == tokens.size());
  std::vector<std::uint8_t> tags;
  tagger.tag({text, tokens, folded, hints}, gazetteer(), tags);
  REQUIRE(tags.size() == tokens.size());
  CHECK(entity_tag_name(tags[0]) == "B-PER");
  CHECK(entity_tag_name(tags[1]) == "I-PER");
  CHECK(tag_type(tags[4]) == EntityType::kOrg);  // European
  CHECK(entity_tag_name(tags[8]) == "B-LOC");    // Paris
}

TEST_CASE("the finder keeps places and drops teams", "[place_tagger]") {
  CHECK(places("Talks in Kyiv ended without a deal, officials in Moscow said.") ==
        std::vector<std::string>{"Kyiv/UA", "Moscow/RU"});
  // A dateline the tagger has not seen in this form stays a place.
  CHECK(places("HOUSTON, June 1 - The company said profits rose.") ==
        std::vector<std::string>{"Houston/US"});
  // Results tables: cities as teams are organisations.
  CHECK(places("BASEBALL - MAJOR LEAGUE RESULTS\nChicago 5 Boston 3\nNew York 2 Seattle 1\n").empty());
  // The rules' rejections stand: the tagger adds no "Paris Hilton".
  CHECK(places("Fans waited for Paris Hilton outside the Air France office.").empty());
}
