// QueryParser setup from the schema table, the field processors for hybrid,
// exact and date fields, and the date expression parser.
#include "searcher/query.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iterator>
#include <map>
#include <optional>
#include <vector>

#include "core/database.h"
#include "core/date.h"
#include "core/error.h"
#include "core/place_tokens.h"
#include "core/schema.h"
#include "searcher/place_names.h"

namespace whosaid {

// Field processors never throw: Xapian 1.4's parser leaks the partial parse
// of a query when a field processor throws (LeakSanitizer, fuzz_query). They
// note the first bad value here and match nothing; QueryBuilder::parse()
// turns the note into a QueryError once parse_query() has returned.
struct FieldErrors {
  std::string first;
  Xapian::Query fail(const std::string& msg) {
    if (first.empty()) first = msg;
    return Xapian::Query::MatchNothing;
  }
};

namespace {

constexpr unsigned kParseFlags = Xapian::QueryParser::FLAG_DEFAULT |
                                 Xapian::QueryParser::FLAG_WILDCARD |
                                 Xapian::QueryParser::FLAG_PURE_NOT;

const char* const kDateHelp = "use YYYY, YYYY-MM or YYYY-MM-DD, or a range A..B, A.. or ..B";

// A calendar date, or a year or a month: the period it names.
struct DatePart {
  std::string first, last;  // "YYYYMMDD", inclusive
};

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

int days_in_month(int year, int month) {
  int day = 31;
  while (day > 28 && !is_valid_date(year, month, day)) --day;
  return day;
}

// "2025" / "2025-11" / "2025-11-20" -> the days it covers, or nullopt.
std::optional<DatePart> parse_date_part(std::string_view s) {
  std::string_view y = s.substr(0, 4), m, d;
  if (s.size() == 4) {
  } else if (s.size() == 7 && s[4] == '-') {
    m = s.substr(5, 2);
  } else if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    m = s.substr(5, 2);
    d = s.substr(8, 2);
  } else {
    return std::nullopt;
  }
  if (!all_digits(y) || (!m.empty() && !all_digits(m)) || (!d.empty() && !all_digits(d)))
    return std::nullopt;
  int year = to_int(y);
  if (!is_valid_date(year, 1, 1)) return std::nullopt;
  if (m.empty()) return DatePart{std::string(y) + "0101", std::string(y) + "1231"};
  int month = to_int(m);
  if (!is_valid_date(year, month, 1)) return std::nullopt;
  std::string ym = std::string(y) + std::string(m);
  if (d.empty()) return DatePart{ym + "01", ym + fmt::format("{:02}", days_in_month(year, month))};
  if (!is_valid_date(year, month, to_int(d))) return std::nullopt;
  return DatePart{ym + std::string(d), ym + std::string(d)};
}

// TEXT with its words lowercased when it is written all in capitals ("OIL
// PRICES", wire-style copy), so that its words are stemmed: QueryParser's
// STEM_SOME never stems a word that starts with a capital, while the indexer
// stems every word. The query operators (AND OR NOT XOR NEAR ADJ) keep
// their capitals. Mixed-case text is returned unchanged: there a capital is
// the user's choice of an exact, unstemmed word (Paris, not paris).
std::string unshout(const std::string& text) {
  bool upper = false;
  for (Xapian::Utf8Iterator it(text); it != Xapian::Utf8Iterator(); ++it) {
    auto cat = Xapian::Unicode::get_category(*it);
    if (cat == Xapian::Unicode::LOWERCASE_LETTER) return text;
    if (cat == Xapian::Unicode::UPPERCASE_LETTER) upper = true;
  }
  if (!upper) return text;
  static constexpr std::string_view kOperators[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
  // Acronyms (U.N., U.S.A.) keep their capitals too: QueryParser reads
  // "U.N." as the word "un", as the indexer does in any case, but "u.n." as
  // the two words "u" and "n", which no indexed "U.N." matches.
  const std::vector<unsigned> cps{Xapian::Utf8Iterator(text), Xapian::Utf8Iterator()};
  auto letter = [&](std::size_t i) {  // a one-letter word at I
    return i < cps.size() && Xapian::Unicode::is_wordchar(cps[i]) &&
           (i == 0 || !Xapian::Unicode::is_wordchar(cps[i - 1])) &&
           (i + 1 == cps.size() || !Xapian::Unicode::is_wordchar(cps[i + 1]));
  };
  std::string out, word;
  auto flush = [&] {
    bool op = std::find(std::begin(kOperators), std::end(kOperators), word) != std::end(kOperators);
    out += op ? word : Xapian::Unicode::tolower(word);
    word.clear();
  };
  for (std::size_t i = 0; i < cps.size(); ++i) {
    if (letter(i) && ((i + 2 < cps.size() && cps[i + 1] == '.' && letter(i + 2)) ||
                      (i >= 2 && cps[i - 1] == '.' && letter(i - 2)))) {
      Xapian::Unicode::append_utf8(out, cps[i]);
    } else if (Xapian::Unicode::is_wordchar(cps[i])) {
      Xapian::Unicode::append_utf8(word, cps[i]);
    } else {
      flush();
      Xapian::Unicode::append_utf8(out, cps[i]);
    }
  }
  flush();
  return out;
}

// The date range query, or nullopt with REASON set.
std::optional<Xapian::Query> date_range(std::string_view expr, std::string& reason) {
  auto invalid = [&](std::string_view what) {
    reason = fmt::format("invalid date '{}' ({})", what, kDateHelp);
    return std::nullopt;
  };
  std::size_t dots = expr.find("..");
  if (dots == std::string_view::npos) {
    auto part = parse_date_part(expr);
    if (!part) return invalid(expr);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kSlotDate, part->first, part->last);
  }
  std::string_view from = expr.substr(0, dots), to = expr.substr(dots + 2);
  if (from.empty() && to.empty()) return invalid(expr);
  std::optional<DatePart> lo, hi;
  if (!from.empty() && !(lo = parse_date_part(from))) return invalid(from);
  if (!to.empty() && !(hi = parse_date_part(to))) return invalid(to);
  if (!lo) return Xapian::Query(Xapian::Query::OP_VALUE_LE, kSlotDate, hi->last);
  if (!hi) return Xapian::Query(Xapian::Query::OP_VALUE_GE, kSlotDate, lo->first);
  if (lo->first > hi->last) {
    reason = fmt::format("date range '{}' ends before it starts", expr);
    return std::nullopt;
  }
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kSlotDate, lo->first, hi->last);
}

