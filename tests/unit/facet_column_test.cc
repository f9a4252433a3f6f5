// Facet columns (core/facet_column.h): counts from the columns equal the
// counts through the value streams (the MatchSpy path) for every facet, in
// articles and quotes mode, after adds, in-place replacements and deletes,
// for a reader that keeps an older revision open, and through whosaid-index
// (new index, compaction, re-indexing, --delete). A database whose columns
// do not belong to its revision has none, and counts the old way.
#include "core/facet_column.h"

#include <fmt/format.h>
#include <xapian.h>

#include <catch2/catch.hpp>
#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/database.h"
#include "core/schema.h"
#include "indexer/index_run.h"
#include "scratch.h"
#include "searcher/search.h"
#include "searcher_test_db.h"

using namespace whosaid;

namespace {

// Xapian's errors are not std::exceptions: say what they are.
CATCH_TRANSLATE_EXCEPTION(const Xapian::Error& e) { return e.get_description(); }

const std::vector<std::string> kPeople = {"Marco Rubio", "Kaja Kallas", "Sergei Lavrov",
                                          "Volodymyr Zelensky", "Emmanuel Macron"};
const std::vector<std::string> kOrgs = {"Pentagon", "Kremlin", "European Commission"};
const std::vector<std::string> kPlaces = {"Kyiv", "Moscow", "Washington", "Brussels", "Paris"};
const std::vector<std::string> kCountries = {"ua", "ru", "us", "be", "fr"};
const std::vector<std::string> kSources = {"Reuters", "BBC", "Example Wire"};

test::TestArticle random_article(std::mt19937& rng, const std::string& id) {
  auto pick = [&](const std::vector<std::string>& from, unsigned most) {
    std::set<std::string> out;
    unsigned k = rng() % (most + 1);
    while (out.size() < k) out.insert(from[rng() % from.size()]);
    return std::vector<std::string>(out.begin(), out.end());
  };
  test::TestArticle a;
  a.id = id;
  a.title = "Title " + id;
  a.body = (rng() % 2) ? "alpha beta" : "beta gamma";
  if (rng() % 8)  // some undated
    a.date = fmt::format("{}-{:02}-{:02}", 2020 + rng() % 4, 1 + rng() % 12, 1 + rng() % 28);
  if (rng() % 6) a.source = kSources[rng() % kSources.size()];
  a.speakers = pick(kPeople, 4);
  a.organizations = pick(kOrgs, 2);
  a.places = pick(kPlaces, 3);
  a.countries = pick(kCountries, 2);
  for (unsigned q = rng() % 3; q > 0; --q)
    a.quotes.push_back({(rng() % 4) ? kPeople[rng() % kPeople.size()] : "", a.body + " quoted"});
  return a;
}

const std::vector<std::string> kAllFacets = {"speaker", "person", "org",  "place",
                                             "country", "source", "year", "month"};

std::vector<SearchRequest> requests() {
  std::vector<SearchRequest> out;
  for (bool quotes : {false, true})
    for (const char* q : {"", "alpha", "beta"}) {
      SearchRequest r;
      r.query = q;
      r.quotes = quotes;
      r.limit = 3;
      r.facets = kAllFacets;
      r.facet_limit = 1000;
      out.push_back(r);
      // Disjunctive: the filtered facets in matches of their own.
      r.filters = {{"year", "2021"}, {"speaker", "Marco Rubio"}, {"speaker", "Kremlin"}};
      r.disjunctive_facets = true;
      out.push_back(r);
    }
  return out;
}

std::string describe(const SearchResult& r);

// The facets of REQUEST on DB as text, counted from the columns or not.
std::string facets(const Xapian::Database& db, const SearchRequest& request, bool columns) {
  set_facet_columns_enabled(columns);
  SearchResult r = run_search(db, request);
  set_facet_columns_enabled(true);
  return describe(r);
}

std::string describe(const SearchResult& r) {
  std::string out = fmt::format("{} matches\n", r.estimate);
  for (const FacetResult& f : r.facets) {
    out += f.field + ":";
    for (const FacetValue& v : f.values) out += fmt::format(" {}/{}={}", v.value, v.kind, v.count);
    out += '\n';
  }
  return out;
}

// Every request gives the same facets from the columns as without them;
// and the columns are there to be used.
void check_same_counts(const Xapian::Database& db) {
  for (Xapian::valueno slot : facet_column_slots()) REQUIRE(FacetColumn::open(db, slot) != nullptr);
  int counted = 0;
  for (const SearchRequest& r : requests()) {
    INFO("query '" << r.query << "' quotes " << r.quotes << " disjunctive "
                   << r.disjunctive_facets);
    std::string with = facets(db, r, true);
    CHECK(with == facets(db, r, false));
    if (with.find("=") != std::string::npos) ++counted;
  }
  CHECK(counted >= 4);  // not a comparison of empty results
}

}  // namespace

