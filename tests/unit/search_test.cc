// Search end to end on a small database: ranking and sorting, filters,
// offset/limit, article vs quote documents, facets, totals, spelling
// suggestions; then the text and JSON output and the command line.
#include "searcher/search.h"

#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>

#include "core/database.h"
#include "core/error.h"
#include "searcher/cli.h"
#include "searcher/format.h"
#include "searcher_test_db.h"

using namespace whosaid;

namespace {

std::vector<std::string> ids(const SearchResult& r) {
  std::vector<std::string> out;
  for (const Hit& h : r.hits) out.push_back(h.data.value("id", ""));
  return out;
}

SearchRequest request(std::string query) {
  SearchRequest r;
  r.query = std::move(query);
  return r;
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("search: AND by default, ranks, totals", "[search]") {
  Xapian::Database db = test::make_sample_db();
  SearchResult r = run_search(db, request("tony blair"));
  CHECK(ids(r) == Ids{"a4", "a3"});  // a4 has Blair in its title too
  CHECK(r.estimate == 2);
  CHECK(r.exact);
  CHECK(r.hits[0].rank == 1);
  CHECK(r.hits[0].score > r.hits[1].score);
  CHECK(r.hits[0].data.value("title", "") == "Blair on election economy");

  CHECK(run_search(db, request("blair lavrov")).hits.empty());
  CHECK(ids(run_search(db, request("blair OR lavrov"))).size() == 3);
}

TEST_CASE("search: article documents by default, quote documents with quotes", "[search]") {
  Xapian::Database db = test::make_sample_db();
  // "progress" is in a1's body and in one of its quotes.
  SearchResult articles = run_search(db, request("progress"));
  CHECK(ids(articles) == Ids{"a1"});
  SearchRequest q = request("progress");
  q.quotes = true;
  SearchResult quotes = run_search(db, q);
  CHECK(ids(quotes) == Ids{"a1#q0"});
  CHECK(quotes.hits[0].data.value("speaker", "") == "Marco Rubio");
  CHECK(quotes.hits[0].snippet.text == "We made progress on the peace plan");

  SearchRequest anchorage = request("quote:\"spirit of Anchorage\"");
  CHECK(ids(run_search(db, anchorage)) == Ids{"a1"});
  anchorage.quotes = true;
  CHECK(ids(run_search(db, anchorage)) == Ids{"a1#q1"});
}

TEST_CASE("search: --expand re-ranks the same matches", "[search]") {
  Xapian::Database db = test::make_sample_db();
  for (bool quotes : {false, true}) {
    SearchRequest plain = request("peace");
    plain.quotes = quotes;
    plain.limit = 100;
    SearchRequest expanded = plain;
    expanded.expand = true;
    SearchResult a = run_search(db, plain), b = run_search(db, expanded);
    Ids ia = ids(a), ib = ids(b);
    REQUIRE_FALSE(ia.empty());
    CHECK(a.estimate == b.estimate);
    std::sort(ia.begin(), ia.end());
    std::sort(ib.begin(), ib.end());
    CHECK(ia == ib);
  }
}

TEST_CASE("search: snippets highlight the words of field searches", "[search]") {
  Xapian::Database db = test::make_sample_db();
  auto highlighted = [](const Hit& h) {
    std::string out;
    for (const Highlight& r : h.snippet.highlights) {
      // ASCII sample text: code points are bytes.
      out += "[" + h.snippet.text.substr(r.first, r.second - r.first) + "]";
    }
    return out;
  };
  SearchResult r = run_search(db, request("speaker:\"Kaja Kallas\" country:be"));
  REQUIRE(r.hits.size() == 1);
  CHECK(highlighted(r.hits[0]) == "[Kaja Kallas]");
  r = run_search(db, request("title:election economy"));
  REQUIRE(r.hits.size() == 1);
  CHECK(highlighted(r.hits[0]) == "[economy][election]");
  SearchRequest q = request("quote:\"spirit of Anchorage\"");
  q.quotes = true;
  r = run_search(db, q);
  REQUIRE(r.hits.size() == 1);
  CHECK(highlighted(r.hits[0]) == "[spirit of Anchorage]");
}

TEST_CASE("search: hybrid speaker field", "[search]") {
  Xapian::Database db = test::make_sample_db();
  CHECK(ids(run_search(db, request("speaker:\"Marco Rubio\" ceasefire"))) == Ids{"a2", "a1"});
  CHECK(ids(run_search(db, request("speaker:rubio ceasefire"))).size() == 2);
  CHECK(ids(run_search(db, request("speaker:Rubio ceasefire"))).size() == 2);
  CHECK(ids(run_search(db, request("speaker:kallas"))) == Ids{"a2"});
  CHECK(ids(run_search(db, request("speaker:blair -speaker:brown"))) == Ids{"a3"});
}

TEST_CASE("search: sort by date, newest first; undated last", "[search]") {
  Xapian::Database db = test::make_sample_db();
  SearchRequest r = request("");
  r.filters = {{"year", "2005"}};
  r.sort = SortOrder::kDate;
  CHECK(ids(run_search(db, r)) == Ids{"a4", "a3"});

  r = request("peace OR election OR ceasefire");
  r.sort = SortOrder::kDate;
  CHECK(ids(run_search(db, r)) == Ids{"a2", "a1", "a4", "a3", "a5"});
}

TEST_CASE("search: filter-only queries list newest first", "[search]") {
  Xapian::Database db = test::make_sample_db();
  SearchRequest r = request("");
  r.facets = {"source"};
  CHECK(ids(run_search(db, r)) == Ids{"a2", "a1", "a4", "a3", "a5"});
  CHECK(ids(run_search(db, request("place:london"))) == Ids{"a4", "a3"});
}

TEST_CASE("search: filters AND across fields, OR within a field", "[search]") {
  Xapian::Database db = test::make_sample_db();
  SearchRequest r = request("");
  r.filters = {{"place", "Kyiv"}};
  CHECK(ids(run_search(db, r)).size() == 2);
  r.filters = {{"place", "kyiv"}, {"source", "bbc news"}};
  CHECK(ids(run_search(db, r)) == Ids{"a2"});
  r.filters = {{"place", "Moscow"}, {"place", "London"}};
  CHECK(ids(run_search(db, r)) == Ids{"a1", "a4", "a3"});
  r.filters = {{"country", "GB"}, {"date", "2005-04"}};
  CHECK(ids(run_search(db, r)) == Ids{"a4", "a3"});
  r.filters = {{"date", "2005-04-10.."}};
  CHECK(ids(run_search(db, r)) == Ids{"a2", "a1", "a4"});
  r.filters = {{"speaker", "Nobody"}};
  CHECK(run_search(db, r).hits.empty());
}

TEST_CASE("search: offset and limit", "[search]") {
  Xapian::Database db = test::make_sample_db();
  SearchRequest r = request("");
  r.filters = {{"source", "BBC News"}};
  r.sort = SortOrder::kDate;
  r.offset = 1;
  r.limit = 1;
  SearchResult res = run_search(db, r);
  CHECK(ids(res) == Ids{"a4"});
  CHECK(res.hits[0].rank == 2);
  CHECK(res.estimate == 3);
  r.offset = 3;
  res = run_search(db, r);
  CHECK(res.hits.empty());
  CHECK(res.estimate == 3);
  r.offset = 0;
  r.limit = 0;
  CHECK(run_search(db, r).hits.empty());
}

TEST_CASE("search: facets are exact over all matches", "[search]") {
  Xapian::Database db = test::make_sample_db();
  SearchRequest r = request("ceasefire OR election");
  r.limit = 1;
  r.facets = {"speaker", "year", "country"};
  r.facet_limit = 2;
  SearchResult res = run_search(db, r);
  CHECK(res.exact);
  CHECK(res.estimate == 4);
  REQUIRE(res.facets.size() == 3);
  CHECK(res.facets[0].field == "speaker");
  REQUIRE(res.facets[0].values.size() == 2);
  CHECK(res.facets[0].values[0].value == "Marco Rubio");
  CHECK(res.facets[0].values[0].count == 2);
  CHECK(res.facets[0].values[1].value == "Tony Blair");
  CHECK(res.facets[0].values[1].count == 2);
  CHECK(res.facets[1].field == "year");
  CHECK(res.facets[1].values[0].value == "2005");
  CHECK(res.facets[1].values[0].count == 2);
  CHECK(res.facets[2].values[0].value == "GB");

  SearchRequest quotes = request("");
  quotes.quotes = true;
  quotes.facets = {"speaker"};
  res = run_search(db, quotes);
  // The unnamed source is not a speaker value.
  REQUIRE(res.facets[0].values.size() == 1);
  CHECK(res.facets[0].values[0].count == 1);
}

TEST_CASE("search: a filtered facet is counted without its own filter (disjunctive)", "[search]") {
  Xapian::Database db = test::make_sample_db();
  auto count = [](const FacetResult& f, const std::string& value) {
    for (const FacetValue& v : f.values)
      if (v.value == value) return static_cast<int>(v.count);
    return 0;
  };
  SearchRequest r = request("");
  r.filters = {{"place", "Kyiv"}};
  r.facets = {"place", "speaker"};
  r.facet_limit = 100;
  // By default every facet counts the filtered matches.
  SearchResult res = run_search(db, r);
  CHECK(count(res.facets[0], "London") == 0);
  CHECK(count(res.facets[0], "Moscow") == 1);
  r.disjunctive_facets = true;
  res = run_search(db, r);
  CHECK(ids(res) == Ids{"a2", "a1"});
  // The place facet: over every article, so London can be added to Kyiv.
  CHECK(count(res.facets[0], "Kyiv") == 2);
  CHECK(count(res.facets[0], "London") == 2);
  CHECK(count(res.facets[0], "Moscow") == 1);
  // Other facets: within the filter.
  CHECK(count(res.facets[1], "Marco Rubio") == 2);
  CHECK(count(res.facets[1], "Tony Blair") == 0);
  // Two places: OR; the speaker facet follows, the place facet stays.
  r.filters = {{"place", "Kyiv"}, {"place", "London"}};
  res = run_search(db, r);
  CHECK(ids(res).size() == 4);
  CHECK(count(res.facets[0], "Brussels") == 1);
  CHECK(count(res.facets[1], "Tony Blair") == 2);
  // A filter on another field applies to every facet.
  r.filters = {{"place", "Kyiv"}, {"source", "BBC News"}};
  res = run_search(db, r);
  CHECK(ids(res) == Ids{"a2"});
  CHECK(count(res.facets[0], "London") == 2);  // a3 and a4 are BBC News
  CHECK(count(res.facets[0], "Moscow") == 0);  // a1 is not
  CHECK(count(res.facets[1], "Kaja Kallas") == 1);
  CHECK(count(res.facets[1], "Sergei Lavrov") == 0);
}

TEST_CASE("search: the month facet, facet search and per-facet limits", "[search]") {
  Xapian::Database db = test::make_sample_db();
  SearchRequest r = request("");
  r.facets = {"month"};
  r.facet_limit = 1;  // not for months: a histogram has every one
  SearchResult res = run_search(db, r);
  REQUIRE(res.facets[0].values.size() == 2);
  CHECK(res.facets[0].values[0].value == "2005-04");
  CHECK(res.facets[0].values[0].count == 2);
  CHECK(res.facets[0].values[1].value == "2025-11");
  CHECK(res.facets[0].values[1].count == 2);
  // A date range leaves the histogram whole (the month facet's own filter).
  r.filters = {{"date", "2025-11"}};
  r.disjunctive_facets = true;
  res = run_search(db, r);
  CHECK(ids(res).size() == 2);
  CHECK(res.facets[0].values.size() == 2);

  r = request("");
  r.facets = {"speaker", "place"};
  r.facet_search = {{"speaker", "RUB"}};
  r.facet_limits = {{"place", 1}};
  res = run_search(db, r);
  REQUIRE(res.facets[0].values.size() == 1);
  CHECK(res.facets[0].values[0].value == "Marco Rubio");
  CHECK(res.facets[0].values[0].count == 2);
  CHECK(res.facets[1].values.size() == 1);
  r.facet_search = {{"speaker", "blair"}};
  CHECK(run_search(db, r).facets[0].values[0].value == "Tony Blair");
  r.facet_search = {{"speaker", "ony"}};  // a word's start, not its middle
  CHECK(run_search(db, r).facets[0].values.empty());
}

TEST_CASE("search: bad facets and filters are usage errors", "[search]") {
  Xapian::Database db = test::make_sample_db();
  SearchRequest r = request("peace");
  r.facets = {"title"};
  CHECK_THROWS_WITH(
      run_search(db, r),
      "unknown facet 'title' (facets: speaker,person,org,place,country,source,year,month)");
  CHECK_THROWS_AS(parse_filter("speaker"), UsageError);
  CHECK_THROWS_AS(parse_filter("=x"), UsageError);
  CHECK_THROWS_AS(parse_filter("speaker= "), UsageError);
  // Every field can be a filter (FIELD=VALUE is FIELD:"VALUE").
  CHECK(parse_filter("title=x").field == "title");
  CHECK_THROWS_WITH(parse_filter("colour=red"),
                    "--filter 'colour=red': cannot filter on 'colour' (filters: "
                    "title,body,quote,speaker,person,org,place,country,source,year,date)");
  FilterSpec f = parse_filter("speaker=Marco Rubio=x");
  CHECK(f.field == "speaker");
  CHECK(f.value == "Marco Rubio=x");
  r.facets.clear();
  r.filters = {{"date", "2025-13"}};
  CHECK_THROWS_AS(run_search(db, r), QueryError);
}

TEST_CASE("search: spelling suggestion when few hits", "[search]") {
  test::TempDir dir;
  Xapian::Database db = test::make_sample_db(dir.path("db"));
  SearchResult r = run_search(db, request("ceasfire"));
  CHECK(r.hits.empty());
  REQUIRE(r.suggestion);
  CHECK(*r.suggestion == "ceasefire");
  CHECK_FALSE(run_search(db, request("ceasefire")).suggestion);
  // A rare word among common ones is still corrected.
  r = run_search(db, request("ceasfire talks"));
  REQUIRE(r.suggestion);
  CHECK(*r.suggestion == "ceasefire talks");
  // In quotes mode too, where the query's words are quote:'s (XQ).
  SearchRequest quoted = request("ceasfire talks");
  quoted.quotes = true;
  r = run_search(db, quoted);
  CHECK(r.hits.empty());
  REQUIRE(r.suggestion);
  CHECK(*r.suggestion == "ceasefire talks");
  // Common words that a filter leaves without hits: nothing to correct.
  SearchRequest none = request("ceasefire talks");
  none.filters = {{"year", "1999"}};
  r = run_search(db, none);
  CHECK(r.hits.empty());
  CHECK_FALSE(r.suggestion);
}

TEST_CASE("search_databases searches several databases as one", "[search]") {
  test::TempDir dir;
  {
    test::TestDbWriter one(dir.path("one"));
    one.add(test::sample_articles()[0]);
    one.db().commit();
    test::TestDbWriter two(dir.path("two"));
    two.add(test::sample_articles()[1]);
    two.db().commit();
  }
  SearchResult r = search_databases({dir.path("one"), dir.path("two")}, request("ceasefire"));
  CHECK(r.estimate == 2);
  CHECK_THROWS_AS(search_databases({dir.path("missing")}, request("x")), IndexMissing);
}

namespace {

// Articles that tie: the same words and date (equal BM25 scores and dates),
// plus a few that do not, with quotes (quote ties stay in one article).
std::vector<test::TestArticle> tie_articles() {
  std::vector<test::TestArticle> out;
  for (int i = 0; i < 12; ++i) {
    test::TestArticle a;
    a.id = "t" + std::to_string(i);
    a.title = "Ceasefire talks";
    a.body = i % 4 == 0 ? "Talks on a ceasefire went on into the night, with progress."
                        : "Talks on a ceasefire went on.";
    a.date = i % 3 == 0 ? "2025-11-20" : "2025-11-21";
    a.source = "Wire";
    if (i % 5 == 0) a.quotes = {{"Marco Rubio", "The ceasefire talks went on"}, {"", "Talks."}};
    out.push_back(a);
  }
  // Duplicate stories: the same text under two ids (a wire that files a
  // story twice), tying on score, date and content hash: the id decides.
  for (const char* id : {"dup-b", "dup-a", "dup-c"}) {
    test::TestArticle a;
    a.id = id;
    a.title = "Ceasefire talks";
    a.body = "Talks on a ceasefire went on, a wire said.";
    a.date = "2025-11-21";
    a.source = "Wire";
    a.quotes = {{"Marco Rubio", "The ceasefire talks went on"}, {"", "Talks went on."}};
    out.push_back(a);
  }
  return out;
}

// The content hash of a test article: one for all the duplicate stories.
std::string tie_hash(const test::TestArticle& a) {
  return a.id.starts_with("dup-") ? "same-story" : "";
}

std::vector<std::pair<std::string, double>> ranked(const SearchResult& r) {
  std::vector<std::pair<std::string, double>> out;
  for (const Hit& h : r.hits) out.emplace_back(h.data.value("id", ""), h.score);
  return out;
}

}  // namespace

TEST_CASE("shards give the results of one database: order, scores, ties, totals, facets",
          "[search][shards]") {
  test::TempDir dir;
  std::vector<test::TestArticle> all = tie_articles();
  {
    test::TestDbWriter one(dir.path("one"));
    // The duplicates share one content hash (tie_hash).
    for (const auto& a : all) one.add(a, tie_hash(a));
    one.db().commit();
    // Three shards, filled in another order than the single database.
    std::vector<std::unique_ptr<test::TestDbWriter>> shards;
    for (int s = 0; s < 3; ++s)
      shards.push_back(std::make_unique<test::TestDbWriter>(dir.path("s" + std::to_string(s))));
    for (std::size_t i = all.size(); i-- > 0;) shards[(i * 7) % 3]->add(all[i], tie_hash(all[i]));
    for (auto& w : shards) w->db().commit();
  }
  std::ofstream(dir.path("stub")) << "# three shards\nauto s0\n\nauto " << dir.path("s1")
                                  << "\nauto s2\n";
  for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kDate}) {
    for (const char* q : {"ceasefire", "ceasefire progress", "", "speaker:\"Marco Rubio\""}) {
      for (bool quotes : {false, true}) {
        for (auto [offset, limit] : {std::pair{0u, 100u}, {0u, 3u}, {2u, 4u}, {5u, 1u}}) {
          SearchRequest r = request(q);
          r.sort = sort;
          r.quotes = quotes;
          r.offset = offset;
          r.limit = limit;
          r.facets = {"speaker", "year"};
          SearchResult single = search_databases({dir.path("one")}, r);
          SearchResult sharded = search_databases({dir.path("stub")}, r);
          INFO("query '" << q << "' sort " << int(sort) << " quotes " << quotes << " offset "
                         << offset << " limit " << limit);
          CHECK(ranked(sharded) == ranked(single));
          CHECK(sharded.estimate == single.estimate);
          CHECK(sharded.exact == single.exact);
          REQUIRE(sharded.facets.size() == 2);
          for (std::size_t f = 0; f < 2; ++f) {
            CHECK(sharded.facets[f].values.size() == single.facets[f].values.size());
            for (std::size_t v = 0; v < single.facets[f].values.size(); ++v) {
              CHECK(sharded.facets[f].values[v].value == single.facets[f].values[v].value);
              CHECK(sharded.facets[f].values[v].count == single.facets[f].values[v].count);
            }
          }
          CHECK(sharded.shards_searched == 3);
          CHECK_FALSE(sharded.partial());
        }
      }
    }
  }
  // The ties are real (equal scores on one date), and pages join up.
  SearchRequest r = request("ceasefire");
  r.limit = 100;
  SearchResult whole = search_databases({dir.path("stub")}, r);
  REQUIRE(whole.hits.size() == 15);
  CHECK(whole.hits[1].score == whole.hits[2].score);
  // The duplicates come in id order, one after the other, in shards as in
  // one database (checked above); and their quotes in article order.
  Ids dups;
  for (const Hit& h : whole.hits)
    if (h.data.value("id", "").starts_with("dup-")) dups.push_back(h.data.value("id", ""));
  CHECK(dups == Ids{"dup-a", "dup-b", "dup-c"});
  r.quotes = true;
  r.query = "went";
  Ids dup_q0, dup_q1;
  for (const Hit& h : search_databases({dir.path("stub")}, r).hits) {
    std::string id = h.data.value("id", "");
    if (id.starts_with("dup-")) (id.ends_with("#q0") ? dup_q0 : dup_q1).push_back(id);
  }
  CHECK(dup_q0 == Ids{"dup-a#q0", "dup-b#q0", "dup-c#q0"});
  CHECK(dup_q1 == Ids{"dup-a#q1", "dup-b#q1", "dup-c#q1"});
  r = request("ceasefire");
  r.limit = 100;
  std::vector<std::pair<std::string, double>> paged;
  for (Xapian::doccount off = 0; off < 15; off += 5) {
    r.offset = off;
    r.limit = 5;
    for (auto& h : ranked(search_databases({dir.path("stub")}, r))) paged.push_back(h);
  }
  CHECK(paged == ranked(whole));
  // --sort date: newest first, relevance within a date.
  r = request("ceasefire progress OR ceasefire");
  r.sort = SortOrder::kDate;
  r.limit = 100;
  SearchResult by_date = search_databases({dir.path("stub")}, r);
  for (std::size_t i = 1; i < by_date.hits.size(); ++i) {
    std::string d0 = by_date.hits[i - 1].data.value("date", ""),
                d1 = by_date.hits[i].data.value("date", "");
    CHECK(d0 >= d1);
    if (d0 == d1) CHECK(by_date.hits[i - 1].score >= by_date.hits[i].score);
  }
}

