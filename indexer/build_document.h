// Article -> Xapian documents, following the DOCUMENT LAYOUT in
// core/schema.h: one article document plus one document per extracted quote.
// Every prefix and slot comes from core/schema.h; every word goes through
// core/analysis.h (normalise_text, then a TermGenerator set up by configure),
// so the searcher's QueryParser sees the same terms.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/analysis.h"
#include "core/article.h"

namespace whosaid {

// The term position gap between title, paragraphs and fields, so that a
// phrase never matches across two of them.
inline constexpr Xapian::termpos kPositionGap = 100;
// The extra wdf of title words indexed unprefixed, so that title words rank
// above body words.
inline constexpr Xapian::termcount kTitleWdf = 3;
// What a quote document carries of its article stays bounded, so that an
// article's documents grow linearly with its size (issue 11): the title up
// to kMaxQuoteTitleBytes (core/article.h quote_title()) and, when the
// article names more than kMaxQuotePlaces distinct places (news articles
// name under 50), the kMaxQuotePlaces places mentioned nearest to the quote
// (looking at kMaxQuotePlaceScan mentions at most) and their countries, in
// its terms, values and stored data.
inline constexpr std::size_t kMaxQuotePlaces = 64;
inline constexpr std::size_t kMaxQuotePlaceScan = 1024;

// An article ready to be written.
struct BuiltArticle {
  std::string id;
  std::string id_term;       // Q<id>: the article document's unique term
  std::string article_term;  // XARTICLE<id>: the article and all its quotes
  std::string hash;          // content hash, also in kSlotHash
  Xapian::Document article;
  // Each quote document with its quote id (ARTICLE#qN). Quote documents
  // have no id term: they are found by their article's XARTICLE term.
  std::vector<std::pair<std::string, Xapian::Document>> quotes;
  // When build() was asked to leave them out of the quote documents: the
  // article's fields they all carry, for add_quote_common() to add to each
  // just before it is written. An empty document otherwise.
  Xapian::Document quote_common;
  // The distinct unprefixed, unstemmed words of title and body (no digits),
  // for Xapian's spelling table ("did you mean").
  std::vector<std::string> spelling;
};

// Adds COMMON (BuiltArticle::quote_common) to the quote document DOC: the
// terms, wdfs and values build() gives a quote document when it does not
// leave them out.
void add_quote_common(Xapian::Document& doc, const Xapian::Document& common);

// The XARTICLE term of ARTICLE_ID, cut to Xapian's term length limit the
// way core/schema.cc cuts id and filter terms.
std::string article_term(std::string_view article_id);

// True for a term of an article document that belongs in the spelling
// table: unprefixed and unstemmed, two bytes or more, no digits.
bool is_spelling_word(std::string_view term);

// Builds documents. Not thread-safe: use one builder per thread (each holds
// its own TermGenerator and stemmer).
class DocumentBuilder {
 public:
  // LANGUAGE as for make_analysis(). Throws UsageError for an unknown one.
  explicit DocumentBuilder(const std::string& language);

  // The documents for A, which must have a non-empty id and valid UTF-8
  // text. Does not touch any database. DEFER_QUOTE_COMMON: the quote
  // documents leave out the article's fields they share, returned once in
  // BuiltArticle::quote_common (add_quote_common() completes them), so that
  // an article of thousands of quotes does not hold its fields thousands of
  // times until they are written.
  BuiltArticle build(const Article& a, bool defer_quote_common = false);

 private:
  // POSITIONS false: the words without positions (no phrase matches them).
  void index_field_text(std::string_view field, std::string_view text, bool positions = true);
  void add_filter(Xapian::Document& doc, std::string_view field, std::string_view value);
  void add_common(Xapian::Document& doc, const Article& a, bool positions);
  void add_speaker(Xapian::Document& doc, const std::string& name, const std::string& kind);

  Analysis analysis_;
  Xapian::TermGenerator tg_;
};

}  // namespace whosaid
