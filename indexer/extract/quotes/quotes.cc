// Quotation and reported-speech finder (see quotes.h). Direct
// quotations are attributed first, from the words right after their closing
// mark (“...,” said X / “...,” X said) or right before their opening mark
// (X said: “...”); the cues they use are then no longer available to the
// reported-speech pass, which looks at each remaining cue of a sentence in
// the orders of English news: SOURCE CUE CONTENT, CONTENT, SOURCE CUE,
// CONTENT, CUE SOURCE and "according to". Quotations left without a cue
// inherit the speaker of an enclosing reported statement (a partial
// quotation) or of the quotation before them (a continued quotation).
#include "indexer/extract/quotes/quotes.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "indexer/extract/quotes/attribution_tagger.h"
#include "indexer/extract/lexicon/lexicon.h"

namespace whosaid {

namespace {

using Tokens = std::vector<Token>;

bool is_punct(const Token& t, std::string_view s) { return t.kind == Token::kPunct && t.text == s; }

bool is_comma(const Token& t) { return is_punct(t, ",") || is_punct(t, "—") || is_punct(t, "–"); }

bool is_sentence_end_punct(const Token& t) {
  return t.kind == Token::kPunct &&
         (t.text == "." || t.text == "!" || t.text == "?" || t.text == "…" || t.text == ";");
}

// The cue starting at token I (word tokens only, lowercase cue words unless
// "According"), or words == 0.
Cue cue_at(const Tokens& T, std::size_t i, std::size_t end) {
  if (i >= end || T[i].kind != Token::kWord) return {};
  if (T[i].cap && T[i].lower != "according") return {};
  thread_local std::vector<std::string_view> words;  // called per word: no allocation
  words.clear();
  for (std::size_t k = i; k < end && words.size() < 4; ++k) {
    if (T[k].kind != Token::kWord) break;
    words.push_back(T[k].lower);
  }
  return match_cue(words);
}

bool head_ok(const Token& h) {
  if (!h.is_word()) return false;
  if (h.kind == Token::kNumber) return false;
  if (h.cap) return !is_function_word(h.lower) || is_title(h.lower);
  return is_source_noun(h.lower);
}

bool is_prep(std::string_view w) {
  return w == "for" || w == "at" || w == "of" || w == "from" || w == "in" || w == "with" ||
         w == "on" || w == "to";
}

// The noun phrase that ends just before token E, starting no earlier than
// LIMIT. Pronouns stand alone; otherwise the head is a proper name or a
// source noun, extended left over names, titles, modifiers, "of" and
// possessives up to a determiner.
std::optional<TokenRange> np_back(const Tokens& T, std::size_t e, std::size_t limit) {
  if (e <= limit) return std::nullopt;
  std::size_t end = e;
  std::size_t k = e - 1;
  if (is_punct(T[k], ")")) {  // (R-Ind.)
    std::size_t j = k;
    while (j > limit && k - j < 8 && !is_punct(T[j], "(")) --j;
    if (!is_punct(T[j], "(") || j == limit) return std::nullopt;
    k = j - 1;
  }
  const Token& h = T[k];
  if (h.quote >= 0 && T[e - 1].quote < 0) return std::nullopt;
  if (h.is_word() && is_pronoun(h.lower)) {
    if (h.lower == "it" || h.lower == "you" || h.lower == "i") return std::nullopt;
    return TokenRange{k, end};
  }
  if (!head_ok(h)) {
    // "people familiar with the matter", "officials in Kyiv": a source noun
    // followed by a short prepositional phrase.
    for (std::size_t j = k; j > limit && k - j < 8; --j) {
      const Token& t = T[j - 1];
      if (!t.is_word()) break;
      if (is_source_noun(t.lower) && !t.cap && j < e &&
          (is_prep(T[j].lower) || T[j].lower == "familiar" || T[j].lower == "close" ||
           T[j].lower == "briefed" || T[j].lower == "knowledgeable")) {
        auto inner = np_back(T, j, limit);
        if (inner) return TokenRange{inner->begin, end};
        break;
      }
    }
    return std::nullopt;
  }
  std::size_t b = k;
  for (;;) {
    while (b > limit) {
      const Token& p = T[b - 1];
      if (p.quote != h.quote) break;
      if (p.is_word()) {
        if (is_determiner(p.lower)) {
          --b;
          break;
        }
        if (p.lower == "’s" || p.lower == "'s") {
          --b;
          continue;
        }
        if ((p.lower == "of" || p.lower == "for" || p.lower == "on") && b >= limit + 2) {
          const Token& l = T[b - 2];
          bool left = (l.cap && !is_function_word(l.lower)) || is_source_noun(l.lower) ||
                      is_title(l.lower);
          bool right = T[b].cap || is_source_noun(T[b].lower) || is_determiner(T[b].lower);
          if (p.lower != "of" && !(is_org_word(l.lower) && l.cap)) left = false;
          if (left && right) {
            --b;
            continue;
          }
          break;
        }
        if (!p.cap && is_name_particle(p.lower) && T[b].cap) {
          --b;
          continue;
        }
        if (p.cap) {
          if (is_function_word(p.lower) && !is_title(p.lower)) break;
          if (p.kind == Token::kNumber) break;
          --b;
          continue;
        }
        if (is_source_modifier(p.lower) && !is_negation(p.lower)) {
          --b;
          continue;
        }
        break;
      }
      if (is_punct(p, ".") && b >= limit + 2 && T[b - 2].end == p.start &&
          (is_title(T[b - 2].lower) || (T[b - 2].text.size() == 1 && T[b - 2].cap))) {
        --b;
        continue;
      }
      if (is_punct(p, "-") && b >= limit + 2 && T[b - 2].is_word()) {
        --b;
        continue;
      }
      break;
    }
    // "Secretary of the Army": "of" before a determiner inside a title.
    if (b >= limit + 2 && b < k && is_determiner(T[b].lower) && T[b - 1].lower == "of" &&
        (T[b - 2].cap || is_source_noun(T[b - 2].lower) ||
         (is_punct(T[b - 2], ".") && b >= limit + 3 && is_title(T[b - 3].lower))) &&
        end - b < 10) {
      b -= 1;
      continue;
    }
    // "a spokesman for the Clinton campaign": hop over one preposition after
    // a lowercase source noun.
    if (b >= limit + 2 && T[b - 1].is_word() && is_prep(T[b - 1].lower) &&
        T[b - 2].is_word() && !T[b - 2].cap && is_source_noun(T[b - 2].lower) &&
        end - b < 10) {
      b -= 2;
      continue;
    }
    break;
  }
  while (b < k && (T[b].lower == "of" || T[b].lower == "’s" || T[b].lower == "'s" ||
                   T[b].lower == "for" || T[b].lower == "on" || is_punct(T[b], ".") ||
                   is_punct(T[b], "-")))
    ++b;
  if (end - b > 16) return std::nullopt;
  return TokenRange{b, end};
}

// The noun phrase starting at token B (before LIMIT): an optional
// determiner, then names, titles, modifiers and source nouns. Valid only if
// it ends on a name, a source noun or is a pronoun.
std::optional<TokenRange> np_forward(const Tokens& T, std::size_t b, std::size_t limit) {
  if (b >= limit || !T[b].is_word()) return std::nullopt;
  if (is_pronoun(T[b].lower)) {
    if (T[b].lower == "it" || T[b].lower == "you" || T[b].lower == "i" || T[b].lower == "who")
      return std::nullopt;
    return TokenRange{b, b + 1};
  }
  std::size_t k = b;
  if (is_determiner(T[k].lower)) ++k;
  std::size_t last_head = 0;
  bool have_head = false;
  bool hopped = false;
  while (k < limit) {
    const Token& t = T[k];
    if (t.is_word()) {
      if (t.lower == "’s" || t.lower == "'s") {
        ++k;
        continue;
      }
      if (t.cap && !(is_function_word(t.lower) && !is_title(t.lower)) &&
          t.kind != Token::kNumber) {
        last_head = k++;
        have_head = true;
        continue;
      }
      if (!t.cap && is_name_particle(t.lower) && k + 1 < limit && T[k + 1].cap && have_head) {
        ++k;
        continue;
      }
      if (!t.cap && is_source_noun(t.lower)) {
        last_head = k++;
        have_head = true;
        continue;
      }
      if (!t.cap && is_source_modifier(t.lower) && !is_negation(t.lower) && t.lower != "of") {
        ++k;
        continue;
      }
      if (is_prep(t.lower) && have_head && k + 1 < limit && !hopped &&
          (T[k + 1].cap || is_determiner(T[k + 1].lower)) &&
          (t.lower == "of" || is_source_noun(T[last_head].lower) ||
           is_org_word(T[last_head].lower))) {
        hopped = t.lower != "of";
        ++k;
        if (is_determiner(T[k].lower)) ++k;
        continue;
      }
      break;
    }
    if (is_punct(t, ".") && k > b && T[k - 1].end == t.start &&
        (is_title(T[k - 1].lower) || (T[k - 1].text.size() == 1 && T[k - 1].cap))) {
      ++k;
      continue;
    }
    break;
  }
  if (!have_head) return std::nullopt;
  return TokenRange{b, last_head + 1};
}

// Skips adverbs and auxiliaries backwards from token E (exclusive).
std::size_t skip_adverbs_back(const Tokens& T, std::size_t e, std::size_t limit) {
  std::size_t n = 0;
  while (e > limit && n < 4 && T[e - 1].is_word() && !T[e - 1].cap &&
         is_cue_adverb(T[e - 1].lower)) {
    --e;
    ++n;
  }
  return e;
}

bool has_negation(const Tokens& T, std::size_t from, std::size_t to) {
  for (std::size_t k = from; k < to; ++k)
    if (T[k].is_word() && is_negation(T[k].lower)) return true;
  return false;
}

bool is_be(std::string_view w) {
  return w == "is" || w == "are" || w == "was" || w == "were" || w == "be" || w == "been" ||
         w == "being" || w == "’s" || w == "'s";
}

// Skips what may stand between a cue and its content: time adjuncts
// ("Monday", "on Tuesday", "last week"), "in a statement", "in an interview
// with X", then "that", ":" or ",".
std::size_t skip_to_content(const Tokens& T, std::size_t k, std::size_t end) {
  for (int guard = 0; guard < 3 && k < end; ++guard) {
    std::size_t j = k;
    if (T[j].is_word() && (T[j].lower == "in" || T[j].lower == "on") && j + 1 < end) {
      std::size_t m = j + 1;
      if (is_determiner(T[m].lower)) ++m;
      if (m < end && T[m].is_word() &&
          (T[m].lower == "statement" || T[m].lower == "interview" || T[m].lower == "email" ||
           T[m].lower == "post" || T[m].lower == "tweet" || T[m].lower == "speech" ||
           T[m].lower == "letter" || T[m].lower == "briefing" || T[m].lower == "twitter" ||
           T[m].lower == "x" || T[m].lower == "facebook" || is_time_word(T[m].lower) ||
           T[m].kind == Token::kNumber)) {
        ++m;
        if (m < end && T[m].is_word() && (T[m].lower == "with" || T[m].lower == "to")) {
          auto np = np_forward(T, m + 1, end);
          if (np) m = np->end;
        }
        k = m;
        continue;
      }
    }
    if (T[j].is_word() && !T[j].cap && is_time_word(T[j].lower) && T[j].lower != "a" &&
        T[j].lower != "an" && T[j].lower != "the" && T[j].lower != "this" &&
        T[j].lower != "that" && T[j].lower != "in" && T[j].lower != "on") {
      ++k;
      continue;
    }
    if (T[j].is_word() && T[j].cap && is_time_word(T[j].lower)) {  // "Monday"
      ++k;
      continue;
    }
    break;
  }
  if (k < end && (is_punct(T[k], ":") || is_punct(T[k], ","))) ++k;
  if (k < end && T[k].is_word() && T[k].lower == "that") ++k;
  // A quotation mark never closed (the tokenizer left it as punctuation)
  // is no part of the speech.
  while (k < end && T[k].kind == Token::kPunct &&
         (T[k].text == "“" || T[k].text == "\"" || T[k].text == "‘" || T[k].text == "«" ||
          T[k].text == "„"))
    ++k;
  return k;
}

// End of the content of a sentence: trailing punctuation and closing
// marks left out.
std::size_t trim_end(const Tokens& T, std::size_t b, std::size_t e) {
  // An opening mark at the end belongs to the next quotation, not to this
  // content.
  while (e > b && (T[e - 1].kind == Token::kPunct || T[e - 1].kind == Token::kQuoteOpen)) --e;
  return e;
}

std::size_t trim_begin(const Tokens& T, std::size_t b, std::size_t e) {
  while (b < e && T[b].kind == Token::kPunct && !is_punct(T[b], "(")) ++b;
  // Leading connectives: "But", "And", "However,"
  return b;
}

bool inside_quote(const Token& t) { return t.quote >= 0; }

// Whether the attribution A of the tagger is speech: its cue holds no word
// of belief, plan, evidence or seeming ("believes", "wants", "figures
// show"), and a cue that needs a clause (lexicon.h) has one ("claimed
// victory" is no speech).
bool is_speech(const TokenizedText& tt, const Attribution& a) {
  const Tokens& T = tt.tokens;
  if (a.cue.empty()) return false;
  for (std::size_t k = a.cue.begin; k < a.cue.end; ++k)
    if (is_non_speech_cue_word(T[k].lower)) return false;
  // A cue word after a preposition or a determiner is a noun ("quit for
  // remarks he made", "his comments"), which says nothing itself.
  if (a.cue.begin > 0 && T[a.cue.begin - 1].kind == Token::kWord) {
    const std::string& w = T[a.cue.begin - 1].lower;
    if ((is_prep(w) && w != "to") || w == "the" || w == "a" || w == "an" || w == "his" ||
        w == "her" || w == "their" || w == "its" || w == "our" || w == "my" || w == "your")
      return false;
  }
  // A lone pronoun ("he", "it") says nothing: no quotation.
  if (!a.direct && a.content.end - a.content.begin == 1 && is_pronoun(T[a.content.begin].lower))
    return false;
  Cue c = cue_at(T, a.cue.begin, a.cue.end);
  if (!c.needs_clause || a.content.empty() || a.content.begin < a.cue.end) return true;
  std::size_t b = a.content.begin;
  return T[b].quote >= 0 || T[b].kind == Token::kQuoteOpen || T[b].lower == "that" ||
         (b > 0 && (T[b - 1].lower == "that" || is_punct(T[b - 1], ":")));
}

// The content of reported speech without the "that" that introduces it
// (the tagger learned spans that sometimes hold it).
void drop_leading_that(const TokenizedText& tt, Attribution& a) {
  const Tokens& T = tt.tokens;
  if (a.direct || a.content.end - a.content.begin < 2 || T[a.content.begin].lower != "that") return;
  ++a.content.begin;
  a.content_start = T[a.content.begin].start;
}

struct Finder {
  const TokenizedText& tt;
  const Tokens& T;
  std::vector<bool> claimed;
  std::vector<Attribution> out;
  // The quotation region of each direct attribution: out[k] for k below
  // direct_region.size() (empty quotations have none).
  std::vector<std::size_t> direct_region;
  // Per sentence, the last attribution (index into out) whose cue lies in
  // it, and per attribution the one before it in the same sentence: what
  // last_in_sentence() walks instead of every attribution of the text.
  std::vector<int> last_cue_in_sentence;
  std::vector<int> prev_cue_in_sentence;

