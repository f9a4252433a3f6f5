// The place finder: gazetteer lookup of capitalised token runs (longest
// name first), then context rules that drop person names, organisations
// and common words, then choice among the readings of ambiguous names
// ("Paris, Texas", Georgia among US places); then the entity tagger
// (entities/entity_tagger.h), whose spans are the article's entities too,
// has the last word on which spans are places (combine()). See
// places/places.h.
#include "indexer/extract/places/places.h"

#include <algorithm>
#include <array>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "indexer/extract/entities/entity_tagger.h"
#include "indexer/extract/lexicon/gazetteer.h"
#include "indexer/extract/lexicon/lexicon.h"

namespace whosaid {
namespace {

// Words before a name that make it a place ("in Reading", "mayor of Nice").
constexpr std::array<std::string_view, 28> kLocatives = {
    "in", "at", "from", "to", "near", "into", "across", "throughout", "outside", "inside",
    "around", "towards", "toward", "via", "of", "between", "through", "visit", "visited",
    "visiting", "capital", "city", "town", "port", "downtown", "northern", "southern", "and"};

// Titles before a name that make it a person ("Mr Washington").
constexpr std::array<std::string_view, 36> kTitles = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "lady", "lord", "president", "minister",
    "senator", "sen", "rep", "gov", "governor", "judge", "justice", "king", "queen", "prince",
    "princess", "pope", "father", "rev", "coach", "general", "gen", "col", "capt", "sgt",
    "lt", "maj", "chancellor", "secretary", "ambassador", "actress"};

// Capitalised words after a name that make it part of an organisation's
// name ("Washington Post", "Manchester United").
// Events named after places too ("U.S. Open", "Hong Kong Open").
constexpr std::array<std::string_view, 53> kOrgWords = {
    "times", "post", "journal", "herald", "tribune", "airlines", "airways", "bank",
    "university", "college", "institute", "group", "corp", "corporation", "inc", "ltd",
    "plc", "company", "co", "club", "united", "rovers", "wanderers", "athletic", "exchange",
    "stock", "motors", "telecom", "energy", "partners", "holdings", "fund", "fc", "press",
    "daily", "gazette", "chronicle", "observer", "symphony", "orchestra", "open",
    "championship", "championships", "amateur", "cup", "masters", "treasury", "treasuries",
    "department", "league", "marathon", "grand", "series"};

// Capitalised words before a country that make it an organisation's name
// ("Air France").
constexpr std::array<std::string_view, 2> kOrgPrefixes = {"air", "radio"};

// Months and weekdays: a capitalised word after a name that does not join
// it ("in Paris Monday"), and dateline dates ("KYIV, Nov 20").
constexpr std::array<std::string_view, 31> kDates = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday"};

// Capitalised words that may stand before a place without making it part
// of a person's or an organisation's name ("East Jerusalem").
constexpr std::array<std::string_view, 16> kPlaceQualifiers = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "central", "greater", "downtown", "old", "upper", "lower", "occupied", "metropolitan"};

// Words naming an institution rather than a place: a name the tagger calls
// a location that holds one is the government or body that sits there,
// not somewhere a reader would look for on a map ("the Kremlin said",
// "a White House official", "Pentagon spokesman", "the State Duma").
constexpr std::array<std::string_view, 24> kInstitutionWords = {
    "kremlin", "pentagon", "house", "parliament", "congress", "senate", "duma", "knesset",
    "bundestag", "ministry", "embassy", "consulate", "council", "commission", "court",
    "government", "administration", "cabinet", "headquarters", "secretariat", "assembly",
    "rada", "vatican", "elysee"};

// Words before a one-word name that only the tagger calls a location that
// make it one: a preposition of place, or "<place noun> of" ("the village
// of Tavildara"). Without them such a word is as often a product, a band
// or a company ("users of Firefox").
constexpr std::array<std::string_view, 16> kPlacePrepositions = {
    "in", "at", "from", "near", "into", "across", "throughout", "outside", "around", "towards",
    "toward", "via", "through", "to", "inside", "within"};
constexpr std::array<std::string_view, 24> kPlaceNouns = {
    "village", "town", "city", "region", "province", "state", "district", "capital", "island",
    "county", "port", "suburb", "area", "republic", "valley", "islands", "villages", "towns",
    "cities", "east", "west", "north", "south", "outskirts"};

// Verbs of leaving before "for" that make what follows a destination ("left
// for Caracas", "bound for Rotterdam").
constexpr std::array<std::string_view, 14> kDepartureVerbs = {
    "left", "leave", "leaves", "leaving", "headed", "heading", "heads", "bound", "departed",
    "departs", "flew", "fled", "sailed", "off"};
// Verbs of travel before "to" that do the same ("flew to Caracas"): "to"
// alone also follows "lost", "sold", "spoke".
constexpr std::array<std::string_view, 12> kTravelVerbs = {
    "flew", "fly", "flies", "travelled", "traveled", "travels", "returned", "returns", "moved",
    "fled", "sailed", "drove"};

// The last word of a company's name after the name proper ("Nokia Corp").
constexpr std::array<std::string_view, 14> kCompanySuffixes = {
    "corp", "inc", "co", "ltd", "plc", "ag", "sa", "nv", "group", "holdings", "oyj", "spa",
    "gmbh", "llc"};