// The error for a value that folds to nothing (speaker:"" or country:--).
std::optional<std::string> empty_value_error(const Field& field, const std::string& value) {
  if (!fold_value(value).empty()) return std::nullopt;
  return fmt::format("{}: needs a value", field.name);
}

// speaker:, place:, source:. One word is the words of the field:
// speaker:brown finds every speaker with "brown" in the name (Gordon Brown
// and a speaker known only as Brown alike); several (quoted) words that are
// exactly a known value are that filter term (speaker:"Gordon Brown"), else
// a phrase in the field's words. place: also finds the gazetteer's places of
// that name (place:baghdad = Baghdād, place:kiev = Kyiv). Registered as a
// boolean prefix because Xapian 1.4 hands a non-boolean field processor
// neither quoted values nor wildcards; so the field restricts the matches
// and the rest of the query ranks them.
class HybridProcessor : public Xapian::FieldProcessor {
 public:
  // SNIPPET: always the words, unprefixed (QueryMode::kSnippet).
  HybridProcessor(const Xapian::Database& db, const Field& field,
                  std::shared_ptr<Xapian::QueryParser> text_qp, bool snippet,
                  std::shared_ptr<FieldErrors> errors)
      : db_(db),
        field_(field),
        text_qp_(std::move(text_qp)),
        snippet_(snippet),
        errors_(std::move(errors)) {}