TEST_CASE("facet columns: the same counts as the value streams, every facet and mode",
          "[facet_column]") {
  test::Scratch dir;
  test::TestDbWriter w(dir.path("db"));
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) w.add(random_article(rng, "a" + std::to_string(i)));
  update_facet_columns(w.db());
  w.db().commit();
  check_same_counts(Xapian::Database(dir.path("db")));
}

TEST_CASE("facet columns: one copy per revision, shared by searches in several threads",
          "[facet_column]") {
  // More documents than a chunk holds, and speakers written in other cases
  // and spacings, which facets count as one (the column's groups).
  test::Scratch dir;
  test::TestDbWriter w(dir.path("db"));
  std::mt19937 rng(11);
  for (int i = 0; i < 6000; ++i) {
    test::TestArticle a = random_article(rng, "a" + std::to_string(i));
    if (i % 7 == 0) a.speakers.push_back(i % 2 ? "MARCO  RUBIO" : "marco rubio");
    w.add(a);
  }
  update_facet_columns(w.db());
  w.db().commit();
  REQUIRE(w.db().get_lastdocid() > FacetColumn::kChunkDocs);
  Xapian::Database db(dir.path("db"));
  CHECK(FacetColumn::open(db, kSlotSpeakers) == FacetColumn::open(db, kSlotSpeakers));
  std::vector<SearchRequest> all = requests();
  std::vector<std::string> want;
  for (const SearchRequest& r : all) want.push_back(facets(db, r, false));
  // The value streams count the variants together: the columns must too.
  CHECK(want[0].find("Marco Rubio/person=") != std::string::npos);
  CHECK(want[0].find("marco rubio") == std::string::npos);
  // Each thread its own handle on the same revision, all starting at once
  // on columns none has read yet.
  std::atomic<int> wrong = 0, ready = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      Xapian::Database mine(dir.path("db"));
      ++ready;
      while (ready < 4) std::this_thread::yield();
      for (int round = 0; round < 3; ++round)
        for (std::size_t i = 0; i < all.size(); ++i)
          if (describe(run_search(mine, all[i])) != want[i]) ++wrong;
    });
  for (std::thread& t : threads) t.join();
  CHECK(wrong == 0);
}

TEST_CASE("facet columns: after adds, in-place replacements and deletes", "[facet_column]") {
  test::Scratch dir;
  test::TestDbWriter w(dir.path("db"));
  std::mt19937 rng(11);
  std::vector<Xapian::docid> articles;
  for (int i = 0; i < 150; ++i)
    articles.push_back(w.add(random_article(rng, "a" + std::to_string(i))));
  update_facet_columns(w.db());
  w.db().commit();

  // A second batch: new articles; old ones given other speakers and years
  // under the same document id; some deleted.
  for (int i = 150; i < 260; ++i) w.add(random_article(rng, "a" + std::to_string(i)));
  std::vector<Xapian::docid> replaced;
  for (std::size_t i = 0; i < articles.size(); i += 7) {
    Xapian::Document doc = w.db().get_document(articles[i]);
    doc.add_value(kSlotSpeakers, encode_list({kind_item("Ada Newcomer", "person"),
                                              kind_item("Kremlin", "organization")}));
    doc.add_value(kSlotYear, encode_list({"1999"}));
    doc.add_value(kSlotDate, "19990102");
    doc.add_value(kSlotPlaces, "");  // no places any more
    w.db().replace_document(articles[i], doc);
    replaced.push_back(articles[i]);
  }
  for (std::size_t i = 3; i < articles.size(); i += 11) w.db().delete_document(articles[i]);
  update_facet_columns(w.db(), replaced);
  w.db().commit();
  Xapian::Database db(dir.path("db"));
  check_same_counts(db);
  SearchRequest all;
  all.facets = {"year"};
  CHECK(facets(db, all, true).find("1999/=") != std::string::npos);
}