  explicit Finder(const TokenizedText& t)
      : tt(t), T(t.tokens), claimed(t.tokens.size()), last_cue_in_sentence(t.sentences.size(), -1) {}

  // Appends A to out (every attribution goes through here).
  void add(const Attribution& a) {
    int k = static_cast<int>(out.size());
    out.push_back(a);
    int prev = -1;
    if (!a.cue.empty()) {
      int& last = last_cue_in_sentence[T[a.cue.begin].sentence];
      prev = last;
      last = k;
    }
    prev_cue_in_sentence.push_back(prev);
  }

  const Sentence& sentence_of(std::size_t tok) const { return tt.sentences[T[tok].sentence]; }

  // The dot of a title or an initial ("said Dr. Ana Costa", "said John
  // F. Kerry"), not a sentence end.
  bool is_abbreviation_dot(std::size_t j) const {
    return is_punct(T[j], ".") && j > 0 && T[j - 1].end == T[j].start &&
           (is_title(T[j - 1].lower) || (T[j - 1].text.size() == 1 && T[j - 1].cap));
  }

  void set_content(Attribution& a, std::size_t b, std::size_t e) {
    a.content = {b, e};
    a.content_start = T[b].start;
    a.content_end = T[e - 1].end;
  }

  // "who" sources: the noun phrase before ", who".
  void set_antecedent(Attribution& a) {
    if (a.source.empty() || T[a.source.begin].lower != "who") return;
    std::size_t b = a.source.begin;
    if (b >= 1 && is_comma(T[b - 1])) {
      auto np = np_back(T, b - 1, sentence_of(b).begin);
      if (np) a.antecedent = *np;
    }
  }

