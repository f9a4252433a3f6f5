// The statistical tagger behind place extraction (issue 3): a structured
// averaged perceptron over BIO tags of the four CoNLL-2003 entity types
// (LOC, ORG, PER, MISC) with first-order Viterbi decoding. It reads the
// tokens of tokenize() (indexer/extract/lexicon/gazetteer.h), so it sees news text exactly
// as PlaceFinder does, and scores hashed features: the folded word and its
// neighbours (+-2), word shape, prefixes and suffixes, capitalisation,
// sentence start, all-caps lines, gazetteer names (kind, position in the
// name, population, name class), demonyms, and a hint per token saying
// where the rule-based finder put a place. Predicting all four types lets
// it tell "Chicago" the team (ORG) from "Chicago" the city (LOC).
//
// The model is data/place_tagger.model (hashed feature ids and integer
// weights, no text), compiled into the library like the gazetteer and
// rebuilt from ../shared/data/conll2003-ner/eng.train by
// scripts/train_place_tagger.sh (program whosaid-train-places). Decoding
// is linear in the text; a loaded PlaceTagger is immutable and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/extract/entities/entity_tagger.h"
#include "indexer/extract/lexicon/gazetteer.h"
#include "indexer/extract/perceptron/perceptron.h"

namespace whosaid {

// Tags: 0 = O, then B and I for each type of EntityType, in its order.
constexpr int kNumEntityTags = 9;

// The tag that begins (BEGIN) or continues an entity of TYPE; 0 for kNone.
constexpr std::uint8_t entity_tag(EntityType type, bool begin) {
  return type == EntityType::kNone ? 0
                                   : static_cast<std::uint8_t>(
                                         2 * static_cast<int>(type) - (begin ? 1 : 0));
}
constexpr EntityType tag_type(std::uint8_t tag) {
  return static_cast<EntityType>((tag + 1) / 2);
}
constexpr bool tag_begins(std::uint8_t tag) { return tag % 2 == 1; }

// "O", "B-LOC", "I-LOC", ..., "I-MISC"; "?" for a tag out of range.
std::string_view entity_tag_name(std::uint8_t tag);

// What the rule-based finder said about a token (PlaceFinder::find_by_rules):
// a tagger feature.
enum class RuleHint : std::uint8_t {
  kNone = 0,   // not in a place it returned
  kBegin = 1,  // first token of a place it returned
  kInside = 2, // later token of a place it returned
  kDateline = 3, // token of a place it found in a dateline ("KYIV, Nov 20 -")
};

// A gazetteer name in the text: tokens FIRST..LAST (inclusive), READINGS
// from Gazetteer::find().
struct GazetteerSpan {
  std::size_t first = 0, last = 0;
  const std::vector<NameReading>* readings = nullptr;
};

// The text and tokens a tagger reads: TOKENS and FOLDED from tokenize(TEXT),
// HINTS one per token (empty: all kNone). NAMES, if given, are the longest
// gazetteer names at capitalised words, in text order, as PlaceFinder's
// first pass finds them (a name starts at a capitalised word, ends on a
// capitalised word or a '.', spans no blank line, and is the longest
// there); if null, the tagger finds them itself, the same way.
struct TaggerInput {
  std::string_view text;
  const std::vector<PlaceToken>& tokens;
  std::string_view folded;
  const std::vector<RuleHint>& hints;
  const std::vector<GazetteerSpan>* names = nullptr;
};

// Appends to NAMES the gazetteer names of TOKENS (with FOLDED) as
// TaggerInput::names describes them.
void find_gazetteer_spans(const std::vector<PlaceToken>& tokens, std::string_view folded,
                          const Gazetteer& gazetteer, std::vector<GazetteerSpan>& names);

// Computes the hashed features of every token of IN: the features of token
// i are FEATURES[OFFSETS[i] .. OFFSETS[i+1]). Both vectors are cleared
// first; OFFSETS gets tokens.size() + 1 entries. Used alike by training and
// tagging, so the two cannot disagree. Linear in the tokens.
void extract_tagger_features(const TaggerInput& in, const Gazetteer& gazetteer,
                             std::vector<std::uint32_t>& features,
                             std::vector<std::uint32_t>& offsets);

class PlaceTagger {
 public:
  // An empty model: tag() returns all O.
  PlaceTagger() = default;

  // Loads a model in the format of the perceptron stack
  // (indexer/extract/perceptron/perceptron.h, magic "whosaid-place-tagger",
  // kNumEntityTags tags) that PerceptronTrainer::write_model() produces.
  // Throws Error naming the line of a malformed row.
  explicit PlaceTagger(std::string_view model_text);

  // Loads data/place_tagger.model as compiled into the library. Throws
  // Error if it is malformed.
  static PlaceTagger make_embedded();

  // True if no model is loaded.
  bool empty() const { return model_.empty(); }
  // Number of features with weights.
  std::size_t size() const { return model_.size(); }

  // Writes into TAGS (resized) the best tag sequence (Viterbi; an I tag
  // follows only a B or I tag of the same type) for tokens with FEATURES
  // and OFFSETS as extract_tagger_features() computes them.
  void tag(const std::vector<std::uint32_t>& features, const std::vector<std::uint32_t>& offsets,
           std::vector<std::uint8_t>& tags) const;

  // Extracts the features of IN and tags its tokens. Thread-safe.
  void tag(const TaggerInput& in, const Gazetteer& gazetteer,
           std::vector<std::uint8_t>& tags) const;

 private:
  perceptron::Model model_;
};

// BIO's constraints: an I tag follows only a B or I tag of its type.
const perceptron::Constraints& bio_constraints();

// Trains a PlaceTagger model: the perceptron stack's Trainer over the BIO
// tags, under bio_constraints(). Features are given as
// extract_tagger_features() computes them; those seen fewer than a cutoff
// number of times are ignored (count_features() then freeze_features()).
class PerceptronTrainer {
 public:
  void count_features(const std::vector<std::uint32_t>& features) { t_.count_features(features); }
  // Keeps the features counted at least MIN_COUNT times; returns how many.
  std::size_t freeze_features(std::size_t min_count) { return t_.freeze_features(min_count); }
  void encode(const std::vector<std::uint32_t>& features, const std::vector<std::uint32_t>& offsets,
              std::vector<std::uint32_t>& ids, std::vector<std::uint32_t>& id_offsets) const {
    t_.encode(features, offsets, ids, id_offsets);
  }
  // Decodes one encoded sequence into PREDICTED and updates toward GOLD.
  // Returns the number of tokens tagged wrongly.
  std::size_t train(const std::vector<std::uint32_t>& ids, const std::vector<std::uint32_t>& offsets,
                    const std::vector<std::uint8_t>& gold, std::vector<std::uint8_t>& predicted) {
    return t_.train(ids, offsets, gold, &bio_constraints(), predicted);
  }
  // The averaged model in the format PlaceTagger reads (see
  // perceptron::Trainer::write_model()).
  std::string write_model(double scale, long min_weight = 1) const;
  PlaceTagger averaged(double scale, long min_weight = 1) const {
    return PlaceTagger(write_model(scale, min_weight));
  }

 private:
  perceptron::Trainer t_{kNumEntityTags};
};

}  // namespace whosaid
