// Snippet selection through MSet::snippet() and parsing of its output.
#include "searcher/snippet.h"

#include <algorithm>
#include <array>
#include <limits>
#include <unordered_map>

#include "core/analysis.h"

namespace whosaid {
namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Removes the marker code points from TEXT so that only MSet::snippet()
// puts them in.
std::string without_markers(std::string text) {
  for (std::string_view mark : {kMarkStart, kMarkEnd}) {
    for (std::size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at))
      text.erase(at, mark.size());
  }
  return text;
}

// No query word in TEXT (the match was in the title or a field): its
// first LENGTH bytes or so, cut after a word, escaped as MSet::snippet()
// escapes.
std::string leading_text(std::string_view text, std::size_t length) {
  std::size_t cut = text.size();
  if (cut > length) {
    cut = text.find_first_of(" \n\t", length);
    if (cut == std::string_view::npos) cut = text.size();
  }
  std::string out;
  for (char c : text.substr(0, cut)) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  if (cut < text.size()) out += kOmit;
  return out;
}

}  // namespace

std::size_t count_code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if (!is_continuation(c)) ++n;
  return n;
}

Snippet parse_marked_snippet(std::string_view in) {
  static constexpr std::array<std::pair<std::string_view, char>, 6> kEntities = {
      {{"&amp;", '&'},
       {"&lt;", '<'},
       {"&gt;", '>'},
       {"&quot;", '"'},
       {"&#39;", '\''},
       {"&apos;", '\''}}};
  Snippet out;
  std::size_t cp = 0;  // code points in out.text
  std::size_t open = 0;
  bool in_mark = false;
  bool pending_space = false;
  auto emit = [&](char c) {
    if (pending_space && !out.text.empty()) {
      out.text += ' ';
      ++cp;
      // A space just after the start marker is not part of the highlight.
      if (in_mark && open == cp - 1) open = cp;
    }
    pending_space = false;
    out.text += c;
    if (!is_continuation(c)) ++cp;
  };
  std::size_t i = 0;
  while (i < in.size()) {
    std::string_view rest = in.substr(i);
    if (rest.starts_with(kMarkStart)) {
      // A space before the highlight belongs before it, not inside it.
      if (pending_space && !out.text.empty()) {
        out.text += ' ';
        ++cp;
      }
      pending_space = false;
      in_mark = true;
      open = cp;
      i += kMarkStart.size();
      continue;
    }
    if (rest.starts_with(kMarkEnd)) {
      if (in_mark && cp > open) out.highlights.emplace_back(open, cp);
      in_mark = false;
      i += kMarkEnd.size();
      continue;
    }
    char c = in[i];
    if (is_space(c)) {
      pending_space = true;
      ++i;
      continue;
    }
    if (c == '&') {
      bool done = false;
      for (const auto& [entity, ch] : kEntities) {
        if (rest.starts_with(entity)) {
          emit(ch);
          i += entity.size();
          done = true;
          break;
        }
      }
      if (done) continue;
    }
    emit(c);
    ++i;
  }
  if (in_mark && cp > open) out.highlights.emplace_back(open, cp);

  // Merge highlights separated only by spaces: "general election" as one.
  std::vector<Highlight> merged;
  std::size_t byte = 0, at_cp = 0;  // walk the text once, in step with cp offsets
  auto only_spaces = [&](std::size_t from, std::size_t to) {
    // Advance to code point FROM, then check up to TO.
    while (at_cp < from && byte < out.text.size()) {
      ++byte;
      while (byte < out.text.size() && is_continuation(out.text[byte])) ++byte;
      ++at_cp;
    }
    std::size_t b = byte, c = at_cp;
    while (c < to && b < out.text.size()) {
      if (out.text[b] != ' ') return false;
      ++b;
      ++c;
    }
    return true;
  };
  for (const Highlight& h : out.highlights) {
    if (!merged.empty() && only_spaces(merged.back().second, h.first))
      merged.back().second = h.second;
    else
      merged.push_back(h);
  }
  out.highlights = std::move(merged);
  return out;
}

Snippet make_snippet(const Xapian::MSet& mset, std::string_view text, const Xapian::Stem& stemmer,
                     std::size_t length) {
  return Snipper(mset, stemmer)(text, length);
}

// The stemmer given to MSet::snippet(). MSet::snippet() stems every word
// it reads, only to look "Z" + the stem up among the query's terms, so a
// word whose stem cannot be one of them need not be stemmed: what we
// return for it only has to be no query stem either. Stems are remembered
// for the other hits.
class Snipper::CachingStem : public Xapian::StemImplementation {
 public:
  explicit CachingStem(const Xapian::Stem& stemmer) : stemmer_(stemmer) {
    shortest_.fill(kNone);
  }

