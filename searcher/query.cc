// QueryParser setup from the schema table, the field processors for hybrid,
// exact and date fields, and the date expression parser.
#include "searcher/query.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <iterator>
#include <optional>
#include <vector>

#include "core/database.h"
#include "core/date.h"
#include "core/error.h"
#include "core/schema.h"

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

// speaker:, place:, source:. A value that is exactly a known value (its
// filter term exists) is that filter: speaker:"Marco Rubio", place:Kyiv.
// Anything else is free text in the field's words: speaker:rubio,
// speaker:"marco rub*". Registered as a boolean prefix because Xapian 1.4
// hands a non-boolean field processor neither quoted values nor wildcards;
// so the field restricts the matches and the rest of the query ranks them.
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
    if (!snippet_) {
      std::string term = filter_term(field_, value);
      if (db_.term_exists(term)) return Xapian::Query(term);
    }
    // Not a known value: the words of the value, as a phrase when the user
    // quoted several words (a boolean value only has spaces when quoted).
    std::string text;
    for (char c : value)
      if (c != '"') text += c;
    if (text.find_first_of(" \t") != std::string::npos) text = '"' + text + '"';
    Xapian::Query q;
    try {
      q = text_qp_->parse_query(text, kParseFlags,
                                snippet_ ? std::string() : std::string(*field_.text_prefix));
    } catch (const Xapian::QueryParserError& e) {
      return errors_->fail(fmt::format("{}:{}: {}", field_.name, value, e.get_msg()));
    }
    // Only stopwords ("speaker:the"): no speaker can match.
    return q.empty() ? Xapian::Query::MatchNothing : q;
  }

 private:
  Xapian::Database db_;  // a handle: cheap to copy, shares the database
  const Field& field_;
  std::shared_ptr<Xapian::QueryParser> text_qp_;
  bool snippet_;
  std::shared_ptr<FieldErrors> errors_;
};

// Filters in QueryMode::kSnippet: no words to highlight.
class NoWordsProcessor : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string&) override { return Xapian::Query::MatchAll; }
};

// country:, year:. Values are folded as the indexer folds them, which also
// keeps QueryParser from inserting ':' before a capital (country:UA).
class ExactProcessor : public Xapian::FieldProcessor {
 public:
  ExactProcessor(const Field& field, std::shared_ptr<FieldErrors> errors)
      : field_(field), errors_(std::move(errors)) {}
  Xapian::Query operator()(const std::string& value) override {
    if (auto e = empty_value_error(field_, value)) return errors_->fail(*e);
    return Xapian::Query(filter_term(field_, value));
  }

 private:
  const Field& field_;
  std::shared_ptr<FieldErrors> errors_;
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

}  // namespace

Xapian::Query parse_date_range(std::string_view expr) {
  std::string reason;
  auto q = date_range(expr, reason);
  if (!q) throw QueryError(reason);
  return *q;
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
  for (const Field& f : fields()) {
    const std::string name(f.name);
    if (f.text_prefix && f.filter_prefix.empty()) {
      const bool plain = snippet || (mode == QueryMode::kQuotes && f.name == kQuoteField);
      qp_.add_prefix(name, plain ? std::string() : std::string(*f.text_prefix));
    } else if (f.text_prefix) {
      qp_.add_boolean_prefix(
          name, (new HybridProcessor(db, f, field_qp_, snippet, field_errors_))->release());
    } else if (snippet) {
      qp_.add_boolean_prefix(name, (new NoWordsProcessor)->release());
    } else if (!f.filter_prefix.empty()) {
      qp_.add_boolean_prefix(name, (new ExactProcessor(f, field_errors_))->release());
    } else if (f.slot == kSlotDate) {
      qp_.add_boolean_prefix(name, (new DateProcessor(field_errors_))->release());
    }
  }
}

QueryBuilder::~QueryBuilder() = default;

Xapian::Query QueryBuilder::parse(const std::string& text) {
  // As the indexer does to the text: curly quotes and apostrophes become
  // straight ones (so “a phrase” and Zelensky’s work), odd spaces plain.
  std::string norm = unshout(normalise_text(is_valid_utf8(text) ? text : repair_utf8(text)));
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

std::string QueryBuilder::suggest(const std::string& text) {
  // Spelling correction looks every word up in the spelling table: a cost
  // paid only when a search finds (almost) nothing.
  std::string norm = unshout(normalise_text(is_valid_utf8(text) ? text : repair_utf8(text)));
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