  std::string cue_string(std::size_t i, std::size_t n) const {
    std::string s;
    for (std::size_t k = i; k < i + n; ++k) {
      if (k > i) s += ' ';
      s += T[k].lower;
    }
    return s;
  }

  void claim(std::size_t i, std::size_t n) {
    for (std::size_t k = i; k < i + n && k < claimed.size(); ++k) claimed[k] = true;
  }

  // A source as found: the noun phrase that names it and, for an
  // appositive, the whole phrase as written and the organisation it names.
  struct Found {
    TokenRange source, phrase, organization;
    bool appositive = false;
  };

  // Gives A the source F found by RULE ("appositive" instead when F is one).
  static void set_source(Attribution& a, const Found& f, const char* rule) {
    a.source = f.source;
    a.phrase = f.phrase;
    a.organization = f.organization;
    a.rule = f.appositive ? "appositive" : rule;
  }

  // The appositive that starts after the comma at C and ends before LIMIT:
  // ", of Nomura", ", an economist at Capital Economics", ", the chief
  // executive of Acme"; nullopt unless it names an organisation (a
  // capitalised noun phrase after the preposition). Its end is the token
  // after it (a comma, or LIMIT).
  struct Appositive {
    std::size_t end = 0;
    TokenRange organization;
  };
  std::optional<Appositive> appositive_at(std::size_t c, std::size_t limit) const {
    std::size_t k = c + 1;
    if (k >= limit || !T[k].is_word()) return std::nullopt;
    bool role = false;
    if (!is_prep(T[k].lower)) {
      // The role: a few words that include a source noun or a title.
      if (is_determiner(T[k].lower)) ++k;
      std::size_t n = 0;
      while (k < limit && n < 6 && T[k].is_word() && !is_prep(T[k].lower) &&
             !is_pronoun(T[k].lower) && !cue_at(T, k, limit).words) {
        if (is_source_noun(T[k].lower) || is_title(T[k].lower)) role = true;
        ++k;
        ++n;
      }
      if (!role || k >= limit) return std::nullopt;
    }
    const std::string& prep = T[k].lower;
    if (!(prep == "of" || prep == "at" || prep == "for" || prep == "from" || prep == "with"))
      return std::nullopt;
    auto org = np_forward(T, k + 1, limit);
    if (!org || !T[org->end - 1].cap || is_pronoun(T[org->begin].lower)) return std::nullopt;
    std::size_t end = org->end;
    if (end < limit && !is_comma(T[end]) && !is_sentence_end_punct(T[end])) return std::nullopt;
    if (is_determiner(T[org->begin].lower)) ++org->begin;
    return Appositive{end, *org};
  }

