// Reuters-21578 PLACES codes (see eval_places.h).
#include "eval_places.h"

#include <string_view>
#include <unordered_map>

#include "indexer/extract/places/places.h"

namespace whosaid::eval {
namespace {

// ISO 3166-1 alpha-2 -> Reuters-21578 PLACES code, where the code is not
// the country's English name in lower case with hyphens (Reuters' 1987
// world: the USSR, West Germany, Yugoslavia, Czechoslovakia, Zaire).
const std::unordered_map<std::string_view, std::string_view> kReutersCodes = {
    {"US", "usa"}, {"GB", "uk"}, {"AE", "uae"}, {"DE", "west-germany"},
    {"RU", "ussr"}, {"UA", "ussr"}, {"BY", "ussr"}, {"KZ", "ussr"}, {"UZ", "ussr"},
    {"GE", "ussr"}, {"AM", "ussr"}, {"AZ", "ussr"}, {"LT", "ussr"}, {"LV", "ussr"},
    {"EE", "ussr"}, {"MD", "ussr"}, {"KG", "ussr"}, {"TJ", "ussr"}, {"TM", "ussr"},
    {"CZ", "czechoslovakia"}, {"SK", "czechoslovakia"},
    {"RS", "yugoslavia"}, {"HR", "yugoslavia"}, {"SI", "yugoslavia"}, {"BA", "yugoslavia"},
    {"MK", "yugoslavia"}, {"ME", "yugoslavia"}, {"XK", "yugoslavia"},
    {"CD", "zaire"}, {"CG", "congo"}, {"MM", "burma"}, {"KH", "kampuchea"},
    {"SZ", "swaziland"}, {"CV", "cape-verde"}, {"CI", "ivory-coast"}, {"VA", "vatican"},
    {"TT", "trinidad-tobago"}, {"WS", "western-samoa"}, {"YE", "yemen-arab-republic"},
    {"VI", "us-virgin-islands"}, {"VG", "british-virgin-islands"},
    {"CW", "netherlands-antilles"}, {"SX", "netherlands-antilles"}, {"BQ", "netherlands-antilles"},
    {"AG", "antigua"}, {"KR", "south-korea"}, {"KP", "north-korea"}, {"HK", "hong-kong"},
};

}  // namespace

std::string reuters_country_code(const std::string& iso) {
  const PlaceFinder& finder = shared_place_finder();
  auto it = kReutersCodes.find(iso);
  if (it != kReutersCodes.end()) return std::string(it->second);
  std::string out;
  for (char c : finder.country_name(iso)) {
    if (c == ' ') out += '-';
    else if (c >= 'A' && c <= 'Z') out += static_cast<char>(c + 32);
    else if (c != '.' && c != '\'') out += c;
  }
  return out;
}

}  // namespace whosaid::eval
