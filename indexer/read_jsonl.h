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
// following lines are still read.
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
  // met on the way are skipped and appended to ISSUES (kind kSkipped, where
  // "name:line"), as are notes on good lines (kNote). Blank lines are
  // ignored. Throws BadInput("unreadable") if reading the stream fails.
  std::optional<Article> next(std::vector<InputIssue>& issues);

  std::size_t line_number() const { return line_; }

 private:
  std::istream& in_;
  std::string name_;
  std::size_t line_ = 0;
  std::string buf_;
};

}  // namespace whosaid