TEST_CASE("facet columns: a commit that did not update them leaves them unused", "[facet_column]") {
  test::Scratch dir;
  test::TestDbWriter w(dir.path("db"));
  std::mt19937 rng(3);
  for (int i = 0; i < 50; ++i) w.add(random_article(rng, "a" + std::to_string(i)));
  update_facet_columns(w.db());
  w.db().commit();
  REQUIRE(FacetColumn::open(Xapian::Database(dir.path("db")), kSlotYear) != nullptr);
  w.add(random_article(rng, "late"));
  w.db().commit();
  Xapian::Database db(dir.path("db"));
  CHECK(FacetColumn::open(db, kSlotYear) == nullptr);
  SearchRequest r;
  r.facets = kAllFacets;
  CHECK(facets(db, r, true) == facets(db, r, false));
  // The next update rebuilds them for the revision it commits.
  update_facet_columns(w.db());
  w.db().commit();
  check_same_counts(Xapian::Database(dir.path("db")));
}

TEST_CASE("facet columns: a reader keeps counting the revision it opened", "[facet_column]") {
  test::Scratch dir;
  test::TestDbWriter w(dir.path("db"));
  std::mt19937 rng(5);
  for (int i = 0; i < 80; ++i) w.add(random_article(rng, "a" + std::to_string(i)));
  update_facet_columns(w.db());
  w.db().commit();
  Xapian::Database reader(dir.path("db"));
  SearchRequest r;
  r.facets = kAllFacets;
  r.facet_limit = 1000;
  const std::string before = facets(reader, r, true);

  for (int i = 80; i < 200; ++i) w.add(random_article(rng, "a" + std::to_string(i)));
  update_facet_columns(w.db());
  w.db().commit();
  // Xapian keeps the reader's revision readable until the next commit.
  REQUIRE(FacetColumn::open(reader, kSlotSpeakers) != nullptr);
  CHECK(facets(reader, r, true) == before);
  CHECK(facets(reader, r, false) == before);
  reader.reopen();
  const std::string after = facets(reader, r, true);
  CHECK(after != before);
  CHECK(after == facets(reader, r, false));
}

TEST_CASE("facet columns: several databases searched as one have none", "[facet_column]") {
  test::Scratch dir;
  for (const char* name : {"s1", "s2"}) {
    test::TestDbWriter w(dir.path(name));
    std::mt19937 rng(name[1]);
    for (int i = 0; i < 40; ++i) w.add(random_article(rng, std::string(name) + std::to_string(i)));
    update_facet_columns(w.db());
    w.db().commit();
  }
  Xapian::Database both(dir.path("s1"));
  both.add_database(Xapian::Database(dir.path("s2")));
  CHECK(FacetColumn::open(both, kSlotSpeakers) == nullptr);
  CHECK(FacetColumn::open(Xapian::Database(dir.path("s1")), kSlotSpeakers) != nullptr);
  SearchRequest r;
  r.facets = kAllFacets;
  CHECK(facets(both, r, true) == facets(both, r, false));
}

