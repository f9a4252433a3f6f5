// The averaged-perceptron attribution tagger (see attribution_tagger.h).
// Features of a token: its word, suffix and shape and those of its
// neighbours, whether it is inside a quotation, the cue lexicon of
// extract_lexicon.h (is a cue here, how far the nearest cue of the sentence
// is and on which side), the rule extractor's spans (source, cue, content)
// and the tags already given to the tokens before it (previous tags, the
// roles already seen in the sentence). Decoding is greedy: one pass, I-X
// only after B-X or I-X.
#include "indexer/attribution_tagger.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

#include "core/error.h"
#include "indexer/extract_lexicon.h"

namespace whosaid {

namespace {

constexpr std::string_view kModelHeader = "whosaid-attribution-model 1";
const char* const kTagNames[kTagCount] = {"O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CONT", "I-CONT"};

// The role of a tag: 0 none, 1 source, 2 cue, 3 content.
int role(int tag) { return (tag + 1) / 2; }

char shape(const Token& t) {
  switch (t.kind) {
    case Token::kNumber: return 'd';
    case Token::kQuoteOpen: return 'q';
    case Token::kQuoteClose: return 'Q';
    case Token::kPunct: return t.text == "," ? ',' : (t.text == "." ? '.' : 'p');
    case Token::kWord: return t.all_caps ? 'A' : (t.cap ? 'C' : 'a');
  }
  return 'p';
}

std::string dist_bucket(std::size_t d) {
  if (d <= 3) return std::to_string(d);
  if (d <= 6) return "4-6";
  if (d <= 10) return "7-10";
  if (d <= 20) return "11-20";
  return "21+";
}

std::string suffix(const std::string& w, std::size_t n) {
  if (w.size() <= n) return w;
  std::size_t b = w.size() - n;
  while (b > 0 && (static_cast<unsigned char>(w[b]) & 0xC0) == 0x80) --b;  // UTF-8 lead byte
  return w.substr(b);
}

bool is_be(std::string_view w) {
  return w == "is" || w == "are" || w == "was" || w == "were" || w == "be" || w == "been" ||
         w == "being";
}

// The checks the rules make too: no negated attribution ("Neither Moscow
// nor Kyiv has confirmed"), no passive one whose subject is not its source
// ("X and Y were reported to"), a source that names someone.
bool plausible(const std::vector<Token>& T, const Attribution& a) {
  std::size_t from = std::min(a.source.begin, a.cue.begin);
  std::size_t to = std::max(a.source.end, a.cue.end);
  from = from >= 2 ? from - 2 : 0;
  for (std::size_t k = from; k < to; ++k) {
    if (T[k].sentence != T[a.cue.begin].sentence) continue;
    const std::string& w = T[k].lower;
    if (is_negation(w) || w == "neither" || w == "nor" || w == "no") return false;
  }
  if (a.source.end <= a.cue.begin) {
    if (is_be(T[a.cue.begin].lower)) return false;
    if (a.cue.begin > 0 && is_be(T[a.cue.begin - 1].lower)) return false;
  }
  bool word = false;
  for (std::size_t k = a.source.begin; k < a.source.end; ++k) word = word || T[k].kind == Token::kWord;
  return word;
}

}  // namespace

// What the features of one article need besides the tokens.
struct AttributionTagger::Context {
  const TokenizedText& tt;
  std::vector<char> rule;     // 'S','C','N' (content) or 0, by rule extraction
  std::vector<bool> rule_begin;
  std::vector<char> lex;      // 'B'/'I' inside a lexicon cue, else 0
  std::vector<int> cue_left, cue_right;  // nearest lexicon/rule cue of the sentence, -1
  std::vector<std::vector<int>> feats;   // static feature ids per token