TEST_CASE("expand_shards: tcp addresses, stub files, folders with XAPIANDB", "[search][shards]") {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path("idx/shard0"));
  std::filesystem::create_directories(dir.path("idx/shard1"));
  std::ofstream(dir.path("idx/XAPIANDB")) << "auto shard0\nauto shard1\n";
  std::ofstream(dir.path("stub")) << "# comment\n"
                                  << "auto idx\n"
                                  << "remote search1:33333\n"
                                  << "remote [::1]:4000\n"
                                  << "remote :xapian-progsrv /db\n";
  std::vector<Shard> shards = expand_shards({dir.path("stub"), "tcp://10.0.0.7:7000"});
  REQUIRE(shards.size() == 6);
  CHECK(shards[0].path == dir.path("idx/shard0"));
  CHECK(shards[1].path == dir.path("idx/shard1"));
  CHECK(shards[2].name == "tcp://search1:33333");
  CHECK((shards[2].host == "search1" && shards[2].port == 33333 && shards[2].remote()));
  CHECK((shards[3].host == "::1" && shards[3].name == "tcp://[::1]:4000"));
  CHECK((shards[4].program == "xapian-progsrv" && shards[4].args == "/db"));
  CHECK((shards[5].host == "10.0.0.7" && shards[5].port == 7000));
  // A folder without XAPIANDB is one database.
  CHECK(expand_shards({dir.path("idx/shard0")}).size() == 1);
  CHECK_THROWS_AS(expand_shards({"tcp://host"}), UsageError);
  CHECK_THROWS_AS(expand_shards({"tcp://host:0"}), UsageError);
  CHECK_THROWS_AS(expand_shards({"tcp://:80"}), UsageError);
  std::ofstream(dir.path("bad")) << "auto idx\nremote\n";
  CHECK_THROWS_WITH(expand_shards({dir.path("bad")}), Catch::Contains(":2: Bad line"));
  std::ofstream(dir.path("loop")) << "auto loop\n";
  CHECK_THROWS_WITH(expand_shards({dir.path("loop")}), Catch::Contains("nested"));
}

