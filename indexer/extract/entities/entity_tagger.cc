// The entity tagger's features, BILOU coding, document history and the
// tagger itself. See entity_tagger.h.
#include "indexer/extract/entities/entity_tagger.h"
#include "indexer/extract/lexicon/lexicon.h"

#include <algorithm>
#include <array>
#include <map>
#include <unordered_set>

#include <fmt/format.h>

#include "core/error.h"
#include "indexer/extract/lexicon/gazetteer.h"

namespace whosaid {

namespace detail {
// data/entity_tagger.model as compiled in (core/embed_data.cmake).
extern const std::string_view kEntityTaggerModelTsv;
}  // namespace detail

using perceptron::Hash;

std::string_view entity_type_name(EntityType type) {
  switch (type) {
    case EntityType::kLoc: return "LOC";
    case EntityType::kOrg: return "ORG";
    case EntityType::kPer: return "PER";
    case EntityType::kMisc: return "MISC";
    default: return "";
  }
}

std::string bilou_tag_name(std::uint8_t tag) {
  if (tag == 0) return "O";
  if (tag >= kNumBilouTags) return "?";
  static constexpr char kPos[] = {'B', 'I', 'L', 'U'};
  return fmt::format("{}-{}", kPos[static_cast<int>(bilou_pos(tag))], entity_type_name(bilou_type(tag)));
}

const perceptron::Constraints& bilou_constraints() {
  static const perceptron::Constraints c = [] {
    perceptron::Constraints c(kNumBilouTags);
    auto open = [](int t) {  // B or I: an entity goes on
      return t != 0 && (bilou_pos(static_cast<std::uint8_t>(t)) == BilouPos::kBegin ||
                        bilou_pos(static_cast<std::uint8_t>(t)) == BilouPos::kInside);
    };
    auto continues = [](int t) {  // I or L: goes on from before
      return t != 0 && (bilou_pos(static_cast<std::uint8_t>(t)) == BilouPos::kInside ||
                        bilou_pos(static_cast<std::uint8_t>(t)) == BilouPos::kLast);
    };
    for (int from = 0; from <= kNumBilouTags; ++from) {
      for (int to = 0; to < kNumBilouTags; ++to) {
        bool ok = from < kNumBilouTags && open(from)
                      ? continues(to) && bilou_type(static_cast<std::uint8_t>(to)) ==
                                             bilou_type(static_cast<std::uint8_t>(from))
                      : !continues(to);
        if (!ok) c.forbid(from, to);
      }
    }
    for (int t = 0; t < kNumBilouTags; ++t)
      if (open(t)) c.forbid_last(t);
    return c;
  }();
  return c;
}

std::vector<std::uint8_t> encode_bilou(const std::vector<EntitySpan>& spans, std::size_t n) {
  std::vector<std::uint8_t> tags(n, 0);
  for (const EntitySpan& s : spans) {
    if (s.type == EntityType::kNone || s.first > s.last || s.last >= n) continue;
    if (s.first == s.last) {
      tags[s.first] = bilou_tag(s.type, BilouPos::kUnit);
      continue;
    }
    tags[s.first] = bilou_tag(s.type, BilouPos::kBegin);
    for (std::size_t i = s.first + 1; i < s.last; ++i) tags[i] = bilou_tag(s.type, BilouPos::kInside);
    tags[s.last] = bilou_tag(s.type, BilouPos::kLast);
  }
  return tags;
}

std::vector<EntitySpan> decode_bilou(const std::vector<std::uint8_t>& tags) {
  std::vector<EntitySpan> out;
  const std::size_t n = tags.size();
  for (std::size_t i = 0; i < n;) {
    if (tags[i] == 0 || tags[i] >= kNumBilouTags) { ++i; continue; }
    const EntityType type = bilou_type(tags[i]);
    std::size_t j = i;
    BilouPos pos = bilou_pos(tags[i]);
    while (pos != BilouPos::kUnit && pos != BilouPos::kLast && j + 1 < n) {
      std::uint8_t next = tags[j + 1];
      if (next == 0 || next >= kNumBilouTags || bilou_type(next) != type) break;
      BilouPos np = bilou_pos(next);
      if (np == BilouPos::kBegin || np == BilouPos::kUnit) break;
      ++j;
      pos = np;
    }
    out.push_back({i, j, type});
    i = j + 1;
  }
  return out;
}

namespace {

std::string span_key(const std::vector<PlaceToken>& tk, std::string_view folded, const EntitySpan& s) {
  std::string key;
  for (std::size_t i = s.first; i <= s.last; ++i) {
    if (i > s.first) key += ' ';
    key += folded.substr(tk[i].fold_start, tk[i].fold_len);
  }
  return key;
}

}  // namespace

void apply_document_history(const std::vector<PlaceToken>& tk, std::string_view folded,
                            std::vector<EntitySpan>& spans) {
  if (spans.empty()) return;
  // Votes per name: how often each type was given to it, and the first.
  struct Votes {
    std::array<int, 5> count{};
    EntityType first = EntityType::kNone;
  };
  std::unordered_map<std::string, Votes> votes;
  std::vector<std::string> keys;
  keys.reserve(spans.size());
  std::unordered_set<std::string> surnames;
  for (const EntitySpan& s : spans) {
    keys.push_back(span_key(tk, folded, s));
    Votes& v = votes[keys.back()];
    if (v.first == EntityType::kNone) v.first = s.type;
    ++v.count[static_cast<int>(s.type)];
    if (s.type == EntityType::kPer && s.last > s.first && tk[s.last].word && tk[s.last].upper_initial)
      surnames.emplace(folded.substr(tk[s.last].fold_start, tk[s.last].fold_len));
  }
  for (std::size_t k = 0; k < spans.size(); ++k) {
    EntitySpan& s = spans[k];
    const Votes& v = votes[keys[k]];
    int best = static_cast<int>(v.first);
    for (int t = 1; t < 5; ++t)
      if (v.count[t] > v.count[best]) best = t;
    s.type = static_cast<EntityType>(best);
    if (s.first == s.last && surnames.count(keys[k])) s.type = EntityType::kPer;
  }
}

namespace {

// What the tagger knows about one token before scoring.
struct TokenInfo {
  std::string_view word;        // folded form (punctuation: the mark)
  std::uint32_t word_id = 0;    // Hash of word, digits as 0
  std::uint32_t shape_id = 0;   // Hash of shape
  std::array<char, 6> shape{};  // short shape: Xx, X, x, d, X.X ... (runs collapsed)
  std::uint8_t shape_len = 0;
  std::uint8_t initial = 0;     // starts a sentence
  std::uint8_t line = 0;        // bit 0: line all caps; bit 1: line has a number; bit 2: lower words
  std::uint8_t gaz_kinds = 0;   // kinds of the gazetteer name covering it (bit per PlaceKind)
  std::uint8_t gaz_pos = 0;     // 0 none, 'B', 'I', 'L', 'U'
  std::uint8_t gaz_len = 0;     // tokens in the name (capped at 4)
  std::uint8_t word_kinds = 0;  // kinds of the token alone as a place name
  std::uint8_t demonym = 0;
  std::uint8_t person = 0;      // bit 0 first name, bit 1 surname
  std::uint8_t lower_seen = 0;  // a capitalised word also written in lower case in the text
  std::string_view cluster;     // bit string, if known
  char wcase = 0;               // 'l' mostly written lower case in news, 'c' capitalised, 0 unknown
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

struct Scratch {
  std::vector<TokenInfo> info;
  std::vector<GazetteerSpan> names;
  std::vector<std::uint32_t> features, offsets;
  std::vector<std::uint8_t> tags;
  std::vector<PlaceToken> tokens;
  std::string folded;
  // The words written in lower case in the text, by hash then text: a
  // sorted array, not a node per word.
  std::vector<std::pair<std::uint32_t, std::string_view>> lower_words;
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

// Open addressing over SLOTS (a power of two in size) by HASH, then WORD.
template <class Slot>
const Slot* find_word(const std::vector<Slot>& slots, std::uint32_t hash, std::string_view word) {
  if (slots.empty()) return nullptr;
  const std::size_t mask = slots.size() - 1;
  for (std::size_t pos = hash & mask;; pos = (pos + 1) & mask) {
    const Slot& s = slots[pos];
    if (!s.value) return nullptr;
    if (s.hash == hash && s.word == word) return &s;
  }
}

template <class Slot>
Slot& word_slot(std::vector<Slot>& slots, std::uint32_t hash, std::string_view word) {
  const std::size_t mask = slots.size() - 1;
  for (std::size_t pos = hash & mask;; pos = (pos + 1) & mask) {
    Slot& s = slots[pos];
    if (!s.value || (s.hash == hash && s.word == word)) return s;
  }
}

std::size_t table_size(std::size_t entries) {
  std::size_t n = 16;
  while (n < entries * 2) n <<= 1;
  return n;
}

// The longest gazetteer name at each capitalised word (found as the place
// tagger finds them), marked on INFO.
void mark_gazetteer_names(const std::vector<PlaceToken>& tk, std::string_view folded,
                          const Gazetteer& g, const std::vector<GazetteerSpan>* names,
                          Scratch& s) {
  if (!names) {
    s.names.clear();
    find_gazetteer_spans(tk, folded, g, s.names);
    names = &s.names;
  }
  for (const GazetteerSpan& name : *names) {
    std::uint8_t kinds = 0;
    for (const NameReading& r : *name.readings)
      kinds |= static_cast<std::uint8_t>(1u << static_cast<int>(g.place(r.place).kind));
    std::size_t len = name.last - name.first + 1;
    for (std::size_t j = name.first; j <= name.last; ++j) {
      TokenInfo& t = s.info[j];
      t.gaz_kinds = kinds;
      t.gaz_pos = len == 1 ? 'U' : j == name.first ? 'B' : j == name.last ? 'L' : 'I';
      t.gaz_len = static_cast<std::uint8_t>(std::min<std::size_t>(len, 4));
    }
  }
}

}  // namespace

EntityTagger::EntityTagger() = default;
EntityTagger::~EntityTagger() = default;
EntityTagger::EntityTagger(EntityTagger&&) noexcept = default;
EntityTagger& EntityTagger::operator=(EntityTagger&&) noexcept = default;

EntityTagger::EntityTagger(std::string_view model_text)
    : model_(model_text, "whosaid-entity-tagger", "data/entity_tagger.model"),
      gazetteer_(std::make_unique<const Gazetteer>(Gazetteer::make_embedded())) {
  if (!model_.empty() && model_.tags() != kNumBilouTags)
    throw Error(fmt::format("malformed tagger model: data/entity_tagger.model has {} tags, not {}",
                            model_.tags(), kNumBilouTags));
  for (const auto& [name, bits] : person_names()) names_[std::string(name)] |= bits;
  name_slots_.assign(table_size(names_.size()), {});
  for (const auto& [word, bits] : names_) {
    if (!bits) continue;  // no kind: as good as absent
    const std::uint32_t h = Hash(0).add(word).h;
    word_slot(name_slots_, h, word) = {h, bits, word};
  }
  const auto& vocabulary = model_.vocabulary();
  vocab_slots_.assign(table_size(vocabulary.size()), {});
  vocab_values_.reserve(vocabulary.size());
  for (const auto& [word, v] : vocabulary) {
    std::string_view value = v;
    std::size_t slash = value.find('/');
    char wcase = slash != std::string_view::npos && slash + 1 < value.size() ? value[slash + 1] : 0;
    vocab_values_.emplace_back(value.substr(0, slash), wcase);
    const std::uint32_t h = Hash(0).add(word).h;
    word_slot(vocab_slots_, h, word) = {h, static_cast<std::uint32_t>(vocab_values_.size()), word};
  }
}

const EntityTagger& EntityTagger::shared() {
  static const EntityTagger tagger(detail::kEntityTaggerModelTsv);
  return tagger;
}

void EntityTagger::features(std::string_view text, const std::vector<PlaceToken>& tk,
                            std::string_view folded, std::vector<std::uint32_t>& features,
                            std::vector<std::uint32_t>& offsets,
                            const std::unordered_map<std::string, std::string>* clusters,
                            const std::vector<GazetteerSpan>* names) const {
  const std::size_t n = tk.size();
  Scratch& s = scratch();
  // The model's own vocabulary through its flat table; another (training's)
  // through the map.
  const bool own_clusters = !clusters;
  if (!clusters) clusters = &model_.vocabulary();
  auto& info = s.info;
  info.assign(n, TokenInfo{});
  s.lower_words.clear();
  for (std::size_t i = 0; i < n; ++i)
    if (tk[i].word && !tk[i].upper_initial && tk[i].has_lower) {
      std::string_view w = folded.substr(tk[i].fold_start, tk[i].fold_len);
      s.lower_words.emplace_back(Hash(0).add(w).h, w);
    }
  std::sort(s.lower_words.begin(), s.lower_words.end());
  auto lower_seen = [&](std::uint32_t id, std::string_view w) {
    auto it = std::lower_bound(s.lower_words.begin(), s.lower_words.end(),
                               std::pair<std::uint32_t, std::string_view>(id, w));
    return it != s.lower_words.end() && it->first == id && it->second == w;
  };
  for (std::size_t i = 0; i < n; ++i) {
    TokenInfo& t = info[i];
    t.word = folded.substr(tk[i].fold_start, tk[i].fold_len);
    make_shape(text.substr(tk[i].byte_start, tk[i].byte_end - tk[i].byte_start), t);
    t.word_id = Hash(0).add(t.word).h;
    t.shape_id = Hash(0).add(shape_of(t)).h;
    if (tk[i].word) {
      if (own_clusters) {
        if (const WordSlot* w = find_word(vocab_slots_, t.word_id, t.word)) {
          t.cluster = vocab_values_[w->value - 1].first;
          t.wcase = vocab_values_[w->value - 1].second;
        }
      } else if (!clusters->empty()) {
        auto it = clusters->find(std::string(t.word));
        if (it != clusters->end()) {
          std::string_view v = it->second;
          std::size_t slash = v.find('/');
          t.cluster = v.substr(0, slash);
          if (slash != std::string_view::npos && slash + 1 < v.size()) t.wcase = v[slash + 1];
        }
      }
      // Capitalised words only: a gazetteer lookup costs more than the rest
      // of a token's features.
      if (tk[i].upper_initial) {
        if (gazetteer_) {
          if (const auto* r = gazetteer_->find(t.word))
            for (const NameReading& x : *r)
              t.word_kinds |= static_cast<std::uint8_t>(1u << static_cast<int>(gazetteer_->place(x.place).kind));
          t.demonym = !gazetteer_->demonym_country(t.word).empty();
        }
        if (const WordSlot* w = find_word(name_slots_, t.word_id, t.word))
          t.person = static_cast<std::uint8_t>(w->value);
        t.lower_seen = lower_seen(t.word_id, t.word);
      }
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
    auto bits = static_cast<std::uint8_t>((letters && !lower) | (number << 1) | (lower << 2));
    for (std::size_t i = b; i < e; ++i) info[i].line = bits;
    b = e;
  }
  if (gazetteer_) mark_gazetteer_names(tk, folded, *gazetteer_, names, s);

  // Written through a pointer into room for the most a token can have (48),
  // cut to size at the end: cheaper than a push_back (not inlined) each.
  constexpr std::size_t kMaxTokenFeatures = 64;
  features.resize(n * kMaxTokenFeatures);
  std::uint32_t* const first = features.data();
  std::uint32_t* out = first;
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
  auto emit = [&](const Hash& h) { *out++ = h.h; };
  auto cluster_prefix = [](const TokenInfo& t, std::size_t len) {
    return t.cluster.empty() ? std::string_view("-") : t.cluster.substr(0, len);
  };
  for (std::size_t u = 0; u < n; ++u) {
    offsets.push_back(static_cast<std::uint32_t>(out - first));
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
      for (std::size_t k = 1; k <= 4 && k < t.word.size(); ++k) {
        emit(Hash(static_cast<std::uint8_t>(12 + k)).add(t.word.substr(0, k)));
        emit(Hash(static_cast<std::uint8_t>(16 + k)).add(t.word.substr(t.word.size() - k)));
      }
      emit(Hash(21).add(t.initial).add32(sh));
      emit(Hash(39).add(static_cast<std::uint8_t>(std::min<std::size_t>(t.word.size(), 8))).add32(sh));
      emit(Hash(41).add(t.initial).add(t.lower_seen).add(t.line).add32(sh));
    }
    emit(Hash(22).add(t.line).add32(sh));
    if (t.gaz_pos) {
      for (int k = 0; k < 4; ++k)
        if (t.gaz_kinds & (1u << k)) emit(Hash(24).add(t.gaz_pos).add(static_cast<std::uint8_t>(k)));
      emit(Hash(27).add(t.gaz_pos).add(t.gaz_len));
      emit(Hash(40).add(t.gaz_kinds).add(t.line).add(t.initial));
    }
    emit(Hash(28).add(p1.gaz_kinds).add(p1.gaz_pos));
    emit(Hash(29).add(n1.gaz_kinds).add(n1.gaz_pos));
    if (t.word_kinds) emit(Hash(30).add(t.word_kinds).add32(sh));
    if (t.demonym) emit(Hash(31).add32(sh));
    if (p1.demonym || n1.demonym) emit(Hash(32).add(p1.demonym).add(n1.demonym));
    emit(Hash(37).add32(p1.word_id).add32(sh));
    emit(Hash(38).add32(sh).add32(n1.word_id));
    // Person names: the token's and its neighbours' ("Mr", first name,
    // surname patterns).
    if (t.person) emit(Hash(42).add(t.person).add(t.initial).add(t.lower_seen));
    emit(Hash(43).add(p1.person).add(t.person).add(n1.person));
    // Word clusters: prefixes of the bit strings generalise over words
    // unseen in training.
    if (tk[u].word) {
      emit(Hash(44).add(cluster_prefix(t, 4)));
      emit(Hash(45).add(cluster_prefix(t, 6)));
      emit(Hash(46).add(cluster_prefix(t, 10)));
      emit(Hash(47).add(cluster_prefix(t, 20)));
      emit(Hash(60).add(cluster_prefix(p1, 6)).add(cluster_prefix(t, 6)));
      emit(Hash(61).add(cluster_prefix(t, 6)).add(cluster_prefix(n1, 6)));
      emit(Hash(62).add(cluster_prefix(t, 10)).add32(sh));
      // A capitalised word news mostly writes in lower case is no name
      // where capitals say little: at a sentence start, in an ALL-CAPS line.
      emit(Hash(63).add(static_cast<std::uint8_t>(t.wcase)).add(t.initial)
               .add(static_cast<std::uint8_t>(t.line & 1)).add32(sh));
      emit(Hash(64).add(static_cast<std::uint8_t>(p1.wcase)).add(static_cast<std::uint8_t>(t.wcase))
               .add(static_cast<std::uint8_t>(n1.wcase)).add(static_cast<std::uint8_t>(t.line & 1)));
    }
  }
  offsets.push_back(static_cast<std::uint32_t>(out - first));
  features.resize(offsets.back());
}

std::vector<EntitySpan> EntityTagger::tag(std::string_view text, const std::vector<PlaceToken>& tokens,
                                          std::string_view folded,
                                          const std::vector<GazetteerSpan>* names) const {
  if (empty()) return {};
  Scratch& s = scratch();
  std::vector<std::uint32_t> features, offsets;
  features.swap(s.features);
  offsets.swap(s.offsets);
  this->features(text, tokens, folded, features, offsets, nullptr, names);
  model_.tag(features, offsets, &bilou_constraints(), s.tags);
  features.swap(s.features);
  offsets.swap(s.offsets);
  std::vector<EntitySpan> spans = decode_bilou(s.tags);
  if (history_) apply_document_history(tokens, folded, spans);
  return spans;
}

std::vector<EntityMention> EntityTagger::tag_entities(std::string_view text) const {
  Scratch& s = scratch();
  std::vector<PlaceToken> tokens;
  std::string folded;
  tokens.swap(s.tokens);
  folded.swap(s.folded);
  tokenize(text, tokens, folded);
  std::vector<EntityMention> out = mentions(text, tokens, tag(text, tokens, folded));
  tokens.swap(s.tokens);
  folded.swap(s.folded);
  return out;
}

std::vector<EntityMention> EntityTagger::mentions(std::string_view text,
                                                  const std::vector<PlaceToken>& tokens,
                                                  const std::vector<EntitySpan>& spans) {
  std::vector<EntityMention> out;
  auto emit = [&](const EntitySpan& e, std::size_t first, std::size_t last) {
    const PlaceToken& a = tokens[first];
    const PlaceToken& b = tokens[last];
    out.push_back({std::string(entity_type_name(e.type)),
                   std::string(text.substr(a.byte_start, b.byte_end - a.byte_start)), a.cp_start,
                   b.cp_end});
  };
  for (const EntitySpan& e : spans) {
    std::size_t first = e.first;
    for (std::size_t k = e.first + 1; k <= e.last; ++k) {
      std::string_view gap =
          text.substr(tokens[k - 1].byte_end, tokens[k].byte_start - tokens[k - 1].byte_end);
      if (gap.find('\n') == std::string_view::npos) continue;
      emit(e, first, k - 1);
      first = k;
    }
    emit(e, first, e.last);
  }
  return out;
}

}  // namespace whosaid
