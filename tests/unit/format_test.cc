// Output formats that need no database: tsv/csv/ids, JSON errors, text
// wrapping, and the --article view (searcher/format.h, article_view.h).
#include "searcher/format.h"

#include <catch2/catch.hpp>

#include "core/error.h"
#include "core/terminal.h"
#include "searcher/article_view.h"
#include "searcher/cli.h"

using namespace whosaid;

namespace {

Hit article_hit(int rank, nlohmann::json data) {
  Hit h;
  h.rank = rank;
  h.score = 1.5;
  data["type"] = "article";
  h.data = std::move(data);
  return h;
}

SearchResult two_hits() {
  SearchResult r;
  r.query = "q";
  r.estimate = 2;
  r.exact = true;
  r.limit = 10;
  r.hits.push_back(article_hit(1, {{"id", "a1"},
                                   {"title", "Tabs\tand, \"quotes\""},
                                   {"date", "2025-11-20"},
                                   {"source", "Wire"},
                                   {"url", "https://x/1"},
                                   {"path", "/c/a1.txt"},
                                   {"speakers", {"Marco Rubio", "Kaja Kallas"}},
                                   {"places", {"Kyiv"}}}));
  r.hits.push_back(article_hit(2, {{"id", "a2"}, {"title", "Line\nbreak \\ here"}}));
  return r;
}

}  // namespace

TEST_CASE("tsv_field: tab, newline, CR and backslash escaped", "[format]") {
  CHECK(tsv_field("plain") == "plain");
  CHECK(tsv_field("a\tb\nc\rd\\e") == "a\\tb\\nc\\rd\\\\e");
}

TEST_CASE("csv_field: RFC 4180 quoting", "[format]") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field("cr\r") == "\"cr\r\"");
  CHECK(csv_field(" edge") == "\" edge\"");
  CHECK(csv_field("") == "");
}

TEST_CASE("format_table: header row and one row per hit", "[format]") {
  SearchResult r = two_hits();
  std::string tsv = format_table(r, TableFormat::kTsv);
  CHECK(tsv ==
        "rank\tid\tscore\tdate\tsource\ttitle\turl\tspeakers\tplaces\tpath\n"
        "1\ta1\t1.5000\t2025-11-20\tWire\tTabs\\tand, \"quotes\"\thttps://x/1\t"
        "Marco Rubio; Kaja Kallas\tKyiv\t/c/a1.txt\n"
        "2\ta2\t1.5000\t\t\tLine\\nbreak \\\\ here\t\t\t\t\n");
  std::string csv = format_table(r, TableFormat::kCsv);
  CHECK(csv ==
        "rank,id,score,date,source,title,url,speakers,places,path\r\n"
        "1,a1,1.5000,2025-11-20,Wire,\"Tabs\tand, \"\"quotes\"\"\",https://x/1,"
        "Marco Rubio; Kaja Kallas,Kyiv,/c/a1.txt\r\n"
        "2,a2,1.5000,,,\"Line\nbreak \\ here\",,,,\r\n");
  r.quotes = true;
  CHECK(format_table(r, TableFormat::kTsv)
            .starts_with("rank\tid\tarticle\tscore\tdate\tspeaker\tkind\tcue\ttext\ttitle\tsource\t"
                         "url\tpath\n"));
  CHECK(format_ids(two_hits()) == "a1\na2\n");
}

TEST_CASE("error_json: version and code", "[format]") {
  CHECK(error_json("no_index", "no index at x").dump() ==
        R"({"version":1,"error":{"code":"no_index","message":"no index at x"}})");
}

TEST_CASE("format_text: long speaker and place lists are cut to the width", "[format]") {
  SearchResult r;
  r.estimate = 1;
  r.exact = true;
  std::vector<std::string> many;
  for (int i = 0; i < 40; ++i) many.push_back("Speaker Number " + std::to_string(i));
  Hit h = article_hit(1, {{"id", "a1"},
                          {"title", std::string(30, 'T') + " " + std::string(70, 'U')},
                          {"speakers", many},
                          {"places", many}});
  h.snippet.text = std::string(500, 'x').replace(100, 1, " ").replace(300, 1, " ");
  for (int i = 0; i < 30; ++i) h.snippet.text += " word";
  r.hits.push_back(h);
  std::string text = format_text(r, false, 80);
  std::size_t start = 0, longest = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    std::string_view line = std::string_view(text).substr(start, nl - start);
    // Only a single word longer than the width may exceed it.
    if (line.find(std::string(100, 'x')) == std::string_view::npos)
      longest = std::max(longest, display_width(line));
    start = nl + 1;
  }
  CHECK(longest <= 80);
  CHECK(text.find("   speakers: Speaker Number 0, ") != std::string::npos);
  INFO(text);
  CHECK(text.find(" more\n") != std::string::npos);
  // Without a width (0) nothing is cut.
  CHECK(format_text(r, false, 0).find("Speaker Number 39") != std::string::npos);
}