  // Snowball's English stemmer (Porter2) changes only the end of a word
  // and never lengthens it: a stem starts with the word's first byte and
  // is no longer than the word. So a word can stem to a query stem only if
  // one starts with its first byte and is no longer than the word.
  // snippet_test.cc checks this on every word of the sample corpus.
  void set_query_terms(const std::vector<Xapian::Query>& queries) {
    if (stemmer_.get_description() != "Xapian::Stem(english)") return;
    filter_ = true;
    for (const Xapian::Query& query : queries) {
      for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
        const std::string term = *t;
        if (term.size() < 2 || term[0] != 'Z') continue;
        std::size_t& shortest = shortest_[static_cast<unsigned char>(term[1])];
        shortest = std::min(shortest, term.size() - 1);
      }
    }
  }

  std::string operator()(const std::string& word) override {
    // No query stem starts with the word's first byte, or those that do
    // are longer than the word: its stem is none of them, and "Z" + the
    // word is no query term either.
    if (word.empty() || (filter_ && word.size() < shortest_[static_cast<unsigned char>(word[0])]))
      return word;
    auto [it, added] = stems_.try_emplace(word);
    if (added) it->second = stemmer_(word);
    return it->second;
  }

  std::string get_description() const override {
    return "whosaid::Snipper::CachingStem(" + stemmer_.get_description() + ")";
  }

 private:
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  Xapian::Stem stemmer_;
  std::unordered_map<std::string, std::string> stems_;
  bool filter_ = false;
  // By first byte: the length of the shortest query stem starting with it.
  std::array<std::size_t, 256> shortest_;
};

namespace {

// True for the ASCII bytes normalise_text() keeps as they are: printable
// ones, newline and tab. It drops the other ASCII control characters.
bool kept_ascii(unsigned char c) { return (c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t'; }

}  // namespace

std::string snippet_text(std::string_view text) {
  // Faster than normalise_text() on the whole: runs of ASCII are copied
  // and only the other code points, as Xapian's Utf8Iterator reads them,
  // go through normalise_text() one at a time (it maps each code point on
  // its own).
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  bool non_ascii = false;
  while (i < text.size()) {
    std::size_t run = i;
    while (i < text.size() && kept_ascii(static_cast<unsigned char>(text[i]))) ++i;
    out.append(text.substr(run, i - run));
    if (i == text.size()) break;
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;  // a control character: dropped
      continue;
    }
    non_ascii = true;
    Xapian::Utf8Iterator it(text.data() + i, text.size() - i);
    ++it;
    std::size_t len = static_cast<std::size_t>(it.raw() - (text.data() + i));
    out += normalise_text(text.substr(i, len));
    i += len;
  }
  return non_ascii ? without_markers(std::move(out)) : out;  // markers are not ASCII
}

Snipper::Snipper(const Xapian::MSet& mset, const Xapian::Stem& stemmer,
                 const std::vector<Xapian::Query>& queries)
    : mset_(mset), cache_(new CachingStem(stemmer)), stem_(cache_) {
  if (!queries.empty()) cache_->set_query_terms(queries);
}

Snipper::~Snipper() = default;

Snippet Snipper::operator()(std::string_view text, std::size_t length) {
  std::string clean = snippet_text(text);
  std::string marked =
      // Neither SNIPPET_BACKGROUND_MODEL (a term frequency lookup per word
      // of the text) nor SNIPPET_EXHAUSTIVE: together they made snippets 10x
      // slower than the search itself, for passages that read no better.
      mset_.snippet(clean, length, stem_, Xapian::MSet::SNIPPET_EMPTY_WITHOUT_MATCH,
                    std::string(kMarkStart), std::string(kMarkEnd), std::string(kOmit));
  if (marked.empty()) marked = leading_text(clean, length);
  return parse_marked_snippet(marked);
}

std::string render_snippet(const Snippet& snippet, std::string_view on, std::string_view off) {
  if (on.empty() && off.empty()) return snippet.text;
  std::string out;
  out.reserve(snippet.text.size() + snippet.highlights.size() * (on.size() + off.size()));
  std::size_t cp = 0;
  auto h = snippet.highlights.begin();
  bool inside = false;
  for (std::size_t b = 0; b <= snippet.text.size(); ++b) {
    bool boundary = b == snippet.text.size() || !is_continuation(snippet.text[b]);
    if (boundary) {
      if (inside && h != snippet.highlights.end() && cp == h->second) {
        out += off;
        inside = false;
        ++h;
      }
      if (!inside && h != snippet.highlights.end() && cp == h->first) {
        out += on;
        inside = true;
      }
      ++cp;
    }
    if (b < snippet.text.size()) out += snippet.text[b];
  }
  if (inside) out += off;
  return out;
}

}  // namespace whosaid