  Xapian::Query operator()(const std::string& value) override {
    if (auto e = empty_value_error(field_, value)) return errors_->fail(*e);
    const bool several = fold_value(value).find(' ') != std::string::npos;
    std::vector<Xapian::Query> alternatives;
    if (!snippet_) {
      std::string term = filter_term(field_, value);
      if (several && db_.term_exists(term)) return Xapian::Query(term);
      if (field_.name == "place")
        for (const std::string& t : place_terms(value)) alternatives.emplace_back(t);
      if (!several)
        for (const std::string& t : folded_words(value)) alternatives.emplace_back(t);
    }
    // The words of the value, as a phrase when the user quoted several words
    // (a boolean value only has spaces when quoted).
    std::string text;
    for (char c : value)
      if (c != '"') text += c;
    if (several) text = '"' + text + '"';
    Xapian::Query q;
    try {
      q = text_qp_->parse_query(text, kParseFlags,
                                snippet_ ? std::string() : std::string(*field_.text_prefix));
    } catch (const Xapian::QueryParserError& e) {
      return errors_->fail(fmt::format("{}:{}: {}", field_.name, value, e.get_msg()));
    }
    if (!q.empty()) alternatives.insert(alternatives.begin(), q);
    // Only stopwords ("speaker:the"): no speaker can match.
    if (alternatives.empty()) return Xapian::Query::MatchNothing;
    if (alternatives.size() == 1) return alternatives.front();
    return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
  }

 private:
  // The words of the field written with diacritics that fold to VALUE, one
  // word (speaker:erdogan -> Erdoğan, place:sao -> São): the index keeps
  // words as written. A scan of the field's words starting with the same
  // letter or an accented one (bounded), remembered like place_terms.
  static constexpr std::size_t kMaxFoldedScan = 50000;
  const std::vector<std::string>& folded_words(const std::string& value) {
    static const std::vector<std::string> kNone;
    const std::string key = name_key(value);
    if (key.empty() || key.find(' ') != std::string::npos || value.find('*') != std::string::npos ||
        !(key[0] >= 'a' && key[0] <= 'z'))
      return kNone;
    auto it = folded_.find(key);
    if (it != folded_.end()) return it->second;
    if (folded_.size() >= kMaxLookups) return kNone;
    std::vector<std::string> terms;
    const std::string prefix = std::string(*field_.text_prefix);
    std::size_t scanned = 0;
    // The same letter, or an accented one: a UTF-8 lead byte of letters the
    // fold maps to ASCII (Ż, É, Š, Ș, ...).
    std::vector<std::string> leads{std::string(1, key[0])};
    for (char b : ascii_folding_leads()) leads.emplace_back(1, b);
    for (const std::string& lead : leads) {
      for (auto t = db_.allterms_begin(prefix + lead);
           t != db_.allterms_end(prefix + lead) && ++scanned < kMaxFoldedScan; ++t) {
        std::string term = *t;
        std::string_view word = std::string_view(term).substr(prefix.size());
        if (word != key && folds_to(word, key)) terms.push_back(term);
      }
    }
    return folded_.emplace(key, std::move(terms)).first->second;
  }

  // The lead bytes of the two-byte UTF-8 letters that name_key() folds to
  // ASCII letters, derived once from the fold itself.
  static const std::string& ascii_folding_leads() {
    static const std::string kLeads = [] {
      std::string leads;
      for (unsigned b = 0xC2; b <= 0xDF; ++b) {
        for (unsigned c = 0x80; c <= 0xBF; ++c) {
          const char letter[] = {static_cast<char>(b), static_cast<char>(c)};
          std::string folded = name_key(std::string_view(letter, 2));
          if (!folded.empty() && std::all_of(folded.begin(), folded.end(),
                                             [](char f) { return f >= 'a' && f <= 'z'; })) {
            leads += static_cast<char>(b);
            break;
          }
        }
      }
      return leads;
    }();
    return kLeads;
  }

