// Language setup and text normalisation shared by indexer and searcher.
#include "core/analysis.h"

#include <fmt/format.h>

#include "core/error.h"

namespace whosaid {

std::string available_languages() { return Xapian::Stem::get_available_languages(); }

Analysis make_analysis(const std::string& language) {
  Analysis a;
  try {
    a.stemmer = Xapian::Stem(language);
  } catch (const Xapian::InvalidArgumentError&) {
    throw UsageError(fmt::format("unknown language '{}' (available: none {})", language,
                                 available_languages()));
  }
  // "Xapian::Stem(english)" -> "english", so aliases such as "en" find the
  // same stopword list as the full name.
  std::string desc = a.stemmer.get_description();
  auto open = desc.find('(');
  auto close = desc.rfind(')');
  a.language = (open != std::string::npos && close != std::string::npos && close > open)
                   ? desc.substr(open + 1, close - open - 1)
                   : language;
  if (language == "none") a.language = "none";
  for (const auto& list : detail::kEmbeddedStopwords) {
    if (a.language != list.language) continue;
    a.stopper = std::make_shared<Xapian::SimpleStopper>();
    for (const char* w : list.words) a.stopper->add(w);
  }
  return a;
}

void configure(Xapian::TermGenerator& tg, const Analysis& a) {
  tg.set_stemmer(a.stemmer);
  if (a.stopper) {
    tg.set_stopper(a.stopper.get());
    // Stopwords keep their unstemmed term (and position) so that phrases
    // such as "spirit of Anchorage" still match; only the stemmed form,
    // which would bloat the index for no ranking benefit, is dropped.
    tg.set_stopper_strategy(Xapian::TermGenerator::STOP_STEMMED);
  }
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
}

void configure(Xapian::QueryParser& qp, const Analysis& a) {
  qp.set_stemmer(a.stemmer);
  if (a.stopper) qp.set_stopper(a.stopper.get());
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
}

namespace {

// What normalise_text does with one code point: 0 = drop, else the
// replacement (which may be the code point itself).
unsigned normalised(unsigned ch) {
  switch (ch) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC:
      return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
      return '"';
    case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
      return ' ';
    case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF: case 0x00AD:
      return 0;
    case '\n': case '\t':
      return ch;
    default:
      break;
  }
  if (ch >= 0x2000 && ch <= 0x200A) return ' ';
  if (ch < 0x20 || ch == 0x7F || (ch >= 0x80 && ch < 0xA0)) return 0;
  return ch;
}

}  // namespace

std::string normalise_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) {
    unsigned ch = normalised(*it);
    if (ch == 0) continue;
    if (ch < 0x80)
      out += static_cast<char>(ch);
    else
      Xapian::Unicode::append_utf8(out, ch);
  }
  return out;
}

std::string fold_value(std::string_view value) {
  std::string norm = normalise_text(value);
  std::string out;
  out.reserve(norm.size());
  bool pending_space = false;
  for (Xapian::Utf8Iterator it(norm); it != Xapian::Utf8Iterator(); ++it) {
    unsigned ch = *it;
    if (Xapian::Unicode::is_whitespace(ch)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(ch));
  }
  return out;
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0, n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; continue; }
    std::size_t len;
    unsigned cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and out-of-range code points.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return false;
    i += len;
  }
  return true;
}

std::string repair_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { out += static_cast<char>(c); ++i; continue; }
    std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len && i + len <= s.size() && is_valid_utf8(s.substr(i, len))) {
      out.append(s.substr(i, len));
      i += len;
      continue;
    }
    unsigned cp = (c >= 0x80 && c < 0xA0) ? kCp1252High[c - 0x80] : c;
    if (cp == 0) cp = 0xFFFD;
    Xapian::Unicode::append_utf8(out, cp);
    ++i;
  }
  return out;
}

std::string hash_hex(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

}  // namespace whosaid
