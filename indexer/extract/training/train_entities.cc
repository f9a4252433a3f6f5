// whosaid-train-entities: trains the entity tagger's model
// (indexer/extract/entities/entity_tagger.h) on CoNLL-2003 and writes it:
//   whosaid-train-entities --train eng.train [--dev eng.testa]
//       [--unlabeled FILE ...] --out data/entity_tagger.model
// Each CoNLL document is rebuilt as text the way whosaid-eval does (tokens
// joined by spaces, one sentence a line), cut with the tagger's own
// tokenizer and tagged BILOU, so training sees what the tagger sees in an
// article. With --unlabeled, words are first clustered (exchange
// clustering, clusters.h) over those texts and the CoNLL training words;
// each word's cluster bit string goes into the model's vocabulary. With
// --dev, prints conlleval's phrase-level exact-match P/R/F1 per type and
// overall, scored on the code-point spans tag_entities() returns: the
// figure whosaid-extract's output gets. Deterministic: fixed seeds, fixed
// passes. The model holds hashed feature ids, weights and the cluster
// vocabulary only.
#include <algorithm>
#include <chrono>
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
#include "indexer/extract/entities/entity_tagger.h"
#include "indexer/extract/training/clusters.h"

namespace {

constexpr const char* kProgram = "whosaid-train-entities";

using whosaid::EntityType;
using whosaid::Error;

// A gold entity: code-point span in the rebuilt text, type.
using Gold = std::tuple<std::size_t, std::size_t, EntityType>;

// One CoNLL document: its rebuilt text, the words, and its entities.
struct Doc {
  std::string text;
  std::vector<std::string> words;
  std::vector<Gold> entities;
};

EntityType type_of(const std::string& tag) {
  if (tag.size() < 3) return EntityType::kNone;
  std::string t = tag.substr(2);
  return t == "LOC" ? EntityType::kLoc : t == "ORG" ? EntityType::kOrg
         : t == "PER" ? EntityType::kPer : t == "MISC" ? EntityType::kMisc : EntityType::kNone;
}

std::size_t code_points(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Reads a CoNLL-2003 file (IOB1 or IOB2: an entity starts at B or where the
// type changes).
std::vector<Doc> read_conll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("cannot read {} (is ../shared/data there?)", path));
  std::vector<Doc> docs(1);
  std::size_t cp = 0;
  EntityType open = EntityType::kNone;
  auto close = [&] { open = EntityType::kNone; };
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("-DOCSTART-", 0) == 0) {
      if (!docs.back().words.empty()) docs.emplace_back();
      cp = 0;
      close();
      continue;
    }
    Doc& d = docs.back();
    if (line.empty()) {
      if (!d.text.empty() && d.text.back() != '\n') { d.text += '\n'; ++cp; }
      close();
      continue;
    }
    std::istringstream fields(line);
    std::string token, pos, chunk, tag;
    if (!(fields >> token >> pos >> chunk >> tag))
      throw Error(fmt::format("{}: malformed line: {}", path, line));
    if (!d.text.empty() && d.text.back() != '\n') { d.text += ' '; ++cp; }
    const std::size_t n = code_points(token);
    EntityType type = type_of(tag);
    if (type == EntityType::kNone) {
      close();
    } else if (tag[0] == 'B' || type != open) {
      d.entities.emplace_back(cp, cp + n, type);
      open = type;
    } else {
      std::get<1>(d.entities.back()) = cp + n;
    }
    d.text += token;
    d.words.push_back(token);
    cp += n;
  }
  if (docs.back().words.empty()) docs.pop_back();
  return docs;
}

struct Sequence {
  std::vector<std::uint32_t> features, offsets;
  std::vector<std::uint8_t> gold;
};

// Tokenises DOC as the tagger does and computes features and gold tags:
// an entity covers the tokens inside its span.
Sequence make_sequence(const whosaid::EntityTagger& tagger, const Doc& doc,
                       const std::unordered_map<std::string, std::string>& clusters) {
  std::vector<whosaid::PlaceToken> tokens;
  std::string folded;
  whosaid::tokenize(doc.text, tokens, folded);
  std::vector<whosaid::EntitySpan> spans;
  std::size_t k = 0;
  for (const auto& [start, end, type] : doc.entities) {
    while (k < tokens.size() && tokens[k].cp_start < start) ++k;
    std::size_t last = k;
    while (last + 1 < tokens.size() && tokens[last + 1].cp_end <= end) ++last;
    if (k < tokens.size() && tokens[k].cp_start == start && tokens[last].cp_end <= end)
      spans.push_back({k, last, type});
  }
  Sequence seq;
  seq.gold = whosaid::encode_bilou(spans, tokens.size());
  tagger.features(doc.text, tokens, folded, seq.features, seq.offsets, &clusters);
  return seq;
}

// conlleval's phrase-level exact match, per type (1..4) and overall (0).
struct Score {
  std::array<std::size_t, 5> gold{}, pred{}, ok{};
  void print(int epoch) const {
    fmt::print(stderr, "epoch {}:", epoch);
    for (int t : {0, 3, 2, 1, 4}) {
      double p = pred[t] ? double(ok[t]) / double(pred[t]) : 0;
      double r = gold[t] ? double(ok[t]) / double(gold[t]) : 0;
      double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
      std::string_view name = t ? whosaid::entity_type_name(static_cast<EntityType>(t)) : "all";
      fmt::print(stderr, " {} P {:.4f} R {:.4f} F1 {:.4f};", name, p, r, f);
    }
    fmt::print(stderr, "\n");
  }
};

