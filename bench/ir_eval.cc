// whosaid-ir-eval: ranking quality on the classic test collections of
// ../shared/data/ir-test-collections (TIME, news; CRAN, MED, CISI as checks
// that a change does not fit one collection only), read at run time.
//
// Measures, per collection and engine (JSON on stdout, a table on stderr):
// nDCG@10 (binary gain, log2 discount, ideal over all judged-relevant docs),
// MAP@100 (average precision over the top 100, divided by the number of
// relevant docs) and P@10, averaged over the queries that have at least one
// relevant document. Unjudged documents count as not relevant.
// Engines:
//   xapian   Xapian with its defaults, the setup of the reference
//            figures (reproduced to within 0.01): a TermGenerator with the
//            English stemmer (STEM_SOME, no stopwords; --stopwords adds
//            whosaid's list) over title then text, lowercased first (TIME
//            is all capitals and STEM_SOME never stems a capitalised word;
//            --no-lowercase keeps the case), BM25 with default parameters,
//            the natural-language query through a QueryParser with the same
//            analysis and default operator OR.
//   fts5     SQLite FTS5, tokenize='porter unicode61', columns title + text,
//            the query's words each quoted and joined by OR, ORDER BY rank
//            (bm25 with default weights).
//   whosaid  the product (when built with the indexer and searcher
//            libraries): documents made by indexer build_document() from an
//            Article (title, body), queries through searcher QueryBuilder
//            with the words joined by OR, ranked by the searcher's weighting
//            (searcher/ranking.h; --whosaid-expand adds pseudo-relevance
//            feedback) (see ir_eval_whosaid.cc).
// Collection formats (see the collections' README): TIME judgments use
// 1-based positions in TIME.ALL (time/docs.tsv doc_id; but see
// --realign-time and load_time()); CRAN queries are
// numbered by their position in cran.qry and code -1 rows are dropped; a
// query is its .T (CISI has some) and .W text, a document its .T and .W.
#include <fmt/format.h>
#include <sqlite3.h>
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "bench_common.h"
#include "core/analysis.h"
#include "core/error.h"
#include "ir_eval_engines.h"

namespace whosaid::bench {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("cannot read {}", path));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
  }
  return out;
}

// SMART format: ".I n" then fields ".T", ".A", ".B", ".W", ".X", ...
// Returns id -> (title, text); ids in file order in ORDER.
struct SmartRecord {
  int id = 0;
  std::string title, text;
};
std::vector<SmartRecord> read_smart(const std::string& path) {
  std::vector<SmartRecord> out;
  char field = 0;
  for (const std::string& line : lines_of(read_file(path))) {
    if (line.size() >= 2 && line[0] == '.' && std::isupper(static_cast<unsigned char>(line[1])) &&
        (line.size() == 2 || line[2] == ' ')) {
      field = line[1];
      if (field == 'I') {
        out.emplace_back();
        out.back().id = std::stoi(line.substr(3));
      }
      continue;
    }
    if (out.empty()) continue;
    std::string* dst = field == 'T' ? &out.back().title : field == 'W' ? &out.back().text : nullptr;
    if (!dst) continue;
    if (!dst->empty()) *dst += ' ';
    *dst += line;
  }
  return out;
}

// TIME.REL numbers documents by their position among the 425 of the
// original collection, and this TIME.ALL lacks two of them, somewhere in
// positions 371-377: from 378 on, judgment N is document N - 2 here. E.g.
// query 4 (the new regime in South Viet Nam) judges 370, 378 and 385: here
// 370, 376 and 383 are the three Saigon stories, 378 and 385 are about trade
// and Khrushchev; query 81 (Communist Chinese trade) judges 380, here 378
// "How much trade with the Reds"; 424 and 425, not in the file, are here 422
// (Park Chung Hee's election, query 15) and 423 (the U.N.'s new members,
// queries 23 and 26). With REALIGN the judgments are read that way; without,
// as the file says (as the reference figures were measured).
Collection load_time(const std::string& dir, bool realign) {
  Collection c;
  c.name = "time";
  auto tsv = [&](const std::string& file, auto fn) {
    auto lines = lines_of(read_file(dir + "/" + file));
    for (std::size_t i = 1; i < lines.size(); ++i) {
      if (lines[i].empty()) continue;
      std::vector<std::string> cols;
      std::stringstream s(lines[i]);
      std::string col;
      while (std::getline(s, col, '\t')) cols.push_back(col);
      fn(cols);
    }
  };
  tsv("docs.tsv", [&](const std::vector<std::string>& cols) {
    if (cols.size() >= 5) c.docs.push_back({std::stoi(cols[0]), "", cols[4]});
  });
  tsv("queries.tsv", [&](const std::vector<std::string>& cols) {
    if (cols.size() >= 2) c.queries.push_back({std::stoi(cols[0]), cols[1]});
  });
  std::istringstream rel(read_file(dir + "/qrels.txt"));
  int q, zero, d, r;
  while (rel >> q >> zero >> d >> r)
    if (r > 0) c.qrels[q][realign && d >= 378 ? d - 2 : d] = 1;
  return c;
}

