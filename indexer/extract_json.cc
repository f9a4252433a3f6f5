#include "indexer/extract_json.h"

namespace whosaid {

nlohmann::json article_json(const Article& a) {
  nlohmann::json quotes = nlohmann::json::array();
  for (const auto& q : a.quotes) {
    const auto& s = q.speaker;
    quotes.push_back({{"text", q.text},
                      {"start", q.start},
                      {"end", q.end},
                      {"kind", q.kind},
                      {"cue", q.cue},
                      {"speaker",
                       {{"name", s.name},
                        {"canonical", s.canonical},
                        {"kind", s.kind},
                        {"role", s.role},
                        {"start", s.start},
                        {"end", s.end},
                        {"confidence", s.confidence},
                        {"rule", s.rule},
                        {"organization", s.organization}}}});
  }
  nlohmann::json places = nlohmann::json::array();
  for (const auto& p : a.place_mentions)
    places.push_back(
        {{"name", p.name}, {"country", p.country}, {"start", p.start}, {"end", p.end}});
  nlohmann::json entities = nlohmann::json::array();
  for (const auto& e : a.entities)
    entities.push_back({{"type", e.type}, {"text", e.text}, {"start", e.start}, {"end", e.end}});
  return {{"id", a.id},         {"title", a.title},       {"path", a.path},
          {"quotes", quotes},   {"places", places},       {"speakers", a.speakers},
          {"countries", a.countries}, {"entities", entities}};
}

}  // namespace whosaid
