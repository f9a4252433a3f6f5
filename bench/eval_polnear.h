// PolNeAR's brat annotations (attributions/<doc>_<annotator>.ann), read by
// whosaid-train-attribution. whosaid-eval scores PolNeAR from the tables of
// ../shared/data/polnear instead, as the independent scorer does
// (eval_sets.h).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "indexer/extract/quotes/attribution_tagger.h"

namespace whosaid {

// The attributions of a brat .ann file of PolNeAR: T lines (type and
// character pieces) tied together by E lines (Source, Cue, Content...).
// Shared with whosaid-train-attribution.
std::vector<SpanPieces> parse_polnear_ann(const std::string& text);

}  // namespace whosaid