Collection load_smart(const std::string& name, const std::string& all, const std::string& qry,
                      const std::string& relpath) {
  Collection c;
  c.name = name;
  for (const SmartRecord& r : read_smart(all)) c.docs.push_back({r.id, r.title, r.text});
  std::vector<SmartRecord> qs = read_smart(qry);
  for (std::size_t i = 0; i < qs.size(); ++i) {
    // CRAN's judgments number queries by position, the others by .I.
    int qid = name == "cran" ? static_cast<int>(i + 1) : qs[i].id;
    c.queries.push_back({qid, qs[i].title.empty() ? qs[i].text : qs[i].title + " " + qs[i].text});
  }
  std::istringstream rel(read_file(relpath));
  std::string line;
  while (std::getline(rel, line)) {
    std::istringstream l(line);
    std::vector<double> f;
    double v;
    while (l >> v) f.push_back(v);
    if (f.size() < 3) continue;
    int q = static_cast<int>(f[0]);
    if (name == "cran") {
      if (f[2] < 0) continue;  // code -1: undocumented, dropped
      c.qrels[q][static_cast<int>(f[1])] = 1;
    } else if (name == "med") {
      if (f.size() >= 4 && f[3] > 0) c.qrels[q][static_cast<int>(f[2])] = 1;
    } else {  // cisi: qid docid 0 0.0
      c.qrels[q][static_cast<int>(f[1])] = 1;
    }
  }
  return c;
}

struct Scores {
  double ndcg10 = 0, map100 = 0, p10 = 0;
  int queries = 0;
  std::map<int, double> ndcg10_of;  // per query
};

Scores score(const Collection& c, const std::map<int, std::vector<int>>& runs) {
  Scores s;
  for (const CollQuery& q : c.queries) {
    auto rel_it = c.qrels.find(q.id);
    if (rel_it == c.qrels.end() || rel_it->second.empty()) continue;
    const auto& rel = rel_it->second;
    auto run_it = runs.find(q.id);
    static const std::vector<int> kEmpty;
    const std::vector<int>& run = run_it == runs.end() ? kEmpty : run_it->second;
    double dcg = 0, idcg = 0, ap = 0;
    int hits = 0, hits10 = 0;
    for (std::size_t i = 0; i < run.size() && i < 100; ++i) {
      bool r = rel.count(run[i]) > 0;
      if (!r) continue;
      ++hits;
      ap += static_cast<double>(hits) / (i + 1);
      if (i < 10) {
        ++hits10;
        dcg += 1.0 / std::log2(i + 2.0);
      }
    }
    for (std::size_t i = 0; i < rel.size() && i < 10; ++i) idcg += 1.0 / std::log2(i + 2.0);
    s.ndcg10 += dcg / idcg;
    s.ndcg10_of[q.id] = dcg / idcg;
    s.map100 += ap / rel.size();
    s.p10 += hits10 / 10.0;
    ++s.queries;
  }
  if (s.queries) {
    s.ndcg10 /= s.queries;
    s.map100 /= s.queries;
    s.p10 /= s.queries;
  }
  return s;
}

// ---- engines -------------------------------------------------------------

