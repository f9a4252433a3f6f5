// whosaid-bench-fts5: the SQLite FTS5 baseline, through the libsqlite3 C API,
// as a user who picked SQLite instead of whosaid would set it up.
//
// Measures (JSON on stdout, {"engine":"fts5",...}):
//   index    building `CREATE VIRTUAL TABLE docs USING fts5(title, body,
//            year UNINDEXED, source UNINDEXED, tokenize='porter unicode61')`
//            from a JSON Lines corpus in one transaction, SQLite's default
//            pragmas: wall and CPU seconds, articles/s, MB/s of input, peak
//            RSS (getrusage) and the database file size. The JSON parsing is
//            included, as it is for the other engines.
//   queries  for each class of bench/queries.tsv, warm (the first pass over
//            the set is not counted), --repeat passes: p50/p90/p99 latency
//            and queries/s of `... WHERE docs MATCH ? ORDER BY rank LIMIT 10`
//            (rank = bm25(docs)) reading rowid, title and snippet() of the
//            body. Facet queries add the exact counts of year and source
//            over all matches (one GROUP BY year, source). Speaker queries
//            become WORDS AND NEAR(speaker said, 5): FTS5 has no speakers.
//            Also the mean number of matches per class (counted untimed).
// --index-only / --query-only run one half (queries need an existing db).
#include <fmt/format.h>
#include <sqlite3.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench_common.h"
#include "core/error.h"

namespace whosaid::bench {
namespace {

class Db {
 public:
  explicit Db(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw Error(fmt::format("cannot open {}: {}", path, msg));
    }
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  sqlite3* get() const { return db_; }
  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "?";
      sqlite3_free(err);
      throw Error(fmt::format("SQL failed: {}: {}", sql, msg));
    }
  }

 private:
  sqlite3* db_ = nullptr;
};

class Stmt {
 public:
  Stmt(const Db& db, const std::string& sql) : db_(db.get()) {
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st_, nullptr) != SQLITE_OK)
      throw Error(fmt::format("cannot prepare {}: {}", sql, sqlite3_errmsg(db_)));
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  sqlite3_stmt* get() const { return st_; }
  void bind(int i, const std::string& s) {
    sqlite3_bind_text(st_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  }
  // Steps once; true while rows come. Throws on an error.
  bool step() {
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw Error(fmt::format("SQLite: {}", sqlite3_errmsg(db_)));
  }
  void reset() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
};

nlohmann::json run_index(const std::string& jsonl, const std::string& path) {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"})
    std::filesystem::remove(path + suffix);
  Usage before = self_usage();
  Stopwatch wall;
  Db db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  db.exec(
      "CREATE VIRTUAL TABLE docs USING fts5(title, body, year UNINDEXED, source UNINDEXED, "
      "tokenize='porter unicode61')");
  db.exec("BEGIN");
  Stmt ins(db, "INSERT INTO docs(title, body, year, source) VALUES (?1, ?2, ?3, ?4)");
  std::uint64_t n = 0;
  std::uint64_t bytes = for_each_article(jsonl, [&](const JsonArticle& a) {
    ins.bind(1, a.title);
    ins.bind(2, a.body);
    ins.bind(3, year_of(a.date));
    ins.bind(4, a.source);
    ins.step();
    ins.reset();
    ++n;
  });
  db.exec("COMMIT");
  double secs = wall.seconds();
  Usage after = self_usage();
  nlohmann::json j;
  j["articles"] = n;
  j["input_bytes"] = bytes;
  j["wall_s"] = secs;
  j["cpu_s"] = after.cpu_s() - before.cpu_s();
  j["articles_per_s"] = secs > 0 ? n / secs : 0.0;
  j["mb_per_s"] = secs > 0 ? bytes / 1e6 / secs : 0.0;
  j["peak_rss_kb"] = after.peak_rss_kb;
  j["index_bytes"] = path_bytes(path);
  return j;
}

// The FTS5 MATCH expression for Q (without the facet part).
std::string match_expr(const BenchQuery& q) {
  std::vector<std::string> w = split_words(q.words);
  std::string out;
  auto quoted = [](const std::string& s) { return "\"" + s + "\""; };
  if (q.cls == "phrase") {
    out = "\"";
    for (std::size_t i = 0; i < w.size(); ++i) out += (i ? " " : "") + w[i];
    return out + "\"";
  }
  for (std::size_t i = 0; i < w.size(); ++i) out += (i ? " AND " : "") + quoted(w[i]);
  if (q.cls == "speaker") out = fmt::format("{} AND NEAR({} said, 5)", out, quoted(q.speaker));
  return out;
}

