// whosaid --article: loading one article and its quotes, and printing it.
#include "searcher/article_view.h"

#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <map>

#include "core/article.h"
#include "core/database.h"
#include "core/error.h"
#include "core/schema.h"
#include "core/terminal.h"
#include "searcher/snippet.h"
#include "searcher/stored_data.h"

namespace whosaid {
namespace {

std::string str(const nlohmann::json& data, const char* key) {
  auto it = data.find(key);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The stored data of the article ID, if any.
std::optional<nlohmann::json> find_article(const Xapian::Database& db, const std::string& id) {
  std::string term = id_term(id);
  auto p = db.postlist_begin(term);
  if (p == db.postlist_end(term)) return std::nullopt;
  return parse_stored_data(db.get_document(*p).get_data());
}

// The data of the article of the quote id ID ("ARTICLE#qN", core/article.h
// quote_id()), if that article has that quote.
std::optional<nlohmann::json> find_quote_article(const Xapian::Database& db,
                                                 const std::string& id) {
  std::size_t q = id.rfind("#q");
  if (q == std::string::npos || q + 2 == id.size() || id.size() - q > 12 ||
      !std::all_of(id.begin() + q + 2, id.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  std::optional<nlohmann::json> data = find_article(db, id.substr(0, q));
  if (!data) return std::nullopt;
  auto spans = data->find("quote_spans");
  if (spans == data->end() || !spans->is_array() || std::stoul(id.substr(q + 2)) >= spans->size())
    return std::nullopt;
  return data;
}

std::optional<std::pair<std::size_t, std::size_t>> span_of(const nlohmann::json& j) {
  if (!j.is_array() || j.size() < 2 || !j[0].is_number_unsigned() || !j[1].is_number_unsigned())
    return std::nullopt;
  return std::make_pair(j[0].get<std::size_t>(), j[1].get<std::size_t>());
}

ArticleView load(const Xapian::Database& db, const std::string& id, const std::string& where) {
  std::optional<nlohmann::json> data = find_article(db, id);
  if (!data) data = find_quote_article(db, id);  // a quote id: its article
  if (!data || str(*data, "type") != kTypeArticle)
    throw NotFound(fmt::format(
        "no article with id '{}' in {} (ids are in the output of whosaid --format ids QUERY)", id,
        where));
  ArticleView view;
  view.data = *data;
  const std::string article_id = str(view.data, "id");
  const std::size_t body_len = count_code_points(str(view.data, "body"));
  // The article's quote documents, by their index (core/article.h quote_data()).
  std::map<std::size_t, nlohmann::json> quote_docs;
  const std::vector<std::string_view> span_texts = quote_span_texts(view.data);
  const std::string article_term = prefixed_term(kPrefixArticle, article_id);
  for (auto p = db.postlist_begin(article_term); p != db.postlist_end(article_term); ++p) {
    nlohmann::json qd = parse_stored_data(db.get_document(*p).get_data());
    auto index = qd.find("index");
    if (str(qd, "type") == kTypeQuote && index != qd.end() && index->is_number_unsigned()) {
      std::size_t i = index->get<std::size_t>();
      complete_quote_data(qd, view.data, span_texts);
      quote_docs.emplace(i, std::move(qd));
    }
  }
  auto spans = view.data.find("quote_spans");
  if (spans != view.data.end() && spans->is_array()) {
    for (std::size_t i = 0; i < spans->size(); ++i) {
      ArticleQuote q;
      q.id = quote_id(article_id, i);
      q.span = span_of((*spans)[i]);
      if (q.span && (q.span->second > body_len || q.span->first >= q.span->second)) q.span.reset();
      if (auto qd = quote_docs.find(i); qd != quote_docs.end()) {
        q.text = str(qd->second, "text");
        q.speaker = str(qd->second, "speaker");
        q.speaker_kind = str(qd->second, "speaker_kind");
        q.kind = str(qd->second, "kind");
        q.cue = str(qd->second, "cue");
      }
      view.quotes.push_back(std::move(q));
    }
  }
  auto places = view.data.find("place_spans");
  if (places != view.data.end() && places->is_array()) {
    for (const auto& p : *places) {
      auto s = span_of(p);
      if (!s || p.size() < 4 || !p[2].is_string() || !p[3].is_string()) continue;
      if (s->second > body_len || s->first >= s->second) continue;
      view.places.push_back(
          {p[2].get<std::string>(), p[3].get<std::string>(), s->first, s->second});
    }
  }
  return view;
}

// A span to mark in the body: a quote (with its label) or a place.
struct Span {
  std::size_t start, end;
  bool quote;
  std::string label;  // quotes: "[N SPEAKER]"
};

// A mark to insert at a code-point position of the body.
struct Mark {
  std::size_t pos;
  bool open;
  const Span* span;
};

// Marks at the same position: closings before openings; the inner span
// (shorter; a place inside a quote of the same length) closes first and
// opens last, so marks nest.
bool mark_before(const Mark& a, const Mark& b) {
  if (a.pos != b.pos) return a.pos < b.pos;
  if (a.open != b.open) return !a.open;
  auto inner = [](const Span* x, const Span* y) {  // x nests inside y
    std::size_t lx = x->end - x->start, ly = y->end - y->start;
    return lx != ly ? lx < ly : (!x->quote && y->quote);
  };
  return a.open ? inner(b.span, a.span) : inner(a.span, b.span);
}

bool crosses(const Span& a, const Span& b) {
  bool disjoint = a.end <= b.start || b.end <= a.start;
  bool nested = (a.start <= b.start && b.end <= a.end) || (b.start <= a.start && a.end <= b.end);
  return !disjoint && !nested;
}

}  // namespace

ArticleView load_article(const std::vector<std::string>& paths, const std::string& id) {
  std::string where = paths.size() == 1 ? paths[0] : fmt::format("{} databases", paths.size());
  // An indexer committing meanwhile: read the latest revision again.
  for (int attempt = 1;; ++attempt) {
    try {
      return load(open_for_search(paths), id, where);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == 5) throw;
    }
  }
}

std::string format_article_text(const ArticleView& view, bool color, std::size_t width) {
  const nlohmann::json& d = view.data;
  std::string out;
  std::string title = str(d, "title");
  if (title.empty()) title = "(untitled)";
  title = wrap_text(title, width, 0, 0);
  out += color ? fmt::format("\x1b[1m{}\x1b[0m\n", title) : title + "\n";
  std::vector<std::string> meta;
  for (const char* key : {"date", "source"})
    if (std::string v = str(d, key); !v.empty()) meta.push_back(v);
  if (!meta.empty()) {
    std::string line;
    for (const std::string& m : meta) line += (line.empty() ? "" : " \u00b7 ") + m;
    out += line + "\n";
  }
  if (std::string url = str(d, "url"); !url.empty()) out += url + "\n";
  out += "id: " + str(d, "id") + "\n";
  if (std::string path = str(d, "path"); !path.empty() && path != str(d, "id"))
    out += "path: " + path + "\n";

  // The body with its marks. Quotes nest (a direct quote inside the
  // reported speech around it); a quote or place that crosses the edge of
  // one already marked, or a place overlapping another, is listed but not
  // marked.
  std::vector<Span> spans;
  spans.reserve(view.quotes.size() + view.places.size());
  auto fits = [&](const Span& s) {
    return std::none_of(spans.begin(), spans.end(), [&](const Span& o) {
      return crosses(s, o) || (!s.quote && !o.quote && s.start < o.end && o.start < s.end);
    });
  };
  for (std::size_t i = 0; i < view.quotes.size(); ++i) {
    const ArticleQuote& q = view.quotes[i];
    if (!q.span) continue;
    // The label is one unbreakable word (spaces as \x1f until wrapped).
    std::string label =
        q.speaker.empty() ? fmt::format("[{}]", i + 1) : fmt::format("[{} {}]", i + 1, q.speaker);
    std::replace(label.begin(), label.end(), ' ', '\x1f');
    Span s{q.span->first, q.span->second, true, std::move(label)};
    if (fits(s)) spans.push_back(std::move(s));
  }
  for (const ArticlePlace& p : view.places) {
    Span s{p.start, p.end, false, ""};
    if (fits(s)) spans.push_back(std::move(s));
  }
  std::vector<Mark> marks;
  for (const Span& s : spans) {
    marks.push_back({s.start, true, &s});
    marks.push_back({s.end, false, &s});
  }
  std::sort(marks.begin(), marks.end(), mark_before);
  // With colour, text inside any quote is bold (on at the outermost opening,
  // off at its closing) and places are underlined.
  int depth = 0;
  auto mark_text = [&](const Mark& m) -> std::string {
    if (!m.span->quote)
      return color ? (m.open ? "\x1b[4m" : "\x1b[24m") : (m.open ? "\u2039" : "\u203a");
    if (m.open) return (color && depth++ == 0 ? "\x1b[1m" : "") + std::string("\u00ab");
    return "\u00bb" + std::string(color && --depth == 0 ? "\x1b[22m" : "") + m.span->label;
  };
  std::string body = str(d, "body"), marked;
  auto m = marks.begin();
  std::size_t cp = 0;
  for (std::size_t b = 0; b <= body.size(); ++b) {
    bool boundary = b == body.size() || (static_cast<unsigned char>(body[b]) & 0xC0) != 0x80;
    if (boundary) {
      for (; m != marks.end() && m->pos == cp; ++m) marked += mark_text(*m);
      ++cp;
    }
    if (b < body.size()) marked += body[b];
  }
  for (; m != marks.end(); ++m) marked += mark_text(*m);  // past the end: a damaged span
  out += '\n';
  std::string_view rest = marked;
  while (true) {
    std::size_t sep = rest.find("\n\n");
    std::string para = wrap_text(rest.substr(0, sep), width, 0, 0);
    std::replace(para.begin(), para.end(), '\x1f', ' ');
    out += para + "\n";
    if (sep == std::string_view::npos) break;
    out += '\n';
    rest.remove_prefix(sep + 2);
  }

  if (!view.quotes.empty()) {
    out += color ? "\n\x1b[1mQuotes\x1b[0m\n" : "\nQuotes\n";
    for (std::size_t i = 0; i < view.quotes.size(); ++i) {
      const ArticleQuote& q = view.quotes[i];
      std::string how = q.cue.empty() ? q.kind : q.cue + ", " + q.kind;
      // An organisation or an unnamed source is marked as in search hits
      // (searcher/format.h); a person, most speakers, is not.
      std::string mark = q.speaker_kind == "organization" ? " [org]"
                         : q.speaker_kind == "unnamed"    ? " [unnamed]"
                                                          : "";
      std::string line = fmt::format("[{}] {}{}: \u201c{}\u201d", i + 1,
                                     q.speaker.empty() ? "(unknown speaker)" : q.speaker + mark,
                                     how.empty() ? "" : " (" + how + ")", q.text);
      out += "  " + wrap_text(line, width, 2, 6) + "\n";
    }
  }
  if (!view.places.empty()) {
    // Each place once, in order of first mention, with its country and count.
    std::vector<std::string> order;
    std::map<std::string, std::pair<std::string, int>> seen;
    for (const ArticlePlace& p : view.places) {
      auto [it, fresh] = seen.try_emplace(p.name, p.country, 0);
      if (fresh) order.push_back(p.name);
      ++it->second.second;
    }
    std::string line = "Places: ";
    for (std::size_t i = 0; i < order.size(); ++i) {
      const auto& [country, n] = seen[order[i]];
      std::string item =
          fmt::format("{}{}{}", order[i], country.empty() ? "" : " (" + country + ")",
                      n > 1 ? fmt::format(" \u00d7{}", n) : "");
      std::replace(item.begin(), item.end(), ' ', '\x1f');  // one name, one line
      line += (i ? ", " : "") + item;
    }
    line = wrap_text(line, width, 0, 2);
    std::replace(line.begin(), line.end(), '\x1f', ' ');
    out += "\n" + line + "\n";
  }
  return out;
}

nlohmann::ordered_json format_article_json(const ArticleView& view) {
  const nlohmann::json& d = view.data;
  nlohmann::ordered_json quotes = nlohmann::ordered_json::array();
  for (const ArticleQuote& q : view.quotes) {
    nlohmann::ordered_json start, end;
    if (q.span) start = q.span->first, end = q.span->second;
    quotes.push_back({{"id", q.id},
                      {"text", q.text},
                      {"start", start},
                      {"end", end},
                      {"speaker", q.speaker},
                      {"speaker_kind", q.speaker_kind},
                      {"kind", q.kind},
                      {"cue", q.cue}});
  }
  nlohmann::ordered_json places = nlohmann::ordered_json::array();
  for (const ArticlePlace& p : view.places)
    places.push_back(
        {{"name", p.name}, {"country", p.country}, {"start", p.start}, {"end", p.end}});
  nlohmann::ordered_json speakers = nlohmann::ordered_json::array();
  if (auto it = d.find("speakers"); it != d.end() && it->is_array())
    for (const auto& s : *it)
      if (s.is_string()) speakers.push_back(s.get<std::string>());
  nlohmann::ordered_json kinds = nlohmann::ordered_json::array();
  if (auto it = d.find("speaker_kinds"); it != d.end() && it->is_array())
    for (const auto& k : *it) kinds.push_back(k.is_string() ? k.get<std::string>() : "");
  return {{"version", 1},
          {"id", str(d, "id")},
          {"title", str(d, "title")},
          {"date", str(d, "date")},
          {"source", str(d, "source")},
          {"url", str(d, "url")},
          {"path", str(d, "path")},
          {"speakers", std::move(speakers)},
          {"speaker_kinds", std::move(kinds)},
          {"text", str(d, "body")},
          {"quotes", std::move(quotes)},
          {"places", std::move(places)}};
}

}  // namespace whosaid