  // The filter terms of the gazetteer's places called VALUE, remembered:
  // each look-up reads the gazetteer's text (a few ms), so a query repeating
  // a value pays once, and one with more than kMaxLookups values (a machine
  // or a fuzzer) gets the words of the others only. No look-up for a
  // wildcard.
  static constexpr std::size_t kMaxLookups = 32;
  const std::vector<std::string>& place_terms(const std::string& value) {
    static const std::vector<std::string> kNone;
    if (value.find('*') != std::string::npos) return kNone;
    auto it = places_.find(value);
    if (it != places_.end()) return it->second;
    if (places_.size() >= kMaxLookups) return kNone;
    std::vector<std::string> terms;
    for (const PlaceName& place : places_named(value)) {
      std::string t = filter_term(field_, place.name);
      if (std::find(terms.begin(), terms.end(), t) == terms.end()) terms.push_back(t);
    }
    return places_.emplace(value, std::move(terms)).first->second;
  }

  Xapian::Database db_;  // a handle: cheap to copy, shares the database
  const Field& field_;
  std::shared_ptr<Xapian::QueryParser> text_qp_;
  bool snippet_;
  std::shared_ptr<FieldErrors> errors_;
  std::map<std::string, std::vector<std::string>> places_, folded_;
};

// Filters in QueryMode::kSnippet: no words to highlight.
class NoWordsProcessor : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string&) override { return Xapian::Query::MatchAll; }
};

// country:, year:. Values are folded as the indexer folds them, which also
// keeps QueryParser from inserting ':' before a capital (country:UA), and
// checked: a year is four digits; a country is an ISO 3166-1 alpha-2 code
// or a name, alias or demonym the gazetteer knows (country:uk,
// country:britain, country:usa, country:ukrainian).
class ExactProcessor : public Xapian::FieldProcessor {
 public:
  ExactProcessor(const Xapian::Database& db, const Field& field,
                 std::shared_ptr<FieldErrors> errors)
      : db_(db), field_(field), errors_(std::move(errors)) {}
  Xapian::Query operator()(const std::string& value) override {
    if (auto e = empty_value_error(field_, value)) return errors_->fail(*e);
    if (field_.name == "year") {
      if (value.size() != 4 || !all_digits(value))
        return errors_->fail(fmt::format(
            "year:{}: a year is four digits, as in year:2025 (a range of years: date:2024..2025)",
            value));
    } else if (field_.name == "country") {
      if (!countries_.count(value) && countries_.size() >= kMaxLookups)
        return errors_->fail(
            fmt::format("country:{}: more than {} countries in one query", value, kMaxLookups));
      std::vector<std::string> codes = country_codes(value);
      if (codes.empty())
        return errors_->fail(fmt::format(
            "country:{}: unknown country '{}' (use an ISO 3166-1 code such as ua or gb, or a "
            "country's name)",
            value, value));
      std::vector<Xapian::Query> terms;
      for (const std::string& c : codes) terms.emplace_back(filter_term(field_, c));
      return terms.size() == 1 ? terms.front()
                               : Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }
    return Xapian::Query(filter_term(field_, value));
  }

 private:
  // The alpha-2 codes VALUE names: itself when it is a code (known to the
  // gazetteer or to the index), else the countries of that name.
  std::vector<std::string> country_codes(const std::string& value) {
    auto it = countries_.find(value);
    if (it != countries_.end()) return it->second;
    return countries_.emplace(value, look_up_country(value)).first->second;
  }

  std::vector<std::string> look_up_country(const std::string& value) const {
    std::string folded = fold_value(value);
    std::string upper;
    for (char c : folded) upper += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    if (upper.size() == 2 && std::isupper(static_cast<unsigned char>(upper[0])) &&
        std::isupper(static_cast<unsigned char>(upper[1])) &&
        (db_.term_exists(filter_term(field_, upper)) || is_country_code(upper)))
      return {upper};
    std::vector<std::string> out;
    for (const PlaceName& p : places_named(value))
      if (p.is_country && !p.country.empty() &&
          std::find(out.begin(), out.end(), p.country) == out.end())
        out.push_back(p.country);
    if (out.empty()) {
      std::string code = demonym_country(value);
      if (!code.empty()) out.push_back(code);
    }
    return out;
  }

