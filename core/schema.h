// The field schema: THE one table of fields, term prefixes and value slots
// that the indexer writes and the searcher reads. Both sides loop over
// kFields; neither writes a prefix literal or a slot number of its own.
//
// ON-DISK FORMAT: prefixes, slots and the value encodings below are stored in
// every database. DO NOT CHANGE an existing row; add rows, and bump
// kSchemaVersion when a change makes old databases unreadable.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

// DOCUMENT LAYOUT (written by indexer/build_document.cc, read by searcher/).
// Article document:
//   terms   XTYPEarticle; Q<id> (id_term); XARTICLE<id> (so one delete by the
//           XARTICLE term removes an article and all its quotes);
//           title words twice: under S (title:) and unprefixed with extra wdf
//           (title weighted above body); body words unprefixed; the text of
//           each quote under XQ; each speaker's words under XS plus its exact
//           filter term XSPEAKER<folded>, and by its kind the words again
//           under XSP (person) or XSO (organisation) plus XPERSON<folded> or
//           XORG<folded>; each place's words under XP plus
//           XPLACE<folded>; XCOUNTRY<code lowercased>; source words under XO
//           plus XSOURCE<folded>; XYEAR<yyyy>; U<url>. Positions everywhere;
//           the term position jumps by 100 between title, paragraphs and
//           fields so phrases never match across them.
//   values  kSlotDate, kSlotSpeakers, kSlotPlaces, kSlotSource, kSlotYear,
//           kSlotCountries, kSlotHash, kSlotInputHash (see Slot).
//   data    article_data() JSON (core/article.h).
// Quote document (one per extracted quote, issue 3):
//   terms   XTYPEquote; XARTICLE<article id> (no id term of its own: a quote
//           is found by its article's, and its index is in its data); the
//           quote text once, under XQ (quote:) with positions, as in its
//           article (the searcher's plain words and body: search it there,
//           QueryMode::kQuotes). No quote document has an unprefixed term,
//           so a query every match of which needs one (only_articles() in
//           searcher/query.h) finds articles only; its speaker's words
//           under XS and, for a named speaker, XSPEAKER<folded canonical>
//           and its kind's words and filter term (XSP + XPERSON, XSO +
//           XORG); the article's title words under S, place words under XP
//           and source words under XO, without positions (a quote is found
//           by its own words; phrases of those fields match articles); the
//           filter terms of places, countries, source and year as for
//           articles.
//   values  kSlotDate, kSlotPlaces, kSlotSource, kSlotYear, kSlotCountries
//           and kSlotHash as for articles (facets, date ranges and sorting,
//           ties), kSlotSpeakers holding only the quote's named speaker
//           (unnamed sources are not facet values).
//   data    quote_data() JSON: what the article's data does not hold (the
//           speaker, kind, cue; the text only when it is not the body at the
//           quote's span). The searcher reads the article's data for the
//           rest (core/article.h complete_quote_data()).
// Speakers are named people and named organisations, told apart by kind
// (core/article.h speaker_kind): a speaker of any other kind (unnamed,
// unknown) gets its words under XS only, no filter term and no facet value.

