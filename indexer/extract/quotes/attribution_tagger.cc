// The attribution tagger (see attribution_tagger.h). Features of a token:
// its word, suffix and shape and those of its neighbours, capitalised runs,
// its place in the sentence, whether it is inside a quotation and how far
// the nearest marks are, the cue lexicon of lexicon/lexicon.h (is a cue
// here, how far the nearest cue of the sentence is and on which side), the
// rule extractor's spans (source, cue, content), and features conjoined
// with the previous tag. Features are hashed ids (no strings at
// tag time) weighed by the shared perceptron::Model; decoding is
// perceptron::viterbi_pairwise per paragraph, I-X only after B-X or I-X.
#include "indexer/extract/quotes/attribution_tagger.h"

#include <algorithm>
#include <charconv>
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

// The role of a tag: 0 none, 1 source, 2 cue, 3 content.
int role(int tag) { return (tag + 1) / 2; }

// Whether tag Y may follow tag P (P == kTagCount: paragraph start): I-X
// continues X only.
bool allowed(int p, int y) {
  if (y == kTagO || y % 2 == 1) return true;
  return p != kTagCount && p != kTagO && role(p) == role(y);
}

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


// Feature templates (their numbers are part of the model format).
enum Templ : std::uint8_t {
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
  // Conjoined with the previous tag (kP1, the tag alone, is the model's
  // transitions).
  kP1 = 100,
  kP1Sh,
  kP1RuleLex,
  kP1W,
};

