// Gazetteer loading (data/*.tsv). See gazetteer.h.
#include "indexer/extract/lexicon/gazetteer.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "core/error.h"

namespace whosaid {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t b = 0;
  while (true) {
    std::size_t e = s.find(sep, b);
    out.push_back(s.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
    if (e == std::string_view::npos) break;
    b = e + 1;
  }
  return out;
}

// True if KEY is made of compass points and generic region words only
// ("North-West", "Centre", "Nord"): such subdivision names are everyday words.
bool generic(std::string_view key) {
  static constexpr std::string_view kGeneric[] = {
      "north", "south", "east", "west", "northern", "southern", "eastern", "western", "centre",
      "center", "central", "nord", "sud", "est", "ouest", "capital", "coast", "coastal",
      "littoral", "plateau", "plateaux", "islands", "island", "region", "upper", "lower",
      "-", "and", "of", "the"};
  for (std::string_view w : split(key, ' '))
    if (std::find(std::begin(kGeneric), std::end(kGeneric), w) == std::end(kGeneric)) return false;
  return true;
}

}  // namespace

void Gazetteer::add_name(std::string_view name, NameReading reading) {
  std::string key = name_key(name);
  if (key.empty()) return;
  auto add = [&](const std::string& k) {
    auto& readings = names_[k];
    for (NameReading& r : readings) {
      if (r.place == reading.place) {
        r.preferred = r.preferred || reading.preferred;
        r.caps_only = r.caps_only && reading.caps_only;
        return;
      }
    }
    readings.push_back(reading);
    max_name_tokens_ = std::max<std::size_t>(
        max_name_tokens_, std::count(k.begin(), k.end(), ' ') + 1);
  };
  add(key);
  // Common spelling variants: "Guinea Bissau" for "Guinea-Bissau", "St" and
  // "St." for "Saint".
  if (key.find(" - ") != std::string::npos) {
    std::string v = key;
    for (std::size_t p; (p = v.find(" - ")) != std::string::npos;) v.replace(p, 3, " ");
    add(v);
  }
  if (key.rfind("saint ", 0) == 0) {
    add("st " + key.substr(6));
    add("st . " + key.substr(6));
  }
}

Gazetteer::Gazetteer(std::string_view places_tsv, std::string_view aliases_tsv,
                     std::string_view demonyms_tsv, std::string_view stoplist_tsv) {
  auto bad = [](const char* file, std::size_t line, std::string_view why) {
    return Error(fmt::format("malformed gazetteer data: data/{} line {}: {}", file, line, why));
  };

  // Name classes first: they apply to every reading of a name.
  std::unordered_map<std::string, NameClass> classes;
  for_each_tsv_row(stoplist_tsv, [&](std::size_t line, const std::vector<std::string_view>& f) {
    if (f.size() < 2) throw bad("place_stoplist.tsv", line, "expected name<TAB>class");
    NameClass c = f[1] == "word" ? NameClass::kWord
                  : f[1] == "person" ? NameClass::kPerson
                  : f[1] == "never" ? NameClass::kNever
                                    : throw bad("place_stoplist.tsv", line, "unknown class");
    classes[name_key(f[0])] = c;
  });
  auto class_of = [&](const std::string& key, NameClass dflt) {
    auto it = classes.find(key);
    return it == classes.end() ? dflt : it->second;
  };

  // Places. By (folded name, country) for alias targets.
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_name;
  by_name.reserve(64 * 1024);
  names_.reserve(64 * 1024);
  std::unordered_map<std::string, bool> subdivisions;
  struct Pending { std::uint32_t place; std::string name; bool word; };
  std::vector<Pending> names;
  std::vector<std::string> city_admin;
  for_each_tsv_row(places_tsv, [&](std::size_t line, const std::vector<std::string_view>& f) {
    if (f.size() < 6) throw bad("places.tsv", line, "expected 6 or 7 columns");
    Place p;
    p.name = std::string(f[1]);
    p.country = std::string(f[2]);
    if (f[0] == "country") p.kind = PlaceKind::kCountry;
    else if (f[0] == "subdivision") p.kind = PlaceKind::kSubdivision;
    else if (f[0] == "city") p.kind = PlaceKind::kCity;
    else throw bad("places.tsv", line, "unknown kind");
    if (p.kind == PlaceKind::kSubdivision) {
      p.admin = std::string(f[3]);
      subdivisions[p.admin] = true;
    }
    if (!f[4].empty()) {
      auto [ptr, ec] = std::from_chars(f[4].data(), f[4].data() + f[4].size(), p.population);
      if (ec != std::errc()) throw bad("places.tsv", line, "bad population");
    }
    auto index = static_cast<std::uint32_t>(places_.size());
    bool word = f.size() > 6 && f[6].find('w') != std::string_view::npos &&
                p.kind != PlaceKind::kCountry;
    names.push_back({index, p.name, word});
    if (!f[5].empty())
      for (std::string_view alt : split(f[5], '|')) names.push_back({index, std::string(alt), word});
    city_admin.push_back(p.kind == PlaceKind::kCity ? p.country + "-" + std::string(f[3]) : "");
    if (p.kind == PlaceKind::kCountry) countries_[p.country] = index;
    places_.push_back(std::move(p));
  });
  for (std::size_t i = 0; i < places_.size(); ++i)
    if (!city_admin[i].empty() && subdivisions.count(city_admin[i])) places_[i].admin = city_admin[i];
  for (const Pending& n : names) {
    std::string key = name_key(n.name);
    // Names of one or two letters (Fiji's Ba) are mostly abbreviations;
    // only aliases written in capitals (US, UK) may be that short.
    if (key.size() < 3) continue;
    by_name[key + "\t" + places_[n.place].country].push_back(n.place);
    NameReading r;
    r.place = n.place;
    r.name_class = class_of(key, n.word ? NameClass::kWord : NameClass::kPlain);
    if (places_[n.place].kind == PlaceKind::kSubdivision && generic(key))
      r.name_class = NameClass::kNever;
    add_name(n.name, r);
  }

  // Aliases: a new name for a known place, or a new region.
  for_each_tsv_row(aliases_tsv, [&](std::size_t line, const std::vector<std::string_view>& f) {
    if (f.size() < 2 || f[0].empty() || f[1].empty())
      throw bad("place_aliases.tsv", line, "expected alias<TAB>target<TAB>country");
    std::string country = f.size() > 2 ? std::string(f[2]) : "";
    std::string_view flags = f.size() > 3 ? f[3] : "";
    auto it = by_name.find(name_key(f[1]) + "\t" + country);
    std::uint32_t index;
    if (it != by_name.end()) {
      // The country, else the subdivision, else the largest city.
      auto rank = [&](std::uint32_t i) {
        const Place& p = places_[i];
        return std::pair(p.kind == PlaceKind::kCountry ? 3 : p.kind == PlaceKind::kSubdivision ? 2 : 1,
                         p.population);
      };
      index = *std::max_element(it->second.begin(), it->second.end(),
                                [&](auto a, auto b) { return rank(a) < rank(b); });
    } else {
      Place p;
      p.name = std::string(f[1]);
      p.country = country;
      p.kind = PlaceKind::kRegion;
      index = static_cast<std::uint32_t>(places_.size());
      places_.push_back(std::move(p));
      by_name[name_key(f[1]) + "\t" + country].push_back(index);
    }
    if (flags.find("display") != std::string_view::npos) places_[index].name = std::string(f[0]);
    NameReading r;
    r.place = index;
    std::string key = name_key(f[0]);
    r.name_class = class_of(key, NameClass::kPlain);
    r.preferred = flags.find("prefer") != std::string_view::npos;
    r.caps_only = std::none_of(f[0].begin(), f[0].end(), [](char c) { return c >= 'a' && c <= 'z'; });
    add_name(f[0], r);
  });

  for_each_tsv_row(demonyms_tsv, [&](std::size_t line, const std::vector<std::string_view>& f) {
    if (f.size() < 2 || f[1].size() != 2) throw bad("demonyms.tsv", line, "expected word<TAB>code");
    demonyms_[name_key(f[0])] = std::string(f[1]);
  });
  // A demonym is never a place name ("Georgian" is no town here).
  for (const auto& [key, code] : demonyms_) names_.erase(key);
}

