// whosaid: search the index. Options are declared in cli.cc, the search
// runs in search.cc, output is formatted in format.cc; this file parses,
// prints and maps every error to an exit status (0 ok, also for no hits;
// 1 failure; 2 usage error).
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "core/error.h"
#include "searcher/cli.h"
#include "searcher/format.h"
#include "searcher/search.h"

namespace {

int fail(int status, const std::string& msg) {
  std::cerr << "whosaid: " << msg << '\n';
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace whosaid;
  CLI::App app;
  CliOptions opts;
  setup_cli(app, opts);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with status 0; any other is a usage
    // error, reported like every other message (program name first).
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "whosaid: " << e.what() << "\nRun 'whosaid --help' for the options.\n";
    return 2;
  }

  try {
    SearchRequest request = make_request(opts);
    SearchResult result = search_databases(db_paths(opts), request);
    for (const auto& [shard, error] : result.missing_shards)
      std::cerr << fmt::format(
          "whosaid: warning: shard {} is not reachable: {} (results are partial)\n", shard, error);
    if (opts.json) {
      // "replace": a query typed in another encoding must not abort output.
      std::cout << format_json(result).dump(2, ' ', false,
                                            nlohmann::ordered_json::error_handler_t::replace)
                << '\n';
    } else {
      std::cout << format_text(result, use_color(opts.color, isatty(STDOUT_FILENO)));
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
    if (!std::cout) return fail(1, "cannot write the results");
    return 0;
  } catch (const UsageError& e) {
    return fail(2, e.what());
  } catch (const Error& e) {  // IndexMissing, QueryError, SchemaMismatch, ...
    return fail(1, e.what());
  } catch (const Xapian::Error& e) {
    return fail(1, e.get_description());
  } catch (const std::exception& e) {
    return fail(1, e.what());
  }
}
