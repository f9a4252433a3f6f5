// The averaged structured-perceptron attribution tagger (see
// attribution_tagger.h). Features of a token: its word, suffix and shape
// and those of its neighbours, capitalised runs, its place in the sentence,
// whether it is inside a quotation and how far the nearest marks are, the
// cue lexicon of lexicon/lexicon.h (is a cue here, how far the nearest cue
// of the sentence is and on which side), the rule extractor's spans
// (source, cue, content), and first-order features of the previous tag.
// Features are hashed to 64-bit keys (no strings at tag time) looked up in
// one open-addressing table; decoding is Viterbi per paragraph, I-X only
// after B-X or I-X.
#include "indexer/extract/quotes/attribution_tagger.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

#include "core/error.h"
#include "indexer/extract/lexicon/lexicon.h"

namespace whosaid {

namespace detail {
extern const std::string_view kAttributionModelTsv;
}

namespace {

constexpr std::string_view kModelHeader = "whosaid-attribution-model 2";

// The role of a tag: 0 none, 1 source, 2 cue, 3 content.
int role(int tag) { return (tag + 1) / 2; }

char shape(const Token& t) {
  switch (t.kind) {
    case Token::kNumber:
      return 'd';
    case Token::kQuoteOpen:
      return 'q';
    case Token::kQuoteClose:
      return 'Q';
    case Token::kPunct:
      return t.text == "," ? ',' : (t.text == "." ? '.' : 'p');
    case Token::kWord:
      return t.all_caps ? 'A' : (t.cap ? 'C' : 'a');
  }
  return 'p';
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
  for (std::size_t k = a.source.begin; k < a.source.end; ++k)
    word = word || T[k].kind == Token::kWord;
  return word;
}

}  // namespace

namespace {

// Feature hashing: a feature is a template number and up to three values
// (word hashes, small codes), mixed into one 64-bit key (never 0, which
// marks an empty slot).
inline std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

std::uint64_t hash_word(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return mix(h);
}

inline std::uint64_t fkey(std::uint64_t templ, std::uint64_t a = 0, std::uint64_t b = 0,
                          std::uint64_t c = 0) {
  std::uint64_t h = mix(templ * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL);
  h = mix(h ^ (a + 0x8cb92ba72f3d8dd7ULL));
  if (b) h = mix(h ^ (b + 0xd6e8feb86659fd93ULL));
  if (c) h = mix(h ^ (c + 0xa0761d6478bd642fULL));
  return h ? h : 1;
}

// Feature templates (their numbers are part of the model format).
enum Templ : std::uint64_t {
  kBias = 1,
  kW0,
  kWm1,
  kWp1,
  kWm2,
  kWp2,
  kWm1W0,
  kW0Wp1,
  kSuf3,
  kSuf2,
  kShape3,
  kShape0,
  kSentStart,
  kParaStart,
  kInQuote,
  kSrcNoun,
  kPron,
  kTitle,
  kOrg,
  kLex,
  kLexNb,
  kRule,
  kRuleW,
  kRuleNb,
  kCueL,
  kCueLW,
  kCueLSh,
  kCueR,
  kCueRW,
  kCueRSh,
  kShape5,
  kWm1Sh0,
  kWp1Sh0,
  kCapRun,
  kSentPos,
  kSentEnd,
  kQuoteL,
  kQuoteR,
  kCueLR,
  kW0CueR,
  kDet,
  kSentQuote,
  kW0CueL,
  kRuleLex,
  // Conjoined with the previous tag (first-order features).
  kP1 = 100,
  kP1Sh,
  kP1RuleLex,
  kP1W,
};

std::uint64_t bucket(std::size_t d) {
  if (d <= 3) return d + 1;
  if (d <= 6) return 5;
  if (d <= 10) return 6;
  if (d <= 20) return 7;
  return 8;
}

std::uint64_t hash_suffix(const std::string& w, std::size_t n) {
  if (w.size() <= n) return hash_word(w) ^ 0x5555;
  std::size_t b = w.size() - n;
  while (b > 0 && (static_cast<unsigned char>(w[b]) & 0xC0) == 0x80) --b;  // UTF-8 lead byte
  return hash_word(std::string_view(w).substr(b)) ^ 0x5555;
}

// Whether tag Y may follow tag P (P == kTagCount: paragraph start): I-X
// continues X only.
inline bool allowed(int p, int y) {
  if (y == kTagO || y % 2 == 1) return true;
  return p != kTagCount && p != kTagO && role(p) == role(y);
}

// Shapes (see shape()) and rule/lexicon marks as small codes, for the
// dense tables of first-order features.
constexpr int kShapeCodes = 10, kRuleLexCodes = 21;
std::uint8_t shape_code(char c) {
  static constexpr std::string_view kShapes = "dqQ,.pACa^";
  std::size_t k = kShapes.find(c);
  return static_cast<std::uint8_t>(k == std::string_view::npos ? 5 : k);
}

inline std::uint64_t pair_key(Templ t, int prev, std::uint64_t code) {
  return fkey(t, static_cast<std::uint64_t>(prev) + 1, code + 1);
}

constexpr std::uint64_t kNoWord = 0x1234567;   // outside the paragraph
constexpr std::uint64_t kNumWord = 0x7654321;  // any number

// Whether R is exactly a cue of the lexicon (lexicon/lexicon.h).
bool lexicon_cue(const std::vector<Token>& T, TokenRange r) {
  std::vector<std::string_view> words;
  for (std::size_t k = r.begin; k < T.size() && words.size() < 4 && T[k].kind == Token::kWord; ++k)
    words.push_back(T[k].lower);
  std::size_t n = match_cue(words).words;
  return n > 0 && n == r.end - r.begin;
}

// Whether R has a word that is not a function word (a cue "of" is not).
bool content_word(const std::vector<Token>& T, TokenRange r) {
  for (std::size_t k = r.begin; k < r.end; ++k)
    if (T[k].kind == Token::kWord && !is_function_word(T[k].lower)) return true;
  return false;
}

// Whether source R names someone: a pronoun, a source noun or title
// ("officials", "the governor"), or a name of two words or more.
bool names_someone(const std::vector<Token>& T, TokenRange r) {
  std::size_t caps = 0;
  for (std::size_t k = r.begin; k < r.end; ++k) {
    const std::string& w = T[k].lower;
    if (is_pronoun(w) || is_source_noun(w) || is_title(w)) return true;
    if (T[k].kind == Token::kWord && T[k].cap && !is_function_word(w)) ++caps;
  }
  return caps >= 2;
}

}  // namespace

// What the features of one article need besides the tokens, and the
// static (tag-independent) feature keys of the tokens of one window
// (build_keys: a paragraph, or part of a long one), so that the keys, about
// 50 per token, are never held for a whole long text.
struct AttributionTagger::Context {
  const TokenizedText& tt;
  std::vector<char> rule;  // 'S','C','N' (content) or 0, by rule extraction
  std::vector<bool> rule_begin;
  std::vector<char> lex;                 // 'B'/'I' inside a lexicon cue, else 0
  std::vector<int> cue_left, cue_right;  // nearest lexicon/rule cue of the sentence, -1
  std::vector<std::uint64_t> wh;         // word hashes
  std::vector<char> sh;                  // shapes
  std::vector<std::uint64_t>& keys;      // static feature keys of the window (a per-thread buffer)
  std::size_t base = 0;                  // the window's first token
  std::vector<std::size_t> offset;       // token i: keys[offset[i - base], offset[i - base + 1])
  std::vector<std::uint8_t> sh_code;     // shape as a small code (kShapeCodes)
  std::vector<std::uint8_t> rl_code;     // rule and lexicon marks as a small code (kRuleLexCodes)

