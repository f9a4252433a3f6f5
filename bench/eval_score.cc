// Scoring rules of whosaid-eval (see eval_score.h), ported from
// ../shared/tools/score_extract.py.
#include "eval_score.h"

#include <utf8proc.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string_view>

#include "core/error.h"

namespace whosaid::eval {

namespace {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t b = 0;
  for (std::size_t e; (e = s.find(sep, b)) != std::string_view::npos; b = e + 1)
    out.emplace_back(s.substr(b, e - b));
  out.emplace_back(s.substr(b));
  return out;
}

// The lines of a TSV text, without their '\n' (and a final '\r').
std::vector<std::vector<std::string>> tsv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) rows.push_back(split(line, '\t'));
  return rows;
}

const std::string& field(const std::vector<std::string>& f, std::size_t i) {
  static const std::string empty;
  return i < f.size() ? f[i] : empty;
}

Span envelope(const std::vector<Span>& s) { return {s.front().first, s.back().second}; }

bool overlap(const Span& a, const Span& b) { return a.first < b.second && b.first < a.second; }

bool is_int(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_number_integer();
}

// The quotes of every object printed for one file.
template <typename F>
void each_quote(const std::vector<nlohmann::json>& articles, F f) {
  for (const auto& a : articles) {
    auto qs = a.find("quotes");
    if (qs == a.end() || !qs->is_array()) continue;
    for (const auto& q : *qs) f(q);
  }
}

const nlohmann::json& speaker_of(const nlohmann::json& q) {
  static const nlohmann::json empty = nlohmann::json::object();
  auto it = q.find("speaker");
  return it != q.end() && it->is_object() ? *it : empty;
}

