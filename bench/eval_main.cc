// whosaid-eval: scores what whosaid-extract --json and whosaid --quotes
// --json print on annotated news, and prints the figures as one JSON object
// with a key per measure (eval_sets.h, eval_score.h):
//   polnear       PolNeAR dev: source exact/overlap and content overlap P/R/F1
//   quotespeaker  PolNeAR dev: per-quote speaker accuracy and coverage
//   speakers      PolNeAR dev: article speaker sets (persons) P/R/F1
//   conll         CoNLL-2003 eng.testa: LOC from the places; PER/ORG/LOC/MISC
//                 from "entities" when it is printed
//   reuters       Reuters-21578: document countries, and precision at recall >= 0.95
//   whosaidit     who-said-it dev: top-1 speaker through a real index of BBC + Reuters
// The figures are computed as ../shared/tools/score_extract.py computes them
// (bench/eval_agree.sh checks that the two agree). Without options, every
// measure on its default data under ../shared/data next to the source tree;
// a default data set that is missing is reported as {"skipped": "..."}, a
// path given explicitly must exist. Naming data picks the measures that use
// it, --sets picks measures by name.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "core/error.h"
#include "eval_sets.h"
#include "indexer/data_dir.h"
#include "indexer/extract/extract.h"

namespace {

namespace fs = std::filesystem;
constexpr const char* kProgram = "whosaid-eval";
const char* const kSets[] = {"polnear", "quotespeaker", "speakers",
                             "conll",   "reuters",      "whosaidit"};

std::string shared_data(const std::string& rel) {
#ifdef WHOSAID_DATA_DIR
  return (fs::path(WHOSAID_DATA_DIR) / ".." / ".." / "shared" / "data" / rel)
      .lexically_normal()
      .string();
#else
  return "../shared/data/" + rel;
#endif
}

// A scratch folder, removed on exit.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "whosaid-eval-XXXXXX").string();
    if (!mkdtemp(tmpl.data()))
      throw whosaid::Error("cannot create a folder in " + fs::temp_directory_path().string());
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Score what whosaid-extract and whosaid --quotes print on annotated news (JSON output)."};
  app.name(kProgram);
  std::string polnear, conll, reuters, bbc, cases, sets, db, bin_dir;
  app.add_option("--polnear", polnear,
                 "PolNeAR folder (dev/text, dev.attributions.tsv, dev-speakers.tsv, "
                 "dev-speakers-articles.tsv): polnear, quotespeaker, speakers");
  app.add_option("--conll", conll, "CoNLL-2003 file (e.g. eng.testa): conll");
  app.add_option("--reuters", reuters, "Reuters-21578 articles.tsv: reuters, whosaidit");
  app.add_option("--bbc", bbc, "BBC News folder (bbc-news/bbc): whosaidit");
  app.add_option("--who-said-it", cases, "who-said-it cases (who-said-it/dev.tsv): whosaidit");
  app.add_option("--sets", sets,
                 "measures to run, comma-separated: polnear,quotespeaker,speakers,conll,reuters,"
                 "whosaidit (default: those whose data is named, else all)");
  app.add_option("--db", db,
                 "whosaidit's index: built here when the folder is missing or empty, else reused "
                 "(default: a temporary one)");
  app.add_option("--bin-dir", bin_dir,
                 "folder of whosaid-index and whosaid (default: whosaid-eval's own)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  std::set<std::string> want;
  if (!sets.empty()) {
    std::istringstream in(sets);
    for (std::string s; std::getline(in, s, ',');) {
      if (std::find(std::begin(kSets), std::end(kSets), s) == std::end(kSets)) {
        fmt::print(stderr,
                   "{}: --sets: no measure named '{}': use polnear, quotespeaker, speakers, conll, "
                   "reuters or whosaidit\n",
                   kProgram, s);
        return 2;
      }
      want.insert(s);
    }
  } else {
    if (!polnear.empty()) want.insert({"polnear", "quotespeaker", "speakers"});
    if (!conll.empty()) want.insert("conll");
    if (!reuters.empty()) want.insert("reuters");
    if (!cases.empty() || !bbc.empty()) want.insert("whosaidit");
    if (want.empty()) want.insert(std::begin(kSets), std::end(kSets));
  }
  try {
    if (bin_dir.empty()) bin_dir = fs::read_symlink("/proc/self/exe").parent_path().string();
    TempDir work;
    whosaid::Extractor extractor{whosaid::load_aliases()};
    nlohmann::json out = nlohmann::json::object();
    // Runs measure KEY when wanted, with its data paths (given, else the
    // defaults): skipped when a default path is missing.
    auto run = [&](const char* key, std::vector<std::pair<std::string*, std::string>> paths,
                   auto fn) {
      if (!want.count(key)) return;
      for (auto& [given, rel] : paths) {
        if (!given->empty()) {
          if (!fs::exists(*given))
            throw whosaid::Error(fmt::format("{}: no such file or folder (for {})", *given, key));
          continue;
        }
        std::string def = shared_data(rel);
        if (!fs::exists(def)) {
          out[key] = {{"skipped", "no data at " + def}};
          return;
        }
      }
      auto path = [&](std::size_t i) {
        return paths[i].first->empty() ? shared_data(paths[i].second) : *paths[i].first;
      };
      out[key] = fn(path);
    };
    namespace ev = whosaid::eval;
    auto polnear_file = [&](auto path, const char* name) {
      return (fs::path(path(0)) / name).string();
    };
    run("polnear", {{&polnear, "polnear"}}, [&](auto path) {
      return ev::eval_polnear(extractor, polnear_file(path, "dev/text"),
                              polnear_file(path, "dev.attributions.tsv"));
    });
    run("quotespeaker", {{&polnear, "polnear"}}, [&](auto path) {
      return ev::eval_quotespeaker(extractor, polnear_file(path, "dev/text"),
                                   polnear_file(path, "dev.attributions.tsv"),
                                   polnear_file(path, "dev-speakers.tsv"));
    });
    run("speakers", {{&polnear, "polnear"}}, [&](auto path) {
      return ev::eval_speakers(extractor, polnear_file(path, "dev/text"),
                               polnear_file(path, "dev-speakers-articles.tsv"));
    });
    run("conll", {{&conll, "conll2003-ner/eng.testa"}},
        [&](auto path) { return ev::eval_conll(extractor, path(0), work.path); });
    run("reuters", {{&reuters, "reuters21578/articles.tsv"}},
        [&](auto path) { return ev::eval_reuters(extractor, path(0), work.path); });
    run("whosaidit",
        {{&bbc, "bbc-news/bbc"},
         {&reuters, "reuters21578/articles.tsv"},
         {&cases, "who-said-it/dev.tsv"}},
        [&](auto path) {
          fs::path index = db.empty() ? work.path / "db" : fs::path(db);
          return ev::eval_whosaidit(bin_dir, path(0), path(1), path(2), index, work.path);
        });
    fmt::print("{}\n", out.dump(2));
    return 0;
  } catch (const whosaid::Error& e) {
    fmt::print(stderr, "{}: {}\n", kProgram, e.what());
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: {}\n", kProgram, e.what());
  }
  return 1;
}