TEST_CASE("open_shards: an unreachable shard is named, or left out with allow_partial",
          "[search][shards]") {
  test::TempDir dir;
  {
    test::TestDbWriter one(dir.path("one"));
    for (const auto& a : test::sample_articles()) one.add(a);
    one.db().commit();
  }
  // Port 1 on the loopback: nothing listens there (connection refused).
  const std::string down = "tcp://127.0.0.1:1";
  CHECK_THROWS_WITH(search_databases({dir.path("one"), down}, request("ceasefire")),
                    Catch::StartsWith("shard tcp://127.0.0.1:1 is not reachable: "));
  SearchRequest r = request("ceasefire");
  r.allow_partial = true;
  SearchResult partial = search_databases({dir.path("one"), down}, r);
  CHECK(partial.partial());
  REQUIRE(partial.missing_shards.size() == 1);
  CHECK(partial.missing_shards[0].first == down);
  CHECK(partial.shards_searched == 1);
  CHECK(ranked(partial) == ranked(search_databases({dir.path("one")}, request("ceasefire"))));
  nlohmann::ordered_json j = format_json(partial);
  CHECK(j["partial"] == true);
  CHECK(j["missing_shards"][0]["shard"] == down);
  CHECK(format_text(partial, false).find("(partial: 1 of 2 shards not searched)") !=
        std::string::npos);
  CHECK_THROWS_AS(search_databases({down}, r), ShardUnreachable);
}