  // The source of a cue at I by looking left: appositives ("the EU's chief
  // diplomat, Kaja Kallas, warned"; "Paul Dent, an economist at Capital
  // Economics, said": the person, the organisation aside), then a plain
  // noun phrase.
  std::optional<Found> source_before(std::size_t i, std::size_t limit) {
    std::size_t e = skip_adverbs_back(T, i, limit);
    if (e > limit && is_comma(T[e - 1])) {
      if (auto f = person_of_appositive(e - 1, limit)) return f;
      auto inner = np_back(T, e - 1, limit);
      if (inner && inner->begin > limit && is_comma(T[inner->begin - 1])) {
        auto outer = np_back(T, inner->begin - 1, limit);
        if (outer) {
          bool inner_name = T[inner->end - 1].cap;
          bool outer_name = T[outer->end - 1].cap;
          if (inner_name != outer_name || T[inner->begin].lower == "the" ||
              T[inner->begin].lower == "a" || T[inner->begin].lower == "an") {
            Found f;
            f.source = TokenRange{outer->begin, inner->end};
            f.phrase = TokenRange{outer->begin, e};  // with its closing comma
            f.appositive = true;
            return f;
          }
        }
      }
      return std::nullopt;
    }
    auto np = np_back(T, e, limit);
    if (!np) return std::nullopt;
    return Found{*np, {}, {}};
  }

  // "X, of Y," / "X, an analyst at Y," ending with the comma at E: the
  // person X (a capitalised name, not a pronoun), the phrase up to E and
  // the organisation Y.
  std::optional<Found> person_of_appositive(std::size_t e, std::size_t limit) const {
    for (std::size_t c = e; c-- > limit && e - c < 14;) {
      if (!is_comma(T[c])) continue;
      auto ap = appositive_at(c, e);
      if (!ap || ap->end != e) return std::nullopt;
      auto x = np_back(T, c, limit);
      if (!x || !T[x->end - 1].cap || is_pronoun(T[x->begin].lower)) return std::nullopt;
      Found f;
      f.source = *x;
      f.phrase = TokenRange{x->begin, e + 1};  // the closing comma too, as corpora mark it
      f.organization = ap->organization;
      f.appositive = true;
      return f;
    }
    return std::nullopt;
  }

  // The appositive after the source X found at X_END of a direct
  // quotation's attribution ("..., said X, an analyst at Y."), up to E.
  void appositive_after(Attribution& a, std::size_t e) const {
    std::size_t x_end = a.source.end;
    if (x_end >= e || !is_comma(T[x_end]) || !T[x_end - 1].cap) return;
    auto ap = appositive_at(x_end, e);
    if (!ap) return;
    a.phrase = TokenRange{a.source.begin, ap->end < e ? ap->end + 1 : ap->end};
    a.organization = ap->organization;
    a.rule = "appositive";
  }

  // “...,” said the committee chairman, Edward Leigh: the name that ends
  // the sentence after a description is the source, the description its
  // role.
  void name_after_description(Attribution& a, std::size_t e) const {
    std::size_t x_end = a.source.end;
    if (x_end + 1 >= e || !is_comma(T[x_end]) || T[x_end - 1].cap ||
        !is_source_noun(T[x_end - 1].lower))
      return;
    auto name = np_forward(T, x_end + 1, e);
    if (!name || name->end != e || !T[name->begin].cap || !T[name->end - 1].cap ||
        is_pronoun(T[name->begin].lower))
      return;
    a.source = TokenRange{a.source.begin, name->end};
  }

  void direct_pass() {
    for (std::size_t q = 0; q < tt.quotes.size(); ++q) {
      const QuoteRegion& r = tt.quotes[q];
      if (r.close_token <= r.open_token + 1) continue;  // empty quotation
      Attribution a;
      a.direct = true;
      std::size_t ce = r.close_token;
      while (ce > r.open_token + 2 && is_punct(T[ce - 1], ",")) --ce;  // “...,” said
      set_content(a, r.open_token + 1, ce);
      bool found = attribute_after(r, a) || attribute_before(r, a);
      if (found) set_antecedent(a);
      add(a);
      direct_region.push_back(q);
    }
  }