  // Country names are read as HybridProcessor::place_terms reads places.
  static constexpr std::size_t kMaxLookups = 32;
  Xapian::Database db_;
  const Field& field_;
  std::shared_ptr<FieldErrors> errors_;
  std::map<std::string, std::vector<std::string>> countries_;
};

// date:. A field processor, not a RangeProcessor: it receives the whole of
// "2025-11-01..2025-11-30" as well as single dates and open ranges.
class DateProcessor : public Xapian::FieldProcessor {
 public:
  explicit DateProcessor(std::shared_ptr<FieldErrors> errors) : errors_(std::move(errors)) {}
  Xapian::Query operator()(const std::string& value) override {
    std::string reason;
    auto q = date_range(value, reason);
    if (!q) return errors_->fail(reason);
    return *q;
  }

 private:
  std::shared_ptr<FieldErrors> errors_;
};

// ---- The query as written: checked and rewritten before Xapian parses it.
// Xapian 1.4's QueryParser reads what it cannot parse again with every
// operator turned off, so a mistake changes the meaning silently (-blair
// finds blair); and its boolean prefixes take no groups (place:(a OR b)).
// This pass reads only the outline of the query (words, "phrases",
// parentheses, +/-, field:, operators), refuses what would be misread,
// naming it, and rewrites what Xapian cannot express:
//   - field:(a OR b)  ->  (field:a OR field:b)   (the field applies to the
//     group; a field inside such a group is refused);
//   - a group of excluded items only (-a -b, also inside parentheses) ->
//     NOT a NOT b, which excludes them from everything;
//   - an unknown field (spekaer:blair), a field with no value (title:) and
//     NEAR/x, ADJ/x with no number are errors.
// Everything else is passed on as written.

// Parentheses deeper than this are refused (Xapian would read them anyway,
// but the rewrite recurses).
constexpr int kMaxDepth = 500;

struct Item {
  enum Kind { kTerm, kGroup, kOperator } kind = kTerm;
  char sign = 0;            // '+', '-' or 0
  std::string field;        // "speaker" in speaker:rubio; "" = none
  std::string text;         // a word, a "phrase" (quotes kept) or an operator
  std::vector<Item> items;  // of a group
  bool closed = true;       // a group's ')' was there
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string field_list() {
  std::string out;
  for (const Field& f : fields()) out += fmt::format("{}{}:", out.empty() ? "" : ", ", f.name);
  return out;
}

class Outline {
 public:
  explicit Outline(std::string_view text) : s_(text) {}

  std::string rewrite() {
    std::vector<Item> items = parse_items(0, nullptr);
    check(items, "");
    std::string out;
    for (const Item& it : items) emit(it, out);
    return out;
  }

 private:
  void skip_space() {
    while (i_ < s_.size() && is_space(s_[i_])) ++i_;
  }

  // Items up to the ')' closing this group (depth > 0) or the end.
  std::vector<Item> parse_items(int depth, bool* closed) {
    if (depth > kMaxDepth)
      throw QueryError(fmt::format("parentheses nested deeper than {}", kMaxDepth));
    std::vector<Item> items;
    if (closed) *closed = false;
    for (;;) {
      skip_space();
      if (i_ >= s_.size()) return items;
      if (s_[i_] == ')') {
        ++i_;
        if (depth > 0) {
          *closed = true;
          return items;
        }
        Item stray;  // Xapian ignores it; pass it on
        stray.text = ")";
        items.push_back(std::move(stray));
        continue;
      }
      items.push_back(parse_item(depth));
    }
  }

