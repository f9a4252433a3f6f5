// The test-collection model of whosaid-ir-eval and the product engine it
// scores (ir_eval_whosaid.cc), kept apart so that ir_eval.cc builds without
// the indexer and searcher libraries.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace whosaid::bench {

struct CollDoc {
  int id = 0;  // the id the judgments use
  std::string title, text;
};
struct CollQuery {
  int id = 0;
  std::string text;
};
struct Collection {
  std::string name;
  std::vector<CollDoc> docs;
  std::vector<CollQuery> queries;
  std::map<int, std::map<int, int>> qrels;  // query -> doc -> gain (> 0)
};

// Xapian's BM25Weight parameters (its defaults).
struct XapianParams {
  double k1 = 1.0, k2 = 0.0, k3 = 1.0, b = 0.5, min_normlen = 0.5;
  // The reference setup ("Xapian defaults"): the English stemmer with
  // STEM_SOME and no stopwords, text lowercased first (TIME is all capitals,
  // and STEM_SOME never stems a capitalised word).
  bool stopwords = false;
  bool lowercase = true;
};

// True when whosaid-ir-eval was built with the indexer and searcher.
bool whosaid_engine_available();

// Indexes C's documents the way whosaid-index does and runs each query the
// way `whosaid` does (words joined by OR); returns query id -> the ids of
// the top 100 documents, best first; with EXPAND, with pseudo-relevance
// feedback (SearchRequest::expand). Throws Error when the engine is not
// available.
std::map<int, std::vector<int>> run_whosaid(const Collection& c, bool expand = false);

}  // namespace whosaid::bench
