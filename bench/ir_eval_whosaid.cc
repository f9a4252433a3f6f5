// The whosaid engine of whosaid-ir-eval: each document becomes an Article
// (title, body) turned into Xapian documents by the indexer's DocumentBuilder
// (no extraction: the collections are scored on articles), written to an
// in-memory database carrying whosaid's metadata; each query is run by the
// searcher's run_search(), as `whosaid` runs it, with the query's words
// joined by OR (natural-language queries: see or_query()). Compiled with
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
std::map<int, std::vector<int>> run_whosaid(const Collection&, bool) {
  throw Error("this whosaid-ir-eval was built without the indexer and searcher libraries");
}
#else
bool whosaid_engine_available() { return true; }

namespace {

// TEXT as a query of any of its words: its words (runs of letters and
// digits, joined by the apostrophes, dots and hyphens between them, so that
// "U.S.", "Spain's" and "pre-school" reach the query parser as typed) joined
// by " OR ". Left out: the words of the stopword list, which the query parser
// drops from words typed one after the other but keeps between explicit ORs,
// where the stem of "or" or "over" matches a rare word ("ors", "overs") with
// a huge weight; and AND, OR and NOT, which would be read as operators and
// are stopwords anyway.
std::string or_query(const std::string& text, const Xapian::Stopper& stopper) {
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    std::string lower = Xapian::Unicode::tolower(word);
    if (!stopper(lower) && lower != "and" && lower != "or" && lower != "not") {
      if (!out.empty()) out += " OR ";
      out += word;
    }
    word.clear();
  };
  auto alnum = [](unsigned char ch) { return std::isalnum(ch) || ch >= 0x80; };
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char ch = text[i];
    bool inner = (ch == '\'' || ch == '.' || ch == '-') && !word.empty() && i + 1 < text.size() &&
                 alnum(static_cast<unsigned char>(text[i + 1]));
    if (alnum(ch) || inner)
      word += static_cast<char>(ch);
    else
      flush();
  }
  flush();
  return out;
}

}  // namespace

std::map<int, std::vector<int>> run_whosaid(const Collection& c, bool expand) {
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
  // The stopword list the searcher uses for this database.
  const Analysis analysis = make_analysis(kDefaultLanguage);
  static const Xapian::SimpleStopper kNoStopwords;
  const Xapian::Stopper* stopper = analysis.stopper ? analysis.stopper.get() : &kNoStopwords;
  std::map<int, std::vector<int>> runs;
  for (const CollQuery& q : c.queries) {
    SearchRequest req;
    req.query = or_query(q.text, *stopper);
    req.limit = 100;
    req.expand = expand;
    auto& run = runs[q.id];
    if (req.query.empty()) continue;
    SearchResult r = run_search(db, req);
    for (const Hit& h : r.hits) run.push_back(std::stoi(h.data.at("id").get<std::string>()));
  }
  return runs;
}
#endif

}  // namespace whosaid::bench