// Scores TAGGER's tag_entities() on DEV; prints the errors of type SHOW
// (if not kNone) to stderr.
Score evaluate(const whosaid::EntityTagger& tagger, const std::vector<Doc>& dev,
               EntityType show = EntityType::kNone) {
  Score s;
  for (const Doc& d : dev) {
    std::set<Gold> gold(d.entities.begin(), d.entities.end());
    for (const Gold& g : gold) { ++s.gold[0]; ++s.gold[static_cast<int>(std::get<2>(g))]; }
    for (const whosaid::EntityMention& m : tagger.tag_entities(d.text)) {
      EntityType type = type_of("X-" + m.type);
      ++s.pred[0];
      ++s.pred[static_cast<int>(type)];
      if (gold.count({m.start, m.end, type})) { ++s.ok[0]; ++s.ok[static_cast<int>(type)]; }
      else if (type == show) fmt::print(stderr, "false {}: {}\n", m.type, m.text);
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Train the entity tagger (averaged perceptron, BILOU) on CoNLL-2003."};
  app.name(kProgram);
  std::string train_path, dev_path, out_path;
  std::vector<std::string> unlabeled;
  std::string show;
  int epochs = 10;
  std::size_t min_count = 2;
  double scale = 100;
  long min_weight = 1;
  whosaid::ClusterOptions copt;
  app.add_option("--train", train_path, "CoNLL-2003 training file (eng.train)")->required();
  app.add_option("--dev", dev_path, "CoNLL-2003 file to report F1 on (eng.testa; never trained on)");
  app.add_option("--out", out_path, "model file to write (data/entity_tagger.model)");
  app.add_option("--unlabeled", unlabeled, "plain-text files or directories of news to cluster words on");
  app.add_option("--clusters", copt.clusters, "word clusters (a power of two)")->capture_default_str();
  app.add_option("--cluster-words", copt.max_words, "most frequent words clustered")->capture_default_str();
  app.add_option("--cluster-passes", copt.passes, "exchange passes")->capture_default_str();
  app.add_option("--show-errors", show, "print the dev false positives of this type (PER, ...)");
  app.add_option("--epochs", epochs, "passes over the training data")->capture_default_str();
  app.add_option("--min-count", min_count, "ignore features seen fewer times")->capture_default_str();
  app.add_option("--scale", scale, "weight units per 1.0 in the model file")->capture_default_str();
  app.add_option("--min-weight", min_weight,
                 "drop features whose weights are all below this many units")->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    auto t0 = std::chrono::steady_clock::now();
    auto elapsed = [&] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    std::vector<Doc> docs = read_conll(train_path);
    std::unordered_map<std::string, std::string> clusters;
    if (!unlabeled.empty()) {
      whosaid::WordCounter counter;
      for (const std::string& p : unlabeled) counter.add_path(p);
      for (const Doc& d : docs) counter.add_text(d.text);
      clusters = whosaid::cluster_words(counter, copt);
      fmt::print(stderr, "{} words clustered ({:.1f} s)\n", clusters.size(), elapsed());
    }
    // Features need the gazetteers but no model: an empty one.
    const whosaid::EntityTagger features("whosaid-entity-tagger 2 17 100\n");
    whosaid::perceptron::Trainer trainer(whosaid::kNumBilouTags);
    std::vector<Sequence> train;
    for (const Doc& d : docs) {
      train.push_back(make_sequence(features, d, clusters));
      trainer.count_features(train.back().features);
    }
    std::size_t kept = trainer.freeze_features(min_count);
    std::size_t tokens = 0;
    for (Sequence& s : train) {
      std::vector<std::uint32_t> ids, offsets;
      trainer.encode(s.features, s.offsets, ids, offsets);
      s.features.swap(ids);
      s.offsets.swap(offsets);
      tokens += s.gold.size();
    }
    std::vector<Doc> dev;
    if (!dev_path.empty()) dev = read_conll(dev_path);
    fmt::print(stderr, "{} documents, {} tokens, {} features kept ({:.1f} s)\n", train.size(),
               tokens, kept, elapsed());
    std::vector<std::pair<std::string, std::string>> vocabulary(clusters.begin(), clusters.end());
    const std::string comment =
        "whosaid entity tagger: averaged-perceptron weights over hashed features and the word\n"
        "clusters (V word bits), indexer/extract/entities/entity_tagger.h. Generated by\n"
        "scripts/train_entities.sh from ../shared/data; do not edit.";
    auto model = [&] {
      return trainer.write_model("whosaid-entity-tagger", comment, scale, min_weight, vocabulary);
    };
    std::mt19937 rng(20031);
    std::vector<std::size_t> order(train.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::vector<std::uint8_t> predicted;
    for (int e = 1; e <= epochs; ++e) {
      std::shuffle(order.begin(), order.end(), rng);
      std::size_t wrong = 0;
      for (std::size_t i : order)
        wrong += trainer.train(train[i].features, train[i].offsets, train[i].gold,
                               &whosaid::bilou_constraints(), predicted);
      fmt::print(stderr, "epoch {}: {} training tokens wrong ({:.1f} s)\n", e, wrong, elapsed());
      if (!dev.empty() && (e == epochs || e % 4 == 0)) {
        whosaid::EntityTagger tagger(model());
        evaluate(tagger, dev, e == epochs ? type_of("X-" + show) : EntityType::kNone).print(e);
        if (e == epochs) {
          tagger.set_document_history(false);
          fmt::print(stderr, "without document history: ");
          evaluate(tagger, dev).print(e);
        }
      }
    }
    if (!out_path.empty()) {
      std::string text = model();
      std::ofstream out(out_path, std::ios::binary);
      if (!(out << text)) throw Error(fmt::format("cannot write {}", out_path));
      fmt::print(stderr, "wrote {} ({} bytes)\n", out_path, text.size());
    }
    fmt::print(stderr, "{:.1f} s\n", elapsed());
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: {}\n", kProgram, e.what());
  }
  return 1;
}