namespace whosaid {

// Bumped whenever the on-disk layout changes incompatibly. Stored in the
// database metadata under kSchemaVersionKey; a mismatch is refused.
// 2: quote and place spans in article data; 3: speakers carry their kind
// (kind_item() in kSlotSpeakers, person/org terms); 4: quote documents
// without id term and with only their own data (complete_quote_data());
// 5: a quote document's text under XQ (quote:), not unprefixed.
inline constexpr int kSchemaVersion = 5;
inline constexpr const char* kSchemaVersionKey = "whosaid:schema";
// The analysis language the database was built with (e.g. "english").
inline constexpr const char* kLanguageKey = "whosaid:lang";

// The field of a quote document's text (see above).
inline constexpr std::string_view kQuoteField = "quote";

// Document types: every document carries exactly one type term.
inline constexpr std::string_view kTypeArticle = "article";
inline constexpr std::string_view kTypeQuote = "quote";

// Value slots. Multi-valued slots hold a list encoded by encode_list().
enum Slot : Xapian::valueno {
  kSlotDate = 0,       // "YYYYMMDD" (sortable); empty when unknown
  kSlotSpeakers = 1,   // list of kind_item(canonical name (display case), kind)
  kSlotPlaces = 2,     // list of canonical place names (display case)
  kSlotSource = 3,     // list of one source name
  kSlotYear = 4,       // list of one "YYYY"
  kSlotCountries = 5,  // list of ISO 3166-1 alpha-2 codes
  kSlotHash = 6,       // content hash (hex) of the article as indexed
  kSlotType = 7,       // no longer written (schema 3 and before: "article" or "quote")
  // Articles only: hash (hex) of the raw input the article was built from
  // (file bytes or JSON line, with its id, path and the indexer's version and
  // options). whosaid-index skips an input whose hash matches before any
  // extraction, so re-running over unchanged files is cheap.
  kSlotInputHash = 8,
};

// How a field is searched.
//  text_prefix:   free-text terms (with positions) under this prefix;
//                 nullopt = not searchable as text; "" = unprefixed (body).
//  filter_prefix: boolean terms for exact filtering on the whole value,
//                 lowercased with fold_value(); "" = none.
//  slot:          value slot for facets/sorting, or Xapian::BAD_VALUENO.
struct Field {
  std::string_view name;  // what users type: "speaker" in speaker:rubio
  std::optional<std::string_view> text_prefix;
  std::string_view filter_prefix;
  Xapian::valueno slot;
  bool facet;             // may be named in --facet
  std::string_view help;  // one line for --help and the README
  // Speaker fields: the kind of speaker the field holds ("person",
  // "organization"); "" = every kind. Fields of one slot with a kind count
  // only the items of that kind (kind_item()).
  std::string_view kind = {};
};

// Term prefixes that are not user fields.
inline constexpr std::string_view kPrefixId = "Q";        // Q<article id> (articles only)
inline constexpr std::string_view kPrefixType = "XTYPE";  // XTYPEarticle / XTYPEquote
inline constexpr std::string_view kPrefixArticle = "XARTICLE";  // quote -> its article id
inline constexpr std::string_view kPrefixUrl = "U";

// The table. Order is the order of --help.
std::span<const Field> fields();

// The row for NAME, or nullptr.
const Field* find_field(std::string_view name);

// Names of the fields that can be faceted, comma-separated (for messages).
std::string facet_names();

// A list value for a multi-valued slot: items joined by '\x1f'. Items must
// not contain '\x1f' (it is removed). Empty items are dropped.
std::string encode_list(const std::vector<std::string>& items);
std::vector<std::string> decode_list(std::string_view value);

// An item of a list whose values have a kind (kSlotSpeakers): VALUE, '\x1e',
// KIND ("Marco Rubio\x1eperson"). '\x1e' is removed from VALUE; an empty
// KIND gives VALUE alone.
std::string kind_item(std::string_view value, std::string_view kind);
// The value and the kind of ITEM ("" when it has none).
std::pair<std::string_view, std::string_view> split_kind_item(std::string_view item);

// The boolean term for an exact value of FIELD (e.g. speaker "Marco Rubio"
// -> "XSPEAKERmarco rubio"). Throws std::invalid_argument if the field has no
// filter prefix. Long values are cut to fit Xapian's term length limit.
std::string filter_term(const Field& field, std::string_view value);

// PREFIX + VALUE as a term, cut to fit Xapian's term length limit (a long
// value keeps a hash of itself so distinct values stay distinct).
std::string prefixed_term(std::string_view prefix, std::string_view value);

// True if TERM is under a field's prefix (title:, quote:, speaker:...),
// stemmed or not: prefixes are capitals and words lowercase, and "Z" marks
// a stemmed term ("ZSpeac" is title:peace, "Zpeac" the plain word).
inline bool is_field_term(std::string_view term) {
  if (term.starts_with('Z')) term.remove_prefix(1);
  return !term.empty() && term[0] >= 'A' && term[0] <= 'Z';
}

// The unique id term for an article or quote id. Ids longer than Xapian's
// term limit allows are replaced by a hash of themselves.
std::string id_term(std::string_view id);

}  // namespace whosaid
