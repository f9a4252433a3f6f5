// The JSON Lines reader: one article per line, read as a stream so that a
// feed of any size is indexed in bounded memory. Fields of an article line:
//   id        string or number; optional (see Article::id)
//   title     string        \ at least one of the two
//   body      string        /
//   date      string, a date parse_date() reads (ISO 8601 and others)
//   source, url               strings
//   speakers, places, countries  arrays of strings
// null stands for an absent field; other fields are ignored. A line that is
// not such an object is reported with its line number and skipped; the
// following lines are still read. Memory stays bounded whatever the input:
// a line longer than kMaxJsonlLineBytes is read past, never held, and
// reported as "too large"; JSON nested deeper than kMaxJsonDepth is refused
// before it is parsed.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "indexer/input_issue.h"

namespace whosaid {

// The longest line read as an article (the same limit as a text file's,
// kMaxTextFileBytes).
inline constexpr std::size_t kMaxJsonlLineBytes = 16u << 20;
// The deepest nesting of arrays and objects accepted in a line (an article
// line needs 2).
inline constexpr std::size_t kMaxJsonDepth = 64;

// Parses one line (without its newline). WHERE ("file:line") becomes
// Article::origin. Throws BadInput with reason "bad utf-8", "bad json",
// "not an object", "bad field" (a field of the wrong type) or "no text"
// (neither title nor body). An unreadable date is not an error: it is left
// empty and described in *NOTE when NOTE is not null.
Article parse_jsonl_line(std::string_view line, const std::string& where,
                         std::string* note = nullptr);

class JsonlReader {
 public:
  // Reads IN, named NAME in messages ("-" for standard input). IN must
  // outlive the reader.
  JsonlReader(std::istream& in, std::string name);

  // The next good article, or nullopt at the end of the input. Bad lines
  // met on the way (too long lines included) are skipped and appended to
  // ISSUES (kind kSkipped, where "name:line"), as are notes on good lines
  // (kNote). Blank lines are ignored. When RAW_HASH is not null it receives
  // the hash_hex of the article's line. Throws BadInput("unreadable") if
  // reading the stream fails.
  std::optional<Article> next(std::vector<InputIssue>& issues, std::string* raw_hash = nullptr);

  std::size_t line_number() const { return line_; }

 private:
  // Reads the next line into buf_, without its newline; false at the end of
  // the input. A line longer than kMaxJsonlLineBytes is read to its end but
  // not kept: buf_ is left empty and too_long_ set.
  bool read_line();

  std::istream& in_;
  std::string name_;
  std::size_t line_ = 0;
  std::string buf_;
  bool too_long_ = false;
};

}  // namespace whosaid
