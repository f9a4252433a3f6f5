// Viterbi, the model format and the averaged-perceptron trainer: see
// perceptron.h.
#include "indexer/extract/perceptron/perceptron.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "core/error.h"

namespace whosaid::perceptron {

namespace {
// Weights emissions() adds at once (one vector).
constexpr std::size_t kLanes = 8;
}  // namespace

Constraints::Constraints(int tags)
    : tags_(tags),
      allowed_(static_cast<std::size_t>((tags + 1) * tags), 1),
      last_(static_cast<std::size_t>(tags), 1) {}

void viterbi(std::size_t n, int tags, const float* emission, const float* transitions,
             const Constraints* c, std::vector<float>& delta, std::vector<std::uint8_t>& back,
             std::vector<std::uint8_t>& out) {
  constexpr float kNo = -std::numeric_limits<float>::infinity();
  const auto T = static_cast<std::size_t>(tags);
  out.assign(n, 0);
  if (n == 0 || tags == 0) return;
  auto allowed = [&](int from, int to) { return !c || c->allowed(from, to); };
  delta.assign(n * T, kNo);
  back.assign(n * T, 0);
  for (int t = 0; t < tags; ++t)
    if (allowed(tags, t)) delta[t] = transitions[T * T + t] + emission[t];
  // The tags each tag may follow, once: constraints often allow few.
  thread_local std::vector<std::uint8_t> from;
  thread_local std::vector<std::size_t> from_end;
  from.clear();
  from_end.assign(T, 0);
  for (int t = 0; t < tags; ++t) {
    for (int f = 0; f < tags; ++f)
      if (allowed(f, t)) from.push_back(static_cast<std::uint8_t>(f));
    from_end[t] = from.size();
  }
  for (std::size_t i = 1; i < n; ++i) {
    const float* prev = &delta[(i - 1) * T];
    for (std::size_t t = 0, k = 0; t < T; ++t) {
      float best = kNo;
      int arg = 0;
      for (; k < from_end[t]; ++k) {
        const int f = from[k];
        float v = prev[f] + transitions[f * T + t];
        if (v > best) { best = v; arg = f; }
      }
      delta[i * T + t] = best + emission[i * T + t];
      back[i * T + t] = static_cast<std::uint8_t>(arg);
    }
  }
  int t = -1;
  for (int k = 0; k < tags; ++k) {
    if (c && !c->may_end(k)) continue;
    if (t < 0 || delta[(n - 1) * T + k] > delta[(n - 1) * T + t]) t = k;
  }
  if (t < 0) t = 0;
  for (std::size_t i = n; i-- > 0;) {
    out[i] = static_cast<std::uint8_t>(t);
    t = back[i * T + t];
  }
}

void viterbi_pairwise(std::size_t n, int tags, const float* score, const Constraints* c,
                      PairwiseScratch& s, std::uint8_t* out, float* margins) {
  if (n == 0 || tags == 0) return;
  constexpr float kNo = -1e30f;  // finite: margins subtract scores
  const auto T = static_cast<std::size_t>(tags), P = T + 1;
  // The constraints as one flat table, read in the inner loops below
  // (cheaper than asking C there).
  s.allowed.assign(P * T, 1);
  if (c)
    for (std::size_t from = 0; from < P; ++from)
      for (std::size_t to = 0; to < T; ++to)
        s.allowed[from * T + to] = c->allowed(static_cast<int>(from), static_cast<int>(to));
  const std::uint8_t* ok = s.allowed.data();
  auto allowed = [ok, T](std::size_t from, std::size_t to) { return ok[from * T + to] != 0; };
  auto may_end = [&](std::size_t t) { return !c || c->may_end(static_cast<int>(t)); };
  s.delta.assign(n * T, kNo);
  s.back.assign(n * T, 0);
  for (std::size_t y = 0; y < T; ++y)
    if (allowed(T, y)) s.delta[y] = score[T * T + y];
  for (std::size_t i = 1; i < n; ++i) {
    const float* prev = &s.delta[(i - 1) * T];
    for (std::size_t y = 0; y < T; ++y) {
      float best = kNo;
      std::size_t arg = 0;
      for (std::size_t p = 0; p < T; ++p) {
        if (prev[p] <= kNo || !allowed(p, y)) continue;
        float v = prev[p] + score[(i * P + p) * T + y];
        if (v > best) best = v, arg = p;
      }
      s.delta[i * T + y] = best;
      s.back[i * T + y] = static_cast<std::uint8_t>(arg);
    }
  }
  std::size_t y = T;
  for (std::size_t k = 0; k < T; ++k)
    if (may_end(k) && (y == T || s.delta[(n - 1) * T + k] > s.delta[(n - 1) * T + y])) y = k;
  if (y == T) y = 0;
  for (std::size_t i = n; i-- > 0;) {
    out[i] = static_cast<std::uint8_t>(y);
    if (i > 0) y = s.back[i * T + y];
  }
  if (!margins) return;
  // Max-marginals: the best prefix ending in a tag plus the best suffix
  // following it.
  s.beta.assign(n * T, kNo);
  for (std::size_t t = 0; t < T; ++t)
    if (may_end(t)) s.beta[(n - 1) * T + t] = 0;
  for (std::size_t i = n - 1; i-- > 0;) {
    for (std::size_t p = 0; p < T; ++p) {
      float best = kNo;
      for (std::size_t t = 0; t < T; ++t) {
        if (!allowed(p, t) || s.beta[(i + 1) * T + t] <= kNo) continue;
        best = std::max(best, score[((i + 1) * P + p) * T + t] + s.beta[(i + 1) * T + t]);
      }
      s.beta[i * T + p] = best;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t b = out[i];
    const float top = s.delta[i * T + b] + s.beta[i * T + b];
    float second = kNo;
    for (std::size_t t = 0; t < T; ++t)
      if (t != b && s.delta[i * T + t] > kNo && s.beta[i * T + t] > kNo)
        second = std::max(second, s.delta[i * T + t] + s.beta[i * T + t]);
    margins[i] = second <= kNo ? 1e30f : top - second;
  }
}

// --- The model -------------------------------------------------------------

Model::Model(std::string_view text, std::string_view magic, std::string_view name) {
  auto bad = [&](std::size_t line, std::string_view why) {
    return Error(fmt::format("malformed tagger model: {} line {}: {}", name, line, why));
  };
  auto parse_int = [&](std::string_view s, std::size_t line, int base = 10) {
    long v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (ec != std::errc() || p != s.data() + s.size())
      throw bad(line, fmt::format("bad number '{}'", s));
    return v;
  };
  std::vector<std::pair<std::uint32_t, std::vector<std::int16_t>>> rows;
  std::size_t line_no = 0;
  std::vector<std::string_view> f;
  for (std::size_t b = 0; b < text.size();) {
    std::size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    std::string_view line = text.substr(b, e - b);
    b = e + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    f.clear();
    for (std::size_t p = 0; p <= line.size();) {
      std::size_t q = line.find(' ', p);
      if (q == std::string_view::npos) q = line.size();
      if (q > p) f.push_back(line.substr(p, q - p));
      p = q + 1;
    }
    if (tags_ == 0) {
      if (f.size() != 4 || f[0] != magic || f[1] != "2")
        throw bad(line_no, fmt::format("expected '{} 2 <tags> <scale>'", magic));
      long tags = parse_int(f[2], line_no);
      if (tags < 1 || tags > 255) throw bad(line_no, "bad tag count");
      tags_ = static_cast<int>(tags);
      scale_ = static_cast<float>(parse_int(f[3], line_no));
      if (scale_ <= 0) throw bad(line_no, "bad scale");
      transitions_.assign(static_cast<std::size_t>((tags_ + 1) * tags_), 0.0f);
      continue;
    }
    if (f[0] == "V") {
      if (f.size() != 3) throw bad(line_no, "expected 'V <key> <value>'");
      vocabulary_.emplace(std::string(f[1]), std::string(f[2]));
      continue;
    }
    if (f[0] == "T") {
      if (f.size() != 2 + static_cast<std::size_t>(tags_)) throw bad(line_no, "bad transition row");
      long from = parse_int(f[1], line_no);
      if (from < 0 || from > tags_) throw bad(line_no, "bad transition source");
      for (int t = 0; t < tags_; ++t)
        transitions_[from * tags_ + t] = static_cast<float>(parse_int(f[2 + t], line_no)) / scale_;
      continue;
    }
    std::vector<std::int16_t> r(static_cast<std::size_t>(tags_), 0);
    for (std::size_t k = 1; k < f.size(); ++k) {
      std::size_t colon = f[k].find(':');
      if (colon == std::string_view::npos) throw bad(line_no, "expected tag:weight");
      long tag = parse_int(f[k].substr(0, colon), line_no);
      if (tag < 0 || tag >= tags_) throw bad(line_no, "bad tag");
      long v = parse_int(f[k].substr(colon + 1), line_no);
      if (v < -32767 || v > 32767) throw bad(line_no, "weight out of range");
      r[tag] = static_cast<std::int16_t>(v);
    }
    rows.emplace_back(static_cast<std::uint32_t>(parse_int(f[0], line_no, 16)), std::move(r));
  }
  if (rows.empty()) return;
  // At least one slot stays empty, or a lookup of an absent feature would
  // never end (a one-feature model had one full slot).
  slots_ = 2;
  while (slots_ < rows.size() * 3 / 2) slots_ <<= 1;
  table_.assign(slots_, Slot{});
  weights_.reserve(rows.size() * static_cast<std::size_t>(tags_));
  for (const auto& [key, r] : rows) {
    std::size_t pos = key & (slots_ - 1);
    while (table_[pos].row && table_[pos].key != key) pos = (pos + 1) & (slots_ - 1);
    if (table_[pos].row) continue;  // a repeated feature: the first wins
    table_[pos] = {key, static_cast<std::uint32_t>(size_ + 1)};
    weights_.insert(weights_.end(), r.begin(), r.end());
    ++size_;
  }
  // emissions() adds rows eight weights at a time: the last row's final
  // group reads up to seven weights past its end, which must exist.
  weights_.resize(weights_.size() + kLanes - 1, 0);
}

const std::int16_t* Model::row(std::uint32_t feature) const {
  const std::size_t mask = slots_ - 1;
  for (std::size_t pos = feature & mask;; pos = (pos + 1) & mask) {
    const Slot& s = table_[pos];
    if (!s.row) return nullptr;
    if (s.key == feature) return &weights_[(s.row - 1) * static_cast<std::size_t>(tags_)];
  }
}

void Model::emissions(const std::vector<std::uint32_t>& features,
                      const std::vector<std::uint32_t>& offsets,
                      std::vector<float>& emission) const {
  const std::size_t n = offsets.empty() ? 0 : offsets.size() - 1;
  const auto T = static_cast<std::size_t>(tags_);
  if (empty() || n == 0) {
    emission.assign(n * T, 0.0f);
    return;
  }
  emission.resize(n * T);  // every score is written below: no zeroing
  // Table lookups miss the cache, twice (the slot, then the row): first
  // every feature's row, slots prefetched well ahead, then the sums, rows
  // prefetched well ahead, so that many misses are under way at once.
  const std::size_t mask = slots_ - 1;
  const std::size_t F = offsets[n];
  constexpr std::size_t kAhead = 16;
  // Grown, never shrunk: every row below F is written below, and zeroing
  // on regrowth cost ~1% of extraction.
  thread_local std::vector<const std::int16_t*> rows;
  if (rows.size() < F) rows.resize(F);
  for (std::size_t k = 0; k < F; ++k) {
    if (k + kAhead < F) __builtin_prefetch(&table_[features[k + kAhead] & mask]);
    rows[k] = row(features[k]);
  }
  // Sums in vectors of eight lanes, held in registers (sums_of<G>: G
  // vectors, one to three cover every tagger here), whole vectors even past
  // the last tag: a scalar tail costs more than the lanes it saves (the
  // attribution tagger's seven tags were all tail). Lanes past the last
  // tag sum the next row's weights and are never read.
  const std::size_t groups = (T + kLanes - 1) / kLanes;
  switch (groups) {
    case 1:
      sums_of<1>(offsets, rows, emission);
      break;
    case 2:
      sums_of<2>(offsets, rows, emission);
      break;
    case 3:
      sums_of<3>(offsets, rows, emission);
      break;
    default:
      sums_of<256 / kLanes>(offsets, rows, emission);  // any tag count
  }
}

template <std::size_t G>
void Model::sums_of(const std::vector<std::uint32_t>& offsets,
                    const std::vector<const std::int16_t*>& rows,
                    std::vector<float>& emission) const {
  typedef std::int16_t V16 __attribute__((vector_size(2 * kLanes), aligned(2)));
  typedef std::int32_t V32 __attribute__((vector_size(4 * kLanes)));
  constexpr std::size_t kAhead = 16;
  const std::size_t n = offsets.size() - 1, F = offsets[n];
  const auto T = static_cast<std::size_t>(tags_);
  // A constant the loops unroll on, but for the catch-all.
  constexpr std::size_t kAll = 256 / kLanes;
  const std::size_t groups = G < kAll ? G : (T + kLanes - 1) / kLanes;
  for (std::size_t i = 0; i < n; ++i) {
    V32 sum[G] = {};
    for (std::uint32_t k = offsets[i]; k < offsets[i + 1]; ++k) {
      if (k + kAhead < F && rows[k + kAhead]) __builtin_prefetch(rows[k + kAhead]);
      const std::int16_t* r = rows[k];
      if (!r) continue;
      for (std::size_t g = 0; g < groups; ++g) {
        V16 w;
        std::memcpy(&w, r + g * kLanes, sizeof w);
        sum[g] += __builtin_convertvector(w, V32);
      }
    }
    for (std::size_t t = 0; t < T; ++t)
      emission[i * T + t] = static_cast<float>(sum[t / kLanes][t % kLanes]) / scale_;
  }
}

void Model::add_weights(std::uint32_t feature, float* out) const {
  if (empty()) return;
  if (const std::int16_t* r = row(feature))
    for (int t = 0; t < tags_; ++t) out[t] += static_cast<float>(r[t]) / scale_;
}

void Model::tag(const std::vector<std::uint32_t>& features,
                const std::vector<std::uint32_t>& offsets, const Constraints* c,
                std::vector<std::uint8_t>& tags) const {
  const std::size_t n = offsets.empty() ? 0 : offsets.size() - 1;
  if (empty()) { tags.assign(n, 0); return; }
  thread_local std::vector<float> emission, delta;
  thread_local std::vector<std::uint8_t> back;
  emissions(features, offsets, emission);
  viterbi(n, tags_, emission.data(), transitions_.data(), c, delta, back, tags);
}

// --- Training --------------------------------------------------------------

void Trainer::count_features(const std::vector<std::uint32_t>& features) {
  for (std::uint32_t f : features) ++counts_[f];
}

std::size_t Trainer::freeze_features(std::size_t min_count) {
  features_.clear();
  for (const auto& [f, c] : counts_)
    if (c >= min_count) features_.push_back(f);
  std::sort(features_.begin(), features_.end());  // deterministic ids
  counts_.clear();
  for (std::size_t i = 0; i < features_.size(); ++i)
    counts_[features_[i]] = static_cast<std::uint32_t>(i);
  std::size_t rows = features_.size() + static_cast<std::size_t>(tags_) + 1;
  w_.assign(rows * static_cast<std::size_t>(tags_), 0.0f);
  total_.assign(w_.size(), 0.0f);
  return features_.size();
}

void Trainer::encode(const std::vector<std::uint32_t>& features,
                     const std::vector<std::uint32_t>& offsets, std::vector<std::uint32_t>& ids,
                     std::vector<std::uint32_t>& id_offsets) const {
  ids.clear();
  id_offsets.clear();
  for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
    id_offsets.push_back(static_cast<std::uint32_t>(ids.size()));
    for (std::uint32_t k = offsets[i]; k < offsets[i + 1]; ++k) {
      auto it = counts_.find(features[k]);
      if (it != counts_.end()) ids.push_back(it->second);
    }
  }
  id_offsets.push_back(static_cast<std::uint32_t>(ids.size()));
}

std::size_t Trainer::train(const std::vector<std::uint32_t>& ids,
                           const std::vector<std::uint32_t>& offsets,
                           const std::vector<std::uint8_t>& gold, const Constraints* c,
                           std::vector<std::uint8_t>& predicted) {
  const std::size_t n = gold.size();
  const auto T = static_cast<std::size_t>(tags_);
  const std::size_t trans_row = features_.size();
  std::vector<float> emission(n * T, 0.0f);
  for (std::size_t i = 0; i < n; ++i)
    for (std::uint32_t k = offsets[i]; k < offsets[i + 1]; ++k)
      for (std::size_t t = 0; t < T; ++t) emission[i * T + t] += w_[ids[k] * T + t];
  std::vector<float> delta;
  std::vector<std::uint8_t> back;
  viterbi(n, tags_, emission.data(), &w_[trans_row * T], c, delta, back, predicted);
  const std::size_t wrong = update(ids, offsets, gold, predicted);
  step_ += 1;
  return wrong;
}

void Trainer::bump(const std::vector<std::uint32_t>& ids, const std::vector<std::uint32_t>& offsets,
                   std::size_t g, std::size_t tag, float weight) {
  const auto T = static_cast<std::size_t>(tags_);
  for (std::uint32_t k = offsets[g]; k < offsets[g + 1]; ++k) {
    w_[ids[k] * T + tag] += weight;
    total_[ids[k] * T + tag] += static_cast<float>(step_ * weight);
  }
}

std::size_t Trainer::update(const std::vector<std::uint32_t>& ids,
                            const std::vector<std::uint32_t>& offsets,
                            const std::vector<std::uint8_t>& gold,
                            const std::vector<std::uint8_t>& predicted) {
  const auto T = static_cast<std::size_t>(tags_);
  const std::size_t trans_row = features_.size();
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < gold.size(); ++i) {
    const std::size_t from_gold = i == 0 ? T : gold[i - 1];
    const std::size_t from_pred = i == 0 ? T : predicted[i - 1];
    if (gold[i] != predicted[i]) {
      ++wrong;
      bump(ids, offsets, i, gold[i], 1.0f);
      bump(ids, offsets, i, predicted[i], -1.0f);
    }
    if (gold[i] != predicted[i] || from_gold != from_pred) {
      w_[(trans_row + from_gold) * T + gold[i]] += 1.0f;
      total_[(trans_row + from_gold) * T + gold[i]] += static_cast<float>(step_);
      w_[(trans_row + from_pred) * T + predicted[i]] -= 1.0f;
      total_[(trans_row + from_pred) * T + predicted[i]] -= static_cast<float>(step_);
    }
  }
  return wrong;
}

