// whosaid-train-attribution: trains the attribution tagger
// (indexer/extract/quotes/attribution_tagger.h) on PolNeAR-format data
// (text/<doc>.txt and brat attributions/<doc>_<annotator>.ann, one
// annotator per article: the alphabetically first, as whosaid-eval scores)
// and writes the model. With --dev, prints the tagger's own span figures
// on that data (exact-match F1 of source, cue and content spans of the
// tags, before the rules are merged in). Only hashed feature ids and
// weights go into the model, never article text. Deterministic: a fixed
// shuffle seed. scripts/train_attribution.sh runs it on
// ../shared/data/polnear/train.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "core/error.h"
#include "indexer/extract/quotes/attribution_tagger.h"
#include "indexer/extract/quotes/quotes.h"
#include "indexer/extract/text/tokens.h"
#include "indexer/extract/training/attribution_training.h"
#include "indexer/extract/training/polnear.h"

namespace fs = std::filesystem;
using namespace whosaid;

namespace {

constexpr const char* kProgram = "whosaid-train-attribution";

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Error("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<AttributionExample> load(const std::string& dir) {
  fs::path text_dir = fs::path(dir) / "text", ann_dir = fs::path(dir) / "attributions";
  std::error_code ec;
  if (!fs::is_directory(text_dir, ec) || !fs::is_directory(ann_dir, ec))
    throw Error("no PolNeAR data at " + dir + " (expected text/ and attributions/)");
  std::map<std::string, fs::path> ann_for;
  for (const auto& e : fs::directory_iterator(ann_dir)) {
    std::string name = e.path().filename().string();
    std::size_t us = name.rfind('_');
    if (!name.ends_with(".ann") || us == std::string::npos) continue;
    std::string doc = name.substr(0, us);
    auto it = ann_for.find(doc);
    if (it == ann_for.end() || e.path().filename() < it->second.filename()) ann_for[doc] = e.path();
  }
  std::vector<AttributionExample> docs;
  for (const auto& [doc, ann] : ann_for) {
    fs::path tp = text_dir / (doc + ".txt");
    if (!fs::exists(tp)) continue;
    AttributionExample d;
    d.tt = tokenize(read_all(tp));
    d.rules = find_rule_attributions(d.tt);
    d.gold = tags_from_spans(d.tt, parse_polnear_ann(read_all(ann)));
    docs.push_back(std::move(d));
  }
  return docs;
}

// The spans of TAGS: (role, begin, end), role 1 source, 2 cue, 3 content.
std::set<std::tuple<int, std::size_t, std::size_t>> spans(const std::vector<std::uint8_t>& tags) {
  std::set<std::tuple<int, std::size_t, std::size_t>> out;
  for (std::size_t k = 0; k < tags.size();) {
    if (tags[k] == kTagO) { ++k; continue; }
    int role = (tags[k] + 1) / 2;
    std::size_t e = k + 1;
    while (e < tags.size() && tags[e] != kTagO && tags[e] % 2 == 0 && (tags[e] + 1) / 2 == role) ++e;
    out.emplace(role, k, e);
    k = e;
  }
  return out;
}

// Exact-match F1 of the tagger's source, cue and content spans on DEV.
void print_dev(const AttributionTagger& tagger, const std::vector<AttributionExample>& dev) {
  std::size_t found[4] = {}, gold[4] = {}, right[4] = {};
  for (const AttributionExample& d : dev) {
    auto g = spans(d.gold), p = spans(tagger.tag(d.tt, d.rules));
    for (const auto& s : g) ++gold[std::get<0>(s)];
    for (const auto& s : p) {
      ++found[std::get<0>(s)];
      if (g.count(s)) ++right[std::get<0>(s)];
    }
  }
  const char* names[4] = {"", "source", "cue", "content"};
  for (int r = 1; r <= 3; ++r) {
    double pr = found[r] ? double(right[r]) / found[r] : 0, rc = gold[r] ? double(right[r]) / gold[r] : 0;
    fmt::print(stderr, "dev {} spans: P {:.3f} R {:.3f} F1 {:.3f} ({} of {})\n", names[r], pr, rc,
               pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0.0, right[r], gold[r]);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Trains the attribution tagger on PolNeAR-format data", kProgram};
  std::string train_dir, dev_dir, out_path;
  int epochs = 6;
  float min_weight = 0.05f, o_bias = 0;
  std::size_t min_count = 1;
  std::vector<int> snapshots;
  app.add_option("--train", train_dir, "folder with text/ and attributions/")->required();
  app.add_option("--dev", dev_dir, "folder in the same form: print the tagger's span figures on it");
  app.add_option("--out", out_path, "model file to write")->required();
  app.add_option("--epochs", epochs, "passes over the training data")->check(CLI::Range(1, 50));
  app.add_option("--min-count", min_count, "ignore features seen fewer times");
  app.add_option("--min-weight", min_weight,
                 "drop features whose largest averaged weight is below this");
  app.add_option("--o-bias", o_bias, "bias against the O tag at tagging time, kept in the model");
  app.add_option(
      "--snapshot", snapshots,
      "also write the model after these epochs to OUT.e<N> (to pick --epochs on held-out data)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    auto t0 = std::chrono::steady_clock::now();
    std::vector<AttributionExample> docs = load(train_dir);
    std::size_t tokens = 0;
    for (const auto& d : docs) tokens += d.gold.size();
    AttributionTrainer trainer;
    for (const auto& d : docs) trainer.count(d);
    std::size_t kept = trainer.freeze(min_count);
    fmt::print(stderr, "{}: {} articles, {} tokens, {} features\n", kProgram, docs.size(), tokens,
               kept);
    const std::string comment = fmt::format(
        "whosaid attribution tagger: averaged-perceptron weights over hashed features\n"
        "rebuilt by scripts/train_attribution.sh ({} epochs, min-weight {}, o-bias {})",
        epochs, min_weight, o_bias);
    auto write = [&](const std::string& path) {
      std::ofstream out(path, std::ios::binary);
      out << trainer.model(comment, min_weight, o_bias);
      if (!out) throw Error("cannot write " + path);
    };
    std::mt19937 rng(20261125);
    std::vector<std::size_t> order(docs.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    for (int e = 0; e < epochs; ++e) {
      std::shuffle(order.begin(), order.end(), rng);
      std::size_t errors = 0;
      for (std::size_t i : order) errors += trainer.train(docs[i]);
      fmt::print(stderr, "epoch {}: token error {:.4f}\n", e + 1, double(errors) / tokens);
      if (std::find(snapshots.begin(), snapshots.end(), e + 1) != snapshots.end())
        write(out_path + ".e" + std::to_string(e + 1));
    }
    write(out_path);
    AttributionTagger tagger = AttributionTagger::parse(read_all(out_path), out_path);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    fmt::print(stderr, "wrote {}: {} features in {:.0f} s\n", out_path, tagger.feature_count(), secs);
    if (!dev_dir.empty()) print_dev(tagger, load(dev_dir));
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: {}\n", kProgram, e.what());
    return 1;
  }
}
