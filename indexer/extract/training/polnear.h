// PolNeAR's brat annotations (attributions/<doc>_<annotator>.ann), read by
// whosaid-train-attribution. whosaid-eval scores PolNeAR from the tables of
// ../shared/data/polnear instead, as the independent scorer does
// (bench/eval_sets.h).
#pragma once

#include <string>
#include <vector>

#include "indexer/extract/training/attribution_training.h"

namespace whosaid {

// The attributions of a brat .ann file of PolNeAR: T lines (type and
// character pieces) tied together by E lines (Source, Cue, Content...).
std::vector<SpanPieces> parse_polnear_ann(const std::string& text);

}  // namespace whosaid
