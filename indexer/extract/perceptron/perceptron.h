// One structured-perceptron stack for every sequence tagger of extraction:
// hashed features, first-order Viterbi decoding over N tags with optional
// transition constraints, averaged-perceptron training, and one model file
// format holding weights and a vocabulary only (no training text).
//
// Model format (text, one record a line; '#' lines are comments):
//   <magic> 2 <tags> <scale>
//   V <key> <value>                 vocabulary (e.g. a word's cluster bits)
//   T <from> <w_0> ... <w_tags-1>   transitions, from 0..tags (tags = start)
//   <feature hash, hex> <tag>:<weight> ...   a feature's non-zero weights
// Weights are integers in units of 1/scale.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace whosaid::perceptron {

// Feature ids: FNV-1a over a template number and the feature's bytes.
// Digits hash as '0', so numbers share features.
struct Hash {
  std::uint32_t h = 2166136261u;
  explicit Hash(std::uint8_t templ) { add(templ); }
  Hash& add(std::uint8_t b) {
    h = (h ^ b) * 16777619u;
    return *this;
  }
  Hash& add(std::string_view s) {
    for (char c : s) add(static_cast<std::uint8_t>(c >= '0' && c <= '9' ? '0' : c));
    return add(0xFF);
  }
  // A value hashed before (a word's or shape's id), four bytes.
  Hash& add32(std::uint32_t v) {
    for (int k = 0; k < 4; ++k, v >>= 8) add(static_cast<std::uint8_t>(v));
    return *this;
  }
};

// Which tag may follow which, and which may end a sequence. Without
// constraints every sequence is allowed.
class Constraints {
 public:
  Constraints() = default;
  // All transitions of TAGS tags allowed; restrict with forbid().
  explicit Constraints(int tags);
  int tags() const { return tags_; }
  // FROM == tags() is the sequence start.
  void forbid(int from, int to) { allowed_[from * tags_ + to] = 0; }
  void forbid_last(int tag) { last_[tag] = 0; }
  bool allowed(int from, int to) const { return allowed_.empty() || allowed_[from * tags_ + to]; }
  bool may_end(int tag) const { return last_.empty() || last_[tag]; }

 private:
  int tags_ = 0;
  std::vector<std::uint8_t> allowed_, last_;
};

// Best tag sequence of N tokens over TAGS tags: EMISSION[i * tags + t],
// TRANSITIONS[from * tags + to] with from == tags the start, C (may be
// null) restricting it. Writes it into OUT (resized). DELTA and BACK are
// scratch space.
void viterbi(std::size_t n, int tags, const float* emission, const float* transitions,
             const Constraints* c, std::vector<float>& delta, std::vector<std::uint8_t>& back,
             std::vector<std::uint8_t>& out);

// Viterbi when a token's scores depend on the previous tag too (features
// conjoined with it): SCORE[(i * (tags + 1) + p) * tags + y] scores tag y
// at token i after tag p, p == tags being the sequence start, which token 0
// alone uses. C (may be null) restricts it. Writes the best sequence into
// OUT[0 .. n) and, when MARGINS is not null, each token's max-marginal
// margin into MARGINS[0 .. n): how far the best sequence is ahead of the
// best one giving that token another tag (the tagger's confidence).
struct PairwiseScratch {
  std::vector<float> delta, beta;
  std::vector<std::uint8_t> back, allowed;
};
void viterbi_pairwise(std::size_t n, int tags, const float* score, const Constraints* c,
                      PairwiseScratch& scratch, std::uint8_t* out, float* margins = nullptr);

class Model {
 public:
  // An empty model: tag() returns all 0.
  Model() = default;

  // Loads a model written by Trainer::write_model() whose header starts
  // with MAGIC; NAME (e.g. "data/entity_tagger.model") names the file in
  // errors. Throws Error naming the line of a malformed row.
  Model(std::string_view text, std::string_view magic, std::string_view name);

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }  // features with weights
  int tags() const { return tags_; }

  // The vocabulary (V records), key -> value.
  const std::unordered_map<std::string, std::string>& vocabulary() const { return vocabulary_; }

  // Emission scores of every token: EMISSION[i * tags() + t], for features
  // FEATURES[OFFSETS[i] .. OFFSETS[i+1]).
  void emissions(const std::vector<std::uint32_t>& features,
                 const std::vector<std::uint32_t>& offsets, std::vector<float>& emission) const;

  // Adds FEATURE's weights, if the model has it, to OUT[0 .. tags()).
  void add_weights(std::uint32_t feature, float* out) const;
  // The transition scores, (tags() + 1) x tags(), row tags() the start.
  const float* transitions() const { return transitions_.data(); }

  // The best tag sequence (Viterbi under C, may be null). Thread-safe.
  void tag(const std::vector<std::uint32_t>& features, const std::vector<std::uint32_t>& offsets,
           const Constraints* c, std::vector<std::uint8_t>& tags) const;

 private:
  const std::int16_t* row(std::uint32_t feature) const;
  // emissions()'s sums, G vectors of weights a row.
  template <std::size_t G>
  void sums_of(const std::vector<std::uint32_t>& offsets,
               const std::vector<const std::int16_t*>& rows, std::vector<float>& emission) const;

  int tags_ = 0;
  // Open addressing, linear probing, over slots of 8 bytes (a feature and
  // 1 + its row; 0: empty), apart from the rows of weights (tags_ each):
  // most features of a text have no weights, and their probes then touch
  // only the small slot array.
  struct Slot {
    std::uint32_t key = 0, row = 0;
  };
  std::vector<Slot> table_;
  std::vector<std::int16_t> weights_;
  std::size_t slots_ = 0;
  std::size_t size_ = 0;
  float scale_ = 0;
  std::vector<float> transitions_;  // (tags_ + 1) x tags_
  std::unordered_map<std::string, std::string> vocabulary_;
};

