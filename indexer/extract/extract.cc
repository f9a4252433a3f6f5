// The extractor the indexer calls (issue 3): quotations and reported speech
// (quotes/quotes.h), their speakers (speakers/speakers.h) and places
// (places/places.h), on one article at a time. Everything it holds is
// read-only after construction, so worker threads share one Extractor.
#include "indexer/extract/extract.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "indexer/extract/entities/entity_tagger.h"
#include "indexer/extract/lexicon/lexicon.h"
#include "indexer/extract/places/places.h"
#include "indexer/extract/quotes/quotes.h"
#include "indexer/extract/text/tokens.h"

namespace whosaid {

namespace {

// Appends S to V unless it is empty or already there; SEEN holds V's
// values (filled from V on first use), so that adding thousands of names
// stays linear.
void add_unique(std::vector<std::string>& v, std::unordered_set<std::string>& seen,
                const std::string& s) {
  if (s.empty()) return;
  if (seen.empty()) seen.insert(v.begin(), v.end());
  if (seen.insert(s).second) v.push_back(s);
}

// Removes the mentions of PLACES not CONFIRMED by the gazetteer for which
// NOISE is true (CONFIRMED is kept parallel to PLACES).
template <class Noise>
void drop_places(std::vector<PlaceMention>& places, std::vector<bool>& confirmed, Noise noise) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < places.size(); ++i) {
    if (!confirmed[i] && noise(places[i])) continue;
    if (out != i) {
      places[out] = std::move(places[i]);
      confirmed[out] = confirmed[i];
    }
    ++out;
  }
  places.resize(out);
  confirmed.resize(out);
}

}  // namespace

Extractor::Extractor(AliasTable aliases) : aliases_(std::move(aliases)) {}

std::vector<EntityMention> Extractor::tag_entities(std::string_view text) const {
  return EntityTagger::shared().tag_entities(text);
}

std::vector<PlaceMention> Extractor::find_places(std::string_view text,
                                                 std::vector<bool>& confirmed,
                                                 std::vector<EntityMention>& entities) const {
  std::vector<PlaceMention> places = shared_place_finder().find(text, &confirmed, &entities);
  // A location only the tagger found that the alias table knows as a
  // person or organisation ("Putin") is that, not a place; dropped before
  // the quotes so that "Putin said" keeps a person as its speaker.
  drop_places(places, confirmed,
              [&](const PlaceMention& p) { return !aliases_.canonical(p.name).empty(); });
  return places;
}

std::vector<Quote> Extractor::extract_quotes(std::string_view text) const {
  std::vector<bool> confirmed;
  std::vector<EntityMention> entities;
  std::vector<PlaceMention> places = find_places(text, confirmed, entities);
  return extract_quotes(text, places, &entities);
}

namespace {

// The name right before "and" + SOURCE ("Emmanuel Macron and Friedrich
// Merz said"): capitalised words (with particles and initials) in the
// same sentence, outside quotations; empty if there is none.
TokenRange coordinated_name(const TokenizedText& tt, TokenRange source) {
  const auto& T = tt.tokens;
  std::size_t b = source.begin;
  if (source.empty() || b < 2 || !T[b - 1].is_word() || T[b - 1].lower != "and") return {};
  if (!T[b].cap) return {};
  std::size_t e = b - 1, k = e;
  while (k > 0) {
    const Token& p = T[k - 1];
    if (p.sentence != T[e].sentence || p.quote >= 0) break;
    if (p.kind == Token::kWord && p.cap && !is_function_word(p.lower)) {
      --k;
    } else if (p.kind == Token::kWord && !p.cap && is_name_particle(p.lower) && k < e) {
      --k;
    } else if (p.kind == Token::kPunct && p.text == "." && k >= 2 && k < e &&
               T[k - 2].kind == Token::kWord && T[k - 2].text.size() == 1) {
      --k;  // an initial: "George W. Bush"
    } else {
      break;
    }
  }
  while (k < e && T[k].kind != Token::kWord) ++k;
  return k < e ? TokenRange{k, e} : TokenRange{};
}

// What the finder knows of the source of A, added to its speaker M: the
// span of the source phrase as written (attribution corpora mark "Mr.
// Nair", "a senior official", "Paul Dent, an economist at Capital
// Economics": the name alone is M.name), the organisation of an
// appositive, and the rule that found it with its confidence, unless
// resolution has decided them.
void describe_source(const TokenizedText& tt, const std::vector<Attribution>& attrs,
                     std::size_t i, SpeakerMention& m) {
  const Attribution& a = attrs[i];
  // A quotation that continues one, or sits inside one, has the source
  // phrase of that one.
  const Attribution& from =
      a.source.empty() && a.inherits >= 0 ? attrs[static_cast<std::size_t>(a.inherits)] : a;
  TokenRange phrase = from.phrase.empty() ? from.source : from.phrase;
  if (!phrase.empty()) {
    m.start = range_start(tt, phrase);
    m.end = range_end(tt, phrase);
  }
  if (m.organization.empty() && !from.organization.empty())
    m.organization =
        span_text(tt, range_start(tt, from.organization), range_end(tt, from.organization));
  if (m.rule.empty()) m.rule = a.rule;
  if (m.confidence == 0) m.confidence = rule_confidence(m.rule);
}

}  // namespace

