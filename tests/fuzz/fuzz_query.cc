// libFuzzer target: query parsing and running (searcher/query.h,
// searcher/search.h) on arbitrary query text against a small database built
// at start-up by the indexer's DocumentBuilder. A query is either answered
// or refused with QueryError/UsageError: never a crash, a hang (wildcards
// expand to a bounded number of words) or an unexpected exception.
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "core/schema.h"
#include "indexer/build_document.h"
#include "searcher/search.h"

namespace {

Xapian::Database make_db() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  db.set_metadata(whosaid::kSchemaVersionKey, std::to_string(whosaid::kSchemaVersion));
  db.set_metadata(whosaid::kLanguageKey, "english");
  whosaid::DocumentBuilder builder("english");
  const char* bodies[] = {
      "Ministers met in Kyiv on Tuesday. \"Peace needs guarantees,\" said Olena Marchuk.",
      "Talks in Geneva stalled, the spokesman said, as prices of oil and peaches rose.",
      "A storm hit Reading; the council said roads would reopen on Friday.",
  };
  int i = 0;
  for (const char* body : bodies) {
    whosaid::Article a;
    a.id = "fuzz-" + std::to_string(i);
    a.title = "Article " + std::to_string(i);
    a.body = body;
    a.date = "2025-11-2" + std::to_string(i);
    a.source = i % 2 ? "Wire" : "Daily";
    a.speakers = {i % 2 ? "Olena Marchuk" : "Peter Smith"};
    a.places = {"Kyiv", "Geneva"};
    whosaid::Quote q;
    q.text = body;
    q.kind = "direct";
    q.speaker.name = q.speaker.canonical = a.speakers[0];
    q.speaker.kind = "person";
    a.quotes.push_back(q);
    whosaid::BuiltArticle built = builder.build(a);
    db.replace_document(built.id_term, built.article);
    for (auto& [term, doc] : built.quotes) db.replace_document(term, doc);
    ++i;
  }
  db.commit();
  return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Xapian::Database db = make_db();
  whosaid::SearchRequest req;
  req.query.assign(reinterpret_cast<const char*>(data), size);
  req.quotes = size % 2 == 1;
  req.facets = {"speaker", "place"};
  try {
    whosaid::SearchResult r = whosaid::run_search(db, req);
    if (r.hits.size() > req.limit) std::abort();
  } catch (const whosaid::QueryError&) {
  } catch (const whosaid::UsageError&) {
  }
  return 0;
}
