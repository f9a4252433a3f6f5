// Tokenizer, quotation-mark matcher and sentence splitter for extraction
// (see text/tokens.h). Quotation marks are matched first, on the code
// points of each paragraph, because whether ’ closes a quotation or is an
// apostrophe decides how words are cut.
#include "indexer/extract/text/tokens.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_set>

#include <xapian.h>

namespace whosaid {

std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (d & 0x3F);
    }
    if (!ok) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

namespace {

// Xapian's encoder, with ASCII appended directly: one byte through
// std::string::append costs more on this path (every character of a text).
inline void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80)
    out.push_back(static_cast<char>(c));
  else
    Xapian::Unicode::append_utf8(out, c);
}

}  // namespace

std::string encode_utf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t c : s) append_utf8(out, c);
  return out;
}

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == 0xFEFF;
}

bool is_letter(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c < 0xC0) return c == 0xAA || c == 0xB5 || c == 0xBA;
  if (c == 0xD7 || c == 0xF7) return false;
  if (c < 0x2000) return true;  // Latin, Greek, Cyrillic, Hebrew, Arabic, ...
  if (c >= 0x2000 && c < 0x3000) return false;  // punctuation, symbols
  if (c == 0xFFFD || c == 0xFEFF) return false;
  return c >= 0x3040;
}

// Case comes from Xapian's Unicode tables (the ones its term generator
// folds with), not from hand-written ranges: every script, one definition.
bool is_upper(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  const auto cat = Xapian::Unicode::get_category(static_cast<unsigned>(c));
  return cat == Xapian::Unicode::UPPERCASE_LETTER || cat == Xapian::Unicode::TITLECASE_LETTER;
}

char32_t to_lower(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  return static_cast<char32_t>(Xapian::Unicode::tolower(static_cast<unsigned>(c)));
}

std::string lower_utf8(std::string_view s) {
  std::u32string u = decode_utf8(s);
  for (auto& c : u) c = to_lower(c);
  return encode_utf8(u);
}

