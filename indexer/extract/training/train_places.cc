// whosaid-train-places: trains the place tagger's model
// (indexer/extract/entities/place_tagger.h) on CoNLL-2003 and writes it as text:
//   whosaid-train-places --train eng.train [--dev eng.testa] --out data/place_tagger.model
// Each CoNLL document is rebuilt as text the way whosaid-eval does (tokens
// joined by spaces, one sentence a line), cut with the place finder's own
// tokenizer, and tagged BIO over the four CoNLL types, so training sees
// what the tagger sees at index time. The rule-based finder's places are
// a feature, as in PlaceFinder::find(). With --dev, prints the tagger's own
// LOC and all-type span F1 after each epoch (stderr). The model holds
// hashed feature ids and weights only: no text from the data.
// scripts/train_place_tagger.sh runs it with the committed settings
// (built from indexer/extract/training/, beside the other trainers).
//
// With --time articles.tsv (Reuters-21578, as whosaid-eval reads it), it
// times PlaceFinder::find() and find_by_rules() per article instead: the
// tagger's cost at index time.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <random>
#include <string_view>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "core/error.h"
#include "indexer/extract/places/places.h"
#include "indexer/extract/lexicon/gazetteer.h"
#include "indexer/extract/entities/place_tagger.h"

namespace {

constexpr const char* kProgram = "whosaid-train-places";

using whosaid::EntityType;
using whosaid::Error;

// One CoNLL document: its rebuilt text and, per CoNLL token, its code-point
// span and BIO tag (IOB1 converted: B wherever an entity starts).
struct Doc {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::vector<std::uint8_t> tags;
};

// An encoded training or dev sequence.
struct Sequence {
  std::vector<std::uint32_t> features, offsets;  // hashed (dev) or dense ids (train)
  std::vector<std::uint8_t> gold;
};

EntityType type_of(const std::string& tag) {
  if (tag.size() < 3) return EntityType::kNone;
  std::string t = tag.substr(2);
  return t == "LOC" ? EntityType::kLoc : t == "ORG" ? EntityType::kOrg
         : t == "PER" ? EntityType::kPer : t == "MISC" ? EntityType::kMisc : EntityType::kNone;
}

std::vector<Doc> read_conll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("cannot read {} (is ../shared/data there?)", path));
  std::vector<Doc> docs(1);
  std::size_t cp = 0;
  std::string prev = "O";
  auto end_sentence = [&] {
    Doc& d = docs.back();
    if (!d.text.empty() && d.text.back() != '\n') { d.text += '\n'; ++cp; }
    prev = "O";
  };
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("-DOCSTART-", 0) == 0) {
      if (!docs.back().spans.empty()) docs.emplace_back();
      cp = 0;
      prev = "O";
      continue;
    }
    if (line.empty()) { end_sentence(); continue; }
    std::istringstream fields(line);
    std::string token, pos, chunk, tag;
    if (!(fields >> token >> pos >> chunk >> tag))
      throw Error(fmt::format("{}: malformed line: {}", path, line));
    Doc& d = docs.back();
    EntityType type = type_of(tag);
    bool begins = type != EntityType::kNone &&
                  (tag[0] == 'B' || type_of(prev) != type);
    if (!d.text.empty() && d.text.back() != '\n') { d.text += ' '; ++cp; }
    std::size_t n = static_cast<std::size_t>(std::count_if(
        token.begin(), token.end(), [](char c) { return (c & 0xC0) != 0x80; }));
    d.spans.emplace_back(cp, cp + n);
    d.tags.push_back(whosaid::entity_tag(type, begins));
    d.text += token;
    cp += n;
    prev = tag;
  }
  if (docs.back().spans.empty()) docs.pop_back();
  return docs;
}

