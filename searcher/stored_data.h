// Reading a hit's stored document data (the JSON of core/article.h) back.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace whosaid {

// DATA parsed as JSON, as an object: an empty object when DATA is not valid
// JSON or not an object (a document written by something else).
nlohmann::json parse_stored_data(std::string_view data);

}  // namespace whosaid