// Feature ids: a template number and up to three values (word hashes,
// small codes) mixed into 64 bits, then folded to the 32 of perceptron::Model.
constexpr std::uint64_t mix(std::uint64_t x) {
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

// Inlined, with T a constant at every call, the template's mix folds away:
// some fifty features a token, each a call, were a tenth of the tagger.
// In two parts, so that a caller with the same T and A for many B (the
// pair features, per previous tag) mixes those once.
[[gnu::always_inline]] inline std::uint64_t feature_prefix(Templ t, std::uint64_t a) {
  std::uint64_t h = mix(static_cast<std::uint64_t>(t) * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL);
  return mix(h ^ (a + 0x8cb92ba72f3d8dd7ULL));
}
[[gnu::always_inline]] inline std::uint32_t feature_finish(std::uint64_t h, std::uint64_t b,
                                                           std::uint64_t c = 0) {
  if (b) h = mix(h ^ (b + 0xd6e8feb86659fd93ULL));
  if (c) h = mix(h ^ (c + 0xa0761d6478bd642fULL));
  if (!h) h = 1;
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}
[[gnu::always_inline]] inline std::uint32_t feature(Templ t, std::uint64_t a = 0,
                                                    std::uint64_t b = 0, std::uint64_t c = 0) {
  return feature_finish(feature_prefix(t, a), b, c);
}

std::uint64_t bucket(std::size_t d) {
  if (d <= 3) return d + 1;
  if (d <= 6) return 5;
  if (d <= 10) return 6;
  if (d <= 20) return 7;
  return 8;
}

// The last N bytes of W, widened to a whole UTF-8 character.
std::string_view suffix(std::string_view w, std::size_t n) {
  if (w.size() <= n) return w;
  std::size_t b = w.size() - n;
  while (b > 0 && (static_cast<unsigned char>(w[b]) & 0xC0) == 0x80) --b;  // UTF-8 lead byte
  return w.substr(b);
}

// Shapes (see shape()) and rule/lexicon marks as small codes, for the
// dense tables of pair features.
constexpr int kShapeCodes = 10, kRuleLexCodes = 21;
constexpr int kDenseSh = 0, kDenseRl = kShapeCodes, kDenseCodes = kShapeCodes + kRuleLexCodes;
std::uint8_t shape_code(char c) {
  static constexpr std::string_view kShapes = "dqQ,.pACa^";
  std::size_t k = kShapes.find(c);
  return static_cast<std::uint8_t>(k == std::string_view::npos ? 5 : k);
}

std::uint32_t pair_feature(Templ t, int prev, std::uint64_t code) {
  return feature(t, static_cast<std::uint64_t>(prev) + 1, code + 1);
}
// pair_feature(T, PREV, CODE) is pair_feature_finish(pair_feature_prefix(T, PREV), CODE).
std::uint64_t pair_feature_prefix(Templ t, int prev) {
  return feature_prefix(t, static_cast<std::uint64_t>(prev) + 1);
}
[[gnu::always_inline]] inline std::uint32_t pair_feature_finish(std::uint64_t prefix,
                                                                std::uint64_t code) {
  return feature_finish(prefix, code + 1);
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

// --- Features ----------------------------------------------------------------

AttributionFeatures::AttributionFeatures(const TokenizedText& tt,
                                         const std::vector<Attribution>& rules)
    : tt_(tt) {
  mark_rules(rules);
  mark_lexicon_cues();
  find_nearest_cues();
  hash_words();
  find_capitalised_runs();
  find_sentences();
  find_nearest_quotes();
  make_codes();
}

// The rules' source, cue and content spans (the first rule to claim a token
// keeps it).
void AttributionFeatures::mark_rules(const std::vector<Attribution>& rules) {
  const std::size_t n = tt_.tokens.size();
  rule_.assign(n, 0);
  rule_begin_.assign(n, false);
  auto mark = [&](TokenRange r, char c) {
    for (std::size_t k = r.begin; k < r.end && k < n; ++k) {
      if (!rule_[k]) rule_[k] = c;
      rule_begin_[k] = k == r.begin;
    }
  };
  for (const Attribution& a : rules) {
    mark(a.source, 'S');
    mark(a.cue, 'C');
    mark(a.content, 'N');
  }
}

// The cues of the lexicon, wherever they stand.
void AttributionFeatures::mark_lexicon_cues() {
  const auto& T = tt_.tokens;
  const std::size_t n = T.size();
  lex_.assign(n, 0);
  std::vector<std::string_view> words;
  for (std::size_t i = 0; i < n; ++i) {
    if (T[i].kind != Token::kWord || lex_[i]) continue;
    words.clear();
    for (std::size_t k = i; k < n && words.size() < 4 && T[k].kind == Token::kWord; ++k)
      words.push_back(T[k].lower);
    Cue c = match_cue(words);
    for (std::size_t k = 0; k < c.words; ++k) lex_[i + k] = k == 0 ? 'B' : 'I';
  }
}

// Per token, the nearest cue (lexicon or rule) of its sentence before and
// after it.
void AttributionFeatures::find_nearest_cues() {
  const auto& T = tt_.tokens;
  const std::size_t n = T.size();
  cue_left_.assign(n, -1);
  cue_right_.assign(n, -1);
  auto is_cue = [&](std::size_t i) { return lex_[i] == 'B' || (rule_[i] == 'C' && rule_begin_[i]); };
  int last = -1, sent = -1;
  for (std::size_t i = 0; i < n; ++i) {
    if (T[i].sentence != sent) last = -1, sent = T[i].sentence;
    cue_left_[i] = last;
    if (is_cue(i)) last = static_cast<int>(i);
  }
  last = -1, sent = -1;
  for (std::size_t i = n; i-- > 0;) {
    if (T[i].sentence != sent) last = -1, sent = T[i].sentence;
    cue_right_[i] = last;
    if (is_cue(i)) last = static_cast<int>(i);
  }
}

void AttributionFeatures::hash_words() {
  const auto& T = tt_.tokens;
  wh_.resize(T.size());
  sh_.resize(T.size());
  for (std::size_t i = 0; i < T.size(); ++i) {
    wh_[i] = T[i].kind == Token::kNumber ? kNumWord : hash_word(T[i].lower);
    sh_[i] = shape(T[i]);
  }
}

// Capitalised runs (names): each token's place in its run and the run's
// length.
void AttributionFeatures::find_capitalised_runs() {
  const auto& T = tt_.tokens;
  const std::size_t n = T.size();
  run_pos_.assign(n, 0);
  run_len_.assign(n, 0);
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
      run_pos_[k] = e - i == 1 ? 4 : (k == i ? 1 : (k + 1 == e ? 3 : 2));
      run_len_[k] = static_cast<std::uint8_t>(std::min<std::size_t>(e - i, 4));
    }
    i = e;
  }
}

// Each token's sentence bounds, and whether that sentence quotes.
void AttributionFeatures::find_sentences() {
  const auto& T = tt_.tokens;
  const std::size_t n = T.size();
  sent_begin_.assign(n, 0);
  sent_end_.assign(n, 0);
  sent_quote_.assign(n, false);
  for (std::size_t i = 0; i < n;) {
    std::size_t e = i + 1;
    while (e < n && T[e].sentence == T[i].sentence) ++e;
    bool q = false;
    for (std::size_t k = i; k < e; ++k) q = q || T[k].quote >= 0;
    for (std::size_t k = i; k < e; ++k) sent_begin_[k] = i, sent_end_[k] = e, sent_quote_[k] = q;
    i = e;
  }
}

