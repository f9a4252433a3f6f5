// Reading a hit's stored document data (the JSON of core/article.h) back.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace whosaid {

// DATA parsed as nlohmann::json::parse(DATA) parses it, as an object: an
// empty object when DATA is not valid JSON or not an object. Faster than
// nlohmann's parser on what the indexer stores (an article's data holds its
// whole body, which nlohmann's lexer reads a byte at a time); anything
// unusual (a fraction, an exponent, a huge integer, invalid UTF-8) is left
// to nlohmann's parser, so the result is always the same.
nlohmann::json parse_stored_data(std::string_view data);

}  // namespace whosaid
