// Training the attribution tagger (see attribution_training.h).
#include "indexer/extract/training/attribution_training.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/error.h"

namespace whosaid {

std::vector<std::uint8_t> tags_from_spans(const TokenizedText& tt,
                                          const std::vector<SpanPieces>& attrs) {
  const auto& T = tt.tokens;
  std::vector<std::uint8_t> tags(T.size(), kTagO);
  auto mark = [&](std::size_t s, std::size_t e, int b) {
    // Tokens overlapping [s, e); T is sorted by start.
    auto it = std::lower_bound(T.begin(), T.end(), s,
                               [](const Token& t, std::size_t v) { return t.end <= v; });
    bool first = true;
    for (; it != T.end() && it->start < e; ++it) {
      std::size_t k = static_cast<std::size_t>(it - T.begin());
      tags[k] = static_cast<std::uint8_t>(first ? b : b + 1);
      first = false;
    }
  };
  for (const SpanPieces& a : attrs) {
    if (!a.source.empty()) {
      std::size_t s = a.source.front().first, e = a.source.front().second;
      for (const auto& p : a.source) s = std::min(s, p.first), e = std::max(e, p.second);
      mark(s, e, kTagBSource);
    }
    for (const auto& p : a.cue) mark(p.first, p.second, kTagBCue);
    for (const auto& p : a.content) mark(p.first, p.second, kTagBContent);
  }
  return tags;
}

namespace {

// The paragraphs of TT as token ranges [begin, end).
template <typename F>
void for_each_paragraph(const TokenizedText& tt, F&& f) {
  const auto& T = tt.tokens;
  for (std::size_t b = 0; b < T.size();) {
    std::size_t e = b + 1;
    while (e < T.size() && T[e].para == T[b].para) ++e;
    f(b, e);
    b = e;
  }
}

// GOLD as a sequence the tagger can produce: a span continued after
// another role (overlapping attributions) opens anew.
std::vector<std::uint8_t> decodable(const TokenizedText& tt, std::vector<std::uint8_t> gold) {
  const auto& T = tt.tokens;
  const auto& c = attribution_constraints();
  for (std::size_t i = 0; i < T.size(); ++i) {
    bool first = i == 0 || T[i].para != T[i - 1].para;
    int p = first ? static_cast<int>(kTagCount) : gold[i - 1];
    if (!c.allowed(p, gold[i])) gold[i] = static_cast<std::uint8_t>(gold[i] - 1);
  }
  return gold;
}

}  // namespace

void AttributionTrainer::paragraph_features(const AttributionFeatures& f, std::size_t b,
                                            std::size_t e) {
  constexpr std::size_t P = kTagCount + 1;
  f.static_features(b, e, features_, offsets_);
  pair_features_.clear();
  pair_offsets_.assign(1, 0);
  std::uint32_t pf[AttributionFeatures::kPairFeatures];
  for (std::size_t i = b; i < e; ++i) {
    for (std::size_t p = 0; p < P; ++p) {
      // Token b follows the start only; the others follow a tag.
      if ((i == b) == (p == kTagCount)) {
        f.pair_features(i, static_cast<int>(p), pf);
        pair_features_.insert(pair_features_.end(), pf, pf + AttributionFeatures::kPairFeatures);
      }
      pair_offsets_.push_back(static_cast<std::uint32_t>(pair_features_.size()));
    }
  }
}

void AttributionTrainer::count(const AttributionExample& x) {
  AttributionFeatures f(x.tt, x.rules);
  for_each_paragraph(x.tt, [&](std::size_t b, std::size_t e) {
    paragraph_features(f, b, e);
    trainer_.count_features(features_);
    trainer_.count_features(pair_features_);
  });
}

std::size_t AttributionTrainer::freeze(std::size_t min_count) {
  return trainer_.freeze_features(min_count);
}

std::size_t AttributionTrainer::train(const AttributionExample& x) {
  if (x.gold.size() != x.tt.tokens.size())
    throw Error("attribution trainer: the gold tags do not match the tokens");
  const std::vector<std::uint8_t> gold = decodable(x.tt, x.gold);
  AttributionFeatures f(x.tt, x.rules);
  std::size_t wrong = 0;
  std::vector<std::uint8_t> paragraph_gold, predicted;
  for_each_paragraph(x.tt, [&](std::size_t b, std::size_t e) {
    paragraph_features(f, b, e);
    trainer_.encode(features_, offsets_, ids_, id_offsets_);
    trainer_.encode(pair_features_, pair_offsets_, pair_ids_, pair_id_offsets_);
    paragraph_gold.assign(gold.begin() + static_cast<long>(b), gold.begin() + static_cast<long>(e));
    wrong += trainer_.train(ids_, id_offsets_, pair_ids_, pair_id_offsets_, paragraph_gold,
                            &attribution_constraints(), predicted);
  });
  return wrong;
}

std::string AttributionTrainer::model(std::string_view comment, float min_weight,
                                      float o_bias) const {
  const long units = std::lround(static_cast<double>(min_weight) * kScale);
  return trainer_.write_model(AttributionTagger::kMagic, comment, kScale, units,
                              {{"o-bias", fmt::format("{}", o_bias)}});
}

}  // namespace whosaid