TEST_CASE("open_shards: shards of another language or schema are named", "[search][shards]") {
  test::TempDir dir;
  {
    test::TestDbWriter one(dir.path("one"));
    one.add(test::sample_articles()[0]);
    one.db().commit();
    test::TestDbWriter fr(dir.path("fr"));
    fr.add(test::sample_articles()[1]);
    fr.db().set_metadata(kLanguageKey, "french");
    fr.db().commit();
    test::TestDbWriter old(dir.path("old"));
    old.add(test::sample_articles()[2]);
    old.db().set_metadata(kSchemaVersionKey, "0");
    old.db().commit();
  }
  CHECK_THROWS_WITH(open_shards({dir.path("one"), dir.path("fr")}),
                    Catch::StartsWith(dir.path("fr") + " was indexed with --lang french"));
  CHECK_THROWS_AS(open_shards({dir.path("one"), dir.path("old")}), SchemaMismatch);
  CHECK_THROWS_WITH(open_shards({dir.path("one"), dir.path("old")}),
                    Catch::StartsWith(dir.path("old")));
}

TEST_CASE("format_json: versioned shape", "[format]") {
  Xapian::Database db = test::make_sample_db();
  SearchRequest r = request("\"general election\"");
  r.facets = {"speaker"};
  nlohmann::ordered_json j = format_json(run_search(db, r));
  CHECK(j["version"] == 1);
  CHECK(j["query"] == "\"general election\"");
  CHECK(j["type"] == "article");
  CHECK(j["total"]["estimate"] == 2);
  CHECK(j["total"]["exact"] == true);
  CHECK(j["offset"] == 0);
  CHECK(j["limit"] == 10);
  CHECK(j["suggestion"].is_null());
  REQUIRE(j["hits"].size() == 2);
  const nlohmann::ordered_json& hit = j["hits"][0];
  for (const char* key : {"rank", "id", "type", "score", "title", "date", "source", "url", "path",
                          "speakers", "places", "snippet", "highlights"})
    CHECK(hit.contains(key));
  CHECK_FALSE(hit.contains("body"));
  CHECK(hit["rank"] == 1);
  CHECK(hit["type"] == "article");
  // Highlights are code-point ranges of the snippet.
  REQUIRE(hit["highlights"].size() >= 1);
  std::string snippet = hit["snippet"];
  auto h = hit["highlights"][0];
  CHECK(snippet.substr(h[0], std::size_t(h[1]) - std::size_t(h[0])) == "general election");
  // a1 and a3 match, with four speakers between them: ties by name.
  CHECK(j["facets"]["speaker"].size() == 4);
  CHECK(j["facets"]["speaker"][0]["value"] == "Marco Rubio");
  CHECK(j["facets"]["speaker"][0]["count"] == 1);

  SearchRequest q = request("progress");
  q.quotes = true;
  nlohmann::ordered_json jq = format_json(run_search(db, q));
  CHECK(jq["type"] == "quote");
  const nlohmann::ordered_json& qh = jq["hits"][0];
  CHECK(qh["type"] == "quote");
  CHECK(qh["speaker"] == "Marco Rubio");
  CHECK(qh["speakers"] == nlohmann::ordered_json::array({"Marco Rubio"}));
  CHECK(qh["speaker_kind"] == "person");
  CHECK(qh["speaker_kinds"] == nlohmann::ordered_json::array({"person"}));
  CHECK(qh["text"] == "We made progress on the peace plan");
  CHECK(qh["article"] == "a1");
  CHECK(qh["kind"] == "direct");
  CHECK(qh["cue"] == "said");
  // The article's fields, which the quote document does not store: read from
  // the article's data.
  CHECK(qh["id"] == "a1#q0");
  CHECK(qh["title"] == "Rubio meets Lavrov on Ukraine peace plan");
  CHECK(qh["date"] == "2025-11-20");
  CHECK(qh["source"] == "Reuters");
  CHECK(qh["path"] == "/corpus/a1.txt");
  CHECK(qh["places"] == nlohmann::ordered_json::array({"Kyiv", "Moscow"}));
}