// Per token, the nearest closing mark before it and opening mark after it
// in its paragraph.
void AttributionFeatures::find_nearest_quotes() {
  const auto& T = tt_.tokens;
  const std::size_t n = T.size();
  qclose_left_.assign(n, -1);
  qopen_right_.assign(n, -1);
  int last = -1;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && T[i].para != T[i - 1].para) last = -1;
    qclose_left_[i] = last;
    if (T[i].kind == Token::kQuoteClose) last = static_cast<int>(i);
  }
  last = -1;
  for (std::size_t i = n; i-- > 0;) {
    if (i + 1 < n && T[i].para != T[i + 1].para) last = -1;
    qopen_right_[i] = last;
    if (T[i].kind == Token::kQuoteOpen) last = static_cast<int>(i);
  }
}

void AttributionFeatures::make_codes() {
  const std::size_t n = tt_.tokens.size();
  sh_code_.assign(n, 0);
  rl_code_.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    sh_code_[i] = whosaid::shape_code(sh_[i]);
    int rc = rule_[i] == 'S' ? 1 : rule_[i] == 'C' ? 3 : rule_[i] == 'N' ? 5 : 0;
    if (rc && !rule_begin_[i]) ++rc;
    rl_code_[i] = static_cast<std::uint8_t>(rc * 3 + (lex_[i] == 'B' ? 1 : lex_[i] == 'I' ? 2 : 0));
  }
}

namespace {

// The most features static_features() gives one token (44 now: word 15,
// shape 5, marks 6, place 18), with room to spare.
constexpr std::size_t kMaxTokenFeatures = 64;

// What the features of one token read of its neighbours (tokens of other
// paragraphs read as absent), and where they go.
struct TokenView {
  const std::vector<Token>& T;
  std::size_t i;
  const std::vector<std::uint64_t>& wh;
  const std::vector<char>& sh;
  const std::vector<char>& rule;
  const std::vector<bool>& rule_begin;
  const std::vector<char>& lex;
  std::uint32_t*& out;  // room for kMaxTokenFeatures

  bool same(long k) const {
    return k >= 0 && k < static_cast<long>(T.size()) && T[k].para == T[i].para;
  }
  long at(int d) const { return static_cast<long>(i) + d; }
  std::uint64_t w(int d) const { return same(at(d)) ? wh[at(d)] : kNoWord; }
  std::uint64_t s(int d) const { return same(at(d)) ? static_cast<std::uint64_t>(sh[at(d)]) : '^'; }
  std::uint64_t r(int d) const {
    long k = at(d);
    return same(k) && rule[k] ? static_cast<std::uint64_t>(rule[k]) * 2 + rule_begin[k] : 1;
  }
  std::uint64_t lx(int d) const {
    long k = at(d);
    return same(k) && lex[k] ? static_cast<std::uint64_t>(lex[k]) : 1;
  }
  void add(std::uint32_t f) { *out++ = f; }
};

// The token's words and their neighbours'.
void word_features(TokenView& v) {
  const Token& t = v.T[v.i];
  const std::uint64_t w0 = v.w(0), wm1 = v.w(-1), wp1 = v.w(1);
  v.add(feature(kBias));
  v.add(feature(kW0, w0));
  v.add(feature(kWm1, wm1));
  v.add(feature(kWp1, wp1));
  v.add(feature(kWm2, v.w(-2)));
  v.add(feature(kWp2, v.w(2)));
  v.add(feature(kWm1W0, wm1, w0));
  v.add(feature(kW0Wp1, w0, wp1));
  if (t.kind != Token::kWord) return;
  v.add(feature(kSuf3, hash_word(suffix(t.lower, 3)) ^ 0x5555));
  v.add(feature(kSuf2, hash_word(suffix(t.lower, 2)) ^ 0x5555));
  if (is_source_noun(t.lower)) v.add(feature(kSrcNoun));
  if (is_pronoun(t.lower)) v.add(feature(kPron));
  if (is_title(t.lower)) v.add(feature(kTitle));
  if (is_org_word(t.lower)) v.add(feature(kOrg));
  if (is_determiner(t.lower)) v.add(feature(kDet));
}

// The shapes around the token.
void shape_features(TokenView& v) {
  const std::uint64_t s0 = v.s(0);
  v.add(feature(kShape3, v.s(-1), s0, v.s(1)));
  v.add(feature(kShape5, v.s(-2) << 16 | v.s(-1) << 8 | s0, v.s(1), v.s(2)));
  v.add(feature(kShape0, s0));
  v.add(feature(kWm1Sh0, v.w(-1), s0));
  v.add(feature(kWp1Sh0, v.w(1), s0));
}

// The lexicon's cues and the rules' spans at and around the token.
void mark_features(TokenView& v) {
  v.add(feature(kLex, v.lx(0)));
  v.add(feature(kLexNb, v.lx(-1), v.lx(1)));
  v.add(feature(kRule, v.r(0)));
  v.add(feature(kRuleW, v.r(0), v.w(0)));
  v.add(feature(kRuleNb, v.r(-1), v.r(1)));
  v.add(feature(kRuleLex, v.r(0), v.lx(0), v.s(0)));
}

}  // namespace

