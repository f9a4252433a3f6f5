// The text model quote and speaker extraction work on: the article text as
// Unicode code points, cut into word and punctuation tokens with code-point
// spans, paragraphs (every newline ends one) and sentences, and the
// top-level quotations found by matching quotation marks of every common
// style (“curly”, "straight", ‘single’, «guillemets», „low-high“), including
// quotations that run over several paragraphs. One linear pass each; no
// regular expressions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace whosaid {

struct Token {
  enum Kind : std::uint8_t { kWord, kNumber, kPunct, kQuoteOpen, kQuoteClose };
  std::size_t start = 0, end = 0;  // code-point span in the text
  std::string text;                // as written (UTF-8)
  std::string lower;               // lowercased (ASCII, Latin-1, Cyrillic, Greek)
  Kind kind = kPunct;
  bool cap = false;          // first letter uppercase
  bool all_caps = false;     // every letter uppercase (and at least two)
  bool para_start = false;   // first token of its paragraph
  int quote = -1;            // top-level quotation this token is inside (marks excluded)
  int para = 0;              // paragraph index
  int sentence = 0;          // sentence index
  bool is_word() const { return kind == kWord || kind == kNumber; }
};

// A top-level quotation: from its opening mark to its closing mark. A
// quotation that runs over paragraphs has a continuation opening mark at
// the start of each further paragraph.
struct QuoteRegion {
  std::size_t open = 0;    // code point of the opening mark
  std::size_t close = 0;   // code point of the closing mark
  std::size_t open_token = 0, close_token = 0;  // token indices of the marks
  std::vector<std::size_t> continuation_marks;  // code points
  bool multi_paragraph() const { return !continuation_marks.empty(); }
};

// The most tokens a sentence holds: a longer one is cut (after a comma,
// semicolon, colon or dash when its second half has one). News sentences
// stay below it (of the 78,508 sentences of the BBC and PolNeAR texts in
// ../shared/data, the longest has 242 tokens, words and punctuation, and
// two have over 200); it bounds the work of extraction, and the length of
// what it finds, on text without full stops.
inline constexpr std::size_t kMaxSentenceTokens = 320;

struct Sentence {
  std::size_t begin = 0, end = 0;  // token indices [begin, end)
};

struct TokenizedText {
  std::u32string text;
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  std::vector<QuoteRegion> quotes;
};

// Tokenizes UTF8 (invalid bytes become U+FFFD, one code point each).
TokenizedText tokenize(std::string_view utf8);

// Character helpers shared by the extraction files.
std::u32string decode_utf8(std::string_view s);
std::string encode_utf8(std::u32string_view s);
bool is_letter(char32_t c);
bool is_upper(char32_t c);
char32_t to_lower(char32_t c);
bool is_space(char32_t c);
// Lowercases S (UTF-8) with to_lower.
std::string lower_utf8(std::string_view s);

}  // namespace whosaid
