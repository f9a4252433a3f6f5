// Date parsing: ISO 8601, written English dates and RFC 2822, to "YYYY-MM-DD".
#include "core/date.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <vector>

namespace whosaid {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The value of S if it is all digits (1..4 of them), else -1.
int small_number(std::string_view s) {
  if (s.empty() || s.size() > 4) return -1;
  int n = 0;
  for (char c : s) {
    if (!is_digit(c)) return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// 1..12 for an English month name or its abbreviation (lowercase), else 0.
int month_number(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (word == kNames[i]) return static_cast<int>(i) + 1;
    if (word.size() == 3 && kNames[i].substr(0, 3) == word) return static_cast<int>(i) + 1;
  }
  if (word == "sept") return 9;
  return 0;
}

bool is_weekday(std::string_view word) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (std::string_view d : kDays)
    if (word == d || (word.size() >= 3 && d.substr(0, word.size()) == word)) return true;
  return false;
}

// A day of the month, allowing an English ordinal suffix: "20", "20th", "1st".
int day_number(std::string_view word) {
  if (word.size() > 2) {
    std::string_view suffix = word.substr(word.size() - 2);
    if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") word.remove_suffix(2);
  }
  if (word.size() > 2) return -1;
  return small_number(word);
}

std::optional<std::string> format_date(int y, int m, int d) {
  if (!is_valid_date(y, m, d)) return std::nullopt;
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

// YYYY-MM-DD, YYYY/MM/DD or YYYY.MM.DD (one or two digit month and day),
// optionally followed by a time; or exactly YYYYMMDD.
std::optional<std::string> parse_iso(std::string_view s) {
  if (s.size() == 8 && small_number(s.substr(0, 4)) >= 0 && small_number(s.substr(4, 4)) >= 0)
    return format_date(small_number(s.substr(0, 4)), small_number(s.substr(4, 2)),
                       small_number(s.substr(6, 2)));
  if (s.size() < 8 || small_number(s.substr(0, 4)) < 0) return std::nullopt;
  char sep = s[4];
  if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
  std::size_t i = 5, start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  int month = (i - start >= 1 && i - start <= 2) ? small_number(s.substr(start, i - start)) : -1;
  if (month < 0 || i >= s.size() || s[i] != sep) return std::nullopt;
  start = ++i;
  while (i < s.size() && is_digit(s[i])) ++i;
  int day = (i - start >= 1 && i - start <= 2) ? small_number(s.substr(start, i - start)) : -1;
  if (day < 0) return std::nullopt;
  if (i < s.size() && s[i] != 'T' && s[i] != 't' && s[i] != ' ') return std::nullopt;
  return format_date(small_number(s.substr(0, 4)), month, day);
}

// "[Weekday,] D Month YYYY [...]" or "[Weekday,] Month D[,] YYYY [...]".
std::optional<std::string> parse_written(std::string_view s) {
  std::vector<std::string> words;
  std::string word;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',') {
      if (!word.empty()) words.push_back(lower(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(lower(word));
  for (std::string& w : words)
    if (w.size() > 1 && w.back() == '.') w.pop_back();  // "Nov." "Thu."

  std::size_t i = 0;
  if (i < words.size() && is_weekday(words[i])) ++i;
  if (words.size() < i + 3) return std::nullopt;
  if (words[i + 2].size() != 4) return std::nullopt;
  int year = small_number(words[i + 2]);
  if (year < 0) return std::nullopt;
  int day = day_number(words[i]);
  int month = month_number(words[i + 1]);
  if (day < 0 || month == 0) {
    month = month_number(words[i]);
    day = day_number(words[i + 1]);
  }
  if (day < 0 || month == 0) return std::nullopt;
  return format_date(year, month, day);
}

}  // namespace

bool is_valid_date(int year, int month, int day) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int last = kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
  return day <= last;
}

std::optional<std::string> parse_date(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  if (is_digit(text.front()) && text.size() >= 8 && is_digit(text[3]) && !is_digit(text[4]) &&
      text[4] != ' ')
    return parse_iso(text);
  if (text.size() == 8 && small_number(text.substr(0, 4)) >= 0) return parse_iso(text);
  return parse_written(text);
}

}  // namespace whosaid