namespace {

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_alnum(char32_t c) { return is_letter(c) || is_digit(c); }

enum Family { kCurly, kLow, kGuillemet, kSingleCurly, kStraight, kStraightSingle };
constexpr int kFamilies = 6;

bool is_double_family(Family f) { return f == kCurly || f == kLow || f == kStraight || f == kGuillemet; }

// Marks that may open a continuation paragraph of a quotation of family F.
bool opens_family(char32_t c, Family f) {
  switch (f) {
    case kCurly: return c == U'“' || c == U'"';
    case kLow: return c == U'„' || c == U'“';
    case kGuillemet: return c == U'«' || c == U'»';
    case kSingleCurly: return c == U'‘';
    case kStraight: return c == U'"' || c == U'“';
    case kStraightSingle: return c == U'\'';
  }
  return false;
}

// Contractions that start with an apostrophe: 'em, 'til, 'cause, '90s ...
bool is_leading_elision(std::u32string_view t, std::size_t i) {
  static const char32_t* const kWords[] = {U"em", U"til", U"cause", U"tis", U"twas", U"n", U"s"};
  for (const char32_t* w : kWords) {
    std::u32string_view wv(w);
    if (t.substr(i + 1, wv.size()) == wv) {
      std::size_t after = i + 1 + wv.size();
      if (after >= t.size() || !is_letter(t[after])) return true;
    }
  }
  return false;
}

struct Open {
  std::size_t pos;
  Family family;
};

// The longest line of hard-wrapped text (wire copy is cut at 60 to 80
// columns); a text with a longer line has one paragraph a line.
constexpr std::size_t kMaxWrappedLine = 100;
// How far short of the wrap width a wrapped line may end: the first word of
// the next line would have run over the width give or take a little.
// (Of the line breaks inside the paragraphs of 3,000 Reuters-21578 stories,
// fewer than 1 in 300 end a line shorter than that.)
constexpr std::size_t kWrapSlack = 3;
// Lines within this of the wrap width that make a text hard-wrapped.
constexpr std::size_t kFullLineMargin = 10;
constexpr std::size_t kMinFullLines = 3;

// Replaces the newlines of hard-wrapped text that only wrap a line by
// spaces, so that a paragraph, a sentence or a quotation carries on over
// them. Text is hard-wrapped when no line is longer than kMaxWrappedLine,
// several lines come close to the longest (the width it was cut at), and
// paragraphs are marked otherwise: by an indented first line (wire copy) or
// a blank line. A newline then wraps when the next line starts flush and
// its first word would not have fitted on the line (greedy wrapping), and
// ends a paragraph otherwise (a short last line, a title, a list). Code
// points keep their positions (one for one).
void join_wrapped_lines(std::u32string& t) {
  struct Line {
    std::size_t begin, end;    // end: the newline (or the end of the text)
    std::size_t first, last;  // the text without the blanks around it
  };
  std::vector<Line> lines;
  bool marked = false;  // an indented or blank line
  std::size_t width = 0;
  for (std::size_t i = 0; i <= t.size();) {
    std::size_t j = t.find(U'\n', i);
    if (j == std::u32string::npos) j = t.size();
    std::size_t e = j;
    while (e > i && is_space(t[e - 1])) --e;
    if (e - i > kMaxWrappedLine) return;
    width = std::max(width, e - i);
    std::size_t f = i;
    while (f < e && is_space(t[f])) ++f;
    if (f > i || f == e) marked = true;
    lines.push_back({i, j, f, e});
    if (j == t.size()) break;
    i = j + 1;
  }
  std::size_t full = 0;
  for (const Line& l : lines)
    if (l.last - l.begin + kFullLineMargin >= width) ++full;
  if (!marked || full < kMinFullLines) return;
  for (std::size_t k = 0; k + 1 < lines.size(); ++k) {
    const Line& a = lines[k];
    const Line& b = lines[k + 1];
    if (a.first == a.last || b.first != b.begin || b.first == b.last) continue;
    std::size_t word = b.first;
    while (word < b.last && !is_space(t[word])) ++word;
    std::size_t fitted = a.last - a.begin + 1 + (word - b.first);
    if (fitted + kWrapSlack > width) t[a.end] = U' ';
  }
}

struct QuoteFound {
  std::size_t open, close;
  std::vector<std::size_t> continuation;
};

// One pass over the marks of the paragraph [PS, PE) of T: the quotations
// it closes (LOCAL) and the openers left on the stack at its end.
class ParagraphMatch {
 public:
  ParagraphMatch(const std::u32string& t, std::size_t ps, std::size_t pe)
      : t_(t), ps_(ps), pe_(pe) {}

  // The paragraph goes on with CARRY, a quotation of family F opened in a
  // paragraph before (its continuation mark is at START - 1).
  void carry_in(const QuoteFound& carry, Family f) {
    carried_ = &carry;
    push_open(carry.open, f);
  }

  // Matches the marks from START, skipping the openers in IGNORED.
  void scan(std::size_t start, const std::set<std::size_t>& ignored) {
    for (std::size_t i = start; i < pe_; ++i)
      if (!ignored.count(i)) on_mark(i);
  }

  std::vector<QuoteFound> local;  // the quotations closed, in closing order
  std::vector<Open> stack;        // the openers still open
  // Continuation marks of the bottom quotation within this paragraph.
  std::vector<std::size_t> inner_cont;

 private:
  void push_open(std::size_t pos, Family f) {
    stack.push_back({pos, f});
    ++open_count_[f];
  }

  void pop_to(std::size_t k) {
    for (std::size_t j = k; j < stack.size(); ++j) --open_count_[stack[j].family];
    stack.resize(k);
  }

  // Closes at I the innermost opener whose family satisfies PRED, with
  // everything opened inside it; false if none is open.
  template <class Pred>
  bool close_to(std::size_t i, Pred pred) {
    bool any = false;
    for (int f = 0; f < kFamilies && !any; ++f)
      any = open_count_[f] > 0 && pred(static_cast<Family>(f));
    if (!any) return false;  // nothing to close: no scan of the stack
    for (std::size_t k = stack.size(); k-- > 0;) {
      if (pred(stack[k].family)) {
        if (k == 0) {
          QuoteFound q{stack[0].pos, i, {}};
          if (carried_ && stack[0].pos == carried_->open) q.continuation = carried_->continuation;
          q.continuation.insert(q.continuation.end(), inner_cont.begin(), inner_cont.end());
          inner_cont.clear();
          local.push_back(q);
        }
        pop_to(k);  // what it scanned is popped: amortised linear
        return true;
      }
    }
    return false;
  }