std::string string_at(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

Prf prf(std::size_t tp_p, std::size_t n_p, std::size_t tp_g, std::size_t n_g) {
  Prf x;
  x.p = n_p ? double(tp_p) / double(n_p) : 0.0;
  x.r = n_g ? double(tp_g) / double(n_g) : 0.0;
  x.f1 = x.p + x.r > 0 ? 2 * x.p * x.r / (x.p + x.r) : 0.0;
  return x;
}

double round3(double x) { return std::round(x * 1000) / 1000; }

std::vector<Span> parse_spans(const std::string& field_text) {
  std::vector<Span> out;
  for (const std::string& piece : split(field_text, ';')) {
    std::size_t dash = piece.find('-');
    if (dash == std::string::npos) continue;
    out.emplace_back(std::stoul(piece.substr(0, dash)), std::stoul(piece.substr(dash + 1)));
  }
  return out;
}

std::string norm_name(const std::string& name) {
  std::string folded;
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(name.data()),
                                    static_cast<utf8proc_ssize_t>(name.size()), &out,
                                    utf8proc_option_t(UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                                                      UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD));
  if (n >= 0) {
    folded.assign(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
  } else {  // not UTF-8: fold ASCII only
    folded = name;
    for (char& c : folded)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::free(out);
  std::string result;
  bool space = false;
  for (char c : folded) {
    if (c == '.' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
      continue;
    }
    if (space && !result.empty()) result += ' ';
    space = false;
    result += c;
  }
  return result;
}

// --- PolNeAR ----------------------------------------------------------------------

std::map<std::string, PolnearGold> read_polnear_gold(const std::string& tsv_text) {
  std::map<std::string, PolnearGold> gold;
  std::map<std::string, std::string> first_annotator;
  auto rows = tsv_rows(tsv_text);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& f = rows[i];
    if (f.size() < 2) continue;
    if (first_annotator.emplace(f[0], f[1]).first->second != f[1]) continue;
    PolnearGold& g = gold[f[0]];
    if (!field(f, 4).empty()) {
      auto s = parse_spans(f[4]);
      if (!s.empty()) g.sources.insert(envelope(s));
    }
    if (!field(f, 8).empty()) {
      auto s = parse_spans(f[8]);
      if (!s.empty()) g.contents.push_back(envelope(s));
    }
  }
  return gold;
}

void PolnearCounts::add(const std::vector<nlohmann::json>& printed, const PolnearGold& g) {
  ++articles;
  std::set<Span> pred_src;
  std::vector<Span> pred_content;
  each_quote(printed, [&](const nlohmann::json& q) {
    const nlohmann::json& sp = speaker_of(q);
    if (is_int(sp, "start") && is_int(sp, "end"))
      pred_src.emplace(sp["start"].get<std::size_t>(), sp["end"].get<std::size_t>());
    if (is_int(q, "start") && is_int(q, "end"))
      pred_content.emplace_back(q["start"].get<std::size_t>(), q["end"].get<std::size_t>());
  });
  n_sp += pred_src.size();
  n_sg += g.sources.size();
  for (const Span& p : pred_src) tp_s += g.sources.count(p);
  for (const Span& p : pred_src)
    ov_sp += std::any_of(g.sources.begin(), g.sources.end(),
                         [&](const Span& x) { return overlap(p, x); });
  for (const Span& x : g.sources)
    ov_sg +=
        std::any_of(pred_src.begin(), pred_src.end(), [&](const Span& p) { return overlap(p, x); });
  n_cp += pred_content.size();
  n_cg += g.contents.size();
  for (const Span& p : pred_content)
    tc_p += std::any_of(g.contents.begin(), g.contents.end(),
                        [&](const Span& x) { return overlap(p, x); });
  for (const Span& x : g.contents)
    tc_g += std::any_of(pred_content.begin(), pred_content.end(),
                        [&](const Span& p) { return overlap(p, x); });
}

nlohmann::json PolnearCounts::json() const {
  Prf se = prf(tp_s, n_sp, tp_s, n_sg), so = prf(ov_sp, n_sp, ov_sg, n_sg),
      co = prf(tc_p, n_cp, tc_g, n_cg);
  return {{"articles", articles},
          {"gold_sources", n_sg},
          {"pred_sources", n_sp},
          {"source_exact_p", round3(se.p)},
          {"source_exact_r", round3(se.r)},
          {"source_exact_f1", round3(se.f1)},
          {"source_overlap_p", round3(so.p)},
          {"source_overlap_r", round3(so.r)},
          {"source_overlap_f1", round3(so.f1)},
          {"gold_contents", n_cg},
          {"pred_contents", n_cp},
          {"content_overlap_p", round3(co.p)},
          {"content_overlap_r", round3(co.r)},
          {"content_overlap_f1", round3(co.f1)}};
}

// --- Per-quote speakers --------------------------------------------------------------

std::map<std::string, std::vector<QuoteGold>> read_quote_gold(const std::string& speakers_tsv,
                                                              const std::string& attr_tsv) {
  auto srows = tsv_rows(speakers_tsv);
  if (srows.empty()) throw Error("the speakers table is empty");
  const auto& header = srows[0];
  auto col = std::find(header.begin(), header.end(), "speech");
  if (col == header.end()) throw Error("the speakers table has no \"speech\" column");
  std::size_t speech = static_cast<std::size_t>(col - header.begin());
  std::map<std::pair<std::string, std::string>, std::string> canon;
  for (std::size_t i = 1; i < srows.size(); ++i) {
    const auto& f = srows[i];
    const std::string& kind = field(f, 5);
    if ((kind == "person" || kind == "organization") && !field(f, 4).empty() &&
        field(f, speech) == "yes")
      canon[{f[0], field(f, 1)}] = f[4];
  }
  std::map<std::string, std::vector<QuoteGold>> out;
  std::map<std::string, std::string> first_annotator;
  auto arows = tsv_rows(attr_tsv);
  for (std::size_t i = 1; i < arows.size(); ++i) {
    const auto& f = arows[i];
    if (f.size() < 3) continue;
    if (first_annotator.emplace(f[0], f[1]).first->second != f[1]) continue;
    auto it = canon.find({f[0], f[2]});
    if (it == canon.end() || field(f, 8).empty()) continue;
    auto s = parse_spans(f[8]);
    if (s.empty()) continue;
    out[f[0]].push_back({envelope(s), it->second});
  }
  return out;
}

void QuoteSpeakerCounts::add(const std::vector<nlohmann::json>& printed,
                             const std::vector<QuoteGold>& gold) {
  std::vector<std::pair<Span, std::string>> preds;
  each_quote(printed, [&](const nlohmann::json& q) {
    if (is_int(q, "start") && is_int(q, "end"))
      preds.emplace_back(Span{q["start"].get<std::size_t>(), q["end"].get<std::size_t>()},
                         norm_name(string_at(speaker_of(q), "canonical")));
  });
  for (const QuoteGold& g : gold) {
    ++n;
    const std::string* best = nullptr;
    long best_ov = 0;
    for (const auto& [sp, name] : preds) {
      long ov =
          long(std::min(sp.second, g.content.second)) - long(std::max(sp.first, g.content.first));
      if (ov > best_ov) {
        best_ov = ov;
        best = &name;
      }
    }
    if (!best) continue;
    ++covered;
    std::vector<std::string> names;
    for (const std::string& x : split(g.canonical, '|')) names.push_back(norm_name(x));
    if (std::find(names.begin(), names.end(), *best) != names.end()) ++strict;
    std::string words_text = *best;
    std::replace(words_text.begin(), words_text.end(), '-', ' ');
    std::set<std::string> words;
    std::istringstream ws(words_text);
    for (std::string w; ws >> w;) words.insert(w);
    bool named = false;
    for (const std::string& gn : names) {
      std::istringstream gs(gn);
      std::string last;
      for (std::string w; gs >> w;) last = w;
      if (!last.empty() && words.count(last)) named = true;
    }
    lenient += named;
  }
}

nlohmann::json QuoteSpeakerCounts::json() const {
  double c = double(std::max<std::size_t>(1, covered)), all = double(std::max<std::size_t>(1, n));
  return {{"gold_quotes", n},
          {"covered", covered},
          {"coverage", round3(double(covered) / all)},
          {"speaker_acc_strict", round3(double(strict) / c)},
          {"speaker_acc_lenient", round3(double(lenient) / c)},
          {"right_speaker_of_all", round3(double(lenient) / all)}};
}

// --- Speaker sets -------------------------------------------------------------------

void SpeakerSetCounts::add(const std::vector<nlohmann::json>& printed,
                           const std::string& gold_persons) {
  ++rows;
  std::set<std::string> gold, pred;
  for (const std::string& x : split(gold_persons, '|'))
    if (!x.empty()) gold.insert(norm_name(x));
  each_quote(printed, [&](const nlohmann::json& q) {
    const nlohmann::json& sp = speaker_of(q);
    std::string canonical = string_at(sp, "canonical");
    if (string_at(sp, "kind") == "person" && !canonical.empty()) pred.insert(norm_name(canonical));
  });
  n_p += pred.size();
  n_g += gold.size();
  for (const std::string& p : pred) tp += gold.count(p);
}

nlohmann::json SpeakerSetCounts::json() const {
  Prf x = prf(tp, n_p, tp, n_g);
  return {{"articles", rows},
          {"gold_persons", n_g},
          {"pred_persons", n_p},
          {"speaker_set_p", round3(x.p)},
          {"speaker_set_r", round3(x.r)},
          {"speaker_set_f1", round3(x.f1)}};
}

// --- CoNLL ------------------------------------------------------------------------

std::vector<Chunk> chunk_tags(const std::vector<std::string>& tags) {
  std::vector<Chunk> out;
  std::string prev_prefix = "O", prev_type;
  bool open = false;
  Chunk cur;
  auto in = [](const std::string& p, std::string_view set) {
    return p.size() == 1 && set.find(p[0]) != std::string_view::npos;
  };
  for (std::size_t i = 0; i <= tags.size(); ++i) {
    std::string prefix = "O", type;
    if (i < tags.size() && tags[i] != "O" && tags[i].size() > 2 && tags[i][1] == '-') {
      prefix = tags[i].substr(0, 1);
      type = tags[i].substr(2);
    }
    // conlleval's endOfChunk and startOfChunk.
    bool ends = (in(prev_prefix, "BI") && in(prefix, "BSUO")) || in(prev_prefix, "ELSU") ||
                (prev_prefix != "O" && prev_type != type);
    bool starts = in(prefix, "BSU") || (in(prefix, "IEL") && in(prev_prefix, "ELSUO")) ||
                  (prefix != "O" && prev_type != type);
    if (open && ends) {
      cur.end = i;
      out.push_back(cur);
      open = false;
    }
    if (starts && i < tags.size()) {
      cur = Chunk{type, i, i};
      open = true;
    }
    prev_prefix = prefix;
    prev_type = type;
  }
  return out;
}

std::vector<ConllDoc> read_conll(const std::string& file_text) {
  std::vector<ConllDoc> docs;
  ConllDoc doc;
  std::vector<std::string> words, tags;
  auto flush_sentence = [&] {
    if (words.empty()) return;
    std::vector<Span> cps;
    std::size_t cp = code_points(doc.text);
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (i) {
        doc.text += ' ';
        ++cp;
      }
      std::size_t n = code_points(words[i]);
      cps.emplace_back(cp, cp + n);
      doc.text += words[i];
      cp += n;
    }
    doc.text += '\n';
    for (const Chunk& c : chunk_tags(tags))
      doc.gold.push_back({c.type, cps[c.start].first, cps[c.end - 1].second});
    words.clear();
    tags.clear();
  };
  auto flush_doc = [&] {
    flush_sentence();
    if (!doc.text.empty()) docs.push_back(std::move(doc));
    doc = ConllDoc{};
  };
  std::istringstream in(file_text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("-DOCSTART-", 0) == 0) {
      flush_doc();
      continue;
    }
    std::istringstream ws(line);
    std::vector<std::string> w;
    for (std::string x; ws >> x;) w.push_back(x);
    if (w.empty()) {
      flush_sentence();
      continue;
    }
    words.push_back(w.front());
    tags.push_back(w.back());
  }
  flush_doc();
  return docs;
}