  bool attribute_after(const QuoteRegion& r, Attribution& a) {
    std::size_t k = r.close_token + 1;
    if (k >= T.size() || T[k].para != T[r.close_token].para) return false;
    if (is_comma(T[k])) ++k;
    std::size_t lim = std::min(T.size(), k + 20);
    std::size_t e = lim;
    for (std::size_t j = k; j < lim; ++j)
      if (T[j].para != T[k].para || T[j].kind == Token::kQuoteOpen ||
          (is_sentence_end_punct(T[j]) && !is_abbreviation_dot(j))) {
        e = j;
        break;
      }
    const Token& last = T[r.close_token - 1];
    bool ended = is_punct(last, ".");
    // “...,” said X
    Cue c = cue_at(T, k, e);
    if (c.words && c.type != CueType::kAccording) {
      auto np = np_forward(T, k + c.words, e);
      if (np) {
        a.cue = {k, k + c.words};
        a.cue_text = cue_string(k, c.words);
        a.source = *np;
        a.rule = "said-x";
        appositive_after(a, e);
        name_after_description(a, e);
        claim(k, c.words);
        return true;
      }
    }
    // “...,” X said
    auto np = np_forward(T, k, e);
    if (!np && k < e && T[k].is_word() && T[k].lower == "who") np = TokenRange{k, k + 1};
    // “...,” X and Y said: Y stands next to the cue, as in "X and Y said
    // (that) ..."; extract.h makes X the speaker and records both.
    if (np && np->end + 1 < e && T[np->end].is_word() && T[np->end].lower == "and" &&
        T[np->end + 1].cap) {
      auto second = np_forward(T, np->end + 1, e);
      if (second && second->end < e && cue_at(T, second->end, e).words) np = second;
    }
    if (np) {
      std::size_t j = np->end;
      // appositive: “...,” Smith, the mayor, said
      std::optional<Appositive> org_ap;
      if (j < e && is_comma(T[j])) {
        auto ap = np_forward(T, j + 1, e);
        if (ap && ap->end < e && is_comma(T[ap->end])) {
          j = ap->end + 1;
        } else if (T[j - 1].cap && (org_ap = appositive_at(j, e)) && org_ap->end < e) {
          j = org_ap->end + 1;  // “...,” Smith, of Acme, said
        } else {
          org_ap.reset();
        }
      }
      std::size_t n = 0;
      while (j < e && n < 3 && T[j].is_word() && !T[j].cap && is_cue_adverb(T[j].lower) &&
             !cue_at(T, j, e).words) {
        ++j;
        ++n;
      }
      Cue c2 = cue_at(T, j, e);
      if (c2.words && c2.type != CueType::kAccording && !has_negation(T, np->end, j)) {
        std::size_t after = j + c2.words;
        bool final = after >= e || is_comma(T[after]) || T[after].is_word();
        // After a quotation closed by a full stop, "Hodges described his
        // years ..." or "Hodges said the ..." starts a sentence of its own;
        // "Hodges said on Monday." still closes the quotation.
        if (ended && after < e && T[after].is_word() &&
            (T[after].lower == "that" || is_determiner(T[after].lower)))
          final = false;
        if (final) {
          a.cue = {j, j + c2.words};
          a.cue_text = cue_string(j, c2.words);
          a.source = TokenRange{np->begin, j > np->end && is_comma(T[j - 1]) ? j - 1 : np->end};
          if (np->end < j && is_comma(T[np->end])) {
            a.source = *np;
            a.phrase = TokenRange{np->begin, j};  // “...,” Smith, the mayor, said
          }
          a.rule = "x-said";
          if (org_ap) {
            a.phrase = TokenRange{np->begin, org_ap->end + 1};
            a.organization = org_ap->organization;
            a.rule = "appositive";
          }
          claim(j, c2.words);
          return true;
        }
      }
    }
    return false;
  }

  bool attribute_before(const QuoteRegion& r, Attribution& a) {
    if (r.open_token == 0) return false;
    std::size_t k = r.open_token;  // exclusive end of what precedes
    std::size_t s_begin = sentence_of(k - 1).begin;
    if (T[k - 1].para != T[k].para) {
      // A whole-paragraph quotation introduced by "X said:" at the end of the
      // paragraph before.
      if (!is_punct(T[k - 1], ":")) return false;
    }
    if (is_punct(T[k - 1], ":") || is_comma(T[k - 1])) --k;
    // Cue ending at k-1, allowing "in a statement" / "told reporters" between.
    for (std::size_t back = 1; back <= 6 && back <= k - s_begin; ++back) {
      std::size_t i = k - back;
      if (claimed[i] || inside_quote(T[i])) continue;
      Cue c = cue_at(T, i, k);
      if (!c.words || c.type == CueType::kAccording) continue;
      std::size_t after = i + c.words;
      if (after < k) {
        std::size_t s = skip_to_content(T, after, k);
        if (s != k && c.type == CueType::kTell) {
          auto obj = np_forward(T, after, k);
          if (obj) s = skip_to_content(T, obj->end, k);
        }
        if (s != k) continue;
      }
      auto src = source_before(i, s_begin);
      if (!src) {
        if (c.participle && i > s_begin && is_comma(T[i - 1])) {
          int prev = last_in_sentence(i);
          if (prev >= 0) {
            a.inherits = prev;
            a.rule = out[prev].rule;
            a.cue = {i, i + c.words};
            a.cue_text = cue_string(i, c.words);
            claim(i, c.words);
            return true;
          }
        }
        return false;
      }
      if (has_negation(T, src->source.end, i)) return false;
      a.cue = {i, i + c.words};
      a.cue_text = cue_string(i, c.words);
      set_source(a, *src, "cue-subject");
      claim(i, c.words);
      return true;
    }
    return false;
  }

  // The last attribution with a source whose cue lies in the sentence of
  // token I, before I.
  int last_in_sentence(std::size_t i) const {
    for (int k = last_cue_in_sentence[T[i].sentence]; k >= 0; k = prev_cue_in_sentence[k]) {
      const Attribution& a = out[k];
      if (a.cue.begin >= i) continue;
      if (!a.source.empty() || a.inherits >= 0) return k;
    }
    return -1;
  }

  // "Kerry: ...", "Poll: ...": a name or source noun phrase opening a
  // sentence, then a colon, then what it says.
  void colon_pass() {
    for (const Sentence& s : tt.sentences) {
      std::size_t b = trim_begin(T, s.begin, s.end);
      if (b >= s.end || inside_quote(T[b])) continue;
      auto np = np_forward(T, b, s.end);
      if (!np || np->end + 1 >= s.end || !is_punct(T[np->end], ":")) continue;
      if (np->end - np->begin > 6 || claimed[np->end]) continue;
      const Token& h = T[np->end - 1];
      if (!(h.cap || is_source_noun(h.lower)) || is_pronoun(h.lower)) continue;
      std::size_t cb = np->end + 1;
      if (T[cb].kind == Token::kQuoteOpen) continue;  // attributed by the direct pass
      std::size_t ce = trim_end(T, cb, s.end);
      if (ce <= cb) continue;
      Attribution a;
      a.cue = {np->end, np->end + 1};
      a.cue_text = ":";
      a.source = *np;
      a.rule = "colon";
      set_content(a, cb, ce);
      claim(np->end, 1);
      add(a);
    }
  }

  void indirect_pass() {
    for (const Sentence& s : tt.sentences) {
      for (std::size_t i = s.begin; i < s.end; ++i) {
        if (claimed[i] || inside_quote(T[i]) || T[i].kind != Token::kWord) continue;
        Cue c = cue_at(T, i, s.end);
        if (!c.words) continue;
        if (try_cue(s, i, c)) {
          claim(i, c.words);
          i += c.words - 1;
        }
      }
    }
  }