  // Paragraphs merged into one (as some archives store news) keep the
  // convention of a quotation running over paragraphs: each sentence of it
  // opens with a mark that is never closed ("I think so. "We will see," he
  // said). An opening mark of the same style right after a sentence's end,
  // while a quotation that started a sentence is open, continues that
  // quotation; it is not one nested in it (a quotation inside a quotation
  // takes the other marks).
  bool continues_open(std::size_t i, Family f, char32_t next) const {
    if (stack.size() != 1 || stack[0].family != f || !is_alnum(next)) return false;
    std::size_t b = i;
    while (b > ps_ && is_space(t_[b - 1])) --b;
    if (b == i || b == ps_) return false;
    char32_t end = t_[b - 1];
    if (end != U'.' && end != U'!' && end != U'?') return false;
    std::size_t o = stack[0].pos;
    while (o > ps_ && is_space(t_[o - 1])) --o;
    if (o == ps_) return true;
    char32_t before = t_[o - 1];
    return before == U':' || before == U',' || before == U'.' || before == U'!' ||
           before == U'?' || before == U'"' || before == U'”';
  }

  void on_mark(std::size_t i) {
    char32_t c = t_[i];
    char32_t prev = i > ps_ ? t_[i - 1] : U' ';
    char32_t next = i + 1 < pe_ ? t_[i + 1] : U' ';
    switch (c) {
      case U'“':
        if (continues_open(i, kCurly, next)) {
          inner_cont.push_back(i);
        } else if (!stack.empty() && stack.back().family == kLow) {
          close_to(i, [](Family f) { return f == kLow; });
        } else if (!stack.empty() && stack.back().family == kCurly && !is_space(prev) &&
                   !is_alnum(next)) {
          close_to(i, [](Family f) { return f == kCurly; });  // mistyped closer
        } else {
          push_open(i, kCurly);
        }
        break;
      case U'”':
        close_to(i, [](Family f) { return f == kCurly || f == kLow || f == kStraight; });
        break;
      case U'„': push_open(i, kLow); break;
      case U'«': push_open(i, kGuillemet); break;
      case U'»': close_to(i, [](Family f) { return f == kGuillemet; }); break;
      case U'‘':
        if (is_letter(prev) || is_digit(next) || is_leading_elision(t_, i)) break;
        push_open(i, kSingleCurly);
        break;
      case U'’':
        if (!is_space(prev) && !is_letter(next) && open_count_[kSingleCurly] > 0)
          close_to(i, [](Family f) { return f == kSingleCurly; });
        break;
      case U'"': {
        bool open_straight = open_count_[kStraight] > 0;
        if (continues_open(i, kStraight, next)) {
          inner_cont.push_back(i);
        } else if (open_straight && !(is_space(prev) && is_alnum(next))) {
          close_to(i, [](Family f) { return f == kStraight; });
        } else if (!is_alnum(prev) || open_straight) {
          push_open(i, kStraight);
        }
        break;
      }
      case U'\'': {
        bool open_single = open_count_[kStraightSingle] > 0;
        if (open_single && !is_space(prev) && !is_letter(next)) {
          close_to(i, [](Family f) { return f == kStraightSingle; });
        } else if (!is_alnum(prev) && is_letter(next) && !is_leading_elision(t_, i)) {
          push_open(i, kStraightSingle);
        }
        break;
      }
      default: break;
    }
  }

