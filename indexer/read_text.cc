// Plain-text articles: header block, title, paragraphs, boilerplate removal,
// encoding repair.
#include "indexer/read_text.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/analysis.h"
#include "core/date.h"

namespace whosaid {
namespace {

// Page furniture that scraped articles carry on lines of their own. Matched
// on the whole trimmed line, ignoring case. Keep this the one list.
constexpr std::array<std::string_view, 22> kBoilerplateLines = {
    "featured-image",     "featured image",
    "advertisement",      "advert",
    "skip advertisement", "story continues below advertisement",
    "share this article", "share",
    "share this",         "share on facebook",
    "share on twitter",   "image caption",
    "media caption",      "image copyright",
    "image source",       "getty images",
    "read more",          "continue reading",
    "related topics",     "related articles",
    "most read",          "top stories",
};
// Lines starting with these (then a space or ':') are captions and credits.
constexpr std::array<std::string_view, 5> kBoilerplatePrefixes = {
    "image caption", "media caption", "image copyright", "image source", "featured-image",
};

// Header keys and the field they set. Keys outside this table make the
// first block an ordinary paragraph, so a headline such as "Blair: I will
// stay" is never mistaken for a header.
enum class HeaderField { kNone, kDate, kSource, kUrl, kId, kTitle };
struct HeaderKey {
  std::string_view key;
  HeaderField field;
};
constexpr std::array<HeaderKey, 14> kHeaderKeys = {{
    {"date", HeaderField::kDate},
    {"published", HeaderField::kDate},
    {"source", HeaderField::kSource},
    {"publisher", HeaderField::kSource},
    {"url", HeaderField::kUrl},
    {"link", HeaderField::kUrl},
    {"id", HeaderField::kId},
    {"title", HeaderField::kTitle},
    {"author", HeaderField::kNone},
    {"byline", HeaderField::kNone},
    {"language", HeaderField::kNone},
    {"lang", HeaderField::kNone},
    {"category", HeaderField::kNone},
    {"tags", HeaderField::kNone},
}};

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Length of the Unicode space at the start (FRONT) or end of S, or 0.
std::size_t unicode_space_len(std::string_view s, bool front) {
  // UTF-8 of U+00A0, U+2000..U+200B, U+202F, U+205F, U+3000, U+FEFF.
  static constexpr std::array<std::string_view, 17> kSpaces = {
      "\xC2\xA0",     "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82", "\xE2\x80\x83",
      "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87", "\xE2\x80\x88",
      "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\x8B", "\xE2\x80\xAF", "\xE2\x81\x9F",
      "\xE3\x80\x80", "\xEF\xBB\xBF"};
  for (std::string_view sp : kSpaces) {
    if (front ? s.starts_with(sp) : s.ends_with(sp)) return sp.size();
  }
  return 0;
}

struct HeaderLine {
  HeaderField field = HeaderField::kNone;
  std::string_view value;
};

// LINE as a known "Key: value" header, or nullopt.
std::optional<HeaderLine> parse_header_line(std::string_view line) {
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 24) return std::nullopt;
  std::string key = lower_ascii(line.substr(0, colon));
  for (const HeaderKey& k : kHeaderKeys)
    if (k.key == key) return HeaderLine{k.field, trim_space(line.substr(colon + 1))};
  return std::nullopt;
}

bool looks_binary(std::string_view bytes) {
  if (bytes.find('\0') != std::string_view::npos) return true;
  std::string_view sample = bytes.substr(0, 8192);
  std::size_t control = 0;
  for (unsigned char c : sample)
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F)
      ++control;
  return control * 8 > sample.size();
}

// Splits TEXT into lines without their "\n" or "\r\n".
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

}  // namespace

std::string_view trim_space(std::string_view s) {
  for (;;) {
    if (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
      s.remove_prefix(1);
    } else if (std::size_t n = unicode_space_len(s, true)) {
      s.remove_prefix(n);
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
      s.remove_suffix(1);
    } else if (std::size_t n = unicode_space_len(s, false)) {
      s.remove_suffix(n);
    } else {
      break;
    }
  }
  return s;
}