TEST_CASE("format_text: hits, facets, total", "[format]") {
  Xapian::Database db = test::make_sample_db();
  SearchRequest r = request("lavrov");
  r.facets = {"speaker", "place"};
  r.facet_limit = 2;
  std::string text = format_text(run_search(db, r), false);
  CHECK(text ==
        "1. Rubio meets Lavrov on Ukraine peace plan (2025-11-20, Reuters)\n"
        "   a1 (/corpus/a1.txt)\n"
        "   speakers: Marco Rubio, Sergei Lavrov, Volodymyr Zelensky  places: Kyiv, Moscow\n"
        "   Secretary of State Marco Rubio met Sergei Lavrov. The general election in the US "
        "was not discussed. Talks on a ceasefire continue & progress is slow.\n"
        "\n"
        "speaker: Marco Rubio (1), Sergei Lavrov (1)\n"
        "\n"
        "place: Kyiv (1), Moscow (1)\n"
        "\n"
        "1 result\n");
  std::string bold = format_text(run_search(db, r), true);
  CHECK(bold.find("\x1b[1mLavrov\x1b[0m") != std::string::npos);
  CHECK(format_text(run_search(db, request("nothingmatches")), false).empty());

  SearchRequest q = request("progress");
  q.quotes = true;
  CHECK(format_text(run_search(db, q), false) ==
        "1. Marco Rubio: \u201cWe made progress on the peace plan\u201d \u2014 "
        "Rubio meets Lavrov on Ukraine peace plan, 2025-11-20\n"
        "   Reuters \u00b7 a1#q0 (/corpus/a1.txt)\n"
        "\n"
        "1 result\n");
}

