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

#include "core/cli_help.h"
#include "core/database.h"
#include "core/error.h"
#include "core/terminal.h"
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
  // The progress line rewrites itself with "\r\033[K": only on a terminal
  // that has those (not TERM=dumb), cut to the terminal's width.
  bool progress = !cli.quiet && isatty(STDERR_FILENO) && !whosaid::dumb_terminal();
  const std::size_t width = whosaid::output_width(STDERR_FILENO);
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
      std::string line = fmt::format("indexed {} articles ({:.0f}/s), skipped {}", s.indexed(),
                                     s.rate(), s.skipped);
      fmt::print(stderr, "\r\033[K{}", whosaid::cut_text(line, width - 1));
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

// With --json: errors are also printed on stdout, as JSON (the summary's
// place): {"version":1,"error":{"code":"locked","message":"..."}}.
bool g_json_errors = false;

int fail(int status, const char* code, const std::string& msg, const std::string& hint = "") {
  fmt::print(stderr, "{}: {}\n{}", kProgram, msg, hint);
  if (g_json_errors) {
    nlohmann::ordered_json j = {{"version", 1}, {"error", {{"code", code}, {"message", msg}}}};
    fmt::print("{}\n", j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    std::fflush(stdout);
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  whosaid::tune_xapian_flush();  // before any thread
  CLI::App app;
  whosaid::IndexCli cli;
  whosaid::setup_index_cli(app, cli);
  for (int i = 1; i < argc && std::string_view(argv[i]) != "--"; ++i)
    if (std::string_view(argv[i]) == "--json" || std::string_view(argv[i]) == "--json-summary")
      g_json_errors = true;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version print and exit 0; any other parse error is a
    // usage error, reported like every other message (program name first).
    if (e.get_exit_code() == 0) return app.exit(e);
    return fail(2, "usage", whosaid::parse_error_message(e),
                fmt::format("Run '{} --help' for the options.\n", kProgram));
  }
  try {
    return run(cli);
  } catch (const whosaid::UsageError& e) {
    return fail(2, "usage", e.what());
  } catch (const whosaid::IndexLocked& e) {
    return fail(1, "locked", e.what());
  } catch (const whosaid::SchemaMismatch& e) {
    return fail(1, "schema", e.what());
  } catch (const whosaid::Error& e) {
    return fail(1, "error", e.what());
  } catch (const Xapian::Error& e) {
    return fail(1, "error", e.get_description());
  } catch (const std::exception& e) {
    return fail(1, "error", e.what());
  }
}