// Tokenises DOC as the finder does and computes features and gold tags.
Sequence make_sequence(const Doc& doc, const whosaid::Gazetteer& g) {
  std::vector<whosaid::PlaceToken> tokens;
  std::string folded;
  whosaid::tokenize(doc.text, tokens, folded);
  Sequence seq;
  // Gold: a sub-token takes its CoNLL token's tag, B only on its first piece.
  std::size_t c = 0;
  for (const whosaid::PlaceToken& t : tokens) {
    while (c < doc.spans.size() && doc.spans[c].second <= t.cp_start) ++c;
    std::uint8_t tag = c < doc.spans.size() ? doc.tags[c] : 0;
    if (whosaid::tag_begins(tag) && t.cp_start != doc.spans[c].first)
      tag = whosaid::entity_tag(whosaid::tag_type(tag), false);
    seq.gold.push_back(tag);
  }
  // Hints: the rule-based finder's places.
  std::vector<whosaid::RuleHint> hints;
  whosaid::shared_place_finder().rule_hints(doc.text, hints);
  whosaid::extract_tagger_features({doc.text, tokens, folded, hints}, g, seq.features,
                                   seq.offsets);
  return seq;
}

// Entity spans (first, last token, type) of a tag sequence.
std::set<std::tuple<std::size_t, std::size_t, int>> spans(const std::vector<std::uint8_t>& tags) {
  std::set<std::tuple<std::size_t, std::size_t, int>> out;
  for (std::size_t i = 0; i < tags.size();) {
    if (tags[i] == 0) { ++i; continue; }
    std::size_t j = i;
    while (j + 1 < tags.size() && tags[j + 1] != 0 && !whosaid::tag_begins(tags[j + 1]) &&
           whosaid::tag_type(tags[j + 1]) == whosaid::tag_type(tags[i]))
      ++j;
    out.emplace(i, j, static_cast<int>(whosaid::tag_type(tags[i])));
    i = j + 1;
  }
  return out;
}

// Prints LOC and all-type exact span F1 of TAGGER on DEV.
void evaluate(const whosaid::PlaceTagger& tagger, const std::vector<Sequence>& dev, int epoch) {
  std::size_t gold[2] = {}, pred[2] = {}, ok[2] = {};
  std::vector<std::uint8_t> tags;
  for (const Sequence& s : dev) {
    tagger.tag(s.features, s.offsets, tags);
    auto g = spans(s.gold), p = spans(tags);
    for (const auto& x : g) { ++gold[1]; gold[0] += std::get<2>(x) == 1; }
    for (const auto& x : p) {
      ++pred[1];
      pred[0] += std::get<2>(x) == 1;
      if (g.count(x)) { ++ok[1]; ok[0] += std::get<2>(x) == 1; }
    }
  }
  auto f1 = [&](int k) {
    double p = pred[k] ? double(ok[k]) / pred[k] : 0, r = gold[k] ? double(ok[k]) / gold[k] : 0;
    return std::tuple(p, r, p + r > 0 ? 2 * p * r / (p + r) : 0);
  };
  auto [lp, lr, lf] = f1(0);
  auto [ap, ar, af] = f1(1);
  fmt::print(stderr, "epoch {}: LOC P {:.4f} R {:.4f} F1 {:.4f}; all types F1 {:.4f} (P {:.4f} R {:.4f})\n",
             epoch, lp, lr, lf, af, ap, ar);
}

std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char c = s[++i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    } else {
      out += s[i];
    }
  }
  return out;
}

// CPU time of this thread in microseconds: the machine may be shared.
double cpu_us() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

