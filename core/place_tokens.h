// Names and text cut and folded the same way, for the gazetteer's keys
// (indexer/extract/lexicon/gazetteer.h) and for queries naming places (searcher/place_names.h)
// to meet: lower case, Latin diacritics removed (Kraków -> krakow, ß -> ss).
// In core/ so the searcher folds names as the indexer does without linking
// the indexer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace whosaid {

// A token of text: a run of letters/digits (word) or one punctuation mark.
// Whitespace is not a token. Offsets: bytes into the text and code points.
struct PlaceToken {
  std::size_t byte_start = 0, byte_end = 0;
  std::size_t cp_start = 0, cp_end = 0;
  std::uint32_t fold_start = 0, fold_len = 0;  // folded form in the buffer
  bool word = false;
  bool upper_initial = false;  // word starting with an upper-case letter
  bool has_lower = false;      // word with a lower-case letter
  bool has_letter = false;
  int newlines_before = 0;     // line breaks in the whitespace before it
  char punct = 0;              // for punctuation: '.', ',', '-', '\'', '(', ...;
                               // non-ASCII marks map to ASCII ('’' -> '\''),
                               // '"' for every double quote, '?' for others
};

// Cuts UTF8 into tokens (appended to TOKENS, cleared first) and writes their
// folded forms into FOLDED (cleared first): lower case, Latin diacritics
// removed (Kraków -> krakow, ß -> ss). Invalid UTF-8 bytes are treated as
// punctuation. Linear; reuses the capacity of both buffers.
void tokenize(std::string_view utf8, std::vector<PlaceToken>& tokens, std::string& folded);

// The key of NAME: its folded tokens joined by single spaces ("U.S." ->
// "u . s ."), the form Gazetteer::find() expects.
std::string name_key(std::string_view name);

}  // namespace whosaid