std::map<int, std::vector<int>> run_xapian(const Collection& c, const XapianParams& p) {
  Analysis analysis = make_analysis(kDefaultLanguage);
  if (!p.stopwords) analysis.stopper.reset();
  auto prepare = [&](const std::string& text) {
    return p.lowercase ? Xapian::Unicode::tolower(text) : text;
  };
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::TermGenerator tg;
  configure(tg, analysis);
  for (const CollDoc& d : c.docs) {
    Xapian::Document doc;
    tg.set_document(doc);
    if (!d.title.empty()) {
      tg.index_text(prepare(d.title));
      tg.increase_termpos();
    }
    tg.index_text(prepare(d.text));
    doc.set_data(std::to_string(d.id));
    db.add_document(doc);
  }
  Xapian::QueryParser qp;
  configure(qp, analysis);
  qp.set_database(db);
  qp.set_default_op(Xapian::Query::OP_OR);
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BM25Weight(p.k1, p.k2, p.k3, p.b, p.min_normlen));
  std::map<int, std::vector<int>> runs;
  for (const CollQuery& q : c.queries) {
    Xapian::Query query;
    try {
      query = qp.parse_query(prepare(q.text));
    } catch (const Xapian::QueryParserError&) {
      // Upper-case queries can contain AND/OR/NOT: read them as words.
      query = qp.parse_query(prepare(q.text), 0);
    }
    enquire.set_query(query);
    Xapian::MSet mset = enquire.get_mset(0, 100);
    auto& run = runs[q.id];
    for (auto it = mset.begin(); it != mset.end(); ++it)
      run.push_back(std::stoi(it.get_document().get_data()));
  }
  return runs;
}

// The words of TEXT as FTS5 sees them (unicode61: runs of letters and
// digits), each quoted, joined by OR.
std::string fts5_or_query(const std::string& text) {
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out += " OR ";
    out += "\"" + word + "\"";
    word.clear();
  };
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch >= 0x80)
      word += static_cast<char>(ch);
    else
      flush();
  }
  flush();
  return out;
}

std::map<int, std::vector<int>> run_fts5(const Collection& c) {
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) throw Error("cannot open SQLite in memory");
  auto exec = [&](const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "?";
      sqlite3_free(err);
      throw Error(fmt::format("SQL failed: {}: {}", sql, msg));
    }
  };
  exec("CREATE VIRTUAL TABLE docs USING fts5(title, text, tokenize='porter unicode61')");
  exec("BEGIN");
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO docs(rowid, title, text) VALUES (?1, ?2, ?3)", -1, &ins,
                     nullptr);
  for (const CollDoc& d : c.docs) {
    sqlite3_bind_int(ins, 1, d.id);
    sqlite3_bind_text(ins, 2, d.title.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 3, d.text.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(ins) != SQLITE_DONE) throw Error(sqlite3_errmsg(db));
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  exec("COMMIT");
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, "SELECT rowid FROM docs WHERE docs MATCH ?1 ORDER BY rank LIMIT 100", -1,
                     &q, nullptr);
  std::map<int, std::vector<int>> runs;
  for (const CollQuery& cq : c.queries) {
    std::string expr = fts5_or_query(cq.text);
    auto& run = runs[cq.id];
    if (expr.empty()) continue;
    sqlite3_bind_text(q, 1, expr.c_str(), -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) run.push_back(sqlite3_column_int(q, 0));
    if (rc != SQLITE_DONE) throw Error(fmt::format("FTS5 query {}: {}", expr, sqlite3_errmsg(db)));
    sqlite3_reset(q);
  }
  sqlite3_finalize(q);
  sqlite3_close(db);
  return runs;
}

}  // namespace
}  // namespace whosaid::bench