const std::vector<NameReading>* Gazetteer::find(std::string_view key) const {
  auto it = names_.find(key);
  return it == names_.end() ? nullptr : &it->second;
}

const std::string& Gazetteer::country_name(std::string_view code) const {
  static const std::string kNone;
  auto it = countries_.find(code);
  return it == countries_.end() ? kNone : places_[it->second].name;
}

const std::string& Gazetteer::demonym_country(std::string_view key) const {
  static const std::string kNone;
  auto it = demonyms_.find(key);
  return it == demonyms_.end() ? kNone : it->second;
}

Gazetteer Gazetteer::make_embedded() {
  return Gazetteer(detail::kPlacesTsv, detail::kPlaceAliasesTsv, detail::kDemonymsTsv,
                   detail::kPlaceStoplistTsv);
}

void find_gazetteer_spans(const std::vector<PlaceToken>& tk, std::string_view folded,
                          const Gazetteer& g, std::vector<GazetteerSpan>& names) {
  thread_local std::string key;
  thread_local std::vector<std::size_t> key_ends;
  const std::size_t n = tk.size();
  const std::size_t max_tokens = g.max_name_tokens();
  for (std::size_t i = 0; i < n;) {
    if (!tk[i].word || !tk[i].upper_initial) { ++i; continue; }
    key.clear();
    key_ends.clear();
    for (std::size_t j = i; j < n && j - i < max_tokens; ++j) {
      if (j > i && tk[j].newlines_before > 1) break;
      if (j > i) key += ' ';
      key += folded.substr(tk[j].fold_start, tk[j].fold_len);
      key_ends.push_back(key.size());
    }
    std::size_t len = key_ends.size();
    const std::vector<NameReading>* readings = nullptr;
    for (; len > 0; --len) {
      std::size_t last = i + len - 1;
      if (!tk[last].word && tk[last].punct != '.') continue;
      // Names end on a capitalised word ("Bosnia and Herzegovina", "U.S.").
      std::size_t last_word = last;
      while (!tk[last_word].word) --last_word;
      if (!tk[last_word].upper_initial) continue;
      readings = g.find(std::string_view(key).substr(0, key_ends[len - 1]));
      if (readings) break;
    }
    if (!readings) { ++i; continue; }
    names.push_back({i, i + len - 1, readings});
    i += len;
  }
}

}  // namespace whosaid
