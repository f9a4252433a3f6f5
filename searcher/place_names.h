// Place and country names at query time: what place:kiev and country:uk
// mean, read from the gazetteer's data (data/*.tsv, compiled into the
// indexer library) the way the indexer names places, so that a query finds
// what extraction stored: any case, no diacritics (baghdad = Baghdād),
// alternate names and aliases (kiev -> Kyiv, britain -> United Kingdom,
// usa -> United States). Building the indexer's whole Gazetteer takes half
// a second; these look-ups make one pass over the text each, a few ms, and
// only when a query has place: or country: with a name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace whosaid {

struct PlaceName {
  std::string name;     // display name, as stored in the index: "Kyiv"
  std::string country;  // ISO 3166-1 alpha-2, "" for regions across countries
  bool is_country = false;
};

// The places called VALUE (by their name, an alternate name or an alias),
// each once, in the order of data/places.tsv, then regions of
// data/place_aliases.tsv. Empty when the gazetteer knows no such name.
std::vector<PlaceName> places_named(std::string_view value);

// True if CODE (upper case) is the ISO 3166-1 alpha-2 code of a country of
// data/places.tsv.
bool is_country_code(std::string_view code);

// The country of a demonym ("ukrainian" -> "UA"), "" if VALUE is none.
std::string demonym_country(std::string_view value);

// True if NAME folds to KEY (a name_key(): lower case, no diacritics), as
// "Erdoğan" to "erdogan"; a cheap test first, so that a scan of many names
// folds only the few that may match.
bool folds_to(std::string_view name, std::string_view key);

}  // namespace whosaid