nlohmann::json run_queries(const std::string& path, const std::vector<BenchQuery>& queries,
                           int repeat) {
  Db db(path, SQLITE_OPEN_READONLY);
  Stmt top(db,
           "SELECT rowid, title, snippet(docs, 1, '[', ']', '...', 16) FROM docs "
           "WHERE docs MATCH ?1 ORDER BY rank LIMIT 10");
  Stmt facet(db,
             "SELECT year, source, count(*) FROM docs WHERE docs MATCH ?1 GROUP BY year, source");
  Stmt count(db, "SELECT count(*) FROM docs WHERE docs MATCH ?1");

  std::map<std::string, std::vector<double>> samples;
  std::map<std::string, std::pair<double, int>> matches;  // class -> (sum, n)
  std::size_t sink = 0;
  std::vector<std::string> exprs;
  for (const BenchQuery& q : queries) {
    exprs.push_back(match_expr(q));
    count.bind(1, exprs.back());
    count.step();
    matches[q.cls].first += sqlite3_column_int64(count.get(), 0);
    matches[q.cls].second += 1;
    count.reset();
  }
  for (int pass = 0; pass <= repeat; ++pass) {
    for (std::size_t i = 0; i < queries.size(); ++i) {
      const BenchQuery& q = queries[i];
      Stopwatch t;
      top.bind(1, exprs[i]);
      while (top.step()) {
        sink += sqlite3_column_int64(top.get(), 0);
        sink += sqlite3_column_bytes(top.get(), 1) + sqlite3_column_bytes(top.get(), 2);
      }
      top.reset();
      if (q.cls == "facet") {
        std::map<std::string, long> years, sources;
        facet.bind(1, exprs[i]);
        while (facet.step()) {
          long c = sqlite3_column_int64(facet.get(), 2);
          auto text = [&](int col) {
            const unsigned char* s = sqlite3_column_text(facet.get(), col);
            return s ? std::string(reinterpret_cast<const char*>(s)) : std::string();
          };
          years[text(0)] += c;
          sources[text(1)] += c;
        }
        facet.reset();
        sink += years.size() + sources.size();
      }
      if (pass > 0) samples[q.cls].push_back(t.ms());
    }
  }
  nlohmann::json j;
  for (const std::string& cls : kQueryClasses) {
    if (!samples.count(cls)) continue;
    j[cls] = latency_json(samples[cls]);
    j[cls]["queries"] = matches[cls].second;
    j[cls]["mean_matches"] = matches[cls].first / matches[cls].second;
  }
  if (sink == 42) std::cerr << "";  // keep the reads observable
  return j;
}

}  // namespace
}  // namespace whosaid::bench

int main(int argc, char** argv) {
  using namespace whosaid::bench;
  std::string jsonl, db, queries = default_queries_path();
  int repeat = 5;
  bool index_only = false, query_only = false;
  CLI::App app{"whosaid-bench-fts5: SQLite FTS5 baseline (index timing and query latency)"};
  app.add_option("--jsonl", jsonl, "corpus to index (JSON Lines)");
  app.add_option("--db", db, "SQLite database file (overwritten when indexing)")->required();
  app.add_option("--queries", queries, "query set")->capture_default_str();
  app.add_option("--repeat", repeat, "timed passes over the query set")->capture_default_str();
  app.add_flag("--index-only", index_only, "only build the index");
  app.add_flag("--query-only", query_only, "only run the queries on an existing database");
  try {
    app.parse(argc, argv);
    if (!query_only && jsonl.empty()) throw CLI::ValidationError("--jsonl is required to index");
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    nlohmann::json out;
    out["engine"] = "fts5";
    out["sqlite_version"] = sqlite3_libversion();
    if (!query_only) out["index"] = run_index(jsonl, db);
    if (!index_only) {
      out["queries"] = run_queries(db, load_queries(queries), repeat);
      out["repeat"] = repeat;
    }
    std::cout << out.dump(2) << '\n';
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "whosaid-bench-fts5: " << e.what() << '\n';
    return 1;
  }
}
