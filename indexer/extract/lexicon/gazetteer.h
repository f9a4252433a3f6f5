// The gazetteer behind PlaceFinder (indexer/extract/places/places.h): places
// (countries, subdivisions, cities, regions) and the names they go by, keyed
// by normalised token sequences, plus demonyms and the classes of names that
// need context (common words, person names). The data is data/*.tsv,
// compiled into the core library at build time (core/place_data.h) so an
// installed binary needs no data files; see data/README.md for sources.
//
// Names and text are cut and folded by core/place_tokens.h (tokenize(),
// name_key()), shared with the searcher, so that their keys meet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/place_data.h"
#include "core/place_tokens.h"

namespace whosaid {

enum class PlaceKind : std::uint8_t { kCountry, kSubdivision, kCity, kRegion };

// How much context a name needs before it counts as a place.
enum class NameClass : std::uint8_t {
  kPlain,   // a place whenever capitalised
  kWord,    // also a common word: needs locative context (Nice, Reading)
  kPerson,  // also a person's name: not when part of a longer name (Jordan)
  kNever,   // never matched on its own (March, May)
};

struct Place {
  std::string name;     // display name: "Kyiv"
  std::string country;  // ISO 3166-1 alpha-2; "" for regions spanning countries
  std::string admin;    // ISO 3166-2 code of a subdivision, or of a city's
                        // first-level subdivision when known ("US-TX"); else ""
  PlaceKind kind = PlaceKind::kCity;
  std::uint32_t population = 0;  // cities only
};

// One reading of a name: the place and how the name behaves.
struct NameReading {
  std::uint32_t place = 0;   // index into Gazetteer::place()
  NameClass name_class = NameClass::kPlain;
  bool preferred = false;    // the default reading of an ambiguous name
  bool caps_only = false;    // written in capitals (US, UK): matches only so
};

class Gazetteer {
 public:
  // Builds the gazetteer from the TSV texts of data/places.tsv,
  // data/place_aliases.tsv, data/demonyms.tsv and data/place_stoplist.tsv.
  // Throws Error naming the file and line of a malformed row.
  Gazetteer(std::string_view places_tsv, std::string_view aliases_tsv,
            std::string_view demonyms_tsv, std::string_view stoplist_tsv);

  // Builds it from the copies of data/*.tsv compiled into the library.
  static Gazetteer make_embedded();

  // The readings of a key (see name_key()), or null when KEY names nothing.
  const std::vector<NameReading>* find(std::string_view key) const;
  // The most tokens any name has: no key is longer.
  std::size_t max_name_tokens() const { return max_name_tokens_; }

  const Place& place(std::uint32_t index) const { return places_[index]; }
  std::size_t size() const { return places_.size(); }

  // Display name of the country CODE ("UA" -> "Ukraine"), "" if unknown.
  const std::string& country_name(std::string_view code) const;
  // Country of a demonym, by key ("ukrainian" -> "UA"), "" if none.
  const std::string& demonym_country(std::string_view key) const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const {
      return std::hash<std::string_view>{}(s);
    }
  };
  using Map = std::unordered_map<std::string, std::vector<NameReading>, Hash, std::equal_to<>>;

  void add_name(std::string_view name, NameReading reading);

  std::vector<Place> places_;
  Map names_;
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> demonyms_;
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> countries_;
  std::size_t max_name_tokens_ = 0;
};

// A gazetteer name in the text: tokens FIRST..LAST (inclusive), READINGS
// from Gazetteer::find().
struct GazetteerSpan {
  std::size_t first = 0, last = 0;
  const std::vector<NameReading>* readings = nullptr;
};

// Appends to NAMES the longest gazetteer names of TOKENS (with FOLDED, from
// tokenize()) at capitalised words, in text order: a name starts at a
// capitalised word, ends on a capitalised word or a '.', spans no blank
// line, and is the longest there. The place finder's first pass and the
// entity tagger's gazetteer features read the same names.
void find_gazetteer_spans(const std::vector<PlaceToken>& tokens, std::string_view folded,
                          const Gazetteer& gazetteer, std::vector<GazetteerSpan>& names);

}  // namespace whosaid
