// Extraction of who said what, where: quotations and reported speech, their
// speakers and the places an article mentions (issue 3). Runs at index time
// on worker threads and in whosaid-extract.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "indexer/extract/speakers/speakers.h"

namespace whosaid {

class Extractor {
 public:
  // An extractor that resolves speakers with ALIASES (AliasTable{} is the
  // compiled-in table; the programs add the user's, see
  // indexer/data_dir.h). The cue lists, gazetteer and models are compiled
  // in.
  explicit Extractor(AliasTable aliases);

  // Finds named entities (Article::entities, see tag_entities()), quotes
  // (Article::quotes), place mentions (Article::place_mentions)
  // and adds the canonical speakers (both of "X and Y said", whose quote
  // is X's), places and countries found to
  // Article::speakers / places / countries (keeping values already given by
  // the input, without duplicates). Reads Article::text (Article::body when
  // text is empty); spans are Unicode code-point offsets into it, end
  // exclusive. Unnamed sources are kept on their quotes but never added to
  // Article::speakers. Thread-safe: may be called concurrently on one
  // Extractor.
  void extract(Article& article) const;

  // The quotations of TEXT (valid UTF-8) with their resolved speakers, as
  // extract() finds them (places and entities included). Thread-safe.
  std::vector<Quote> extract_quotes(std::string_view text) const;

  // As above with the place mentions PLACES of TEXT (places used as
  // speakers become organisations) and its named ENTITIES (speaker names
  // are checked against them; null: not checked). The second speakers of
  // joint attributions ("X and Y said": the quote is X's) are appended to
  // JOINT, canonical names, when given.
  std::vector<Quote> extract_quotes(std::string_view text, const std::vector<PlaceMention>& places,
                                    const std::vector<EntityMention>* entities,
                                    std::vector<std::string>* joint = nullptr) const;

  // The named entities of TEXT (valid UTF-8), whole, in text order: type
  // "PER", "ORG", "LOC" or "MISC", the text as written and the code-point
  // span, end exclusive (entities/entity_tagger.h). What extract() puts in
  // Article::entities. Thread-safe.
  std::vector<EntityMention> tag_entities(std::string_view text) const;

  // The alias table speakers are resolved with.
  const AliasTable& aliases() const { return aliases_; }

 private:
  // The place mentions of TEXT, with CONFIRMED and ENTITIES as
  // PlaceFinder::find() gives them, less the locations the alias table
  // knows as people or organisations.
  std::vector<PlaceMention> find_places(std::string_view text, std::vector<bool>& confirmed,
                                        std::vector<EntityMention>& entities) const;

  AliasTable aliases_;
};

}  // namespace whosaid