  Context(const TokenizedText& t, const std::vector<Attribution>& rules)
      : tt(t),
        rule(t.tokens.size(), 0),
        rule_begin(t.tokens.size(), false),
        lex(t.tokens.size(), 0),
        cue_left(t.tokens.size(), -1),
        cue_right(t.tokens.size(), -1),
        keys(key_buffer()) {
    const auto& T = tt.tokens;
    const std::size_t n = T.size();
    auto mark = [&](TokenRange r, char c) {
      for (std::size_t k = r.begin; k < r.end && k < n; ++k) {
        if (!rule[k]) rule[k] = c;
        rule_begin[k] = k == r.begin;
      }
    };
    for (const Attribution& a : rules) {
      mark(a.source, 'S');
      mark(a.cue, 'C');
      mark(a.content, 'N');
    }
    std::vector<std::string_view> words;
    for (std::size_t i = 0; i < n; ++i) {
      if (T[i].kind != Token::kWord || lex[i]) continue;
      words.clear();
      for (std::size_t k = i; k < n && words.size() < 4 && T[k].kind == Token::kWord; ++k)
        words.push_back(T[k].lower);
      Cue c = match_cue(words);
      for (std::size_t k = 0; k < c.words; ++k) lex[i + k] = k == 0 ? 'B' : 'I';
    }
    int last = -1, sent = -1;
    for (std::size_t i = 0; i < n; ++i) {
      if (T[i].sentence != sent) last = -1, sent = T[i].sentence;
      cue_left[i] = last;
      if (lex[i] == 'B' || (rule[i] == 'C' && rule_begin[i])) last = static_cast<int>(i);
    }
    last = -1, sent = -1;
    for (std::size_t i = n; i-- > 0;) {
      if (T[i].sentence != sent) last = -1, sent = T[i].sentence;
      cue_right[i] = last;
      if (lex[i] == 'B' || (rule[i] == 'C' && rule_begin[i])) last = static_cast<int>(i);
    }
    wh.resize(n);
    sh.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      wh[i] = T[i].kind == Token::kNumber ? kNumWord : hash_word(T[i].lower);
      sh[i] = shape(T[i]);
    }
    prepare();
  }

  // The static keys of token I, which must lie in the last window given
  // to build_keys().
  std::size_t keys_begin(std::size_t i) const { return offset[i - base]; }
  std::size_t keys_end(std::size_t i) const { return offset[i - base + 1]; }

  static std::vector<std::uint64_t>& key_buffer() {
    thread_local std::vector<std::uint64_t> buffer;
    buffer.clear();
    return buffer;
  }

  // What build_keys() reads about every token, for the whole text.
  std::vector<std::uint8_t> run_pos, run_len;
  std::vector<std::size_t> sent_begin, sent_end;
  std::vector<bool> sent_quote;
  std::vector<int> qclose_left, qopen_right;

