// Query-time place names: one pass over data/places.tsv and
// data/place_aliases.tsv per look-up, with a cheap test before the fold.
#include "searcher/place_names.h"

#include <algorithm>
#include <array>

#include "core/place_data.h"
#include "core/place_tokens.h"

namespace whosaid {
namespace {

using Fields = std::vector<std::string_view>;

// The ASCII letters and digits of KEY (a name_key, lower case).
std::string alnum_of(std::string_view key) {
  std::string out;
  for (char c : key)
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  return out;
}

// Whether NAME may fold to a key with the ASCII letters and digits ALNUM:
// its own ASCII letters and digits, lowercased, come in that order, and
// what is left is no more than its non-ASCII characters can fold to
// (ā -> a, ß -> ss). A cheap test before name_key(), which decides.
bool may_match(std::string_view name, std::string_view alnum) {
  std::size_t j = 0, matched = 0, non_ascii = 0;
  for (char ch : name) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 0x80) {
      if ((c & 0xC0) != 0x80) ++non_ascii;
      continue;
    }
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) continue;
    while (j < alnum.size() && static_cast<unsigned char>(alnum[j]) != c) {
      if (non_ascii == 0 && matched == j) return false;  // no character to fold there
      ++j;
    }
    if (j == alnum.size()) return false;
    ++j;
    ++matched;
  }
  return alnum.size() - matched <= 2 * non_ascii;
}

// NAME, or any of the '|'-separated ALTERNATES, folds to KEY.
bool names_match(std::string_view name, std::string_view alternates, std::string_view key,
                 std::string_view alnum) {
  if (may_match(name, alnum) && name_key(name) == key) return true;
  while (!alternates.empty()) {
    std::size_t bar = alternates.find('|');
    std::string_view alt = alternates.substr(0, bar);
    if (may_match(alt, alnum) && name_key(alt) == key) return true;
    alternates.remove_prefix(bar == std::string_view::npos ? alternates.size() : bar + 1);
  }
  return false;
}

}  // namespace

std::vector<PlaceName> places_named(std::string_view value) {
  std::vector<PlaceName> out;
  const std::string key = name_key(value);
  if (key.empty()) return out;
  const std::string alnum = alnum_of(key);

  // Aliases naming VALUE point at a place (TARGET of COUNTRY); "display"
  // aliases rename the place they point at (Russia, not Russian Federation).
  struct Target {
    std::string key, alnum, country, name;
    bool found = false;
  };
  std::vector<Target> targets;
  struct Display {
    std::string key, country, name;
  };
  std::vector<Display> displays;
  for_each_tsv_row(detail::kPlaceAliasesTsv, [&](std::size_t, const Fields& f) {
    const std::size_t n = f.size();
    if (n < 2) return;
    std::string_view country = n > 2 ? f[2] : std::string_view();
    if (n > 3 && f[3].find("display") != std::string_view::npos)
      displays.push_back({name_key(f[1]), std::string(country), std::string(f[0])});
    if (may_match(f[0], alnum) && name_key(f[0]) == key) {
      std::string tkey = name_key(f[1]);
      targets.push_back({tkey, alnum_of(tkey), std::string(country), std::string(f[1])});
    }
  });

  auto add = [&](std::string_view name, std::string_view country, bool is_country) {
    std::string display(name);
    std::string nkey = name_key(name);
    for (const Display& d : displays)
      if (d.country == country && d.key == nkey) display = d.name;
    for (const PlaceName& p : out)
      if (p.name == display && p.country == country) return;
    out.push_back({display, std::string(country), is_country});
  };
  for_each_tsv_row(detail::kPlacesTsv, [&](std::size_t, const Fields& f) {
    const std::size_t n = f.size();
    if (n < 3) return;
    std::string_view alternates = n > 5 ? f[5] : std::string_view();
    bool hit = names_match(f[1], alternates, key, alnum);
    for (Target& t : targets) {
      if (t.country == f[2] && names_match(f[1], alternates, t.key, t.alnum)) {
        t.found = true;
        hit = true;
      }
    }
    if (hit) add(f[1], f[2], f[0] == "country");
  });
  // An alias whose target is no place of places.tsv names a region.
  for (const Target& t : targets)
    if (!t.found) add(t.name, t.country, false);
  return out;
}

bool is_country_code(std::string_view code) {
  bool found = false;
  for_each_tsv_row(detail::kPlacesTsv, [&](std::size_t, const Fields& f) {
    const std::size_t n = f.size();
    if (!found && n > 2 && f[0] == "country" && f[2] == code) found = true;
  });
  return found;
}

bool folds_to(std::string_view name, std::string_view key) {
  return may_match(name, alnum_of(key)) && name_key(name) == key;
}

std::string demonym_country(std::string_view value) {
  const std::string key = name_key(value);
  std::string out;
  for_each_tsv_row(detail::kDemonymsTsv, [&](std::size_t, const Fields& f) {
    const std::size_t n = f.size();
    if (out.empty() && n > 1 && name_key(f[0]) == key) out = std::string(f[1]);
  });
  return out;
}

}  // namespace whosaid
