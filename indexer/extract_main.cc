// whosaid-extract: prints what the indexer would extract from articles,
// without a database: quotations with their kind, cue, span and speaker,
// and places. Reads files and folders as whosaid-index does (text files,
// JSON Lines, "-" for JSON Lines on standard input). With --json, one JSON
// object per article per line:
//   {"id","title","path","quotes":[{"text","start","end","kind","cue",
//    "speaker":{"name","canonical","kind","role","start","end"}}],
//    "places":[{"name","country","start","end"}],"speakers":[...]}
// Spans are Unicode code-point offsets into the article's input text (the
// whole file for a text file, the body for JSON Lines), end exclusive.
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "indexer/extract.h"
#include "indexer/inputs.h"

namespace {

constexpr const char* kProgram = "whosaid-extract";

nlohmann::json article_json(const whosaid::Article& a) {
  nlohmann::json quotes = nlohmann::json::array();
  for (const auto& q : a.quotes) {
    const auto& s = q.speaker;
    quotes.push_back({{"text", q.text},
                      {"start", q.start},
                      {"end", q.end},
                      {"kind", q.kind},
                      {"cue", q.cue},
                      {"speaker",
                       {{"name", s.name},
                        {"canonical", s.canonical},
                        {"kind", s.kind},
                        {"role", s.role},
                        {"start", s.start},
                        {"end", s.end}}}});
  }
  nlohmann::json places = nlohmann::json::array();
  for (const auto& p : a.place_mentions)
    places.push_back({{"name", p.name}, {"country", p.country}, {"start", p.start}, {"end", p.end}});
  return {{"id", a.id},         {"title", a.title},       {"path", a.path},
          {"quotes", quotes},   {"places", places},       {"speakers", a.speakers},
          {"countries", a.countries}};
}

std::string format_text(const whosaid::Article& a) {
  std::string out = fmt::format("{}\n  {}\n", a.title, a.path.empty() ? a.id : a.path);
  for (const auto& q : a.quotes) {
    const auto& s = q.speaker;
    std::string who = s.canonical.empty() ? s.name : s.canonical;
    if (s.kind == "unnamed") who = "(" + who + ")";
    if (!s.role.empty()) who += ", " + s.role;
    out += fmt::format("  [{}-{}] {} {} ({}): “{}”\n", q.start, q.end, who,
                       q.cue.empty() ? "-" : q.cue, q.kind, q.text);
  }
  if (!a.place_mentions.empty()) {
    out += "  places:";
    for (const auto& p : a.place_mentions)
      out += fmt::format(" {}{}", p.name, p.country.empty() ? "" : " (" + p.country + ")");
    out += "\n";
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Print the quotes, speakers and places whosaid-index would extract."};
  app.name(kProgram);
  std::vector<std::string> paths;
  bool json = false;
  app.add_flag("--json", json, "One JSON object per article and line");
  app.add_option("FILE", paths, "Articles: text files, .jsonl files, folders, - for stdin")
      ->required();
  app.set_version_flag("--version", std::string(kProgram) + " 0.1.0");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    whosaid::Extractor extractor;
    bool failed = false;
    whosaid::InputSink sink;
    sink.article = [&](whosaid::Article&& a) {
      extractor.extract(a);
      if (json)
        fmt::print("{}\n", article_json(a).dump());
      else
        fmt::print("{}\n", format_text(a));
      return true;
    };
    sink.issue = [&](whosaid::InputIssue&& i) {
      if (i.kind == whosaid::InputIssue::Kind::kIgnored) return true;
      fmt::print(stderr, "{}: warning: {}: {}\n", kProgram, i.where, i.message);
      if (i.kind == whosaid::InputIssue::Kind::kSkipped) failed = true;
      return true;
    };
    whosaid::read_inputs(paths, std::cin, sink);
    return failed ? 1 : 0;
  } catch (const whosaid::Error& e) {
    fmt::print(stderr, "{}: {}\n", kProgram, e.what());
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: {}\n", kProgram, e.what());
  }
  return 1;
}
