// Reading a hit's stored document data (the JSON of core/article.h) back.
#pragma once

#include <xapian.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace whosaid {

// DATA parsed as JSON, as an object: an empty object when DATA is not valid
// JSON or not an object (a document written by something else).
nlohmann::json parse_stored_data(std::string_view data);

// The stored data of documents as the searcher shows them: a quote
// document's data completed from its article's (core/article.h
// complete_quote_data()), each article read once.
class StoredData {
 public:
  explicit StoredData(const Xapian::Database& db) : db_(db) {}

  // The data of DOC, parsed; a quote's completed from its article's.
  nlohmann::json operator()(const Xapian::Document& doc);

  // The data of the article ID (parsed), or an empty object when there is
  // no such article.
  const nlohmann::json& article(const std::string& id);

 private:
  struct Article {
    nlohmann::json data;
    // The body at each quote span (quote_span_texts()), views into DATA;
    // computed for the first quote of the article that needs them.
    std::optional<std::vector<std::string_view>> span_texts;
  };
  Article& find(const std::string& id);

  Xapian::Database db_;                      // a handle: cheap to copy, shares the database
  std::map<std::string, Article> articles_;  // nodes stay put: the views stay valid
};

}  // namespace whosaid
