// Query building: turns what the user typed into a Xapian::Query. The
// QueryParser is set up from the schema table (core/schema.h) by looping
// over fields(): no prefix literal lives here. Field kinds:
//   free text         title: quote: body:          (add_prefix)
//   hybrid            speaker: person: org:        an exact known value is a
//                     place: source:               filter term, anything else
//                                                  is free text in the field
//   boolean filter    country: year:               folded exact value
//   date range        date:                        value range on kSlotDate
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/analysis.h"

namespace whosaid {

// Wildcards (peac*) expand to at most this many words, the most frequent
// ones, so that a short stem cannot make a query slow or fail.
inline constexpr Xapian::termcount kMaxWildcardExpansion = 100;

// The value range on kSlotDate for a date expression: YYYY, YYYY-MM or
// YYYY-MM-DD, or a range A..B, A.. or ..B of those. A partial date covers its
// whole period (2025..2025 = the whole of 2025; ..2025-11 ends on 30
// November). Throws QueryError naming EXPR when it is not a valid date.
Xapian::Query parse_date_range(std::string_view expr);

// The filter restricting a search to article documents, or to quote
// documents when QUOTES is true.
Xapian::Query type_filter(bool quotes);

// True if every document QUERY matches has an unprefixed term (a word of
// the body or title), so is an article: no quote document has one
// (core/schema.h). Such a search needs no type_filter(false), whose posting
// list would be walked beside every match. False when in doubt.
bool only_articles(const Xapian::Query& query);

// QUERY restricted to FILTER's matches, or QUERY itself for an empty FILTER.
Xapian::Query filtered(const Xapian::Query& query, const Xapian::Query& filter);

struct FieldErrors;  // query.cc

enum class QueryMode {
  kSearch,  // the query to run against articles
  // The query to run against quote documents: plain words, body: and
  // quote: search the quote's text (core/schema.h, kQuoteField).
  kQuotes,
  // The words to highlight in a hit's body or quote text: every text field
  // (title:, quote:, speaker:rubio, speaker:"Marco Rubio") as unprefixed
  // words, filters (country:, year:, date:) as nothing. MSet::snippet()
  // highlights only query terms that the plain text produces.
  kSnippet,
};

// Parses user queries against one (possibly combined) database. Default
// operator AND; AND OR NOT XOR NEAR ADJ, parentheses, "phrases", +/-,
// trailing wildcards and the field prefixes of the schema.
class QueryBuilder {
 public:
  // Hybrid fields look their values up in DB (the handle is kept).
  explicit QueryBuilder(const Xapian::Database& db, QueryMode mode = QueryMode::kSearch);
  ~QueryBuilder();
  QueryBuilder(const QueryBuilder&) = delete;
  QueryBuilder& operator=(const QueryBuilder&) = delete;

  // The query for TEXT (normalised as the indexer normalises text; invalid
  // UTF-8 is repaired); an empty TEXT gives an empty Query (matches
  // nothing; callers use MatchAll for "no query"). Throws QueryError
  // "cannot parse query 'TEXT': REASON" for a syntax error or a bad field
  // value.
  Xapian::Query parse(const std::string& text);

  // TEXT with spelling corrections applied ("did you mean"), or "" when
  // there is nothing to correct, no spelling data in the database, or TEXT
  // does not parse. Xapian corrects only the words searched unprefixed: in
  // QueryMode::kQuotes (words under quote:) there are none. Slower than parse(): call it when few hits were found.
  std::string suggest(const std::string& text);

  // The filter for --filter FIELD=VALUE: exactly what FIELD:"VALUE" in a
  // query means (the same field processors). Throws QueryError naming the
  // filter for an unknown field or a bad value.
  Xapian::Query filter(const std::string& field, const std::string& value);

  // The analysis (stemmer, stopwords) the database was built with.
  const Analysis& analysis() const { return analysis_; }

 private:
  // TEXT normalised as the indexer normalises text, checked and rewritten
  // where Xapian would misread it (query.cc, Outline). Throws QueryError.
  std::string prepare(const std::string& text) const;

  Analysis analysis_;
  Xapian::QueryParser qp_;
  // Parses free text inside a hybrid field (speaker:rubio); shared by the
  // field processors.
  std::shared_ptr<Xapian::QueryParser> field_qp_;
  // The first bad field value met by the field processors during a parse.
  std::shared_ptr<FieldErrors> field_errors_;
};

}  // namespace whosaid
