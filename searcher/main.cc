// whosaid: search the index. Options are declared in cli.cc, the search
// runs in search.cc, output is formatted in format.cc (--article in
// article_view.cc); this file parses, prints and maps every error to an
// exit status (0 ok, also for no hits; 1 failure; 2 usage error). With
// --json an error is also printed as JSON on stdout (format.h error_json).
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "core/cli_help.h"
#include "core/database.h"
#include "core/error.h"
#include "core/terminal.h"
#include "searcher/article_view.h"
#include "searcher/cli.h"
#include "searcher/error_code.h"
#include "searcher/format.h"
#include "searcher/search.h"

namespace {

bool g_json_errors = false;

std::string dump(const nlohmann::ordered_json& j, int indent) {
  // "replace": a query typed in another encoding must not abort output.
  return j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// The message on stderr (program name first); with --json also the error
// document on stdout.
int fail(int status, const std::string& code, const std::string& msg,
         const std::string& hint = "") {
  std::cerr << "whosaid: " << msg << '\n' << hint;
  if (g_json_errors) std::cout << dump(whosaid::error_json(code, msg), 2) << '\n' << std::flush;
  return status;
}

int show_article(const whosaid::CliOptions& opts, const std::string& format) {
  using namespace whosaid;
  if (!opts.words.empty() || !opts.filters.empty() || !opts.facets.empty() || opts.quotes)
    throw UsageError("--article ID takes no QUERY, --filter, --facet or --quotes");
  if (format != "text" && format != "json")
    throw UsageError(fmt::format("--article prints text or json, not {}", format));
  ArticleView view = load_article(db_paths(opts), opts.article);
  if (format == "json")
    std::cout << dump(format_article_json(view), 2) << '\n';
  else
    std::cout << format_article_text(view, use_color(opts.color, isatty(STDOUT_FILENO)),
                                     output_width(STDOUT_FILENO));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace whosaid;
  CLI::App app;
  CliOptions opts;
  setup_cli(app, opts);
  g_json_errors = wants_json(argc, argv);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with status 0; any other is a usage
    // error, reported like every other message (program name first).
    if (e.get_exit_code() == 0) return app.exit(e);
    return fail(2, "usage", parse_error_message(e), "Run 'whosaid --help' for the options.\n");
  }

  try {
    std::string format = output_format(opts, argc, argv);
    g_json_errors = format == "json";
    std::cout.flush();
    if (!opts.article.empty()) {
      show_article(opts, format);
      std::cout.flush();
      if (!std::cout) return fail(1, "io", "cannot write the article");
      return 0;
    }
    SearchRequest request = make_request(opts);
    if (!request.facets.empty() && (format == "tsv" || format == "csv"))
      throw UsageError(fmt::format(
          "--format {} prints hits only: facet counts need --format json or text", format));
    SearchResult result = search_databases(db_paths(opts), request);
    for (const auto& [shard, error] : result.missing_shards)
      std::cerr << fmt::format(
          "whosaid: warning: shard {} is not reachable: {} (results are partial)\n", shard, error);
    if (format == "json") {
      std::cout << dump(format_json(result), 2) << '\n';
    } else if (format == "tsv" || format == "csv") {
      std::cout << format_table(result, format == "csv" ? TableFormat::kCsv : TableFormat::kTsv);
    } else if (format == "ids") {
      std::cout << format_ids(result);
    } else {
      std::cout << format_text(result, use_color(opts.color, isatty(STDOUT_FILENO)),
                               output_width(STDOUT_FILENO));
      // Nothing matched: say so on stderr (stdout stays empty). A page past
      // the end says why it is empty; --limit 0 asked for the total only.
      if (result.estimate == 0) {
        std::cerr << "no results\n";
        if (result.suggestion) std::cerr << "did you mean: " << *result.suggestion << '\n';
      } else if (result.hits.empty() && request.limit > 0) {
        std::cerr << fmt::format("no results at offset {} ({})\n", result.offset,
                                 format_total(result));
      }
    }
    std::cout.flush();
    if (!std::cout) return fail(1, "io", "cannot write the results");
    return 0;
  } catch (...) {
    ErrorCode e = current_error_code();
    return fail(e.code == "usage" ? 2 : 1, e.code, e.message);
  }
}
