// Search end to end on a small database: ranking and sorting, filters,
// offset/limit, article vs quote documents, facets, totals, spelling
// suggestions; then the text and JSON output and the command line.
#include "searcher/search.h"

#include <catch2/catch.hpp>

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

TEST_CASE("search: bad facets and filters are usage errors", "[search]") {
  Xapian::Database db = test::make_sample_db();
  SearchRequest r = request("peace");
  r.facets = {"title"};
  CHECK_THROWS_WITH(run_search(db, r),
                    "unknown facet 'title' (facets: speaker,place,country,source,year)");
  CHECK_THROWS_AS(parse_filter("speaker"), UsageError);
  CHECK_THROWS_AS(parse_filter("=x"), UsageError);
  CHECK_THROWS_AS(parse_filter("speaker= "), UsageError);
  CHECK_THROWS_WITH(parse_filter("title=x"),
                    "--filter 'title=x': cannot filter on 'title' (filters: "
                    "speaker,place,country,source,year,date)");
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
  CHECK(qh["text"] == "We made progress on the peace plan");
  CHECK(qh["article"] == "a1");
  CHECK(qh["kind"] == "direct");
  CHECK(qh["cue"] == "said");
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

  o = parse({"--db", "a.db", "--db", "b.db", "--filter", "place=Kyiv", "--filter", "year=2025",
             "--facet", "speaker, place", "--sort", "date", "-n", "3", "peace"});
  r = make_request(*o);
  CHECK(db_paths(*o) == std::vector<std::string>{"a.db", "b.db"});
  CHECK(r.query == "peace");
  CHECK(r.filters.size() == 2);
  CHECK(r.facets == std::vector<std::string>{"speaker", "place"});
  CHECK(r.sort == SortOrder::kDate);
  CHECK(r.limit == 3);

  // Filters or facets alone search everything; nothing at all is an error.
  CHECK(make_request(*parse({"--facet", "year"})).query.empty());
  CHECK_THROWS_AS(make_request(*parse({})), UsageError);
  CHECK_THROWS_WITH(make_request(*parse({"--facet", "speakers", "x"})),
                    "unknown facet 'speakers' (facets: speaker,place,country,source,year)");
  CHECK_THROWS_AS(parse({"--sort", "size", "x"}), CLI::ValidationError);
  CHECK_THROWS_AS(parse({"--color", "sometimes", "x"}), CLI::ValidationError);

  CHECK(use_color("auto", true));
  CHECK_FALSE(use_color("auto", false));
  CHECK(use_color("always", false));
  CHECK_FALSE(use_color("never", true));

  // --help documents every field from the schema table.
  std::string help = query_help();
  for (const Field& f : fields()) CHECK(help.find(std::string(f.name) + ":") != std::string::npos);
}
