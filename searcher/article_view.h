// whosaid --article ID: one article in full, with its quotes and the places
// it mentions marked, as text for people or as JSON.
//
// JSON (version 1, like the search output):
//   {"version": 1, "id", "title", "date", "source", "url", "path",
//    "speakers": [...],                       // canonical names
//    "speaker_kinds": [...],                  // "person" | "organization", of each
//    "text": "the body, paragraphs separated by a blank line",
//    "quotes": [{"id", "text", "start", "end", "speaker", "speaker_kind", "kind",
//                "cue"}],
//    "places": [{"name", "country", "start", "end"}]}
// start and end are code-point offsets into "text", end exclusive; a quote
// found outside the body (in the title) has null start and end.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace whosaid {

struct ArticleQuote {
  std::string id, text, speaker, kind, cue;
  std::optional<std::pair<std::size_t, std::size_t>> span;  // in the body
  std::string speaker_kind;  // "person", "organization", "unnamed", ...; may be empty
};

struct ArticlePlace {
  std::string name, country;
  std::size_t start = 0, end = 0;  // in the body
};

struct ArticleView {
  nlohmann::json data;  // the article's stored data (core/article.h)
  std::vector<ArticleQuote> quotes;
  std::vector<ArticlePlace> places;
};

// The article ID (or the article of the quote ID "ARTICLE#qN") in the
// databases PATHS. Throws NotFound naming the id, and what open_shards()
// throws.
ArticleView load_article(const std::vector<std::string>& paths, const std::string& id);

// The text form: title, date and source, url, id; the body with each quote
// between « and » followed by [N SPEAKER] and each place between ‹ and ›
// (with COLOR: quotes bold, places underlined, the markers kept), wrapped to
// WIDTH columns; then the numbered quotes and the places.
std::string format_article_text(const ArticleView& view, bool color, std::size_t width);

// The JSON form above.
nlohmann::ordered_json format_article_json(const ArticleView& view);

}  // namespace whosaid
