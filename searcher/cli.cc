// Option declarations and --help for whosaid.
#include "searcher/cli.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "core/cli_help.h"
#include "core/database.h"
#include "core/error.h"
#include "core/schema.h"
#include "core/terminal.h"
#include "searcher/query.h"

namespace whosaid {
namespace {

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    std::string item = s.substr(start, comma - start);
    auto first = item.find_first_not_of(' '), last = item.find_last_not_of(' ');
    if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));
    start = comma + 1;
  }
  return out;
}

}  // namespace

std::string query_help() {
  std::string out =
      "QUERY LANGUAGE\n"
      "  Words are matched in the title and body (stemmed: 'talks' finds 'talk');\n"
      "  all words must match (default AND).\n"
      "  \"a phrase\"           the words in this order\n"
      "  a OR b, a AND b      either / both; a NOT b, a AND NOT b: a without b\n"
      "  +a -b                a required, b excluded; -b alone: all but b\n"
      "  (a OR b) c           parentheses group\n"
      "  a NEAR b, a NEAR/3 b within 10 (3) words of each other; ADJ: in order\n"
      "  peac*                words starting with 'peac' (the " +
      std::to_string(kMaxWildcardExpansion) +
      " most frequent)\n"
      "  Operators are in capitals; a query starting with '-' goes after '--'.\n"
      "\n"
      "FIELDS (field:value; quote values with spaces: speaker:\"Marco Rubio\")\n";
  for (const Field& f : fields())
    out += fmt::format("  {:<10} {}\n", std::string(f.name) + ":",
                       wrap_text(f.help, kHelpWidth, 13, 13));
  out +=
      "  speaker:, person:, org:, place:, source: one word finds every name with\n"
      "  that word (speaker:brown: Gordon Brown, Nick Brown); a full name in quotes\n"
      "  is that name (speaker:\"Gordon Brown\"); diacritics are optional\n"
      "  (speaker:erdogan). speaker: is every named speaker, people and\n"
      "  organisations; person: and org: one kind (so are --facet and --filter).\n"
      "  place: and country: know other names and spellings (place:kiev = Kyiv,\n"
      "  place:baghdad = Baghdad; country:uk = gb).\n"
      "  field:(a OR b) applies the field to the group. Filters on the same field\n"
      "  are ORed (place:kyiv place:odesa), on different fields ANDed. An unknown\n"
      "  field or a bad value is an error naming it.\n"
      "\n"
      "DATES\n"
      "  date:2025  date:2025-11  date:2025-11-20       a year, month or day\n"
      "  date:2025-11-01..2025-11-30  date:2025..  date:..2024-06   ranges\n"
      "  (a partial date covers its whole period: date:2024..2025 = 2024-01-01 to\n"
      "  2025-12-31)\n"
      "\n"
      "EXAMPLES\n"
      "  whosaid ceasefire\n"
      "  whosaid 'quote:\"spirit of Anchorage\"'\n"
      "  whosaid 'speaker:\"Marco Rubio\" peace'\n"
      "  whosaid --quotes --facet speaker ceasefire\n"
      "  whosaid --facet person,org 'org:kremlin'\n"
      "  whosaid --sort date --filter country=ua 'date:2025-11 (talks OR negotiations)'\n"
      "  whosaid --facet source,year --limit 0        (counts only, all articles)\n"
      "  whosaid --format tsv --limit 100 ceasefire   (a table for scripts)\n"
      "  whosaid --article ID                         (one article in full; ids from\n"
      "                                               --format ids)\n"
      "\n"
      "With no QUERY, --filter or --facet alone search every document.\n"
      "Colour: see --color; the text output is wrapped to the terminal's width (else\n"
      "$COLUMNS, else 80 columns); json, tsv, csv and ids are never wrapped.\n"
      "Errors: a message on standard error; with --json, also a JSON document on\n"
      "standard output: {\"version\":1,\"error\":{\"code\":\"...\",\"message\":\"...\"}}.\n"
      "Exit status: 0 (also when nothing matches), 1 error, 2 usage error.\n";
  return out;
}

