// Stored document data for articles and quotes.
#include "core/article.h"

#include <fmt/format.h>

#include "core/schema.h"

namespace whosaid {

nlohmann::json article_data(const Article& a) {
  return {{"type", kTypeArticle}, {"id", a.id},       {"title", a.title},
          {"date", a.date},       {"source", a.source}, {"url", a.url},
          {"path", a.path},       {"speakers", a.speakers}, {"places", a.places},
          {"countries", a.countries}, {"body", a.body}};
}

nlohmann::json quote_data(const Article& a, const Quote& q, std::size_t index) {
  std::string speaker = q.speaker.canonical.empty() ? q.speaker.name : q.speaker.canonical;
  return {{"type", kTypeQuote}, {"id", quote_id(a.id, index)}, {"article", a.id},
          {"title", a.title},   {"date", a.date},   {"source", a.source},
          {"url", a.url},       {"path", a.path},   {"text", q.text},
          {"kind", q.kind},     {"cue", q.cue},     {"speaker", speaker},
          {"speaker_kind", q.speaker.kind}, {"role", q.speaker.role},
          {"places", a.places}, {"start", q.start}, {"end", q.end}};
}

std::string quote_id(const std::string& article_id, std::size_t index) {
  return fmt::format("{}#q{}", article_id, index);
}

}  // namespace whosaid
