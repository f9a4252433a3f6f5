// Stored document data for articles and quotes.
#include "core/article.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "core/schema.h"

namespace whosaid {

namespace {

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace

BodySpans::BodySpans(const Article& a) {
  const std::string& text = a.text.empty() ? a.body : a.text;
  std::string_view body = a.body;
  std::size_t text_byte = 0, text_cp = 0, body_byte = 0, body_cp = 0;
  while (body_byte < body.size()) {
    std::size_t sep = body.find("\n\n", body_byte);
    if (sep == std::string_view::npos) sep = body.size();
    std::string_view para = body.substr(body_byte, sep - body_byte);
    std::size_t at = para.empty() ? std::string::npos : text.find(para, text_byte);
    if (at != std::string::npos) {
      text_cp += code_points(std::string_view(text).substr(text_byte, at - text_byte));
      std::size_t len = code_points(para);
      pieces_.push_back({text_cp, body_cp, len});
      text_cp += len;
      text_byte = at + para.size();
    }
    body_cp += code_points(para);
    if (sep == body.size()) break;
    body_cp += 2;  // "\n\n"
    body_byte = sep + 2;
  }
}

const BodySpans::Piece* BodySpans::find(std::size_t pos) const {
  // The last piece starting at or before POS, if POS is inside it.
  auto it =
      std::upper_bound(pieces_.begin(), pieces_.end(), pos,
                       [](std::size_t p, const Piece& piece) { return p < piece.text_start; });
  if (it == pieces_.begin()) return nullptr;
  --it;
  return pos < it->text_start + it->length ? &*it : nullptr;
}

std::optional<std::pair<std::size_t, std::size_t>> BodySpans::map(std::size_t start,
                                                                  std::size_t end) const {
  const Piece* first = find(start);
  if (!first || end <= start) return std::nullopt;
  std::size_t body_start = first->body_start + (start - first->text_start);
  const Piece* last = find(end - 1);
  std::size_t body_end = last && last->text_start >= first->text_start
                             ? last->body_start + (end - last->text_start)
                             : first->body_start + first->length;  // cut at its paragraph
  return std::make_pair(body_start, std::max(body_end, body_start + 1));
}

std::string speaker_kind(const Article& a, std::size_t i) {
  if (i < a.speaker_kinds.size() && !a.speaker_kinds[i].empty()) return a.speaker_kinds[i];
  if (i >= a.speakers.size()) return "";
  for (const Quote& q : a.quotes)
    if (!q.speaker.canonical.empty() && q.speaker.canonical == a.speakers[i] &&
        !q.speaker.kind.empty())
      return q.speaker.kind;
  return "person";
}

nlohmann::json article_data(const Article& a) {
  BodySpans spans(a);
  std::vector<std::string> kinds;
  for (std::size_t i = 0; i < a.speakers.size(); ++i) kinds.push_back(speaker_kind(a, i));
  nlohmann::json quote_spans = nlohmann::json::array();
  for (const Quote& q : a.quotes) {
    auto s = spans.map(q.start, q.end);
    quote_spans.push_back(s ? nlohmann::json::array({s->first, s->second}) : nlohmann::json());
  }
  nlohmann::json place_spans = nlohmann::json::array();
  for (const PlaceMention& p : a.place_mentions)
    if (auto s = spans.map(p.start, p.end))
      place_spans.push_back({s->first, s->second, p.name, p.country});
  return {{"type", kTypeArticle},
          {"id", a.id},
          {"title", a.title},
          {"date", a.date},
          {"source", a.source},
          {"url", a.url},
          {"path", a.path},
          {"speakers", a.speakers},
          {"speaker_kinds", kinds},
          {"places", a.places},
          {"countries", a.countries},
          {"body", a.body},
          {"quote_spans", quote_spans},
          {"place_spans", place_spans}};
}

nlohmann::json quote_data(const Article& a, std::size_t index, std::string_view body_text,
                          const std::vector<std::string>* places) {
  const Quote& q = a.quotes.at(index);
  const std::string& speaker = q.speaker.canonical.empty() ? q.speaker.name : q.speaker.canonical;
  nlohmann::json j = {{"type", kTypeQuote},
                      {"article", a.id},
                      {"index", index},
                      {"kind", q.kind},
                      {"cue", q.cue},
                      {"speaker", speaker},
                      {"speaker_kind", q.speaker.kind}};
  if (!q.speaker.role.empty()) j["role"] = q.speaker.role;
  if (q.text != body_text) j["text"] = q.text;
  if (places) j["places"] = *places;
  return j;
}

std::string_view stored_string(const nlohmann::json& data, const char* key) {
  auto it = data.find(key);
  return it != data.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>())
                                             : std::string_view();
}

std::vector<std::string_view> code_point_slices(
    std::string_view text,
    const std::vector<std::optional<std::pair<std::size_t, std::size_t>>>& spans) {
  // Every span's ends in code points, sorted, then one walk over TEXT turns
  // them into byte offsets.
  std::vector<std::size_t> bounds;
  for (const auto& span : spans) {
    if (!span) continue;
    bounds.push_back(span->first);
    bounds.push_back(span->second);
  }
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  std::vector<std::size_t> bytes(bounds.size(), text.size());
  std::size_t next = 0, cp = 0;
  for (std::size_t b = 0; b < text.size() && next < bounds.size(); ++b) {
    if ((static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) continue;
    while (next < bounds.size() && bounds[next] == cp) bytes[next++] = b;
    ++cp;
  }
  auto byte_of = [&](std::size_t at) {
    return bytes[std::lower_bound(bounds.begin(), bounds.end(), at) - bounds.begin()];
  };
  std::vector<std::string_view> out;
  out.reserve(spans.size());
  for (const auto& span : spans) {
    std::size_t from = span ? byte_of(span->first) : 0, to = span ? byte_of(span->second) : 0;
    out.push_back(text.substr(from, to > from ? to - from : 0));
  }
  return out;
}

std::vector<std::string_view> quote_span_texts(const nlohmann::json& article) {
  std::vector<std::optional<std::pair<std::size_t, std::size_t>>> spans;
  auto list = article.find("quote_spans");
  if (list != article.end() && list->is_array()) {
    for (const nlohmann::json& span : *list) {
      if (span.is_array() && span.size() >= 2 && span[0].is_number_unsigned() &&
          span[1].is_number_unsigned())
        spans.emplace_back(std::make_pair(span[0].get<std::size_t>(), span[1].get<std::size_t>()));
      else
        spans.emplace_back();
    }
  }
  return code_point_slices(stored_string(article, "body"), spans);
}

void complete_quote_data(nlohmann::json& quote, const nlohmann::json& article,
                         const std::vector<std::string_view>& span_texts) {
  std::string article_id(stored_string(quote, "article"));
  auto index = quote.find("index");
  const bool indexed = index != quote.end() && index->is_number_unsigned();
  const std::size_t i = indexed ? index->get<std::size_t>() : 0;
  if (indexed) quote["id"] = quote_id(article_id, i);
  quote["title"] = std::string(quote_title(stored_string(article, "title")));
  for (const char* key : {"date", "source", "url", "path"})
    quote[key] = std::string(stored_string(article, key));
  if (!quote.contains("places")) {
    auto places = article.find("places");
    quote["places"] =
        places != article.end() && places->is_array() ? *places : nlohmann::json::array();
  }
  if (!quote.contains("text"))
    quote["text"] = indexed && i < span_texts.size() ? std::string(span_texts[i]) : std::string();
}

std::string_view quote_title(std::string_view title) {
  if (title.size() <= kMaxQuoteTitleBytes) return title;
  std::size_t cut = title.rfind(' ', kMaxQuoteTitleBytes);
  if (cut == std::string_view::npos || cut == 0) {
    cut = kMaxQuoteTitleBytes;  // one long word: cut before a UTF-8 lead byte
    while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80) --cut;
  }
  return title.substr(0, cut);
}

std::vector<std::string_view> quote_body_texts(const Article& a, const BodySpans& spans) {
  std::vector<std::optional<std::pair<std::size_t, std::size_t>>> cps;
  cps.reserve(a.quotes.size());
  for (const Quote& q : a.quotes) cps.push_back(spans.map(q.start, q.end));
  return code_point_slices(a.body, cps);
}

std::string quote_id(const std::string& article_id, std::size_t index) {
  return fmt::format("{}#q{}", article_id, index);
}

}  // namespace whosaid
