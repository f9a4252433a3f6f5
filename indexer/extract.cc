// Placeholder until issue 3's extractor lands: extracts nothing, so speakers
// and places come only from JSON Lines input.
#include "indexer/extract.h"

namespace whosaid {

Extractor::Extractor() = default;

void Extractor::extract(Article&) const {}

}  // namespace whosaid
