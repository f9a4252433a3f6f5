// whosaid-bench-cli: command-line latency, process start to last byte.
//
// Measures (JSON on stdout): runs COMMAND --warmup times untimed, then --runs
// times, each timed from just before posix_spawn to the end of its standard
// output (EOF on the pipe, i.e. the last byte written) and its exit; reports
// p50/p90/p99/mean in milliseconds, the bytes of output of the last run and
// the command. Used for `whosaid QUERY` vs `sqlite3 DB "SELECT ... MATCH
// ..."` on the same corpus. stderr of the command goes to /dev/null; a run
// that exits non-zero is an error.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench_common.h"
#include "core/error.h"

extern char** environ;

namespace whosaid::bench {
namespace {

// Runs ARGV once; returns the number of bytes it wrote to stdout.
std::size_t run_once(const std::vector<std::string>& argv) {
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
  std::size_t total = 0;
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
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw Error(fmt::format("{} failed (status {})", argv[0], status));
  return total;
}

}  // namespace
}  // namespace whosaid::bench

int main(int argc, char** argv) {
  using namespace whosaid::bench;
  int runs = 20, warmup = 2;
  std::string label;
  std::vector<std::string> command;
  CLI::App app{"whosaid-bench-cli: latency of a command, process start to last byte of stdout"};
  app.add_option("--runs", runs, "timed runs")->capture_default_str();
  app.add_option("--warmup", warmup, "untimed runs first")->capture_default_str();
  app.add_option("--label", label, "name to put in the JSON");
  app.add_option("command", command, "the command and its arguments (after --)")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    std::size_t bytes = 0;
    for (int i = 0; i < warmup; ++i) run_once(command);
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
      Stopwatch t;
      bytes = run_once(command);
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
