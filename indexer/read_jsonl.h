// The JSON Lines reader: one article per line, read as a stream so that a
// feed of any size is indexed in bounded memory. Fields of an article line:
//   id        string or number; optional (see Article::id)
//   title     string        \ at least one of the two
//   body      string        /
//   date      string, a date parse_date() reads (ISO 8601 and others)
//   source, url               strings
//   speakers  array of names (strings: taken for people unless extraction
//             finds the name speaking as an organisation, speaker_kind() in
//             core/article.h) or objects {"name": "...", "kind": "person" |
//             "organization"}
//   places, countries  arrays of strings
//   html      string, an HTML page or fragment (read_html.h): its text is the
//             body when "body" is absent, its title, date, source and url
//             fill the fields the line leaves out. A "body" that is HTML
//             (looks_like_html_fragment) is read the same way.
// null stands for an absent field; other fields are ignored. A line that is
// not such an object is reported with its line number and skipped; the
// following lines are still read. Memory stays bounded whatever the input:
// a line longer than kMaxJsonlLineBytes is read past, never held, and
// reported as "too large"; JSON nested deeper than kMaxJsonDepth is refused
// before it is parsed.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <nlohmann/json.hpp>
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

// The deepest nesting of arrays and objects in the JSON text LINE, brackets
// inside strings excepted; stops counting past kMaxJsonDepth. (nlohmann-json
// parses without recursion, but destroying a deeply nested value recurses.)
std::size_t json_depth(std::string_view line);

// Parses one line (without its newline). WHERE ("file:line") becomes
// Article::origin. Throws BadInput with reason "bad utf-8", "bad json",
// "not an object", "bad field" (a field of the wrong type) or "no text"
// (neither title nor body). An unreadable date is not an error: it is left
// empty and described in *NOTE when NOTE is not null.
Article parse_jsonl_line(std::string_view line, const std::string& where,
                         std::string* note = nullptr);

// The article of the JSON object OBJ (the fields above); WHERE becomes
// Article::origin. Throws BadInput as parse_jsonl_line does ("not an object",
// "bad field", "no text").
Article article_from_json(const nlohmann::json& obj, const std::string& where,
                          std::string* note = nullptr);

// True if LINE (a byte-order mark allowed) is a JSON object with at least one
// of the keys "id", "title", "body" or "html": how a JSON Lines file is
// recognised by its content, whatever its name.
bool is_article_json_line(std::string_view line);

using JsonArticleFn = std::function<bool(Article&&, const std::string& raw_hash)>;
using JsonIssueFn = std::function<bool(InputIssue&&)>;

// Reads IN, named NAME, as one JSON document (a .json file): an article
// object, or an array of article objects (a newsroom export), parsed as a
// stream so that only one element is held at a time. Each good article goes
// to ARTICLE with the hash of its JSON; each bad element (not an object, no
// text, a bad field, larger than kMaxJsonlLineBytes, nested deeper than
// kMaxJsonDepth) to ISSUE. Elements are named NAME[N], N counted from 0 as in
// jq; a document that is one object is named NAME. Invalid JSON stops the
// reading with an issue (reason "bad json", its line and column) after the
// elements before it were delivered. Either callback returning false stops
// the reading. Throws BadInput("unreadable") if reading IN fails.
void read_json_document(std::istream& in, const std::string& name, const JsonArticleFn& article,
                        const JsonIssueFn& issue);

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
