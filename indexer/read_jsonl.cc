// JSON Lines articles, parsed one line at a time with nlohmann-json.
#include "indexer/read_jsonl.h"

#include <fmt/format.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "core/analysis.h"
#include "core/date.h"
#include "indexer/read_html.h"

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

// The "speakers" of OBJ into A: each a name (string; its kind is decided
// by speaker_kind(), core/article.h) or {"name": "...", "kind": "person" |
// "organization"}. Throws BadInput for anything else.
void read_speakers(const json& obj, Article& a) {
  auto it = obj.find("speakers");
  if (it == obj.end() || it->is_null()) return;
  auto bad = [](const std::string& what) {
    return BadInput("bad field", fmt::format("field \"speakers\" must be an array of names or "
                                             "{{\"name\", \"kind\": \"person\"|\"organization\"}} "
                                             "objects, but {}",
                                             what));
  };
  if (!it->is_array()) throw bad(fmt::format("is {}", it->type_name()));
  for (const json& item : *it) {
    std::string name, kind;
    if (item.is_string()) {
      name = item.get<std::string>();
    } else if (item.is_object()) {
      name = string_field(item, "name");
      kind = string_field(item, "kind");
      if (!is_named_kind(kind))
        throw bad(kind.empty() ? std::string("an object has no \"kind\"")
                               : fmt::format("holds the kind \"{}\"", kind));
    } else {
      throw bad(fmt::format("holds {}", item.type_name()));
    }
    if (name.empty()) continue;
    a.speakers.push_back(std::move(name));
    a.speaker_kinds.push_back(std::move(kind));
  }
}

