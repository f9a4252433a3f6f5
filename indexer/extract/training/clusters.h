// Word clusters for the entity tagger, learnt from unlabelled news:
// top-down (divisive) exchange clustering of a class-bigram model. Words
// start in one class; at each level every class splits in two, and words
// move between the two halves while the likelihood of the text under the
// class-bigram model grows (Martin, Liermann & Ney 1998's exchange, as a
// binary hierarchy). A word's cluster is the path of halves it took, a bit
// string like Brown clusters' ("0110..."), so prefixes give coarser
// clusters. Deterministic: no randomness, words visited by frequency.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace whosaid {

// Counts words and adjacent word pairs of texts, as the tagger folds them
// (tokenize(): lower case, diacritics removed).
class WordCounter {
 public:
  // Adds a plain-text file; a directory, every *.txt file under it (sorted);
  // a .tsv file with a "body" column, its titles and bodies (Reuters-21578
  // articles.tsv, "\n" escaped). Throws Error if PATH cannot be read.
  void add_path(const std::string& path);
  // Adds one text.
  void add_text(std::string_view text);

  std::size_t tokens() const { return tokens_; }

 private:
  friend std::unordered_map<std::string, std::string> cluster_words(const WordCounter&,
                                                                    const struct ClusterOptions&);
  std::unordered_map<std::string, std::size_t> ids_;
  std::vector<std::string> words_;
  std::vector<std::size_t> counts_;
  std::vector<std::size_t> lower_;  // times written in lower case
  std::unordered_map<unsigned long long, std::size_t> pairs_;  // (left << 32 | right) -> count
  std::size_t tokens_ = 0;
};

struct ClusterOptions {
  std::size_t clusters = 1024;   // leaves: a power of two (bit strings of log2 bits)
  std::size_t max_words = 30000; // the most frequent words are clustered
  int passes = 2;                // exchange passes per level
};

// The cluster of each of the most frequent words of COUNTER: its bit
// string, '/', and 'l' if the word is written in lower case at least half
// the times it occurs, else 'c' (mostly capitalised: a name). The case
// tells a sentence-initial or ALL-CAPS "Looking" or "STRONG" from a name.
std::unordered_map<std::string, std::string> cluster_words(const WordCounter& counter,
                                                           const ClusterOptions& options);

}  // namespace whosaid