void AttributionFeatures::static_features(std::size_t b, std::size_t e,
                                          std::vector<std::uint32_t>& features,
                                          std::vector<std::uint32_t>& offsets) const {
  const auto& T = tt_.tokens;
  // Written through a pointer into room for the most a token can have,
  // cut to size at the end: cheaper than a push_back (not inlined) each.
  features.resize((e - b) * kMaxTokenFeatures);
  std::uint32_t* const first = features.data();
  std::uint32_t* out = first;
  offsets.assign(e - b + 1, 0);
  for (std::size_t i = b; i < e; ++i) {
    offsets[i - b] = static_cast<std::uint32_t>(out - first);
    TokenView v{T, i, wh_, sh_, rule_, rule_begin_, lex_, out};
    word_features(v);
    shape_features(v);
    mark_features(v);
    const Token& t = T[i];
    const std::uint64_t s0 = v.s(0), w0 = v.w(0);
    // Where the token stands: paragraph, sentence, quotation, name.
    if (i == sent_begin_[i]) v.add(feature(kSentStart));
    if (t.para_start) v.add(feature(kParaStart));
    v.add(feature(kInQuote, t.quote >= 0 ? 2 : 1, s0));
    v.add(feature(kSentQuote, sent_quote_[i] ? 2 : 1, t.quote >= 0 ? 2 : 1));
    if (run_pos_[i]) v.add(feature(kCapRun, run_pos_[i], run_len_[i]));
    v.add(feature(kSentPos, bucket(i - sent_begin_[i])));
    v.add(feature(kSentEnd, bucket(sent_end_[i] - 1 - i), s0));
    // The nearest cues of the sentence and the nearest quotation marks.
    std::uint64_t dl = 0, dr = 0;
    if (cue_left_[i] >= 0) {
      dl = bucket(i - static_cast<std::size_t>(cue_left_[i]));
      v.add(feature(kCueL, dl));
      v.add(feature(kCueLW, wh_[cue_left_[i]]));
      v.add(feature(kCueLSh, dl, s0));
      v.add(feature(kW0CueL, w0, dl));
    }
    if (cue_right_[i] >= 0) {
      dr = bucket(static_cast<std::size_t>(cue_right_[i]) - i);
      v.add(feature(kCueR, dr));
      v.add(feature(kCueRW, wh_[cue_right_[i]]));
      v.add(feature(kCueRSh, dr, s0));
      v.add(feature(kW0CueR, w0, dr));
    }
    v.add(feature(kCueLR, dl + 1, dr + 1));
    v.add(feature(kQuoteL, qclose_left_[i] >= 0 ? bucket(i - qclose_left_[i]) : 9));
    v.add(feature(kQuoteR, qopen_right_[i] >= 0 ? bucket(qopen_right_[i] - i) : 9));
  }
  offsets[e - b] = static_cast<std::uint32_t>(out - first);
  features.resize(offsets[e - b]);
}

void AttributionFeatures::pair_features(std::size_t i, int p,
                                        std::uint32_t out[kPairFeatures]) const {
  out[0] = pair_feature(kP1Sh, p, sh_code_[i]);
  out[1] = pair_feature(kP1RuleLex, p, rl_code_[i]);
  out[2] = pair_feature(kP1W, p, wh_[i]);
}

const perceptron::Constraints& attribution_constraints() {
  static const perceptron::Constraints c = [] {
    perceptron::Constraints c(kTagCount);
    for (int p = 0; p <= kTagCount; ++p)
      for (int y = 0; y < kTagCount; ++y)
        if (!allowed(p, y)) c.forbid(p, y);
    return c;
  }();
  return c;
}

// --- The tagger --------------------------------------------------------------