TEST_CASE("facet columns: written by whosaid-index, kept by compaction, re-indexing and deletes",
          "[facet_column]") {
  test::Scratch dir;
  auto jsonl = [&](const std::string& speaker_of_a3) {
    std::string out;
    std::mt19937 rng(13);
    for (int i = 0; i < 60; ++i) {
      test::TestArticle a = random_article(rng, "a" + std::to_string(i));
      nlohmann::json j = {{"id", a.id},
                          {"title", a.title},
                          {"body", a.body},
                          {"places", a.places},
                          {"speakers", a.speakers}};
      if (!a.date.empty()) j["date"] = a.date;
      if (!a.source.empty()) j["source"] = a.source;
      if (a.id == "a3") j["speakers"] = {speaker_of_a3};
      out += j.dump() + "\n";
    }
    return out;
  };
  auto index = [&](const std::string& content, IndexOptions::Compact compact,
                   std::vector<std::string> del = {}) {
    IndexOptions o;
    o.db_path = dir.path("db");
    if (!content.empty()) o.inputs = {dir.write("in.jsonl", content)};
    o.delete_ids = std::move(del);
    o.extract = false;
    o.compact = compact;
    run_index(o);
  };
  // A new index: compacted at the end, the columns rebuilt on the copy.
  index(jsonl("Ada Newcomer"), IndexOptions::Compact::kAlways);
  check_same_counts(Xapian::Database(dir.path("db")));
  // Re-indexed in place (the same document id), not compacted.
  index(jsonl("Bea Other"), IndexOptions::Compact::kNever);
  Xapian::Database db(dir.path("db"));
  check_same_counts(db);
  SearchRequest r;
  r.facets = {"speaker"};
  r.facet_limit = 1000;
  CHECK(facets(db, r, true).find("Bea Other/person=1") != std::string::npos);
  CHECK(facets(db, r, true).find("Ada Newcomer") == std::string::npos);
  index("", IndexOptions::Compact::kNever, {"a3", "a4"});
  db = Xapian::Database(dir.path("db"));
  check_same_counts(db);
  CHECK(facets(db, r, true).find("Bea Other") == std::string::npos);
}

TEST_CASE("facet columns: damaged stored counts are an error that says how to rebuild them",
          "[facet_column]") {
  test::Scratch dir;
  test::TestDbWriter w(dir.path("db"));
  std::mt19937 rng(17);
  for (int i = 0; i < 30; ++i) w.add(random_article(rng, "a" + std::to_string(i)));
  update_facet_columns(w.db());
  // The stamp stays (same commit), the chunk is cut short: never counted
  // as if it were right.
  w.db().set_metadata(fmt::format("whosaid:facet:{}:c0", static_cast<int>(kSlotYear)), "S\x01");
  w.db().commit();
  Xapian::Database db(dir.path("db"));
  SearchRequest r;
  r.facets = {"year"};
  CHECK_THROWS_WITH(run_search(db, r),
                    Catch::Contains("damaged") && Catch::Contains("whosaid-index --compact"));
  // The column is kept for the revision, but not the failed read: the next
  // search reads again, and fails the same way (no hang, no half-read).
  CHECK_THROWS_WITH(run_search(db, r), Catch::Contains("damaged"));
}

TEST_CASE("counts only (limit 0, unweighted) equal the counts of a page of hits",
          "[facet_column]") {
  test::Scratch dir;
  test::TestDbWriter w(dir.path("db"));
  std::mt19937 rng(19);
  for (int i = 0; i < 120; ++i) w.add(random_article(rng, "a" + std::to_string(i)));
  update_facet_columns(w.db());
  w.db().commit();
  Xapian::Database db(dir.path("db"));
  for (SearchRequest r : requests()) {
    INFO("query '" << r.query << "' quotes " << r.quotes << " disjunctive "
                   << r.disjunctive_facets);
    for (bool columns : {true, false}) {
      r.limit = 10;
      const std::string page = facets(db, r, columns);
      r.limit = 0;
      CHECK(facets(db, r, columns) == page);
    }
  }
}

namespace {

// Sets run_search()'s thresholds for counting beside the page while in
// scope (a test index is small), then restores the defaults.
struct Thresholds {
  Thresholds(Xapian::doccount min, Xapian::doccount per_piece) {
    set_count_beside_thresholds(min, per_piece);
  }
  ~Thresholds() { set_count_beside_thresholds(0, 0); }
};

// Everything a search returns that a user sees: hits in order with their
// scores, the total and whether it is exact, facets.
std::string describe_all(const SearchResult& r) {
  std::string out = fmt::format("{} exact {}\n", describe(r), r.exact);
  for (const Hit& h : r.hits)
    out += fmt::format("{} {} {:.9g}\n", h.rank, h.data.value("id", std::string()), h.score);
  return out;
}

}  // namespace

