// JSON Lines articles, parsed one line at a time with nlohmann-json.
#include "indexer/read_jsonl.h"

#include <fmt/format.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "core/analysis.h"
#include "core/date.h"

namespace whosaid {
namespace {

using nlohmann::json;

// The string value of FIELD in OBJ ("" when absent or null); a number is
// accepted where NUMBER_OK (ids). Throws BadInput for other types.
std::string string_field(const json& obj, const char* field, bool number_ok = false) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (number_ok && it->is_number_integer()) return it->dump();
  throw BadInput("bad field", fmt::format("field \"{}\" must be a string{}, not {}", field,
                                          number_ok ? " or an integer" : "", it->type_name()));
}

std::vector<std::string> string_list(const json& obj, const char* field) {
  std::vector<std::string> out;
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return out;
  if (!it->is_array())
    throw BadInput("bad field", fmt::format("field \"{}\" must be an array of strings, not {}",
                                            field, it->type_name()));
  for (const json& item : *it) {
    if (!item.is_string())
      throw BadInput("bad field",
                     fmt::format("field \"{}\" must be an array of strings, but holds {}", field,
                                 item.type_name()));
    std::string s = item.get<std::string>();
    if (!s.empty()) out.push_back(std::move(s));
  }
  return out;
}

bool blank(std::string_view line) {
  for (char c : line)
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  return true;
}

// The deepest nesting of arrays and objects in LINE, brackets inside
// strings excepted; stops counting past kMaxJsonDepth. (nlohmann-json parses
// without recursion, but destroying a deeply nested value recurses.)
std::size_t json_depth(std::string_view line) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : line) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest && (deepest = depth) > kMaxJsonDepth) break;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

Article parse_jsonl_line(std::string_view line, const std::string& where, std::string* note) {
  if (!is_valid_utf8(line)) throw BadInput("bad utf-8", "not valid UTF-8");
  if (json_depth(line) > kMaxJsonDepth)
    throw BadInput("too deep", fmt::format("JSON nested deeper than {} levels", kMaxJsonDepth));
  json obj;
  try {
    obj = json::parse(line);
  } catch (const json::parse_error& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line 1,
    // column 9: syntax error ..."; keep the part after the id.
    std::string what = e.what();
    if (auto p = what.find("] "); p != std::string::npos) what.erase(0, p + 2);
    throw BadInput("bad json", fmt::format("not valid JSON: {}", what));
  }
  if (!obj.is_object())
    throw BadInput("not an object", fmt::format("not a JSON object but {}", obj.type_name()));

  Article a;
  a.origin = where;
  a.id = string_field(obj, "id", true);
  a.title = string_field(obj, "title");
  a.body = string_field(obj, "body");
  a.source = string_field(obj, "source");
  a.url = string_field(obj, "url");
  std::string date = string_field(obj, "date");
  a.speakers = string_list(obj, "speakers");
  a.places = string_list(obj, "places");
  a.countries = string_list(obj, "countries");
  for (std::string& c : a.countries)
    for (char& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (blank(a.title) && blank(a.body))
    throw BadInput("no text", "no \"title\" and no \"body\": nothing to index");
  if (!date.empty()) {
    if (auto d = parse_date(date))
      a.date = *d;
    else if (note)
      *note = fmt::format("unrecognised date '{}' ignored", date);
  }
  a.text = a.body;
  return a;
}

JsonlReader::JsonlReader(std::istream& in, std::string name) : in_(in), name_(std::move(name)) {}

bool JsonlReader::read_line() {
  buf_.clear();
  too_long_ = false;
  char chunk[65536];
  bool any = false;
  for (;;) {
    in_.getline(chunk, sizeof chunk);
    auto n = static_cast<std::size_t>(in_.gcount());
    if (in_.bad()) return false;
    bool goes_on = in_.fail() && !in_.eof();           // the chunk filled up before the line's end
    if (in_.fail() && !goes_on && n == 0) return any;  // the end of the input
    any = true;
    // gcount() counts the newline when one ended the line.
    std::size_t len = goes_on || in_.eof() ? n : n - 1;
    if (!too_long_ && buf_.size() + len > kMaxJsonlLineBytes) {
      too_long_ = true;
      std::string().swap(buf_);  // give the memory back now
    }
    if (!too_long_) buf_.append(chunk, len);
    if (!goes_on) return true;
    in_.clear();
  }
}

std::optional<Article> JsonlReader::next(std::vector<InputIssue>& issues, std::string* raw_hash) {
  while (read_line()) {
    ++line_;
    if (too_long_) {
      issues.push_back(
          {InputIssue::Kind::kSkipped, fmt::format("{}:{}", name_, line_),
           fmt::format("line longer than {} MiB: not an article", kMaxJsonlLineBytes >> 20),
           "too large"});
      continue;
    }
    if (!buf_.empty() && buf_.back() == '\r') buf_.pop_back();
    if (line_ == 1 && buf_.starts_with("\xEF\xBB\xBF")) buf_.erase(0, 3);  // byte-order mark
    if (blank(buf_)) continue;
    std::string where = fmt::format("{}:{}", name_, line_);
    std::string note;
    try {
      Article a = parse_jsonl_line(buf_, where, &note);
      if (!note.empty()) issues.push_back({InputIssue::Kind::kNote, where, note, "bad date"});
      a.path = name_;
      if (raw_hash) *raw_hash = hash_hex(buf_);
      return a;
    } catch (const BadInput& e) {
      issues.push_back({InputIssue::Kind::kSkipped, where, e.what(), e.reason()});
    }
  }
  if (in_.bad()) throw BadInput("unreadable", fmt::format("read error after line {}", line_));
  return std::nullopt;
}

}  // namespace whosaid
