// whosaid-bench-cli: command-line latency, process start to last byte.
//
// Measures (JSON on stdout): runs COMMAND --warmup times untimed, then --runs
// times, each timed from just before posix_spawn to the end of its standard
// output (EOF on the pipe, i.e. the last byte written) and its exit; reports
// p50/p90/p99/mean in milliseconds, the bytes of output of the last run and
// the command. Used for `whosaid QUERY` vs `sqlite3 DB "SELECT ... MATCH
// ..."` on the same corpus. stderr of the command goes to /dev/null; a run
// that exits non-zero is an error (unless --ok-status allows its status).
// With --once it runs COMMAND a single time (no warm-up) and reports the
// child's wall, user and system seconds and peak RSS (wait4 rusage): how
// bench/run times whosaid-index as a process.
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench_common.h"
#include "core/error.h"

extern char** environ;

namespace whosaid::bench {
namespace {

struct RunResult {
  std::size_t bytes = 0;  // written to stdout
  int status = 0;         // exit status
  rusage usage{};         // the child's
};

// Runs ARGV once, its stdout read to the end. Throws Error when it cannot be
// started or ends with a status not in OK (or by a signal).
RunResult run_once(const std::vector<std::string>& argv, const std::vector<int>& ok) {
  int fds[2];
  if (pipe(fds) != 0) throw Error(fmt::format("pipe: {}", std::strerror(errno)));
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  posix_spawn_file_actions_addclose(&fa, fds[1]);
  posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    throw Error(fmt::format("cannot run {}: {}", argv[0], std::strerror(rc)));
  }
  char buf[65536];
  RunResult result;
  std::size_t& total = result.bytes;
  for (;;) {
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n > 0) {
      total += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    break;
  }
  close(fds[0]);
  int status = 0;
  while (wait4(pid, &status, 0, &result.usage) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status))
    throw Error(fmt::format("{} was killed by signal {}", argv[0], WTERMSIG(status)));
  result.status = WEXITSTATUS(status);
  if (std::find(ok.begin(), ok.end(), result.status) == ok.end())
    throw Error(fmt::format("{} failed (exit status {})", argv[0], result.status));
  return result;
}

}  // namespace
}  // namespace whosaid::bench

int main(int argc, char** argv) {
  using namespace whosaid::bench;
  int runs = 20, warmup = 2;
  std::string label;
  std::vector<std::string> command;
  std::vector<int> ok = {0};
  bool once = false;
  CLI::App app{"whosaid-bench-cli: latency of a command, process start to last byte of stdout"};
  app.add_option("--runs", runs, "timed runs")->capture_default_str();
  app.add_option("--warmup", warmup, "untimed runs first")->capture_default_str();
  app.add_option("--label", label, "name to put in the JSON");
  app.add_option("--ok-status", ok, "exit statuses that count as success")->capture_default_str();
  app.add_flag("--once", once, "run once and report the child's wall, CPU and peak RSS");
  app.add_option("command", command, "the command and its arguments (after --)")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (once) {
      Stopwatch t;
      RunResult r = run_once(command, ok);
      double wall = t.seconds();
      const rusage& u = r.usage;
      double user = u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6;
      double sys = u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
      nlohmann::json out = {{"label", label},
                            {"command", command},
                            {"wall_s", wall},
                            {"user_s", user},
                            {"sys_s", sys},
                            {"cpu_s", user + sys},
                            {"peak_rss_kb", u.ru_maxrss},
                            {"status", r.status},
                            {"stdout_bytes", r.bytes}};
      std::cout << out.dump() << '\n';
      return 0;
    }
    std::size_t bytes = 0;
    for (int i = 0; i < warmup; ++i) run_once(command, ok);
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
      Stopwatch t;
      bytes = run_once(command, ok).bytes;
      ms.push_back(t.ms());
    }
    nlohmann::json out = latency_json(ms);
    out.erase("qps");
    out["label"] = label;
    out["command"] = command;
    out["stdout_bytes"] = bytes;
    std::cout << out.dump() << '\n';
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "whosaid-bench-cli: " << e.what() << '\n';
    return 1;
  }
}