void add_db_options(CLI::App& app, std::vector<std::string>& dbs, bool& allow_partial,
                    std::string_view what) {
  app.add_option("--db", dbs,
                 fmt::format("database to {} (repeatable: several are searched as one): "
                             "a folder, a Xapian stub file listing shards, or tcp://HOST:PORT "
                             "(a xapian-tcpsrv); default ${}, else $XDG_DATA_HOME/whosaid/db or "
                             "~/.local/share/whosaid/db",
                             what, kDbEnv))
      ->type_name("PATH")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_flag("--allow-partial", allow_partial,
               "when a shard cannot be reached, search the others and mark the results "
               "partial (default: fail, naming the shard)");
}

void setup_cli(CLI::App& app, CliOptions& o) {
  app.name("whosaid");
  app.description(
      "whosaid: search news articles and who said what in them.\n"
      "Searches the index built by whosaid-index.");
  // A repeated option: the last one wins (--db and --filter collect all).
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.set_version_flag("--version", std::string("whosaid ") + WHOSAID_VERSION);
  app.formatter(std::make_shared<HelpFormatter>());
  app.add_option("QUERY", o.words, "the query: words joined by spaces (see QUERY LANGUAGE below)");
  add_db_options(app, o.dbs, o.allow_partial, "search");
  app.add_option("-n,--limit", o.limit, "hits to show, 0 to 100000 (default 10; 0 = counts only)")
      ->type_name("N")
      ->check(CLI::Range(0, 100000).description(""));
  app.add_option("--offset", o.offset, "skip this many hits first (default 0)")
      ->type_name("N")
      ->check(CLI::Range(0, 10000000).description(""));
  app.add_option("--sort", o.sort, "relevance (default) or date (newest first)")
      ->type_name("ORDER")
      ->check(CLI::IsMember({"relevance", "date"}).description(""));
  app.add_option("--facet", o.facets,
                 fmt::format("count matches by these fields, comma-separated (repeatable): {}, "
                             "and month (every month, oldest first)",
                             facet_names()))
      ->type_name("LIST")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--facet-limit", o.facet_limit,
                 "values shown per facet, 1 to 10000 (default 10; --facet speaker:20 for one "
                 "facet)")
      ->type_name("N")
      ->check(CLI::Range(1, 10000).description(""));
  app.add_option("--facet-search", o.facet_search,
                 "show only the values of FACET with a word starting with PREFIX, e.g. "
                 "--facet-search speaker:rub (repeatable)")
      ->type_name("FACET:PREFIX")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_flag("--disjunctive-facets", o.disjunctive_facets,
               "count a facet whose field is filtered without that field's filters, so the "
               "values not chosen keep their counts (a faceted page's multi-select; the "
               "default counts the filtered matches)");
  app.add_option("--filter", o.filters,
                 "only hits with FIELD:\"VALUE\", without changing the ranking (repeatable; "
                 "same field ORed, different fields ANDed), e.g. --filter speaker='Marco Rubio' "
                 "--filter date=2025-11")
      ->type_name("FIELD=VALUE")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_flag("--expand", o.expand,
               "rank with the query expanded by words of its top hits (pseudo-relevance "
               "feedback): finds related wording, costs a few ms; the matches stay the same");
  app.add_flag("--quotes", o.quotes, "search quotes (who said what) instead of articles");
  app.add_option("--format", o.format,
                 "text (default), json (version 1; see the README), tsv or csv (a header row, "
                 "one row per hit; RFC 4180 for csv), ids (one id per line)")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"text", "json", "tsv", "csv", "ids"}).description(""));
  app.add_flag("--json", o.json, "the same as --format json; errors are JSON too");
  app.add_option("--article", o.article,
                 "print the article ID (or the article of quote ID#qN) in full, its quotes and "
                 "places marked: text, or JSON with --json (takes no QUERY)")
      ->type_name("ID");
  app.add_option("--color", o.color,
                 "bold titles and matches: auto (default: when output is a terminal, $NO_COLOR "
                 "is unset or empty and $TERM is not dumb), always, never")
      ->type_name("WHEN")
      ->check(CLI::IsMember({"auto", "always", "never"}).description(""));
  app.footer(query_help());
}

