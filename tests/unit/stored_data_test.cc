// Stored data read back by the searcher.
#include "searcher/stored_data.h"

#include <catch2/catch.hpp>

#include "core/article.h"

using whosaid::parse_stored_data;

TEST_CASE("parse_stored_data: what the indexer stores comes back", "[stored_data]") {
  whosaid::Article a;
  a.id = "a1";
  a.title = "Talks \"resume\" in Kyiv";
  a.body = "Zelensky said: “we are ready”.\n\nSecond paragraph \\ with a backslash.";
  a.speakers = {"Volodymyr Zelensky"};
  a.places = {"Kyiv"};
  nlohmann::json data = whosaid::article_data(a);
  CHECK(parse_stored_data(data.dump()) == data);
}

TEST_CASE("parse_stored_data: anything else is an empty object", "[stored_data]") {
  CHECK(parse_stored_data("") == nlohmann::json::object());
  CHECK(parse_stored_data("not json") == nlohmann::json::object());
  CHECK(parse_stored_data("[1,2]") == nlohmann::json::object());
  CHECK(parse_stored_data("\"text\"") == nlohmann::json::object());
  CHECK(parse_stored_data("{\"a\":") == nlohmann::json::object());
  CHECK(parse_stored_data("{\"a\":1}") == nlohmann::json{{"a", 1}});
}
