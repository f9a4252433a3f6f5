// The Article: what readers produce, extraction enriches and the document
// builder turns into Xapian documents; and the stored document data (JSON)
// that the searcher reads back. Data flows one way:
// file -> Article -> entities -> Document -> database.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace whosaid {

// A place mention found in the text (issue 3) or given by the input.
struct PlaceMention {
  std::string name;     // canonical display name, e.g. "Kyiv"
  std::string country;  // ISO 3166-1 alpha-2, e.g. "UA"; "" if unknown
  std::size_t start = 0, end = 0;  // code-point span in the input text
};

// Who said a quote.
struct SpeakerMention {
  std::string name;       // the mention as written: "Rubio", "he", "the Kremlin"
  std::string canonical;  // resolved name: "Marco Rubio"; "" if unresolved
  std::string kind;       // "person", "organization" or "unnamed"
  std::string role;       // "US Secretary of State"; may be empty
  std::size_t start = 0, end = 0;  // code-point span of the mention
  // How sure extraction is that CANONICAL said it (0..1), and the rule that
  // decided ("said-X", "cue-subject", "appositive", "previous-quote", ...).
  double confidence = 0;
  std::string rule;
  // The organisation a person speaks for, when the text says so ("Anais
  // Faraj, of Nomura"); may be empty.
  std::string organization;
};

// A named entity found in the text: TYPE is "PER", "ORG", "LOC" or "MISC".
struct EntityMention {
  std::string type;
  std::string text;                // as written
  std::size_t start = 0, end = 0;  // code-point span in the input text
};

// A direct or reported quotation.
struct Quote {
  std::string text;
  std::size_t start = 0, end = 0;  // code-point span of the quoted content
  std::string kind;                // "direct" or "indirect"
  std::string cue;                 // "said", "warned", "according to", ...
  SpeakerMention speaker;
};

struct Article {
  std::string id;      // stable id: given, else from the path, else a content hash
  std::string title;
  std::string body;    // paragraphs separated by "\n\n"
  // The input text that extraction spans refer to: the whole file (UTF-8,
  // repaired if needed) for a plain-text article, the body for JSON Lines.
  std::string text;
  // Bytes at the start of `text` that are a "Key: value" header block
  // (Date:, Source:, ...): metadata, not prose, so extraction skips them.
  std::size_t header_bytes = 0;
  std::string date;    // "YYYY-MM-DD", or "" when unknown
  std::string source;  // publisher, e.g. "Reuters"
  std::string url;
  std::string path;    // file the article came from ("-" for stdin); may be empty
  std::string origin;  // "file:line" for messages
  std::vector<std::string> speakers;  // canonical names (from input or extraction)
  // The kind of speakers[i] when the input says ("person" or
  // "organization"); shorter than speakers, or "", where it does not
  // (speaker_kind() decides then).
  std::vector<std::string> speaker_kinds;
  std::vector<std::string> places;    // canonical place names
  std::vector<std::string> countries; // ISO codes of the places, when known
  std::vector<Quote> quotes;
  std::vector<PlaceMention> place_mentions;
  std::vector<EntityMention> entities;  // extraction's named entities (not stored)
};

// Speaker kinds that are names: the speaker facet holds these only.
inline bool is_named_kind(std::string_view kind) {
  return kind == "person" || kind == "organization";
}

// The kind of A.speakers[I]: the kind the input gives (speaker_kinds), else
// the kind of the quotes extraction attributes to that name (the first of
// them), else "person": a name the input lists as a speaker with no kind is
// taken for a person, as the input's "speakers" are people quoted
// (read_jsonl.h: an object {"name", "kind"} says otherwise). A kind that is
// not a name's (unnamed) is returned as is: is_named_kind() tells.
std::string speaker_kind(const Article& a, std::size_t i);

// DATA[KEY] if it is a string, else "": a view into DATA (stored data read
// back, which may lack a key or hold another type).
std::string_view stored_string(const nlohmann::json& data, const char* key);

// The stored data of an article document and of a quote document.
// Format (versioned by kSchemaVersion):
//   {"type":"article","id","title","date","source","url","path","speakers":[...],
//    "speaker_kinds":[...],   // speaker_kind() of each speaker, in order
//    "places":[...],"countries":[...],"body",
//    "quote_spans":[[start,end] or null, ...],   // quote i, in body
//    "place_spans":[[start,end,"name","CC"], ...]}  // place mentions, in body
// Spans are code-point offsets into "body", end exclusive (extraction's
// spans are into `text`: body_spans() maps them); a quote outside the body
// (in the title or a header line) has null.
// A quote document stores only what its article's data does not hold:
//   {"type":"quote","article","index","kind","cue","speaker","speaker_kind",
//    "role" (when not empty),
//    "text" (when it is not the body at the quote's span),
//    "places":[...] (when not the article's: an article of more than
//                    kMaxQuotePlaces places gives each quote the nearest)}
// complete_quote_data() adds the rest from the article's data, as the
// searcher shows a quote: "id", "title" (quote_title()), "date", "source",
// "url", "path", "places" and "text".
nlohmann::json article_data(const Article& a);
// Quote INDEX of A. BODY_TEXT: the body at the quote's span (quote_body_texts());
// PLACES: the quote's own places, or nullptr for the article's.
nlohmann::json quote_data(const Article& a, std::size_t index, std::string_view body_text,
                          const std::vector<std::string>* places = nullptr);
// QUOTE (quote_data()) with the fields it takes from ARTICLE (article_data()
// of its article) added. A quote without "text" gets the body at its span:
// SPAN_TEXTS[index] (quote_span_texts(ARTICLE)).
void complete_quote_data(nlohmann::json& quote, const nlohmann::json& article,
                         const std::vector<std::string_view>& span_texts);
// The body of ARTICLE (article_data()) at each of its quote spans ("" for
// none), as views into it, in one pass over the body.
std::vector<std::string_view> quote_span_texts(const nlohmann::json& article);

// The code points [first, second) of TEXT for each span ("" for nullopt or a
// span outside TEXT), in one pass over TEXT: an article of thousands of
// quotes costs its length, not quotes x length.
std::vector<std::string_view> code_point_slices(
    std::string_view text,
    const std::vector<std::optional<std::pair<std::size_t, std::size_t>>>& spans);

// What a quote shows of a long title: its first kMaxQuoteTitleBytes bytes, cut
// at a space (news titles are under 200 bytes), so that what each quote
// document holds of its article stays bounded whatever the article's size.
inline constexpr std::size_t kMaxQuoteTitleBytes = 1024;
std::string_view quote_title(std::string_view title);

// Maps code-point spans of A.text (extraction's) to code-point spans of
// A.body, whose paragraphs are pieces of the text in order (trimmed lines of
// a text file; the body itself for JSON Lines). nullopt for a span that does
// not start inside the body.
class BodySpans {
 public:
  explicit BodySpans(const Article& a);
  std::optional<std::pair<std::size_t, std::size_t>> map(std::size_t start, std::size_t end) const;

 private:
  struct Piece {
    std::size_t text_start, body_start, length;  // code points
  };
  const Piece* find(std::size_t text_pos) const;
  std::vector<Piece> pieces_;
};

// The body text at each quote's span (article_data()'s quote_spans), "" for
// a quote outside the body; in one pass over the body.
std::vector<std::string_view> quote_body_texts(const Article& a, const BodySpans& spans);

// The id of quote number INDEX of article ARTICLE_ID.
std::string quote_id(const std::string& article_id, std::size_t index);

}  // namespace whosaid
