// whosaid-bench-search: whosaid's own query latency, in process, through the
// searcher library (searcher/search.h run_search), on an index built by
// whosaid-index.
//
// Measures (JSON on stdout, {"engine":"whosaid",...}): for each class of
// bench/queries.tsv, warm (the first pass over the set is not counted),
// --repeat passes: p50/p90/p99 and queries/s of run_search() for the top 10
// articles with their snippets, exactly what `whosaid QUERY` computes before
// formatting. The query text per class:
//   term     oil                 and      oil prices (default AND)
//   phrase   "interest rates"    speaker  trade speaker:baker
//   facet    oil with --facets (default year,source: the ones FTS5 and raw
//            Xapian count too) counted exactly over all matches.
// Also the mean number of matches per class (the estimate of a pass with
// exact counting, untimed).
#include <fmt/format.h>
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench_common.h"
#include "core/database.h"
#include "core/error.h"
#include "core/facet_column.h"
#include "searcher/search.h"

namespace whosaid::bench {
namespace {

std::string query_text(const BenchQuery& q) {
  if (q.cls == "phrase") return "\"" + q.words + "\"";
  if (q.cls == "speaker") return q.words + " speaker:" + q.speaker;
  return q.words;
}

nlohmann::json run_queries(const std::string& path, const std::vector<BenchQuery>& queries,
                           int repeat, const std::vector<std::string>& facets, bool one_thread) {
  // As the command line opens it (searcher search_databases()).
  SearchDatabases dbs = open_shards({path}, false, !one_thread);
  const Xapian::Database& db = dbs.db;
  const Xapian::Database* beside = dbs.beside ? &*dbs.beside : nullptr;
  std::map<std::string, std::vector<double>> samples;
  std::map<std::string, std::pair<double, int>> matches;
  std::size_t sink = 0;
  for (const BenchQuery& q : queries) {
    SearchRequest count;
    count.query = query_text(q);
    count.limit = 0;
    count.facets = {"year"};  // forces exact counting
    SearchResult r = run_search(db, count);
    matches[q.cls].first += r.estimate;
    matches[q.cls].second += 1;
  }
  for (int pass = 0; pass <= repeat; ++pass) {
    for (const BenchQuery& q : queries) {
      Stopwatch t;
      SearchRequest req;
      req.query = query_text(q);
      req.limit = 10;
      if (q.cls == "facet") req.facets = facets;
      SearchResult r = run_search(db, req, beside);
      sink += r.hits.size() + r.facets.size();
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
  if (sink == 42) std::cerr << "";
  return j;
}

}  // namespace
}  // namespace whosaid::bench

int main(int argc, char** argv) {
  using namespace whosaid::bench;
  std::string db, queries = default_queries_path();
  std::vector<std::string> facets = {"year", "source"};
  int repeat = 5;
  bool no_columns = false, one_thread = false;
  CLI::App app{"whosaid-bench-search: whosaid query latency in process (searcher library)"};
  app.add_option("--db", db, "whosaid index (built by whosaid-index)")->required();
  app.add_option("--queries", queries, "query set")->capture_default_str();
  app.add_option("--repeat", repeat, "timed passes over the query set")->capture_default_str();
  app.add_option("--facets", facets, "facets of the facet class")
      ->delimiter(',')
      ->capture_default_str();
  app.add_flag("--no-facet-columns", no_columns,
               "count facets through the value streams even when the index has facet columns "
               "(core/facet_column.h): the same counts, the old way");
  app.add_flag("--one-thread", one_thread,
               "count the matches after the page's match, on the same thread, instead of "
               "beside it on another (searcher run_search()'s second handle): the same results");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    whosaid::set_facet_columns_enabled(!no_columns);
    nlohmann::json out;
    out["engine"] = "whosaid";
    out["facet_columns"] = !no_columns;
    out["count_beside"] = !one_thread;
    out["queries"] = run_queries(db, load_queries(queries), repeat, facets, one_thread);
    out["repeat"] = repeat;
    out["facets"] = facets;
    std::cout << out.dump(2) << '\n';
    return 0;
  } catch (const Xapian::Error& e) {
    std::cerr << "whosaid-bench-search: " << e.get_description() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "whosaid-bench-search: " << e.what() << '\n';
    return 1;
  }
}