  void prepare() {
    const auto& T = tt.tokens;
    const std::size_t n = T.size();
    // Capitalised runs (names): position in the run and its length.
    run_pos.assign(n, 0);
    run_len.assign(n, 0);
    for (std::size_t i = 0; i < n;) {
      if (T[i].kind != Token::kWord || !T[i].cap) {
        ++i;
        continue;
      }
      std::size_t e = i + 1;
      while (e < n && T[e].para == T[i].para && T[e].kind == Token::kWord &&
             (T[e].cap || is_name_particle(T[e].lower)))
        ++e;
      for (std::size_t k = i; k < e; ++k) {
        run_pos[k] = e - i == 1 ? 4 : (k == i ? 1 : (k + 1 == e ? 3 : 2));
        run_len[k] = static_cast<std::uint8_t>(std::min<std::size_t>(e - i, 4));
      }
      i = e;
    }
    // Sentence bounds and quotation marks around each token.
    sent_begin.assign(n, 0);
    sent_end.assign(n, 0);
    sent_quote.assign(n, false);
    for (std::size_t i = 0; i < n;) {
      std::size_t e = i + 1;
      while (e < n && T[e].sentence == T[i].sentence) ++e;
      bool q = false;
      for (std::size_t k = i; k < e; ++k) q = q || T[k].quote >= 0;
      for (std::size_t k = i; k < e; ++k) sent_begin[k] = i, sent_end[k] = e, sent_quote[k] = q;
      i = e;
    }
    qclose_left.assign(n, -1);
    qopen_right.assign(n, -1);
    {
      int last = -1;
      for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && T[i].para != T[i - 1].para) last = -1;
        qclose_left[i] = last;
        if (T[i].kind == Token::kQuoteClose) last = static_cast<int>(i);
      }
      last = -1;
      for (std::size_t i = n; i-- > 0;) {
        if (i + 1 < n && T[i].para != T[i + 1].para) last = -1;
        qopen_right[i] = last;
        if (T[i].kind == Token::kQuoteOpen) last = static_cast<int>(i);
      }
    }
    sh_code.assign(n, 0);
    rl_code.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      sh_code[i] = shape_code(sh[i]);
      int rc = rule[i] == 'S' ? 1 : rule[i] == 'C' ? 3 : rule[i] == 'N' ? 5 : 0;
      if (rc && !rule_begin[i]) ++rc;
      rl_code[i] = static_cast<std::uint8_t>(rc * 3 + (lex[i] == 'B' ? 1 : lex[i] == 'I' ? 2 : 0));
    }
  }

  // The static keys of the tokens [B, E) into `keys` (replacing the
  // previous window's).
  void build_keys(std::size_t b, std::size_t e) {
    const auto& T = tt.tokens;
    const std::size_t n = T.size();
    keys.clear();
    keys.reserve((e - b) * 48);
    base = b;
    offset.assign(e - b + 1, 0);
    for (std::size_t i = b; i < e; ++i) {
      offset[i - b] = keys.size();
      const Token& t = T[i];
      long li = static_cast<long>(i);
      auto same = [&](long k) { return k >= 0 && k < static_cast<long>(n) && T[k].para == t.para; };
      auto w = [&](long k) { return same(k) ? wh[k] : kNoWord; };
      auto s = [&](long k) -> std::uint64_t { return same(k) ? sh[k] : '^'; };
      auto r = [&](long k) -> std::uint64_t {
        return same(k) && rule[k] ? static_cast<std::uint64_t>(rule[k]) * 2 + rule_begin[k] : 1;
      };
      auto lx = [&](long k) -> std::uint64_t { return same(k) && lex[k] ? lex[k] : 1; };
      std::uint64_t w0 = w(li), wm1 = w(li - 1), wp1 = w(li + 1);
      std::uint64_t s0 = s(li);
      auto add = [&](std::uint64_t k) { keys.push_back(k); };
      add(fkey(kBias));
      add(fkey(kW0, w0));
      add(fkey(kWm1, wm1));
      add(fkey(kWp1, wp1));
      add(fkey(kWm2, w(li - 2)));
      add(fkey(kWp2, w(li + 2)));
      add(fkey(kWm1W0, wm1, w0));
      add(fkey(kW0Wp1, w0, wp1));
      if (t.kind == Token::kWord) {
        add(fkey(kSuf3, hash_suffix(t.lower, 3)));
        add(fkey(kSuf2, hash_suffix(t.lower, 2)));
      }
      add(fkey(kShape3, s(li - 1), s0, s(li + 1)));
      add(fkey(kShape5, s(li - 2) << 16 | s(li - 1) << 8 | s0, s(li + 1), s(li + 2)));
      add(fkey(kShape0, s0));
      add(fkey(kWm1Sh0, wm1, s0));
      add(fkey(kWp1Sh0, wp1, s0));
      if (i == sent_begin[i]) add(fkey(kSentStart));
      if (t.para_start) add(fkey(kParaStart));
      add(fkey(kInQuote, t.quote >= 0 ? 2 : 1, s0));
      add(fkey(kSentQuote, sent_quote[i] ? 2 : 1, t.quote >= 0 ? 2 : 1));
      if (t.kind == Token::kWord) {
        if (is_source_noun(t.lower)) add(fkey(kSrcNoun));
        if (is_pronoun(t.lower)) add(fkey(kPron));
        if (is_title(t.lower)) add(fkey(kTitle));
        if (is_org_word(t.lower)) add(fkey(kOrg));
        if (is_determiner(t.lower)) add(fkey(kDet));
      }
      add(fkey(kLex, lx(li)));
      add(fkey(kLexNb, lx(li - 1), lx(li + 1)));
      add(fkey(kRule, r(li)));
      add(fkey(kRuleW, r(li), w0));
      add(fkey(kRuleNb, r(li - 1), r(li + 1)));
      add(fkey(kRuleLex, r(li), lx(li), s0));
      if (run_pos[i]) add(fkey(kCapRun, run_pos[i], run_len[i]));
      add(fkey(kSentPos, bucket(i - sent_begin[i])));
      add(fkey(kSentEnd, bucket(sent_end[i] - 1 - i), s0));
      std::uint64_t dl = 0, dr = 0;
      if (cue_left[i] >= 0) {
        dl = bucket(i - cue_left[i]);
        add(fkey(kCueL, dl));
        add(fkey(kCueLW, wh[cue_left[i]]));
        add(fkey(kCueLSh, dl, s0));
        add(fkey(kW0CueL, w0, dl));
      }
      if (cue_right[i] >= 0) {
        dr = bucket(cue_right[i] - i);
        add(fkey(kCueR, dr));
        add(fkey(kCueRW, wh[cue_right[i]]));
        add(fkey(kCueRSh, dr, s0));
        add(fkey(kW0CueR, w0, dr));
      }
      add(fkey(kCueLR, dl + 1, dr + 1));
      add(fkey(kQuoteL, qclose_left[i] >= 0 ? bucket(i - qclose_left[i]) : 9));
      add(fkey(kQuoteR, qopen_right[i] >= 0 ? bucket(qopen_right[i] - i) : 9));
    }
    offset[e - b] = keys.size();
  }

  // The first-order feature keys of token I after tag P (kTagCount: none).
  void pair_keys(std::size_t i, int p, std::uint64_t out[4]) const {
    out[0] = pair_key(kP1, p, 0);
    out[1] = pair_key(kP1Sh, p, sh_code[i]);
    out[2] = pair_key(kP1RuleLex, p, rl_code[i]);
    out[3] = pair_key(kP1W, p, wh[i]);
  }
};
constexpr int kPairKeys = 4;

