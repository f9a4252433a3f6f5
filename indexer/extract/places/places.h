// Place extraction (issue 3): finds countries, subdivisions and cities in
// news text with a gazetteer (indexer/extract/lexicon/gazetteer.h: ISO 3166 from Debian's
// iso-codes, GeoNames cities >= 15,000 people, alternate and historical
// names), resolves ambiguous names with context (Georgia the country or the
// US state, Jordan the country or Michael Jordan, Paris Hilton, "nice",
// "Reading", "mobile", "turkey") and rolls cities up to their country.
// The entity tagger (indexer/extract/entities/entity_tagger.h), run once
// per article, then decides which spans are locations: it drops names the context makes
// organisations ("Chicago" beat "Boston", "Bank of Japan") and adds
// locations the gazetteer lacks ("Rye Brook"), whose country is then "".
//
// Decisions worth knowing:
// - Demonyms ("Ukrainian", "French") are not places and are never returned
//   as mentions; demonym_country() exposes them for context.
// - A location the tagger alone finds (no gazetteer name on exactly its
//   span) is dropped when a word of it names an institution ("Kremlin",
//   "White House", "High Court": the body, not a place on a map) or when
//   it is the surname of a person the tagger finds by full name elsewhere
//   in the text ("Vladimir Putin ... between Putin and Trump").
// - All-caps datelines ("KYIV, Nov 20 (Reuters) -") are matched; in other
//   all-caps lines (headlines) a name needs the gazetteer (a country or a
//   big city), the tagger's LOC and more than one letter ("LOOKING" no,
//   "U.S." yes).
// - A common English word (data/common_words.txt) that starts a sentence
//   is that word ("Several", "Currently"), unless the gazetteer and the
//   tagger both call it a place; one word only the tagger calls a location
//   needs a place's context ("in", "the village of", "X, Country") to be
//   one ("users of Firefox" is a product).
// - A name keeps its type within an article: one the tagger types more
//   often as a person, a company or another entity than as a location is
//   no place where it has no locative context ("Nokia Corp ... Nokia
//   shares").
// - Metonyms (a country or capital for its government or national team:
//   "England won", "Washington said") stay places, unmarked, and so stay
//   in the place and country facets: they tell which country the article
//   concerns, which is what a place facet user filters on. A place that
//   speaks becomes an organisation speaker (speakers.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"

namespace whosaid {

class Gazetteer;

class PlaceFinder {
 public:
  // Builds the matcher from the gazetteer compiled into the binary (no
  // files are read; the entity tagger is EntityTagger::shared()). Takes
  // tens of milliseconds: build one per process and share it (see
  // shared_place_finder()). Throws Error if the embedded data is malformed.
  PlaceFinder();
  ~PlaceFinder();
  PlaceFinder(const PlaceFinder&) = delete;
  PlaceFinder& operator=(const PlaceFinder&) = delete;

  // Returns the place mentions in UTF8_TEXT (valid UTF-8; invalid bytes are
  // treated as non-letters), in text order, non-overlapping. Each mention
  // has the canonical display name ("Kyiv" for "Kiev" or "KYIV"), its ISO
  // 3166-1 alpha-2 country ("UA"; for a subdivision or a city, the country
  // it belongs to) and its span as Unicode code-point offsets into
  // UTF8_TEXT, end exclusive. A location the tagger finds that is no
  // gazetteer name has its text as written for name and, unless it holds
  // a known place ("Greater Baghdad"), "" for country. Linear in the text
  // (about 2-3x find_by_rules()); thread-safe (const).
  std::vector<PlaceMention> find(std::string_view utf8_text) const;
  // As find(), and sets CONFIRMED (one per mention, same order) to whether
  // a gazetteer name is exactly the mention: false for a location only the
  // tagger found ("Rye Brook", "Greater Baghdad"), which callers with more
  // evidence (the speakers of extract.h) may still overrule.
  std::vector<PlaceMention> find(std::string_view utf8_text, std::vector<bool>* confirmed) const;
  // As above, and sets ENTITIES (if not null) to every entity the tagger
  // finds, as EntityTagger::tag_entities() returns them (PER, ORG, LOC,
  // MISC; code-point spans, text order): the article's entities, from the
  // one tagging pass the places need anyway.
  std::vector<PlaceMention> find(std::string_view utf8_text, std::vector<bool>* confirmed,
                                 std::vector<EntityMention>* entities) const;

  // The mentions the gazetteer and its context rules alone find, without
  // the statistical tagger (what find() returns when the tagger has no
  // model). Same contract as find().
  std::vector<PlaceMention> find_by_rules(std::string_view utf8_text) const;

  // The common English name of the country with ISO alpha-2 CODE
  // ("UA" -> "Ukraine"); "" if CODE is unknown.
  const std::string& country_name(std::string_view code) const;

  // The country ISO alpha-2 code a demonym or nationality adjective refers
  // to ("Ukrainian" -> "UA", "French" -> "FR"); "" if WORD is not one.
  // Case-insensitive.
  const std::string& demonym_country(std::string_view word) const;

 private:
  std::unique_ptr<const Gazetteer> gazetteer_;
};

// A process-wide PlaceFinder, built on first use (thread-safe).
const PlaceFinder& shared_place_finder();

}  // namespace whosaid