  Context(const TokenizedText& t, const std::vector<Attribution>& rules)
      : tt(t), rule(t.tokens.size(), 0), rule_begin(t.tokens.size(), false),
        lex(t.tokens.size(), 0), cue_left(t.tokens.size(), -1), cue_right(t.tokens.size(), -1) {
    const auto& T = tt.tokens;
    auto mark = [&](TokenRange r, char c) {
      for (std::size_t k = r.begin; k < r.end && k < T.size(); ++k) {
        if (!rule[k]) rule[k] = c;
        rule_begin[k] = k == r.begin;
      }
    };
    for (const Attribution& a : rules) {
      mark(a.source, 'S');
      mark(a.cue, 'C');
      mark(a.content, 'N');
    }
    for (std::size_t i = 0; i < T.size(); ++i) {
      if (T[i].kind != Token::kWord || lex[i]) continue;
      std::vector<std::string_view> words;
      for (std::size_t k = i; k < T.size() && words.size() < 4 && T[k].kind == Token::kWord; ++k)
        words.push_back(T[k].lower);
      Cue c = match_cue(words);
      for (std::size_t k = 0; k < c.words; ++k) lex[i + k] = k == 0 ? 'B' : 'I';
    }
    int last = -1, sent = -1;
    for (std::size_t i = 0; i < T.size(); ++i) {
      if (T[i].sentence != sent) last = -1, sent = T[i].sentence;
      cue_left[i] = last;
      if (lex[i] == 'B' || (rule[i] == 'C' && rule_begin[i])) last = static_cast<int>(i);
    }
    last = -1, sent = -1;
    for (std::size_t i = T.size(); i-- > 0;) {
      if (T[i].sentence != sent) last = -1, sent = T[i].sentence;
      cue_right[i] = last;
      if (lex[i] == 'B' || (rule[i] == 'C' && rule_begin[i])) last = static_cast<int>(i);
    }
  }

  const std::string& word(long i) const {
    static const std::string kNone = "<p>";
    if (i < 0 || i >= static_cast<long>(tt.tokens.size())) return kNone;
    return tt.tokens[i].lower;
  }
  bool same_para(long i, long j) const {
    return j >= 0 && j < static_cast<long>(tt.tokens.size()) && tt.tokens[i].para == tt.tokens[j].para;
  }

