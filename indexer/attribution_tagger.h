// The trained attribution tagger (issue 3): an averaged perceptron that tags
// every token of an article as part of an attribution's SOURCE, CUE or
// CONTENT (BIO tags), one paragraph at a time, greedily left to right. It
// finds the attributions the rules of extract_quotes.cc miss because their
// cue is not a speech verb ("called", "seems", "found", "in a poll"), and
// reads the rule extractor's own output as features, so merging the two
// only adds attributions. The model (data/attribution.model, rebuilt by
// scripts/train_attribution.sh from PolNeAR train with
// whosaid-train-attribution) holds feature strings and weights only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "indexer/extract_quotes.h"
#include "indexer/extract_tokens.h"

namespace whosaid {

// Token tags. I-X continues a span of X and may only follow B-X or I-X.
enum AttributionTag : std::uint8_t {
  kTagO,
  kTagBSource,
  kTagISource,
  kTagBCue,
  kTagICue,
  kTagBContent,
  kTagIContent,
  kTagCount
};

// The confidence extraction asks of the cue of an attribution the tagger
// adds (see attributions_from_tags): below it, unsure cues ("has the final
// say") add more noise than recall. The smallest of 0, 5, 10, 20 that keeps
// the non-quotations of the unit tests and the seed article's silent people
// out (dev totals were looked at, no dev article).
inline constexpr float kMinCueMargin = 10;

class AttributionTagger {
 public:
  AttributionTagger() = default;

  // Reads a model written by serialize(); WHERE names it in errors. Throws
  // Error for a malformed model.
  static AttributionTagger parse(std::string_view text, const std::string& where);
  // The model as text: a header line, then one line per feature
  // ("feature<TAB>tag:weight ..."), weights averaged.
  std::string serialize() const;
  std::size_t feature_count() const { return index_.size(); }

  // The tag of every token of TT (same indices). RULES are the rule
  // extractor's attributions of TT, read as features. Linear in the
  // number of tokens; thread-safe on a loaded model.
  // When MARGINS is given it receives, per token, how far the chosen tag's
  // score is ahead of the next best one (the tagger's confidence).
  std::vector<std::uint8_t> tag(const TokenizedText& tt, const std::vector<Attribution>& rules,
                                std::vector<float>* margins = nullptr) const;

  // Training. One perceptron pass over an article with its GOLD tags (one
  // per token); new features are added only while `grow` is set. Returns
  // the number of tokens tagged wrong before the update.
  std::size_t train(const TokenizedText& tt, const std::vector<Attribution>& rules,
                    const std::vector<std::uint8_t>& gold, bool grow);
  // Ends training: replaces the weights by their averages and drops
  // features whose largest absolute weight is below MIN_WEIGHT.
  void finish_training(float min_weight);

 private:
  using Weights = std::array<float, kTagCount>;
  struct Context;

  int feature_id(const std::string& f, bool grow);
  std::vector<std::uint8_t> run(const TokenizedText& tt, const std::vector<Attribution>& rules,
                                const std::vector<std::uint8_t>* gold, bool grow,
                                std::size_t* errors, std::vector<float>* margins);
  void update(const std::vector<int>& feats, int truth, int guess);

  std::unordered_map<std::string, int> index_;
  std::vector<Weights> w_;
  // Training state (averaging): running totals and last-update stamps.
  std::vector<Weights> totals_;
  std::vector<std::array<std::uint64_t, kTagCount>> stamps_;
  std::uint64_t clock_ = 0;
};

// The attributions spelt by TAGS over TT: each cue span anchors one
// attribution and takes the nearest source span and the content spans
// nearest to it in its paragraph. Attributions without a source or
// content are dropped, and so are negated and passive ones and, given
// MARGINS (from tag()), those whose cue has a token tagged with a margin
// below MIN_CUE_MARGIN.
std::vector<Attribution> attributions_from_tags(const TokenizedText& tt,
                                                const std::vector<std::uint8_t>& tags,
                                                const std::vector<float>* margins = nullptr,
                                                float min_cue_margin = 0);

// RULES plus those of MODEL that overlap no rule attribution (source, cue
// or content), in text order, `inherits` indices kept valid.
std::vector<Attribution> merge_attributions(const TokenizedText& tt,
                                            std::vector<Attribution> rules,
                                            const std::vector<Attribution>& model);

// The gold tags of TT from brat-style spans (code points, end exclusive):
// per attribution the source envelope, cue and content pieces.
struct SpanPieces {
  std::vector<std::pair<std::size_t, std::size_t>> source, cue, content;
};
std::vector<std::uint8_t> tags_from_spans(const TokenizedText& tt,
                                          const std::vector<SpanPieces>& attrs);

// The model extraction uses, loaded once: $WHOSAID_ATTRIBUTION_MODEL when
// set ("none" disables the tagger), else data/attribution.model of the
// source tree when present; nullptr when there is none. Throws Error when
// the model named cannot be read or is malformed.
const AttributionTagger* shared_attribution_tagger();

}  // namespace whosaid
