// whosaid-bench-report: gathers what bench/run measured (the JSON files under
// bench/out/<size>/, ir.json, machine-*.json) into bench/out/results.json
// (versioned), bench/out/results.md (markdown tables: whosaid, SQLite FTS5 and
// raw Xapian side by side, the ratios, and the targets beside them
// with met / NOT MET) and bench/out/scale.dat (the data of the gnuplot plot).
// It measures nothing itself. Missing files leave their cells as "-".
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "bench_common.h"
#include "core/error.h"

namespace whosaid::bench {
namespace {

using nlohmann::json;

json load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return json();
  // whosaid-bench-cli writes one object per line; the others one document.
  std::stringstream s;
  s << in.rdbuf();
  json j = json::parse(s.str(), nullptr, false);
  return j.is_discarded() ? json() : j;
}

double num(const json& j, const json::json_pointer& p) {
  if (j.is_null() || !j.contains(p)) return NAN;
  const json& v = j.at(p);
  return v.is_number() ? v.get<double>() : NAN;
}

std::string fmt_num(double v, int digits = 1) {
  if (std::isnan(v)) return "-";
  return fmt::format("{:.{}f}", v, digits);
}
std::string fmt_ratio(double a, double b) {
  if (std::isnan(a) || std::isnan(b) || b == 0) return "-";
  return fmt::format("{:.2f}x", a / b);
}

// The default-setup reference figures (nDCG@10, Xapian).
const std::vector<std::pair<std::string, double>> kReferenceNdcg = {
    {"time", 0.666}, {"cran", 0.370}, {"med", 0.672}, {"cisi", 0.359}};

struct Target {
  std::string name, target, measured;
  int met = -1;  // 1 met, 0 not met, -1 not measured
};

int run(const std::string& out, const std::vector<std::string>& sizes, const std::string& command) {
  json results;
  results["version"] = 1;
  results["command"] = command;
  results["machine"]["start"] = load(out + "/machine-start.json");
  results["machine"]["end"] = load(out + "/machine-end.json");
  std::vector<Target> targets;
  std::string md;
  md += "# whosaid benchmark results\n\n";
  json ms = results["machine"]["start"].is_object() ? results["machine"]["start"] : json::object();
  json me = results["machine"]["end"].is_object() ? results["machine"]["end"] : json::object();
  md += fmt::format(
      "Command: `{}`  \nMachine: {} cores, {}, {} MB RAM; load average {} at start, {} at end; "
      "{}.\n\n",
      command, ms.value("nproc", 0), ms.value("cpu", std::string("?")),
      ms.value("mem_total_kb", 0L) / 1024, ms.value("loadavg", std::string("?")),
      me.value("loadavg", std::string("?")), ms.value("date", std::string("?")));

  std::ofstream dat(out + "/scale.dat");
  dat << "# articles fts5_s xapian_s whosaid_noextract_s whosaid_s fts5_mb xapian_mb "
         "whosaid_noextract_mb whosaid_mb whosaid_rss_mb\n";
  std::vector<double> rss_by_size;
  for (const std::string& n : sizes) {
    std::string d = out + "/" + n;
    json fts5 = load(d + "/fts5.json"), xap = load(d + "/xapian.json");
    json ix = load(d + "/index-extract.json"), inx = load(d + "/index-noextract.json");
    json dsz = load(d + "/sizes.json"), search = load(d + "/search.json");
    json corpus = load(d + "/corpus.json");
    double articles = num(fts5, "/index/articles"_json_pointer);
    double mb_in = num(fts5, "/index/input_bytes"_json_pointer) / 1e6;
    struct Row {
      std::string engine;
      double wall, cpu, rss_kb, bytes;
    };
    std::vector<Row> rows = {
        {"whosaid-index (extraction)", num(ix, "/wall_s"_json_pointer),
         num(ix, "/cpu_s"_json_pointer), num(ix, "/peak_rss_kb"_json_pointer),
         num(dsz, "/whosaid"_json_pointer)},
        {"whosaid-index --no-extract", num(inx, "/wall_s"_json_pointer),
         num(inx, "/cpu_s"_json_pointer), num(inx, "/peak_rss_kb"_json_pointer),
         num(dsz, "/whosaid_noextract"_json_pointer)},
        {"SQLite FTS5", num(fts5, "/index/wall_s"_json_pointer),
         num(fts5, "/index/cpu_s"_json_pointer), num(fts5, "/index/peak_rss_kb"_json_pointer),
         num(fts5, "/index/index_bytes"_json_pointer)},
        {"raw Xapian", num(xap, "/index/wall_s"_json_pointer),
         num(xap, "/index/cpu_s"_json_pointer), num(xap, "/index/peak_rss_kb"_json_pointer),
         num(xap, "/index/index_bytes"_json_pointer)},
    };
    json& R = results["sizes"][n];
    R["articles"] = articles;
    R["input_mb"] = mb_in;
    R["corpus"] = corpus;
    md += fmt::format("## {} articles ({:.1f} MB of JSON Lines)\n\n", n, mb_in);
    md +=
        "### Indexing\n\n| engine | wall s | CPU s | articles/s | MB/s | peak RSS MB | index MB |\n"
        "|---|---:|---:|---:|---:|---:|---:|\n";
    for (const Row& r : rows) {
      double aps = articles / r.wall;
      R["index"][r.engine] = {{"wall_s", r.wall},        {"cpu_s", r.cpu},
                              {"articles_per_s", aps},   {"mb_per_s", mb_in / r.wall},
                              {"peak_rss_kb", r.rss_kb}, {"index_bytes", r.bytes}};
      md += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", r.engine, fmt_num(r.wall, 2),
                        fmt_num(r.cpu, 2), fmt_num(aps, 0), fmt_num(mb_in / r.wall, 2),
                        fmt_num(r.rss_kb / 1024, 0), fmt_num(r.bytes / 1e6, 1));
    }
    double w_aps = articles / rows[0].wall, f_aps = articles / rows[2].wall,
           x_aps = articles / rows[3].wall;
    md += "\n";
    targets.push_back({fmt::format("[{}] indexing with extraction vs raw Xapian (articles/s)", n),
                       ">= 2x", fmt_ratio(w_aps, x_aps),
                       std::isnan(w_aps / x_aps) ? -1 : (w_aps / x_aps >= 2.0)});
    targets.push_back({fmt::format("[{}] indexing with extraction vs FTS5 (articles/s)", n),
                       ">= 0.5x", fmt_ratio(w_aps, f_aps),
                       std::isnan(w_aps / f_aps) ? -1 : (w_aps / f_aps >= 0.5)});
    targets.push_back(
        {fmt::format("[{}] index size vs raw Xapian", n), "<= 1.2x",
         fmt_ratio(rows[0].bytes, rows[3].bytes),
         std::isnan(rows[0].bytes / rows[3].bytes) ? -1 : (rows[0].bytes / rows[3].bytes <= 1.2)});
    targets.push_back({fmt::format("[{}] indexing peak RSS", n), "<= 1024 MB",
                       fmt_num(rows[0].rss_kb / 1024, 0) + " MB",
                       std::isnan(rows[0].rss_kb) ? -1 : (rows[0].rss_kb <= 1024 * 1024)});
    rss_by_size.push_back(rows[0].rss_kb);
    dat << n;
    for (int i : {2, 3, 1, 0}) dat << ' ' << (std::isnan(rows[i].wall) ? 0 : rows[i].wall);
    for (int i : {2, 3, 1, 0}) dat << ' ' << (std::isnan(rows[i].bytes) ? 0 : rows[i].bytes / 1e6);
    dat << ' ' << (std::isnan(rows[0].rss_kb) ? 0 : rows[0].rss_kb / 1024) << '\n';

    md +=
        "### Queries in process (warm; ms; top 10 with snippets for whosaid and FTS5)\n\n"
        "| class | whosaid p50 | whosaid p99 | FTS5 p50 | FTS5 p99 | Xapian p50 | Xapian p99 | "
        "whosaid/FTS5 p99 | whosaid qps | FTS5 qps | matches whosaid / FTS5 / Xapian |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
    for (const std::string& cls : kQueryClasses) {
      auto p = [&](const json& j, const std::string& base, const char* key) {
        return num(j, json::json_pointer(base + cls + "/" + key));
      };
      double w50 = p(search, "/queries/", "p50_ms"), w99 = p(search, "/queries/", "p99_ms");
      double f50 = p(fts5, "/queries/", "p50_ms"), f99 = p(fts5, "/queries/", "p99_ms");
      double x50 = p(xap, "/queries/", "p50_ms"), x99 = p(xap, "/queries/", "p99_ms");
      R["queries"][cls] = {
          {"whosaid", search.contains("queries") ? search["queries"].value(cls, json()) : json()},
          {"fts5", fts5.contains("queries") ? fts5["queries"].value(cls, json()) : json()},
          {"xapian", xap.contains("queries") ? xap["queries"].value(cls, json()) : json()}};
      md += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} / {} / {} |\n", cls,
                        fmt_num(w50, 2), fmt_num(w99, 2), fmt_num(f50, 2), fmt_num(f99, 2),
                        fmt_num(x50, 2), fmt_num(x99, 2), fmt_ratio(w99, f99),
                        fmt_num(p(search, "/queries/", "qps"), 0),
                        fmt_num(p(fts5, "/queries/", "qps"), 0),
                        fmt_num(p(search, "/queries/", "mean_matches"), 0),
                        fmt_num(p(fts5, "/queries/", "mean_matches"), 0),
                        fmt_num(p(xap, "/queries/", "mean_matches"), 0));
      targets.push_back({fmt::format("[{}] {} query p99 vs FTS5", n, cls), "<= 0.5x",
                         fmt_ratio(w99, f99), std::isnan(w99 / f99) ? -1 : (w99 / f99 <= 0.5)});
      if (cls == "facet" && n == "1000000")
        targets.push_back({"[1000000] facet query p99", "<= 50 ms", fmt_num(w99, 1) + " ms",
                           std::isnan(w99) ? -1 : (w99 <= 50)});
    }
    md +=
        "\n### Command line, process start to last byte (ms)\n\n| command | p50 | p90 | p99 |\n"
        "|---|---:|---:|---:|\n";
    for (const char* f : {"cli-whosaid", "cli-whosaid-facet", "cli-sqlite"}) {
      json c = load(d + "/" + f + ".json");
      R["cli"][f] = c;
      if (c.is_null()) continue;
      md += fmt::format("| `{}` | {} | {} | {} |\n", c.value("label", std::string(f)),
                        fmt_num(num(c, "/p50_ms"_json_pointer), 1),
                        fmt_num(num(c, "/p90_ms"_json_pointer), 1),
                        fmt_num(num(c, "/p99_ms"_json_pointer), 1));
      if (std::string(f) == "cli-whosaid" && n == "1000000") {
        double p50 = num(c, "/p50_ms"_json_pointer);
        targets.push_back({"[1000000] `whosaid QUERY` median", "<= 30 ms", fmt_num(p50, 1) + " ms",
                           std::isnan(p50) ? -1 : (p50 <= 30)});
      }
    }
    md += "\n";
  }
  if (rss_by_size.size() > 1) {
    double lo = rss_by_size.front(), hi = rss_by_size.back();
    targets.push_back({"indexing peak RSS independent of corpus size (largest / smallest)", "~1x",
                       fmt_ratio(hi, lo), std::isnan(hi / lo) ? -1 : (hi / lo <= 1.5)});
  }

  json ir = load(out + "/ir.json");
  results["ranking"] = ir;
  if (!ir.is_null()) {
    md +=
        "## Ranking quality (nDCG@10 / MAP@100 / P@10)\n\n"
        "| collection | whosaid | FTS5 bm25 | Xapian defaults | reference Xapian nDCG@10 |\n"
        "|---|---|---|---|---:|\n";
    for (const auto& [coll, ref] : kReferenceNdcg) {
      auto cell = [&](const char* engine) {
        json::json_pointer p("/results/" + coll + "/" + engine);
        if (!ir.contains(p)) return std::string("-");
        const json& e = ir.at(p);
        return fmt::format("{:.3f} / {:.3f} / {:.3f}", e.value("ndcg10", NAN),
                           e.value("map100", NAN), e.value("p10", NAN));
      };
      md += fmt::format("| {} | {} | {} | {} | {:.3f} |\n", coll, cell("whosaid"), cell("fts5"),
                        cell("xapian"), ref);
      double w = num(ir, json::json_pointer("/results/" + coll + "/whosaid/ndcg10"));
      if (coll == "time")
        targets.push_back(
            {"TIME nDCG@10", ">= 0.72", fmt_num(w, 3), std::isnan(w) ? -1 : (w >= 0.72)});
      targets.push_back({fmt::format("{} nDCG@10 not below the default Xapian figure", coll),
                         fmt::format(">= {:.3f}", ref), fmt_num(w, 3),
                         std::isnan(w) ? -1 : (w >= ref)});
    }
    md += "\n";
  }

  md += "## Targets (issue 4)\n\n| target | goal | measured | |\n|---|---|---|---|\n";
  for (const Target& t : targets) {
    results["targets"].push_back({{"name", t.name},
                                  {"goal", t.target},
                                  {"measured", t.measured},
                                  {"met", t.met < 0 ? json() : json(t.met == 1)}});
    md += fmt::format("| {} | {} | {} | {} |\n", t.name, t.target, t.measured,
                      t.met < 0 ? "not measured"
                      : t.met   ? "met"
                                : "**NOT MET**");
  }
  std::ofstream(out + "/results.json") << results.dump(2) << '\n';
  std::ofstream(out + "/results.md") << md;
  return 0;
}

}  // namespace
}  // namespace whosaid::bench

int main(int argc, char** argv) {
  using namespace whosaid::bench;
  std::string out = "bench/out", command;
  std::vector<std::string> sizes;
  CLI::App app{"whosaid-bench-report: results.json, results.md and scale.dat from bench/out"};
  app.add_option("--out", out, "bench output directory")->capture_default_str();
  app.add_option("--sizes", sizes, "corpus sizes that ran")->delimiter(',')->required();
  app.add_option("--command", command, "the command line to record");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    return run(out, sizes, command);
  } catch (const std::exception& e) {
    std::cerr << "whosaid-bench-report: " << e.what() << '\n';
    return 1;
  }
}
