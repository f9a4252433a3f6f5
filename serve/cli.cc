// Option declarations and --help for whosaid-serve.
#include "serve/cli.h"

#include <fmt/format.h>
#include <sched.h>

#include <algorithm>
#include <thread>

#include "core/cli_help.h"
#include "searcher/cli.h"

namespace whosaid::serve {

unsigned default_search_threads() {
  cpu_set_t cpus;
  unsigned n = 0;
  if (sched_getaffinity(0, sizeof cpus, &cpus) == 0) n = static_cast<unsigned>(CPU_COUNT(&cpus));
  if (n == 0) n = std::thread::hardware_concurrency();
  return std::max(n, 2u);
}

void setup_serve_cli(CLI::App& app, ServeOptions& o) {
  app.description(
      "whosaid-serve: serve the index over HTTP, read-only: a JSON API (/api/search, "
      "/api/article/ID, /api/health) and a search page at /.\n"
      "Answers while whosaid-index writes; each commit shows at the next request.");
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.set_version_flag("--version", std::string("whosaid-serve ") + WHOSAID_VERSION);
  app.formatter(std::make_shared<HelpFormatter>());
  add_db_options(app, o.dbs, o.allow_partial, "serve");
  app.add_option("--listen", o.listen,
                 "address and port to listen on (default 127.0.0.1:8080: this machine only; "
                 "port 0 = any free port, printed at start)")
      ->type_name("ADDR:PORT");
  // A count in [1, MAX], shown as TYPE in --help.
  auto add_count = [&](const char* name, unsigned& value, const char* help, const char* type,
                       unsigned max) {
    app.add_option(name, value, help)->type_name(type)->check(CLI::Range(1u, max).description(""));
  };
  add_count("--threads", o.threads,
            "threads that hold the connections and send the answers (default 8)", "N", 256);
  add_count("--search-threads", o.search_threads,
            "searches run at once, each thread with its own open index (default: one per core, "
            "at least 2); more requests wait their turn. While one of them is idle, a search "
            "of many matches counts them on a second thread. Raise it for remote shards, whose "
            "searches wait on the network",
            "N", 256);
  add_count("--max-request-ms", o.max_request_ms,
            "the longest a request may take, in milliseconds (default 10000); a search still "
            "running then is answered 503 with the error code timeout, never with partial counts",
            "MS", 3600000);
  app.add_flag("--access-log", o.access_log,
               "a line per request on standard error: method, path, status, time");
  app.footer(
      "API\n"
      "  GET /api/search?q=QUERY   whosaid's query language and options as\n"
      "                            parameters; answers whosaid --json's document\n"
      "  GET /api/article/ID       whosaid --article ID --json\n"
      "  GET /api/health           revision, documents, articles, quotes, shards\n"
      "  Errors are JSON: {\"error\": {\"status\", \"code\", \"message\"}}; a request\n"
      "  not answered within --max-request-ms is 503, code timeout.\n"
      "\n"
      "Stop with Ctrl-C or SIGTERM.\n"
      "Exit status: 0 when stopped so, 1 when the index cannot be opened or the\n"
      "address cannot be bound, 2 usage error.\n");
}

}  // namespace whosaid::serve
