#include "searcher/ranking.h"

#include <set>
#include <string>
#include <vector>

#include "core/schema.h"
#include "searcher/query.h"

namespace whosaid {
namespace {

// Expansion terms: stemmed words of the text (Z and a lowercase word; no
// field terms, which the searcher's Z prefix puts a capital after, and no
// stopwords, which the indexer keeps unstemmed only) not in the query.
class ExpandTerms : public Xapian::ExpandDecider {
 public:
  explicit ExpandTerms(const Xapian::Query& query)
      : query_terms_(query.get_unique_terms_begin(), query.get_unique_terms_end()) {}
  bool operator()(const std::string& term) const override {
    if (term.size() < 3 || term[0] != 'Z' || is_field_term(term)) return false;
    return query_terms_.count(term) == 0;
  }

 private:
  std::set<std::string> query_terms_;
};

}  // namespace

const RankingOptions& default_ranking() {
  static const RankingOptions options;
  return options;
}

void set_weighting(Xapian::Enquire& enquire, const RankingOptions& o) {
  enquire.set_weighting_scheme(Xapian::BM25Weight(o.k1, 0, 1, o.b, o.min_normlen));
}

Xapian::Query expand_query(Xapian::Enquire& enquire, const Xapian::Query& query,
                           const Xapian::Query& filter, const RankingOptions& o) {
  if (o.feedback_docs == 0 || o.feedback_terms == 0 || o.feedback_weight <= 0 || query.empty())
    return query;
  enquire.set_query(filtered(query, filter));
  Xapian::MSet top = enquire.get_mset(0, o.feedback_docs);
  if (top.size() < 2) return query;
  Xapian::RSet rset;
  for (auto it = top.begin(); it != top.end(); ++it) rset.add_document(*it);
  ExpandTerms decider(query);
  Xapian::ESet eset = enquire.get_eset(o.feedback_terms, rset, &decider);
  if (eset.empty()) return query;
  // Each term weighs its ESet weight relative to the best one.
  const double top_weight = eset.begin().get_weight();
  std::vector<Xapian::Query> terms;
  for (auto it = eset.begin(); it != eset.end(); ++it)
    terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it),
                       top_weight > 0 ? it.get_weight() / top_weight : 1.0);
  Xapian::Query expansion(Xapian::Query::OP_SCALE_WEIGHT,
                          Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                          o.feedback_weight);
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, expansion);
}

}  // namespace whosaid
