// The trained attribution tagger: an averaged structured perceptron
// (perceptron/perceptron.h) that tags every token of an article as part of an
// attribution's SOURCE, CUE or CONTENT (BIO tags), one paragraph at a time
// with Viterbi decoding. It adds the attributions the rules of
// quotes/quotes.cc miss (lexicon cues in constructions the rules do not
// know) and corrects the boundaries of the rules' sources; it reads the
// rule extractor's own output as features. The model (data/attribution.model, rebuilt by
// scripts/train_attribution.sh from PolNeAR train with
// whosaid-train-attribution, indexer/extract/training/, and compiled into
// the library) holds hashed feature ids and weights only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/extract/perceptron/perceptron.h"
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

// The features of an article's tokens, computed once per article: what
// the tagger reads and what its trainer (indexer/extract/training/) learns
// from. Feature ids are hashes of a template number and its values (word
// hashes, small codes), so a model holds no text.
class AttributionFeatures {
 public:
  // RULES are the rule extractor's attributions of TT, read as features.
  AttributionFeatures(const TokenizedText& tt, const std::vector<Attribution>& rules);

  // The tag-independent features of tokens [B, E) (one paragraph, or a
  // window of one), token B + j's in FEATURES[OFFSETS[j] .. OFFSETS[j + 1]).
  void static_features(std::size_t b, std::size_t e, std::vector<std::uint32_t>& features,
                       std::vector<std::uint32_t>& offsets) const;
  // The features of token I conjoined with the previous tag P (kTagCount:
  // the sequence start), kPairFeatures of them. The previous tag alone is
  // the model's transition score.
  static constexpr int kPairFeatures = 3;
  void pair_features(std::size_t i, int p, std::uint32_t out[kPairFeatures]) const;

  // The small codes two of the pair features conjoin (see pair_features),
  // which the tagger turns into tables, and the token's word hash.
  std::uint8_t shape_code(std::size_t i) const { return sh_code_[i]; }
  std::uint8_t rule_lex_code(std::size_t i) const { return rl_code_[i]; }
  std::uint64_t word(std::size_t i) const { return wh_[i]; }

 private:
  void mark_rules(const std::vector<Attribution>& rules);
  void mark_lexicon_cues();
  void find_nearest_cues();
  void hash_words();
  void find_capitalised_runs();
  void find_sentences();
  void find_nearest_quotes();
  void make_codes();

  const TokenizedText& tt_;
  std::vector<char> rule_;          // 'S', 'C', 'N' (content) or 0, by the rules
  std::vector<bool> rule_begin_;    // the first token of a rule span
  std::vector<char> lex_;           // 'B'/'I' inside a lexicon cue, else 0
  std::vector<int> cue_left_, cue_right_;  // nearest lexicon/rule cue of the sentence, -1
  std::vector<std::uint64_t> wh_;   // word hashes
  std::vector<char> sh_;            // shapes
  std::vector<std::uint8_t> run_pos_, run_len_;  // capitalised runs (names)
  std::vector<std::size_t> sent_begin_, sent_end_;
  std::vector<bool> sent_quote_;    // the token's sentence holds quoted words
  std::vector<int> qclose_left_, qopen_right_;  // nearest marks of the paragraph, -1
  std::vector<std::uint8_t> sh_code_, rl_code_;
};

// Which tag may follow which: I-X only after B-X or I-X.
const perceptron::Constraints& attribution_constraints();

class AttributionTagger {
 public:
  // The model file's magic (perceptron/perceptron.h gives the format).
  static constexpr std::string_view kMagic = "whosaid-attribution-model";

  // An empty tagger: tags every token O.
  AttributionTagger() = default;

  // Reads a model written by the trainer; WHERE names it in errors.
  // Throws Error for a malformed model or one of another tagger.
  static AttributionTagger parse(std::string_view text, const std::string& where);
  std::size_t feature_count() const { return model_.size(); }
  // The bias against the O tag taken off its score at tagging time (the
  // model's "o-bias" vocabulary entry): above 0 trades precision for
  // recall.
  float o_bias() const { return o_bias_; }

  // The tag of every token of TT (same indices). RULES are the rule
  // extractor's attributions of TT, read as features. Viterbi decoding per
  // paragraph under attribution_constraints(); linear in the number of
  // tokens; thread-safe. When MARGINS is given it receives, per token, how
  // far the best tag sequence is ahead of the best one giving that token
  // another tag (max-marginals: the tagger's confidence).
  std::vector<std::uint8_t> tag(const TokenizedText& tt, const std::vector<Attribution>& rules,
                                std::vector<float>* margins = nullptr) const;

 private:
  void build_tables();
  void decode(const AttributionFeatures& f, std::size_t begin, std::size_t end,
              std::uint8_t* out, float* margins) const;

  perceptron::Model model_;
  float o_bias_ = 0;
  // The pair features of small codes, summed ahead by previous tag and
  // code: (kTagCount + 1) x kDenseCodes rows of kTagCount weights.
  std::vector<float> dense_;
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

// The model extraction uses, loaded once: $WHOSAID_ATTRIBUTION_MODEL when
// set ("none" disables the tagger), else data/attribution.model of the
// source tree when present; nullptr when there is none. Throws Error when
// the model named cannot be read or is malformed.
const AttributionTagger* shared_attribution_tagger();

}  // namespace whosaid
