// Stored data read back by the searcher.
#include "searcher/stored_data.h"

#include <catch2/catch.hpp>

#include "core/article.h"
#include "indexer/build_document.h"

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

TEST_CASE("StoredData: a quote shows its article's fields and its own", "[stored_data]") {
  whosaid::Article a;
  a.id = "g1";
  a.title = "Talks in Geneva";
  a.date = "2025-11-23";
  a.source = "Wire";
  a.path = "/news/g1.txt";
  a.places = {"Geneva"};
  a.body = "Rubio said the talks were “productive”.";
  a.text = a.body;
  whosaid::Quote q;
  q.text = "productive";
  q.start = 27;  // in code points: after "Rubio said the talks were “"
  q.end = 37;
  q.kind = "direct";
  q.cue = "said";
  q.speaker.canonical = "Marco Rubio";
  q.speaker.kind = "person";
  a.quotes = {q};
  whosaid::DocumentBuilder builder("english");
  whosaid::BuiltArticle b = builder.build(a);
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  db.add_document(b.article);
  REQUIRE(b.quotes.size() == 1);
  Xapian::docid quote = db.add_document(b.quotes[0].second);
  // The text is the body at the quote's span: the quote document does not
  // hold it.
  CHECK_FALSE(parse_stored_data(db.get_document(quote).get_data()).contains("text"));

  whosaid::StoredData stored(db);
  nlohmann::json d = stored(db.get_document(quote));
  CHECK(d["type"] == "quote");
  CHECK(d["id"] == "g1#q0");
  CHECK(d["article"] == "g1");
  CHECK(d["title"] == "Talks in Geneva");
  CHECK(d["date"] == "2025-11-23");
  CHECK(d["source"] == "Wire");
  CHECK(d["path"] == "/news/g1.txt");
  CHECK(d["places"] == nlohmann::json::array({"Geneva"}));
  CHECK(d["text"] == "productive");
  CHECK(d["speaker"] == "Marco Rubio");
  // An article's data is as stored.
  CHECK(stored(db.get_document(1)) == whosaid::article_data(a));
  // A quote whose article is missing keeps its own fields.
  Xapian::WritableDatabase alone(std::string(), Xapian::DB_BACKEND_INMEMORY);
  alone.add_document(b.quotes[0].second);
  whosaid::StoredData orphan(alone);
  CHECK(orphan(alone.get_document(1))["speaker"] == "Marco Rubio");
}
