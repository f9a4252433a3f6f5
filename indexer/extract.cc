// The extractor the indexer calls (issue 3): quotations and reported speech
// (extract_quotes.h), their speakers (extract_speakers.h) and places
// (extract_places.h), on one article at a time. Everything it holds is
// read-only after construction, so worker threads share one Extractor.
#include "indexer/extract.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "indexer/extract_places.h"
#include "indexer/extract_quotes.h"
#include "indexer/extract_tokens.h"

namespace whosaid {

namespace {

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (s.empty()) return;
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

}  // namespace

Extractor::Extractor() {
  // The compiled-in alias table, plus the user's: $WHOSAID_ALIASES (must
  // exist when set), else the source tree's data/aliases.tsv when present.
  if (const char* env = std::getenv("WHOSAID_ALIASES"); env && *env) {
    aliases_.add_file(env);
  } else {
#ifdef WHOSAID_DATA_DIR
    std::filesystem::path p = std::filesystem::path(WHOSAID_DATA_DIR) / "aliases.tsv";
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) aliases_.add_file(p.string());
#endif
  }
}

Extractor::Extractor(AliasTable aliases) : aliases_(std::move(aliases)) {}

std::vector<Quote> Extractor::extract_quotes(std::string_view text,
                                             const std::vector<PlaceMention>& places) const {
  TokenizedText tt = tokenize(text);
  std::vector<Attribution> attrs = find_attributions(tt);
  std::vector<SpeakerMention> speakers = resolve_speakers(tt, attrs, aliases_, places);
  std::vector<Quote> quotes;
  quotes.reserve(attrs.size());
  for (std::size_t i = 0; i < attrs.size(); ++i) {
    const Attribution& a = attrs[i];
    Quote q;
    q.text = span_text(tt, a.content_start, a.content_end);
    q.start = a.content_start;
    q.end = a.content_end;
    q.kind = a.direct ? "direct" : "indirect";
    q.cue = a.cue_text;
    q.speaker = speakers[i];
    quotes.push_back(std::move(q));
  }
  return quotes;
}

namespace {

// TEXT with its first HEADER_BYTES blanked out code point by code point
// (newlines kept), so spans still count code points of the original.
std::string without_header(const std::string& text, std::size_t header_bytes) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  for (; i < header_bytes && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: already blanked
    out += c == '\n' ? '\n' : ' ';
  }
  out.append(text, i, std::string::npos);
  return out;
}

}  // namespace

void Extractor::extract(Article& article) const {
  std::string masked;
  if (!article.text.empty() && article.header_bytes > 0)
    masked = without_header(article.text, article.header_bytes);
  const std::string& text = !masked.empty()      ? masked
                            : article.text.empty() ? article.body
                                                   : article.text;
  std::vector<PlaceMention> places = shared_place_finder().find(text);
  article.quotes = extract_quotes(text, places);
  for (const Quote& q : article.quotes)
    if (q.speaker.kind != "unnamed") add_unique(article.speakers, q.speaker.canonical);
  for (const PlaceMention& p : places) {
    add_unique(article.places, p.name);
    add_unique(article.countries, p.country);
  }
  article.place_mentions = std::move(places);
}

}  // namespace whosaid
