// whosaid-extract: prints what the indexer would extract from articles,
// without a database: quotations with their kind, cue, span and speaker,
// and places. Reads files and folders as whosaid-index does (text files,
// JSON Lines, JSON, HTML pages, "-" for JSON Lines on standard input). With --json, one JSON
// object per article per line (indexer/extract_json.h):
//   {"id","title","path","quotes":[{"text","start","end","kind","cue",
//    "speaker":{"name","canonical","kind","role","start","end","confidence","rule",
//               "organization"}}],
//    "places":[{"name","country","start","end"}],"speakers":[...],"countries":[...],
//    "entities":[{"type","text","start","end"}]}
// Spans are Unicode code-point offsets into the article's input text (the
// whole file for a text file, the title, a blank line and the body for an
// HTML page, the body for JSON Lines and JSON), end exclusive.
// With --timing, prints instead the CPU time of each extraction stage per
// article to standard error (each stage run on its own, on every article).
#include <chrono>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/cli_help.h"
#include "core/error.h"
#include "indexer/data_dir.h"
#include "indexer/extract/extract.h"
#include "indexer/extract/places/places.h"
#include "indexer/extract/quotes/quotes.h"
#include "indexer/extract/speakers/speakers.h"
#include "indexer/extract/text/tokens.h"
#include "indexer/extract_json.h"
#include "indexer/inputs.h"

namespace {

constexpr const char* kProgram = "whosaid-extract";

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

// Thread CPU time in seconds.
double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// --timing: every stage of Extractor::extract() run on its own, timed.
struct StageTimes {
  static constexpr const char* kNames[] = {
      "places: gazetteer + rules (find_by_rules)", "places: entity tagger + combine (find - find_by_rules)",
      "quotes: tokenize", "quotes: rules (find_rule_attributions)",
      "quotes: attribution tagger (find_attributions - rules)", "speakers: resolve_speakers",
      "whole: Extractor::extract",
      // find() runs the entity tagger, the one pass Extractor::extract()
      // makes: this is the same work, timed alone (cold caches).
      "entities: entity tagger alone (tag_entities, within places above)"};
  static constexpr int kCount = sizeof kNames / sizeof kNames[0];
  double seconds[kCount] = {};
  std::size_t articles = 0;
  std::size_t bytes = 0;

  void run(const whosaid::Extractor& extractor, whosaid::Article& a) {
    using namespace whosaid;
    const std::string& text = a.text.empty() ? a.body : a.text;
    const PlaceFinder& finder = shared_place_finder();
    ++articles;
    bytes += text.size();
    double te = cpu_now();
    std::vector<EntityMention> entities = extractor.tag_entities(text);
    double t_entities = cpu_now() - te;
    double t0 = cpu_now();
    std::vector<PlaceMention> by_rules = finder.find_by_rules(text);
    double t1 = cpu_now();
    std::vector<bool> confirmed;
    std::vector<EntityMention> place_entities;
    std::vector<PlaceMention> places = finder.find(text, &confirmed, &place_entities);
    double t2 = cpu_now();
    TokenizedText tt = tokenize(text);
    double t3 = cpu_now();
    std::vector<Attribution> rules = find_rule_attributions(tt);
    double t4 = cpu_now();
    std::vector<Attribution> attrs = find_attributions(tt);
    double t5 = cpu_now();
    std::vector<SpeakerMention> speakers =
        resolve_speakers(tt, attrs, extractor.aliases(), places, &entities);
    double t6 = cpu_now();
    extractor.extract(a);
    double t7 = cpu_now();
    seconds[7] += t_entities;
    seconds[0] += t1 - t0;
    seconds[1] += (t2 - t1) - (t1 - t0);
    seconds[2] += t3 - t2;
    seconds[3] += t4 - t3;
    seconds[4] += (t5 - t4) - (t4 - t3);
    seconds[5] += t6 - t5;
    seconds[6] += t7 - t6;
  }

  void print() const {
    fmt::print(stderr, "{} articles, {:.1f} KB/article; CPU ms/article by stage:\n", articles,
               articles ? bytes / 1024.0 / articles : 0.0);
    double n = articles ? static_cast<double>(articles) : 1.0;
    for (int k = 0; k < kCount; ++k)
      fmt::print(stderr, "  {:8.3f}  {}\n", seconds[k] * 1000 / n, kNames[k]);
  }
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Print the quotes, speakers and places whosaid-index would extract."};
  app.name(kProgram);
  std::vector<std::string> paths;
  bool json = false;
  bool timing = false;
  app.add_flag("--json", json, "One JSON object per article and line");
  app.add_flag("--timing", timing,
               "Print the CPU time of each extraction stage per article (to standard error) "
               "instead of what is extracted");
  app.add_option("FILE", paths,
                 "Articles: text files, HTML pages, JSON Lines or JSON files, folders, - for stdin");
  app.set_version_flag("--version", std::string(kProgram) + " " + WHOSAID_VERSION);
  app.formatter(std::make_shared<whosaid::HelpFormatter>());
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    fmt::print(stderr, "{}: {}\nRun '{} --help' for the options.\n", kProgram,
               whosaid::parse_error_message(e), kProgram);
    return 2;
  }
  if (paths.empty()) {
    fmt::print(stderr,
               "{}: no FILE given: name the articles to read (text files, HTML pages, JSON Lines, "
               "folders, - for JSON Lines on standard input)\nRun '{} --help' for the options.\n",
               kProgram, kProgram);
    return 2;
  }
  try {
    whosaid::Extractor extractor{whosaid::load_aliases()};
    bool failed = false;
    StageTimes times;
    whosaid::InputSink sink;
    sink.article = [&](whosaid::Article&& a, const std::string& /*raw_hash*/) {
      if (timing) {
        times.run(extractor, a);
        return true;
      }
      extractor.extract(a);
      if (json)
        fmt::print("{}\n", whosaid::article_json(a).dump());
      else
        fmt::print("{}\n", format_text(a));
      return true;
    };
    sink.issue = [&](whosaid::InputIssue&& i) {
      if (i.kind == whosaid::InputIssue::Kind::kIgnored) return true;
      if (i.kind == whosaid::InputIssue::Kind::kNotice) {
        fmt::print(stderr, "{}: {}\n", kProgram, i.message);
        return true;
      }
      fmt::print(stderr, "{}: warning: {}: {}\n", kProgram, i.where, i.message);
      if (i.kind == whosaid::InputIssue::Kind::kSkipped) failed = true;
      return true;
    };
    whosaid::read_inputs(paths, std::cin, sink);
    if (timing) times.print();
    return failed ? 1 : 0;
  } catch (const whosaid::Error& e) {
    fmt::print(stderr, "{}: {}\n", kProgram, e.what());
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: {}\n", kProgram, e.what());
  }
  return 1;
}
