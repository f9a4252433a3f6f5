// PolNeAR scoring for whosaid-eval (see eval_polnear.h).
#include "eval_polnear.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

#include "core/error.h"
#include "indexer/extract/quotes/attribution_tagger.h"
#include "indexer/extract/quotes/quotes.h"
#include "indexer/extract/text/tokens.h"

namespace whosaid {

namespace {

namespace fs = std::filesystem;
using Span = std::pair<std::size_t, std::size_t>;
using Pieces = std::vector<Span>;

using GoldAttribution = SpanPieces;

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Error("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool overlaps(const Span& a, const Pieces& b) {
  for (const auto& p : b)
    if (a.first < p.second && p.first < a.second) return true;
  return false;
}

struct Score {
  std::size_t gold = 0, predicted = 0, correct_p = 0, correct_r = 0;
  nlohmann::json json() const {
    double p = predicted ? double(correct_p) / predicted : 0;
    double r = gold ? double(correct_r) / gold : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    auto round3 = [](double x) { return std::round(x * 1000) / 1000; };
    return {{"gold", gold},           {"predicted", predicted}, {"correct_p", correct_p},
            {"correct_r", correct_r}, {"precision", round3(p)}, {"recall", round3(r)},
            {"f1", round3(f)}};
  }
};

// Overlap scoring of predicted spans against gold piece lists, unique on
// both sides.
void score_overlap(Score& s, const std::set<Span>& pred, const std::set<Pieces>& gold) {
  s.predicted += pred.size();
  s.gold += gold.size();
  for (const Span& p : pred)
    for (const Pieces& g : gold)
      if (overlaps(p, g)) {
        ++s.correct_p;
        break;
      }
  for (const Pieces& g : gold)
    for (const Span& p : pred)
      if (overlaps(p, g)) {
        ++s.correct_r;
        break;
      }
}

Span envelope(const Pieces& p) {
  Span s{p.front().first, p.front().second};
  for (const auto& x : p) {
    s.first = std::min(s.first, x.first);
    s.second = std::max(s.second, x.second);
  }
  return s;
}

}  // namespace

namespace {

std::vector<std::pair<std::size_t, std::size_t>> parse_pieces(const std::string& s) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::istringstream in(s);
  std::string part;
  while (std::getline(in, part, ';')) {
    std::istringstream p(part);
    std::size_t a, b;
    if (p >> a >> b) out.emplace_back(a, b);
  }
  return out;
}

}  // namespace

// Parses a brat .ann file: T lines (type and pieces) and E lines tying an
// attribution's Source, Cue and Content(2) together.
std::vector<SpanPieces> parse_polnear_ann(const std::string& text) {
  std::map<std::string, std::vector<std::pair<std::size_t, std::size_t>>> spans;
  std::vector<std::vector<std::pair<std::string, std::string>>> events;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::string id = line.substr(0, tab);
    std::string rest = line.substr(tab + 1);
    std::size_t tab2 = rest.find('\t');
    std::string head = rest.substr(0, tab2);
    if (id[0] == 'T') {
      std::size_t sp = head.find(' ');
      if (sp == std::string::npos) continue;
      spans[id] = parse_pieces(head.substr(sp + 1));
    } else if (id[0] == 'E') {
      std::vector<std::pair<std::string, std::string>> args;
      std::istringstream a(head);
      std::string arg;
      while (a >> arg) {
        std::size_t c = arg.find(':');
        if (c != std::string::npos) args.emplace_back(arg.substr(0, c), arg.substr(c + 1));
      }
      events.push_back(std::move(args));
    }
  }
  std::vector<SpanPieces> out;
  for (const auto& args : events) {
    SpanPieces g;
    for (const auto& [role, t] : args) {
      auto it = spans.find(t);
      if (it == spans.end()) continue;
      if (role == "Source")
        g.source = it->second;
      else if (role == "Cue")
        g.cue = it->second;
      else if (role.starts_with("Content"))
        g.content.insert(g.content.end(), it->second.begin(), it->second.end());
    }
    out.push_back(std::move(g));
  }
  return out;
}

nlohmann::json eval_polnear(const std::string& dir) {
  fs::path text_dir = fs::path(dir) / "text";
  fs::path ann_dir = fs::path(dir) / "attributions";
  std::error_code ec;
  if (!fs::is_directory(text_dir, ec))
    throw Error("no PolNeAR data at " + dir + " (expected text/ and attributions/)");
  std::map<std::string, fs::path> ann_for;  // doc id -> first annotator's file
  for (const auto& e : fs::directory_iterator(ann_dir)) {
    std::string name = e.path().filename().string();
    if (!name.ends_with(".ann")) continue;
    std::size_t us = name.rfind('_');
    if (us == std::string::npos) continue;
    std::string doc = name.substr(0, us);
    auto it = ann_for.find(doc);
    if (it == ann_for.end() || e.path().filename() < it->second.filename()) ann_for[doc] = e.path();
  }
  std::vector<fs::path> texts;
  for (const auto& e : fs::directory_iterator(text_dir))
    if (e.path().extension() == ".txt") texts.push_back(e.path());
  std::sort(texts.begin(), texts.end());

  Score src_exact, src_overlap, content_overlap, cue_overlap;
  std::size_t docs = 0;
  double seconds = 0;
  for (const fs::path& tp : texts) {
    std::string doc = tp.stem().string();
    auto it = ann_for.find(doc);
    if (it == ann_for.end()) continue;
    ++docs;
    std::string text = read_all(tp);
    std::vector<GoldAttribution> gold = parse_polnear_ann(read_all(it->second));
    auto t0 = std::chrono::steady_clock::now();
    TokenizedText tt = tokenize(text);
    std::vector<Attribution> attrs = find_attributions(tt);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    std::set<Span> pred_src, pred_content, pred_cue;
    for (const Attribution& a : attrs) {
      if (a.nested) continue;
      if (!a.source.empty()) pred_src.insert({range_start(tt, a.source), range_end(tt, a.source)});
      if (!a.cue.empty()) pred_cue.insert({range_start(tt, a.cue), range_end(tt, a.cue)});
      pred_content.insert({a.content_start, a.content_end});
    }
    std::set<Span> gold_src_exact;
    std::set<Pieces> gold_src, gold_content, gold_cue;
    for (const GoldAttribution& g : gold) {
      if (!g.source.empty()) {
        gold_src_exact.insert(envelope(g.source));
        gold_src.insert(g.source);
      }
      if (!g.content.empty()) gold_content.insert(g.content);
      if (!g.cue.empty()) gold_cue.insert(g.cue);
    }
    src_exact.predicted += pred_src.size();
    src_exact.gold += gold_src_exact.size();
    for (const Span& p : pred_src)
      if (gold_src_exact.count(p)) {
        ++src_exact.correct_p;
        ++src_exact.correct_r;
      }
    score_overlap(src_overlap, pred_src, gold_src);
    score_overlap(content_overlap, pred_content, gold_content);
    score_overlap(cue_overlap, pred_cue, gold_cue);
  }
  return {{"dataset", "polnear"},
          {"dir", dir},
          {"documents", docs},
          {"source_exact", src_exact.json()},
          {"source_overlap", src_overlap.json()},
          {"content_overlap", content_overlap.json()},
          {"cue_overlap", cue_overlap.json()},
          {"extract_seconds", std::round(seconds * 1000) / 1000}};
}

}  // namespace whosaid
