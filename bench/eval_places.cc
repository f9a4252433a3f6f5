// Place extraction scored on CoNLL-2003 (LOC spans, exact match) and on
// Reuters-21578 (document-level countries against the PLACES labels). See
// eval_places.h. The data is read at run time from ../shared/data.
#include "eval_places.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/error.h"
#include "indexer/extract/places/places.h"

namespace whosaid {
namespace {

std::ifstream open_data(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("cannot read {} (is ../shared/data there?)", path));
  return in;
}

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

nlohmann::json scores(std::size_t gold, std::size_t predicted, std::size_t correct) {
  double p = predicted ? double(correct) / predicted : 0.0;
  double r = gold ? double(correct) / gold : 0.0;
  double f = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  auto round4 = [](double x) { return std::round(x * 10000) / 10000; };
  return {{"gold", gold}, {"predicted", predicted}, {"correct", correct},
          {"precision", round4(p)}, {"recall", round4(r)}, {"f1", round4(f)}};
}

// One CoNLL document rebuilt as text: tokens joined by spaces, one
// sentence per line, with token offsets and gold LOC spans (token indices,
// end exclusive).
struct ConllDoc {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> token_cps;  // code-point spans
  std::set<std::pair<std::size_t, std::size_t>> gold;
  std::size_t cp = 0;
  std::string prev_tag = "O";
  std::size_t loc_start = 0;
  bool in_loc = false;

  void close_loc() {
    if (in_loc) gold.emplace(loc_start, token_cps.size());
    in_loc = false;
  }
  void add(const std::string& token, const std::string& tag) {
    // IOB1: I-X continues an X entity, B-X starts one right after another.
    bool loc = tag == "I-LOC" || tag == "B-LOC";
    bool starts = loc && (tag == "B-LOC" || prev_tag.size() < 2 ||
                          prev_tag.substr(2) != "LOC");
    if (!loc || starts) close_loc();
    if (starts) { in_loc = true; loc_start = token_cps.size(); }
    if (!text.empty() && text.back() != '\n') { text += ' '; ++cp; }
    std::size_t n = code_points(token);
    token_cps.emplace_back(cp, cp + n);
    text += token;
    cp += n;
    prev_tag = tag;
  }
  void end_sentence() {
    close_loc();
    prev_tag = "O";
    if (!text.empty() && text.back() != '\n') { text += '\n'; ++cp; }
  }
};

// ISO 3166-1 alpha-2 -> Reuters-21578 PLACES code, where the code is not
// the country's English name in lower case with hyphens (Reuters' 1987
// world: the USSR, West Germany, Yugoslavia, Czechoslovakia, Zaire).
const std::unordered_map<std::string_view, std::string_view> kReutersCodes = {
    {"US", "usa"}, {"GB", "uk"}, {"AE", "uae"}, {"DE", "west-germany"},
    {"RU", "ussr"}, {"UA", "ussr"}, {"BY", "ussr"}, {"KZ", "ussr"}, {"UZ", "ussr"},
    {"GE", "ussr"}, {"AM", "ussr"}, {"AZ", "ussr"}, {"LT", "ussr"}, {"LV", "ussr"},
    {"EE", "ussr"}, {"MD", "ussr"}, {"KG", "ussr"}, {"TJ", "ussr"}, {"TM", "ussr"},
    {"CZ", "czechoslovakia"}, {"SK", "czechoslovakia"},
    {"RS", "yugoslavia"}, {"HR", "yugoslavia"}, {"SI", "yugoslavia"}, {"BA", "yugoslavia"},
    {"MK", "yugoslavia"}, {"ME", "yugoslavia"}, {"XK", "yugoslavia"},
    {"CD", "zaire"}, {"CG", "congo"}, {"MM", "burma"}, {"KH", "kampuchea"},
    {"SZ", "swaziland"}, {"CV", "cape-verde"}, {"CI", "ivory-coast"}, {"VA", "vatican"},
    {"TT", "trinidad-tobago"}, {"WS", "western-samoa"}, {"YE", "yemen-arab-republic"},
    {"VI", "us-virgin-islands"}, {"VG", "british-virgin-islands"},
    {"CW", "netherlands-antilles"}, {"SX", "netherlands-antilles"}, {"BQ", "netherlands-antilles"},
    {"AG", "antigua"}, {"KR", "south-korea"}, {"KP", "north-korea"}, {"HK", "hong-kong"},
};

std::string reuters_code(const PlaceFinder& finder, const std::string& iso) {
  auto it = kReutersCodes.find(iso);
  if (it != kReutersCodes.end()) return std::string(it->second);
  std::string out;
  for (char c : finder.country_name(iso)) {
    if (c == ' ') out += '-';
    else if (c >= 'A' && c <= 'Z') out += static_cast<char>(c + 32);
    else if (c != '.' && c != '\'') out += c;
  }
  return out;
}

std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
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

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> f;
  std::size_t b = 0;
  for (std::size_t e; (e = line.find('\t', b)) != std::string_view::npos; b = e + 1)
    f.push_back(line.substr(b, e - b));
  f.push_back(line.substr(b));
  return f;
}

}  // namespace

