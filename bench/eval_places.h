// Evaluation of place extraction (issue 3) on annotated news, for
// whosaid-eval: CoNLL-2003 LOC spans and Reuters-21578 PLACES labels.
// Both read the research data at run time (nothing from it is committed)
// and return figures as JSON.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace whosaid {

// Scores PlaceFinder on a CoNLL-2003 file (IOB1, e.g.
// ../shared/data/conll2003-ner/eng.testa): each document's text is rebuilt
// from its tokens (single spaces, one sentence per line), predicted spans
// are mapped back to token spans (a prediction not on token boundaries
// counts as wrong) and compared with the gold LOC entities by exact match.
// Returns {"dataset":"conll2003","file","documents","gold","predicted",
// "correct","precision","recall","f1"}. Throws Error if PATH cannot be read.
nlohmann::json eval_conll(const std::string& path);

// Scores document-level countries on Reuters-21578's articles.tsv (header
// row, escaped TSV): the countries of the places found in title, dateline
// and body, mapped to Reuters PLACES codes ("US" -> "usa"), against the gold
// PLACES labels, micro-averaged over the documents that have labels and a
// body. Returns {"dataset":"reuters21578","file","documents","gold",
// "predicted","correct","precision","recall","f1"}. Throws Error if PATH
// cannot be read or lacks the expected columns.
nlohmann::json eval_reuters(const std::string& path);

}  // namespace whosaid
