// Finding quotations and reported speech: direct quotations (any quotation
// mark style, several paragraphs, partial quotations inside a sentence) and
// indirect speech introduced by a cue ("X said (that) ...", "..., X said.",
// "..., said X.", "according to X, ...", "X told reporters ..."). Each
// attribution keeps the spans of its content, cue and source noun phrase
// as written ("US Secretary of State Marco Rubio"); speakers/speakers.h
// turns source phrases into speakers. Rules, one pass per sentence, then
// the trained tagger of attribution_tagger.h adds what they miss.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/extract/text/tokens.h"

namespace whosaid {

// A token range [begin, end); empty when begin == end.
struct TokenRange {
  std::size_t begin = 0, end = 0;
  bool empty() const { return begin >= end; }
};

struct Attribution {
  bool direct = false;
  TokenRange content;    // for a direct quotation: inside the marks
  std::size_t content_start = 0, content_end = 0;  // code points, end exclusive
  TokenRange cue;        // empty for a quotation continuing an earlier one
  std::string cue_text;  // lowercased cue as written: "said", "according to"
  TokenRange source;     // the source noun phrase, empty if none was found
  // The source as written when it is longer than SOURCE: the whole
  // appositive of "Paul Dent, an economist at Capital Economics, said",
  // whose SOURCE is the person "Paul Dent"; empty otherwise.
  TokenRange phrase;
  // The organisation an appositive names ("Capital Economics"); may be empty.
  TokenRange organization;
  // The sieve rule that found the source, most precise first: "said-x"
  // ("..., said X"), "x-said" ("..., X said"), "cue-subject" ("X said
  // that ..."), "appositive", "according-to", "colon" ("X: ..."),
  // "partial-quote" (inside X's reported statement), "previous-quote" (a
  // quotation continued), "tagger" (the trained tagger of
  // attribution_tagger.h).
  std::string rule;
  // For a relative "who" source: the noun phrase it refers to.
  TokenRange antecedent;
  // Index of an earlier attribution whose speaker this one shares
  // (continued quotations, ", adding that ..."); -1 if none.
  int inherits = -1;
  // A direct quotation inside the content of an indirect one (the partial
  // quotation of "X invoked the “spirit of Anchorage”").
  bool nested = false;
};

// Finds the attributions of TT in text order (by content start): those of
// the rules (find_rule_attributions) plus those the trained tagger of
// attribution_tagger.h adds, when its model is present. Thread-safe.
// Throws Error when the model named by $WHOSAID_ATTRIBUTION_MODEL cannot
// be read or is malformed.
std::vector<Attribution> find_attributions(const TokenizedText& tt);

// The attributions the rules alone find, in text order. Pure function of
// its input; thread-safe.
std::vector<Attribution> find_rule_attributions(const TokenizedText& tt);

// The code-point span [start, end) of the tokens of R in TT.
std::size_t range_start(const TokenizedText& tt, TokenRange r);
std::size_t range_end(const TokenizedText& tt, TokenRange r);

// The text of the code points [start, end) of TT with quotation
// continuation marks removed and line breaks turned into spaces.
std::string span_text(const TokenizedText& tt, std::size_t start, std::size_t end);

// How often the source RULE of an Attribution names the right speaker
// (0..1), before resolution: a pronoun or a role may lower it further.
double rule_confidence(std::string_view rule);

}  // namespace whosaid
