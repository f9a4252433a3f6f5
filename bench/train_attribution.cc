// whosaid-train-attribution: trains the attribution tagger
// (indexer/extract/quotes/attribution_tagger.h) on PolNeAR-format data (text/<doc>.txt and
// brat attributions/<doc>_<annotator>.ann, one annotator per article: the
// alphabetically first, as whosaid-eval scores) and writes the model. Only
// feature strings and weights go into the model, never article text.
// scripts/train_attribution.sh runs it on ../shared/data/polnear/train.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench/eval_polnear.h"
#include "core/error.h"
#include "indexer/extract/quotes/attribution_tagger.h"
#include "indexer/extract/quotes/quotes.h"
#include "indexer/extract/text/tokens.h"

namespace fs = std::filesystem;
using namespace whosaid;

namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Error("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Doc {
  TokenizedText tt;
  std::vector<Attribution> rules;
  std::vector<std::uint8_t> gold;
};

std::vector<Doc> load(const std::string& dir) {
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
  std::vector<Doc> docs;
  for (const auto& [doc, ann] : ann_for) {
    fs::path tp = text_dir / (doc + ".txt");
    if (!fs::exists(tp)) continue;
    Doc d;
    d.tt = tokenize(read_all(tp));
    d.rules = find_rule_attributions(d.tt);
    d.gold = tags_from_spans(d.tt, parse_polnear_ann(read_all(ann)));
    docs.push_back(std::move(d));
  }
  return docs;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Trains the attribution tagger on PolNeAR-format data", "whosaid-train-attribution"};
  std::string train_dir, out_path;
  int epochs = 6;
  float min_weight = 0.05f;
  app.add_option("--train", train_dir, "folder with text/ and attributions/")->required();
  app.add_option("--out", out_path, "model file to write")->required();
  app.add_option("--epochs", epochs, "passes over the training data")->check(CLI::Range(1, 50));
  app.add_option("--min-weight", min_weight,
                 "drop features whose largest averaged weight is below this");
  float o_bias = 0;
  app.add_option("--o-bias", o_bias, "bias against the O tag at tagging time, kept in the model");
  std::vector<int> snapshots;
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
    std::vector<Doc> docs = load(train_dir);
    std::size_t tokens = 0;
    for (const Doc& d : docs) tokens += d.gold.size();
    std::cerr << "whosaid-train-attribution: " << docs.size() << " articles, " << tokens
              << " tokens\n";
    AttributionTagger tagger;
    std::mt19937 rng(20261125);
    std::vector<std::size_t> order(docs.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    for (int e = 0; e < epochs; ++e) {
      std::shuffle(order.begin(), order.end(), rng);
      std::size_t errors = 0;
      for (std::size_t i : order)
        errors += tagger.train(docs[i].tt, docs[i].rules, docs[i].gold, true);
      std::cerr << "epoch " << e + 1 << ": token error " << double(errors) / tokens << ", "
                << tagger.feature_count() << " features\n";
      if (std::find(snapshots.begin(), snapshots.end(), e + 1) != snapshots.end()) {
        AttributionTagger copy = tagger;
        copy.finish_training(min_weight);
        copy.set_o_bias(o_bias);
        std::string path = out_path + ".e" + std::to_string(e + 1);
        std::ofstream snap(path, std::ios::binary);
        snap << copy.serialize();
        if (!snap) throw Error("cannot write " + path);
      }
    }
    tagger.finish_training(min_weight);
    tagger.set_o_bias(o_bias);
    std::ofstream out(out_path, std::ios::binary);
    out << tagger.serialize();
    if (!out) throw Error("cannot write " + out_path);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cerr << "wrote " << out_path << ": " << tagger.feature_count() << " features in " << secs
              << " s\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "whosaid-train-attribution: " << e.what() << "\n";
    return 1;
  }
}
