// The perceptron entity tagger: feature extraction shared by training and
// tagging, Viterbi decoding, the model's text format and the trainer. See
// place_tagger.h.
#include "indexer/extract/entities/place_tagger.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "core/error.h"

namespace whosaid {

namespace detail {
// data/place_tagger.model as compiled in (core/embed_data.cmake).
extern const std::string_view kPlaceTaggerModelTsv;
}  // namespace detail

namespace {

constexpr int kStart = kNumEntityTags;  // transition source before the first token

// Feature ids: FNV-1a over a template number and the feature's bytes.
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

// What the tagger knows about one token before scoring.
struct TokenInfo {
  std::string_view word;       // folded form (punctuation: the mark)
  std::uint32_t word_id = 0;   // Hash of word, digits as 0
  std::uint32_t shape_id = 0;  // Hash of shape
  std::array<char, 6> shape{};  // short shape: Xx, X, x, d, X.X ... (runs collapsed)
  std::uint8_t shape_len = 0;
  std::uint8_t initial = 0;    // starts a sentence
  std::uint8_t line = 0;       // bit 0: line all caps; bit 1: line has a number; bit 2: lower words
  std::uint8_t gaz_kinds = 0;  // kinds of the gazetteer name covering it (bit per PlaceKind)
  std::uint8_t gaz_pos = 0;    // 0 none, 'B', 'I', 'L', 'U'
  std::uint8_t gaz_pop = 0;    // log10 of the largest city reading
  std::uint8_t gaz_class = 0;  // bit per NameClass, bit 4 caps-only, bit 5 preferred
  std::uint8_t gaz_len = 0;    // tokens in the name (capped at 4)
  std::uint8_t word_kinds = 0; // kinds of the token alone as a name, any case
  std::uint8_t demonym = 0;
  std::uint8_t hint = 0;
};

void make_shape(std::string_view bytes, TokenInfo& t) {
  char last = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if ((c & 0xC0) == 0x80) continue;
    char s = c >= 'A' && c <= 'Z' ? 'X' : c >= 'a' && c <= 'z' ? 'x' : c >= '0' && c <= '9' ? 'd'
             : c >= 0x80 ? 'u' : static_cast<char>(c);
    if (s == last) continue;
    last = s;
    if (t.shape_len < t.shape.size()) t.shape[t.shape_len++] = s;
  }
}

std::string_view shape_of(const TokenInfo& t) { return {t.shape.data(), t.shape_len}; }

std::uint8_t kind_bit(PlaceKind k) { return static_cast<std::uint8_t>(1u << static_cast<int>(k)); }

std::uint8_t pop_bucket(std::uint32_t population) {
  std::uint8_t b = 0;
  while (population >= 10) { population /= 10; ++b; }
  return b;
}

// Readings summarised as feature bits.
void add_readings(const Gazetteer& g, const std::vector<NameReading>& readings, TokenInfo& t,
                  std::uint8_t& kinds) {
  for (const NameReading& r : readings) {
    const Place& p = g.place(r.place);
    kinds |= kind_bit(p.kind);
    if (&kinds == &t.gaz_kinds) {
      if (p.kind == PlaceKind::kCity) t.gaz_pop = std::max(t.gaz_pop, pop_bucket(p.population));
      t.gaz_class |= static_cast<std::uint8_t>(1u << static_cast<int>(r.name_class));
      if (r.caps_only) t.gaz_class |= 16;
      if (r.preferred) t.gaz_class |= 32;
    }
  }
}

// Thread-local buffers for extraction and tagging.
struct Scratch {
  std::vector<TokenInfo> info;
  std::string key;
  std::vector<std::size_t> key_ends;
  std::vector<std::uint32_t> features, offsets;
  std::vector<GazetteerSpan> names;
  std::vector<float> scores, emission;
  std::vector<std::uint8_t> back;
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

// Viterbi over N tokens with EMISSION[i * kNumEntityTags + t] and
// TRANSITIONS[from][to]; writes the best sequence into TAGS.
template <class Transitions>
void viterbi(std::size_t n, const float* emission, const Transitions& transitions,
             std::vector<float>& delta, std::vector<std::uint8_t>& back,
             std::vector<std::uint8_t>& tags) {
  constexpr float kNo = -std::numeric_limits<float>::infinity();
  auto allowed = [](int from, int to) {
    if (to == 0 || tag_begins(static_cast<std::uint8_t>(to))) return true;
    return from != kStart && from != 0 && tag_type(static_cast<std::uint8_t>(from)) ==
                                              tag_type(static_cast<std::uint8_t>(to));
  };
  tags.assign(n, 0);
  if (n == 0) return;
  delta.assign(n * kNumEntityTags, kNo);
  back.assign(n * kNumEntityTags, 0);
  for (int t = 0; t < kNumEntityTags; ++t)
    if (allowed(kStart, t)) delta[t] = transitions[kStart][t] + emission[t];
  for (std::size_t i = 1; i < n; ++i) {
    for (int t = 0; t < kNumEntityTags; ++t) {
      float best = kNo;
      int arg = 0;
      for (int f = 0; f < kNumEntityTags; ++f) {
        if (!allowed(f, t)) continue;
        float v = delta[(i - 1) * kNumEntityTags + f] + transitions[f][t];
        if (v > best) { best = v; arg = f; }
      }
      delta[i * kNumEntityTags + t] = best + emission[i * kNumEntityTags + t];
      back[i * kNumEntityTags + t] = static_cast<std::uint8_t>(arg);
    }
  }
  int t = 0;
  for (int k = 1; k < kNumEntityTags; ++k)
    if (delta[(n - 1) * kNumEntityTags + k] > delta[(n - 1) * kNumEntityTags + t]) t = k;
  for (std::size_t i = n; i-- > 0;) {
    tags[i] = static_cast<std::uint8_t>(t);
    t = back[i * kNumEntityTags + t];
  }
}

}  // namespace

std::string_view entity_tag_name(std::uint8_t tag) {
  static constexpr std::string_view kNames[] = {"O",     "B-LOC", "I-LOC",  "B-ORG", "I-ORG",
                                                "B-PER", "I-PER", "B-MISC", "I-MISC"};
  return tag < kNumEntityTags ? kNames[tag] : "?";
}

void find_gazetteer_spans(const std::vector<PlaceToken>& tk, std::string_view folded,
                          const Gazetteer& g, std::vector<GazetteerSpan>& names) {
  Scratch& s = scratch();
  const std::size_t n = tk.size();
  const std::size_t max_tokens = g.max_name_tokens();
  for (std::size_t i = 0; i < n;) {
    if (!tk[i].word || !tk[i].upper_initial) { ++i; continue; }
    s.key.clear();
    s.key_ends.clear();
    for (std::size_t j = i; j < n && j - i < max_tokens; ++j) {
      if (j > i && tk[j].newlines_before > 1) break;
      if (j > i) s.key += ' ';
      s.key += folded.substr(tk[j].fold_start, tk[j].fold_len);
      s.key_ends.push_back(s.key.size());
    }
    std::size_t len = s.key_ends.size();
    const std::vector<NameReading>* readings = nullptr;
    for (; len > 0; --len) {
      std::size_t last = i + len - 1;
      if (!tk[last].word && tk[last].punct != '.') continue;
      // Names end on a capitalised word ("Bosnia and Herzegovina", "U.S.").
      std::size_t last_word = last;
      while (!tk[last_word].word) --last_word;
      if (!tk[last_word].upper_initial) continue;
      readings = g.find(std::string_view(s.key).substr(0, s.key_ends[len - 1]));
      if (readings) break;
    }
    if (!readings) { ++i; continue; }
    names.push_back({i, i + len - 1, readings});
    i += len;
  }
}

void extract_tagger_features(const TaggerInput& in, const Gazetteer& g,
                             std::vector<std::uint32_t>& features,
                             std::vector<std::uint32_t>& offsets) {
  const auto& tk = in.tokens;
  const std::size_t n = tk.size();
  Scratch& s = scratch();
  auto& info = s.info;
  info.assign(n, TokenInfo{});
  for (std::size_t i = 0; i < n; ++i) {
    TokenInfo& t = info[i];
    t.word = in.folded.substr(tk[i].fold_start, tk[i].fold_len);
    make_shape(in.text.substr(tk[i].byte_start, tk[i].byte_end - tk[i].byte_start), t);
    t.word_id = Hash(0).add(t.word).h;
    t.shape_id = Hash(0).add(shape_of(t)).h;
    if (i < in.hints.size()) t.hint = static_cast<std::uint8_t>(in.hints[i]);
    // Capitalised words only: a gazetteer lookup costs more than the rest
    // of a token's features.
    if (tk[i].word && tk[i].upper_initial) {
      if (const auto* r = g.find(t.word)) add_readings(g, *r, t, t.word_kinds);
      t.demonym = !g.demonym_country(t.word).empty();
    }
    // A sentence starts at the text's start, after a full stop, a colon or
    // a blank line, or on a new line after anything but a lower-case word
    // or a comma (wrapped lines go on).
    if (i == 0 || tk[i].newlines_before > 1) {
      t.initial = 1;
    } else {
      const PlaceToken& p = tk[i - 1];
      char c = p.word ? 0 : p.punct;
      t.initial = c == '.' || c == '!' || c == '?' || c == ':' || c == '"' ||
                  (tk[i].newlines_before == 1 && !(p.word && p.has_lower) && c != ',');
    }
  }
  // Lines: all caps (headlines, datelines), numbers (results tables).
  for (std::size_t b = 0; b < n;) {
    std::size_t e = b + 1;
    while (e < n && tk[e].newlines_before == 0) ++e;
    bool lower = false, letters = false, number = false;
    for (std::size_t i = b; i < e; ++i) {
      if (!tk[i].word) continue;
      if (tk[i].has_letter) {
        letters = true;
        lower = lower || tk[i].has_lower;
      } else {
        number = true;
      }
    }
    std::uint8_t bits = static_cast<std::uint8_t>((letters && !lower) | (number << 1) | (lower << 2));
    for (std::size_t i = b; i < e; ++i) info[i].line = bits;
    b = e;
  }
  // Gazetteer names: the longest name at each capitalised word.
  const std::vector<GazetteerSpan>* names = in.names;
  if (!names) {
    s.names.clear();
    find_gazetteer_spans(tk, in.folded, g, s.names);
    names = &s.names;
  }
  for (const GazetteerSpan& name : *names) {
    const std::size_t len = name.last - name.first + 1;
    for (std::size_t j = name.first; j <= name.last; ++j) {
      TokenInfo& t = info[j];
      add_readings(g, *name.readings, t, t.gaz_kinds);
      t.gaz_pos = len == 1 ? 'U' : j == name.first ? 'B' : j == name.last ? 'L' : 'I';
      t.gaz_len = static_cast<std::uint8_t>(std::min<std::size_t>(len, 4));
    }
  }

  features.clear();
  offsets.clear();
  offsets.reserve(n + 1);
  static const TokenInfo kOutside = [] {
    TokenInfo t;
    t.word = "\x01";
    t.shape[0] = '#';
    t.shape_len = 1;
    t.word_id = Hash(0).add(t.word).h;
    t.shape_id = Hash(0).add(shape_of(t)).h;
    return t;
  }();
  auto at = [&](std::ptrdiff_t i) -> const TokenInfo& {
    return i < 0 || i >= static_cast<std::ptrdiff_t>(n) ? kOutside : info[i];
  };
  auto emit = [&](const Hash& h) { features.push_back(h.h); };
  for (std::size_t u = 0; u < n; ++u) {
    offsets.push_back(static_cast<std::uint32_t>(features.size()));
    auto i = static_cast<std::ptrdiff_t>(u);
    const TokenInfo& t = info[u];
    const TokenInfo& p1 = at(i - 1);
    const TokenInfo& p2 = at(i - 2);
    const TokenInfo& n1 = at(i + 1);
    const TokenInfo& n2 = at(i + 2);
    const std::uint32_t sh = t.shape_id;
    emit(Hash(1));
    emit(Hash(2).add32(t.word_id));
    emit(Hash(3).add32(p1.word_id));
    emit(Hash(4).add32(p2.word_id));
    emit(Hash(5).add32(n1.word_id));
    emit(Hash(6).add32(n2.word_id));
    emit(Hash(7).add32(p1.word_id).add32(t.word_id));
    emit(Hash(8).add32(t.word_id).add32(n1.word_id));
    emit(Hash(9).add32(sh));
    emit(Hash(10).add32(p1.shape_id));
    emit(Hash(11).add32(n1.shape_id));
    emit(Hash(12).add32(p1.shape_id).add32(sh).add32(n1.shape_id));
    if (tk[u].word && tk[u].has_letter) {
      // Prefixes and suffixes by bytes (folded words are mostly ASCII).
      for (std::size_t k = 1; k <= 4 && k < t.word.size(); ++k) {
        emit(Hash(static_cast<std::uint8_t>(12 + k)).add(t.word.substr(0, k)));
        emit(Hash(static_cast<std::uint8_t>(16 + k)).add(t.word.substr(t.word.size() - k)));
      }
      emit(Hash(21).add(t.initial).add32(sh));
      emit(Hash(39).add(static_cast<std::uint8_t>(std::min<std::size_t>(t.word.size(), 8))).add32(sh));
    }
    emit(Hash(22).add(t.line).add32(sh));
    if (t.gaz_pos) {
      for (int k = 0; k < 4; ++k)
        if (t.gaz_kinds & (1u << k)) emit(Hash(24).add(t.gaz_pos).add(static_cast<std::uint8_t>(k)));
      emit(Hash(25).add(t.gaz_pos).add(t.gaz_pop));
      emit(Hash(26).add(t.gaz_pos).add(t.gaz_class));
      emit(Hash(27).add(t.gaz_pos).add(t.gaz_len));
      emit(Hash(40).add(t.gaz_kinds).add(t.line).add(t.initial));
    }
    emit(Hash(28).add(p1.gaz_kinds).add(p1.gaz_pos));
    emit(Hash(29).add(n1.gaz_kinds).add(n1.gaz_pos));
    if (t.word_kinds) emit(Hash(30).add(t.word_kinds).add32(sh));
    if (t.demonym) emit(Hash(31).add32(sh));
    if (p1.demonym || n1.demonym) emit(Hash(32).add(p1.demonym).add(n1.demonym));
    emit(Hash(33).add(t.hint));
    emit(Hash(34).add(p1.hint).add(t.hint).add(n1.hint));
    emit(Hash(36).add(t.hint).add32(sh).add(t.gaz_kinds));
    emit(Hash(37).add32(p1.word_id).add32(sh));
    emit(Hash(38).add32(sh).add32(n1.word_id));
  }
  offsets.push_back(static_cast<std::uint32_t>(features.size()));
}

// --- The model -----------------------------------------------------------

// Format (text, one record a line; '#' lines are comments):
//   whosaid-place-tagger 1 <scale>
//   T <from> <w_O> <w_B-LOC> ... <w_I-MISC>        transitions, from 0..9 (9 = start)
//   <feature hash, hex> <tag>:<weight> ...           a feature's non-zero weights
// Weights are integers in units of 1/scale.
PlaceTagger::PlaceTagger(std::string_view text) {
  auto bad = [](std::size_t line, std::string_view why) {
    return Error(fmt::format("malformed tagger model: data/place_tagger.model line {}: {}", line, why));
  };
  auto parse_int = [&](std::string_view s, std::size_t line, int base = 10) {
    long v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (ec != std::errc() || p != s.data() + s.size()) throw bad(line, fmt::format("bad number '{}'", s));
    return v;
  };
  std::vector<std::pair<std::uint32_t, Row>> rows;
  std::size_t line_no = 0;
  for (std::size_t b = 0; b < text.size();) {
    std::size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    std::string_view line = text.substr(b, e - b);
    b = e + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string_view> f;
    for (std::size_t p = 0; p <= line.size();) {
      std::size_t q = line.find(' ', p);
      if (q == std::string_view::npos) q = line.size();
      if (q > p) f.push_back(line.substr(p, q - p));
      p = q + 1;
    }
    if (scale_ == 0) {
      if (f.size() != 3 || f[0] != "whosaid-place-tagger" || f[1] != "1")
        throw bad(line_no, "expected 'whosaid-place-tagger 1 <scale>'");
      scale_ = static_cast<float>(parse_int(f[2], line_no));
      if (scale_ <= 0) throw bad(line_no, "bad scale");
      continue;
    }
    if (f[0] == "T") {
      if (f.size() != 2 + kNumEntityTags) throw bad(line_no, "bad transition row");
      long from = parse_int(f[1], line_no);
      if (from < 0 || from > kNumEntityTags) throw bad(line_no, "bad transition source");
      for (int t = 0; t < kNumEntityTags; ++t)
        transitions_[from][t] = static_cast<float>(parse_int(f[2 + t], line_no)) / scale_;
      continue;
    }
    Row r{};
    for (std::size_t k = 1; k < f.size(); ++k) {
      std::size_t colon = f[k].find(':');
      if (colon == std::string_view::npos) throw bad(line_no, "expected tag:weight");
      long tag = parse_int(f[k].substr(0, colon), line_no);
      if (tag < 0 || tag >= kNumEntityTags) throw bad(line_no, "bad tag");
      long v = parse_int(f[k].substr(colon + 1), line_no);
      if (v < -32767 || v > 32767) throw bad(line_no, "weight out of range");
      r[tag] = static_cast<std::int16_t>(v);
    }
    rows.emplace_back(static_cast<std::uint32_t>(parse_int(f[0], line_no, 16)), r);
  }
  if (rows.empty()) return;
  std::size_t cap = 1;
  while (cap < rows.size() * 3 / 2) cap <<= 1;
  table_.assign(cap, Slot{});
  for (const auto& [key, r] : rows) {
    std::size_t pos = key & (cap - 1);
    while (table_[pos].used && table_[pos].key != key) pos = (pos + 1) & (cap - 1);
    if (table_[pos].used) continue;  // a repeated feature: the first wins
    table_[pos] = {key, 1, r};
    ++size_;
  }
}

PlaceTagger PlaceTagger::make_embedded() { return PlaceTagger(detail::kPlaceTaggerModelTsv); }

const PlaceTagger::Row* PlaceTagger::row(std::uint32_t feature) const {
  const std::size_t mask = table_.size() - 1;
  for (std::size_t pos = feature & mask;; pos = (pos + 1) & mask) {
    const Slot& slot = table_[pos];
    if (!slot.used) return nullptr;
    if (slot.key == feature) return &slot.weights;
  }
}

void PlaceTagger::tag(const std::vector<std::uint32_t>& features,
                      const std::vector<std::uint32_t>& offsets,
                      std::vector<std::uint8_t>& tags) const {
  const std::size_t n = offsets.empty() ? 0 : offsets.size() - 1;
  Scratch& s = scratch();
  if (empty()) { tags.assign(n, 0); return; }
  // Integer sums per token, then scaled into the emission scores.
  s.emission.assign(n * kNumEntityTags, 0.0f);
  // Table lookups miss the cache: prefetch the slots of the next token.
  const std::size_t mask = table_.size() - 1;
  auto prefetch = [&](std::size_t i) {
    if (i >= n) return;
    for (std::uint32_t k = offsets[i]; k < offsets[i + 1]; ++k)
      __builtin_prefetch(&table_[features[k] & mask]);
  };
  prefetch(0);
  for (std::size_t i = 0; i < n; ++i) {
    prefetch(i + 1);
    std::array<std::int32_t, kNumEntityTags> sum{};
    for (std::uint32_t k = offsets[i]; k < offsets[i + 1]; ++k)
      if (const Row* r = row(features[k]))
        for (int t = 0; t < kNumEntityTags; ++t) sum[t] += (*r)[t];
    for (int t = 0; t < kNumEntityTags; ++t)
      s.emission[i * kNumEntityTags + t] = static_cast<float>(sum[t]) / scale_;
  }
  viterbi(n, s.emission.data(), transitions_, s.scores, s.back, tags);
}

void PlaceTagger::tag(const TaggerInput& in, const Gazetteer& gazetteer,
                      std::vector<std::uint8_t>& tags) const {
  Scratch& s = scratch();
  std::vector<std::uint32_t> features, offsets;
  features.swap(s.features);
  offsets.swap(s.offsets);
  extract_tagger_features(in, gazetteer, features, offsets);
  tag(features, offsets, tags);
  features.swap(s.features);
  offsets.swap(s.offsets);
}

// --- Training ------------------------------------------------------------

void PerceptronTrainer::count_features(const std::vector<std::uint32_t>& features) {
  for (std::uint32_t f : features) ++counts_[f];
}

std::size_t PerceptronTrainer::freeze_features(std::size_t min_count) {
  features_.clear();
  for (const auto& [f, c] : counts_)
    if (c >= min_count) features_.push_back(f);
  std::sort(features_.begin(), features_.end());
  counts_.clear();
  for (std::size_t i = 0; i < features_.size(); ++i)
    counts_[features_[i]] = static_cast<std::uint32_t>(i);
  std::size_t rows = features_.size() + kNumEntityTags + 1;
  w_.assign(rows * kNumEntityTags, 0.0f);
  total_.assign(rows * kNumEntityTags, 0.0f);
  return features_.size();
}

void PerceptronTrainer::encode(const std::vector<std::uint32_t>& features,
                               const std::vector<std::uint32_t>& offsets,
                               std::vector<std::uint32_t>& ids,
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

std::size_t PerceptronTrainer::train(const std::vector<std::uint32_t>& ids,
                                     const std::vector<std::uint32_t>& offsets,
                                     const std::vector<std::uint8_t>& gold,
                                     std::vector<std::uint8_t>& predicted) {
  const std::size_t n = gold.size();
  const std::size_t trans_row = features_.size();
  std::vector<float> emission(n * kNumEntityTags, 0.0f);
  for (std::size_t i = 0; i < n; ++i)
    for (std::uint32_t k = offsets[i]; k < offsets[i + 1]; ++k)
      for (int t = 0; t < kNumEntityTags; ++t)
        emission[i * kNumEntityTags + t] += w_[ids[k] * kNumEntityTags + t];
  struct Trans {
    const float* w;
    const float* operator[](int from) const { return w + from * kNumEntityTags; }
  } trans{&w_[trans_row * kNumEntityTags]};
  std::vector<float> delta;
  std::vector<std::uint8_t> back;
  viterbi(n, emission.data(), trans, delta, back, predicted);
  auto bump = [&](std::size_t index, float d) {
    w_[index] += d;
    total_[index] += static_cast<float>(step_ * d);
  };
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < n; ++i) {
    int from_gold = i == 0 ? kStart : gold[i - 1];
    int from_pred = i == 0 ? kStart : predicted[i - 1];
    if (gold[i] != predicted[i]) {
      ++wrong;
      for (std::uint32_t k = offsets[i]; k < offsets[i + 1]; ++k) {
        bump(ids[k] * kNumEntityTags + gold[i], 1.0f);
        bump(ids[k] * kNumEntityTags + predicted[i], -1.0f);
      }
    }
    if (gold[i] != predicted[i] || from_gold != from_pred) {
      bump((trans_row + from_gold) * kNumEntityTags + gold[i], 1.0f);
      bump((trans_row + from_pred) * kNumEntityTags + predicted[i], -1.0f);
    }
  }
  step_ += 1;
  return wrong;
}

std::string PerceptronTrainer::write_model(double scale, long min_weight) const {
  auto averaged = [&](std::size_t index) {
    return std::clamp<long>(std::lround((w_[index] - total_[index] / step_) * scale), -32767, 32767);
  };
  std::string out =
      "# whosaid place tagger: averaged-perceptron weights over hashed features\n"
      "# (indexer/extract/entities/place_tagger.h). Generated by scripts/train_place_tagger.sh from\n"
      "# CoNLL-2003 eng.train; do not edit.\n";
  out += fmt::format("whosaid-place-tagger 1 {}\n", std::lround(scale));
  const std::size_t trans_row = features_.size();
  for (int from = 0; from <= kNumEntityTags; ++from) {
    out += fmt::format("T {}", from);
    for (int t = 0; t < kNumEntityTags; ++t)
      out += fmt::format(" {}", averaged((trans_row + from) * kNumEntityTags + t));
    out += '\n';
  }
  std::string line;
  for (std::size_t i = 0; i < features_.size(); ++i) {
    line.clear();
    long biggest = 0;
    for (int t = 0; t < kNumEntityTags; ++t) {
      long v = averaged(i * kNumEntityTags + t);
      biggest = std::max(biggest, std::abs(v));
      if (v != 0) line += fmt::format(" {}:{}", t, v);
    }
    if (biggest >= std::max(min_weight, 1L)) out += fmt::format("{:x}{}\n", features_[i], line);
  }
  return out;
}

}  // namespace whosaid
