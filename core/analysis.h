// Text analysis shared by the indexer and the searcher: language (stemmer +
// stopword list), text normalisation and value folding. Setting up a
// TermGenerator or a QueryParser goes through configure() so that both sides
// always agree on stemming and stopping.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace whosaid {

inline constexpr const char* kDefaultLanguage = "english";

// A language's stemmer and stopword list.
struct Analysis {
  std::string language;  // a Xapian stemmer name, e.g. "english"
  Xapian::Stem stemmer;
  // Null when no list exists for the language. Shared so that copies of an
  // Analysis keep it alive: TermGenerator and QueryParser hold a raw pointer,
  // so the Analysis must outlive them.
  std::shared_ptr<Xapian::SimpleStopper> stopper;
};

// Builds the analysis for LANGUAGE (any name Xapian::Stem accepts, or
// "none" for no stemming). Throws UsageError for an unknown language,
// naming the ones available.
Analysis make_analysis(const std::string& language);

// Languages Xapian can stem, space separated (for --help and errors).
std::string available_languages();

// Configure TG / QP with the stemmer, the stopper and the stemming
// strategy. The same function is used at index and at query time.
void configure(Xapian::TermGenerator& tg, const Analysis& analysis);
void configure(Xapian::QueryParser& qp, const Analysis& analysis);

// Normalises text before indexing or snippeting: curly apostrophes and quotes
// to straight ones, non-breaking and other Unicode spaces to ' ', and removes
// control characters other than '\n' and '\t'. Input must be valid UTF-8.
// Code-point offsets are not preserved where characters are removed.
std::string normalise_text(std::string_view text);

// Folds a field value for exact matching: normalise_text, Unicode lowercase,
// runs of whitespace collapsed to one space, trimmed.
std::string fold_value(std::string_view value);

// True if S is valid UTF-8.
bool is_valid_utf8(std::string_view s);

// Windows-1252's characters for the bytes 0x80-0x9F (0 where it has none),
// which Latin-1 leaves to C1 controls.
inline constexpr char32_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// Repairs text that is not valid UTF-8 by reading each invalid byte as
// Latin-1 (Windows-1252 for 0x80-0x9F): what most mis-encoded news is.
std::string repair_utf8(std::string_view s);

// A stable 64-bit hash of S as 16 hex digits (FNV-1a; not for security).
std::string hash_hex(std::string_view s);

namespace detail {
struct EmbeddedStopwords {
  const char* language;
  std::vector<const char*> words;
};
extern const std::vector<EmbeddedStopwords> kEmbeddedStopwords;
}  // namespace detail

}  // namespace whosaid