// Trains a Model: structured perceptron with weight averaging. Features
// seen fewer than a cutoff number of times are ignored (count_features()
// then freeze_features()).
class Trainer {
 public:
  explicit Trainer(int tags) : tags_(tags) {}

  // Counts the features of one training sequence (before freeze_features()).
  void count_features(const std::vector<std::uint32_t>& features);
  // Keeps the features counted at least MIN_COUNT times; returns how many.
  std::size_t freeze_features(std::size_t min_count);

  // FEATURES as dense ids of kept features (others dropped), with OFFSETS
  // rewritten to match: the form train() takes.
  void encode(const std::vector<std::uint32_t>& features, const std::vector<std::uint32_t>& offsets,
              std::vector<std::uint32_t>& ids, std::vector<std::uint32_t>& id_offsets) const;

  // Decodes one encoded sequence with the current weights (under C, may be
  // null) into PREDICTED and, where it differs from GOLD, updates toward
  // GOLD. Returns the number of tokens tagged wrongly.
  std::size_t train(const std::vector<std::uint32_t>& ids, const std::vector<std::uint32_t>& offsets,
                    const std::vector<std::uint8_t>& gold, const Constraints* c,
                    std::vector<std::uint8_t>& predicted);

  // As train(), with features conjoined with the previous tag as well:
  // token i after tag p (p == tags: the start) has the encoded features
  // PAIR_IDS[PAIR_OFFSETS[i * (tags + 1) + p] .. PAIR_OFFSETS[i * (tags + 1) + p + 1])
  // (encode() them as the others). Decodes with viterbi_pairwise().
  std::size_t train(const std::vector<std::uint32_t>& ids, const std::vector<std::uint32_t>& offsets,
                    const std::vector<std::uint32_t>& pair_ids,
                    const std::vector<std::uint32_t>& pair_offsets,
                    const std::vector<std::uint8_t>& gold, const Constraints* c,
                    std::vector<std::uint8_t>& predicted);

  // The averaged model in the format Model reads, headed by COMMENT lines
  // (each gets "# ") and "<MAGIC> 2 <tags> <scale>"; VOCABULARY is written
  // as V records in key order. Weights round to integers in units of
  // 1/SCALE; features whose weights are all below MIN_WEIGHT units (at
  // least 1) are left out: a smaller model, faster to look up.
  std::string write_model(std::string_view magic, std::string_view comment, double scale,
                          long min_weight = 1,
                          const std::vector<std::pair<std::string, std::string>>& vocabulary = {}) const;

 private:
  // Adds WEIGHT to the row of every feature in [offsets[g], offsets[g + 1])
  // of IDS, at TAG (step_ times it to the running total, for averaging).
  void bump(const std::vector<std::uint32_t>& ids, const std::vector<std::uint32_t>& offsets,
            std::size_t g, std::size_t tag, float weight);
  // The perceptron update where PREDICTED differs from GOLD: emissions of
  // the tokens tagged wrong, transitions where a tag or the one before it
  // differs. Returns the number of tokens tagged wrong.
  std::size_t update(const std::vector<std::uint32_t>& ids, const std::vector<std::uint32_t>& offsets,
                     const std::vector<std::uint8_t>& gold, const std::vector<std::uint8_t>& predicted);

  int tags_;
  std::unordered_map<std::uint32_t, std::uint32_t> counts_;  // feature -> count, then -> id
  std::vector<std::uint32_t> features_;                       // id -> feature hash
  // Rows of tags_ weights: one per feature id, then tags_ + 1 transition rows.
  std::vector<float> w_, total_;
  double step_ = 1;
};

}  // namespace whosaid::perceptron