int main(int argc, char** argv) {
  using namespace whosaid::bench;
  std::string dir = shared_data_dir() + "/ir-test-collections";
  std::vector<std::string> names = {"time", "cran", "med", "cisi"};
  std::vector<std::string> engines = {"xapian", "fts5"};
  if (whosaid_engine_available()) engines.push_back("whosaid");
  XapianParams params;
  CLI::App app{"whosaid-ir-eval: nDCG@10, MAP@100 and P@10 on TIME, CRAN, MED and CISI"};
  app.add_option("--dir", dir, "ir-test-collections directory")->capture_default_str();
  app.add_option("--collections", names, "collections")->delimiter(',')->capture_default_str();
  app.add_option("--engines", engines, "xapian, fts5, whosaid")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--k1", params.k1, "BM25 k1 (xapian engine)")->capture_default_str();
  app.add_option("--b", params.b, "BM25 b (xapian engine)")->capture_default_str();
  app.add_flag("--stopwords", params.stopwords, "xapian engine: add whosaid's stopword list");
  app.add_flag("!--no-lowercase", params.lowercase, "xapian engine: keep the text's case");
  bool whosaid_expand = false;
  app.add_flag("--whosaid-expand", whosaid_expand,
               "whosaid engine: with pseudo-relevance feedback (searcher/ranking.h)");
  bool realign_time = false;
  app.add_flag("--realign-time", realign_time,
               "read TIME's judgments 378-425 as documents 376-423 (TIME.ALL lacks two of the "
               "original 425 documents; see load_time())");
  std::string per_query;
  app.add_option("--per-query", per_query,
                 "also write each query's nDCG@10 to this file (TSV: collection, engine, "
                 "query id, nDCG@10)");
  std::string runs_file;
  app.add_option("--runs", runs_file,
                 "also write each engine's ranking to this file (TREC run format: query Q0 "
                 "document rank score engine, with score = 100 - rank)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    std::ofstream per_query_out;
    if (!per_query.empty()) {
      per_query_out.open(per_query);
      if (!per_query_out) throw whosaid::Error(fmt::format("cannot write {}", per_query));
      per_query_out << "collection\tengine\tquery\tndcg10\n";
    }
    std::ofstream runs_out;
    if (!runs_file.empty()) {
      runs_out.open(runs_file);
      if (!runs_out) throw whosaid::Error(fmt::format("cannot write {}", runs_file));
    }
    nlohmann::json out;
    out["metric_notes"] = "nDCG@10 binary gain; MAP@100; P@10; unjudged = not relevant";
    std::cerr << fmt::format("{:<6} {:<8} {:>8} {:>8} {:>6} {:>5}\n", "coll", "engine", "nDCG@10",
                             "MAP@100", "P@10", "n");
    for (const std::string& name : names) {
      Collection c;
      if (name == "time")
        c = load_time(dir + "/time", realign_time);
      else if (name == "cran")
        c = load_smart("cran", dir + "/cran/cran.all.1400", dir + "/cran/cran.qry",
                       dir + "/cran/cranqrel");
      else if (name == "med")
        c = load_smart("med", dir + "/med/MED.ALL", dir + "/med/MED.QRY", dir + "/med/MED.REL");
      else if (name == "cisi")
        c = load_smart("cisi", dir + "/cisi/CISI.ALL", dir + "/cisi/CISI.QRY",
                       dir + "/cisi/CISI.REL");
      else
        throw whosaid::UsageError(fmt::format("unknown collection '{}'", name));
      for (const std::string& engine : engines) {
        std::map<int, std::vector<int>> runs;
        if (engine == "xapian")
          runs = run_xapian(c, params);
        else if (engine == "fts5")
          runs = run_fts5(c);
        else if (engine == "whosaid")
          runs = run_whosaid(c, whosaid_expand);
        else
          throw whosaid::UsageError(fmt::format("unknown engine '{}'", engine));
        Scores s = score(c, runs);
        if (runs_out.is_open())
          for (const auto& [qid, run] : runs)
            for (std::size_t i = 0; i < run.size(); ++i)
              runs_out << fmt::format("{}:{} Q0 {} {} {} {}\n", name, qid, run[i], i + 1,
                                      100 - static_cast<int>(i), engine);
        if (per_query_out.is_open())
          for (const auto& [qid, v] : s.ndcg10_of)
            per_query_out << fmt::format("{}\t{}\t{}\t{:.4f}\n", name, engine, qid, v);
        auto r4 = [](double v) { return std::round(v * 10000.0) / 10000.0; };
        out["results"][name][engine] = {{"ndcg10", r4(s.ndcg10)},
                                        {"map100", r4(s.map100)},
                                        {"p10", r4(s.p10)},
                                        {"queries", s.queries}};
        std::cerr << fmt::format("{:<6} {:<8} {:>8.4f} {:>8.4f} {:>6.4f} {:>5}\n", name, engine,
                                 s.ndcg10, s.map100, s.p10, s.queries);
      }
      out["results"][name]["documents"] = c.docs.size();
    }
    std::cout << out.dump(2) << '\n';
    return 0;
  } catch (const Xapian::Error& e) {
    std::cerr << "whosaid-ir-eval: " << e.get_description() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "whosaid-ir-eval: " << e.what() << '\n';
    return 1;
  }
}
