// The JSON object whosaid-extract --json prints for an extracted article.
// One function, shared by whosaid-extract and whosaid-eval, so that the
// evaluation scores exactly what users get.
#pragma once

#include <nlohmann/json.hpp>

#include "core/article.h"

namespace whosaid {

// {"id","title","path","quotes":[{"text","start","end","kind","cue",
//  "speaker":{"name","canonical","kind","role","start","end","confidence","rule",
//             "organization"}}],
//  "places":[{"name","country","start","end"}],"speakers":[...],"countries":[...],
//  "entities":[{"type","text","start","end"}]}
// Spans are Unicode code-point offsets into the article's extracted text
// (Article::text, else Article::body), end exclusive.
nlohmann::json article_json(const Article& a);

}  // namespace whosaid
