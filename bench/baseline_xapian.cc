// whosaid-bench-xapian: the raw Xapian baseline: what a plain Xapian program
// does with the same corpus and the same analysis as whosaid, without
// extraction, in one process.
//
// Measures (JSON on stdout, {"engine":"xapian",...}):
//   index    a WritableDatabase filled by a TermGenerator with positions and
//            whosaid's analysis (core::make_analysis + configure: stemmer,
//            stopwords, STEM_SOME), as xapian-docsprint's index1 lays it out:
//            title under S and unprefixed, then body unprefixed; a Q<id>
//            term; year and source in value slots 0 and 1 (for facets);
//            title + body as the document data (FTS5 stores them too).
//            Xapian's default flush threshold, one commit at the end.
//            Wall and CPU seconds, articles/s, MB/s, peak RSS, index size.
//   queries  for each class of bench/queries.tsv, warm (first pass not
//            counted), --repeat passes: p50/p90/p99 and queries/s of a plain
//            Enquire (BM25) top 10, reading each hit's data. Queries come
//            from a QueryParser with the same analysis and default AND;
//            phrase queries are "..."; speaker queries are WORDS AND
//            (SPEAKER NEAR/7 said: a window of 7 is FTS5's NEAR(.., 5), at most
//            5 words between); facet queries add ValueCountMatchSpy
//            counts of year and source, exact (check_at_least = all docs).
#include <fmt/format.h>
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench_common.h"
#include "core/analysis.h"
#include "core/error.h"

namespace whosaid::bench {
namespace {

constexpr Xapian::valueno kYearSlot = 0, kSourceSlot = 1;

nlohmann::json run_index(const std::string& jsonl, const std::string& path) {
  std::filesystem::remove_all(path);
  Usage before = self_usage();
  Stopwatch wall;
  Analysis analysis = make_analysis(kDefaultLanguage);
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator tg;
  configure(tg, analysis);
  std::uint64_t n = 0;
  std::string data;
  std::uint64_t bytes = for_each_article(jsonl, [&](const JsonArticle& a) {
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(a.title, 1, "S");
    tg.index_text(a.title);
    tg.increase_termpos();
    tg.index_text(a.body);
    doc.add_boolean_term("Q" + a.id);
    doc.add_value(kYearSlot, year_of(a.date));
    doc.add_value(kSourceSlot, a.source);
    data.clear();
    data += a.title;
    data += '\n';
    data += a.body;
    doc.set_data(data);
    db.replace_document("Q" + a.id, doc);
    ++n;
  });
  db.commit();
  db.close();
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

Xapian::Query build_query(Xapian::QueryParser& qp, const BenchQuery& q) {
  std::string text = q.words;
  if (q.cls == "phrase") text = "\"" + q.words + "\"";
  Xapian::Query query = qp.parse_query(text);
  if (q.cls == "speaker") {
    std::string sp = q.speaker;
    for (char& c : sp) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::vector<Xapian::Query> near = {Xapian::Query(sp), Xapian::Query("said")};
    query = Xapian::Query(Xapian::Query::OP_AND, query,
                          Xapian::Query(Xapian::Query::OP_NEAR, near.begin(), near.end(), 7));
  }
  return query;
}

nlohmann::json run_queries(const std::string& path, const std::vector<BenchQuery>& queries,
                           int repeat) {
  Xapian::Database db(path);
  Analysis analysis = make_analysis(kDefaultLanguage);
  Xapian::QueryParser qp;
  configure(qp, analysis);
  qp.set_database(db);
  qp.set_default_op(Xapian::Query::OP_AND);
  Xapian::Enquire enquire(db);
  Xapian::doccount all = db.get_doccount();

  std::vector<Xapian::Query> parsed;
  for (const BenchQuery& q : queries) parsed.push_back(build_query(qp, q));
  std::map<std::string, std::vector<double>> samples;
  std::map<std::string, std::pair<double, int>> matches;
  std::size_t sink = 0;
  for (int pass = 0; pass <= repeat; ++pass) {
    for (std::size_t i = 0; i < queries.size(); ++i) {
      const BenchQuery& q = queries[i];
      Stopwatch t;
      enquire.set_query(parsed[i]);
      enquire.clear_matchspies();
      Xapian::ValueCountMatchSpy years(kYearSlot), sources(kSourceSlot);
      Xapian::MSet mset;
      if (q.cls == "facet") {
        enquire.add_matchspy(&years);
        enquire.add_matchspy(&sources);
        mset = enquire.get_mset(0, 10, all);
        for (auto it = years.values_begin(); it != years.values_end(); ++it)
          sink += it.get_termfreq();
        for (auto it = sources.values_begin(); it != sources.values_end(); ++it)
          sink += it.get_termfreq();
      } else {
        mset = enquire.get_mset(0, 10);
      }
      for (auto it = mset.begin(); it != mset.end(); ++it)
        sink += it.get_document().get_data().size();
      double ms = t.ms();
      if (pass == 0) {
        // Exact match counts, untimed (the facet ones are exact already).
        Xapian::MSet full = q.cls == "facet" ? mset : enquire.get_mset(0, 0, all);
        matches[q.cls].first += full.get_matches_estimated();
        matches[q.cls].second += 1;
      } else {
        samples[q.cls].push_back(ms);
      }
    }
  }
  enquire.clear_matchspies();
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
  std::string jsonl, db, queries = default_queries_path();
  int repeat = 5;
  bool index_only = false, query_only = false;
  CLI::App app{"whosaid-bench-xapian: raw Xapian baseline (index timing and query latency)"};
  app.add_option("--jsonl", jsonl, "corpus to index (JSON Lines)");
  app.add_option("--db", db, "Xapian database directory (overwritten when indexing)")->required();
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
    out["engine"] = "xapian";
    out["xapian_version"] = Xapian::version_string();
    if (!query_only) out["index"] = run_index(jsonl, db);
    if (!index_only) {
      out["queries"] = run_queries(db, load_queries(queries), repeat);
      out["repeat"] = repeat;
    }
    std::cout << out.dump(2) << '\n';
    return 0;
  } catch (const Xapian::Error& e) {
    std::cerr << "whosaid-bench-xapian: " << e.get_description() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "whosaid-bench-xapian: " << e.what() << '\n';
    return 1;
  }
}