bool is_boilerplate_line(std::string_view line) {
  line = trim_space(line);
  if (line.empty()) return true;
  if (line.size() > 64) return false;
  std::string l = lower_ascii(line);
  for (std::string_view b : kBoilerplateLines)
    if (l == b) return true;
  for (std::string_view p : kBoilerplatePrefixes)
    if (l.size() > p.size() && l.starts_with(p) && (l[p.size()] == ' ' || l[p.size()] == ':'))
      return true;
  return false;
}

TextArticle parse_text_article(std::string_view bytes, const std::string& where) {
  TextArticle out;
  Article& a = out.article;
  a.origin = where;
  a.path = where;
  if (trim_space(bytes).empty()) throw BadInput("empty", "empty file");
  if (looks_binary(bytes)) throw BadInput("binary", "binary file, not a text article");

  if (is_valid_utf8(bytes)) {
    a.text = std::string(bytes);
  } else {
    a.text = repair_utf8(bytes);
    out.notes.push_back(
        {InputIssue::Kind::kRepaired, where, "not valid UTF-8; read as Latin-1", "repaired"});
  }
  if (a.text.starts_with("\xEF\xBB\xBF")) a.text.erase(0, 3);

  std::vector<std::string_view> lines = split_lines(a.text);
  std::size_t i = 0;

  // The header block: every line up to the first blank one must be a known
  // "Key: value" line, else there is no header block.
  std::size_t end = 0;
  while (end < lines.size() && !trim_space(lines[end]).empty()) ++end;
  bool has_header = end > 0 && end < lines.size();
  for (std::size_t k = 0; has_header && k < end; ++k)
    if (!parse_header_line(trim_space(lines[k]))) has_header = false;
  if (has_header) {
    a.header_bytes = static_cast<std::size_t>(lines[end].data() - a.text.data());
    for (; i < end; ++i) {
      HeaderLine h = *parse_header_line(trim_space(lines[i]));
      std::string value(h.value);
      switch (h.field) {
        case HeaderField::kDate:
          if (auto d = parse_date(value)) {
            a.date = *d;
          } else if (!value.empty()) {
            out.notes.push_back({InputIssue::Kind::kNote, where,
                                 fmt::format("unrecognised date '{}' ignored", value), "bad date"});
          }
          break;
        case HeaderField::kSource:
          a.source = value;
          break;
        case HeaderField::kUrl:
          a.url = value;
          break;
        case HeaderField::kId:
          a.id = value;
          break;
        case HeaderField::kTitle:
          a.title = value;
          break;
        case HeaderField::kNone:
          break;
      }
    }
  }

  std::string body;
  for (; i < lines.size(); ++i) {
    if (is_boilerplate_line(lines[i])) continue;
    std::string_view line = trim_space(lines[i]);
    if (a.title.empty()) {
      a.title = line;
      continue;
    }
    if (!body.empty()) body += "\n\n";
    body += line;
  }
  a.body = std::move(body);
  if (a.title.empty()) throw BadInput("no title", "no title (no text line in the file)");
  return out;
}

std::string read_article_bytes(std::istream& in) {
  std::string bytes;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    bytes.append(buf, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > kMaxTextFileBytes)
      throw BadInput("too large",
                     fmt::format("larger than {} MiB: not an article", kMaxTextFileBytes >> 20));
  }
  if (in.bad()) throw BadInput("unreadable", fmt::format("cannot read: {}", std::strerror(errno)));
  return bytes;
}

TextArticle read_text_file(const std::filesystem::path& path, const std::string& where) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw BadInput("unreadable", fmt::format("cannot read: {}", std::strerror(errno)));
  std::string bytes = read_article_bytes(in);
  TextArticle t = parse_text_article(bytes, where);
  t.raw_hash = hash_hex(bytes);
  return t;
}

}  // namespace whosaid
