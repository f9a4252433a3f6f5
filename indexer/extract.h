// Extraction of who said what, where: quotations and reported speech, their
// speakers and the places an article mentions (issue 3). Runs at index time
// on worker threads and in whosaid-extract.
#pragma once

#include "core/article.h"

namespace whosaid {

class Extractor {
 public:
  // Loads what extraction needs (cue lists, gazetteers). Throws Error when
  // a required data file is missing or malformed.
  Extractor();

  // Finds quotes (Article::quotes), place mentions (Article::place_mentions)
  // and adds the canonical speakers, places and countries found to
  // Article::speakers / places / countries (keeping values already given by
  // the input, without duplicates). Reads Article::text (and title); spans
  // are Unicode code-point offsets into Article::text, end exclusive.
  // Thread-safe: may be called concurrently on one Extractor.
  void extract(Article& article) const;
};

}  // namespace whosaid
