// Synthetic articles of every shape (see article_shapes.h). All text here
// was written for this file.
#include "article_shapes.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace whosaid::bench {

namespace {

// News-like sentences: direct quotations of several styles, reported
// speech in every order, pronouns, surnames, unnamed sources, places.
const char* const kSentences[] = {
    "The foreign minister of Norway, Ingrid Halvorsen, said on Monday that the talks in Geneva "
    "would resume next week.",
    "\u201cWe will not give up a single village,\u201d Halvorsen told reporters in Oslo.",
    "Officials in Washington and Moscow declined to comment on the draft, which was first "
    "reported by a newspaper in Berlin.",
    "According to Marco Delgado, the mayor of Valencia, the floods have cost the region more "
    "than 300 million euros.",
    "\"This is a serious moment for Europe,\" she said, adding that Germany and France had "
    "offered help.",
    "Prices of wheat rose sharply in Chicago on Tuesday, traders said.",
    "Delgado said the city would rebuild the bridge before the winter.",
    "A spokesman for the ministry said that no decision had been taken.",
    "\u201cThe numbers speak for themselves,\u201d said Amara Okafor, the central bank governor of "
    "Nigeria, at a conference in Lagos.",
    "Okafor warned that inflation could stay high for two more years.",
    "The spokesman added that the ministry was in touch with its partners in Brussels.",
    "He said the government in Kyiv had not been consulted.",
    "\u00abNous ne l\u2019accepterons pas\u00bb, a d\u00e9clar\u00e9 le ministre \u00e0 Paris.",
    "Analysts in Tokyo and Seoul expect the yen to weaken further, people familiar with the "
    "matter said.",
    "\u201cIt was a long night, but we got there,\u201d Halvorsen said. \u201cNow the hard work "
    "begins.\u201d",
    "The rescue teams, who arrived from Naples and Palermo, said the search would go on through "
    "the night.",
    "Thousands of people marched through the centre of Buenos Aires on Saturday.",
    "\u2018We are ready,\u2019 the coach said after the match in Manchester.",
    "The report, published in Nairobi, found that rainfall in Kenya had fallen by a fifth.",
    "They said the convoy had reached the border with Jordan late on Friday.",
    "Senator Ruth Abernathy of Ohio told the committee that the budget was \u201cnot a serious "
    "plan\u201d.",
    "The company, based in Toronto, said its profits had doubled in the third quarter.",
    "\u201cWe have lost everything,\u201d said one farmer near Mosul. \u201cThe river took the "
    "house, the animals, the fields.\u201d",
    "The minister said: \"Our priority is the safety of every family in the valley.\"",
};

const char* const kQuoteSentences[] = {
    "\u201cWe will keep going,\u201d Halvorsen said.",
    "\u201cNobody expected this,\u201d she added.",
    "\"The figures are clear,\" said Amara Okafor.",
    "\u201cIt is too early to tell,\u201d the official said.",
    "He said: \u201cThere is no other way.\u201d",
    "\u201cWe are ready,\u201d they said.",
    "Delgado said the work would start in May.",
    "\u201cThat is not what we agreed,\u201d Okafor told reporters in Lagos.",
    "\u2018It was a long night,\u2019 a spokesman said.",
    "According to Marco Delgado, the bridge will reopen.",
};

const char* const kWords[] = {
    "the",    "minister", "said",   "that",   "talks",  "would",   "resume",  "next",
    "week",   "officials", "told",  "reporters", "in",  "city",    "government", "we",
    "will",   "not",      "give",   "up",     "according", "to",   "mayor",   "added",
    "prices", "rose",     "on",     "monday", "he",     "she",     "they",    "warned",
};

const char* const kCapWords[] = {
    "Ingrid", "Halvorsen", "Said", "Norway", "Geneva", "Marco", "Delgado", "Valencia",
    "Amara",  "Okafor",    "Told", "Lagos",  "Nigeria", "Kyiv", "Paris",   "Ruth",
    "Abernathy", "Ohio",   "Minister", "Spokesman", "Berlin", "Mosul", "According", "To",
};

// A small deterministic generator (64-bit LCG, high bits).
struct Rng {
  std::uint64_t s = 0x9E3779B97F4A7C15ull;
  std::size_t next(std::size_t n) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::size_t>((s >> 33) % n);
  }
};

template <std::size_t N>
std::string_view pick(const char* const (&list)[N], Rng& r) {
  return list[r.next(N)];
}

}  // namespace

const std::vector<std::string_view>& article_shapes() {
  static const std::vector<std::string_view> k = {"paragraph", "lines",      "quotes",
                                                  "nopunct",   "caps",       "word",
                                                  "unbalanced", "longquote"};
  return k;
}

std::string make_article(std::string_view shape, std::size_t bytes) {
  if (std::find(article_shapes().begin(), article_shapes().end(), shape) ==
      article_shapes().end())
    throw std::invalid_argument("unknown article shape '" + std::string(shape) + "'");
  std::string out = "A long article in the shape " + std::string(shape) + "\n\n";
  std::size_t want = bytes > out.size() ? bytes : out.size() + 1;
  Rng r;
  if (shape == "word") {
    // One word of letters (no spaces, no punctuation).
    static const char kLetters[] = "abcdefghijklmnopqrstuvwxyz";
    while (out.size() < want) out += kLetters[r.next(26)];
  } else if (shape == "nopunct" || shape == "caps") {
    while (out.size() < want) {
      out += shape == "nopunct" ? pick(kWords, r) : pick(kCapWords, r);
      out += ' ';
    }
  } else if (shape == "unbalanced") {
    // Openers of every style, none closed, among words.
    static const char* const kOpeners[] = {"\u201c", "\u00ab", "\u201e", "\u2018",
                                           "\"",     "'",      "\u201c", "\""};
    while (out.size() < want) {
      out += pick(kOpeners, r);
      out += pick(kWords, r);
      out += ' ';
      out += pick(kWords, r);
      out += r.next(8) == 0 ? ", said Halvorsen " : " ";
    }
  } else if (shape == "longquote") {
    // One quotation carried over every paragraph (a continuation mark at
    // the start of each), closed at the very end.
    out += "Halvorsen said: ";
    while (out.size() < want) {
      out += "\u201c";
      out += pick(kSentences, r);
      out += " ";
      out += pick(kSentences, r);
      out += "\n\n";
    }
    out += "\u201cThat is all.\u201d";
  } else {
    bool quotes = shape == "quotes";
    bool lines = shape == "lines";
    while (out.size() < want) {
      out += quotes ? pick(kQuoteSentences, r) : pick(kSentences, r);
      out += lines ? "\n" : " ";
    }
  }
  out += '\n';
  return out;
}

}  // namespace whosaid::bench
