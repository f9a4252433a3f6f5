// whosaid-index: parses the command line, runs the indexing job
// (indexer/index_run.h), prints warnings, progress and the summary, and maps
// errors to exit codes in the one catch block at the end.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <xapian.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/database.h"
#include "core/error.h"
#include "indexer/cli.h"
#include "indexer/index_run.h"
#include "indexer/shard_run.h"

namespace {

constexpr const char* kProgram = "whosaid-index";

// --commit-log FILE: one JSON line per commit, appended with one write(2)
// once the commit has returned, so that a killed run never lists an
// article it did not commit (a line cut short by the kill is incomplete:
// readers drop a last line without its newline).
class CommitLog {
 public:
  explicit CommitLog(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0)
      throw whosaid::Error(
          fmt::format("cannot open the commit log {}: {}", path, std::strerror(errno)));
  }
  ~CommitLog() { ::close(fd_); }
  CommitLog(const CommitLog&) = delete;
  CommitLog& operator=(const CommitLog&) = delete;

  void write(const whosaid::CommitReport& r) {
    nlohmann::ordered_json j = {
        {"commit", r.number}, {"articles", r.articles}, {"deleted", r.deleted}};
    std::string line =
        j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
    std::string_view rest = line;
    while (!rest.empty()) {
      ssize_t n = ::write(fd_, rest.data(), rest.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0)
        throw whosaid::Error(
            fmt::format("cannot write the commit log {}: {}", path_, std::strerror(errno)));
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
  }

 private:
  std::string path_;
  int fd_ = -1;
};

int run(whosaid::IndexCli& cli) {
  whosaid::check_index_cli(cli);
  whosaid::IndexOptions& opt = cli.index;
  bool progress = !cli.quiet && isatty(STDERR_FILENO);
  bool progress_shown = false;
  opt.on_issue = [&](const whosaid::InputIssue& i) {
    bool notice = i.kind == whosaid::InputIssue::Kind::kNotice;
    if (notice && cli.quiet) return;
    if (progress_shown) fmt::print(stderr, "\r\033[K");
    progress_shown = false;
    if (notice)
      fmt::print(stderr, "{}: {}\n", kProgram, i.message);
    else
      fmt::print(stderr, "{}: warning: {}: {}\n", kProgram, i.where, i.message);
  };
  if (progress) {
    opt.on_progress = [&](const whosaid::IndexStats& s) {
      fmt::print(stderr, "\r\033[Kindexed {} articles ({:.0f}/s), skipped {}", s.indexed(),
                 s.rate(), s.skipped);
      std::fflush(stderr);
      progress_shown = true;
    };
  }
  // Refuse a --db that is not ours before anything is written (the commit
  // log included); run_index() and run_sharded_index() check again.
  bool sharded = cli.shards || whosaid::sharded_index_size(opt.db_path);
  if (sharded)
    whosaid::check_sharded_target(opt.db_path, opt.inputs);
  else
    whosaid::check_index_target(opt.db_path, opt.inputs);
  if (!cli.commit_log.empty() && whosaid::path_inside(cli.commit_log, opt.db_path))
    throw whosaid::NotAnIndex(fmt::format(
        "refusing --commit-log {}: it lies inside the index {}, which holds only whosaid's own "
        "files: put the log outside the index",
        cli.commit_log, opt.db_path));
  std::optional<CommitLog> log;
  if (!cli.commit_log.empty()) {
    log.emplace(cli.commit_log);
    opt.on_commit = [&](const whosaid::CommitReport& r) { log->write(r); };
  }
  // A sharded index (--shards, or a folder written with it): shard_run.h.
  whosaid::IndexStats stats =
      sharded ? whosaid::run_sharded_index(opt, cli.shards) : whosaid::run_index(opt);
  if (progress_shown) fmt::print(stderr, "\r\033[K");
  if (cli.json) fmt::print("{}\n", whosaid::summary_json(stats).dump());
  if (!cli.quiet && !cli.json) fmt::print(stderr, "{}\n", whosaid::format_summary(stats));
  return stats.skipped ? whosaid::kExitSkipped : 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app;
  whosaid::IndexCli cli;
  whosaid::setup_index_cli(app, cli);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version print and exit 0; any other parse error is a
    // usage error, reported like every other message (program name first).
    if (e.get_exit_code() == 0) return app.exit(e);
    fmt::print(stderr, "{}: {}\nRun '{} --help' for the options.\n", kProgram, e.what(), kProgram);
    return 2;
  }
  try {
    return run(cli);
  } catch (const whosaid::UsageError& e) {
    fmt::print(stderr, "{}: {}\n", kProgram, e.what());
    return 2;
  } catch (const whosaid::Error& e) {
    fmt::print(stderr, "{}: {}\n", kProgram, e.what());
  } catch (const Xapian::Error& e) {
    fmt::print(stderr, "{}: {}\n", kProgram, e.get_description());
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: {}\n", kProgram, e.what());
  }
  return 1;
}
