// whosaid-index's command line: the options, their defaults and the help
// text, set up in one function that main() and the unit tests both call.
#pragma once

#include <CLI/CLI.hpp>

#include "indexer/index_run.h"

namespace whosaid {

struct IndexCli {
  IndexOptions index;
  bool quiet = false;      // no progress, no summary (warnings still shown)
  bool json = false;       // summary as JSON on stdout
  std::string commit_log;  // append a JSON line per commit to this file ("" = none)
  std::size_t shards = 0;  // --shards N: a sharded index (shard_run.h); 0 = as the index is
};

// Exit status of a run that finished but skipped some input (everything
// else indexed and committed).
inline constexpr int kExitSkipped = 3;

// Declares every option of whosaid-index on APP, bound to OPTS. After
// APP.parse(), call check_index_cli(OPTS).
void setup_index_cli(CLI::App& app, IndexCli& opts);

// Throws UsageError when the parsed options ask for nothing to do.
void check_index_cli(const IndexCli& opts);

}  // namespace whosaid