// Words that start sentences before places ("In Jordan, ..."): after them
// a name stands alone even though the word is capitalised.
constexpr std::array<std::string_view, 48> kOpeners = {
    "in", "at", "on", "from", "to", "the", "for", "by", "with", "and", "but", "as", "after",
    "before", "during", "since", "while", "when", "near", "across", "visiting", "within",
    "under", "over", "of", "into", "between", "through", "despite", "outside", "neither",
    "nor", "both", "either", "even", "only", "also", "then", "now", "today", "yesterday",
    "here", "there", "like", "unlike", "if", "whether", "both"};

template <std::size_t N>
bool among(const std::array<std::string_view, N>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

int kind_rank(PlaceKind k) {
  switch (k) {
    case PlaceKind::kCountry: return 4;
    case PlaceKind::kRegion: return 3;
    case PlaceKind::kSubdivision: return 2;
    case PlaceKind::kCity: return 1;
  }
  return 0;
}

// The tagger's entities token by token: 0 outside, else the entity's type
// and whether the token begins it, so that a look at one token tells
// whether it is in a location and where that location ends.
constexpr std::uint8_t entity_tag(EntityType type, bool begin) {
  return type == EntityType::kNone ? 0
                                   : static_cast<std::uint8_t>(
                                         2 * static_cast<int>(type) - (begin ? 1 : 0));
}
constexpr EntityType tag_type(std::uint8_t tag) { return static_cast<EntityType>((tag + 1) / 2); }
constexpr bool tag_begins(std::uint8_t tag) { return tag % 2 == 1; }

// A name found in the text, before and after the context rules.
struct Match {
  std::size_t first = 0, last = 0;  // token indices, inclusive
  const std::vector<NameReading>* readings = nullptr;
  std::vector<NameReading> kept;    // readings that survive the rules
  int chosen = -1;                  // index into kept
  bool dateline = false;
  bool surname = false;             // a person's name here (after a first name or title)
};

// Per-call scratch buffers, reused across calls on a thread.
struct Scratch {
  std::vector<PlaceToken> tokens;
  std::string folded;
  std::string key;
  std::vector<std::size_t> key_ends;
  std::vector<std::uint8_t> line_caps;   // per token: its line has no lower-case word
  std::vector<std::uint8_t> dateline;    // per token: part of a dateline
  std::vector<std::int32_t> match_at;    // per token: index of the match starting there
  std::vector<Match> matches;
  std::vector<GazetteerSpan> names;      // the matches, for the tagger
  std::vector<std::uint8_t> initial;     // per token: starts a sentence, line or headline
  std::vector<EntitySpan> spans;         // the tagger's entities
  std::vector<std::uint8_t> tags;        // per token, from SPANS
  std::vector<std::string_view> person_words;  // folded words tagged PER, sorted
};

// Marks S's all-caps lines (headlines) and datelines ("KYIV, Nov 20
// (Reuters) -"), token by token.
void mark_lines(Scratch& s) {
  const auto& tk = s.tokens;
  const std::size_t n = tk.size();
  auto fold = [&](std::size_t i) {
    return std::string_view(s.folded).substr(tk[i].fold_start, tk[i].fold_len);
  };
  auto is_punct = [&](std::size_t i, char c) { return i < n && !tk[i].word && tk[i].punct == c; };
  // Lines: all-caps lines (headlines) and datelines ("KYIV, Nov 20 (Reuters) -").
  s.line_caps.assign(n, 0);
  s.dateline.assign(n, 0);
  for (std::size_t b = 0; b < n;) {
    std::size_t e = b + 1;
    while (e < n && tk[e].newlines_before == 0) ++e;
    bool lower = false, letters = false;
    for (std::size_t i = b; i < e; ++i) {
      if (tk[i].word && tk[i].has_letter) {
        letters = true;
        lower = lower || tk[i].has_lower;
      }
    }
    if (letters && !lower) std::fill(s.line_caps.begin() + b, s.line_caps.begin() + e, 1);
    // A dateline: up to five capitalised words at the start of a line, then
    // a comma, a parenthesis, a dash, a date or a number.
    std::size_t j = b, words = 0;
    while (j < e && words <= 5 &&
           ((tk[j].word && tk[j].has_letter && !tk[j].has_lower) ||
            (!tk[j].word && (tk[j].punct == '.' || tk[j].punct == '-' || tk[j].punct == '/' ||
                             tk[j].punct == '\'')))) {
      words += tk[j].word;
      ++j;
    }
    if (words > 0 && words <= 5 && j < e) {
      const PlaceToken& t = tk[j];
      // A number must look like a date ("1996-08-30"), not a score.
      bool date_number = t.word && !t.has_letter &&
                         (t.cp_end - t.cp_start == 4 || is_punct(j + 1, '-') || is_punct(j + 1, '/'));
      bool end = (!t.word && (t.punct == ',' || t.punct == '(' || t.punct == '-' || t.punct == '~')) ||
                 date_number || (t.word && t.upper_initial && among(kDates, fold(j)));
      if (end && (!lower || j < e)) std::fill(s.dateline.begin() + b, s.dateline.begin() + j, 1);
    }
    b = e;
  }
}

// The longest gazetteer name at each capitalised word (first pass).
void find_matches(const Gazetteer& g, Scratch& s) {
  const auto& tk = s.tokens;
  const std::size_t n = tk.size();
  auto fold = [&](std::size_t i) {
    return std::string_view(s.folded).substr(tk[i].fold_start, tk[i].fold_len);
  };
  // Pass 1: longest gazetteer names on runs starting with a capital.
  s.matches.clear();
  s.match_at.assign(n, -1);
  const std::size_t max_tokens = g.max_name_tokens();
  for (std::size_t i = 0; i < n;) {
    if (!tk[i].word || !tk[i].upper_initial) { ++i; continue; }
    s.key.clear();
    s.key_ends.clear();
    for (std::size_t j = i; j < n && j - i < max_tokens; ++j) {
      if (j > i && tk[j].newlines_before > 1) break;
      if (j > i) s.key += ' ';
      s.key += fold(j);
      s.key_ends.push_back(s.key.size());
    }
    bool found = false;
    for (std::size_t len = s.key_ends.size(); len > 0 && !found; --len) {
      std::size_t last = i + len - 1;
      if (!tk[last].word && tk[last].punct != '.') continue;
      // The last word of a name is capitalised too ("Bosnia and Herzegovina").
      std::size_t last_word = last;
      while (!tk[last_word].word) --last_word;
      if (!tk[last_word].upper_initial) continue;
      const auto* readings = g.find(std::string_view(s.key).substr(0, s.key_ends[len - 1]));
      if (!readings) continue;
      Match m;
      m.first = i;
      m.last = last;
      m.readings = readings;
      m.dateline = s.dateline[i] && s.dateline[last_word];
      s.match_at[i] = static_cast<std::int32_t>(s.matches.size());
      s.matches.push_back(std::move(m));
      i = last + 1;
      found = true;
    }
    if (!found) ++i;
  }
}

// Drops the readings of S.matches their context rules out: titles,
// organisation words, first names, common words, ALL-CAPS headlines.
void apply_context_rules(const Gazetteer& g, Scratch& s) {
  const auto& tk = s.tokens;
  const std::size_t n = tk.size();
  auto fold = [&](std::size_t i) {
    return std::string_view(s.folded).substr(tk[i].fold_start, tk[i].fold_len);
  };
  auto is_punct = [&](std::size_t i, char c) { return i < n && !tk[i].word && tk[i].punct == c; };
  auto same_line = [&](std::size_t i) { return i < n && tk[i].newlines_before == 0; };
  // Pass 2: context rules, reading by reading.
  auto starts_sentence = [&](std::size_t i) {
    std::size_t p = i;
    while (p > 0 && !tk[p - 1].word && (tk[p - 1].punct == '"' || tk[p - 1].punct == '(' ||
                                        tk[p - 1].punct == '\'') && tk[p].newlines_before == 0)
      --p;
    if (p == 0 || tk[p].newlines_before > 1) return true;
    const PlaceToken& q = tk[p - 1];
    if (!q.word && (q.punct == '.' || q.punct == '!' || q.punct == '?' || q.punct == ':' ||
                    q.punct == '~' || q.punct == '-'))
      return true;
    return tk[p].newlines_before > 0 && s.line_caps[p - 1];
  };
  s.initial.resize(n);
  for (std::size_t i = 0; i < n; ++i) s.initial[i] = starts_sentence(i);
  auto sentence_initial = [&](std::size_t i) { return s.initial[i] != 0; };
  // The word before token I, skipping "the".
  auto word_before = [&](std::size_t i) -> std::string_view {
    if (i == 0 || !tk[i - 1].word) return {};
    if (fold(i - 1) == "the" && i >= 2 && tk[i - 2].word) return fold(i - 2);
    return fold(i - 1);
  };
  std::size_t prev_end = 0;  // token after the last kept match
  for (Match& m : s.matches) {
    bool caps = true, long_word = false;
    for (std::size_t i = m.first; i <= m.last; ++i) {
      if (!tk[i].word || !tk[i].has_letter) continue;
      caps = caps && !tk[i].has_lower;
      long_word = long_word || tk[i].cp_end - tk[i].cp_start > 1;
    }
    bool caps_word = caps && long_word;  // "KYIV", not "U.S."
    bool headline = s.line_caps[m.first];
    bool initial = sentence_initial(m.first);
    std::string_view before = word_before(m.first);
    bool title_before = m.first > 0 && tk[m.first - 1].word && among(kTitles, before);
    if (!title_before && m.first > 1 && is_punct(m.first - 1, '.') && tk[m.first - 2].word)
      title_before = among(kTitles, fold(m.first - 2));  // "Mr. Paris"
    std::size_t next = m.last + 1;
    bool next_joins = next < n && same_line(next) && tk[next].word && tk[next].upper_initial &&
                      tk[next].has_lower && s.match_at[next] < 0 && !among(kDates, fold(next));
    bool org_after = next_joins && among(kOrgWords, fold(next));
    bool prev_joins = m.first > 0 && tk[m.first].newlines_before == 0 && tk[m.first - 1].word &&
                      tk[m.first - 1].upper_initial && tk[m.first - 1].has_lower &&
                      m.first - 1 >= prev_end &&
                      !(sentence_initial(m.first - 1) && among(kOpeners, fold(m.first - 1))) &&
                      !among(kPlaceQualifiers, fold(m.first - 1));
    bool age_after = is_punct(next, ',') && next + 2 < n && tk[next + 1].word &&
                     !tk[next + 1].has_letter && is_punct(next + 2, ',');
    bool place_after = is_punct(next, ',') && next + 1 < n && s.match_at[next + 1] >= 0;
    bool locative = among(kLocatives, before) || place_after;
    bool org_before = prev_joins && among(kOrgPrefixes, fold(m.first - 1));
    bool number_after = next < n && same_line(next) && tk[next].word && !tk[next].has_letter;
    bool surname = false;  // "Marco Rubio", "Mr Washington": a person here

    for (const NameReading& r : *m.readings) {
      const Place& p = g.place(r.place);
      if (r.caps_only && !caps) continue;  // "Us" is not the US
      if (caps_word && !r.caps_only && !m.dateline) {
        bool big = p.kind != PlaceKind::kCity || p.population >= 100000;
        if (!headline && p.kind != PlaceKind::kCountry) continue;
        if (headline && (!big || r.name_class == NameClass::kWord)) continue;
      }
      if (org_after || org_before) continue;
      if (title_before) { surname = true; continue; }
      // A city next to a capitalised word is most often a namesake first
      // name or surname ("Linda Wild", "Marco Rubio") or part of an
      // organisation's name ("Chicago Cubs").
      if (p.kind == PlaceKind::kCity && !m.dateline && (prev_joins || next_joins)) {
        surname = surname || prev_joins;
        continue;
      }
      // A city before a number in an all-caps line: a team in a results table.
      if (p.kind == PlaceKind::kCity && headline && number_after && !m.dateline) continue;
      switch (r.name_class) {
        case NameClass::kPlain: break;
        case NameClass::kNever:
          if (!m.dateline) continue;
          break;
        case NameClass::kWord:
          if (!m.dateline && (!locative || initial || headline)) continue;
          break;
        case NameClass::kPerson:
          if (!m.dateline && (prev_joins || next_joins || age_after)) {
            surname = surname || prev_joins;
            continue;
          }
          break;
      }
      m.kept.push_back(r);
    }
    if (!m.kept.empty()) prev_end = m.last + 1;
    if (surname && m.first == m.last) m.surname = true;
  }
}

// A one-word name used as a person's surname anywhere in the text is that
// person everywhere in it ("MaliVai Washington ... said Washington").
// (The surnames are collected first: one pass, not one per surname.)
void drop_surnames(Scratch& s) {
  const auto& tk = s.tokens;
  auto fold = [&](std::size_t i) {
    return std::string_view(s.folded).substr(tk[i].fold_start, tk[i].fold_len);
  };
  std::unordered_set<std::string_view> surnames;
  for (const Match& m : s.matches)
    if (m.surname) surnames.insert(fold(m.first));
  if (!surnames.empty())
    for (Match& o : s.matches)
      if (o.first == o.last && !o.kept.empty() && !o.dateline && surnames.count(fold(o.first)))
        o.kept.clear();
}

// Chooses the reading of each match that keeps one.
void choose_readings(const Gazetteer& g, Scratch& s) {
  const auto& tk = s.tokens;
  const std::size_t n = tk.size();
  auto fold = [&](std::size_t i) {
    return std::string_view(s.folded).substr(tk[i].fold_start, tk[i].fold_len);
  };
  auto is_punct = [&](std::size_t i, char c) { return i < n && !tk[i].word && tk[i].punct == c; };
  // Pass 3: choose among readings. Default: the preferred reading, then
  // countries before regions, subdivisions and cities, then population.
  std::unordered_map<std::string_view, int> support;  // country -> unambiguous mentions
  for (const Match& m : s.matches) {
    if (m.kept.empty()) continue;
    const std::string& c = g.place(m.kept[0].place).country;
    bool one = std::all_of(m.kept.begin(), m.kept.end(),
                           [&](const NameReading& r) { return g.place(r.place).country == c; });
    if (one && !c.empty()) ++support[c];
  }
  for (std::size_t i = 0; i < n; ++i)
    if (tk[i].word && tk[i].upper_initial) {
      const std::string& c = g.demonym_country(fold(i));
      if (!c.empty()) ++support[c];
    }
  auto better = [&](const NameReading& a, const NameReading& b) {
    const Place& pa = g.place(a.place);
    const Place& pb = g.place(b.place);
    return std::tuple(a.preferred, kind_rank(pa.kind), pa.population) >
           std::tuple(b.preferred, kind_rank(pb.kind), pb.population);
  };
  for (std::size_t k = 0; k < s.matches.size(); ++k) {
    Match& m = s.matches[k];
    if (m.kept.empty()) continue;
    int best = 0;
    for (int r = 1; r < static_cast<int>(m.kept.size()); ++r)
      if (better(m.kept[r], m.kept[best])) best = r;
    const Place& dflt = g.place(m.kept[best].place);
    bool several = std::any_of(m.kept.begin(), m.kept.end(), [&](const NameReading& r) {
      return g.place(r.place).country != dflt.country;
    });
    if (several) {
      // "Paris, Texas": the reading inside the place named next.
      std::size_t next = m.last + 1;
      int within = -1;
      if (is_punct(next, ',') && next + 1 < n && s.match_at[next + 1] >= 0) {
        const Match& o = s.matches[s.match_at[next + 1]];
        for (const NameReading& oreading : o.kept) {
          const Place& op = g.place(oreading.place);
          for (int r = 0; r < static_cast<int>(m.kept.size()) && within < 0; ++r) {
            const Place& p = g.place(m.kept[r].place);
            bool inside = op.kind == PlaceKind::kCountry ? p.country == op.country
                          : op.kind == PlaceKind::kSubdivision ? !p.admin.empty() && p.admin == op.admin
                                                               : false;
            if (inside && m.kept[r].place != oreading.place) within = r;
          }
          if (within >= 0) break;
        }
      }
      if (within >= 0) {
        best = within;
      } else if (support[dflt.country] == 0) {
        // Georgia among Atlanta and Texas: a reading whose country the
        // article is about, unless it is a tiny namesake of a big place.
        int alt = -1, alt_support = 0;
        for (int r = 0; r < static_cast<int>(m.kept.size()); ++r) {
          const Place& p = g.place(m.kept[r].place);
          int sup = support[p.country];
          bool comparable = p.kind != PlaceKind::kCity ||
                            std::uint64_t{p.population} * 50 >= dflt.population;
          if (sup > alt_support && comparable) { alt = r; alt_support = sup; }
        }
        if (alt >= 0) best = alt;
      }
    }
    m.chosen = best;
  }
}

// The rule-based finder: fills S.matches (each with its chosen reading, or
// -1 if the rules dropped it) for TEXT, tokenised into S.tokens.
void run_rules(const Gazetteer& g, std::string_view text, Scratch& s) {
  tokenize(text, s.tokens, s.folded);
  mark_lines(s);
  find_matches(g, s);
  apply_context_rules(g, s);
  drop_surnames(s);
  choose_readings(g, s);
}

// The text of tokens FIRST..LAST of TEXT.
std::string span_text(std::string_view text, const std::vector<PlaceToken>& tk, std::size_t first,
                      std::size_t last) {
  return std::string(text.substr(tk[first].byte_start, tk[last].byte_end - tk[first].byte_start));
}

// The places of S (run_rules() done) with the tagger's view. The tagger
// may drop what the rules kept and add what the gazetteer lacks, never
// revive what the rules dropped: every span it calls LOC that overlaps no
// rejected gazetteer name, with the reading of the rule match on exactly
// that span, else the country of a rule match inside it ("Greater
// Baghdad"), else no country; and the rule matches it does not cover as
// LOC, unless it calls them another entity type (see below).
// Combiner does it for one article, a function a rule.
class Combiner {
 public:
  Combiner(const Gazetteer& g, std::string_view text, Scratch& s, std::vector<bool>* confirmed)
      : g(g), text(text), s(s), tk(s.tokens), n(s.tokens.size()), confirmed(confirmed) {}

  std::vector<PlaceMention> run(const EntityTagger& tagger) {
    tag(tagger);
    if (confirmed) confirmed->clear();
    collect_person_words();
    count_votes();
    std::size_t next_match = 0;
    for (std::size_t i = 0; i < n;) {
      while (next_match < s.matches.size() && s.matches[next_match].first < i) ++next_match;
      EntityType type = tag_type(s.tags[i]);
      const std::size_t name_last = longer_name(i, next_match);
      if (type == EntityType::kLoc || name_last) {
        i = location(i, next_match, name_last);
        continue;
      }
      if (next_match < s.matches.size() && s.matches[next_match].first == i &&
          rule_match(s.matches[next_match])) {
        i = s.matches[next_match].last + 1;
        continue;
      }
      ++i;
    }
    return std::move(out);
  }

 private:
  // The tagger's entities, once per article, in S.spans and token by
  // token in S.tags.
  void tag(const EntityTagger& tagger) {
    // The first pass's names are the tagger's gazetteer names: no second lookup.
    s.names.clear();
    for (const Match& m : s.matches) s.names.push_back({m.first, m.last, m.readings});
    s.spans = tagger.tag(text, tk, s.folded, &s.names);
    s.tags.assign(n, 0);
    for (const EntitySpan& e : s.spans) {
      s.tags[e.first] = entity_tag(e.type, true);
      for (std::size_t k = e.first + 1; k <= e.last; ++k) s.tags[k] = entity_tag(e.type, false);
    }
  }

  // The surnames of the people the tagger finds with a full name anywhere
  // in the text: a location that is one of them is that person ("Vladimir
  // Putin said ... the summit between Putin and Trump"). One-word persons
  // are no evidence: the tagger calls an unknown village that too.
  void collect_person_words() {
    s.person_words.clear();
    for (std::size_t i = 0; i < n; ++i) {
      if (tag_type(s.tags[i]) != EntityType::kPer || !tag_begins(s.tags[i])) continue;
      std::size_t last = i;
      while (last + 1 < n && s.tags[last + 1] == entity_tag(EntityType::kPer, false)) ++last;
      if (last > i && tk[last].word && tk[last].upper_initial && tk[i].word && tk[i].upper_initial)
        s.person_words.push_back(fold(last));
      i = last;
    }
    std::sort(s.person_words.begin(), s.person_words.end());
  }

  // The tagger's votes for each name (its folded words).
  void count_votes() {
    for (const EntitySpan& e : s.spans) {
      auto& v = votes[key_of(e.first, e.last)];
      (e.type == EntityType::kLoc ? v.first : v.second) += 1;
      // "Nokia Corp": the name before a company's suffix is the company.
      if (e.type == EntityType::kOrg && e.last > e.first && among(kCompanySuffixes, fold(e.last)))
        votes[key_of(e.first, e.last - 1)].second += 1;
    }
  }

  // The tagger's location at token I (to NAME_LAST when a longer gazetteer
  // name starts there): the place it is, if any, added to OUT. Returns the
  // token after it.
  std::size_t location(std::size_t i, std::size_t next_match, std::size_t name_last) {
    std::size_t last = i;
    while (last + 1 < n && s.tags[last + 1] == entity_tag(EntityType::kLoc, false)) ++last;
    if (name_last) last = name_last;
    // The rule match on exactly this span, else the gazetteer's reading
    // of the span, else the first rule match inside it, else unknown.
    const Match* exact = nullptr;
    const Match* inside = nullptr;
    bool rejected = false;
    for (std::size_t k = next_match; k < s.matches.size() && s.matches[k].first <= last; ++k) {
      const Match& m = s.matches[k];
      if (m.first == i && m.last == last) exact = &m;
      else if (m.chosen < 0) rejected = true;
      if (!inside && m.last <= last && !m.kept.empty()) inside = &m;
    }
    // Overlapping matches that start before the span.
    for (std::size_t k = next_match; k > 0 && s.matches[k - 1].last >= i; --k)
      if (s.matches[k - 1].chosen < 0) rejected = true;
    // The rules' rejections stand: they know titles, organisation words
    // and first names ("Paris Hilton", "Washington Post", "Air France").
    if (rejected || (exact && exact->chosen < 0) || (!exact && unconfirmed_noise(i, last))) {
      return last + 1;
    }
    // A span the gazetteer does not confirm is no place when it runs over
    // a blank line (a headline and a paragraph) or starts with a title
    // ("Lord Woolf").
    if (!exact) {
      bool noise = among(kTitles, fold(i));
      for (std::size_t k = i + 1; k <= last && !noise; ++k) noise = tk[k].newlines_before > 1;
      if (noise) {
        return last + 1;
      }
    }
    // A span the gazetteer does not confirm that starts a sentence with a
    // common word starts with that word ("Several Kansas farmers"): the
    // rest is the name if it holds a gazetteer name ("Kansas"), else the
    // tagger was misled by the capital.
    std::size_t first = i;
    if (!exact && common_initial(first)) {
      ++first;
      while (first <= last && !tk[first].word) ++first;
      if (first > last || !tk[first].upper_initial || !inside || inside->first < first) {
        return last + 1;
      }
    }
    // A name the gazetteer does not know needs the context of a place:
    // the tagger alone is no evidence enough (on news it calls films,
    // companies and people locations: "The Aviator", "France's Pernod
    // Ricard").
    if (!exact && !inside && !s.dateline[first]) {
      std::size_t next = last + 1;
      // "Tavildara, Tajikistan", "Paramaribo, Surinam".
      bool context = (is_punct(next, ',') && next + 1 < n && s.match_at[next + 1] >= 0 &&
                      s.matches[s.match_at[next + 1]].chosen >= 0) ||
                     (first > 1 && is_punct(first - 1, ',') && placed(first - 2));
      context = context || place_context(first);
      if (!context) {
        return last + 1;
      }
    }
    if (caps_noise(first, last, exact != nullptr, true) ||
        (!(exact && exact->dateline) && other_type(first, last) && !place_context(first))) {
      return last + 1;
    }
    if (exact) {
      reading_mention(exact->kept[exact->chosen], i, last);
    } else {
      std::string country;
      if (inside) country = g.place(inside->kept[std::max(inside->chosen, 0)].place).country;
      out.push_back({span_text(text, tk, first, last), std::move(country), tk[first].cp_start,
                     tk[last].cp_end});
      if (confirmed) confirmed->push_back(false);
    }
    return last + 1;
  }

  // Whether the rule match M, on which the tagger found no location, stays
  // a place (then added to OUT).
  bool rule_match(const Match& m) {
    bool other = false, loc = false;
    for (std::size_t k = m.first; k <= m.last; ++k) {
      other = other || (tag_type(s.tags[k]) != EntityType::kNone &&
                        tag_type(s.tags[k]) != EntityType::kLoc);
      loc = loc || tag_type(s.tags[k]) == EntityType::kLoc;
    }
    // Kept by the rules and not LOC to the tagger: a dateline stays (the
    // tagger learnt CoNLL's datelines, not "HOUSTON, June 1 -"), another
    // entity type goes ("Chicago" the team, "Bank of Japan") unless the
    // tagger is overruled (see overruled()), no entity at all stays (the
    // tagger missed it; the rules saw a place).
    const bool overrule = m.chosen >= 0 && other && overruled(m);
    bool keep = m.chosen >= 0 && !loc && (m.dateline || !other || overrule) &&
                !caps_noise(m.first, m.last, true, false) &&
                (m.dateline || overrule || !other_type(m.first, m.last) ||
                 place_context(m.first));
    if (keep) reading_mention(m.kept[m.chosen], m.first, m.last);
    return keep;
  }

  void reading_mention(const NameReading& r, std::size_t first, std::size_t last) {
    const Place& p = g.place(r.place);
    out.push_back({p.name, p.country, tk[first].cp_start, tk[last].cp_end});
    if (confirmed) confirmed->push_back(true);
  }

  std::string_view fold(std::size_t i) {
    return std::string_view(s.folded).substr(tk[i].fold_start, tk[i].fold_len);
  }

  bool is_punct(std::size_t i, char c) {
    return i < n && !tk[i].word && tk[i].punct == c;
  }

  // A location the gazetteer does not confirm (no gazetteer name on exactly
  // its span) needs the benefit of the doubt less than the tagger thinks:
  // it is no place when it names an institution or a person of the text.
  bool unconfirmed_noise(std::size_t first, std::size_t last) {
    bool all_person = true, any_word = false;
    for (std::size_t k = first; k <= last; ++k) {
      if (!tk[k].word) continue;
      std::string_view w = fold(k);
      if (among(kInstitutionWords, w)) return true;
      if (!tk[k].upper_initial) continue;
      any_word = true;
      all_person = all_person &&
                   std::binary_search(s.person_words.begin(), s.person_words.end(), w);
    }
    return any_word && all_person;
  }

  // A name keeps its type within an article: the tagger's votes for each
  // name (its folded words), so that a name it mostly calls a company, a
  // person or a title is not a place where it once says LOC or nothing
  // ("Nokia Corp said ... Nokia shares rose").
  std::string key_of(std::size_t first, std::size_t last) {
    std::string key;
    for (std::size_t k = first; k <= last; ++k) {
      if (k > first) key += ' ';
      key += fold(k);
    }
    return key;
  }

  bool other_type(std::size_t first, std::size_t last) {
    auto it = votes.find(key_of(first, last));
    return it != votes.end() && it->second.second > it->second.first;
  }

  // A common word of two letters or more starting a sentence ("Several"),
  // not an initial ("U. N.").
  bool common_initial(std::size_t i) {
    return s.initial[i] && tk[i].word && tk[i].has_lower && tk[i].cp_end - tk[i].cp_start > 1 &&
           !is_punct(i + 1, '.') && is_common_word(fold(i));
  }

  // Whether token I ends a place already found.
  bool placed(std::size_t i) {
    for (std::size_t k = out.size(); k-- > 0;) {
      if (out[k].end <= tk[i].cp_start) return false;
      if (out[k].end == tk[i].cp_end) return true;
    }
    return false;
  }

  // The words before token FIRST say that it is a place: "in (the) X",
  // "the village of X", "the capital X", "east of X".
  bool place_context(std::size_t first) {
    std::size_t p = first;
    while (p > 0 && !tk[p - 1].word && tk[p - 1].punct == '\'') --p;
    if (p > 0 && tk[p - 1].word && fold(p - 1) == "the") --p;
    if (p == 0 || !tk[p - 1].word) return false;
    std::string_view w = fold(p - 1);
    if (among(kPlacePrepositions, w) || among(kPlaceNouns, w)) return true;
    if (w == "for" && p > 1 && tk[p - 2].word && among(kDepartureVerbs, fold(p - 2))) return true;
    if (p > 1 && tk[p - 2].word && fold(p - 2) == "the") --p;
    return w == "of" && p > 1 && tk[p - 2].word && among(kPlaceNouns, fold(p - 2));
  }

  // The words before token FIRST make it a destination: "left for X",
  // "flew to X".
  bool destination(std::size_t first) {
    if (first < 2 || !tk[first - 1].word || !tk[first - 2].word) return false;
    std::string_view w = fold(first - 1), verb = fold(first - 2);
    return (w == "for" && among(kDepartureVerbs, verb)) || (w == "to" && among(kTravelVerbs, verb));
  }

  // Whether the words around a gazetteer name kept by the rules that the
  // tagger calls another entity say it is a place after all: a
  // destination ("left for Caracas": a person or a company is seldom
  // where one goes); "in" before it, whether the tagger's entity is the
  // name alone ("talks in Edinburgh") or runs over the "in" ("Glastonbury
  // Festival in Somerset": names seldom hold "in"); or a country or a city
  // of half a million that the tagger alone calls a person, one word that
  // is nobody's surname in the text ("Washington said": the government).
  bool overruled(const Match& m) {
    if (destination(m.first)) return true;
    const std::uint8_t own = s.tags[m.first];
    const bool exact = tag_begins(own) &&
                       (m.last + 1 >= n || s.tags[m.last + 1] != entity_tag(tag_type(own), false));
    for (std::size_t k = m.first + 1; k <= m.last; ++k)
      if (s.tags[k] != entity_tag(tag_type(own), false)) return false;
    if (m.first > 0 && tk[m.first - 1].word && fold(m.first - 1) == "in" &&
        (exact || (s.tags[m.first - 1] && !tag_begins(own))))
      return true;
    if (!exact || m.first != m.last || tag_type(own) != EntityType::kPer) return false;
    const Place& p = g.place(m.kept[m.chosen].place);
    return (p.kind == PlaceKind::kCountry || p.population >= 500000) &&
           !std::binary_search(s.person_words.begin(), s.person_words.end(), fold(m.first));
  }

  // Capitals that may only mark the start of a sentence or a headline.
  // In an all-caps line that is not a dateline a name needs the gazetteer,
  // the tagger and more than a single letter ("LOOKING" no, "U.S." yes);
  // a common word starting a sentence is that word ("Several",
  // "Currently"), unless the gazetteer and the tagger agree on it as a place.
  bool caps_noise(std::size_t first, std::size_t last, bool gazetteer, bool tagger_loc) {
    if (s.dateline[first]) return false;
    if (s.line_caps[first]) {
      bool long_word = false;
      for (std::size_t k = first; k <= last; ++k)
        long_word = long_word || (tk[k].word && tk[k].cp_end - tk[k].cp_start > 1) ||
                    (k > first && is_punct(k, '.'));  // "U.S."
      return !(gazetteer && tagger_loc && long_word);
    }
    return first == last && common_initial(first) && !(gazetteer && tagger_loc);
  }

  // The last token of a gazetteer name kept by the rules that starts at
  // token I and is longer than the tagger's locations in it, which are all
  // its entities ("Bosnia and Herzegovina", tagged "Bosnia" and
  // "Herzegovina"): the longer name is the place. 0 if there is none.
  std::size_t longer_name(std::size_t i, std::size_t next_match) {
    if (next_match >= s.matches.size() || s.matches[next_match].first != i) return 0;
    const Match& m = s.matches[next_match];
    if (m.chosen < 0 || m.last == i || (s.tags[i] && !tag_begins(s.tags[i]))) return 0;
    if (m.last + 1 < n && s.tags[m.last + 1] == entity_tag(EntityType::kLoc, false)) return 0;
    bool loc = false;
    for (std::size_t k = m.first; k <= m.last; ++k) {
      EntityType t = tag_type(s.tags[k]);
      if (t != EntityType::kNone && t != EntityType::kLoc) return 0;
      loc = loc || t == EntityType::kLoc;
    }
    std::size_t tagged_last = i;
    while (tagged_last + 1 < n && s.tags[tagged_last + 1] == entity_tag(EntityType::kLoc, false))
      ++tagged_last;
    return loc && (tag_type(s.tags[i]) != EntityType::kLoc || tagged_last < m.last) ? m.last : 0;
  }

  const Gazetteer& g;
  std::string_view text;
  Scratch& s;
  const std::vector<PlaceToken>& tk;
  const std::size_t n;
  std::vector<bool>* confirmed;
  std::vector<PlaceMention> out;
  // A name keeps its type within an article: the tagger's votes for each
  // name, so that a name it mostly calls a company, a person or a title is
  // not a place where it once says LOC or nothing ("Nokia Corp said ...
  // Nokia shares rose").
  std::unordered_map<std::string, std::pair<int, int>> votes;  // name -> (LOC, other)
};

std::vector<PlaceMention> combine(const Gazetteer& g, const EntityTagger& tagger,
                                  std::string_view text, Scratch& s,
                                  std::vector<bool>* confirmed) {
  return Combiner(g, text, s, confirmed).run(tagger);
}

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

}  // namespace