TEST_CASE("matches counted beside the page, on another thread: the same results",
          "[facet_column][search]") {
  test::Scratch dir;
  test::TestDbWriter w(dir.path("db"));
  std::mt19937 rng(23);
  // "beta" matches about 300 articles: more than a page and kCheckAtLeast,
  // so that the page's match stops early and the total is counted apart.
  for (int i = 0; i < 400; ++i) w.add(random_article(rng, "a" + std::to_string(i)));
  // 60 copies of one story: ties in weight and date at every page's edge,
  // which a page merged from pieces must resolve as one match does.
  for (int i = 0; i < 60; ++i) {
    test::TestArticle a;
    a.id = fmt::format("c{:02}", i);
    a.title = "Same story";
    a.body = "delta words";
    a.date = "2022-05-01";
    a.quotes = {{"", "delta quoted"}};
    w.add(a);
  }
  update_facet_columns(w.db());
  w.db().commit();
  SearchDatabases dbs = open_shards({dir.path("db")}, false, true);
  REQUIRE(dbs.beside);
  int beside = 0, inexact_pages = 0;
  std::vector<SearchRequest> all = requests();
  for (const char* q :
       {"beta", "alpha OR gamma", "\"alpha beta\"", "speaker:rubio beta", "delta"}) {
    SearchRequest r;
    r.query = q;
    r.limit = 10;
    all.push_back(r);  // no facets: the total alone
    r.facets = {"year", "speaker"};
    r.offset = 20;
    r.sort = SortOrder::kDate;
    all.push_back(r);
    r.quotes = true;
    all.push_back(r);
  }
  int split = 0;
  for (const SearchRequest& r : all) {
    INFO("query '" << r.query << "' quotes " << r.quotes << " disjunctive "
                   << r.disjunctive_facets << " facets " << r.facets.size());
    // A test index is small: count beside from the first match.
    SearchResult one = run_search(dbs.db, r);
    SearchResult two = [&] {
      Thresholds beside_always(1, 1000000);
      return run_search(dbs.db, r, &*dbs.beside);
    }();
    CHECK_FALSE(one.counted_beside);
    CHECK(two.counted_beside);
    CHECK(two.count_pieces == 1);
    // By default, a few hundred matches are counted on this thread.
    SearchResult by_default = run_search(dbs.db, r, &*dbs.beside);
    CHECK_FALSE(by_default.counted_beside);
    CHECK(describe_all(by_default) == describe_all(one));
    beside += two.counted_beside;
    inexact_pages += one.estimate > r.offset + r.limit + kCheckAtLeast;
    CHECK(describe_all(two) == describe_all(one));
    CHECK(two.exact);
    // The count split into pieces of the document ids, shared by the two
    // threads (as for many matches in a big index): the same again.
    SearchResult pieces = [&] {
      Thresholds small_pieces(1, 7);
      return run_search(dbs.db, r, &*dbs.beside);
    }();
    split += pieces.count_pieces > 1;
    CHECK(describe_all(pieces) == describe_all(one));
  }
  CHECK(beside == static_cast<int>(all.size()));
  CHECK(inexact_pages >= 6);  // totals that the page's match alone does not count
  CHECK(split >= 10);

  // A second handle at another revision is not used: the same results, on
  // one thread.
  Xapian::Database old_revision(dir.path("db"));
  w.add(random_article(rng, "late"));
  update_facet_columns(w.db());
  w.db().commit();
  SearchDatabases newer = open_shards({dir.path("db")}, false, true);
  SearchRequest r = all.front();
  SearchResult mixed = [&] {
    Thresholds beside_always(1, 1000000);
    return run_search(old_revision, r, &*newer.beside);
  }();
  CHECK_FALSE(mixed.counted_beside);
  CHECK(describe_all(mixed) == describe_all(run_search(old_revision, r)));
  // Several shards have no second handle (and no single revision).
  {
    test::TestDbWriter other(dir.path("other"));
    other.add(random_article(rng, "b1"));
    other.db().commit();
  }
  SearchDatabases two_shards = open_shards({dir.path("db"), dir.path("other")}, false, true);
  CHECK_FALSE(two_shards.beside.has_value());
  CHECK(open_shards({dir.path("db")}).beside.has_value() == false);  // not asked for
}