  // A "phrase" from the '"' at i_, quotes kept; "" inside is an escaped
  // quote (Xapian's boolean values). Unclosed: to the end.
  std::string read_phrase() {
    std::size_t start = i_++;
    while (i_ < s_.size()) {
      if (s_[i_] == '"') {
        if (i_ + 1 < s_.size() && s_[i_ + 1] == '"') {
          i_ += 2;
          continue;
        }
        ++i_;
        break;
      }
      ++i_;
    }
    return std::string(s_.substr(start, i_ - start));
  }

  Item parse_item(int depth) {
    Item it;
    if ((s_[i_] == '-' || s_[i_] == '+') && i_ + 1 < s_.size() && !is_space(s_[i_ + 1]) &&
        s_[i_ + 1] != ')') {
      it.sign = s_[i_++];
    }
    if (s_[i_] == '(') {
      ++i_;
      it.kind = Item::kGroup;
      it.items = parse_items(depth + 1, &it.closed);
      return it;
    }
    if (s_[i_] == '"') {
      it.text = read_phrase();
      return it;
    }
    std::size_t start = i_;
    while (i_ < s_.size() && !is_space(s_[i_]) && s_[i_] != '(' && s_[i_] != ')' && s_[i_] != '"')
      ++i_;
    std::string_view word = s_.substr(start, i_ - start);
    std::size_t colon = word.find(':');
    bool name = colon != std::string_view::npos && colon > 0 &&
                std::all_of(word.begin(), word.begin() + colon, is_ascii_letter);
    if (name) {
      std::string_view value = word.substr(colon + 1);
      bool next_open = i_ < s_.size() && s_[i_] == '(';
      bool next_quote = i_ < s_.size() && s_[i_] == '"';
      // An unknown name is a field only if something follows that could be
      // its value: "https://..." or "10:30" are words.
      bool known = find_field(word.substr(0, colon)) != nullptr;
      auto valueish = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
      };
      if (known || (value.empty() && (next_open || next_quote)) ||
          (!value.empty() && (valueish(value[0]) || value[0] == '*'))) {
        it.field = std::string(word.substr(0, colon));
        if (value.empty() && next_open) {
          ++i_;
          it.kind = Item::kGroup;
          it.items = parse_items(depth + 1, &it.closed);
        } else if (value.empty() && next_quote) {
          it.text = read_phrase();
        } else {
          it.text = std::string(value);
        }
        return it;
      }
    }
    it.text = std::string(word);
    static constexpr std::string_view kOperators[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    if (!it.sign &&
        (std::find(std::begin(kOperators), std::end(kOperators), word) != std::end(kOperators) ||
         word.starts_with("NEAR/") || word.starts_with("ADJ/")))
      it.kind = Item::kOperator;
    return it;
  }

  static void check_field(const Item& it) {
    if (it.field.empty()) return;
    if (!find_field(it.field)) {
      std::string best;
      std::size_t best_d = 3;
      for (const Field& f : fields()) {
        std::string lower = it.field;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::size_t d = edit_distance(lower, f.name);
        if (d < best_d) best_d = d, best = std::string(f.name);
      }
      throw QueryError(
          fmt::format("unknown field '{}:' ({})", it.field,
                      best.empty() ? "fields: " + field_list() : "did you mean " + best + ":?"));
    }
    if (it.kind == Item::kTerm && (it.text.empty() || it.text == "\"\"" || it.text == "\""))
      throw QueryError(fmt::format("{}: needs a value, as in {}:word or {}:\"some words\"",
                                   it.field, it.field, it.field));
  }