bool blank(std::string_view line) {
  for (char c : line)
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

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

namespace {

// e.what() is "[json.exception.parse_error.101] parse error at line 1,
// column 9: syntax error ..."; keeps the part after the id.
std::string parse_error_text(const std::exception& e) {
  std::string what = e.what();
  if (auto p = what.find("] "); p != std::string::npos) what.erase(0, p + 2);
  return what;
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
    throw BadInput("bad json", fmt::format("not valid JSON: {}", parse_error_text(e)));
  }
  return article_from_json(obj, where, note);
}

Article article_from_json(const json& obj, const std::string& where, std::string* note) {
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
  std::string html = string_field(obj, "html");
  read_speakers(obj, a);
  a.places = string_list(obj, "places");
  a.countries = string_list(obj, "countries");
  for (std::string& c : a.countries)
    for (char& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  // HTML: an "html" field (a page or a fragment), or a "body" that is HTML.
  // Its text becomes the body unless a plain-text "body" is given; its
  // title, date, source and url fill the fields the line leaves out.
  bool body_is_html = looks_like_html_fragment(a.body);
  if (!blank(html) || body_is_html) {
    HtmlPage page = parse_html(blank(html) ? a.body : html);
    if (blank(a.body) || body_is_html) a.body = page.body();
    if (blank(a.title)) a.title = std::move(page.title);
    if (a.source.empty()) a.source = std::move(page.source);
    if (a.url.empty()) a.url = std::move(page.url);
    if (date.empty()) {
      if (!page.date.empty()) a.date = page.date;
      date = page.bad_date;
    }
  }
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

bool is_article_json_line(std::string_view line) {
  if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
  if (!is_valid_utf8(line) || json_depth(line) > kMaxJsonDepth) return false;
  json obj = json::parse(line, nullptr, false);
  if (obj.is_discarded() || !obj.is_object()) return false;
  for (const char* key : {"id", "title", "body", "html"})
    if (obj.contains(key)) return true;
  return false;
}

namespace {

// Builds the elements of a JSON document from nlohmann-json's SAX events, one
// at a time: the document itself when it is an object, each element when it
// is an array. An element is dropped, never held whole, once its strings
// pass kMaxJsonlLineBytes or its nesting kMaxJsonDepth.
class DocumentSax : public nlohmann::json_sax<json> {
 public:
  DocumentSax(const std::string& name, const JsonArticleFn& article, const JsonIssueFn& issue)
      : name_(name), article_(article), issue_(issue) {}

  bool null() override { return value(json(nullptr)); }
  bool boolean(bool v) override { return value(json(v)); }
  bool number_integer(number_integer_t v) override { return value(json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return value(json(v)); }
  bool number_float(number_float_t v, const string_t&) override { return value(json(v)); }
  bool string(string_t& v) override {
    bytes_ += v.size();
    return value(json(std::move(v)));
  }
  bool binary(binary_t&) override { return value(json(nullptr)); }
  bool key(string_t& k) override {
    bytes_ += k.size();
    key_ = std::move(k);
    return true;
  }
  bool start_object(std::size_t) override {
    bytes_ += 16;
    return open(json::object());
  }
  bool start_array(std::size_t) override {
    bytes_ += 16;
    return open(json::array());
  }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    error_ = parse_error_text(e);
    return false;
  }

  const std::string& error() const { return error_; }
  bool stopped() const { return stopped_; }

 private:
  // Depth of the values that are elements: 0 for a document that is one
  // object, 1 inside a top-level array.
  std::size_t element_depth() const { return array_ ? 1 : 0; }
  std::string where() const { return array_ ? fmt::format("{}[{}]", name_, index_) : name_; }

  bool open(json container) {
    if (depth_ == 0 && container.is_array()) {
      array_ = true;
      ++depth_;
      return true;
    }
    if (depth_ == element_depth()) {
      element_ = std::move(container);
      stack_.assign(1, &element_);
      bytes_ = 0;
      too_large_ = too_deep_ = false;
    } else if (!dropped()) {
      if (stack_.size() >= kMaxJsonDepth) {
        drop(too_deep_);
      } else {
        stack_.push_back(add(std::move(container)));
      }
    }
    ++depth_;
    return true;
  }

  bool close() {
    --depth_;
    if (depth_ == 0 && array_) return true;  // the end of the top-level array
    if (!dropped() && !stack_.empty()) stack_.pop_back();
    if (depth_ == element_depth()) return finish();
    return true;
  }

  bool value(json v) {
    bytes_ += 16;                     // a value's own cost, however small
    if (depth_ == element_depth()) {  // a scalar where an article should be
      element_ = std::move(v);
      too_large_ = too_deep_ = false;
      return finish();
    }
    if (!dropped()) {
      if (bytes_ > kMaxJsonlLineBytes)
        drop(too_large_);
      else
        add(std::move(v));
    }
    return true;
  }

  json* add(json v) {
    json& top = *stack_.back();
    if (top.is_object()) {
      json& slot = top[key_];
      slot = std::move(v);
      return &slot;
    }
    top.push_back(std::move(v));
    return &top.back();
  }

  bool dropped() const { return too_large_ || too_deep_; }
  void drop(bool& flag) {
    flag = true;
    stack_.clear();
    json().swap(element_);  // give the memory back now
  }

  bool finish() {
    std::string where = this->where();
    ++index_;
    bool go_on = true;
    if (too_deep_) {
      go_on = issue_({InputIssue::Kind::kSkipped, where,
                      fmt::format("JSON nested deeper than {} levels", kMaxJsonDepth), "too deep"});
    } else if (too_large_) {
      go_on = issue_({InputIssue::Kind::kSkipped, where,
                      fmt::format("larger than {} MiB: not an article", kMaxJsonlLineBytes >> 20),
                      "too large"});
    } else {
      std::string note;
      std::optional<Article> a;
      try {
        a = article_from_json(element_, where, &note);
      } catch (const BadInput& e) {
        go_on = issue_({InputIssue::Kind::kSkipped, where, e.what(), e.reason()});
      }
      if (a) {
        if (!note.empty()) go_on = issue_({InputIssue::Kind::kNote, where, note, "bad date"});
        a->path = name_;
        std::string hash = hash_hex(element_.dump());
        if (go_on) go_on = article_(std::move(*a), hash);
      }
    }
    json().swap(element_);
    stack_.clear();
    if (!go_on) stopped_ = true;
    return go_on;
  }

  const std::string& name_;
  const JsonArticleFn& article_;
  const JsonIssueFn& issue_;
  bool array_ = false;
  std::size_t depth_ = 0;
  std::size_t index_ = 0;
  json element_;
  std::vector<json*> stack_;
  std::string key_;
  std::size_t bytes_ = 0;
  bool too_large_ = false, too_deep_ = false;
  std::string error_;
  bool stopped_ = false;
};

}  // namespace

void read_json_document(std::istream& in, const std::string& name, const JsonArticleFn& article,
                        const JsonIssueFn& issue) {
  DocumentSax sax(name, article, issue);
  bool ok = json::sax_parse(in, &sax, nlohmann::detail::input_format_t::json, true);
  if (in.bad()) throw BadInput("unreadable", "read error");
  if (!ok && !sax.stopped())
    issue({InputIssue::Kind::kSkipped, name,
           fmt::format("not valid JSON: {}", sax.error().empty() ? "unexpected end" : sax.error()),
           "bad json"});
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