const AttributionTagger::Weights* AttributionTagger::find(std::uint64_t key) const {
  if (training_) {
    auto it = train_index_.find(key);
    return it == train_index_.end() ? nullptr : &train_w_[it->second];
  }
  if (keys_.empty()) return nullptr;
  const std::size_t mask = keys_.size() - 1;
  for (std::size_t h = key & mask;; h = (h + 1) & mask) {
    std::uint64_t k = keys_[h];
    if (k == key) return &weights_[h];
    if (k == 0) return nullptr;
  }
}

// The dense tables: previous tag (kTagCount + 1 values) by code, for the
// transitions (1 code), shapes and rule/lexicon marks.
constexpr int kDenseP1 = 0, kDenseSh = 1, kDenseRl = 1 + kShapeCodes,
              kDenseCodes = 1 + kShapeCodes + kRuleLexCodes;

void AttributionTagger::build(std::vector<std::pair<std::uint64_t, Weights>> feats) {
  std::size_t cap = 1024;
  while (cap < feats.size() * 2) cap *= 2;
  keys_.assign(cap, 0);
  weights_.assign(cap, Weights{});
  count_ = 0;
  const std::size_t mask = cap - 1;
  for (const auto& [key, w] : feats) {
    std::size_t h = key & mask;
    while (keys_[h] != 0 && keys_[h] != key) h = (h + 1) & mask;
    if (keys_[h] == 0) ++count_;
    keys_[h] = key;
    weights_[h] = w;
  }
  dense_.assign(static_cast<std::size_t>(kTagCount + 1) * kDenseCodes, Weights{});
  for (int p = 0; p <= kTagCount; ++p) {
    Weights* d = &dense_[static_cast<std::size_t>(p) * kDenseCodes];
    auto get = [&](std::uint64_t key) {
      const Weights* w = find(key);
      return w ? *w : Weights{};
    };
    d[kDenseP1] = get(pair_key(kP1, p, 0));
    for (int c = 0; c < kShapeCodes; ++c) d[kDenseSh + c] = get(pair_key(kP1Sh, p, c));
    for (int c = 0; c < kRuleLexCodes; ++c) d[kDenseRl + c] = get(pair_key(kP1RuleLex, p, c));
  }
}

void AttributionTagger::update(std::uint64_t key, int tag, float delta, bool grow) {
  auto it = train_index_.find(key);
  std::uint32_t f;
  if (it != train_index_.end()) {
    f = it->second;
  } else {
    if (!grow) return;
    f = static_cast<std::uint32_t>(train_w_.size());
    train_index_.emplace(key, f);
    train_w_.push_back({});
    totals_.push_back({});
    stamps_.push_back({});
  }
  totals_[f][tag] += static_cast<double>(clock_ - stamps_[f][tag]) * train_w_[f][tag];
  stamps_[f][tag] = clock_;
  train_w_[f][tag] += delta;
}