AttributionTagger AttributionTagger::parse(std::string_view text, const std::string& where) {
  AttributionTagger m;
  m.model_ = perceptron::Model(text, kMagic, where);
  if (m.model_.tags() != kTagCount)
    throw Error(where + " is not a whosaid attribution model of this version (rebuild it with "
                        "scripts/train_attribution.sh)");
  const auto& vocabulary = m.model_.vocabulary();
  if (auto it = vocabulary.find("o-bias"); it != vocabulary.end()) {
    const std::string& v = it->second;
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), m.o_bias_);
    if (ec != std::errc() || ptr != v.data() + v.size())
      throw Error(where + ": malformed o-bias '" + v + "' (rebuild it with "
                          "scripts/train_attribution.sh)");
  }
  m.build_tables();
  return m;
}

void AttributionTagger::build_tables() {
  dense_.assign(static_cast<std::size_t>(kTagCount + 1) * kDenseCodes * kTagCount, 0.0f);
  for (int p = 0; p <= kTagCount; ++p) {
    float* d = &dense_[static_cast<std::size_t>(p) * kDenseCodes * kTagCount];
    for (int c = 0; c < kShapeCodes; ++c)
      model_.add_weights(pair_feature(kP1Sh, p, static_cast<std::uint64_t>(c)),
                         d + (kDenseSh + c) * kTagCount);
    for (int c = 0; c < kRuleLexCodes; ++c)
      model_.add_weights(pair_feature(kP1RuleLex, p, static_cast<std::uint64_t>(c)),
                         d + (kDenseRl + c) * kTagCount);
  }
}

// Viterbi over tokens [BEGIN, END) (a paragraph or a window of one) into
// OUT; MARGINS (when given) receives the max-marginal margins.
void AttributionTagger::decode(const AttributionFeatures& f, std::size_t begin, std::size_t end,
                               std::uint8_t* out, float* margins) const {
  constexpr std::size_t K = kTagCount, P = kTagCount + 1;
  const std::size_t len = end - begin;
  thread_local std::vector<std::uint32_t> features, offsets;
  thread_local std::vector<float> emission, score;
  thread_local perceptron::PairwiseScratch scratch;
  f.static_features(begin, end, features, offsets);
  model_.emissions(features, offsets, emission);
  // Not zeroed: every score viterbi_pairwise reads (token 0 after the
  // start, later tokens after a tag) is written below.
  score.resize(len * P * K);
  const float* transitions = model_.transitions();
  std::uint64_t word_prefix[P];
  for (std::size_t p = 0; p < P; ++p) word_prefix[p] = pair_feature_prefix(kP1W, static_cast<int>(p));
  for (std::size_t j = 0; j < len; ++j) {
    const std::size_t i = begin + j;
    float* e = &emission[j * K];
    e[kTagO] -= o_bias_;
    for (std::size_t p = 0; p < P; ++p) {
      if ((j == 0) != (p == K)) continue;  // only the first token follows the start
      float* sc = &score[(j * P + p) * K];
      const float* d = &dense_[p * kDenseCodes * K];
      const float* sh = d + (kDenseSh + f.shape_code(i)) * K;
      const float* rl = d + (kDenseRl + f.rule_lex_code(i)) * K;
      const float* tr = transitions + p * K;
      for (std::size_t y = 0; y < K; ++y) sc[y] = e[y] + tr[y] + sh[y] + rl[y];
      model_.add_weights(pair_feature_finish(word_prefix[p], f.word(i)), sc);
    }
  }
  perceptron::viterbi_pairwise(len, kTagCount, score.data(), &attribution_constraints(), scratch,
                               out, margins);
}

std::vector<std::uint8_t> AttributionTagger::tag(const TokenizedText& tt,
                                                 const std::vector<Attribution>& rules,
                                                 std::vector<float>* margins) const {
  const auto& T = tt.tokens;
  std::vector<std::uint8_t> tags(T.size(), kTagO);
  if (margins) margins->assign(T.size(), 0);
  if (T.empty() || model_.empty()) return tags;
  AttributionFeatures f(tt, rules);
  for (std::size_t b = 0; b < T.size();) {
    std::size_t e = b + 1;
    while (e < T.size() && T[e].para == T[b].para) ++e;
    // A paragraph over kMaxTagWindow tokens is decoded in windows of whole
    // sentences (sentences never exceed kMaxSentenceTokens), so that the
    // features and Viterbi tables stay small; news paragraphs are far shorter.
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
      decode(f, w, we, tags.data() + w, margins ? margins->data() + w : nullptr);
      w = we;
    }
    b = e;
  }
  return tags;
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