SearchRequest make_request(const CliOptions& o) {
  SearchRequest r;
  for (const std::string& w : o.words) {
    if (!r.query.empty()) r.query += ' ';
    r.query += w;
  }
  r.quotes = o.quotes;
  r.allow_partial = o.allow_partial;
  r.expand = o.expand;
  r.sort = o.sort == "date" ? SortOrder::kDate : SortOrder::kRelevance;
  r.limit = o.limit;
  r.offset = o.offset;
  for (const std::string& list : o.facets) {
    std::vector<std::string> names = split_commas(list);
    if (names.empty())
      throw UsageError(fmt::format("--facet needs field names (facets: {})", facet_names()));
    for (std::string& n : names) {
      // NAME:N shows N values of this facet.
      std::size_t colon = n.find(':');
      if (colon != std::string::npos) {
        std::string count = n.substr(colon + 1);
        n.resize(colon);
        std::size_t limit = 0;
        auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), limit);
        if (ec != std::errc() || end != count.data() + count.size() || limit < 1 || limit > 10000)
          throw UsageError(
              fmt::format("--facet {}:{}: the number of values must be 1 to 10000", n, count));
        r.facet_limits[n] = limit;
      }
      if (std::find(r.facets.begin(), r.facets.end(), n) == r.facets.end())
        r.facets.push_back(std::move(n));
    }
  }
  check_facets(r.facets);
  r.facet_limit = o.facet_limit;
  r.disjunctive_facets = o.disjunctive_facets;
  for (const std::string& spec : o.facet_search) {
    std::size_t colon = spec.find(':');
    if (colon == std::string::npos || colon == 0)
      throw UsageError(
          fmt::format("--facet-search '{}': expected FACET:PREFIX, e.g. speaker:rub", spec));
    std::string name = spec.substr(0, colon);
    if (std::find(r.facets.begin(), r.facets.end(), name) == r.facets.end())
      throw UsageError(
          fmt::format("--facet-search '{}': {} is not among the --facet fields", spec, name));
    r.facet_search[name] = spec.substr(colon + 1);
  }
  for (const std::string& f : o.filters) r.filters.push_back(parse_filter(f));
  if (r.query.find_first_not_of(" \t") == std::string::npos && r.filters.empty() &&
      r.facets.empty())
    throw UsageError(
        "no query given (try: whosaid ceasefire, whosaid 'speaker:\"Marco Rubio\"'; "
        "whosaid --help describes the query language)");
  return r;
}

std::vector<std::string> db_paths(const CliOptions& o) {
  return o.dbs.empty() ? std::vector<std::string>{default_db_path()} : o.dbs;
}

bool use_color(const std::string& mode, bool is_tty) { return color_wanted(mode, is_tty); }

std::string output_format(const CliOptions& o, int argc, const char* const* argv) {
  // The last of --json, --format X and --format=X wins, as for other options
  // given twice (scanned in ARGV: CLI11 keeps no order between options).
  std::string last;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--") break;
    if (a == "--json") last = "json";
    if (a.starts_with("--format=")) last = a.substr(9);
    if (a == "--format" && i + 1 < argc) last = argv[++i];
  }
  if (!last.empty()) return last;
  return o.json ? "json" : o.format;
}

bool wants_json(int argc, const char* const* argv) {
  return output_format(CliOptions(), argc, argv) == "json";
}

}  // namespace whosaid
