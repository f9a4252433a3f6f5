// Reading stored document data back: nlohmann's parser, without exceptions.
#include "searcher/stored_data.h"

namespace whosaid {

nlohmann::json parse_stored_data(std::string_view data) {
  nlohmann::json j = nlohmann::json::parse(data.begin(), data.end(), nullptr, false);
  return j.is_object() ? j : nlohmann::json::object();
}

}  // namespace whosaid
