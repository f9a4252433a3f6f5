// Document building: terms, values and data of article and quote documents.
#include "indexer/build_document.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/schema.h"

namespace whosaid {
namespace {

// Bump when this file indexes the same article differently, so that the
// content hash changes and re-indexing rewrites documents built the old way.
// 2: slimmer quote documents; 3: speaker kinds; 4: quote documents without
// id term, type value and the article's stored fields.
constexpr int kBuildFormat = 4;

const Field& field(std::string_view name) {
  const Field* f = find_field(name);
  if (!f) throw std::logic_error("no field '" + std::string(name) + "' in core/schema.cc");
  return *f;
}

std::string text_prefix(std::string_view name) {
  const Field& f = field(name);
  if (!f.text_prefix) throw std::logic_error("field '" + std::string(name) + "' is not text");
  return std::string(*f.text_prefix);
}

std::string type_term(std::string_view type) {
  return std::string(kPrefixType) + std::string(type);
}

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void set_list(Xapian::Document& doc, Xapian::valueno slot, const std::vector<std::string>& items) {
  std::string v = encode_list(items);
  if (!v.empty()) doc.add_value(slot, v);
}

// Paragraphs of BODY (separated by blank lines).
std::vector<std::string_view> paragraphs(std::string_view body) {
  std::vector<std::string_view> out;
  while (!body.empty()) {
    std::size_t sep = body.find("\n\n");
    std::string_view p = body.substr(0, sep);
    if (!p.empty()) out.push_back(p);
    if (sep == std::string_view::npos) break;
    body.remove_prefix(sep + 2);
  }
  return out;
}

// The article as its quote documents see it (bounded, build_document.h): identity,
// source, date, the title (quote_title()) and every place and country;
// nearest_places() narrows the places of an article that names too many.
Article quote_view(const Article& a) {
  Article v;
  v.id = a.id;
  v.url = a.url;
  v.path = a.path;
  v.source = a.source;
  v.date = a.date;
  v.title = std::string(quote_title(a.title));
  if (a.places.size() <= kMaxQuotePlaces) {
    v.places = a.places;
    v.countries = a.countries;
  }
  return v;
}

// Sets the places and countries of V to those of the kMaxQuotePlaces places
// of A mentioned nearest to Q (or the first listed, when A has no
// mentions: places given by the input).
void nearest_places(const Article& a, const Quote& q, Article& v) {
  v.places.clear();
  v.countries.clear();
  const std::vector<PlaceMention>& m = a.place_mentions;
  auto add_country = [&](const std::string& c) {
    if (!c.empty() && v.countries.size() < kMaxQuotePlaces &&
        std::find(v.countries.begin(), v.countries.end(), c) == v.countries.end())
      v.countries.push_back(c);
  };
  if (m.empty()) {
    v.places.assign(a.places.begin(), a.places.begin() + std::min(a.places.size(), kMaxQuotePlaces));
    for (const std::string& c : a.countries) add_country(c);
    return;
  }
  // Mentions are in text order: walk out from the quote on both sides.
  std::size_t r = static_cast<std::size_t>(
      std::lower_bound(m.begin(), m.end(), q.start,
                       [](const PlaceMention& p, std::size_t at) { return p.start < at; }) -
      m.begin());
  std::size_t l = r;
  std::unordered_set<std::string_view> seen;
  for (std::size_t scanned = 0;
       v.places.size() < kMaxQuotePlaces && scanned < kMaxQuotePlaceScan && (l > 0 || r < m.size());
       ++scanned) {
    std::size_t left_gap = l > 0 && m[l - 1].end < q.start ? q.start - m[l - 1].end : 0;
    std::size_t right_gap = r < m.size() && m[r].start > q.end ? m[r].start - q.end : 0;
    bool take_left = l > 0 && (r >= m.size() || left_gap <= right_gap);
    const PlaceMention& p = take_left ? m[--l] : m[r++];
    if (!seen.insert(p.name).second) continue;
    v.places.push_back(p.name);
    add_country(p.country);
  }
}

}  // namespace

bool is_spelling_word(std::string_view term) {
  if (term.size() < 2) return false;
  unsigned char c = static_cast<unsigned char>(term[0]);
  if (c >= 'A' && c <= 'Z') return false;  // prefixed, or Z for stemmed
  for (char ch : term)
    if (ch >= '0' && ch <= '9') return false;
  return true;
}

void add_quote_common(Xapian::Document& doc, const Xapian::Document& common) {
  for (auto t = common.termlist_begin(); t != common.termlist_end(); ++t)
    doc.add_term(*t, t.get_wdf());
  for (auto v = common.values_begin(); v != common.values_end(); ++v)
    doc.add_value(v.get_valueno(), *v);
}

std::string article_term(std::string_view article_id) {
  return prefixed_term(kPrefixArticle, article_id);
}

DocumentBuilder::DocumentBuilder(const std::string& language) : analysis_(make_analysis(language)) {
  configure(tg_, analysis_);
}

void DocumentBuilder::index_field_text(std::string_view name, std::string_view text,
                                       bool positions) {
  if (text.empty()) return;
  if (!positions) {
    tg_.index_text_without_positions(normalise_text(text), 1, text_prefix(name));
    return;
  }
  tg_.index_text(normalise_text(text), 1, text_prefix(name));
  tg_.increase_termpos(kPositionGap);
}

void DocumentBuilder::add_filter(Xapian::Document& doc, std::string_view name,
                                 std::string_view value) {
  if (value.empty()) return;
  std::string term = filter_term(field(name), value);
  if (term.size() > field(name).filter_prefix.size()) doc.add_boolean_term(term);
}

// The terms of a named speaker NAME of KIND (is_named_kind) beyond its
// words under speaker: (indexed by the caller): the speaker filter term,
// and the words and filter term of the field of its kind (person:, org:).
// The kind's words go in with wdf 0 (positions kept, for phrases): they
// repeat the speaker's words, and counting them again would lengthen the
// document and so change every score (person: and org: only filter).
void DocumentBuilder::add_speaker(Xapian::Document& doc, const std::string& name,
                                  const std::string& kind) {
  add_filter(doc, "speaker", name);
  for (const Field& f : fields()) {
    if (f.kind != kind) continue;
    tg_.index_text(normalise_text(name), 0, text_prefix(f.name));
    tg_.increase_termpos(kPositionGap);
    add_filter(doc, f.name, name);
  }
}

// Terms and values an article and its quotes share: title, places,
// countries, source, year, date.
// POSITIONS: whether the title, place and source words get positions.
void DocumentBuilder::add_common(Xapian::Document& doc, const Article& a, bool positions) {
  index_field_text("title", a.title, positions);
  for (const std::string& p : a.places) {
    index_field_text("place", p, positions);
    add_filter(doc, "place", p);
  }
  for (const std::string& c : a.countries) add_filter(doc, "country", c);
  if (!a.source.empty()) {
    index_field_text("source", a.source, positions);
    add_filter(doc, "source", a.source);
  }
  std::string year = a.date.size() >= 4 ? a.date.substr(0, 4) : "";
  if (!year.empty()) add_filter(doc, "year", year);

  if (!a.date.empty()) {
    std::string ymd;
    for (char c : a.date)
      if (c != '-') ymd += c;
    doc.add_value(kSlotDate, ymd);
  }
  set_list(doc, kSlotPlaces, a.places);
  if (!a.source.empty()) set_list(doc, kSlotSource, {a.source});
  if (!year.empty()) set_list(doc, kSlotYear, {year});
  set_list(doc, kSlotCountries, a.countries);
}

BuiltArticle DocumentBuilder::build(const Article& a, bool defer_quote_common) {
  if (a.id.empty()) throw std::invalid_argument("DocumentBuilder::build: article without id");
  BuiltArticle out;
  out.id = a.id;
  out.id_term = id_term(a.id);
  out.article_term = article_term(a.id);

  // The data first: the content hash covers everything the documents hold.
  std::string article_json = dump(article_data(a));
  std::vector<std::string> quote_json;
  std::string hashed = fmt::format("{}\x1e{}\x1e{}", kBuildFormat, WHOSAID_VERSION, article_json);
  // What the quote documents carry of the article (bounded: quote_view()).
  Article view = quote_view(a);
  const bool near_places = a.places.size() > kMaxQuotePlaces;
  const std::vector<std::string_view> body_texts = quote_body_texts(a, BodySpans(a));
  for (std::size_t i = 0; i < a.quotes.size(); ++i) {
    if (near_places) nearest_places(a, a.quotes[i], view);
    quote_json.push_back(
        dump(quote_data(a, i, body_texts[i], near_places ? &view.places : nullptr)));
    hashed += '\x1e';
    hashed += quote_json.back();
  }
  out.hash = hash_hex(hashed);

  // The article document.
  Xapian::Document& doc = out.article;
  tg_.set_document(doc);
  tg_.set_termpos(0);
  doc.add_boolean_term(type_term(kTypeArticle));
  doc.add_boolean_term(out.id_term);
  doc.add_boolean_term(out.article_term);
  add_common(doc, a, true);  // title under S, fields
  std::string title = normalise_text(a.title);
  if (!title.empty()) {
    tg_.index_text(title, kTitleWdf, text_prefix("body"));
    tg_.increase_termpos(kPositionGap);
  }
  for (std::string_view p : paragraphs(a.body)) {
    tg_.index_text(normalise_text(p), 1, text_prefix("body"));
    tg_.increase_termpos(kPositionGap);
  }
  // The quote text with positions here and again in its quote document:
  // phrases of quote: match in both (articles, --quotes), and Xapian cannot
  // check a phrase of one document against another's positions.
  for (const Quote& q : a.quotes) index_field_text("quote", q.text);
  std::vector<std::string> speaker_items;
  for (std::size_t i = 0; i < a.speakers.size(); ++i) {
    const std::string& s = a.speakers[i];
    std::string kind = speaker_kind(a, i);
    index_field_text("speaker", s);
    if (!is_named_kind(kind)) continue;
    add_speaker(doc, s, kind);
    speaker_items.push_back(kind_item(s, kind));
  }
  if (!a.url.empty()) doc.add_boolean_term(prefixed_term(kPrefixUrl, a.url));
  set_list(doc, kSlotSpeakers, speaker_items);
  doc.add_value(kSlotHash, out.hash);
  doc.set_data(article_json);

  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    std::string term = *t;
    if (is_spelling_word(term)) out.spelling.push_back(std::move(term));
  }

