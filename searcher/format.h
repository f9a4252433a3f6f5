// Output of a search: text for people, JSON for programs.
//
// JSON OUTPUT (`whosaid --json`), version 1. Fields are added, never
// renamed or removed, without bumping "version".
//   {
//     "version": 1,
//     "query": "ceasefire",              // the query text as given ("" = all)
//     "type": "article",                 // or "quote" (--quotes)
//     "total": {"estimate": 42, "exact": true},   // matches, and whether the
//                                        // estimate is the exact count
//     "offset": 0, "limit": 10,
//     "hits": [
//       {"rank": 1,                      // 1-based, counting from offset 0
//        "id": "000_681fb66bd525be80",   // article id (quote id for quotes)
//        "type": "article",              // or "quote"
//        "score": 3.21,                  // BM25 weight (0 for filter-only)
//        "title": "...", "date": "2025-11-20" | "", "source": "...",
//        "url": "...", "path": "...",
//        "speakers": ["Marco Rubio", ...],   // named people and organisations
//        "speaker_kinds": ["person", ...],   // "person" | "organization", of
//                                        // each speaker in order
//        "places": ["Kyiv", ...],
//        "snippet": "plain text of the best passage",
//        "highlights": [[start, end], ...],   // code-point offsets into
//                                        // snippet, end exclusive
//        // quote hits only:
//        "text": "the quote", "speaker": "Marco Rubio",
//        "speaker_kind": "person" | "organization" | "unnamed" | ...,
//        "kind": "direct" | "indirect", "cue": "said",
//        "article": "id of the article"}
//     ],
//     "facets": {"speaker": [{"value": "Marco Rubio", "count": 3,
//                             "kind": "person"}, ...], ...},
//                                        // "kind" ("person" | "organization")
//                                        // in the speaker, person and org
//                                        // facets only
//                                        // only the facets asked for, each
//                                        // count descending then by value
//     "suggestion": "corrected query" | null,   // "did you mean" (from
//                                        // local databases only: remote ones
//                                        // have no spelling data)
//     "partial": false,                  // true: some shards could not be
//                                        // reached (--allow-partial) and
//     "missing_shards": [                // are listed here, results and
//       {"shard": "tcp://host:port", "error": "Couldn't connect ..."}]
//                                        // counts cover the others only
//   }
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "searcher/search.h"

namespace whosaid {

inline constexpr int kJsonVersion = 1;

// The JSON document above for RESULT, keys in the order shown.
nlohmann::ordered_json format_json(const SearchResult& result);

// The text output for people: per hit a header (rank, title, date, source),
// the id and path, speakers and places, the snippet; then one block per
// facet and the total line ("12 results", "about 1,200 results"; with
// shards missing: "12 results (partial: 1 of 3 shards not searched)") and any
// "did you mean". With --quotes each hit is
//   Speaker: “quote text” — article title, date
// where an organisation's name is followed by " [org]" and an unnamed
// source's ("a spokesman") by " [unnamed]"; so are the organisations of a
// speaker facet.
// COLOR: ANSI bold for titles and matched words. "" when there are no hits.
// WIDTH > 0: lines are wrapped to WIDTH columns, and speaker and place lists
// that do not fit are cut with "… +N more" (0: no wrapping).
std::string format_text(const SearchResult& result, bool color, std::size_t width = 0);

// --format tsv|csv: a header row, then one row per hit (facets, the total
// and the suggestion are left out: --format json has them). Columns:
//   articles: rank id score date source title url speakers places path
//   quotes:   rank id article score date speaker kind cue text title source
//             url path
// Lists (speakers, places) are joined by "; ". TSV: fields separated by a
// tab, rows ended by "\n", and a tab, newline, carriage return or backslash
// in a value written as \t \n \r \\ (tsv_field). CSV: RFC 4180 (rows
// ended by "\r\n", a value with a comma, quote, CR, LF or an edge space in
// double quotes, its quotes doubled: csv_field).
enum class TableFormat { kTsv, kCsv };
std::string format_table(const SearchResult& result, TableFormat format);
std::string tsv_field(std::string_view value);
std::string csv_field(std::string_view value);

// --format ids: the id of each hit (article or quote id), one per line.
std::string format_ids(const SearchResult& result);

// An error with --format json (whosaid and whosaid-index): printed on
// standard output instead of results, as well as the usual message on
// standard error; the exit status is the same as without --json.
//   {"version": 1, "error": {"code": "no_index", "message": "no index at ..."}}
// Codes: usage, no_index, bad_query, schema, locked, not_found, unreachable,
// io, error.
nlohmann::ordered_json error_json(std::string_view code, std::string_view message);

// "12 results", "1 result", "about 1,200 results".
std::string format_total(const SearchResult& result);

}  // namespace whosaid