  // One cue of a sentence: "according to", then the cue words used
  // otherwise, then the orders SUBJECT CUE CONTENT / CONTENT, SUBJECT CUE
  // and CONTENT, CUE SUBJECT.
  bool try_cue(const Sentence& s, std::size_t i, const Cue& c) {
    if (c.type == CueType::kAccording) return try_according(s, i, c);
    if (used_otherwise(s, i, c)) return false;
    if (c.participle && i > s.begin && is_comma(T[i - 1])) return try_participle(s, i, c);
    auto src = source_before(i, s.begin);
    if (src && c.base && !base_form_is_verb(s, i, src->source)) return false;
    if (src) return try_subject_cue(s, i, c, *src);
    return try_cue_then_source(s, i, c);
  }

  // An attribution of the cue C at I, content and source still empty.
  Attribution cue_attribution(std::size_t i, const Cue& c) const {
    Attribution a;
    a.cue = {i, i + c.words};
    a.cue_text = cue_string(i, c.words);
    return a;
  }

  // "according to X, CONTENT" and "CONTENT, according to X".
  bool try_according(const Sentence& s, std::size_t i, const Cue& c) {
    Attribution a = cue_attribution(i, c);
    std::size_t cue_end = i + c.words;
    std::size_t s_end = trim_end(T, s.begin, s.end);
    auto np = np_forward(T, cue_end, s.end);
    if (!np) return false;
    a.source = *np;
    a.rule = "according-to";
    std::size_t lead = trim_begin(T, s.begin, i);
    if (lead == i || (i - lead <= 2 && T[lead].is_word() && is_function_word(T[lead].lower))) {
      std::size_t b = np->end;
      if (b < s_end && is_comma(T[b])) ++b;
      if (b >= s_end) return false;
      set_content(a, b, s_end);
    } else {
      std::size_t e = i;
      while (e > s.begin && T[e - 1].kind == Token::kPunct) --e;
      std::size_t b = trim_begin(T, s.begin, e);
      if (b >= e) return false;
      set_content(a, b, e);
    }
    add(a);
    return true;
  }

  // Cue words used otherwise: "a say", "the report", "was said to", "is
  // expected".
  bool used_otherwise(const Sentence& s, std::size_t i, const Cue& c) const {
    if (i > s.begin && T[i - 1].is_word() && is_determiner(T[i - 1].lower)) return true;
    std::size_t cue_end = i + c.words;
    std::size_t before = skip_adverbs_back(T, i, s.begin);
    if (c.past_participle || c.words == 1) {
      bool passive = false;
      for (std::size_t k = before; k < i; ++k)
        if (is_be(T[k].lower)) passive = true;
      if (before > s.begin && is_be(T[before - 1].lower)) passive = true;
      if (passive && !(cue_end < s.end && T[cue_end].lower == "by") &&
          (c.past_participle || T[i].lower.ends_with("ed") || T[i].lower == "told"))
        return true;
    }
    return false;
  }

  // ", adding that ...": the speaker of the clause before, else the subject
  // the sentence starts with ("Rubio praised him, saying ...").
  bool try_participle(const Sentence& s, std::size_t i, const Cue& c) {
    Attribution a = cue_attribution(i, c);
    std::size_t cue_end = i + c.words;
    std::size_t s_end = trim_end(T, s.begin, s.end);
    int prev = last_in_sentence(i);
    std::size_t b = skip_to_content(T, cue_end, s.end);
    if (b >= s_end) return false;
    if (c.needs_clause && !introduces_clause(cue_end, b, s.end)) return false;
    if (prev < 0) {
      std::size_t sb = trim_begin(T, s.begin, i);
      auto subj = np_forward(T, sb, i);
      if (!subj || subj->end >= i || !T[subj->end].is_word() || T[subj->end].cap ||
          inside_quote(T[sb]))
        return false;
      a.source = *subj;
      a.rule = "cue-subject";
      set_content(a, b, s_end);
      add(a);
      return true;
    }
    a.inherits = prev;
    a.rule = out[prev].rule;
    set_content(a, b, s_end);
    add(a);
    return true;
  }

  // "say", "state" are nouns too: a verb only after a plural or
  // first/second person subject, or after "to", a modal or "did".
  bool base_form_is_verb(const Sentence& s, std::size_t i, TokenRange src) const {
    std::size_t before = skip_adverbs_back(T, i, s.begin);
    const Token& h = T[src.end - 1];
    bool plural_subject = h.lower == "they" || h.lower == "we" || h.lower == "who" ||
                          (!h.cap && is_plural_source_noun(h.lower));
    bool aux = false;
    for (std::size_t k = before > s.begin ? before - 1 : before; k < i; ++k) {
      const std::string& w = T[k].lower;
      if (w == "to" || w == "will" || w == "would" || w == "did" || w == "could" ||
          w == "may" || w == "might" || w == "should" || w == "can" || w == "do" || w == "does")
        aux = true;
    }
    return plural_subject || aux;
  }

  // SOURCE CUE CONTENT, or CONTENT, SOURCE CUE (on Monday).
  bool try_subject_cue(const Sentence& s, std::size_t i, const Cue& c, const Found& found) {
    TokenRange src = found.source;
    Attribution a = cue_attribution(i, c);
    std::size_t cue_end = i + c.words;
    std::size_t s_end = trim_end(T, s.begin, s.end);
    std::size_t neg_from = src.begin >= s.begin + 2 ? src.begin - 2 : s.begin;
    if (has_negation(T, neg_from, i)) return false;
    if (T[src.begin].lower == "who" && src.begin == s.begin) return false;
    set_source(a, found, "cue-subject");
    set_antecedent(a);
    // Content after the cue?
    std::size_t b = cue_end;
    if (c.type == CueType::kTell && b < s.end && T[b].lower != "that") {
      auto obj = np_forward(T, b, s.end);
      if (!obj && b < s.end && T[b].is_word() &&
          (T[b].lower == "him" || T[b].lower == "her" || T[b].lower == "them" ||
           T[b].lower == "me" || T[b].lower == "us"))
        obj = TokenRange{b, b + 1};
      if (obj) b = obj->end;
    }
    b = skip_to_content(T, b, s.end);
    bool preceded_by_comma =
        src.begin > s.begin &&
        (is_comma(T[src.begin - 1]) || T[src.begin - 1].kind == Token::kQuoteClose);
    std::size_t content_words = 0;
    for (std::size_t k = b; k < s_end; ++k)
      if (T[k].is_word()) ++content_words;
    if (preceded_by_comma && content_words <= 3) {
      // CONTENT, X said (on Monday).
      std::size_t e = src.begin - 1;
      while (e > s.begin && T[e - 1].kind == Token::kPunct && T[e - 1].kind != Token::kQuoteClose)
        --e;
      std::size_t cb = trim_begin(T, s.begin, e);
      if (cb >= e) return false;
      if (!found.appositive) a.rule = "x-said";
      set_content(a, cb, e);
      add(a);
      return true;
    }
    if (content_words == 0) return false;
    if (c.needs_clause && !introduces_clause(cue_end, b, s.end)) return false;
    set_content(a, b, s_end);
    add(a);
    return true;
  }

