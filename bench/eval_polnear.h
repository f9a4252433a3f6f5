// Evaluation of quote and speaker extraction on PolNeAR-format data (issue
// 3): a folder with text/<doc>.txt and brat attributions/<doc>_<annotator>.ann
// (one annotator per article: the alphabetically first). Reads the research
// data at run time; nothing from it is committed.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "indexer/extract/quotes/attribution_tagger.h"

namespace whosaid {

// Scores the extractor's attributions against the gold ones of DIR:
//   source exact:   predicted source phrase span == a gold source span
//                   (the envelope of its pieces), unique spans on each side;
//   source overlap: a predicted source span overlapping a gold source span
//                   counts for precision, a gold one overlapped for recall;
//   content overlap: the same for content spans (gold pieces);
//   cue overlap:    the same for cue spans.
// Partial quotations inside a reported statement are part of that
// statement (PolNeAR annotations do not nest) and are not scored apart.
// Returns {"dataset":"polnear","dir","documents","source_exact":{...},
// "source_overlap":{...},"content_overlap":{...},"cue_overlap":{...},
// "extract_seconds"}, each score {"gold","predicted","correct_p",
// "correct_r","precision","recall","f1"}. Throws Error if DIR has no text/.
nlohmann::json eval_polnear(const std::string& dir);

// The attributions of a brat .ann file of PolNeAR: T lines (type and
// character pieces) tied together by E lines (Source, Cue, Content...).
// Shared with whosaid-train-attribution.
std::vector<SpanPieces> parse_polnear_ann(const std::string& text);

}  // namespace whosaid