nlohmann::json MatchCounts::json() const {
  Prf x = prf(correct, predicted, correct, gold);
  return {{"gold", gold},     {"predicted", predicted}, {"correct", correct},
          {"p", round3(x.p)}, {"r", round3(x.r)},       {"f1", round3(x.f1)}};
}

void ConllCounts::add(const nlohmann::json& printed, const ConllDoc& doc) {
  ++documents;
  // Nothing printed for a document: its gold is all missed.
  const nlohmann::json article = printed.is_object() ? printed : nlohmann::json::object();
  returned += printed.is_object();
  std::set<Span> gold_loc, pred_loc;
  for (const Chunk& c : doc.gold)
    if (c.type == "LOC") gold_loc.emplace(c.start, c.end);
  if (auto ps = article.find("places"); ps != article.end() && ps->is_array())
    for (const auto& p : *ps)
      if (is_int(p, "start") && is_int(p, "end"))
        pred_loc.emplace(p["start"].get<std::size_t>(), p["end"].get<std::size_t>());
  loc.gold += gold_loc.size();
  loc.predicted += pred_loc.size();
  for (const Span& p : pred_loc) loc.correct += gold_loc.count(p);

  std::set<Chunk> gold(doc.gold.begin(), doc.gold.end()), pred;
  auto es = article.find("entities");
  if (es != article.end() && es->is_array()) {
    // An empty array everywhere is a program without an entity tagger.
    entities_printed = entities_printed || !es->empty();
    for (const auto& e : *es)
      if (is_int(e, "start") && is_int(e, "end"))
        pred.insert(
            {string_at(e, "type"), e["start"].get<std::size_t>(), e["end"].get<std::size_t>()});
  }
  for (const Chunk& g : gold) {
    ++by_type[g.type].gold;
    ++overall.gold;
  }
  for (const Chunk& p : pred) {
    ++by_type[p.type].predicted;
    ++overall.predicted;
    if (gold.count(p)) {
      ++by_type[p.type].correct;
      ++overall.correct;
    }
  }
}

