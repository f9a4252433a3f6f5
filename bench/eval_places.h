// Reuters-21578 PLACES codes for the countries the extractor prints, for
// whosaid-eval's document-country measure (eval_sets.h).
#pragma once

#include <string>

namespace whosaid::eval {

// ISO 3166-1 alpha-2 -> Reuters-21578 PLACES code ("US" -> "usa",
// "DE" -> "west-germany"): the country's English name in lower case with
// hyphens, except where Reuters' 1987 world differs.
std::string reuters_country_code(const std::string& iso);

}  // namespace whosaid::eval