nlohmann::json eval_conll(const std::string& path) {
  std::ifstream in = open_data(path);
  const PlaceFinder& finder = shared_place_finder();
  std::size_t gold = 0, predicted = 0, correct = 0, documents = 0;
  ConllDoc doc;
  auto score = [&] {
    doc.end_sentence();
    if (doc.token_cps.empty()) return;
    ++documents;
    // Token index by start and by end code point.
    std::unordered_map<std::size_t, std::size_t> by_start, by_end;
    for (std::size_t i = 0; i < doc.token_cps.size(); ++i) {
      by_start[doc.token_cps[i].first] = i;
      by_end[doc.token_cps[i].second] = i + 1;
    }
    gold += doc.gold.size();
    for (const PlaceMention& m : finder.find(doc.text)) {
      ++predicted;
      auto s = by_start.find(m.start);
      auto e = by_end.find(m.end);
      if (s != by_start.end() && e != by_end.end() && doc.gold.count({s->second, e->second}))
        ++correct;
    }
    doc = ConllDoc{};
  };
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("-DOCSTART-", 0) == 0) { score(); continue; }
    if (line.empty()) { doc.end_sentence(); continue; }
    std::istringstream fields(line);
    std::string token, pos, chunk, tag;
    if (!(fields >> token >> pos >> chunk >> tag))
      throw Error(fmt::format("{}: malformed line: {}", path, line));
    doc.add(token, tag);
  }
  score();
  nlohmann::json j = {{"dataset", "conll2003"}, {"file", path}, {"documents", documents}};
  j.update(scores(gold, predicted, correct));
  return j;
}

nlohmann::json eval_reuters(const std::string& path) {
  std::ifstream in = open_data(path);
  const PlaceFinder& finder = shared_place_finder();
  std::string line;
  if (!std::getline(in, line)) throw Error(fmt::format("{} is empty", path));
  std::unordered_map<std::string, std::size_t> col;
  auto header = split_tabs(line);
  for (std::size_t i = 0; i < header.size(); ++i) col[std::string(header[i])] = i;
  for (const char* c : {"places", "title", "dateline", "body"})
    if (!col.count(c)) throw Error(fmt::format("{} has no column {}", path, c));
  std::size_t gold = 0, predicted = 0, correct = 0, documents = 0;
  while (std::getline(in, line)) {
    auto f = split_tabs(line);
    if (f.size() < header.size()) continue;
    std::string_view places = f[col["places"]], body = f[col["body"]];
    if (places.empty() || body.empty()) continue;
    ++documents;
    std::set<std::string> want, got;
    for (std::size_t b = 0, e;; b = e + 1) {
      e = places.find('|', b);
      want.emplace(places.substr(b, e == std::string_view::npos ? e : e - b));
      if (e == std::string_view::npos) break;
    }
    std::string text = unescape(f[col["title"]]) + "\n" + unescape(f[col["dateline"]]) + " " +
                       unescape(body);
    for (const PlaceMention& m : finder.find(text))
      if (!m.country.empty()) got.insert(reuters_code(finder, m.country));
    gold += want.size();
    predicted += got.size();
    for (const auto& g : got) correct += want.count(g);
  }
  nlohmann::json j = {{"dataset", "reuters21578"}, {"file", path}, {"documents", documents}};
  j.update(scores(gold, predicted, correct));
  return j;
}

}  // namespace whosaid