  // The article's fields every quote document carries (title, places,
  // countries, source, year, date: add_common without positions), built
  // once and copied into each: indexing them again for every quote made an
  // article of thousands of quotes cost quotes x fields of text analysis.
  Xapian::Document common;
  // When each quote carries its own places (near_places): the fields but
  // places and countries in COMMON, and the terms of each place once.
  std::unordered_map<std::string, Xapian::Document> place_terms;
  auto terms_of_place = [&](const std::string& p) -> const Xapian::Document& {
    auto [it, added] = place_terms.try_emplace(p);
    if (added) {
      tg_.set_document(it->second);
      index_field_text("place", p, false);
      add_filter(it->second, "place", p);
    }
    return it->second;
  };
  if (!a.quotes.empty()) {
    tg_.set_document(common);
    tg_.set_termpos(0);
    if (!near_places) {
      add_common(common, view, false);
    } else {
      Article rest = view;
      rest.places.clear();
      rest.countries.clear();
      add_common(common, rest, false);
      for (const std::string& p : a.places) terms_of_place(p);
    }
  }

  // One document per quote.
  for (std::size_t i = 0; i < a.quotes.size(); ++i) {
    const Quote& q = a.quotes[i];
    Xapian::Document qdoc;
    tg_.set_document(qdoc);
    tg_.set_termpos(0);
    qdoc.add_boolean_term(type_term(kTypeQuote));
    qdoc.add_boolean_term(out.article_term);
    // The quote text once, under quote: as in its article: no unprefixed
    // word is a quote document's, so a search of articles' words walks no
    // quote's postings and needs no type filter (core/schema.h).
    tg_.index_text(normalise_text(q.text), 1, text_prefix(kQuoteField));
    tg_.increase_termpos(kPositionGap);
    const std::string& who = q.speaker.canonical.empty() ? q.speaker.name : q.speaker.canonical;
    index_field_text("speaker", who);
    bool named = !q.speaker.canonical.empty() && is_named_kind(q.speaker.kind);
    if (named) {
      add_speaker(qdoc, q.speaker.canonical, q.speaker.kind);
      set_list(qdoc, kSlotSpeakers, {kind_item(q.speaker.canonical, q.speaker.kind)});
    }
    // The article's fields, to filter and find quotes by: the same terms,
    // wdfs and values as add_common(qdoc, view, false) gives.
    if (near_places) {
      // add_common(qdoc, view, false) for the quote's places, from the
      // parts analysed once (without positions, terms simply add up).
      nearest_places(a, q, view);
      add_quote_common(qdoc, common);
      for (const std::string& p : view.places) add_quote_common(qdoc, terms_of_place(p));
      for (const std::string& c : view.countries) add_filter(qdoc, "country", c);
      set_list(qdoc, kSlotPlaces, view.places);
      set_list(qdoc, kSlotCountries, view.countries);
    } else if (!defer_quote_common) {
      add_quote_common(qdoc, common);
    }
    qdoc.add_value(kSlotHash, out.hash);
    qdoc.set_data(quote_json[i]);
    out.quotes.emplace_back(quote_id(a.id, i), std::move(qdoc));
  }
  if (defer_quote_common && !near_places) out.quote_common = std::move(common);
  // Drop the TermGenerator's handle on the last document: Xapian's reference
  // counts are not atomic, and the documents now go to the writer thread.
  tg_.set_document(Xapian::Document());
  return out;
}

}  // namespace whosaid
