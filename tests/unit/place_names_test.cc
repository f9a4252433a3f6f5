// Query-time place names (searcher/place_names.h) against the compiled-in
// gazetteer data.
#include "searcher/place_names.h"

#include <catch2/catch.hpp>

#include "core/place_data.h"
#include "indexer/extract/lexicon/gazetteer.h"

using namespace whosaid;

namespace {

bool has(const std::vector<PlaceName>& places, const std::string& name,
         const std::string& country) {
  for (const PlaceName& p : places)
    if (p.name == name && p.country == country) return true;
  return false;
}

}  // namespace

TEST_CASE("places_named: any case, no diacritics, alternate names, aliases", "[place_names]") {
  CHECK(has(places_named("baghdad"), "Baghdād", "IQ"));
  CHECK(has(places_named("baghdad"), "Baghdad", "IQ"));
  CHECK(has(places_named("BAGHDĀD"), "Baghdād", "IQ"));
  CHECK(has(places_named("guantanamo"), "Guantánamo", "CU"));
  CHECK(has(places_named("kiev"), "Kyiv", "UA"));
  CHECK(has(places_named("Kyiv"), "Kyiv", "UA"));
  CHECK(has(places_named("britain"), "United Kingdom", "GB"));
  CHECK(has(places_named("uk"), "United Kingdom", "GB"));
  CHECK(has(places_named("usa"), "United States", "US"));
  // A "display" alias names the place as the indexer stores it.
  CHECK(has(places_named("russian federation"), "Russia", "RU"));
  CHECK(has(places_named("russia"), "Russia", "RU"));
  // An alias of a region that is no place of places.tsv.
  CHECK_FALSE(places_named("middle east").empty());
  bool country = false;
  for (const PlaceName& p : places_named("britain")) country = country || p.is_country;
  CHECK(country);
  CHECK(places_named("narnia").empty());
  CHECK(places_named("").empty());
}

TEST_CASE("places_named: the cheap test never hides a name", "[place_names]") {
  // Every 200th row of places.tsv: its own name finds it.
  std::string_view text = detail::kPlacesTsv;
  std::size_t row = 0, checked = 0;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (line.empty() || line[0] == '#' || row++ % 200 != 0) continue;
    std::size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1), t3 = line.find('\t', t2 + 1);
    std::string name(line.substr(t1 + 1, t2 - t1 - 1));
    std::string code(line.substr(t2 + 1, t3 - t2 - 1));
    INFO("name " << name << " " << code);
    // A place of that country (its display name may be an alias's).
    bool found = false;
    for (const PlaceName& p : places_named(name)) found = found || p.country == code;
    CHECK(found);
    ++checked;
  }
  CHECK(checked > 100);
}

TEST_CASE("is_country_code, demonym_country", "[place_names]") {
  CHECK(is_country_code("GB"));
  CHECK(is_country_code("UA"));
  CHECK_FALSE(is_country_code("UK"));
  CHECK_FALSE(is_country_code("gb"));
  CHECK(demonym_country("Ukrainian") == "UA");
  CHECK(demonym_country("ukrainian") == "UA");
  CHECK(demonym_country("Kyiv").empty());
}

TEST_CASE("for_each_tsv_row: rows, line numbers, CRLF ends, comments", "[place_names]") {
  std::vector<std::pair<std::size_t, std::vector<std::string>>> rows;
  for_each_tsv_row("a\tb\r\n# note\n\n\r\nc\t\td\ne", [&](std::size_t line, const auto& f) {
    rows.emplace_back(line, std::vector<std::string>(f.begin(), f.end()));
  });
  using Row = std::pair<std::size_t, std::vector<std::string>>;
  CHECK(rows == std::vector<Row>{{1, {"a", "b"}}, {5, {"c", "", "d"}}, {6, {"e"}}});
}
