// The whosaid command line: options, --help text (the query language,
// generated from the schema table) and their translation into a
// SearchRequest. main.cc only parses, calls search_databases() and prints;
// unit tests call setup_cli() and make_request() directly.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "searcher/search.h"

namespace whosaid {

struct CliOptions {
  std::vector<std::string> dbs;    // --db (repeatable); empty = default_db_path()
  std::vector<std::string> words;  // the query, joined by spaces
  Xapian::doccount limit = 10;
  Xapian::doccount offset = 0;
  std::string sort = "relevance";  // relevance | date
  std::vector<std::string> facets;  // --facet speaker,place (repeatable)
  std::size_t facet_limit = 10;
  std::vector<std::string> filters;  // --filter FIELD=VALUE (repeatable)
  std::vector<std::string> facet_search;  // --facet-search FACET:PREFIX (repeatable)
  bool disjunctive_facets = false;        // --disjunctive-facets
  bool quotes = false;
  bool json = false;            // --json: the same as --format json
  std::string format = "text";  // text | json | tsv | csv | ids
  std::string article;          // --article ID: print this article in full
  std::string color = "auto";  // auto | always | never
  bool allow_partial = false;  // search the reachable shards when some are down
  bool expand = false;         // pseudo-relevance feedback (SearchRequest::expand)
};

// Declares the options, positional QUERY words, --version and the help
// footer on APP, storing into OPTS.
void setup_cli(CLI::App& app, CliOptions& opts);

// Declares --db (repeatable: databases searched as one) and --allow-partial
// on APP, storing into DBS and ALLOW_PARTIAL: the same options, in the same
// words, for whosaid and whosaid-serve. WHAT is what the program does with
// the databases ("search", "serve").
void add_db_options(CLI::App& app, std::vector<std::string>& dbs, bool& allow_partial,
                    std::string_view what);

// The query language part of --help: fields (from the schema's help
// column), operators, phrases, NEAR, wildcards, dates and examples.
std::string query_help();

// The request OPTS describe. With no query words, filters or facets alone
// search every document; with none of them either, throws UsageError (with
// a hint). Also throws UsageError for a bad --facet or --filter.
SearchRequest make_request(const CliOptions& opts);

// The databases to search: --db values, else core default_db_path() (which
// honours $WHOSAID_DB).
std::vector<std::string> db_paths(const CliOptions& opts);

// Whether to use ANSI bold: MODE "always", "never", or "auto" = IS_TTY
// unless $NO_COLOR is non-empty or $TERM is dumb (core color_wanted()).
bool use_color(const std::string& mode, bool is_tty);

// The output format: --format, with --json meaning --format json; when both
// are given, the last on the command line ARGV wins (as for any option given
// twice).
std::string output_format(const CliOptions& opts, int argc, const char* const* argv);

// Whether ARGV asks for JSON (--json, --format json, --format=json): read
// before parsing, so that a usage error can be reported as JSON too.
bool wants_json(int argc, const char* const* argv);

}  // namespace whosaid