std::size_t Trainer::train(const std::vector<std::uint32_t>& ids,
                           const std::vector<std::uint32_t>& offsets,
                           const std::vector<std::uint32_t>& pair_ids,
                           const std::vector<std::uint32_t>& pair_offsets,
                           const std::vector<std::uint8_t>& gold, const Constraints* c,
                           std::vector<std::uint8_t>& predicted) {
  const std::size_t n = gold.size();
  const auto T = static_cast<std::size_t>(tags_), P = T + 1;
  const std::size_t trans_row = features_.size();
  thread_local std::vector<float> score;
  thread_local PairwiseScratch scratch;
  score.assign(n * P * T, 0.0f);
  std::vector<float> e(T);
  for (std::size_t i = 0; i < n; ++i) {
    std::fill(e.begin(), e.end(), 0.0f);
    for (std::uint32_t k = offsets[i]; k < offsets[i + 1]; ++k)
      for (std::size_t t = 0; t < T; ++t) e[t] += w_[ids[k] * T + t];
    for (std::size_t p = 0; p < P; ++p) {
      if ((i == 0) != (p == T)) continue;  // only token 0 follows the start
      float* sc = &score[(i * P + p) * T];
      const std::size_t g = i * P + p;
      for (std::size_t t = 0; t < T; ++t) sc[t] = e[t] + w_[(trans_row + p) * T + t];
      for (std::uint32_t k = pair_offsets[g]; k < pair_offsets[g + 1]; ++k)
        for (std::size_t t = 0; t < T; ++t) sc[t] += w_[pair_ids[k] * T + t];
    }
  }
  predicted.assign(n, 0);
  viterbi_pairwise(n, tags_, score.data(), c, scratch, predicted.data());
  const std::size_t wrong = update(ids, offsets, gold, predicted);
  // The features conjoined with the previous tag, where a tag or the one
  // before it differs.
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t from_gold = i == 0 ? T : gold[i - 1];
    const std::size_t from_pred = i == 0 ? T : predicted[i - 1];
    if (gold[i] == predicted[i] && from_gold == from_pred) continue;
    bump(pair_ids, pair_offsets, i * P + from_gold, gold[i], 1.0f);
    bump(pair_ids, pair_offsets, i * P + from_pred, predicted[i], -1.0f);
  }
  step_ += 1;
  return wrong;
}

