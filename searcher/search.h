// Running a search: query text + options -> ranked hits with snippets,
// facet counts, the total and a spelling suggestion. Output formatting is
// in format.h; option parsing in cli.h.
#pragma once

#include <xapian.h>

#include <chrono>
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "searcher/facets.h"
#include "searcher/snippet.h"

namespace whosaid {

// Ties are broken by a key stored in every document (the article's content
// hash, shared by its quotes), then by the article id and the order within
// the article, never by document id: the order is the same in one database
// and in shards holding the same articles (document ids interleave across
// shards).
enum class SortOrder {
  kRelevance,  // BM25, newest first among equal scores (filter-only queries)
  kDate,       // newest first, relevance among equal dates
};

// A --filter FIELD=VALUE: what FIELD:"VALUE" means in a query, as a filter
// (QueryBuilder::filter; it does not change the ranking).
struct FilterSpec {
  std::string field;
  std::string value;
};

struct SearchRequest {
  std::string query;    // the query text; "" = every document
  bool quotes = false;  // search quote documents instead of articles
  SortOrder sort = SortOrder::kRelevance;
  Xapian::doccount offset = 0;
  Xapian::doccount limit = 10;
  std::vector<std::string> facets;  // facet field names, in output order
  std::size_t facet_limit = 10;
  // Per facet: values shown instead of facet_limit ("speaker:20").
  std::map<std::string, std::size_t> facet_limits;
  // Per facet: show only the values with a word starting with this text
  // (diacritics and case aside: "rub" finds Marco Rubio), to find a value
  // among thousands; the counts are the same.
  std::map<std::string, std::string> facet_search;
  std::vector<FilterSpec> filters;  // AND across fields, OR within a field
  // Disjunctive faceting (a faceted page's multi-select): a facet whose
  // field is filtered is counted without that field's filters (the others
  // apply), so the values not chosen keep their counts and can be added to
  // the choice. Off: every facet counts the filtered matches (who else
  // speaks in Rubio's articles).
  bool disjunctive_facets = false;
  std::size_t snippet_length = 240;  // bytes MSet::snippet() aims for
  // Pseudo-relevance feedback (searcher/ranking.h expand_query): rank by the
  // query plus the best words of its top hits. Relevance order only; costs a
  // second match (a few ms); snippets highlight the added words too.
  bool expand = false;
  // search_databases(): leave out shards that cannot be reached (and say
  // so in SearchResult::missing_shards) instead of failing.
  bool allow_partial = false;
  // When set, Xapian stops checking matches at this time (its time limit):
  // past it totals and facet counts are incomplete, and the result is for
  // a caller that throws it away (whosaid-serve's answer past a request's
  // deadline). It bounds the CPU a search nobody waits for goes on taking.
  std::optional<std::chrono::steady_clock::time_point> stop_matching_at;
};

// Parses "FIELD=VALUE". Throws UsageError for a missing '=', an empty
// value, or a field that cannot be filtered (listing those that can).
FilterSpec parse_filter(const std::string& spec);

// The facet of matches by month ("YYYY-MM", from the date), for a
// histogram: every month, oldest first (facet_limit does not apply).
inline constexpr std::string_view kMonthFacet = "month";

// Checks that every name is a facet field or kMonthFacet. Throws UsageError
// listing them otherwise.
void check_facets(const std::vector<std::string>& names);

struct Hit {
  Xapian::doccount rank = 0;  // 1-based, counting from the first result
  Xapian::docid docid = 0;
  double score = 0;     // BM25 weight
  nlohmann::json data;  // the stored document data (core/article.h)
  Snippet snippet;      // of the body, or of the quote text
};

struct FacetResult {
  std::string field;
  std::vector<FacetValue> values;
};

struct SearchResult {
  std::string query;
  bool quotes = false;
  Xapian::doccount offset = 0, limit = 0;
  Xapian::doccount estimate = 0;  // get_matches_estimated()
  bool exact = false;             // the estimate is the exact match count
  std::vector<Hit> hits;
  std::vector<FacetResult> facets;        // in the order requested
  std::optional<std::string> suggestion;  // "did you mean"
  // Shards left out because they could not be reached (--allow-partial):
  // name ("tcp://host:port") and reason. Non-empty = partial results.
  std::vector<std::pair<std::string, std::string>> missing_shards;
  std::size_t shards_searched = 1;  // shards that answered (search_databases())
  // The matches were counted on another thread, through run_search()'s
  // BESIDE handle (for tests and benchmarks: the results are the same).
  bool counted_beside = false;
  // Of those, in how many pieces of the document ids the two threads shared
  // (1: the counting thread alone).
  std::size_t count_pieces = 0;
  bool partial() const { return !missing_shards.empty(); }
};

// Matches counted beyond the page asked for, so that the page's own match
// gives the exact total when there are few; larger totals are counted in a
// match of their own (run_search()). Each is matched in full (a phrase's
// positions checked): at 100,000 articles a floor of 1000 was a third of a
// phrase search's time, 100 costs 4%.
inline constexpr Xapian::doccount kCheckAtLeast = 100;

// Fewer matches than this and a spelling suggestion is offered, if a word
// of the query is as rare (a misspelling's mark).
inline constexpr Xapian::doccount kFewHits = 3;

// Tests and benchmarks only: the matches (their upper bound) from which
// run_search() counts on a second thread (with BESIDE), and per piece of a
// count the two threads share; 0, 0 restores the defaults.
void set_count_beside_thresholds(Xapian::doccount min_matches, Xapian::doccount per_piece);

// Runs REQUEST on DB. Throws UsageError (bad filter/facet), QueryError
// (unparsable query) and lets Xapian errors through, including
// DatabaseModifiedError (see search_databases()).
//
// BESIDE: a second handle on the same database (core SearchDatabases::
// beside), or null. When it is at DB's revision, a page of hits is asked
// for and there can be thousands of matches, the matches are counted (the
// exact total, and the facets) on another thread through BESIDE while this
// one ranks the page: the ranked match can then stop early, and the two
// walks over the posting lists run on two cores; many matches are counted
// in pieces that this thread shares once its page is done. The same
// results either way; without BESIDE (several shards, a remote one, a
// commit between the two opens) or for fewer matches, one after the other.
SearchResult run_search(const Xapian::Database& db, const SearchRequest& request,
                        const Xapian::Database* beside = nullptr);

// Opens PATHS as one database (core open_shards, with
// REQUEST.allow_partial) and runs REQUEST; if an indexer modifies the
// database under us (DatabaseModifiedError) or a remote shard fails during
// the search (NetworkError), reopens and tries once more (a shard that went
// down is then named, or left out with allow_partial). Throws what
// open_shards() and run_search() throw.
SearchResult search_databases(const std::vector<std::string>& paths, const SearchRequest& request);

}  // namespace whosaid