// Viterbi over tokens [BEGIN, END) (one paragraph) into OUT; MARGINS (when
// given) receives the max-marginal margins.
void AttributionTagger::decode(const Context& ctx, std::size_t begin, std::size_t end,
                               std::uint8_t* out, float* margins) const {
  const std::size_t len = end - begin;
  constexpr int K = kTagCount, P = kTagCount + 1;  // P: previous tags incl. "none"
  // score[i][p][y]: emission plus first-order weights of token i.
  thread_local std::vector<float> score, delta, beta;
  thread_local std::vector<std::uint8_t> back;
  score.assign(len * P * K, 0.0f);
  delta.assign(len * K, 0.0f);
  back.assign(len * K, 0);
  std::uint64_t pk[kPairKeys];
  for (std::size_t j = 0; j < len; ++j) {
    std::size_t i = begin + j;
    Weights e{};
    if (!training_ && !keys_.empty()) {
      // Prefetch the token's slots first: the lookups then overlap their
      // cache misses.
      const std::size_t mask = keys_.size() - 1;
      for (std::size_t k = ctx.keys_begin(i); k < ctx.keys_end(i); ++k)
        __builtin_prefetch(&keys_[ctx.keys[k] & mask]);
    }
    for (std::size_t k = ctx.keys_begin(i); k < ctx.keys_end(i); ++k)
      if (const Weights* w = find(ctx.keys[k]))
        for (int y = 0; y < K; ++y) e[y] += (*w)[y];
    if (!training_) e[kTagO] -= o_bias_;
    for (int p = 0; p < P; ++p) {
      if (j == 0 ? p != kTagCount : p == kTagCount) continue;
      float* sc = &score[(j * P + p) * K];
      for (int y = 0; y < K; ++y) sc[y] = e[y];
      if (training_) {
        ctx.pair_keys(i, p, pk);
        for (int q = 0; q < kPairKeys; ++q)
          if (const Weights* w = find(pk[q]))
            for (int y = 0; y < K; ++y) sc[y] += (*w)[y];
        continue;
      }
      const Weights* d = &dense_[static_cast<std::size_t>(p) * kDenseCodes];
      const Weights& a = d[kDenseP1];
      const Weights& b = d[kDenseSh + ctx.sh_code[i]];
      const Weights& c = d[kDenseRl + ctx.rl_code[i]];
      for (int y = 0; y < K; ++y) sc[y] += a[y] + b[y] + c[y];
      if (const Weights* w = find(pair_key(kP1W, p, ctx.wh[i])))
        for (int y = 0; y < K; ++y) sc[y] += (*w)[y];
    }
  }
  constexpr float kNeg = -1e30f;
  for (int y = 0; y < K; ++y) {
    delta[y] = allowed(kTagCount, y) ? score[kTagCount * K + y] : kNeg;
    back[y] = kTagCount;
  }
  for (std::size_t j = 1; j < len; ++j) {
    for (int y = 0; y < K; ++y) {
      float best = kNeg;
      int arg = kTagO;
      for (int p = 0; p < K; ++p) {
        if (!allowed(p, y) || delta[(j - 1) * K + p] <= kNeg) continue;
        float v = delta[(j - 1) * K + p] + score[(j * P + p) * K + y];
        if (v > best) best = v, arg = p;
      }
      delta[j * K + y] = best;
      back[j * K + y] = static_cast<std::uint8_t>(arg);
    }
  }
  int y = kTagO;
  for (int c = 0; c < K; ++c)
    if (delta[(len - 1) * K + c] > delta[(len - 1) * K + y]) y = c;
  for (std::size_t j = len; j-- > 0;) {
    out[j] = static_cast<std::uint8_t>(y);
    if (j > 0) y = back[j * K + y];
  }
  if (!margins) return;
  // Max-marginals: best prefix ending in y plus best suffix following y.
  beta.assign(len * K, 0.0f);
  for (std::size_t j = len - 1; j-- > 0;) {
    for (int p = 0; p < K; ++p) {
      float best = kNeg;
      for (int c = 0; c < K; ++c) {
        if (!allowed(p, c)) continue;
        float v = score[((j + 1) * P + p) * K + c] + beta[(j + 1) * K + c];
        best = std::max(best, v);
      }
      beta[j * K + p] = best;
    }
  }
  for (std::size_t j = 0; j < len; ++j) {
    int b = out[j];
    float top = delta[j * K + b] + beta[j * K + b], second = kNeg;
    for (int c = 0; c < K; ++c)
      if (c != b && delta[j * K + c] > kNeg)
        second = std::max(second, delta[j * K + c] + beta[j * K + c]);
    margins[j] = second <= kNeg ? 1e30f : top - second;
  }
}

std::vector<std::uint8_t> AttributionTagger::tag(const TokenizedText& tt,
                                                 const std::vector<Attribution>& rules,
                                                 std::vector<float>* margins) const {
  const auto& T = tt.tokens;
  std::vector<std::uint8_t> tags(T.size(), kTagO);
  if (margins) margins->assign(T.size(), 0);
  if (T.empty()) return tags;
  Context ctx(tt, rules);
  for (std::size_t b = 0; b < T.size();) {
    std::size_t e = b + 1;
    while (e < T.size() && T[e].para == T[b].para) ++e;
    // A paragraph over kMaxTagWindow tokens is decoded in windows of whole
    // sentences (sentences never exceed kMaxSentenceTokens), so that the
    // keys and Viterbi tables stay small; news paragraphs are far shorter.
    for (std::size_t w = b; w < e;) {
      std::size_t we = e;
      if (e - w > kMaxTagWindow) {
        we = w;
        while (we < e) {
          std::size_t se = std::min(tt.sentences[T[we].sentence].end, e);
          if (se - w > kMaxTagWindow && we > w) break;
          we = se;
        }
      }
      ctx.build_keys(w, we);
      decode(ctx, w, we, tags.data() + w, margins ? margins->data() + w : nullptr);
      w = we;
    }
    b = e;
  }
  return tags;
}