  // CONTENT, said X.
  bool try_cue_then_source(const Sentence& s, std::size_t i, const Cue& c) {
    if (i <= s.begin || !(is_comma(T[i - 1]) || T[i - 1].kind == Token::kQuoteClose))
      return false;
    Attribution a = cue_attribution(i, c);
    std::size_t cue_end = i + c.words;
    std::size_t s_end = trim_end(T, s.begin, s.end);
    auto np = np_forward(T, cue_end, s.end);
    if (!np) return false;
    std::size_t after = np->end;
    if (after < s_end && !is_comma(T[after])) return false;
    std::size_t e = i - 1;
    while (e > s.begin && T[e - 1].kind == Token::kPunct) --e;
    std::size_t cb = trim_begin(T, s.begin, e);
    if (cb >= e) return false;
    a.source = *np;
    a.rule = "said-x";
    set_content(a, cb, e);
    add(a);
    return true;
  }

  // Whether the content starting at B, after a cue ending at CUE_END (and
  // its object), is a clause of speech: after "that" or a colon, or a
  // quotation, rather than the plain object of "conceded defeat".
  bool introduces_clause(std::size_t cue_end, std::size_t b, std::size_t end) const {
    if (b > cue_end && (T[b - 1].lower == "that" || is_punct(T[b - 1], ":"))) return true;
    if (b < end && (T[b].kind == Token::kQuoteOpen || T[b].quote >= 0)) return true;
    // A bare clause has its verb early: "claimed its forces had taken ...",
    // where "claimed victory in the first round" has none.
    for (std::size_t k = b; k < end && k < b + 6; ++k) {
      const std::string& w = T[k].lower;
      if (is_be(w) || w == "had" || w == "has" || w == "have" || w == "would" || w == "will" ||
          w == "could" || w == "can" || w == "should" || w == "must" || w == "might" ||
          w == "may" || w == "did" || w == "does")
        return true;
    }
    return false;
  }

  // A quotation inside reported speech that is no speech of its own: one
  // word (“disgraceful”) or a title in capitals (“Hamlet”, “The Art of
  // the Deal”).
  bool is_fragment(const Attribution& a) const {
    std::size_t words = 0, lower = 0;
    for (std::size_t k = a.content.begin; k < a.content.end; ++k) {
      if (!T[k].is_word()) continue;
      ++words;
      if (!T[k].cap && !is_function_word(T[k].lower)) ++lower;
    }
    return words <= 1 || (lower == 0 && words <= 8);
  }

