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

nlohmann::json quote_data(const Article& a, const Quote& q, std::size_t index) {
  std::string speaker = q.speaker.canonical.empty() ? q.speaker.name : q.speaker.canonical;
  return {{"type", kTypeQuote}, {"id", quote_id(a.id, index)}, {"article", a.id},
          {"title", a.title},   {"date", a.date},   {"source", a.source},
          {"url", a.url},       {"path", a.path},   {"text", q.text},
          {"kind", q.kind},     {"cue", q.cue},     {"speaker", speaker},
          {"speaker_kind", q.speaker.kind}, {"role", q.speaker.role},
          {"places", a.places}, {"start", q.start}, {"end", q.end}};
}

std::string quote_id(const std::string& article_id, std::size_t index) {
  return fmt::format("{}#q{}", article_id, index);
}

}  // namespace whosaid