std::size_t AttributionTagger::train(const TokenizedText& tt, const std::vector<Attribution>& rules,
                                     const std::vector<std::uint8_t>& gold_in, bool grow) {
  const auto& T = tt.tokens;
  if (gold_in.size() != T.size()) throw Error("attribution tagger: gold tags do not match tokens");
  if (!training_) {
    // Training goes on from the current weights (a loaded model or nothing).
    training_ = true;
    for (std::size_t h = 0; h < keys_.size(); ++h)
      if (keys_[h]) {
        train_index_.emplace(keys_[h], static_cast<std::uint32_t>(train_w_.size()));
        train_w_.push_back(weights_[h]);
        totals_.push_back({});
        stamps_.push_back({});
      }
    keys_.clear();
    weights_.clear();
    dense_.clear();
    count_ = 0;
  }
  // Gold as a valid BIO sequence: a span continued after another role
  // (overlapping attributions) opens anew.
  std::vector<std::uint8_t> gold = gold_in;
  for (std::size_t i = 0; i < T.size(); ++i) {
    bool first = i == 0 || T[i].para != T[i - 1].para;
    int p = first ? static_cast<int>(kTagCount) : gold[i - 1];
    if (!allowed(p, gold[i])) gold[i] = static_cast<std::uint8_t>(gold[i] - 1);
  }
  Context ctx(tt, rules);
  std::vector<std::uint8_t> guess(T.size());
  std::size_t errors = 0;
  std::uint64_t gk[kPairKeys], pk[kPairKeys];
  for (std::size_t b = 0; b < T.size();) {
    std::size_t e = b + 1;
    while (e < T.size() && T[e].para == T[b].para) ++e;
    ++clock_;
    ctx.build_keys(b, e);
    decode(ctx, b, e, guess.data() + b, nullptr);
    for (std::size_t i = b; i < e; ++i) {
      int g = gold[i], y = guess[i];
      int gp = i == b ? static_cast<int>(kTagCount) : gold[i - 1];
      int yp = i == b ? static_cast<int>(kTagCount) : guess[i - 1];
      if (g != y) {
        ++errors;
        for (std::size_t k = ctx.keys_begin(i); k < ctx.keys_end(i); ++k) {
          update(ctx.keys[k], g, 1, grow);
          update(ctx.keys[k], y, -1, grow);
        }
      }
      if (g != y || gp != yp) {
        ctx.pair_keys(i, gp, gk);
        ctx.pair_keys(i, yp, pk);
        for (int q = 0; q < kPairKeys; ++q) {
          update(gk[q], g, 1, grow);
          update(pk[q], y, -1, grow);
        }
      }
    }
    b = e;
  }
  return errors;
}

void AttributionTagger::finish_training(float min_weight) {
  std::vector<std::pair<std::uint64_t, Weights>> feats;
  for (const auto& [key, f] : train_index_) {
    Weights avg{};
    float big = 0;
    for (int c = 0; c < kTagCount; ++c) {
      double total = totals_[f][c] + static_cast<double>(clock_ - stamps_[f][c]) * train_w_[f][c];
      avg[c] = clock_ ? static_cast<float>(total / static_cast<double>(clock_)) : train_w_[f][c];
      big = std::max(big, std::fabs(avg[c]));
    }
    if (big < min_weight || big == 0) continue;
    feats.emplace_back(key, avg);
  }
  train_index_.clear();
  train_w_.clear();
  totals_.clear();
  stamps_.clear();
  clock_ = 0;
  training_ = false;
  std::sort(feats.begin(), feats.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  build(std::move(feats));
}

std::string AttributionTagger::serialize() const {
  std::vector<std::size_t> sorted;
  for (std::size_t h = 0; h < keys_.size(); ++h)
    if (keys_[h]) sorted.push_back(h);
  std::sort(sorted.begin(), sorted.end(),
            [&](std::size_t a, std::size_t b) { return keys_[a] < keys_[b]; });
  std::string out(kModelHeader);
  char buf[32];
  if (o_bias_ != 0) {
    std::snprintf(buf, sizeof buf, " o-bias=%g", o_bias_);
    out += buf;
  }
  out += '\n';
  for (std::size_t h : sorted) {
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(keys_[h]));
    out += buf;
    for (int c = 0; c < kTagCount; ++c) {
      if (weights_[h][c] == 0) continue;
      std::snprintf(buf, sizeof buf, "\t%d:%.3g", c, weights_[h][c]);
      out += buf;
    }
    out += '\n';
  }
  return out;
}

