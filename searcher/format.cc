// Text and JSON output of search results.
#include "searcher/format.h"

#include <fmt/format.h>

#include "core/schema.h"

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

// Quote documents have one speaker; unnamed sources ("he") are not names.
std::vector<std::string> hit_speakers(const Hit& hit) {
  if (!is_quote(hit)) return list(hit.data, "speakers");
  std::string speaker = str(hit.data, "speaker");
  if (speaker.empty() || str(hit.data, "speaker_kind") == "unnamed") return {};
  return {speaker};
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string bold(const std::string& s, bool color) {
  return color ? fmt::format("{}{}{}", kBold, s, kReset) : s;
}

// "id (path)", "id", or "path" when there is no id.
std::string id_line(const Hit& hit) {
  std::string id = str(hit.data, "id"), path = str(hit.data, "path");
  if (id.empty()) return path;
  if (path.empty() || path == id) return id;
  return fmt::format("{} ({})", id, path);
}

void format_article(std::string& out, const Hit& hit, bool color) {
  std::string title = str(hit.data, "title");
  if (title.empty()) title = "(untitled)";
  std::vector<std::string> meta;
  for (const char* key : {"date", "source"})
    if (std::string v = str(hit.data, key); !v.empty()) meta.push_back(v);
  out += fmt::format("{}. {}", hit.rank, bold(title, color));
  if (!meta.empty()) out += fmt::format(" ({})", join(meta, ", "));
  out += '\n';
  if (std::string id = id_line(hit); !id.empty()) out += fmt::format("   {}\n", id);
  std::vector<std::string> who = hit_speakers(hit), where = list(hit.data, "places");
  if (!who.empty() || !where.empty()) {
    out += "  ";
    if (!who.empty()) out += fmt::format(" speakers: {}", join(who, ", "));
    if (!who.empty() && !where.empty()) out += ' ';
    if (!where.empty()) out += fmt::format(" places: {}", join(where, ", "));
    out += '\n';
  }
  std::string snippet = color ? render_snippet(hit.snippet, kBold, kReset) : hit.snippet.text;
  if (!snippet.empty()) out += fmt::format("   {}\n", snippet);
}

void format_quote(std::string& out, const Hit& hit, bool color) {
  std::string speaker = str(hit.data, "speaker");
  if (speaker.empty()) speaker = "(unknown speaker)";
  std::string text = color ? render_snippet(hit.snippet, kBold, kReset) : hit.snippet.text;
  out += fmt::format("{}. {}: \u201c{}\u201d", hit.rank, bold(speaker, color), text);
  std::vector<std::string> about;
  if (std::string t = str(hit.data, "title"); !t.empty()) about.push_back(t);
  if (std::string d = str(hit.data, "date"); !d.empty()) about.push_back(d);
  if (!about.empty()) out += fmt::format(" \u2014 {}", join(about, ", "));
  out += '\n';
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

std::string format_text(const SearchResult& result, bool color) {
  if (result.hits.empty() && result.estimate == 0) return "";
  std::string out;
  for (const Hit& hit : result.hits) {
    if (is_quote(hit))
      format_quote(out, hit, color);
    else
      format_article(out, hit, color);
    out += '\n';
  }
  for (const FacetResult& facet : result.facets) {
    std::vector<std::string> items;
    for (const FacetValue& v : facet.values)
      items.push_back(fmt::format("{} ({})", v.value, v.count));
    out += fmt::format("{}: {}\n\n", bold(facet.field, color),
                       items.empty() ? std::string("(none)") : join(items, ", "));
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
        {"places", list(d, "places")},
        {"snippet", hit.snippet.text},
        {"highlights", highlights},
    };
    if (is_quote(hit)) {
      for (const char* key : {"text", "speaker", "kind", "cue", "article"}) j[key] = str(d, key);
    }
    hits.push_back(std::move(j));
  }
  nlohmann::ordered_json facets = nlohmann::ordered_json::object();
  for (const FacetResult& facet : result.facets) {
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (const FacetValue& v : facet.values)
      values.push_back({{"value", v.value}, {"count", v.count}});
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