  // The static feature strings of token I.
  void static_features(std::size_t i, std::vector<std::string>& out) const {
    const auto& T = tt.tokens;
    const Token& t = T[i];
    long li = static_cast<long>(i);
    auto w = [&](long k) -> std::string {
      if (!same_para(li, k)) return "<p>";
      if (T[k].kind == Token::kNumber) return "<num>";
      return T[k].lower;
    };
    auto sh = [&](long k) -> char { return same_para(li, k) ? shape(T[k]) : '^'; };
    std::string w0 = w(li), wm1 = w(li - 1), wp1 = w(li + 1);
    out.push_back("b");
    out.push_back("w=" + w0);
    out.push_back("w-1=" + wm1);
    out.push_back("w+1=" + wp1);
    out.push_back("w-2=" + w(li - 2));
    out.push_back("w+2=" + w(li + 2));
    out.push_back("w-1w=" + wm1 + "|" + w0);
    out.push_back("ww+1=" + w0 + "|" + wp1);
    out.push_back("s3=" + suffix(w0, 3));
    out.push_back("s2=" + suffix(w0, 2));
    out.push_back(std::string("sh=") + sh(li - 1) + sh(li) + sh(li + 1));
    out.push_back(std::string("sh0=") + sh(li));
    bool sent_start = i == 0 || T[i - 1].sentence != t.sentence;
    if (sent_start) out.push_back("sstart");
    if (t.para_start) out.push_back("pstart");
    out.push_back(std::string("inq=") + (t.quote >= 0 ? "1" : "0") + sh(li));
    if (is_source_noun(t.lower)) out.push_back("srcnoun");
    if (is_pronoun(t.lower)) out.push_back("pron");
    if (is_title(t.lower)) out.push_back("title");
    if (is_org_word(t.lower)) out.push_back("org");
    out.push_back(std::string("lex=") + (lex[i] ? lex[i] : '-'));
    out.push_back(std::string("lex-1=") + (i > 0 && lex[i - 1] ? lex[i - 1] : '-') +
                  (i + 1 < T.size() && lex[i + 1] ? lex[i + 1] : '-'));
    std::string r = rule[i] ? std::string(1, rule[i]) + (rule_begin[i] ? "B" : "I") : "-";
    out.push_back("r=" + r);
    out.push_back("rw=" + r + "|" + w0);
    out.push_back(std::string("r-1+1=") + (i > 0 && rule[i - 1] ? rule[i - 1] : '-') +
                  (i + 1 < T.size() && rule[i + 1] ? rule[i + 1] : '-'));
    if (cue_left[i] >= 0) {
      std::string d = dist_bucket(i - cue_left[i]);
      out.push_back("cl=" + d);
      out.push_back("clw=" + T[cue_left[i]].lower);
      out.push_back("cld=" + d + std::string(1, sh(li)));
    } else {
      out.push_back("cl=none");
    }
    if (cue_right[i] >= 0) {
      std::string d = dist_bucket(cue_right[i] - i);
      out.push_back("cr=" + d);
      out.push_back("crw=" + T[cue_right[i]].lower);
      out.push_back("crd=" + d + std::string(1, sh(li)));
    } else {
      out.push_back("cr=none");
    }
  }
};

int AttributionTagger::feature_id(const std::string& f, bool grow) {
  auto it = index_.find(f);
  if (it != index_.end()) return it->second;
  if (!grow) return -1;
  int id = static_cast<int>(w_.size());
  index_.emplace(f, id);
  w_.push_back({});
  totals_.push_back({});
  stamps_.push_back({});
  return id;
}

void AttributionTagger::update(const std::vector<int>& feats, int truth, int guess) {
  ++clock_;
  if (truth == guess) return;
  for (int f : feats) {
    if (f < 0) continue;
    for (int c : {truth, guess}) {
      float delta = c == truth ? 1.0f : -1.0f;
      totals_[f][c] += static_cast<float>(clock_ - stamps_[f][c]) * w_[f][c];
      stamps_[f][c] = clock_;
      w_[f][c] += delta;
    }
  }
}

std::vector<std::uint8_t> AttributionTagger::run(const TokenizedText& tt,
                                                 const std::vector<Attribution>& rules,
                                                 const std::vector<std::uint8_t>* gold, bool grow,
                                                 std::size_t* errors, std::vector<float>* margins) {
  const auto& T = tt.tokens;
  Context ctx(tt, rules);
  std::vector<std::uint8_t> tags(T.size(), kTagO);
  if (margins) margins->assign(T.size(), 0);
  std::vector<std::string> names;
  std::vector<int> feats;
  int p1 = -1, p2 = -1;
  bool seen[4] = {false, false, false, false};
  for (std::size_t i = 0; i < T.size(); ++i) {
    if (i == 0 || T[i].para != T[i - 1].para) p1 = p2 = -1;
    if (i == 0 || T[i].sentence != T[i - 1].sentence) seen[1] = seen[2] = seen[3] = false;
    names.clear();
    ctx.static_features(i, names);
    std::string pt = p1 < 0 ? "^" : kTagNames[p1];
    std::string pt2 = p2 < 0 ? "^" : kTagNames[p2];
    names.push_back("p1=" + pt);
    names.push_back("p2p1=" + pt2 + "|" + pt);
    names.push_back("p1w=" + pt + "|" + T[i].lower);
    names.push_back(std::string("p1sh=") + pt + shape(T[i]));
    names.push_back("p1r=" + pt + (ctx.rule[i] ? ctx.rule[i] : '-') + (ctx.lex[i] ? ctx.lex[i] : '-'));
    std::string s = std::string("seen=") + (seen[1] ? 'S' : '-') + (seen[2] ? 'C' : '-') +
                    (seen[3] ? 'N' : '-');
    names.push_back(s);
    names.push_back(s + "|" + pt);
    names.push_back(s + "|" + (ctx.lex[i] ? ctx.lex[i] : '-') + (ctx.rule[i] ? ctx.rule[i] : '-'));
    feats.clear();
    for (const std::string& n : names) feats.push_back(feature_id(n, grow));
    Weights score{};
    for (int f : feats)
      if (f >= 0)
        for (int c = 0; c < kTagCount; ++c) score[c] += w_[f][c];
    int best = kTagO;
    float best_score = -1e30f, second = -1e30f;
    for (int c = 0; c < kTagCount; ++c) {
      // I-X continues X only.
      if (c % 2 == 0 && c != kTagO && (p1 < 0 || role(p1) != role(c))) continue;
      if (score[c] > best_score) {
        second = best_score;
        best_score = score[c], best = c;
      } else if (score[c] > second) {
        second = score[c];
      }
    }
    if (margins) (*margins)[i] = best_score - second;
    if (gold) {
      int truth = (*gold)[i];
      // A span the tagger did not open cannot be continued: learn to open it.
      if (truth != kTagO && truth % 2 == 0 && (p1 < 0 || role(p1) != role(truth))) --truth;
      if (truth != best && errors) ++*errors;
      update(feats, truth, best);
    }
    tags[i] = static_cast<std::uint8_t>(best);
    seen[role(best)] = true;
    p2 = p1;
    p1 = best;
  }
  return tags;
}

std::vector<std::uint8_t> AttributionTagger::tag(const TokenizedText& tt,
                                                 const std::vector<Attribution>& rules,
                                                 std::vector<float>* margins) const {
  // run() changes the model only when given gold tags.
  return const_cast<AttributionTagger*>(this)->run(tt, rules, nullptr, false, nullptr, margins);
}

std::size_t AttributionTagger::train(const TokenizedText& tt, const std::vector<Attribution>& rules,
                                     const std::vector<std::uint8_t>& gold, bool grow) {
  if (gold.size() != tt.tokens.size()) throw Error("attribution tagger: gold tags do not match tokens");
  std::size_t errors = 0;
  run(tt, rules, &gold, grow, &errors, nullptr);
  return errors;
}

void AttributionTagger::finish_training(float min_weight) {
  std::unordered_map<std::string, int> index;
  std::vector<Weights> w;
  for (const auto& [name, f] : index_) {
    Weights avg{};
    float big = 0;
    for (int c = 0; c < kTagCount; ++c) {
      double total = totals_[f][c] + static_cast<double>(clock_ - stamps_[f][c]) * w_[f][c];
      avg[c] = clock_ ? static_cast<float>(total / clock_) : w_[f][c];
      big = std::max(big, std::fabs(avg[c]));
    }
    if (big < min_weight) continue;
    index.emplace(name, static_cast<int>(w.size()));
    w.push_back(avg);
  }
  index_ = std::move(index);
  w_ = std::move(w);
  totals_.clear();
  stamps_.clear();
  clock_ = 0;
}

std::string AttributionTagger::serialize() const {
  std::vector<std::pair<std::string, int>> sorted(index_.begin(), index_.end());
  std::sort(sorted.begin(), sorted.end());
  std::string out(kModelHeader);
  out += '\n';
  char buf[32];
  for (const auto& [name, f] : sorted) {
    out += name;
    for (int c = 0; c < kTagCount; ++c) {
      if (w_[f][c] == 0) continue;
      std::snprintf(buf, sizeof buf, "\t%d:%.3g", c, w_[f][c]);
      out += buf;
    }
    out += '\n';
  }
  return out;
}

AttributionTagger AttributionTagger::parse(std::string_view text, const std::string& where) {
  AttributionTagger m;
  std::size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line_no == 1) {
      if (line != kModelHeader)
        throw Error(where + " is not a whosaid attribution model (rebuild it with scripts/train_attribution.sh)");
      continue;
    }
    if (line.empty()) continue;
    std::size_t tab = line.find('\t');
    std::string name(line.substr(0, tab));
    Weights wt{};
    while (tab != std::string_view::npos) {
      std::size_t next = line.find('\t', tab + 1);
      std::string field(line.substr(tab + 1, next == std::string_view::npos ? std::string_view::npos
                                                                            : next - tab - 1));
      char* end = nullptr;
      long c = std::strtol(field.c_str(), &end, 10);
      if (*end != ':' || c < 0 || c >= kTagCount)
        throw Error(where + ":" + std::to_string(line_no) + ": malformed weight '" + field + "'");
      wt[c] = std::strtof(end + 1, nullptr);
      tab = next;
    }
    m.index_.emplace(std::move(name), static_cast<int>(m.w_.size()));
    m.w_.push_back(wt);
  }
  if (line_no == 0) throw Error(where + " is empty (rebuild it with scripts/train_attribution.sh)");
  return m;
}

