// Reading stored document data back: nlohmann's parser, without exceptions;
// quote data completed from its article's.
#include "searcher/stored_data.h"

#include "core/article.h"
#include "core/schema.h"

namespace whosaid {

nlohmann::json parse_stored_data(std::string_view data) {
  nlohmann::json j = nlohmann::json::parse(data.begin(), data.end(), nullptr, false);
  return j.is_object() ? j : nlohmann::json::object();
}

nlohmann::json StoredData::operator()(const Xapian::Document& doc) {
  nlohmann::json data = parse_stored_data(doc.get_data());
  auto type = data.find("type");
  auto article_id = data.find("article");
  if (type == data.end() || *type != kTypeQuote || article_id == data.end() ||
      !article_id->is_string())
    return data;
  Article& a = find(article_id->get<std::string>());
  if (!data.contains("text") && !a.span_texts) a.span_texts = quote_span_texts(a.data);
  static const std::vector<std::string_view> kNone;
  complete_quote_data(data, a.data, a.span_texts ? *a.span_texts : kNone);
  return data;
}

const nlohmann::json& StoredData::article(const std::string& id) { return find(id).data; }

StoredData::Article& StoredData::find(const std::string& id) {
  auto it = articles_.find(id);
  if (it != articles_.end()) return it->second;
  Article a{nlohmann::json::object(), std::nullopt};
  const std::string term = id_term(id);
  // One document holds the id term: the article (quote documents have none).
  Xapian::PostingIterator p = db_.postlist_begin(term);
  if (p != db_.postlist_end(term)) a.data = parse_stored_data(db_.get_document(*p).get_data());
  return articles_.emplace(id, std::move(a)).first->second;
}

}  // namespace whosaid