  // Checks ITEMS, gives the terms of a field:(...) group their FIELD, and
  // turns a group of excluded items only into NOTs.
  static void check(std::vector<Item>& items, const std::string& field) {
    bool all_excluded = !items.empty();
    for (Item& it : items) {
      check_field(it);
      if (it.kind == Item::kOperator) {
        all_excluded = false;
        std::size_t slash = it.text.find('/');
        if (slash != std::string::npos &&
            (slash + 1 == it.text.size() ||
             !all_digits(std::string_view(it.text).substr(slash + 1))))
          throw QueryError(fmt::format("'{}': the distance must be a number of words, as in {}/3",
                                       it.text, it.text.substr(0, slash)));
        continue;
      }
      if (it.sign != '-') all_excluded = false;
      if (!field.empty()) {
        if (!it.field.empty())
          throw QueryError(
              fmt::format("{}:(...) cannot hold another field ({}:)", field, it.field));
        if (it.kind == Item::kTerm) it.field = field;
      }
      if (it.kind == Item::kGroup) {
        std::string inner = it.field.empty() ? field : it.field;
        it.field.clear();  // the field goes to the group's terms
        check(it.items, inner);
      }
    }
    if (!all_excluded) return;
    std::vector<Item> out;
    for (Item& it : items) {
      Item op;
      op.kind = Item::kOperator;
      op.text = "NOT";
      out.push_back(std::move(op));
      it.sign = 0;
      out.push_back(std::move(it));
    }
    items = std::move(out);
  }