  // Quotations still without a speaker: inside reported speech (partial
  // quotations), or continuing the quotation before them.
  void inherit_pass() {
    std::size_t n_direct = direct_region.size();
    // The other attributions (reported speech, colons) by the sentence their
    // content lies in (always one), in order: the candidates for holding a
    // partial quotation, looked up by its sentence instead of all scanned.
    std::vector<int> first_in(tt.sentences.size(), -1), next_in(out.size(), -1);
    for (std::size_t k = out.size(); k-- > n_direct;) {
      int& head = first_in[T[out[k].content.begin].sentence];
      next_in[k] = head;
      head = static_cast<int>(k);
    }
    for (std::size_t q = 0; q < n_direct; ++q) {
      Attribution& a = out[q];
      if (!a.source.empty() || a.inherits >= 0) continue;
      // Partial quotation inside a reported statement.
      for (int k = first_in[T[a.content.begin].sentence]; k >= 0; k = next_in[k]) {
        const Attribution& ind = out[k];
        if (ind.content_start <= a.content_start && a.content_end <= ind.content_end &&
            T[ind.content.begin].sentence <= T[a.content.begin].sentence) {
          if (is_fragment(a)) break;
          a.inherits = k;
          a.nested = true;
          a.rule = "partial-quote";
          // The cue nearest before the quotation inside the statement.
          for (std::size_t j = a.content.begin - 1; j > ind.content.begin; --j) {
            Cue c = cue_at(T, j, a.content.begin);
            if (c.words && !inside_quote(T[j])) {
              a.cue = {j, j + c.words};
              a.cue_text = cue_string(j, c.words);
              break;
            }
          }
          if (a.cue.empty()) {
            a.cue = ind.cue;
            a.cue_text = ind.cue_text;
          }
          break;
        }
      }
    }
    // The next direct quotation with a source after each (sources do not
    // change below), and the last attributed one before the current one:
    // the nearest ones are found without scanning a paragraph of them.
    std::vector<int> next_sourced(n_direct, -1);
    for (std::size_t q = n_direct; q-- > 1;)
      next_sourced[q - 1] = !out[q].source.empty() ? static_cast<int>(q) : next_sourced[q];
    // Reported speech with a source, by where its content ends: a quotation
    // after "Mr Bannister said house prices would rise." carries on his words.
    std::vector<std::pair<std::size_t, int>> reported;
    for (std::size_t k = n_direct; k < out.size(); ++k)
      if (!out[k].source.empty()) reported.emplace_back(out[k].content_end, static_cast<int>(k));
    std::sort(reported.begin(), reported.end());
    int last_attributed = -1;
    for (std::size_t q = 0; q < n_direct; ++q) {
      Attribution& a = out[q];
      if (q > 0 && (!out[q - 1].source.empty() || out[q - 1].inherits >= 0))
        last_attributed = static_cast<int>(q - 1);
      if (!a.source.empty() || a.inherits >= 0) continue;
      const QuoteRegion& r = tt.quotes[direct_region[q]];
      // Continuation: only quotations that are a sentence of their own.
      bool own_sentence = r.open_token == 0 || T[r.open_token].para_start ||
                          T[r.open_token].sentence != T[r.open_token - 1].sentence ||
                          is_sentence_end_punct(T[r.open_token - 1]);
      std::size_t words = 0;
      for (std::size_t k = a.content.begin; k < a.content.end; ++k)
        if (T[k].is_word()) ++words;
      if (!own_sentence || words < 4) continue;
      // The nearest attributed quotation before, at most one paragraph back,
      // else the next one in the same paragraph.
      // (Direct quotations are in text order: paragraphs do not decrease.)
      int para = T[r.open_token].para;
      int before = last_attributed;
      auto rep = std::lower_bound(reported.begin(), reported.end(),
                                  std::make_pair(a.content_start, -1));
      if (rep != reported.begin()) {
        int k = std::prev(rep)->second;
        if (before < 0 || out[k].content_end > out[before].content_end) before = k;
      }
      if (before >= 0 && para - T[out[before].content.begin].para <= 1) a.inherits = before;
      int next = next_sourced[q];
      if (a.inherits < 0 && next >= 0 && T[out[next].content.begin].para == para)
        a.inherits = next;
      if (a.inherits >= 0) a.rule = "previous-quote";
    }
  }
};

}  // namespace

// A cue in capitals ("FREEDONIA SAYS BUDGET GAP WILL NARROW") is a wire
// headline's: it sums up the story, and its words are no speech.
static bool in_capitals(const TokenizedText& tt, const Attribution& a) {
  return !a.cue.empty() && tt.tokens[a.cue.begin].all_caps;
}

std::vector<Attribution> find_rule_attributions(const TokenizedText& tt) {
  Finder f(tt);
  f.direct_pass();
  f.indirect_pass();
  f.colon_pass();
  f.inherit_pass();
  // Direct quotations nobody said are scare quotes or titles: dropped.
  // Indices in `inherits` are remapped after the drop and the sort.
  std::vector<Attribution>& all = f.out;
  // Resolve chains so that every attribution inherits straight from one
  // with a source (or from none).
  for (auto& a : all) {
    int j = a.inherits;
    int guard = 0;
    while (j >= 0 && all[j].source.empty() && all[j].inherits >= 0 && guard++ < 50)
      j = all[j].inherits;
    if (j >= 0 && all[j].source.empty()) j = -1;
    a.inherits = j;
  }
  std::vector<std::size_t> order;
  for (std::size_t k = 0; k < all.size(); ++k)
    if ((!all[k].source.empty() || all[k].inherits >= 0) && !in_capitals(tt, all[k]))
      order.push_back(k);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return all[x].content_start < all[y].content_start;
  });
  std::vector<int> keep_index(all.size(), -1);
  for (std::size_t n = 0; n < order.size(); ++n) keep_index[order[n]] = static_cast<int>(n);
  std::vector<Attribution> result;
  result.reserve(order.size());
  for (std::size_t k : order) {
    Attribution a = all[k];
    if (a.inherits >= 0) a.inherits = keep_index[a.inherits];
    result.push_back(std::move(a));
  }
  return result;
}

std::vector<Attribution> find_attributions(const TokenizedText& tt) {
  std::vector<Attribution> rules = find_rule_attributions(tt);
  const AttributionTagger* tagger = shared_attribution_tagger();
  if (!tagger) return rules;
  std::vector<float> margins;
  std::vector<std::uint8_t> tags = tagger->tag(tt, rules, &margins);
  std::vector<Attribution> model = attributions_from_tags(tt, tags, &margins, kMinCueMargin);
  // The tagger learned attribution at large, beliefs and evidence included
  // ("believes", "figures show"): only its cues of speech are kept.
  std::erase_if(model,
                [&](const Attribution& a) { return !is_speech(tt, a) || in_capitals(tt, a); });
  for (Attribution& a : model) {
    a.rule = "tagger";
    drop_leading_that(tt, a);
  }
  return merge_attributions(tt, std::move(rules), model);
}

double rule_confidence(std::string_view rule) {
  // Most precise first, as the sieve runs: a cue next to its source leaves
  // little doubt; a colon, a continued quotation or the tagger more.
  if (rule == "said-x" || rule == "x-said") return 0.95;
  if (rule == "cue-subject" || rule == "appositive") return 0.9;
  if (rule == "according-to" || rule == "partial-quote") return 0.85;
  if (rule == "previous-quote") return 0.7;
  if (rule == "colon") return 0.7;
  if (rule == "tagger") return 0.6;
  return 0.5;
}

std::size_t range_start(const TokenizedText& tt, TokenRange r) {
  return r.empty() ? 0 : tt.tokens[r.begin].start;
}
std::size_t range_end(const TokenizedText& tt, TokenRange r) {
  return r.empty() ? 0 : tt.tokens[r.end - 1].end;
}

std::string span_text(const TokenizedText& tt, std::size_t start, std::size_t end) {
  std::u32string s;
  end = std::min(end, tt.text.size());
  // The continuation marks in [start, end): top-level quotations are in
  // text order and do not overlap, so they are found by binary search, and
  // their marks come out sorted. Only those inside the span: a short span
  // of a quotation over thousands of paragraphs must not copy all of its.
  std::vector<std::size_t> cont;
  auto q = std::lower_bound(tt.quotes.begin(), tt.quotes.end(), start,
                            [](const QuoteRegion& r, std::size_t v) { return r.close < v; });
  for (; q != tt.quotes.end() && q->open < end; ++q) {
    const std::vector<std::size_t>& marks = q->continuation_marks;
    cont.insert(cont.end(), std::lower_bound(marks.begin(), marks.end(), start),
                std::lower_bound(marks.begin(), marks.end(), end));
  }
  std::size_t next_cont = 0;
  bool space = false;
  for (std::size_t i = start; i < end; ++i) {
    char32_t c = tt.text[i];
    while (next_cont < cont.size() && cont[next_cont] < i) ++next_cont;
    if (next_cont < cont.size() && cont[next_cont] == i) continue;
    if (c == U'\n' || c == U'\r' || c == U'\t') {
      space = true;
      continue;
    }
    if (space) {
      if (!s.empty() && s.back() != U' ') s.push_back(U' ');
      space = false;
    }
    s.push_back(c);
  }
  return encode_utf8(s);
}

}  // namespace whosaid