TEST_CASE("cli: options become a request", "[cli]") {
  auto parse = [](std::vector<std::string> args) {
    auto opts = std::make_unique<CliOptions>();
    CLI::App app;
    setup_cli(app, *opts);
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
    return opts;
  };
  auto o = parse({"--quotes", "--facet", "speaker", "ceasefire", "now"});
  SearchRequest r = make_request(*o);
  CHECK(r.query == "ceasefire now");
  CHECK(r.quotes);
  CHECK(r.facets == std::vector<std::string>{"speaker"});
  CHECK_FALSE(r.expand);
  CHECK(make_request(*parse({"--expand", "ceasefire"})).expand);

  o = parse({"--db", "a.db", "--db", "b.db", "--filter", "place=Kyiv", "--filter", "year=2025",
             "--facet", "speaker, place", "--sort", "date", "-n", "3", "peace"});
  r = make_request(*o);
  CHECK(db_paths(*o) == std::vector<std::string>{"a.db", "b.db"});
  CHECK(r.query == "peace");
  CHECK(r.filters.size() == 2);
  CHECK(r.facets == std::vector<std::string>{"speaker", "place"});
  CHECK(r.sort == SortOrder::kDate);
  // --facet repeated: every one counts (not only the last).
  CHECK(make_request(*parse({"--facet", "speaker", "--facet", "place,year", "x"})).facets ==
        std::vector<std::string>{"speaker", "place", "year"});
  CHECK(r.limit == 3);

  // Filters or facets alone search everything; nothing at all is an error.
  CHECK(make_request(*parse({"--facet", "year"})).query.empty());
  CHECK_THROWS_AS(make_request(*parse({})), UsageError);
  CHECK_THROWS_WITH(
      make_request(*parse({"--facet", "speakers", "x"})),
      "unknown facet 'speakers' (facets: speaker,person,org,place,country,source,year,month)");
  r = make_request(*parse({"--facet", "speaker:3,place", "--facet-search", "speaker:rub", "x"}));
  CHECK(r.facets == std::vector<std::string>{"speaker", "place"});
  CHECK(r.facet_limits == std::map<std::string, std::size_t>{{"speaker", 3}});
  CHECK(r.facet_search == std::map<std::string, std::string>{{"speaker", "rub"}});
  CHECK_FALSE(r.disjunctive_facets);
  CHECK(make_request(*parse({"--disjunctive-facets", "x"})).disjunctive_facets);
  CHECK_THROWS_AS(make_request(*parse({"--facet", "speaker:0", "x"})), UsageError);
  CHECK_THROWS_AS(make_request(*parse({"--facet", "speaker:x", "x"})), UsageError);
  CHECK_THROWS_AS(make_request(*parse({"--facet-search", "speaker:rub", "x"})), UsageError);
  CHECK_THROWS_AS(make_request(*parse({"--facet", "speaker", "--facet-search", "rub", "x"})),
                  UsageError);
  CHECK_THROWS_AS(parse({"--sort", "size", "x"}), CLI::ValidationError);
  CHECK_THROWS_AS(parse({"--color", "sometimes", "x"}), CLI::ValidationError);

  // "auto" also reads NO_COLOR and TERM (terminal_test.cc): a plain terminal.
  setenv("TERM", "xterm", 1);
  unsetenv("NO_COLOR");
  CHECK(use_color("auto", true));
  CHECK_FALSE(use_color("auto", false));
  CHECK(use_color("always", false));
  CHECK_FALSE(use_color("never", true));

  // --help documents every field from the schema table.
  std::string help = query_help();
  for (const Field& f : fields()) CHECK(help.find(std::string(f.name) + ":") != std::string::npos);
}

TEST_CASE("search: the total does not depend on the page", "[search]") {
  // 857 matches of 3000 articles: more than kCheckAtLeast, so the page's
  // match stops before the last; the total is still the exact count,
  // whatever --limit and --offset.
  test::TestDbWriter w;
  Xapian::doccount both = 0;
  for (int i = 0; i < 3000; ++i) {
    both += (i % 6 == 0 || i % 7 == 0);
    std::string body = "filler words here";
    if (i % 2 == 0) body += " alpha";
    if (i % 3 == 0) body += " beta";
    if (i % 7 == 0) body += " alpha alpha beta";
    w.add({"x" + std::to_string(i), "Title", body, "2025-01-02", "", {}, {}, {}, {}});
  }
  std::vector<std::pair<Xapian::doccount, bool>> totals;
  for (auto [offset, limit] : {std::pair{0u, 1u}, {0u, 10u}, {0u, 50u}, {5u, 20u}, {100u, 3u}}) {
    SearchRequest r = request("alpha beta");
    r.offset = offset;
    r.limit = limit;
    SearchResult res = run_search(w.db(), r);
    INFO("offset " << offset << " limit " << limit);
    CHECK(res.exact);
    CHECK(res.estimate == both);
    totals.emplace_back(res.estimate, res.exact);
  }
  for (const auto& t : totals) CHECK(t == totals.front());
  // Counting every match (--limit 0, or facets) is exact.
  SearchRequest count = request("alpha beta");
  count.limit = 0;
  SearchResult all = run_search(w.db(), count);
  CHECK(all.exact);
  CHECK(all.estimate == both);
}

