// The plain-text article reader: one article per file, as in the BBC corpus
// and the seed article. Layout understood:
//   an optional header block of "Key: value" lines (Date, Source, URL, Id,
//   Title; keys in any case) ended by a blank line;
//   then the title (the first non-empty line, unless a Title header gave it);
//   then the body: every other non-empty line is a paragraph, whether lines
//   are separated by blank lines (BBC) or by single newlines (the seed).
// Boilerplate lines ("featured-image", "Advertisement", ...) are dropped.
#pragma once

#include <cstddef>
#include <filesystem>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "indexer/input_issue.h"

namespace whosaid {

// Larger files are not articles (and would cost memory): skipped, after
// reading no more than this much of them. (The same limit as a JSON line's,
// kMaxJsonlLineBytes.)
inline constexpr std::size_t kMaxTextFileBytes = 16u << 20;

struct TextArticle {
  Article article;
  std::string raw_hash;  // hash_hex of the file's bytes (read_text_file only)
  // Things worth a warning that did not stop the article from being indexed:
  // a Latin-1 repair (kRepaired), an unreadable Date header (kNote).
  std::vector<InputIssue> notes;
};

// Parses BYTES, the whole content of a text article; WHERE names it in notes
// and becomes Article::origin and Article::path. Sets title, body, text (the
// whole content as valid UTF-8, byte-order mark removed), and the header
// fields given (id, date, source, url). Invalid UTF-8 is repaired by reading
// the bad bytes as Latin-1/Windows-1252, with a kRepaired note.
// Throws BadInput for an empty file ("empty"), a binary file ("binary") or
// one without a title ("no title").
TextArticle parse_text_article(std::string_view bytes, const std::string& where);

// The rest of IN, at most kMaxTextFileBytes: throws BadInput("too large")
// past that, without holding more, and BadInput("unreadable") on a read error.
std::string read_article_bytes(std::istream& in);

// Reads the file at PATH and parses it with parse_text_article. Throws
// BadInput when the file cannot be read ("unreadable") or is larger than
// kMaxTextFileBytes ("too large").
TextArticle read_text_file(const std::filesystem::path& path, const std::string& where);

// True for a line that is page furniture rather than article text: whitespace
// only, or one of a small list ("featured-image", "Advertisement", "Share this
// article", "Image caption ...", ...). LINE may carry surrounding spaces.
bool is_boilerplate_line(std::string_view line);

// LINE without leading and trailing white space, Unicode spaces (no-break,
// zero-width, byte-order mark) included.
std::string_view trim_space(std::string_view line);

}  // namespace whosaid