TEST_CASE("article view: quotes and places marked in the body", "[format][article]") {
  ArticleView v;
  v.data = {{"type", "article"},
            {"id", "a1"},
            {"title", "Talks"},
            {"date", "2025-11-20"},
            {"source", "Wire"},
            {"url", "https://x/1"},
            {"body", "Rubio said “peace in Kyiv is near” today.\n\nIn Moscow, silence."}};
  v.quotes.push_back({"a1#q0", "peace in Kyiv is near", "Marco Rubio", "direct", "said",
                      std::make_pair(std::size_t{12}, std::size_t{33}), "person"});
  v.quotes.push_back({"a1#q1", "in the title", "Someone", "indirect", "", std::nullopt, ""});
  v.places.push_back({"Kyiv", "UA", 21, 25});
  v.places.push_back({"Moscow", "RU", 46, 52});
  std::string text = format_article_text(v, false, 80);
  CHECK(
      text ==
      "Talks\n"
      "2025-11-20 \u00b7 Wire\n"
      "https://x/1\n"
      "id: a1\n"
      "\n"
      "Rubio said \u201c\u00abpeace in \u2039Kyiv\u203a is near\u00bb[1 Marco Rubio]\u201d today.\n"
      "\n"
      "In \u2039Moscow\u203a, silence.\n"
      "\n"
      "Quotes\n"
      "  [1] Marco Rubio (said, direct): \u201cpeace in Kyiv is near\u201d\n"
      "  [2] Someone (indirect): \u201cin the title\u201d\n"
      "\n"
      "Places: Kyiv (UA), Moscow (RU)\n");
  std::string color = format_article_text(v, true, 80);
  CHECK(color.find(
            "\x1b[1m\u00abpeace in \x1b[4mKyiv\x1b[24m is near\u00bb\x1b[22m[1 Marco Rubio]") !=
        std::string::npos);

  nlohmann::ordered_json j = format_article_json(v);
  CHECK(j["text"].get<std::string>() == v.data["body"].get<std::string>());
  CHECK(j["quotes"][0]["start"] == 12);
  CHECK(j["quotes"][0]["end"] == 33);
  CHECK(j["quotes"][1]["start"].is_null());
  CHECK(j["places"][1] ==
        nlohmann::ordered_json{{"name", "Moscow"}, {"country", "RU"}, {"start", 46}, {"end", 52}});
}

TEST_CASE("wants_json and output_format: --json, --format json", "[format][cli]") {
  auto wants = [](std::vector<const char*> args) {
    args.insert(args.begin(), "whosaid");
    return wants_json(static_cast<int>(args.size()), args.data());
  };
  CHECK(wants({"--json", "x"}));
  CHECK(wants({"--format", "json", "x"}));
  CHECK(wants({"--format=json", "x"}));
  CHECK_FALSE(wants({"--format", "tsv", "x"}));
  CHECK_FALSE(wants({"--", "--json"}));  // a query word after --
  CHECK_FALSE(wants({"x"}));

  auto format = [](CliOptions o, std::vector<const char*> args) {
    args.insert(args.begin(), "whosaid");
    return output_format(o, static_cast<int>(args.size()), args.data());
  };
  CliOptions o;
  CHECK(format(o, {"x"}) == "text");
  o.json = true;
  CHECK(format(o, {"--json", "x"}) == "json");
  o.format = "csv";  // both: the last wins
  CHECK(format(o, {"--json", "--format", "csv", "x"}) == "csv");
  CHECK(format(o, {"--format=csv", "--json", "x"}) == "json");
  o.json = false;
  CHECK(format(o, {"--format", "csv", "x"}) == "csv");
}
