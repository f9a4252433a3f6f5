// Tests of the place finder (indexer/extract/places/places.h) and its gazetteer
// on sentences written for these tests: countries, cities rolled up to their
// country, alternate names, datelines, demonyms, ambiguous names, and
// code-point spans after non-ASCII text.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "indexer/extract/entities/entity_tagger.h"
#include "indexer/extract/places/places.h"
#include "indexer/extract/text/tokens.h"
#include "indexer/extract/lexicon/gazetteer.h"

using whosaid::PlaceMention;

namespace {

std::vector<PlaceMention> find(const std::string& text) {
  return whosaid::shared_place_finder().find(text);
}

// "name/country" of each mention, in order.
std::vector<std::string> names(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& m : find(text)) out.push_back(m.name + "/" + m.country);
  return out;
}

// The text a mention covers, by code points.
std::string covered(const std::string& text, const PlaceMention& m) {
  std::size_t i = 0;
  std::string out;
  std::size_t cp = 0;
  while (i < text.size()) {
    std::size_t len = 1;
    auto b = static_cast<unsigned char>(text[i]);
    if (b >= 0xF0) len = 4;
    else if (b >= 0xE0) len = 3;
    else if (b >= 0xC0) len = 2;
    if (cp >= m.start && cp < m.end) out += text.substr(i, len);
    i += len;
    ++cp;
  }
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("countries and cities roll up to their country", "[places]") {
  CHECK(names("Talks between Ukraine and Russia resumed in Miami.") ==
        V{"Ukraine/UA", "Russia/RU", "Miami/US"});
  CHECK(names("Officials flew from Ankara to Ternopil.") == V{"Ankara/TR", "Ternopil/UA"});
  CHECK(names("Delegates met in Bosnia and Herzegovina.") == V{"Bosnia and Herzegovina/BA"});
}

TEST_CASE("short, alternate and historical names map to the canonical place", "[places]") {
  CHECK(names("The U.S. and the UK disagreed, Britain said.") ==
        V{"United States/US", "United Kingdom/GB", "United Kingdom/GB"});
  CHECK(names("He lived in Kiev, then Bombay, then Peking.") ==
        V{"Kyiv/UA", "Mumbai/IN", "Beijing/CN"});
  CHECK(names("Burma, now Myanmar, borders Thailand.") ==
        V{"Myanmar/MM", "Myanmar/MM", "Thailand/TH"});
  CHECK(names("Exports from Ivory Coast and the Czech Republic rose.") ==
        V{"Ivory Coast/CI", "Czechia/CZ"});
  CHECK(names("A visit to Kraków and Krakow.") == V{"Kraków/PL", "Kraków/PL"});
}

TEST_CASE("capitals stay places when they stand for governments", "[places]") {
  CHECK(names("Neither Washington nor Moscow has confirmed the plan.") ==
        V{"Washington/US", "Moscow/RU"});
}

TEST_CASE("datelines in capitals", "[places]") {
  std::ifstream in(std::string(WHOSAID_FIXTURES) + "/places/dateline.txt");
  std::stringstream ss;
  ss << in.rdbuf();
  auto found = find(ss.str());
  REQUIRE(found.size() == 4);
  CHECK(found[0].name == "Kyiv");
  CHECK(found[0].country == "UA");
  CHECK(found[0].start == 0);
  CHECK(found[0].end == 4);
  CHECK(found[3].name == "Warsaw");
  // All-caps words that are not datelines or headlines are not cities.
  CHECK(names("The MOBILE unit and the NICE agency reported.").empty());
  CHECK(names("NICE, France (AP) - Crowds gathered.") == V{"Nice/FR", "France/FR"});
}

TEST_CASE("demonyms are not places", "[places]") {
  CHECK(names("Ukrainian and French troops trained with Russian officers.").empty());
  const auto& finder = whosaid::shared_place_finder();
  CHECK(finder.demonym_country("Ukrainian") == "UA");
  CHECK(finder.demonym_country("french") == "FR");
  CHECK(finder.demonym_country("Kyiv").empty());
  CHECK(finder.country_name("UA") == "Ukraine");
  CHECK(finder.country_name("ZZ").empty());
}

TEST_CASE("person names that are place names", "[places]") {
  CHECK(names("Michael Jordan scored 30 points.").empty());
  CHECK(names("Fans waited for Paris Hilton outside.").empty());
  CHECK(names("Mr Paris said he would stay.").empty());
  CHECK(names("King Abdullah of Jordan arrived in Paris.") == V{"Jordan/JO", "Paris/FR"});
  // A surname once is a surname throughout the text.
  CHECK(names("Marco Rubio spoke. Later Rubio left for Caracas.") == V{"Caracas/VE"});
}

TEST_CASE("locations the gazetteer does not confirm: institutions and people", "[places]") {
  // The tagger learnt "Kremlin" and "White House" as locations; as places
  // they are noise: the government that sits there.
  CHECK(names("A Kremlin spokesman said no date was set. Officials at the White House "
              "declined to comment.")
            .empty());
  CHECK(names("The High Court in Lagos ruled on Monday.") == V{"Lagos/NG"});
  // A surname of a person named in full elsewhere in the text.
  CHECK(names("President Vladimir Putin arrived late. The meeting between Putin and Trump "
              "lasted three hours.")
            .empty());
  // A location the gazetteer lacks stays, marked as not confirmed.
  std::vector<bool> confirmed;
  std::string text = "Rebels attacked the village of Tavildara, near Kyiv.";
  auto found = whosaid::shared_place_finder().find(text, &confirmed);
  REQUIRE(found.size() == 2);
  REQUIRE(confirmed.size() == 2);
  CHECK(covered(text, found[0]) == "Tavildara");
  CHECK(found[0].country.empty());
  CHECK_FALSE(confirmed[0]);
  CHECK(found[1].name == "Kyiv");
  CHECK(confirmed[1]);
}

TEST_CASE("common words that are place names", "[places]") {
  CHECK(names("Reading is a pleasure; she lives in Reading.") == V{"Reading/GB"});
  CHECK(names("It was a nice day in Nice.") == V{"Nice/FR"});
  CHECK(names("Mobile phone sales fell in Mobile, Alabama.") == V{"Mobile/US", "Alabama/US"});
  CHECK(names("We ate turkey. Turkey said the talks would go on.") == V{"Turkey/TR"});
}

TEST_CASE("ambiguous names follow their context", "[places]") {
  // Population-weighted default, then the place named next.
  CHECK(names("She moved to Paris.") == V{"Paris/FR"});
  CHECK(names("She moved to Paris, Texas.") == V{"Paris/US", "Texas/US"});
  // Georgia the country, or the state among US places.
  CHECK(names("Georgia and Armenia signed a treaty.") == V{"Georgia/GE", "Armenia/AM"});
  auto us = find("Storms hit Atlanta and Savannah in Georgia, and then Florida.");
  REQUIRE(us.size() >= 2);
  for (const auto& m : us) CHECK(m.country == "US");
  // Organisations and events named after places.
  CHECK(names("The Washington Post and Air France reported on the U.S. Open.").empty());
}

TEST_CASE("spans are code points into the text", "[places]") {
  std::string text = "Jean-Noël Barrot in Kyiv, “Ukraine” and Zürich.";
  auto found = find(text);
  REQUIRE(found.size() == 3);
  CHECK(found[0].start == 20);
  CHECK(found[0].end == 24);
  CHECK(covered(text, found[0]) == "Kyiv");
  CHECK(covered(text, found[1]) == "Ukraine");
  CHECK(covered(text, found[2]) == "Zürich");
  CHECK(found[2].name == "Zurich");
}

TEST_CASE("tokenizer folds case and diacritics", "[places]") {
  CHECK(whosaid::name_key("Côte d'Ivoire") == "cote d ' ivoire");
  CHECK(whosaid::name_key("U.S.") == "u . s .");
  CHECK(whosaid::name_key("STRAßE Łódź") == "strasse lodz");
}

TEST_CASE("both tokenizers take case from Unicode's tables", "[places]") {
  // Turkish dotted capital I lowers to i, not to the dotless ı.
  CHECK(whosaid::to_lower(U'\u0130') == U'i');
  CHECK(whosaid::lower_utf8("\u0130STANBUL") == "istanbul");
  // Accented Greek capitals and titlecase digraphs are capitals.
  CHECK(whosaid::is_upper(U'\u0386'));
  CHECK(whosaid::is_upper(U'\u01C5'));
  CHECK_FALSE(whosaid::is_upper(U'\u03AC'));
  // The place tokenizer agrees: "Άθήνα" starts with a capital, folded to lower case.
  std::vector<whosaid::PlaceToken> tokens;
  std::string folded;
  whosaid::tokenize("\u0386\u03B8\u03AE\u03BD\u03B1", tokens, folded);
  REQUIRE(tokens.size() == 1);
  CHECK(tokens[0].upper_initial);
  CHECK(folded == "\u03AC\u03B8\u03AE\u03BD\u03B1");
}

TEST_CASE("malformed gazetteer data is reported with its line", "[places]") {
  CHECK_THROWS_WITH(whosaid::Gazetteer("country\tX\n", "", "", ""),
                    Catch::Contains("places.tsv line 1"));
  CHECK_THROWS_WITH(whosaid::Gazetteer("", "", "", "# c\nParis\tmaybe\n"),
                    Catch::Contains("place_stoplist.tsv line 2"));
}

// A place is a place: what only starts a sentence, a headline, a product or
// a company is not one.
TEST_CASE("a common word that starts a sentence is no place", "[places]") {
  CHECK(names("Headline text\n\nLooking ahead, the group expects sales to rise in Brazil.") ==
        V{"Brazil/BR"});
  // The word is cut from a name the tagger alone finds.
  CHECK(names("Headline text\n\nSeveral Kansas farmers said the rain came too late.") ==
        V{"Kansas/US"});
  // A place that is a common word stays a place where the context says so.
  CHECK(names("Reading is a pleasure; she lives in Reading.") == V{"Reading/GB"});
}

TEST_CASE("one word only the tagger calls a location needs the context of a place", "[places]") {
  CHECK(names("Browsers\n\nUsers of Firefox can download the update now.").empty());
  // A place noun or a preposition before it keeps it.
  std::string text = "Rebels took the village of Tavildara on Friday.";
  auto found = find(text);
  REQUIRE(found.size() == 1);
  CHECK(covered(text, found[0]) == "Tavildara");
}

TEST_CASE("a name with a title or over a blank line is no place", "[places]") {
  CHECK(names("Ruling\n\nThe case was narrow, in Lord Woolf's words.").empty());
  CHECK(names("Mourinho takes swipe at Arsenal\n\nChelsea boss Jose Mourinho spoke.").empty());
}

TEST_CASE("a name the tagger types as a company in the article is no place", "[places]") {
  // Nokia is a town in Finland, and here the company.
  CHECK(names("Results of the quarter.\n\nNokia Corp said its profit rose. Nokia Corp also "
              "cut jobs. The Nokia plant was quiet.")
            .empty());
  // In a place's context it is the town.
  CHECK(names("Results of the quarter.\n\nNokia Corp said its profit rose. Nokia Corp also "
              "cut jobs. Sales grew in Nokia, Finland.") == V{"Nokia/FI", "Finland/FI"});
}

TEST_CASE("all-caps lines need the gazetteer and the tagger", "[places]") {
  // A team in a fixture list: the tagger does not call it a location.
  CHECK(names("Fixtures\n\nCOLORADO AT ST LOUIS\nThe game starts at noon.").empty());
  CHECK(names("KUWAIT SAYS NO PLANS TO CUT OUTPUT\n\nThe minister spoke on Sunday.") ==
        V{"Kuwait/KW"});
  CHECK(names("U.S. SENATE VOTES ON TRADE BILL\n\nThe vote was close.") == V{"United States/US"});
  // Datelines are kept as before.
  CHECK(names("HOUSTON, June 1 - Oil rose.") == V{"Houston/US"});
}

TEST_CASE("places and the article's entities come from one tagging pass", "[places]") {
  const std::string text =
      "LONDON, May 2 - Peter Blackburn of the European Commission flew to Paris.\n\n"
      "Talks in Bosnia and Herzegovina ended, Nokia Corp said.";
  std::vector<bool> confirmed;
  std::vector<whosaid::EntityMention> entities;
  whosaid::shared_place_finder().find(text, &confirmed, &entities);
  const auto tagged = whosaid::EntityTagger::shared().tag_entities(text);
  REQUIRE(entities.size() == tagged.size());
  for (std::size_t i = 0; i < tagged.size(); ++i) {
    CHECK(entities[i].type == tagged[i].type);
    CHECK(entities[i].text == tagged[i].text);
    CHECK(entities[i].start == tagged[i].start);
    CHECK(entities[i].end == tagged[i].end);
  }
  CHECK(entities.size() >= 5);
}

TEST_CASE("a name the gazetteer does not know needs a place's context, however long", "[places]") {
  // The tagger alone calls films and companies locations.
  CHECK(names("Bid talk\n\nShares rose on talk of a bid by France's Pernod Ricard.") ==
        V{"France/FR"});
}
