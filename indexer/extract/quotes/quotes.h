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

}  // namespace whosaid
