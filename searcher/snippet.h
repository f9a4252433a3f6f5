// Snippets: the passage of a hit's text that best matches the query, with
// the matching words marked. MSet::snippet() does the selection; this file
// turns its output (HTML-escaped, with our marker strings) into plain text
// plus highlight ranges in code points, which the output formats render as
// JSON ranges, ANSI bold or nothing.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace whosaid {

// A highlight: [first, second) in code points of Snippet::text.
using Highlight = std::pair<std::size_t, std::size_t>;

struct Snippet {
  std::string text;                   // one line: runs of whitespace collapsed to one space
  std::vector<Highlight> highlights;  // sorted, disjoint
};

// The markers given to MSet::snippet(): private-use code points, which
// make_snippet() removes from the text first so they cannot clash.
inline constexpr std::string_view kMarkStart = "\xee\x80\x80";  // U+E000
inline constexpr std::string_view kMarkEnd = "\xee\x80\x81";    // U+E001
// Marks text left out before or after the snippet.
inline constexpr std::string_view kOmit = "\xe2\x80\xa6";  // U+2026 "…"

// Parses MARKED (MSet::snippet() output made with kMarkStart/kMarkEnd):
// unescapes &amp; &lt; &gt; &quot; &#39;, collapses whitespace, drops the
// markers and records what they enclosed. Highlights separated only by
// spaces are merged, so a phrase is highlighted as a whole.
Snippet parse_marked_snippet(std::string_view marked);

// The text MSet::snippet() is given for TEXT: normalise_text(TEXT) (as the
// indexer normalises text) without the marker code points.
std::string snippet_text(std::string_view text);

// The snippet of TEXT (about LENGTH bytes) for a hit of MSET: TEXT is
// normalised as the indexer normalises it, and STEMMER must be the one the
// query was parsed with, so that stemmed query terms are found.
Snippet make_snippet(const Xapian::MSet& mset, std::string_view text, const Xapian::Stem& stemmer,
                     std::size_t length);

// make_snippet() for the hits of one search, with the same result but
// cheaper per hit: MSet::snippet() stems every word it reads, and the
// Snipper's stemmer remembers stems across hits and, knowing the query's
// terms, skips words that cannot stem to one of them.
class Snipper {
 public:
  // MSET must outlive the Snipper. QUERIES, if given, hold every term of
  // the query MSET was made with (more do no harm): with the English
  // stemmer, words whose stem cannot be one of those terms are then not
  // stemmed.
  Snipper(const Xapian::MSet& mset, const Xapian::Stem& stemmer,
          const std::vector<Xapian::Query>& queries = {});
  ~Snipper();
  Snipper(const Snipper&) = delete;
  Snipper& operator=(const Snipper&) = delete;

  Snippet operator()(std::string_view text, std::size_t length);

 private:
  class CachingStem;
  const Xapian::MSet& mset_;
  CachingStem* cache_;  // owned by stem_
  Xapian::Stem stem_;
};

// SNIPPET's text with highlights between ON and OFF (e.g. ANSI bold codes);
// with empty ON and OFF, the plain text.
std::string render_snippet(const Snippet& snippet, std::string_view on, std::string_view off);

// Code points in the UTF-8 string S.
std::size_t count_code_points(std::string_view s);

}  // namespace whosaid
