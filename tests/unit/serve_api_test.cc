#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "serve/api.h"
#include "serve/assets.h"

using whosaid::serve::Api;
using whosaid::serve::HttpError;
using whosaid::serve::Params;
using whosaid::serve::search_options;

namespace {

int status_of(const Params& p) {
  try {
    search_options(p);
    return 200;
  } catch (const HttpError& e) {
    return e.status;
  }
}

}  // namespace

TEST_CASE("serve: search parameters are whosaid's options", "[serve]") {
  whosaid::CliOptions o = search_options({{"q", "peace talks"},
                                          {"quotes", "1"},
                                          {"facet", "speaker,place"},
                                          {"facet", "year"},
                                          {"facet_limit", "20"},
                                          {"filter", "place=Kyiv"},
                                          {"filter", "speaker:Marco Rubio"},
                                          {"sort", "date"},
                                          {"offset", "10"},
                                          {"limit", "5"}});
  CHECK(o.words == std::vector<std::string>{"peace talks"});
  CHECK(o.quotes);
  CHECK(o.facets == std::vector<std::string>{"speaker,place", "year"});
  CHECK(o.facet_limit == 20);
  // FIELD:VALUE is FIELD=VALUE; a value may hold '=' or ':' after the field.
  CHECK(o.filters == std::vector<std::string>{"place=Kyiv", "speaker=Marco Rubio"});
  CHECK(o.sort == "date");
  CHECK(o.offset == 10);
  CHECK(o.limit == 5);
  CHECK(search_options({{"filter", "source=A: B"}}).filters ==
        std::vector<std::string>{"source=A: B"});
  // Defaults are whosaid's.
  whosaid::CliOptions d = search_options({});
  CHECK(d.words.empty());
  CHECK(d.limit == 10);
  CHECK(d.offset == 0);
  CHECK_FALSE(d.quotes);
  CHECK(d.disjunctive_facets);  // a page's facets are multi-select
  CHECK_FALSE(search_options({{"disjunctive", "0"}}).disjunctive_facets);
  CHECK(search_options({{"quotes", "0"}}).quotes == false);
  CHECK(search_options({{"q", ""}}).words.empty());
}

TEST_CASE("serve: from and to are a date filter", "[serve]") {
  CHECK(search_options({{"from", "2025-11"}, {"to", "2025-12-01"}}).filters ==
        std::vector<std::string>{"date=2025-11..2025-12-01"});
  CHECK(search_options({{"from", "2025"}}).filters == std::vector<std::string>{"date=2025.."});
  CHECK(search_options({{"to", "2024"}}).filters == std::vector<std::string>{"date=..2024"});
  CHECK(search_options({{"from", "2025-11"}, {"to", "2025-11"}}).filters ==
        std::vector<std::string>{"date=2025-11"});
}

TEST_CASE("serve: bad search parameters are 400, long ones 414", "[serve]") {
  CHECK(status_of({{"lmit", "5"}}) == 400);
  CHECK(status_of({{"q", "a"}, {"q", "b"}}) == 400);
  CHECK(status_of({{"limit", "101"}}) == 400);
  CHECK(status_of({{"limit", "100"}}) == 200);
  CHECK(status_of({{"limit", "-1"}}) == 400);
  CHECK(status_of({{"limit", "1e3"}}) == 400);
  CHECK(status_of({{"limit", ""}}) == 400);
  CHECK(status_of({{"offset", "10001"}}) == 400);
  CHECK(status_of({{"offset", "99999999999999999999999"}}) == 400);
  CHECK(status_of({{"facet_limit", "1001"}}) == 400);
  CHECK(status_of({{"quotes", "maybe"}}) == 400);
  CHECK(status_of({{"sort", "random"}}) == 400);
  CHECK(status_of({{"q", "\xff\xfe"}}) == 400);
  CHECK(status_of({{"q\xc3", "a"}}) == 400);
  CHECK(status_of({{"q", std::string(whosaid::serve::kMaxQueryBytes, 'a')}}) == 200);
  CHECK(status_of({{"q", std::string(whosaid::serve::kMaxQueryBytes + 1, 'a')}}) == 414);
  Params filters;
  for (int i = 0; i < 64; ++i) filters.emplace_back("filter", "speaker=x" + std::to_string(i));
  CHECK(status_of(filters) == 200);
  filters.emplace_back("filter", "speaker=one too many");
  CHECK(status_of(filters) == 400);
  CHECK(status_of({{"facet", std::string(16, ',') + "speaker"}}) == 400);
  Params many(whosaid::serve::kMaxParameters + 1, {"facet", "speaker"});
  CHECK(status_of(many) == 400);
}

TEST_CASE("serve: routes, methods and assets", "[serve]") {
  // No database is opened for these.
  Api api({{"/nonexistent/whosaid-serve-test-db"}, false});
  auto error = [](const whosaid::serve::Response& r) {
    return nlohmann::json::parse(r.body)["error"];
  };
  whosaid::serve::Response r = api.handle("POST", "/api/search", {});
  CHECK(r.status == 405);
  CHECK(error(r)["status"] == 405);
  REQUIRE(r.headers.size() == 1);
  CHECK(r.headers[0].second == "GET, HEAD");
  CHECK(api.handle("GET", "/nope", {}).status == 404);
  CHECK(api.handle("GET", "/../CMakeLists.txt", {}).status == 404);
  CHECK(api.handle("GET", "/./index.html", {}).status == 404);
  CHECK(api.handle("GET", "/api/article/", {}).status == 404);
  // The index is missing: 503, naming it.
  r = api.handle("GET", "/api/search", {{"q", "a"}});
  CHECK(r.status == 503);
  CHECK(error(r)["code"] == "no_index");
  CHECK(error(r)["message"].get<std::string>().find("/nonexistent/whosaid-serve-test-db") !=
        std::string::npos);
  // A bad parameter is refused before the index is opened.
  CHECK(api.handle("GET", "/api/search", {{"limit", "x"}}).status == 400);
  r = api.handle("HEAD", "/", {});
  CHECK(r.status == 200);
  CHECK(r.content_type == "text/html; charset=utf-8");
  CHECK(r.body == whosaid::serve::find_asset("index.html")->data);
  CHECK(api.handle("GET", "/index.html", {}).body == r.body);
}

TEST_CASE("serve: content types", "[serve]") {
  using whosaid::serve::content_type;
  CHECK(content_type("index.html") == "text/html; charset=utf-8");
  CHECK(content_type("app.js") == "text/javascript; charset=utf-8");
  CHECK(content_type("style.css") == "text/css; charset=utf-8");
  CHECK(content_type("logo.svg") == "image/svg+xml");
  CHECK(content_type("blob") == "application/octet-stream");
}