std::vector<Attribution> attributions_from_tags(const TokenizedText& tt,
                                                const std::vector<std::uint8_t>& tags,
                                                const std::vector<float>* margins,
                                                float min_cue_margin) {
  const auto& T = tt.tokens;
  struct Span {
    int role;
    TokenRange r;
    int owner = -1;
  };
  std::vector<Attribution> out;
  std::size_t i = 0;
  while (i < T.size()) {
    // One paragraph at a time.
    std::size_t pe = i + 1;
    while (pe < T.size() && T[pe].para == T[i].para) ++pe;
    std::vector<Span> spans;
    for (std::size_t k = i; k < pe;) {
      int r = role(tags[k]);
      if (r == 0) {
        ++k;
        continue;
      }
      std::size_t e = k + 1;
      while (e < pe && tags[e] == tags[k] + (tags[k] % 2 == 1 ? 1 : 0) && role(tags[e]) == r) ++e;
      spans.push_back({r, {k, e}});
      k = e;
    }
    std::vector<std::size_t> anchors;
    for (std::size_t s = 0; s < spans.size(); ++s)
      if (spans[s].role == 2) anchors.push_back(s);
    auto distance = [&](const Span& a, const Span& b) {
      std::size_t d = a.r.end <= b.r.begin ? b.r.begin - a.r.end : (b.r.end <= a.r.begin ? a.r.begin - b.r.end : 0);
      if (T[a.r.begin].sentence != T[b.r.begin].sentence) d += 1000;
      return d;
    };
    if (!anchors.empty()) {
      for (Span& s : spans) {
        if (s.role == 2) continue;
        std::size_t best = 0, best_d = SIZE_MAX;
        for (std::size_t a : anchors) {
          std::size_t d = distance(s, spans[a]);
          if (d < best_d) best_d = d, best = a;
        }
        s.owner = static_cast<int>(best);
      }
    }
    for (std::size_t a : anchors) {
      Attribution at;
      at.cue = spans[a].r;
      std::size_t src_d = SIZE_MAX;
      std::size_t cb = SIZE_MAX, ce = 0;
      for (const Span& s : spans) {
        if (s.owner != static_cast<int>(a)) continue;
        if (s.role == 1) {
          std::size_t d = distance(s, spans[a]);
          if (d < src_d) src_d = d, at.source = s.r;
        } else if (s.role == 3) {
          cb = std::min(cb, s.r.begin);
          ce = std::max(ce, s.r.end);
        }
      }
      if (at.source.empty() || cb >= ce) continue;
      if (!plausible(T, at)) continue;
      if (margins) {
        float m = 1e30f;
        for (std::size_t k = at.cue.begin; k < at.cue.end; ++k) m = std::min(m, (*margins)[k]);
        if (m < min_cue_margin) continue;
      }
      at.content = {cb, ce};
      for (std::size_t k = at.cue.begin; k < at.cue.end; ++k) {
        if (!at.cue_text.empty()) at.cue_text += ' ';
        at.cue_text += T[k].lower;
      }
      // Direct when the content is one quotation (marks included or not).
      std::size_t wb = cb, we = ce;
      while (wb < we && !T[wb].is_word()) ++wb;
      while (we > wb && !T[we - 1].is_word()) --we;
      at.direct = wb < we && T[wb].quote >= 0 && T[we - 1].quote == T[wb].quote;
      if (at.direct) {
        const QuoteRegion& q = tt.quotes[T[wb].quote];
        if (cb <= q.open_token && q.close_token < ce) at.content = {q.open_token + 1, q.close_token};
        at.content_start = T[at.content.begin].start;
        at.content_end = T[at.content.end - 1].end;
        // Spans keep the marks out, as the rules do.
        if (at.content.empty()) continue;
      } else {
        at.content_start = T[cb].start;
        at.content_end = T[ce - 1].end;
      }
      out.push_back(std::move(at));
    }
    i = pe;
  }
  return out;
}