// Times find() and find_by_rules() on the articles of Reuters-21578's
// articles.tsv (title, dateline and body, as whosaid-eval builds them);
// prints CPU microseconds per article, the best of three runs.
void time_finder(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("cannot read {}", path));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  for (std::size_t b = 0, e; b <= line.size(); b = e + 1) {
    e = std::min(line.find('\t', b), line.size());
    header.push_back(line.substr(b, e - b));
  }
  auto col = [&](const char* name) {
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) throw Error(fmt::format("{} has no column {}", path, name));
    return static_cast<std::size_t>(it - header.begin());
  };
  const std::size_t title = col("title"), dateline = col("dateline"), body = col("body");
  std::vector<std::string> texts;
  std::size_t bytes = 0;
  while (std::getline(in, line)) {
    std::vector<std::string_view> f;
    std::string_view l = line;
    for (std::size_t b = 0, e; b <= l.size(); b = e + 1) {
      e = std::min(l.find('\t', b), l.size());
      f.push_back(l.substr(b, e - b));
    }
    if (f.size() < header.size() || f[body].empty()) continue;
    texts.push_back(unescape(f[title]) + "\n" + unescape(f[dateline]) + " " + unescape(f[body]));
    bytes += texts.back().size();
  }
  const whosaid::PlaceFinder& finder = whosaid::shared_place_finder();
  auto run = [&](bool rules_only) {
    double best = 1e30;
    std::size_t found = 0;
    for (int r = 0; r < 3; ++r) {
      double t0 = cpu_us();
      for (const std::string& t : texts)
        found += (rules_only ? finder.find_by_rules(t) : finder.find(t)).size();
      best = std::min(best, cpu_us() - t0);
    }
    return std::pair(best / static_cast<double>(texts.size()), found / 3);
  };
  auto [rules_us, rules_n] = run(true);
  auto [full_us, full_n] = run(false);
  fmt::print("{} articles, {:.0f} bytes each on average\n", texts.size(),
             double(bytes) / static_cast<double>(texts.size()));
  fmt::print("find_by_rules: {:.1f} us/article ({} places)\n", rules_us, rules_n);
  fmt::print("find (rules + tagger): {:.1f} us/article ({} places); tagger {:.1f} us/article\n",
             full_us, full_n, full_us - rules_us);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Train the place tagger (averaged perceptron) on CoNLL-2003."};
  app.name(kProgram);
  std::string train_path, dev_path, out_path;
  int epochs = 8;
  std::size_t min_count = 2;
  double scale = 100;
  long min_weight = 1;
  std::string time_path;
  auto* train_opt = app.add_option("--train", train_path, "CoNLL-2003 training file (eng.train)");
  app.add_option("--time", time_path, "time the finder on Reuters-21578 articles.tsv instead")
      ->excludes(train_opt);
  app.add_option("--dev", dev_path, "CoNLL-2003 file to report F1 on after each epoch");
  app.add_option("--out", out_path, "model file to write (data/place_tagger.model)");
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
  if (train_path.empty() && time_path.empty()) {
    fmt::print(stderr, "{}: give --train FILE or --time FILE (see --help)\n", kProgram);
    return 2;
  }
  try {
    if (!time_path.empty()) {
      time_finder(time_path);
      return 0;
    }
    auto t0 = std::chrono::steady_clock::now();
    const whosaid::Gazetteer g = whosaid::Gazetteer::make_embedded();
    whosaid::PerceptronTrainer trainer;
    std::vector<Sequence> train;
    for (const Doc& d : read_conll(train_path)) {
      train.push_back(make_sequence(d, g));
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
    std::vector<Sequence> dev;
    if (!dev_path.empty())
      for (const Doc& d : read_conll(dev_path)) dev.push_back(make_sequence(d, g));
    fmt::print(stderr, "{} documents, {} tokens, {} features kept\n", train.size(), tokens, kept);
    std::mt19937 rng(20031);
    std::vector<std::size_t> order(train.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::vector<std::uint8_t> predicted;
    for (int e = 1; e <= epochs; ++e) {
      std::shuffle(order.begin(), order.end(), rng);
      std::size_t wrong = 0;
      for (std::size_t i : order)
        wrong += trainer.train(train[i].features, train[i].offsets, train[i].gold, predicted);
      fmt::print(stderr, "epoch {}: {} training tokens wrong\n", e, wrong);
      if (!dev.empty() && (e == epochs || e % 2 == 0)) evaluate(trainer.averaged(scale, min_weight), dev, e);
    }
    if (!out_path.empty()) {
      std::string model = trainer.write_model(scale, min_weight);
      std::ofstream out(out_path, std::ios::binary);
      if (!(out << model)) throw Error(fmt::format("cannot write {}", out_path));
      fmt::print(stderr, "wrote {} ({} bytes, {} features)\n", out_path, model.size(),
                 whosaid::PlaceTagger(model).size());
    }
    fmt::print(stderr, "{:.1f} s\n",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: {}\n", kProgram, e.what());
  }
  return 1;
}
