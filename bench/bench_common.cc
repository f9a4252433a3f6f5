// Timing, resource usage, JSON Lines reading and query sets for the
// benchmark programs (see bench_common.h).
#include "bench_common.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>

#include "core/error.h"

#ifndef WHOSAID_SHARED_DATA_DIR
#define WHOSAID_SHARED_DATA_DIR "../shared/data"
#endif
#ifndef WHOSAID_BENCH_DIR
#define WHOSAID_BENCH_DIR "bench"
#endif

namespace whosaid::bench {

std::string shared_data_dir() {
  if (const char* env = std::getenv("WHOSAID_SHARED_DATA"); env && *env) return env;
  return WHOSAID_SHARED_DATA_DIR;
}

std::string default_queries_path() { return std::string(WHOSAID_BENCH_DIR) + "/queries.tsv"; }

Usage self_usage() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  Usage u;
  u.user_s = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
  u.sys_s = ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
  u.peak_rss_kb = ru.ru_maxrss;
  return u;
}

nlohmann::json latency_json(std::vector<double> s) {
  nlohmann::json j;
  j["n"] = s.size();
  if (s.empty()) return j;
  std::sort(s.begin(), s.end());
  auto rank = [&](double p) {
    // Nearest rank: the smallest sample with at least p of them at or below.
    std::size_t k = static_cast<std::size_t>(std::ceil(p * s.size()));
    return s[std::clamp<std::size_t>(k, 1, s.size()) - 1];
  };
  double sum = std::accumulate(s.begin(), s.end(), 0.0);
  auto r3 = [](double v) { return std::round(v * 1000.0) / 1000.0; };
  j["p50_ms"] = r3(rank(0.50));
  j["p90_ms"] = r3(rank(0.90));
  j["p99_ms"] = r3(rank(0.99));
  j["mean_ms"] = r3(sum / s.size());
  j["max_ms"] = r3(s.back());
  j["qps"] = sum > 0 ? std::round(s.size() / (sum / 1000.0) * 10.0) / 10.0 : 0.0;
  return j;
}

std::uint64_t path_bytes(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  std::uint64_t total = 0;
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
       it.increment(ec))
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  return total;
}

std::uint64_t for_each_article(const std::string& path,
                               const std::function<void(const JsonArticle&)>& fn) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) throw Error(fmt::format("cannot read {}", path));
    in = &file;
  }
  std::string line;
  std::uint64_t bytes = 0, lineno = 0;
  JsonArticle a;
  auto get = [](const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  while (std::getline(*in, line)) {
    ++lineno;
    bytes += line.size() + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) throw Error(fmt::format("{}:{}: not a JSON object", path, lineno));
    a.id = get(j, "id");
    a.title = get(j, "title");
    a.body = get(j, "body");
    a.date = get(j, "date");
    a.source = get(j, "source");
    fn(a);
  }
  return bytes;
}

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    std::size_t j = i;
    while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::vector<BenchQuery> load_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(fmt::format("cannot read query file {}", path));
  std::vector<BenchQuery> out;
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    BenchQuery q;
    std::size_t t1 = line.find('\t');
    if (t1 == std::string::npos)
      throw Error(fmt::format("{}:{}: expected class<TAB>words", path, lineno));
    q.cls = line.substr(0, t1);
    std::size_t t2 = line.find('\t', t1 + 1);
    q.words = line.substr(t1 + 1, t2 == std::string::npos ? std::string::npos : t2 - t1 - 1);
    if (t2 != std::string::npos) q.speaker = line.substr(t2 + 1);
    if (std::find(kQueryClasses.begin(), kQueryClasses.end(), q.cls) == kQueryClasses.end())
      throw Error(fmt::format("{}:{}: unknown query class '{}'", path, lineno, q.cls));
    if (q.cls == "speaker" && q.speaker.empty())
      throw Error(fmt::format("{}:{}: a speaker query needs a speaker", path, lineno));
    out.push_back(std::move(q));
  }
  return out;
}

std::string year_of(const std::string& date) { return date.size() >= 4 ? date.substr(0, 4) : ""; }

}  // namespace whosaid::bench