AttributionTagger AttributionTagger::parse(std::string_view text, const std::string& where) {
  AttributionTagger m;
  std::vector<std::pair<std::uint64_t, Weights>> feats;
  feats.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
  std::size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line_no == 1) {
      // The header, optionally with the decoding bias against O.
      constexpr std::string_view kBias = " o-bias=";
      if (line.starts_with(kModelHeader) && line.substr(kModelHeader.size()).starts_with(kBias)) {
        std::string_view v = line.substr(kModelHeader.size() + kBias.size());
        auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), m.o_bias_);
        if (ec != std::errc() || ptr != v.data() + v.size())
          throw Error(where + ":1: malformed o-bias '" + std::string(v) + "'");
        continue;
      }
      if (line != kModelHeader)
        throw Error(where +
                    " is not a whosaid attribution model of this version (rebuild it with "
                    "scripts/train_attribution.sh)");
      continue;
    }
    if (line.empty()) continue;
    std::size_t tab = line.find('\t');
    std::string_view hex = line.substr(0, tab);
    std::uint64_t key = 0;
    bool ok = !hex.empty() && hex.size() <= 16;
    for (char c : hex) {
      int v = c >= '0' && c <= '9' ? c - '0' : (c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1);
      if (v < 0) ok = false;
      key = key << 4 | static_cast<std::uint64_t>(v < 0 ? 0 : v);
    }
    if (!ok || key == 0)
      throw Error(where + ":" + std::to_string(line_no) + ": malformed feature '" +
                  std::string(hex) + "'");
    Weights wt{};
    while (tab != std::string_view::npos) {
      std::size_t next = line.find('\t', tab + 1);
      std::string_view field = line.substr(
          tab + 1, next == std::string_view::npos ? std::string_view::npos : next - tab - 1);
      int c = -1;
      float v = 0;
      auto [p1, e1] = std::from_chars(field.data(), field.data() + field.size(), c);
      bool good = e1 == std::errc() && p1 < field.data() + field.size() && *p1 == ':' && c >= 0 &&
                  c < kTagCount;
      if (good) {
        auto [p2, e2] = std::from_chars(p1 + 1, field.data() + field.size(), v);
        good = e2 == std::errc() && p2 == field.data() + field.size();
      }
      if (!good)
        throw Error(where + ":" + std::to_string(line_no) + ": malformed weight '" +
                    std::string(field) + "'");
      wt[c] = v;
      tab = next;
    }
    feats.emplace_back(key, wt);
  }
  if (line_no == 0) throw Error(where + " is empty (rebuild it with scripts/train_attribution.sh)");
  m.build(std::move(feats));
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
      std::size_t d = a.r.end <= b.r.begin ? b.r.begin - a.r.end
                                           : (b.r.end <= a.r.begin ? a.r.begin - b.r.end : 0);
      if (T[a.r.begin].sentence != T[b.r.begin].sentence) d += 1000;
      return d;
    };
    // Each span goes to the nearest cue (the first of equals). Spans do
    // not overlap and sentences do not decrease along them, so the nearest
    // is the cue just before the span or the one just after it: found
    // without measuring every cue of the paragraph.
    if (!anchors.empty()) {
      std::vector<int> next_anchor(spans.size() + 1, -1);
      for (std::size_t k = spans.size(); k-- > 0;)
        next_anchor[k] = spans[k].role == 2 ? static_cast<int>(k) : next_anchor[k + 1];
      int prev_anchor = -1;
      for (std::size_t k = 0; k < spans.size(); ++k) {
        Span& s = spans[k];
        if (s.role == 2) {
          prev_anchor = static_cast<int>(k);
          continue;
        }
        int best = prev_anchor;
        int after = next_anchor[k];
        if (best < 0 || (after >= 0 && distance(s, spans[after]) < distance(s, spans[best])))
          best = after;
        s.owner = best;
      }
    }
    // The spans of each cue, in text order (counting sort by owner).
    std::vector<std::size_t> owned_begin(spans.size() + 1, 0), owned;
    for (const Span& s : spans)
      if (s.owner >= 0) ++owned_begin[s.owner + 1];
    for (std::size_t k = 0; k < spans.size(); ++k) owned_begin[k + 1] += owned_begin[k];
    owned.resize(owned_begin[spans.size()]);
    {
      std::vector<std::size_t> fill(owned_begin.begin(), owned_begin.end() - 1);
      for (std::size_t k = 0; k < spans.size(); ++k)
        if (spans[k].owner >= 0) owned[fill[spans[k].owner]++] = k;
    }
    for (std::size_t a : anchors) {
      Attribution at;
      at.cue = spans[a].r;
      std::size_t src_d = SIZE_MAX;
      std::size_t cb = SIZE_MAX, ce = 0;
      for (std::size_t o = owned_begin[a]; o < owned_begin[a + 1]; ++o) {
        const Span& s = spans[owned[o]];
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
        if (cb <= q.open_token && q.close_token < ce)
          at.content = {q.open_token + 1, q.close_token};
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

namespace {

// Token ranges added and removed one by one, and whether any of them
// overlaps a given range: the ranges beginning before its end, less those
// ending at or before its beginning (which all begin before its end), two
// Fenwick-tree prefix counts. Empty ranges are never held and overlap
// nothing.
class RangeSet {
 public:
  explicit RangeSet(std::size_t n) : begins_(n + 2, 0), ends_(n + 2, 0) {}
  void add(TokenRange r, int delta = 1) {
    if (r.empty()) return;
    bump(begins_, r.begin, delta);
    bump(ends_, r.end, delta);
  }
  void remove(TokenRange r) { add(r, -1); }
  bool overlaps(TokenRange r) const {
    if (r.empty()) return false;
    // begin < r.end, minus end <= r.begin.
    return count(begins_, r.end) - count(ends_, r.begin + 1) > 0;
  }

 private:
  static void bump(std::vector<long>& t, std::size_t pos, int delta) {
    for (std::size_t i = pos + 1; i < t.size(); i += i & (~i + 1)) t[i] += delta;
  }
  // The sum over positions below POS.
  static long count(const std::vector<long>& t, std::size_t pos) {
    long n = 0;
    for (std::size_t i = std::min(pos, t.size() - 1); i > 0; i -= i & (~i + 1)) n += t[i];
    return n;
  }
  std::vector<long> begins_, ends_;
};

}  // namespace

std::vector<Attribution> merge_attributions(const TokenizedText& tt, std::vector<Attribution> rules,
                                            const std::vector<Attribution>& model) {
  auto overlap = [](TokenRange a, TokenRange b) {
    return !a.empty() && !b.empty() && a.begin < b.end && b.begin < a.end;
  };
  std::vector<std::pair<Attribution, int>> all;  // attribution, original rule index (-1: model)
  for (std::size_t k = 0; k < rules.size(); ++k)
    all.emplace_back(std::move(rules[k]), static_cast<int>(k));
  std::size_t n_rules = all.size();
  // The contents, sources and cues of ALL (the clash test below), and the
  // rules whose cue covers each token (the boundary test): each model
  // attribution is checked against what overlaps it, not against every
  // attribution of the article.
  const std::size_t n_tokens = tt.tokens.size();
  RangeSet contents(n_tokens), sources(n_tokens), cues(n_tokens);
  for (const auto& [a, k] : all) {
    contents.add(a.content);
    sources.add(a.source);
    cues.add(a.cue);
  }
  std::vector<std::size_t> cue_rules_begin(n_tokens + 1, 0), cue_rules;
  for (std::size_t k = 0; k < n_rules; ++k)
    for (std::size_t t = all[k].first.cue.begin; t < all[k].first.cue.end && t < n_tokens; ++t)
      ++cue_rules_begin[t + 1];
  for (std::size_t t = 0; t < n_tokens; ++t) cue_rules_begin[t + 1] += cue_rules_begin[t];
  cue_rules.resize(cue_rules_begin[n_tokens]);
  {
    std::vector<std::size_t> fill(cue_rules_begin.begin(), cue_rules_begin.end() - 1);
    for (std::size_t k = 0; k < n_rules; ++k)
      for (std::size_t t = all[k].first.cue.begin; t < all[k].first.cue.end && t < n_tokens; ++t)
        cue_rules[fill[t]++] = k;
  }
  for (const Attribution& m : model) {
    // Where both found the same cue and the same source, the model's
    // boundaries win: they follow the annotation guidelines the model
    // learnt from, where the rules' noun-phrase heuristics often take a
    // word too many or too few. Only a plain noun phrase: no punctuation
    // (appositives, lists) and no "and" (joint speakers), which speaker
    // resolution reads from the rules' spans.
    for (std::size_t t = m.cue.begin; t < m.cue.end && t < n_tokens; ++t) {
      for (std::size_t c = cue_rules_begin[t]; c < cue_rules_begin[t + 1]; ++c) {
        Attribution& r = all[cue_rules[c]].first;
        if (!overlap(m.cue, r.cue) || !overlap(m.source, r.source)) continue;
        if (r.source.begin == m.source.begin && r.source.end == m.source.end) continue;
        bool plain = true;
        for (std::size_t u = m.source.begin; u < m.source.end && plain; ++u)
          plain = tt.tokens[u].is_word() && tt.tokens[u].lower != "and";
        if (plain) {
          sources.remove(r.source);
          r.source = m.source;
          sources.add(r.source);
        }
      }
    }
    // An attribution the rules did not find at all needs a cue of the cue
    // lexicon as spanned, or else a source that names someone and a cue
    // with a content word: the model
    // also learnt PolNeAR's attributions of beliefs and stances to
    // countries and things ("Russia demands that"), which are not
    // quotations, and lexicon words in other uses ("the preconditions
    // stated in the treaty").
    if (!lexicon_cue(tt.tokens, m.cue) &&
        (!names_someone(tt.tokens, m.source) || !content_word(tt.tokens, m.cue)))
      continue;
    // A clash: m's content overlaps anything of an attribution, its source
    // a source or a content, its cue a cue or a content.
    bool clash = contents.overlaps(m.content) || sources.overlaps(m.content) ||
                 cues.overlaps(m.content) || sources.overlaps(m.source) ||
                 contents.overlaps(m.source) || cues.overlaps(m.cue) || contents.overlaps(m.cue);
    if (!clash) {
      all.emplace_back(m, -1);
      contents.add(m.content);
      sources.add(m.source);
      cues.add(m.cue);
    }
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
    if (const char* env = std::getenv("WHOSAID_ATTRIBUTION_MODEL"); env && *env) {
      std::string path = env;
      if (path == "none") return;
      std::ifstream in(path, std::ios::binary);
      if (!in) throw Error("cannot read the attribution model " + path);
      std::ostringstream ss;
      ss << in.rdbuf();
      model = std::make_unique<AttributionTagger>(AttributionTagger::parse(ss.str(), path));
      return;
    }
    // The model compiled into the library (indexer/CMakeLists.txt).
    model = std::make_unique<AttributionTagger>(
        AttributionTagger::parse(detail::kAttributionModelTsv, "the built-in attribution model"));
  });
  return model.get();
}

}  // namespace whosaid
