// The named-entity tagger: PER, ORG, LOC and MISC (the CoNLL-2003 types)
// over a whole article, with the features known to work without neural
// nets (Ratinov & Roth 2009): the folded word and its neighbours (+-2),
// word shape, prefixes and suffixes, capitalisation, sentence starts,
// ALL-CAPS lines (headlines, datelines), whether a capitalised word is
// also written in lower case in the article, gazetteers (GeoNames places
// and iso-codes countries through Gazetteer; US census first names and
// surnames and propernames, data/person_names.tsv), word clusters learnt
// from unlabelled news (the model's vocabulary), and document history: a
// name keeps the type of its mentions within the article.
//
// BILOU tags over the tokens of tokenize() (core/place_tokens.h), scored by
// the shared perceptron stack (indexer/extract/perceptron/perceptron.h) and
// decoded with first-order Viterbi under BILOU constraints. The model is
// data/entity_tagger.model, compiled in, rebuilt from ../shared/data by
// scripts/train_entities.sh (program whosaid-train-entities). Linear in the
// text; a loaded EntityTagger is immutable and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/article.h"
#include "core/place_tokens.h"
#include "indexer/extract/lexicon/gazetteer.h"
#include "indexer/extract/perceptron/perceptron.h"

namespace whosaid {

enum class EntityType : std::uint8_t { kNone, kLoc, kOrg, kPer, kMisc };

// "LOC", "ORG", "PER", "MISC"; "" for kNone.
std::string_view entity_type_name(EntityType type);

// BILOU tags: 0 = O, then Begin, Inside, Last, Unit for each type in the
// order of EntityType.
enum class BilouPos : std::uint8_t { kBegin, kInside, kLast, kUnit };
constexpr int kNumBilouTags = 17;
constexpr std::uint8_t bilou_tag(EntityType type, BilouPos pos) {
  return type == EntityType::kNone
             ? 0
             : static_cast<std::uint8_t>(4 * (static_cast<int>(type) - 1) + 1 + static_cast<int>(pos));
}
constexpr EntityType bilou_type(std::uint8_t tag) {
  return tag == 0 ? EntityType::kNone : static_cast<EntityType>((tag - 1) / 4 + 1);
}
constexpr BilouPos bilou_pos(std::uint8_t tag) { return static_cast<BilouPos>((tag - 1) % 4); }
// "O", "B-LOC", ..., "U-MISC"; "?" out of range.
std::string bilou_tag_name(std::uint8_t tag);

// What may follow what: B and I go on with I or L of the same type; O, L
// and U are followed by O, B or U; a sequence ends on O, L or U.
const perceptron::Constraints& bilou_constraints();

// An entity over tokens FIRST..LAST (inclusive).
struct EntitySpan {
  std::size_t first = 0, last = 0;
  EntityType type = EntityType::kNone;
  bool operator==(const EntitySpan&) const = default;
};

// Tags for N tokens with SPANS (non-overlapping).
std::vector<std::uint8_t> encode_bilou(const std::vector<EntitySpan>& spans, std::size_t n);
// The spans of TAGS. Lenient, as a decoder must be for any input: an
// entity starts at B or U, or at I or L after a tag of another type or O,
// and ends at L or U, before O, B or U, or where the type changes.
std::vector<EntitySpan> decode_bilou(const std::vector<std::uint8_t>& tags);

// Document history: a name keeps one type within an article. Each span
// whose words (folded) were tagged more often with another type elsewhere
// in the article takes the majority type (ties: the first mention's); a
// one-word span that is the last word of a two-word-or-longer PER span
// ("Clinton" after "Bill Clinton") is PER. FOLDED gives each token's
// folded form, as tokenize() writes it.
void apply_document_history(const std::vector<PlaceToken>& tokens, std::string_view folded,
                            std::vector<EntitySpan>& spans);

class EntityTagger {
 public:
  // An empty model: finds nothing.
  EntityTagger();
  // Loads a model (the format of perceptron.h, magic "whosaid-entity-tagger")
  // and the embedded gazetteers. Throws Error if it is malformed.
  explicit EntityTagger(std::string_view model_text);
  ~EntityTagger();
  EntityTagger(EntityTagger&&) noexcept;
  EntityTagger& operator=(EntityTagger&&) noexcept;

  // The tagger of data/entity_tagger.model as compiled in, built on first
  // use (thread-safe).
  static const EntityTagger& shared();

  bool empty() const { return model_.empty(); }
  // Whether tag() applies apply_document_history() (default: yes); for
  // measuring what it brings.
  void set_document_history(bool on) { history_ = on; }
  const perceptron::Model& model() const { return model_; }

  // The hashed features of every token of TOKENS (from tokenize(TEXT), with
  // FOLDED): token i's are FEATURES[OFFSETS[i] .. OFFSETS[i+1]). Used alike
  // by training and tagging. CLUSTERS, when given, replaces the model's
  // vocabulary of word clusters (training computes them before a model
  // exists). NAMES, when given, are the gazetteer names of TOKENS as
  // find_gazetteer_spans() finds them (the place finder's first pass has
  // them already); else the tagger finds them.
  void features(std::string_view text, const std::vector<PlaceToken>& tokens,
                std::string_view folded, std::vector<std::uint32_t>& features,
                std::vector<std::uint32_t>& offsets,
                const std::unordered_map<std::string, std::string>* clusters = nullptr,
                const std::vector<GazetteerSpan>* names = nullptr) const;

  // The entity spans of TOKENS (Viterbi, then document history); NAMES as
  // for features().
  std::vector<EntitySpan> tag(std::string_view text, const std::vector<PlaceToken>& tokens,
                              std::string_view folded,
                              const std::vector<GazetteerSpan>* names = nullptr) const;

  // The entities of TEXT (valid UTF-8): type "PER", "ORG", "LOC" or
  // "MISC", the text as written and its code-point span, end exclusive,
  // in text order.
  std::vector<EntityMention> tag_entities(std::string_view text) const;

  // SPANS of TOKENS (from tokenize(TEXT)) as tag_entities() returns them.
  // A name never runs over a line break: a headline without a full stop is
  // no part of the name that opens the next line ("... buys Bar" / "Foo
  // Corp said"), so a span that runs over one is cut there.
  static std::vector<EntityMention> mentions(std::string_view text,
                                             const std::vector<PlaceToken>& tokens,
                                             const std::vector<EntitySpan>& spans);

 private:
  perceptron::Model model_;
  bool history_ = true;
  std::unique_ptr<const Gazetteer> gazetteer_;
  std::unordered_map<std::string, std::uint8_t> names_;  // folded name -> bit 0 first, bit 1 surname

  // Word look-ups by the hash features() computes anyway (Hash(0) of the
  // folded word): open addressing over a flat array, not a node per word.
  // VALUE 0 is an empty slot.
  struct WordSlot {
    std::uint32_t hash = 0, value = 0;
    std::string_view word;
  };
  std::vector<WordSlot> name_slots_;   // names_: value = its bits
  std::vector<WordSlot> vocab_slots_;  // the model's vocabulary: value = 1 + index
  std::vector<std::pair<std::string_view, char>> vocab_values_;  // cluster bits, case
};

}  // namespace whosaid