nlohmann::json ConllCounts::json() const {
  nlohmann::json j = {{"documents", documents}, {"returned", returned}};
  Prf l = prf(loc.correct, loc.predicted, loc.correct, loc.gold);
  j["gold_loc"] = loc.gold;
  j["pred_loc"] = loc.predicted;
  j["loc_p"] = round3(l.p);
  j["loc_r"] = round3(l.r);
  j["loc_f1"] = round3(l.f1);
  if (!entities_printed) {
    j["entities"] = "not printed";
    return j;
  }
  nlohmann::json e = nlohmann::json::object();
  for (const auto& [type, counts] : by_type) e[type] = counts.json();
  e["overall"] = overall.json();
  j["entities"] = e;
  return j;
}

// --- Reuters countries ----------------------------------------------------------------

nlohmann::json score_countries(const std::vector<CountryDoc>& docs, double min_recall) {
  std::size_t gold = 0, max_k = 1;
  for (const CountryDoc& d : docs) {
    gold += d.gold.size();
    for (const auto& [code, n] : d.predicted) max_k = std::max(max_k, n);
  }
  nlohmann::json curve = nlohmann::json::array();
  nlohmann::json best = nullptr;
  double best_p = -1, reached = 0;
  nlohmann::json all;
  for (std::size_t k = 1; k <= max_k; ++k) {
    std::size_t predicted = 0, correct = 0;
    for (const CountryDoc& d : docs)
      for (const auto& [code, n] : d.predicted)
        if (n >= k) {
          ++predicted;
          correct += d.gold.count(code);
        }
    Prf x = prf(correct, predicted, correct, gold);
    if (k == 1)
      all = {{"gold", gold},          {"predicted", predicted},
             {"correct", correct},    {"precision", round3(x.p)},
             {"recall", round3(x.r)}, {"f1", round3(x.f1)}};
    if (k <= 5) curve.push_back({{"min_mentions", k}, {"p", round3(x.p)}, {"r", round3(x.r)}});
    reached = std::max(reached, x.r);
    if (x.r >= min_recall && x.p > best_p) {
      best_p = x.p;
      best = {{"min_mentions", k}, {"p", round3(x.p)}, {"r", round3(x.r)}};
    }
  }
  nlohmann::json j = all;
  j["documents"] = docs.size();
  j["by_min_mentions"] = curve;
  j["precision_at_recall_095"] =
      best.is_null() ? nlohmann::json{{"p", nullptr}, {"best_recall", round3(reached)}} : best;
  return j;
}

// --- Who said it ---------------------------------------------------------------------

bool hit_names(const nlohmann::json& hit, const std::string& surname) {
  auto sp = hit.find("speaker");
  std::string text = sp == hit.end() ? "null" : sp->dump();
  return norm_name(text).find(norm_name(surname)) != std::string::npos;
}

}  // namespace whosaid::eval
