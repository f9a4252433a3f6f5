// The whosaid engine of whosaid-ir-eval: each document becomes an Article
// (title, body) turned into Xapian documents by the indexer's DocumentBuilder
// (no extraction: the collections are scored on articles), written to an
// in-memory database carrying whosaid's metadata; each query is run by the
// searcher's run_search(), as `whosaid` runs it, with the query's words
// joined by OR (natural-language queries; words that are query operators
// are lowercased so that they stay words). Compiled with
// WHOSAID_BENCH_PRODUCT when the indexer and searcher libraries exist; a
// stub otherwise.
#include "core/error.h"
#include "ir_eval_engines.h"

#ifdef WHOSAID_BENCH_PRODUCT
#include <xapian.h>

#include <cctype>
#include <string>

#include "core/analysis.h"
#include "core/article.h"
#include "core/schema.h"
#include "indexer/build_document.h"
#include "searcher/search.h"
#endif

namespace whosaid::bench {

#ifndef WHOSAID_BENCH_PRODUCT
bool whosaid_engine_available() { return false; }
std::map<int, std::vector<int>> run_whosaid(const Collection&) {
  throw Error("this whosaid-ir-eval was built without the indexer and searcher libraries");
}
#else
bool whosaid_engine_available() { return true; }

namespace {

// The words of TEXT (runs of letters, digits, apostrophes and dots inside a
// word) joined by " OR ".
std::string or_query(const std::string& text) {
  std::string out, word;
  auto flush = [&] {
    while (!word.empty() && (word.back() == '.' || word.back() == '\'')) word.pop_back();
    if (word.empty()) return;
    for (const char* op : {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"})
      if (word == op)
        for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!out.empty()) out += " OR ";
    out += word;
    word.clear();
  };
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch >= 0x80 || (!word.empty() && (ch == '\'' || ch == '.')))
      word += static_cast<char>(ch);
    else
      flush();
  }
  flush();
  return out;
}

}  // namespace

std::map<int, std::vector<int>> run_whosaid(const Collection& c) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  db.set_metadata(kSchemaVersionKey, std::to_string(kSchemaVersion));
  db.set_metadata(kLanguageKey, kDefaultLanguage);
  DocumentBuilder builder(kDefaultLanguage);
  for (const CollDoc& d : c.docs) {
    Article a;
    a.id = std::to_string(d.id);
    a.title = d.title;
    a.body = d.text;
    a.text = d.text;
    BuiltArticle built = builder.build(a);
    db.replace_document(built.id_term, built.article);
  }
  db.commit();
  std::map<int, std::vector<int>> runs;
  for (const CollQuery& q : c.queries) {
    SearchRequest req;
    req.query = or_query(q.text);
    req.limit = 100;
    auto& run = runs[q.id];
    if (req.query.empty()) continue;
    SearchResult r = run_search(db, req);
    for (const Hit& h : r.hits) run.push_back(std::stoi(h.data.at("id").get<std::string>()));
  }
  return runs;
}
#endif

}  // namespace whosaid::bench