std::vector<Attribution> merge_attributions(const TokenizedText& tt, std::vector<Attribution> rules,
                                            const std::vector<Attribution>& model) {
  (void)tt;
  auto overlap = [](TokenRange a, TokenRange b) {
    return !a.empty() && !b.empty() && a.begin < b.end && b.begin < a.end;
  };
  std::vector<std::pair<Attribution, int>> all;  // attribution, original rule index (-1: model)
  for (std::size_t k = 0; k < rules.size(); ++k) all.emplace_back(std::move(rules[k]), static_cast<int>(k));
  std::size_t n_rules = all.size();
  for (const Attribution& m : model) {
    bool clash = false;
    for (std::size_t k = 0; k < all.size() && !clash; ++k) {
      const Attribution& r = all[k].first;
      clash = overlap(m.content, r.content) || overlap(m.source, r.source) ||
              overlap(m.cue, r.cue) || overlap(m.source, r.content) || overlap(m.cue, r.content) ||
              overlap(m.content, r.source) || overlap(m.content, r.cue);
    }
    if (!clash) all.emplace_back(m, -1);
  }
  if (all.size() == n_rules) {
    std::vector<Attribution> out;
    out.reserve(all.size());
    for (auto& [a, k] : all) out.push_back(std::move(a));
    return out;
  }
  std::stable_sort(all.begin(), all.end(), [](const auto& x, const auto& y) {
    return x.first.content_start < y.first.content_start;
  });
  std::vector<int> new_index(n_rules, -1);
  for (std::size_t n = 0; n < all.size(); ++n)
    if (all[n].second >= 0) new_index[all[n].second] = static_cast<int>(n);
  std::vector<Attribution> out;
  out.reserve(all.size());
  for (auto& [a, k] : all) {
    if (a.inherits >= 0) a.inherits = new_index[a.inherits];
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<std::uint8_t> tags_from_spans(const TokenizedText& tt,
                                          const std::vector<SpanPieces>& attrs) {
  const auto& T = tt.tokens;
  std::vector<std::uint8_t> tags(T.size(), kTagO);
  auto mark = [&](std::size_t s, std::size_t e, int b) {
    // Tokens overlapping [s, e); T is sorted by start.
    auto it = std::lower_bound(T.begin(), T.end(), s,
                               [](const Token& t, std::size_t v) { return t.end <= v; });
    bool first = true;
    for (; it != T.end() && it->start < e; ++it) {
      std::size_t k = static_cast<std::size_t>(it - T.begin());
      tags[k] = static_cast<std::uint8_t>(first ? b : b + 1);
      first = false;
    }
  };
  for (const SpanPieces& a : attrs) {
    if (!a.source.empty()) {
      std::size_t s = a.source.front().first, e = a.source.front().second;
      for (const auto& p : a.source) s = std::min(s, p.first), e = std::max(e, p.second);
      mark(s, e, kTagBSource);
    }
    for (const auto& p : a.cue) mark(p.first, p.second, kTagBCue);
    for (const auto& p : a.content) mark(p.first, p.second, kTagBContent);
  }
  return tags;
}

const AttributionTagger* shared_attribution_tagger() {
  static std::once_flag once;
  static std::unique_ptr<AttributionTagger> model;
  std::call_once(once, [] {
    std::string path;
    if (const char* env = std::getenv("WHOSAID_ATTRIBUTION_MODEL"); env && *env) {
      path = env;
      if (path == "none") return;
    } else {
#ifdef WHOSAID_DATA_DIR
      std::filesystem::path p = std::filesystem::path(WHOSAID_DATA_DIR) / "attribution.model";
      std::error_code ec;
      if (!std::filesystem::is_regular_file(p, ec)) return;
      path = p.string();
#else
      return;
#endif
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot read the attribution model " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    model = std::make_unique<AttributionTagger>(AttributionTagger::parse(ss.str(), path));
  });
  return model.get();
}

}  // namespace whosaid
