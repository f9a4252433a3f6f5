// Ranking: the weighting scheme of relevance-ordered searches and optional
// query expansion from the top hits (pseudo-relevance feedback). Measured
// with whosaid-ir-eval (bench/README.md, "Ranking quality").
#pragma once

#include <xapian.h>

namespace whosaid {

struct RankingOptions {
  // BM25 (Xapian's BM25Weight). Xapian's defaults are k1 1, b 0.5; k1 1.5
  // and b 0.65 score better on all four test collections (TIME, CRAN, MED,
  // CISI), and anywhere in k1 1.2-1.8, b 0.6-0.7 about as well.
  double k1 = 1.5, b = 0.65, min_normlen = 0.5;
  // Pseudo-relevance feedback (expand_query): the top feedback_docs hits of
  // a first match are taken as relevant, and the feedback_terms best terms
  // of Xapian's ESet over them are added to the query, only to rank (the
  // matches stay those of the query), scaled by feedback_weight.
  Xapian::doccount feedback_docs = 10;
  Xapian::termcount feedback_terms = 20;
  double feedback_weight = 0.2;
};

// The options searches use.
const RankingOptions& default_ranking();

// Sets ENQUIRE's weighting scheme.
void set_weighting(Xapian::Enquire& enquire, const RankingOptions& options);

// QUERY with the best terms of the top hits added, only to rank:
// QUERY AND_MAYBE (expansion terms). FILTER restricts the matches (document
// type, --filter). Runs a first match on ENQUIRE, whose weighting scheme
// must be set, and leaves its query set to that first match's: the caller
// sets it again. Returns QUERY unchanged when it finds too few hits (fewer
// than 2) or no terms to add. Costs a second match and reading the top
// hits' term lists: a few ms on a 20k-article index.
Xapian::Query expand_query(Xapian::Enquire& enquire, const Xapian::Query& query,
                           const Xapian::Query& filter, const RankingOptions& options);

}  // namespace whosaid