  const std::u32string& t_;
  std::size_t ps_, pe_;
  const QuoteFound* carried_ = nullptr;
  // How many openers of each family the stack holds: asking whether one is
  // open, or scanning for it, must not cost the stack's depth for every
  // mark (a paragraph of unclosed openers was quadratic).
  std::size_t open_count_[kFamilies] = {};
};

// The first non-blank code point of paragraph [PS, PE) of T, or PE.
std::size_t first_text(const std::u32string& t, std::size_t ps, std::size_t pe) {
  while (ps < pe && is_space(t[ps])) ++ps;
  return ps;
}

// Matches the quotation marks of the paragraphs of T. Returns top-level
// quotations in text order and fills MARKS with the code points of their
// marks (opening, closing, continuation).
std::vector<QuoteFound> match_quotes(const std::u32string& t) {
  std::vector<QuoteFound> found;
  std::vector<std::pair<std::size_t, std::size_t>> paras;
  for (std::size_t i = 0; i < t.size();) {
    std::size_t j = t.find(U'\n', i);
    if (j == std::u32string::npos) j = t.size();
    paras.emplace_back(i, j);
    i = j + 1;
  }
  // A quotation carried over from the previous paragraph (multi-paragraph).
  bool carried = false;
  QuoteFound carry{};
  Family carry_family = kCurly;
  for (std::size_t p = 0; p < paras.size(); ++p) {
    auto [ps, pe] = paras[p];
    std::size_t first = first_text(t, ps, pe);
    if (first == pe) continue;  // blank line: does not break a carried quotation
    std::set<std::size_t> ignored;  // openers found unmatched on an earlier try
    for (int attempt = 0; attempt < 4; ++attempt) {
      ParagraphMatch m(t, ps, pe);
      bool continuing = carried && opens_family(t[first], carry_family);
      if (continuing) m.carry_in(carry, carry_family);
      m.scan(continuing ? first + 1 : ps, ignored);
      // Unclosed at the end of the paragraph: a double quotation whose next
      // paragraph opens again continues; other unclosed openers are stray
      // (an apostrophe, a typo) and the paragraph is matched again without
      // the innermost one, so it cannot hide the quotations after it.
      bool retry = false;
      bool carry_out = false;
      QuoteFound carry_next{};
      if (!m.stack.empty()) {
        const Open& bottom = m.stack.front();
        std::size_t np = p + 1;
        std::size_t f = 0;
        for (; np < paras.size(); ++np) {
          f = first_text(t, paras[np].first, paras[np].second);
          if (f < paras[np].second) break;
        }
        bool next_opens = np < paras.size() && opens_family(t[f], bottom.family);
        if (m.stack.size() == 1 && next_opens && is_double_family(bottom.family)) {
          carry_out = true;
          carry_next.open = bottom.pos;
          // Moved, not copied: a quotation over thousands of paragraphs
          // would copy its marks once a paragraph. CARRY is replaced below.
          if (continuing && bottom.pos == carry.open)
            carry_next.continuation = std::move(carry.continuation);
          carry_next.continuation.insert(carry_next.continuation.end(), m.inner_cont.begin(),
                                         m.inner_cont.end());
          carry_next.continuation.push_back(f);
        } else if (m.stack.back().pos >= ps && attempt < 3) {
          ignored.insert(m.stack.back().pos);
          retry = true;
        }
      }
      if (!retry) {
        found.insert(found.end(), m.local.begin(), m.local.end());
        carried = carry_out;
        if (carry_out) {
          carry = std::move(carry_next);
          carry_family = m.stack.front().family;
        }
        break;
      }
    }
  }
  std::sort(found.begin(), found.end(),
            [](const QuoteFound& a, const QuoteFound& b) { return a.open < b.open; });
  return found;
}

const std::unordered_set<std::string_view>& abbreviations() {
  static const std::unordered_set<std::string_view> k = {
      "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "maj", "capt", "cpt", "adm", "cmdr",
      "gov", "sen", "rep", "reps", "sens", "st", "jr", "sr", "prof", "rev", "hon", "pres",
      "corp", "inc", "co", "ltd", "no", "vs", "v", "etc", "jan", "feb", "mar", "apr", "jun",
      "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "fig", "approx", "dept",
      "est", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "d.c", "r", "d", "i", "pfc",
      "spc", "cpl", "brig", "supt", "insp", "det", "ald", "atty", "sec", "messrs", "mme", "mlle"};
  return k;
}

}  // namespace