std::vector<Quote> Extractor::extract_quotes(std::string_view text,
                                             const std::vector<PlaceMention>& places,
                                             const std::vector<EntityMention>* entities,
                                             std::vector<std::string>* joint) const {
  TokenizedText tt = tokenize(text);
  std::vector<Attribution> attrs = find_attributions(tt);
  std::vector<SpeakerMention> speakers = resolve_speakers(tt, attrs, aliases_, places, entities);
  // Joint speakers, "X and Y said": the rules take Y, next to the cue. When
  // X and Y are both people (by full name, after resolution: not "Marks and
  // Spencer"), the quote goes to X, the first named, and Y is recorded in
  // JOINT (the article's speakers).
  std::vector<Attribution> firsts;
  for (std::size_t i = 0; i < attrs.size(); ++i) {
    TokenRange x = coordinated_name(tt, attrs[i].source);
    if (x.empty() || !attrs[i].antecedent.empty()) continue;
    if (firsts.empty()) firsts = attrs;
    firsts[i].source = x;
  }
  if (!firsts.empty()) {
    std::vector<SpeakerMention> first = resolve_speakers(tt, firsts, aliases_, places, entities);
    auto full_person = [](const SpeakerMention& m) {
      return m.kind == "person" && m.canonical.find(' ') != std::string::npos;
    };
    for (std::size_t i = 0; i < attrs.size(); ++i) {
      if (firsts[i].source.begin == attrs[i].source.begin) continue;
      if (!full_person(first[i]) || !full_person(speakers[i])) continue;
      if (first[i].canonical == speakers[i].canonical) continue;
      if (joint) joint->push_back(speakers[i].canonical);
      speakers[i] = first[i];
    }
  }
  std::vector<Quote> quotes;
  quotes.reserve(attrs.size());
  for (std::size_t i = 0; i < attrs.size(); ++i) {
    const Attribution& a = attrs[i];
    Quote q;
    q.text = span_text(tt, a.content_start, a.content_end);
    q.start = a.content_start;
    q.end = a.content_end;
    q.kind = a.direct ? "direct" : "indirect";
    q.cue = a.cue_text;
    q.speaker = speakers[i];
    describe_source(tt, attrs, i, q.speaker);
    quotes.push_back(std::move(q));
  }
  return quotes;
}

namespace {

// TEXT with its first HEADER_BYTES blanked out code point by code point
// (newlines kept), so spans still count code points of the original.
std::string without_header(const std::string& text, std::size_t header_bytes) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  for (; i < header_bytes && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: already blanked
    out += c == '\n' ? '\n' : ' ';
  }
  out.append(text, i, std::string::npos);
  return out;
}

}  // namespace

void Extractor::extract(Article& article) const {
  std::string masked;
  if (!article.text.empty() && article.header_bytes > 0)
    masked = without_header(article.text, article.header_bytes);
  const std::string& text = !masked.empty()      ? masked
                            : article.text.empty() ? article.body
                                                   : article.text;
  // One tagging pass: the places' entity spans are the article's entities.
  std::vector<bool> confirmed;
  std::vector<PlaceMention> places = find_places(text, confirmed, article.entities);
  std::vector<std::string> joint;
  article.quotes = extract_quotes(text, places, &article.entities, &joint);
  // ... and so is one named like a person who speaks in the article.
  std::vector<std::string> people;
  for (const Quote& q : article.quotes) {
    if (q.speaker.kind != "person") continue;
    for (const std::string* n : {&q.speaker.name, &q.speaker.canonical}) {
      if (n->empty()) continue;
      people.push_back(*n);
      std::size_t sp = n->rfind(' ');
      if (sp != std::string::npos) people.push_back(n->substr(sp + 1));
    }
  }
  std::unordered_set<std::string_view> people_set(people.begin(), people.end());
  drop_places(places, confirmed,
              [&](const PlaceMention& p) { return people_set.count(p.name) > 0; });
  std::unordered_set<std::string> speakers_seen, places_seen, countries_seen;
  for (const Quote& q : article.quotes)
    if (q.speaker.kind != "unnamed") add_unique(article.speakers, speakers_seen, q.speaker.canonical);
  for (const std::string& name : joint) add_unique(article.speakers, speakers_seen, name);
  for (const PlaceMention& p : places) {
    add_unique(article.places, places_seen, p.name);
    add_unique(article.countries, countries_seen, p.country);
  }
  article.place_mentions = std::move(places);
}

}  // namespace whosaid
