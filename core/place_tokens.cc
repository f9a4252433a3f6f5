// The tokenizer and fold shared by place names and text. See place_tokens.h.
#include "core/place_tokens.h"

#include <xapian.h>

namespace whosaid {
namespace {

// Decodes one UTF-8 sequence at S[I]; returns the code point and advances I.
// An invalid byte decodes as U+FFFD and advances by one.
char32_t decode(std::string_view s, std::size_t& i) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) { ++i; return b; }
  int len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
  if (len == 0 || i + len > s.size() || (len == 4 && b > 0xF4)) { ++i; return 0xFFFD; }
  char32_t cp = b & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) { ++i; return 0xFFFD; }
    cp = (cp << 6) | (c & 0x3F);
  }
  i += len;
  return cp;
}

using Xapian::Unicode::append_utf8;

// ASCII base letters of U+00C0..U+017F ('*' = not a letter, '1' = "ae",
// '2' = "th", '3' = "ss", '4' = "ij", '5' = "oe").
constexpr std::string_view kLatinFold =
    "aaaaaa1ceeeeiiiidnooooo*ouuuuy23aaaaaa1ceeeeiiiidnooooo*ouuuuy2y"   // C0-FF
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii44jjkkklllllll"   // 100-13F
    "lllnnnnnnnnnoooooo55rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";  // 140-17F
static_assert(kLatinFold.size() == 0x180 - 0xC0);

struct CharInfo {
  bool letter = false, upper = false;
};

// Case from Xapian's Unicode tables, as the extraction tokenizer
// (indexer/extract/text/tokens.cc) has it: one definition of upper case.
bool upper_case(char32_t cp) {
  const auto cat = Xapian::Unicode::get_category(static_cast<unsigned>(cp));
  return cat == Xapian::Unicode::UPPERCASE_LETTER || cat == Xapian::Unicode::TITLECASE_LETTER;
}

// Classifies CP and appends its folded form to OUT (letters and digits).
CharInfo fold_char(char32_t cp, std::string& out) {
  CharInfo ci;
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') {
      ci = {true, true};
      out += static_cast<char>(cp + 32);
    } else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      ci.letter = true;
      out += static_cast<char>(cp);
    }
    return ci;
  }
  if (cp >= 0xC0 && cp <= 0x17F) {
    char f = kLatinFold[cp - 0xC0];
    if (f == '*') return ci;
    ci.letter = true;
    ci.upper = upper_case(cp);
    switch (f) {
      case '1': out += "ae"; break;
      case '2': out += "th"; break;
      case '3': out += "ss"; break;
      case '4': out += "ij"; break;
      case '5': out += "oe"; break;
      default: out += f;
    }
    return ci;
  }
  if (cp >= 0x218 && cp <= 0x21B) {  // Romanian comma-below S and T
    ci = {true, cp % 2 == 0};
    out += cp < 0x21A ? 's' : 't';
    return ci;
  }
  // Greek and Cyrillic: Xapian's simple case mapping.
  if ((cp >= 0x370 && cp <= 0x3FF) || (cp >= 0x400 && cp <= 0x52F)) {
    append_utf8(out, static_cast<unsigned>(Xapian::Unicode::tolower(static_cast<unsigned>(cp))));
    return {true, upper_case(cp)};
  }
  // Other scripts' letters (CJK, Arabic, ...): kept as they are, caseless.
  bool space_or_punct = (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
                        cp == 0xA0 || cp == 0xFEFF || cp == 0xFFFD || (cp >= 0x80 && cp < 0xC0);
  if (space_or_punct) return ci;
  append_utf8(out, cp);
  ci.letter = true;
  return ci;
}

bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000 || cp == 0xFEFF;
}

char punct_of(char32_t cp) {
  if (cp < 0x80) return static_cast<char>(cp);
  switch (cp) {
    case 0x2018: case 0x2019: case 0x02BC: return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0xAB: case 0xBB: return '"';
    case 0x2010: case 0x2011: return '-';
    case 0x2013: case 0x2014: return '~';  // dashes between phrases, not in names
    default: return '?';
  }
}

}  // namespace

void tokenize(std::string_view s, std::vector<PlaceToken>& tokens, std::string& folded) {
  tokens.clear();
  folded.clear();
  std::size_t i = 0, cp = 0;
  int newlines = 0;
  PlaceToken* word = nullptr;  // the word being extended
  while (i < s.size()) {
    std::size_t b = i;
    char32_t c = decode(s, i);
    if (is_space(c)) {
      if (c == '\n') ++newlines;
      word = nullptr;
      ++cp;
      continue;
    }
    std::size_t fold_before = folded.size();
    CharInfo ci = fold_char(c, folded);
    if (ci.letter) {
      if (!word) {
        PlaceToken t;
        t.byte_start = b;
        t.cp_start = cp;
        t.fold_start = static_cast<std::uint32_t>(fold_before);
        t.word = true;
        t.upper_initial = ci.upper;
        t.newlines_before = newlines;
        newlines = 0;
        tokens.push_back(t);
        word = &tokens.back();
      }
      word->byte_end = i;
      word->cp_end = cp + 1;
      word->fold_len = static_cast<std::uint32_t>(folded.size() - word->fold_start);
      bool digit = c >= '0' && c <= '9';
      if (!digit) word->has_letter = true;
      if (!ci.upper && !digit && c != 0xDF) word->has_lower = word->has_lower || ci.letter;
    } else {
      folded.resize(fold_before);
      word = nullptr;
      PlaceToken t;
      t.byte_start = b;
      t.byte_end = i;
      t.cp_start = cp;
      t.cp_end = cp + 1;
      t.fold_start = static_cast<std::uint32_t>(folded.size());
      t.punct = punct_of(c);
      folded += t.punct;
      t.fold_len = 1;
      t.newlines_before = newlines;
      newlines = 0;
      tokens.push_back(t);
    }
    ++cp;
  }
}

std::string name_key(std::string_view name) {
  std::vector<PlaceToken> tokens;
  std::string folded;
  tokenize(name, tokens, folded);
  std::string key;
  for (const PlaceToken& t : tokens) {
    if (!key.empty()) key += ' ';
    key.append(folded, t.fold_start, t.fold_len);
  }
  return key;
}

}  // namespace whosaid