TokenizedText tokenize(std::string_view utf8) {
  TokenizedText out;
  out.text = decode_utf8(utf8);
  join_wrapped_lines(out.text);
  const std::u32string& t = out.text;
  std::vector<QuoteFound> qs = match_quotes(t);
  // Code point -> role of a quotation mark: +1 open, -1 close, +2 continuation.
  std::vector<std::pair<std::size_t, int>> marks;
  for (std::size_t q = 0; q < qs.size(); ++q) {
    marks.emplace_back(qs[q].open, 1);
    marks.emplace_back(qs[q].close, -1);
    for (std::size_t c : qs[q].continuation) marks.emplace_back(c, 2);
  }
  std::sort(marks.begin(), marks.end());
  std::size_t next_mark = 0;

  int para = 0;
  bool new_para = true;
  int current_quote = -1;
  std::size_t quote_index = 0;  // next quotation to open
  auto push = [&](std::size_t s, std::size_t e, Token::Kind kind) {
    Token tok;
    tok.start = s;
    tok.end = e;
    tok.kind = kind;
    std::u32string_view v(t.data() + s, e - s);
    // Both forms straight from the code points: no temporary per token.
    int letters = 0, uppers = 0;
    for (char32_t c : v) {
      append_utf8(tok.text, c);
      if (is_letter(c)) {
        ++letters;
        if (is_upper(c)) ++uppers;
      }
      append_utf8(tok.lower, to_lower(c));
    }
    for (char32_t c : v) {
      if (is_letter(c)) {
        tok.cap = is_upper(c);
        break;
      }
    }
    tok.all_caps = letters >= 2 && uppers == letters;
    tok.para_start = new_para;
    tok.para = para;
    tok.quote = current_quote;
    new_para = false;
    out.tokens.push_back(std::move(tok));
  };

  for (std::size_t i = 0; i < t.size();) {
    char32_t c = t[i];
    while (next_mark < marks.size() && marks[next_mark].first < i) ++next_mark;
    bool is_mark = next_mark < marks.size() && marks[next_mark].first == i;
    if (c == U'\n') {
      if (!new_para) ++para;
      new_para = true;
      ++i;
      continue;
    }
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (is_mark) {
      int role = marks[next_mark].second;
      if (role == 1) {
        push(i, i + 1, Token::kQuoteOpen);
        current_quote = static_cast<int>(quote_index);
        out.quotes.push_back({qs[quote_index].open, qs[quote_index].close,
                              out.tokens.size() - 1, 0, qs[quote_index].continuation});
        ++quote_index;
      } else if (role == -1) {
        current_quote = -1;
        push(i, i + 1, Token::kQuoteClose);
        out.quotes.back().close_token = out.tokens.size() - 1;
      } else {
        push(i, i + 1, Token::kPunct);  // continuation mark: inside the quotation
      }
      ++i;
      continue;
    }
    if (is_alnum(c)) {
      std::size_t j = i + 1;
      bool number = is_digit(c);
      while (j < t.size()) {
        char32_t d = t[j];
        if (is_alnum(d)) {
          if (is_letter(d)) number = false;
          ++j;
          continue;
        }
        bool mark_here = std::binary_search(
            marks.begin(), marks.end(), std::make_pair(j, -1),
            [](const auto& a, const auto& b) { return a.first < b.first; });
        char32_t n = j + 1 < t.size() ? t[j + 1] : U' ';
        if ((d == U'’' || d == U'\'') && !mark_here && is_letter(n)) {
          // Possessive 's is its own token; other inner apostrophes stay.
          char32_t n2 = j + 2 < t.size() ? t[j + 2] : U' ';
          if ((n == 's' || n == 'S') && !is_letter(n2)) break;
          j += 2;
          continue;
        }
        if ((d == '-' || d == U'‐' || d == U'‑') && is_alnum(n)) {
          j += 2;
          continue;
        }
        if ((d == '.' || d == ',') && is_digit(n) && number) {
          j += 2;
          continue;
        }
        // Initialisms: U.S., a.m.
        if (d == '.' && is_letter(n) && j + 2 < t.size() && t[j + 2] == '.' &&
            (j - i == 1 || t[j - 2] == '.')) {
          j += 2;
          continue;
        }
        break;
      }
      // Keep the final period of an initialism ("U.S.") inside the word.
      if (j < t.size() && t[j] == '.' && j - i >= 3 && t[j - 2] == '.') ++j;
      push(i, j, number ? Token::kNumber : Token::kWord);
      i = j;
      continue;
    }
    // Possessive after a word: ’s / 's.
    if ((c == U'’' || c == U'\'') && i > 0 && is_alnum(t[i - 1]) && i + 1 < t.size() &&
        (t[i + 1] == 's' || t[i + 1] == 'S') && (i + 2 >= t.size() || !is_letter(t[i + 2]))) {
      push(i, i + 2, Token::kWord);
      i += 2;
      continue;
    }
    push(i, i + 1, Token::kPunct);
    ++i;
  }

  // Sentences: a paragraph break always ends one; . ! ? end one when what
  // follows (after closing marks) starts a new sentence and the period does
  // not end an abbreviation.
  auto& toks = out.tokens;
  std::size_t begin = 0;
  auto add_sentence = [&](std::size_t b, std::size_t e) {
    int idx = static_cast<int>(out.sentences.size());
    for (std::size_t k = b; k < e; ++k) toks[k].sentence = idx;
    out.sentences.push_back({b, e});
  };
  auto close_sentence = [&](std::size_t end) {
    // A sentence over kMaxSentenceTokens (no full stop for pages: a list,
    // text without punctuation) is cut into pieces of at most that many
    // tokens, each after the last clause mark (, ; : dash) of its second
    // half when there is one, else at the bound: extraction looks for
    // sources, cues and content within a sentence, so its work and the
    // size of what it finds stay linear in the text.
    while (end - begin > kMaxSentenceTokens) {
      std::size_t cut = begin + kMaxSentenceTokens;
      for (std::size_t k = cut; k > begin + kMaxSentenceTokens / 2; --k) {
        const Token& p = toks[k - 1];
        if (p.kind == Token::kPunct && (p.text == "," || p.text == ";" || p.text == ":" ||
                                        p.text == "\u2014" || p.text == "\u2013")) {
          cut = k;
          break;
        }
      }
      add_sentence(begin, cut);
      begin = cut;
    }
    if (end > begin) add_sentence(begin, end);
    begin = end;
  };
  for (std::size_t k = 0; k < toks.size(); ++k) {
    if (k > begin && toks[k].para_start) close_sentence(k);
    const Token& tk = toks[k];
    if (tk.kind != Token::kPunct) continue;
    if (tk.text != "." && tk.text != "!" && tk.text != "?" && tk.text != "…") continue;
    std::size_t e = k + 1;
    while (e < toks.size() && !toks[e].para_start &&
           (toks[e].kind == Token::kQuoteClose || toks[e].text == ")" || toks[e].text == "." ||
            toks[e].text == "!" || toks[e].text == "?" || toks[e].text == "’" ||
            toks[e].text == "”" || toks[e].text == "\"" || toks[e].text == "'"))
      ++e;
    if (e >= toks.size() || toks[e].para_start) {
      close_sentence(e);
      k = e - 1;
      continue;
    }
    const Token& nx = toks[e];
    bool starts = nx.cap || nx.kind == Token::kQuoteOpen || nx.kind == Token::kNumber ||
                  nx.text == "(" || nx.text == "“" || nx.text == "\"" || nx.text == "‘";
    if (!starts) {
      // The marks up to E would find the same E and the same next token:
      // skip them (a run of dots was quadratic).
      k = e - 1;
      continue;
    }
    if (tk.text == "." && k > 0 && toks[k - 1].end == tk.start && toks[k - 1].kind == Token::kWord) {
      const Token& w = toks[k - 1];
      bool abbrev = abbreviations().count(w.lower) > 0 ||
                    (w.text.size() == 1 && w.cap);  // an initial: "J. Smith"
      if (abbrev) continue;
    }
    close_sentence(e);
    k = e - 1;
  }
  close_sentence(toks.size());
  return out;
}

}  // namespace whosaid