std::string Trainer::write_model(std::string_view magic, std::string_view comment, double scale,
                                 long min_weight,
                                 const std::vector<std::pair<std::string, std::string>>& vocabulary) const {
  const auto T = static_cast<std::size_t>(tags_);
  auto averaged = [&](std::size_t index) {
    return std::clamp<long>(std::lround((w_[index] - total_[index] / step_) * scale), -32767, 32767);
  };
  std::string out;
  for (std::size_t b = 0; b < comment.size();) {
    std::size_t e = std::min(comment.find('\n', b), comment.size());
    out += fmt::format("# {}\n", comment.substr(b, e - b));
    b = e + 1;
  }
  out += fmt::format("{} 2 {} {}\n", magic, tags_, std::lround(scale));
  std::map<std::string, std::string> sorted(vocabulary.begin(), vocabulary.end());
  for (const auto& [k, v] : sorted) out += fmt::format("V {} {}\n", k, v);
  const std::size_t trans_row = features_.size();
  for (std::size_t from = 0; from <= T; ++from) {
    out += fmt::format("T {}", from);
    for (std::size_t t = 0; t < T; ++t) out += fmt::format(" {}", averaged((trans_row + from) * T + t));
    out += '\n';
  }
  std::string line;
  for (std::size_t i = 0; i < features_.size(); ++i) {
    line.clear();
    long biggest = 0;
    for (std::size_t t = 0; t < T; ++t) {
      long v = averaged(i * T + t);
      biggest = std::max(biggest, std::abs(v));
      if (v != 0) line += fmt::format(" {}:{}", t, v);
    }
    if (biggest >= std::max(min_weight, 1L)) out += fmt::format("{:x}{}\n", features_[i], line);
  }
  return out;
}

}  // namespace whosaid::perceptron
