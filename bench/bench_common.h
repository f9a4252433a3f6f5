// Helpers shared by the benchmark programs in bench/: timing and resource
// usage, latency summaries (p50/p90/p99 + throughput as JSON), the JSON Lines
// corpus reader, the fixed query sets (bench/queries.tsv) and where the
// research data lives. Library-style code: it throws whosaid::Error and never
// prints.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace whosaid::bench {

// The research data (../shared/data beside the checkout), overridable with
// $WHOSAID_SHARED_DATA.
std::string shared_data_dir();

// Wall-clock stopwatch.
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  double ms() const { return seconds() * 1000.0; }

 private:
  std::chrono::steady_clock::time_point start_;
};

// CPU time (user + system) of this process so far, and its peak RSS.
struct Usage {
  double user_s = 0, sys_s = 0;
  long peak_rss_kb = 0;
  double cpu_s() const { return user_s + sys_s; }
};
Usage self_usage();

// Latency summary of SAMPLES (milliseconds): {"n","p50_ms","p90_ms",
// "p99_ms","mean_ms","max_ms","qps"}; qps is n / sum of samples (one client,
// back to back). Percentiles by nearest rank. Empty SAMPLES gives n = 0.
nlohmann::json latency_json(std::vector<double> samples);

// Size in bytes of PATH: a file, or everything under a directory.
std::uint64_t path_bytes(const std::string& path);

// One article of a JSON Lines corpus (the fields whosaid-scale writes).
struct JsonArticle {
  std::string id, title, body, date, source;
};

// Calls FN for every line of the JSON Lines file PATH ("-" = stdin). Lines
// that are empty are skipped; a line that is not a JSON object throws Error
// naming PATH:LINE. Returns the number of bytes read.
std::uint64_t for_each_article(const std::string& path,
                               const std::function<void(const JsonArticle&)>& fn);

// The query classes of bench/queries.tsv, in report order.
inline const std::vector<std::string> kQueryClasses = {"term", "and", "phrase", "speaker", "facet"};

// One benchmark query, engine-neutral. WORDS are plain lower-case words:
//   term     one word
//   and      two words, all must match
//   phrase   the words as a phrase
//   speaker  WORDS said by SPEAKER (a surname): whosaid uses speaker:, the
//            baselines approximate it with SPEAKER NEAR "said"
//   facet    WORDS, plus exact counts of year and source over all matches
struct BenchQuery {
  std::string cls;
  std::string words;
  std::string speaker;
};

// Reads a query file: "class<TAB>words[<TAB>speaker]" per line, '#'
// comments and blank lines ignored. Throws Error on an unknown class.
std::vector<BenchQuery> load_queries(const std::string& path);

// The default query file (bench/queries.tsv in the source tree).
std::string default_queries_path();

// Splits S on ASCII whitespace.
std::vector<std::string> split_words(const std::string& s);

// Year "YYYY" of a "YYYY-MM-DD" date, or "" when the date is empty.
std::string year_of(const std::string& date);

}  // namespace whosaid::bench
