// Training the attribution tagger (quotes/attribution_tagger.h): gold tags
// from annotated spans, and an averaged structured perceptron
// (perceptron::Trainer) over the tagger's own features, one paragraph a
// sequence. whosaid-train-attribution drives it; the tagger itself only
// reads the model this writes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "indexer/extract/perceptron/perceptron.h"
#include "indexer/extract/quotes/attribution_tagger.h"
#include "indexer/extract/quotes/quotes.h"
#include "indexer/extract/text/tokens.h"

namespace whosaid {

// One annotated attribution as brat-style spans (code points, end
// exclusive): the source's pieces (their envelope is tagged), the cue's
// and the content's.
struct SpanPieces {
  std::vector<std::pair<std::size_t, std::size_t>> source, cue, content;
};

// The gold tags of TT from the spans of ATTRS.
std::vector<std::uint8_t> tags_from_spans(const TokenizedText& tt,
                                          const std::vector<SpanPieces>& attrs);

// A training article: its tokens, the rules' attributions (features) and
// one gold tag a token.
struct AttributionExample {
  TokenizedText tt;
  std::vector<Attribution> rules;
  std::vector<std::uint8_t> gold;
};

class AttributionTrainer {
 public:
  // Weights are written in units of 1/kScale.
  static constexpr double kScale = 10;

  AttributionTrainer() : trainer_(kTagCount) {}

  // Counts the features of EXAMPLE; then freeze() keeps those seen at
  // least MIN_COUNT times and returns how many.
  void count(const AttributionExample& example);
  std::size_t freeze(std::size_t min_count);

  // One pass over EXAMPLE, a paragraph at a time: decode, then update
  // toward the gold tags. Returns the number of tokens tagged wrongly.
  std::size_t train(const AttributionExample& example);

  // The averaged model as AttributionTagger::parse() reads it: features
  // whose weights are all below MIN_WEIGHT are left out; O_BIAS is kept
  // for tagging time (AttributionTagger::o_bias()).
  std::string model(std::string_view comment, float min_weight, float o_bias) const;

 private:
  // The features of paragraph [B, E) of F: static, and conjoined with the
  // previous tag (indexed as perceptron::Trainer::train() reads them).
  void paragraph_features(const AttributionFeatures& f, std::size_t b, std::size_t e);

  perceptron::Trainer trainer_;
  std::vector<std::uint32_t> features_, offsets_, pair_features_, pair_offsets_;
  std::vector<std::uint32_t> ids_, id_offsets_, pair_ids_, pair_id_offsets_;
};

}  // namespace whosaid