  static void emit(const Item& it, std::string& out) {
    if (!out.empty() && out.back() != '(') out += ' ';
    if (it.sign) out += it.sign;
    if (!it.field.empty()) out += it.field + ':';
    if (it.kind != Item::kGroup) {
      out += it.text;
      return;
    }
    out += '(';
    for (const Item& child : it.items) emit(child, out);
    if (it.closed) out += ')';
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

Xapian::Query parse_date_range(std::string_view expr) {
  std::string reason;
  auto q = date_range(expr, reason);
  if (!q) throw QueryError(reason);
  return *q;
}

bool only_articles(const Xapian::Query& query) {
  using Q = Xapian::Query;
  switch (query.get_type()) {
    case Q::LEAF_TERM: {  // a word of the body or title; "" is MatchAll
      const std::string term = *query.get_terms_begin();
      return !term.empty() && term != "Z" && !is_field_term(term);
    }
    case Q::OP_AND:
    case Q::OP_PHRASE:
    case Q::OP_NEAR:
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        if (only_articles(query.get_subquery(i))) return true;
      return false;
    case Q::OP_FILTER:
    case Q::OP_AND_NOT:
    case Q::OP_AND_MAYBE:
    case Q::OP_SCALE_WEIGHT:
      return query.get_num_subqueries() > 0 && only_articles(query.get_subquery(0));
    case Q::OP_OR:
    case Q::OP_XOR:
    case Q::OP_SYNONYM:
    case Q::OP_MAX:
    case Q::OP_ELITE_SET:
      if (query.get_num_subqueries() == 0) return false;
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        if (!only_articles(query.get_subquery(i))) return false;
      return true;
    default:  // MatchAll, MatchNothing, wildcards, value ranges, sources
      return false;
  }
}

Xapian::Query filtered(const Xapian::Query& query, const Xapian::Query& filter) {
  return filter.empty() ? query : Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
}

Xapian::Query type_filter(bool quotes) {
  return Xapian::Query(std::string(kPrefixType) + std::string(quotes ? kTypeQuote : kTypeArticle));
}

QueryBuilder::QueryBuilder(const Xapian::Database& db, QueryMode mode)
    : analysis_(make_analysis(database_language(db))),
      field_qp_(std::make_shared<Xapian::QueryParser>()),
      field_errors_(std::make_shared<FieldErrors>()) {
  for (Xapian::QueryParser* qp : {&qp_, field_qp_.get()}) {
    qp->set_database(db);
    configure(*qp, analysis_);
    qp->set_default_op(Xapian::Query::OP_AND);
    qp->set_max_expansion(kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                          Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PARTIAL);
  }
  const bool snippet = mode == QueryMode::kSnippet;
  // A quote document's words are its quote's, under quote:'s prefix: there
  // plain words and body: search them.
  const std::string quote_prefix(*find_field(kQuoteField)->text_prefix);
  if (mode == QueryMode::kQuotes) qp_.add_prefix("", quote_prefix);
  for (const Field& f : fields()) {
    const std::string name(f.name);
    if (f.text_prefix && f.filter_prefix.empty()) {
      std::string prefix = snippet ? std::string() : std::string(*f.text_prefix);
      if (mode == QueryMode::kQuotes && prefix.empty()) prefix = quote_prefix;
      qp_.add_prefix(name, prefix);
    } else if (f.text_prefix) {
      qp_.add_boolean_prefix(
          name, (new HybridProcessor(db, f, field_qp_, snippet, field_errors_))->release());
    } else if (snippet) {
      qp_.add_boolean_prefix(name, (new NoWordsProcessor)->release());
    } else if (!f.filter_prefix.empty()) {
      qp_.add_boolean_prefix(name, (new ExactProcessor(db, f, field_errors_))->release());
    } else if (f.slot == kSlotDate) {
      qp_.add_boolean_prefix(name, (new DateProcessor(field_errors_))->release());
    }
  }
}

QueryBuilder::~QueryBuilder() = default;

std::string QueryBuilder::prepare(const std::string& text) const {
  // As the indexer does to the text: curly quotes and apostrophes become
  // straight ones (so “a phrase” and Zelensky’s work), odd spaces plain.
  std::string norm = unshout(normalise_text(is_valid_utf8(text) ? text : repair_utf8(text)));
  try {
    return Outline(norm).rewrite();
  } catch (const QueryError& e) {
    throw QueryError(fmt::format("cannot parse query '{}': {}", text, e.what()));
  }
}

Xapian::Query QueryBuilder::parse(const std::string& text) {
  std::string norm = prepare(text);
  field_errors_->first.clear();
  Xapian::Query q;
  try {
    q = qp_.parse_query(norm, kParseFlags);
  } catch (const Xapian::QueryParserError& e) {
    throw QueryError(fmt::format("cannot parse query '{}': {}", text, e.get_msg()));
  }
  if (!field_errors_->first.empty())
    throw QueryError(fmt::format("cannot parse query '{}': {}", text, field_errors_->first));
  return q;
}

Xapian::Query QueryBuilder::filter(const std::string& field, const std::string& value) {
  const Field* f = find_field(field);
  if (!f) throw QueryError(fmt::format("--filter {}={}: unknown field '{}'", field, value, field));
  // FIELD:"VALUE", through the same field processors as the query: the
  // value is one literal value (a '"' in it is doubled, Xapian's escape).
  std::string quoted;
  for (char c : value) {
    if (c == '"' && !f->filter_prefix.empty()) quoted += '"';
    if (c != '"' || !f->filter_prefix.empty()) quoted += c;
  }
  std::string text = fmt::format("{}:\"{}\"", field, quoted);
  field_errors_->first.clear();
  Xapian::Query q;
  try {
    q = qp_.parse_query(text, kParseFlags);
  } catch (const Xapian::QueryParserError& e) {
    throw QueryError(fmt::format("--filter {}={}: {}", field, value, e.get_msg()));
  }
  if (!field_errors_->first.empty())
    throw QueryError(fmt::format("--filter {}={}: {}", field, value, field_errors_->first));
  return q;
}

std::string QueryBuilder::suggest(const std::string& text) {
  // Spelling correction looks every word up in the spelling table: a cost
  // paid only when a search finds (almost) nothing.
  std::string norm;
  try {
    norm = prepare(text);
  } catch (const QueryError&) {
    return "";
  }
  field_errors_->first.clear();
  try {
    qp_.parse_query(norm, kParseFlags | Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
  } catch (const Xapian::QueryParserError&) {
    return "";
  }
  if (!field_errors_->first.empty()) return "";
  std::string corrected = qp_.get_corrected_query_string();
  return corrected == norm ? "" : corrected;
}

}  // namespace whosaid