TEST_CASE("search: a query of exclusions only excludes", "[search]") {
  Xapian::Database db = test::make_sample_db();
  for (const char* q : {"-blair", "NOT blair", "(-blair)"})
    CHECK(ids(run_search(db, request(q))) == Ids{"a2", "a1", "a5"});
  CHECK(ids(run_search(db, request("-blair -lavrov"))) == Ids{"a2", "a5"});
  CHECK(ids(run_search(db, request("-speaker:blair -place:kyiv"))) == Ids{"a5"});
  CHECK(ids(run_search(db, request("peace (-blair)"))) ==
        ids(run_search(db, request("peace -blair"))));
}

TEST_CASE("search: field:(a OR b) applies the field to the group", "[search]") {
  Xapian::Database db = test::make_sample_db();
  auto sorted = [](Ids v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  CHECK(sorted(ids(run_search(db, request("place:(moscow OR brussels)")))) == Ids{"a1", "a2"});
  CHECK(sorted(ids(run_search(db, request("speaker:(lavrov OR brown)")))) == Ids{"a1", "a4"});
  CHECK(sorted(ids(run_search(db, request("title:(ceasefire OR economy)")))) == Ids{"a2", "a4"});
  CHECK(ids(run_search(db, request("speaker:(tony -brown)"))) == Ids{"a3"});
}

TEST_CASE("search: speaker:word finds every speaker with that word", "[search]") {
  test::TestDbWriter w;
  w.add({"x1", "One", "Text one", "2025-01-02", "", {"Gordon Brown"}, {}, {}, {}});
  w.add({"x2", "Two", "Text two", "2025-01-03", "", {"Brown"}, {}, {}, {}});
  w.add({"x3", "Three", "Text three", "2025-01-04", "", {"Nick Brown"}, {}, {}, {}});
  auto found = [&](const std::string& q) {
    Ids v = ids(run_search(w.db(), request(q)));
    std::sort(v.begin(), v.end());
    return v;
  };
  // A speaker called just "Brown" must not hide the others.
  CHECK(found("speaker:brown") == Ids{"x1", "x2", "x3"});
  CHECK(found("speaker:Brown") == Ids{"x1", "x2", "x3"});
  CHECK(found("speaker:\"Gordon Brown\"") == Ids{"x1"});
  CHECK(found("speaker:\"gordon brown\"") == Ids{"x1"});
}

TEST_CASE("search: people and organisations told apart", "[search]") {
  test::TestDbWriter w;
  // Rubio the person, and an organisation with his name in it.
  w.add({"k1", "One", "Text one", "2025-01-02", "", {"Marco Rubio"}, {}, {}, {}, {"Pentagon"}});
  w.add({"k2", "Two", "Text two", "2025-01-03", "", {}, {}, {}, {}, {"Rubio Group"}});
  w.add({"k3", "Three", "Text three", "2025-01-04", "", {"Kaja Kallas"}, {}, {}, {}, {"Pentagon"}});
  w.add({"k4",
         "Four",
         "Text four",
         "2025-01-05",
         "",
         {"Pete Hegseth"},
         {},
         {},
         {{"Pete Hegseth", "Fine"}}});
  auto found = [&](const std::string& q) {
    Ids v = ids(run_search(w.db(), request(q)));
    std::sort(v.begin(), v.end());
    return v;
  };
  CHECK(found("speaker:rubio") == Ids{"k1", "k2"});
  CHECK(found("person:rubio") == Ids{"k1"});
  CHECK(found("org:rubio") == Ids{"k2"});
  CHECK(found("org:pentagon") == Ids{"k1", "k3"});
  CHECK(found("person:pentagon").empty());
  CHECK(found("org:\"Rubio Group\"") == Ids{"k2"});
  CHECK(found("person:\"Marco Rubio\"") == Ids{"k1"});
  CHECK(found("person:(kallas OR hegseth)") == Ids{"k3", "k4"});
  SearchRequest f = request("");
  f.filters = {{"org", "pentagon"}};
  CHECK(ids(run_search(w.db(), f)).size() == 2);
  f.filters = {{"person", "Pentagon"}};
  CHECK(ids(run_search(w.db(), f)).empty());

  // Facets: speaker = both kinds, each value with its kind; person, org one.
  SearchRequest r = request("");
  r.facets = {"speaker", "person", "org"};
  SearchResult res = run_search(w.db(), r);
  REQUIRE(res.facets.size() == 3);
  auto values = [](const FacetResult& fr) {
    std::vector<std::string> out;
    for (const FacetValue& v : fr.values)
      out.push_back(fmt::format("{} {} {}", v.value, v.kind, v.count));
    return out;
  };
  CHECK(values(res.facets[0]) ==
        std::vector<std::string>{"Pentagon organization 2", "Kaja Kallas person 1",
                                 "Marco Rubio person 1", "Pete Hegseth person 1",
                                 "Rubio Group organization 1"});
  CHECK(values(res.facets[1]) == std::vector<std::string>{"Kaja Kallas person 1",
                                                          "Marco Rubio person 1",
                                                          "Pete Hegseth person 1"});
  CHECK(values(res.facets[2]) ==
        std::vector<std::string>{"Pentagon organization 2", "Rubio Group organization 1"});
  nlohmann::ordered_json j = format_json(res);
  CHECK(j["facets"]["speaker"][0] ==
        nlohmann::ordered_json({{"value", "Pentagon"}, {"count", 2}, {"kind", "organization"}}));
  CHECK(j["facets"]["person"][0]["kind"] == "person");
  // Article hits list their speakers' kinds in order.
  SearchRequest one = request("\"text one\"");
  nlohmann::ordered_json hit = format_json(run_search(w.db(), one))["hits"][0];
  CHECK(hit["speakers"] == nlohmann::ordered_json({"Marco Rubio", "Pentagon"}));
  CHECK(hit["speaker_kinds"] == nlohmann::ordered_json({"person", "organization"}));
  // Text: organisations marked in the speaker facet, not in the org facet.
  r.facets = {"speaker", "org"};
  r.limit = 0;
  std::string text = format_text(run_search(w.db(), r), false);
  CHECK(text.find("speaker: Pentagon [org] (2), Kaja Kallas (1)") != std::string::npos);
  CHECK(text.find("org: Pentagon (2), Rubio Group (1)") != std::string::npos);
  // Quote hits: an unnamed source is marked as such, a person is not.
  SearchRequest q = request("anchorage OR progress");
  q.quotes = true;
  std::string quotes = format_text(run_search(test::make_sample_db(), q), false);
  CHECK(quotes.find("he [unnamed]: \u201cThe spirit of Anchorage") != std::string::npos);
  CHECK(quotes.find("Marco Rubio: \u201cWe made progress") != std::string::npos);
}

TEST_CASE("search: places and countries by any name", "[search]") {
  test::TestDbWriter w;
  w.add({"iq", "One", "Text", "2025-01-02", "", {}, {"Baghdād"}, {"IQ"}, {}});
  w.add({"ua", "Two", "Text", "2025-01-03", "", {}, {"Kyiv"}, {"UA"}, {}});
  w.add({"gb", "Three", "Text", "2025-01-04", "", {}, {"United Kingdom", "London"}, {"GB"}, {}});
  w.add({"us", "Four", "Text", "2025-01-05", "", {}, {"United States"}, {"US"}, {}});
  w.add({"cu", "Five", "Text", "2025-01-06", "", {}, {"Guantánamo"}, {"CU"}, {}});
  auto found = [&](const std::string& q) { return ids(run_search(w.db(), request(q))); };
  CHECK(found("place:baghdad") == Ids{"iq"});
  CHECK(found("place:Baghdād") == Ids{"iq"});
  CHECK(found("place:kiev") == Ids{"ua"});
  CHECK(found("place:guantanamo") == Ids{"cu"});
  CHECK(found("place:britain") == Ids{"gb"});
  CHECK(found("place:uk") == Ids{"gb"});
  CHECK(found("country:uk") == Ids{"gb"});
  CHECK(found("country:britain") == Ids{"gb"});
  CHECK(found("country:gb") == Ids{"gb"});
  CHECK(found("country:usa") == Ids{"us"});
  CHECK(found("country:\"United States\"") == Ids{"us"});
  CHECK(found("country:ukrainian") == Ids{"ua"});
  CHECK_THROWS_WITH(found("country:narnia"), Catch::Contains("unknown country 'narnia'"));
  // The words of a field fold diacritics too, also for names the gazetteer
  // lacks.
  w.add({"pl",
         "Six",
         "Text",
         "2025-01-07",
         "Głos Wolny",
         {"Recep Tayyip Erdoğan"},
         {"Żabnica Dolna"},
         {"PL"},
         {}});
  CHECK(found("speaker:erdogan") == Ids{"pl"});
  CHECK(found("speaker:Erdoğan") == Ids{"pl"});
  CHECK(found("place:zabnica") == Ids{"pl"});
  CHECK(found("source:glos") == Ids{"pl"});
  // Romanian comma-below letters (UTF-8 lead byte C8) fold too.
  w.add({"ro", "Seven", "Text", "2025-01-08", "Ziarul", {"Ștefan Țiriac"}, {}, {}, {}});
  CHECK(found("speaker:stefan") == Ids{"ro"});
  CHECK(found("speaker:tiriac") == Ids{"ro"});
  // --filter reads values the same way.
  SearchRequest r = request("");
  r.filters = {parse_filter("place=kiev")};
  CHECK(ids(run_search(w.db(), r)) == Ids{"ua"});
  r.filters = {parse_filter("country=uk")};
  CHECK(ids(run_search(w.db(), r)) == Ids{"gb"});
}

TEST_CASE("search: --filter FIELD=VALUE is FIELD:VALUE", "[search]") {
  Xapian::Database db = test::make_sample_db();
  for (const char* spec : {"speaker=blair", "speaker=Tony Blair", "speaker=tony blair",
                           "place=kyiv", "source=bbc", "source=BBC News", "year=2005",
                           "date=2025-11", "country=gb", "title=election", "speaker=rub*"}) {
    std::string s = spec;
    std::size_t eq = s.find('=');
    std::string value = s.substr(eq + 1);
    std::string q =
        s.substr(0, eq) + ":" + (value.find(' ') != std::string::npos ? '"' + value + '"' : value);
    SearchRequest f = request("");
    f.filters = {parse_filter(spec)};
    INFO(spec << " vs " << q);
    Ids a = ids(run_search(db, f)), b = ids(run_search(db, request(q)));
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    CHECK_FALSE(a.empty());
    CHECK(a == b);
  }
  // Bad values are refused as in a query, naming the filter.
  SearchRequest bad = request("");
  bad.filters = {parse_filter("year=two")};
  CHECK_THROWS_WITH(run_search(db, bad), Catch::Contains("--filter year=two: year:two: a year is"));
}

TEST_CASE("search_databases: the same database named twice is searched once", "[search]") {
  test::TempDir dir;
  test::make_sample_db(dir.path("db"));
  std::filesystem::create_directory(dir.path("sub"));
  std::ofstream(dir.path("stub")) << "auto db\n";
  SearchResult once = search_databases({dir.path("db")}, request("blair"));
  for (std::vector<std::string> paths : {std::vector<std::string>{dir.path("db"), dir.path("db")},
                                         {dir.path("db"), dir.path("sub") + "/../db"},
                                         {dir.path("stub"), dir.path("db")}}) {
    SearchResult r = search_databases(paths, request("blair"));
    CHECK(ids(r) == ids(once));
    CHECK(r.estimate == once.estimate);
    CHECK(r.shards_searched == 1);
  }
}
