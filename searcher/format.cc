// Text and JSON output of search results.
#include "searcher/format.h"

#include <fmt/format.h>

#include "core/article.h"
#include "core/schema.h"
#include "core/terminal.h"

namespace whosaid {
namespace {

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kReset = "\x1b[0m";

std::string str(const nlohmann::json& data, const char* key) {
  auto it = data.find(key);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> list(const nlohmann::json& data, const char* key) {
  std::vector<std::string> out;
  auto it = data.find(key);
  if (it == data.end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

bool is_quote(const Hit& hit) { return str(hit.data, "type") == kTypeQuote; }

// A speaker of KIND is a name (core/article.h is_named_kind); "" = not
// stored, as in data written without kinds: a name.
bool names_someone(const std::string& kind) { return kind.empty() || is_named_kind(kind); }

// The named speakers of a hit and their kinds. Quote documents have one
// speaker; unnamed sources ("he") are not names.
std::vector<std::pair<std::string, std::string>> named_speakers(const Hit& hit) {
  if (!is_quote(hit)) {
    std::vector<std::string> names = list(hit.data, "speakers");
    std::vector<std::string> kinds = list(hit.data, "speaker_kinds");
    std::vector<std::pair<std::string, std::string>> out;
    for (std::size_t i = 0; i < names.size(); ++i) {
      std::string kind = i < kinds.size() ? kinds[i] : std::string();
      if (names_someone(kind)) out.emplace_back(names[i], kind);
    }
    return out;
  }
  std::string speaker = str(hit.data, "speaker"), kind = str(hit.data, "speaker_kind");
  if (speaker.empty() || !names_someone(kind)) return {};
  return {{speaker, kind}};
}

std::vector<std::string> hit_speakers(const Hit& hit) {
  std::vector<std::string> out;
  for (auto& [name, kind] : named_speakers(hit)) out.push_back(std::move(name));
  return out;
}

std::vector<std::string> hit_speaker_kinds(const Hit& hit) {
  std::vector<std::string> out;
  for (auto& [name, kind] : named_speakers(hit)) out.push_back(std::move(kind));
  return out;
}

// How the text output marks a speaker's kind: nothing for a person (most
// speakers), " [org]" for an organisation, " [unnamed]" for a source
// without a name ("a spokesman").
std::string kind_mark(std::string_view kind) {
  if (kind == "organization") return " [org]";
  if (kind == "unnamed") return " [unnamed]";
  return "";
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

// S with its spaces made unbreakable for wrap_text() (restored by
// wrap_kept()), so that a name or "(date, source)" is never split.
std::string keep(std::string s) {
  for (char& c : s)
    if (c == ' ') c = '\x1f';
  return s;
}

std::string wrap_kept(std::string_view s, std::size_t width, std::size_t first, std::size_t rest) {
  std::string out = wrap_text(s, width, first, rest);
  for (char& c : out)
    if (c == '\x1f') c = ' ';
  return out;
}

std::string bold(const std::string& s, bool color) {
  return color ? fmt::format("{}{}{}", kBold, s, kReset) : s;
}

// "id (path)", "id" (when it holds the path), or "path" when there is no id.
std::string id_line(const Hit& hit) {
  std::string id = str(hit.data, "id"), path = str(hit.data, "path");
  if (id.empty()) return path;
  // A quote of a text file: its id ("PATH#qN") already names the file.
  if (path.empty() || path == id || (id.starts_with(path) && id[path.size()] == '#')) return id;
  return fmt::format("{} ({})", id, path);
}

void format_article(std::string& out, const Hit& hit, bool color, std::size_t width) {
  std::string title = str(hit.data, "title");
  if (title.empty()) title = "(untitled)";
  std::vector<std::string> meta;
  for (const char* key : {"date", "source"})
    if (std::string v = str(hit.data, key); !v.empty()) meta.push_back(v);
  std::string head = fmt::format("{}. {}", hit.rank, bold(title, color));
  if (!meta.empty()) head += keep(fmt::format(" ({})", join(meta, ", "))).replace(0, 1, " ");
  out += wrap_kept(head, width, 0, 3) + '\n';
  if (std::string id = id_line(hit); !id.empty()) out += fmt::format("   {}\n", id);
  std::vector<std::string> who = hit_speakers(hit), where = list(hit.data, "places");
  // Speakers and places on one line when it fits the width, else one line
  // each, cut with "… +N more" (--format json/tsv has them all).
  std::string both = "  ";
  if (!who.empty()) both += fmt::format(" speakers: {}", join(who, ", "));
  if (!who.empty() && !where.empty()) both += ' ';
  if (!where.empty()) both += fmt::format(" places: {}", join(where, ", "));
  if (who.empty() && where.empty()) {
    // nothing
  } else if (width == 0 || display_width(both) <= width) {
    out += both + '\n';
  } else {
    constexpr std::string_view kSpeakers = "   speakers: ", kPlaces = "   places: ";
    if (!who.empty())
      out += fmt::format("{}{}\n", kSpeakers,
                         fit_list(who, width - std::min(width - 1, kSpeakers.size())));
    if (!where.empty())
      out += fmt::format("{}{}\n", kPlaces,
                         fit_list(where, width - std::min(width - 1, kPlaces.size())));
  }
  std::string snippet = color ? render_snippet(hit.snippet, kBold, kReset) : hit.snippet.text;
  if (!snippet.empty()) out += fmt::format("   {}\n", wrap_text(snippet, width, 3, 3));
}

void format_quote(std::string& out, const Hit& hit, bool color, std::size_t width) {
  std::string speaker = str(hit.data, "speaker");
  speaker =
      speaker.empty() ? "(unknown speaker)" : speaker + kind_mark(str(hit.data, "speaker_kind"));
  std::string text = color ? render_snippet(hit.snippet, kBold, kReset) : hit.snippet.text;
  std::string line = fmt::format("{}. {}: \u201c{}\u201d", hit.rank, bold(speaker, color), text);
  std::vector<std::string> about;
  if (std::string t = str(hit.data, "title"); !t.empty()) about.push_back(t);
  if (std::string d = str(hit.data, "date"); !d.empty()) about.push_back(d);
  if (!about.empty()) line += fmt::format(" \u2014 {}", join(about, ", "));
  out += wrap_text(line, width, 0, 3) + '\n';
  std::vector<std::string> meta;
  if (std::string s = str(hit.data, "source"); !s.empty()) meta.push_back(s);
  if (std::string id = id_line(hit); !id.empty()) meta.push_back(id);
  if (!meta.empty()) out += fmt::format("   {}\n", join(meta, " \u00b7 "));
}

}  // namespace

std::string format_total(const SearchResult& result) {
  std::string noun = result.estimate == 1 ? "result" : "results";
  return result.exact ? fmt::format("{} {}", result.estimate, noun)
                      : fmt::format("about {} {}", result.estimate, noun);
}

std::string format_text(const SearchResult& result, bool color, std::size_t width) {
  if (result.hits.empty() && result.estimate == 0) return "";
  std::string out;
  for (const Hit& hit : result.hits) {
    if (is_quote(hit))
      format_quote(out, hit, color, width);
    else
      format_article(out, hit, color, width);
    out += '\n';
  }
  for (const FacetResult& facet : result.facets) {
    std::vector<std::string> items;
    // The kinds of a facet of every speaker; a person: or org: facet has one.
    const Field* f = find_field(facet.field);
    const bool mark = f && f->kind.empty();
    for (const FacetValue& v : facet.values)
      items.push_back(
          keep(fmt::format("{}{} ({})", v.value, mark ? kind_mark(v.kind) : "", v.count)));
    std::string line = fmt::format("{}: {}", bold(facet.field, color),
                                   items.empty() ? std::string("(none)") : join(items, ", "));
    out += wrap_kept(line, width, 0, 2) + "\n\n";
  }
  out += format_total(result);
  if (result.partial())
    out += fmt::format(" (partial: {} of {} shards not searched)", result.missing_shards.size(),
                       result.missing_shards.size() + result.shards_searched);
  out += '\n';
  if (result.suggestion) out += fmt::format("did you mean: {}\n", *result.suggestion);
  return out;
}

nlohmann::ordered_json format_json(const SearchResult& result) {
  nlohmann::ordered_json hits = nlohmann::ordered_json::array();
  for (const Hit& hit : result.hits) {
    const nlohmann::json& d = hit.data;
    nlohmann::ordered_json highlights = nlohmann::ordered_json::array();
    for (const Highlight& h : hit.snippet.highlights) highlights.push_back({h.first, h.second});
    std::string type = str(d, "type");
    nlohmann::ordered_json j = {
        {"rank", hit.rank},
        {"id", str(d, "id")},
        {"type", type.empty() ? std::string(kTypeArticle) : type},
        {"score", hit.score},
        {"title", str(d, "title")},
        {"date", str(d, "date")},
        {"source", str(d, "source")},
        {"url", str(d, "url")},
        {"path", str(d, "path")},
        {"speakers", hit_speakers(hit)},
        {"speaker_kinds", hit_speaker_kinds(hit)},
        {"places", list(d, "places")},
        {"snippet", hit.snippet.text},
        {"highlights", highlights},
    };
    if (is_quote(hit)) {
      for (const char* key : {"text", "speaker", "speaker_kind", "kind", "cue", "article"})
        j[key] = str(d, key);
    }
    hits.push_back(std::move(j));
  }
  nlohmann::ordered_json facets = nlohmann::ordered_json::object();
  for (const FacetResult& facet : result.facets) {
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (const FacetValue& v : facet.values) {
      nlohmann::ordered_json value = {{"value", v.value}, {"count", v.count}};
      if (!v.kind.empty()) value["kind"] = v.kind;
      values.push_back(std::move(value));
    }
    facets[facet.field] = std::move(values);
  }
  nlohmann::ordered_json missing = nlohmann::ordered_json::array();
  for (const auto& [shard, error] : result.missing_shards)
    missing.push_back({{"shard", shard}, {"error", error}});
  return {
      {"version", kJsonVersion},
      {"query", result.query},
      {"type", result.quotes ? kTypeQuote : kTypeArticle},
      {"total", {{"estimate", result.estimate}, {"exact", result.exact}}},
      {"offset", result.offset},
      {"limit", result.limit},
      {"hits", std::move(hits)},
      {"facets", std::move(facets)},
      {"suggestion",
       result.suggestion ? nlohmann::ordered_json(*result.suggestion) : nlohmann::ordered_json()},
      {"partial", result.partial()},
      {"missing_shards", std::move(missing)},
  };
}

}  // namespace whosaid

namespace whosaid {
namespace {

// The columns of --format tsv/csv.
const std::vector<std::string>& columns(bool quotes) {
  static const std::vector<std::string> kArticle = {"rank",  "id",  "score",    "date",   "source",
                                                    "title", "url", "speakers", "places", "path"};
  static const std::vector<std::string> kQuote = {"rank",    "id",   "article", "score", "date",
                                                  "speaker", "kind", "cue",     "text",  "title",
                                                  "source",  "url",  "path"};
  return quotes ? kQuote : kArticle;
}

std::string cell(const Hit& hit, const std::string& column) {
  if (column == "rank") return std::to_string(hit.rank);
  if (column == "score") return fmt::format("{:.4f}", hit.score);
  if (column == "speakers") return join(hit_speakers(hit), "; ");
  if (column == "places") return join(list(hit.data, "places"), "; ");
  return str(hit.data, column.c_str());
}

}  // namespace

std::string tsv_field(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string csv_field(std::string_view s) {
  bool quote = s.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  if (!quote) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string format_table(const SearchResult& result, TableFormat format) {
  const bool csv = format == TableFormat::kCsv;
  const char* sep = csv ? "," : "\t";
  const char* eol = csv ? "\r\n" : "\n";
  auto field = [&](std::string_view v) { return csv ? csv_field(v) : tsv_field(v); };
  const std::vector<std::string>& cols = columns(result.quotes);
  std::string out;
  for (std::size_t i = 0; i < cols.size(); ++i) out += (i ? sep : "") + cols[i];
  out += eol;
  for (const Hit& hit : result.hits) {
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (i) out += sep;
      out += field(cell(hit, cols[i]));
    }
    out += eol;
  }
  return out;
}

std::string format_ids(const SearchResult& result) {
  std::string out;
  for (const Hit& hit : result.hits) out += str(hit.data, "id") + '\n';
  return out;
}

nlohmann::ordered_json error_json(std::string_view code, std::string_view message) {
  return {{"version", kJsonVersion},
          {"error", {{"code", std::string(code)}, {"message", std::string(message)}}}};
}

}  // namespace whosaid
