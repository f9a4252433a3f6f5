// whosaid-eval: scores extraction on annotated news and prints the figures
// as one JSON object (issue 3):
//   --polnear DIR   quotes and speakers on PolNeAR (eval_polnear.h)
//   --conll FILE    place spans on CoNLL-2003 (eval_places.h)
//   --reuters FILE  document countries on Reuters-21578 (eval_places.h)
// Without options, all three on their default paths under ../shared/data
// next to the source tree; a default data set that is missing is reported
// as {"skipped": "..."}, a path given explicitly must exist.
#include <filesystem>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "eval_places.h"
#include "eval_polnear.h"

namespace {

constexpr const char* kProgram = "whosaid-eval";

std::string shared_data(const std::string& rel) {
#ifdef WHOSAID_DATA_DIR
  return (std::filesystem::path(WHOSAID_DATA_DIR) / ".." / ".." / "shared" / "data" / rel)
      .lexically_normal()
      .string();
#else
  return "../shared/data/" + rel;
#endif
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Score quote, speaker and place extraction on annotated news (JSON output)."};
  app.name(kProgram);
  std::string polnear, conll, reuters;
  app.add_option("--polnear", polnear, "PolNeAR-format folder (text/ + attributions/)");
  app.add_option("--conll", conll, "CoNLL-2003 file (e.g. eng.testa)");
  app.add_option("--reuters", reuters, "Reuters-21578 articles.tsv");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  bool all = polnear.empty() && conll.empty() && reuters.empty();
  try {
    nlohmann::json out = nlohmann::json::object();
    auto run = [&](const char* key, std::string path, const std::string& rel, auto fn) {
      bool given = !path.empty();
      if (!given && !all) return;
      if (!given) path = shared_data(rel);
      if (!given && !std::filesystem::exists(path)) {
        out[key] = {{"skipped", "no data at " + path}};
        return;
      }
      out[key] = fn(path);
    };
    run("polnear", polnear, "polnear/dev", whosaid::eval_polnear);
    run("conll", conll, "conll2003-ner/eng.testa", whosaid::eval_conll);
    run("reuters", reuters, "reuters21578/articles.tsv", whosaid::eval_reuters);
    fmt::print("{}\n", out.dump(2));
    return 0;
  } catch (const whosaid::Error& e) {
    fmt::print(stderr, "{}: {}\n", kProgram, e.what());
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: {}\n", kProgram, e.what());
  }
  return 1;
}
