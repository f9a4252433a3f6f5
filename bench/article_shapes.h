// Synthetic articles of a given size and shape (issue 11, "linear in its
// input"): the inputs of bench/article_size.sh and of the unit test that
// checks indexing work grows linearly with article size. The sentences are
// written for this file (no research data); they are recombined in a
// deterministic pseudo-random order, so an article is a function of its
// shape and size only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace whosaid::bench {

// The shapes, by name:
//   paragraph   news sentences (direct and reported speech, names,
//               places) as ONE paragraph
//   lines       the same sentences, one paragraph per line
//   quotes      thousands of short quotations with cues, pronouns,
//               surnames and unnamed sources, in one paragraph
//   nopunct     lowercase words without any punctuation: one sentence
//   caps        Capitalised Words Only, no punctuation (names, places)
//   word        one huge word
//   unbalanced  opening quotation marks of every style that never close
//   longquote   one quotation running over thousands of paragraphs
const std::vector<std::string_view>& article_shapes();

// An article of SHAPE (one of article_shapes()) of about BYTES bytes
// (within a sentence), as a plain-text article: a title line, a blank
// line, the body. Throws std::invalid_argument for an unknown shape.
std::string make_article(std::string_view shape, std::size_t bytes);

}  // namespace whosaid::bench
