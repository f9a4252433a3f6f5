// whosaid-serve's command line: its options and --help, declared here (not
// in main.cc) so that the completion generator (packaging/completion_gen.cc)
// reads them from the same definition as the program.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace whosaid::serve {

struct ServeOptions {
  std::vector<std::string> dbs;  // --db (repeatable); empty = default_db_path()
  std::string listen = "127.0.0.1:8080";
  unsigned threads = 8;         // connection threads
  unsigned search_threads = 0;  // searches at once; 0: default_search_threads()
  unsigned max_request_ms = 10000;
  bool allow_partial = false;
  bool access_log = false;
};

// The searches run at once by default: one per core this process may use
// (at least 2). More would only share the cores, each search slower, and
// the slowest answers slower still.
unsigned default_search_threads();

// Declares the options, --version and the help footer on APP, storing into
// OPTS.
void setup_serve_cli(CLI::App& app, ServeOptions& opts);

}  // namespace whosaid::serve