PlaceFinder::PlaceFinder()
    : gazetteer_(std::make_unique<const Gazetteer>(Gazetteer::make_embedded())) {}

PlaceFinder::~PlaceFinder() = default;

const std::string& PlaceFinder::country_name(std::string_view code) const {
  return gazetteer_->country_name(code);
}

const std::string& PlaceFinder::demonym_country(std::string_view word) const {
  return gazetteer_->demonym_country(name_key(word));
}

std::vector<PlaceMention> PlaceFinder::find_by_rules(std::string_view text) const {
  Scratch& s = scratch();
  const Gazetteer& g = *gazetteer_;
  run_rules(g, text, s);
  std::vector<PlaceMention> out;
  for (const Match& m : s.matches) {
    if (m.chosen < 0) continue;
    const Place& p = g.place(m.kept[m.chosen].place);
    out.push_back({p.name, p.country, s.tokens[m.first].cp_start, s.tokens[m.last].cp_end});
  }
  return out;
}

std::vector<PlaceMention> PlaceFinder::find(std::string_view text) const {
  return find(text, nullptr);
}

std::vector<PlaceMention> PlaceFinder::find(std::string_view text,
                                            std::vector<bool>* confirmed) const {
  return find(text, confirmed, nullptr);
}

std::vector<PlaceMention> PlaceFinder::find(std::string_view text, std::vector<bool>* confirmed,
                                            std::vector<EntityMention>* entities) const {
  if (entities) entities->clear();
  const EntityTagger& tagger = EntityTagger::shared();
  if (tagger.empty()) {
    std::vector<PlaceMention> out = find_by_rules(text);
    if (confirmed) confirmed->assign(out.size(), true);
    return out;
  }
  Scratch& s = scratch();
  const Gazetteer& g = *gazetteer_;
  run_rules(g, text, s);
  std::vector<PlaceMention> out = combine(g, tagger, text, s, confirmed);
  if (entities) *entities = EntityTagger::mentions(text, s.tokens, s.spans);
  return out;
}

const PlaceFinder& shared_place_finder() {
  static const PlaceFinder finder;
  return finder;
}

}  // namespace whosaid
