// The trained attribution tagger (issue 3): an averaged structured
// perceptron that tags every token of an article as part of an
// attribution's SOURCE, CUE or CONTENT (BIO tags), one paragraph at a time
// with Viterbi decoding. It adds the attributions the rules of
// quotes/quotes.cc miss (lexicon cues in constructions the rules do not
// know) and corrects the boundaries of the rules' sources; it reads the
// rule extractor's own output as features. The model (data/attribution.model, rebuilt by
// scripts/train_attribution.sh from PolNeAR train with
// whosaid-train-attribution and compiled into the library) holds hashed
// feature ids and weights only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "indexer/extract/quotes/quotes.h"
#include "indexer/extract/text/tokens.h"

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
// adds (see attributions_from_tags): below it, unsure cues add more noise
// than recall. On a held-out tenth of PolNeAR train, 0 to 40 scored alike.
inline constexpr float kMinCueMargin = 20;

// The most tokens tagged as one sequence: a longer paragraph is tagged in
// windows of whole sentences (text/tokens.h bounds their length). News
// paragraphs are below it (the longest of the BBC and PolNeAR texts in
// ../shared/data has 513 tokens); it bounds the tagger's memory on a text
// written as one paragraph.
inline constexpr std::size_t kMaxTagWindow = 1024;

class AttributionTagger {
 public:
  AttributionTagger() = default;

  // Reads a model written by serialize(); WHERE names it in errors. Throws
  // Error for a malformed model.
  static AttributionTagger parse(std::string_view text, const std::string& where);
  // The model as text: a header line, then one line per feature
  // ("<64-bit feature hash in hex><TAB>tag:weight ..."), weights averaged.
  // Features are hashed (template and values), so the model holds no text.
  std::string serialize() const;
  std::size_t feature_count() const { return training_ ? train_w_.size() : count_; }

  // The tag of every token of TT (same indices). RULES are the rule
  // extractor's attributions of TT, read as features. Viterbi decoding per
  // paragraph under the BIO constraints; linear in the number of tokens;
  // thread-safe on a loaded model. When MARGINS is given it receives, per
  // token, how far the best tag sequence is ahead of the best one giving
  // that token another tag (max-marginals: the tagger's confidence).
  std::vector<std::uint8_t> tag(const TokenizedText& tt, const std::vector<Attribution>& rules,
                                std::vector<float>* margins = nullptr) const;

  // Training (structured perceptron). One pass over an article with its
  // GOLD tags (one per token); new features are added only while `grow` is
  // set. Returns the number of tokens tagged wrong before the update.
  std::size_t train(const TokenizedText& tt, const std::vector<Attribution>& rules,
                    const std::vector<std::uint8_t>& gold, bool grow);
  // Ends training: replaces the weights by their averages and drops
  // features whose largest absolute weight is below MIN_WEIGHT.
  void finish_training(float min_weight);
  // A bias against the O tag taken off its score at tagging time (kept in
  // the model): above 0 trades precision for recall.
  void set_o_bias(float bias) { o_bias_ = bias; }
  float o_bias() const { return o_bias_; }

 private:
  using Weights = std::array<float, kTagCount>;
  struct Context;
  const Weights* find(std::uint64_t key) const;
  // Builds the lookup table from FEATS (key, weights) and the dense tables
  // of the small first-order features.
  void build(std::vector<std::pair<std::uint64_t, Weights>> feats);
  void update(std::uint64_t key, int tag, float delta, bool grow);
  void decode(const Context& ctx, std::size_t begin, std::size_t end, std::uint8_t* out,
              float* margins) const;

  // Open addressing: keys (0: empty) and their weights in parallel,
  // capacity a power of two, at most half full.
  std::vector<std::uint64_t> keys_;
  std::vector<Weights> weights_;
  std::size_t count_ = 0;
  float o_bias_ = 0;
  // The first-order features of small codes, by previous tag and code.
  std::vector<Weights> dense_;
  // Training state: weights by feature, running totals and last-update
  // stamps for averaging.
  bool training_ = false;
  std::unordered_map<std::uint64_t, std::uint32_t> train_index_;
  std::vector<Weights> train_w_;
  std::vector<std::array<double, kTagCount>> totals_;
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
// or content) and whose cue is a lexicon cue or whose source names
// someone, in text order, `inherits`
// indices kept valid. A rule attribution whose cue and source a MODEL
// attribution shares takes the model's source boundaries (when the model's
// source is a plain noun phrase).
std::vector<Attribution> merge_attributions(const TokenizedText& tt, std::vector<Attribution> rules,
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
