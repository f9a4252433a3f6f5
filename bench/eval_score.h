// The scoring rules of whosaid-eval, apart from any data set so that they
// can be tested on tiny hand-made inputs. They follow the independent scorer
// ../shared/tools/score_extract.py rule for rule (the same normalisation,
// the same gold selection, the same counting), since the two must agree to
// within 0.01 on every dev set: where they differ, one of them is not
// measuring what the user gets. Predictions are always the JSON objects
// whosaid-extract --json prints (indexer/extract_json.h).
#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace whosaid::eval {

using Span = std::pair<std::size_t, std::size_t>;  // code points, end exclusive

// Precision, recall and F1 from true positives counted on each side
// (TP_P of N_P predictions are right, TP_G of N_G gold items are found);
// 0 where a denominator is 0.
struct Prf {
  double p = 0, r = 0, f1 = 0;
};
Prf prf(std::size_t tp_p, std::size_t n_p, std::size_t tp_g, std::size_t n_g);

// X rounded to 3 decimals, as the figures are printed.
double round3(double x);

// "12-20;25-30" -> {{12,20},{25,30}}; pieces without '-' are left out.
std::vector<Span> parse_spans(const std::string& field);

// A name for comparison: compatibility-decomposed, accents dropped, lower
// case, '.' as a space, runs of white space as one space, trimmed
// ("Dr. José  Núñez" -> "dr jose nunez").
std::string norm_name(const std::string& name);

// --- PolNeAR: source and content spans --------------------------------------

// The gold of one article: source spans (a set: duplicates count once) and
// content spans (a list), each the envelope of its pieces.
struct PolnearGold {
  std::set<Span> sources;
  std::vector<Span> contents;
};

// Reads dev.attributions.tsv (header; doc_id, annotator, attr_id, type,
// source_spans, source_text, cue_spans, cue_text, content_spans, ...):
// one annotator per article, the first seen. Keyed by doc_id.
std::map<std::string, PolnearGold> read_polnear_gold(const std::string& tsv_text);

// Running counts of the polnear measure over articles.
struct PolnearCounts {
  std::size_t n_sp = 0, n_sg = 0, tp_s = 0, ov_sp = 0, ov_sg = 0;
  std::size_t n_cp = 0, n_cg = 0, tc_p = 0, tc_g = 0;
  std::size_t articles = 0;
  // Adds one article: ARTICLES are the objects printed for its file.
  void add(const std::vector<nlohmann::json>& articles, const PolnearGold& gold);
  nlohmann::json json() const;
};

// --- PolNeAR: per-quote speakers ----------------------------------------------

// A gold attribution that is speech with a named person or organisation as
// its source: its content envelope and canonical names ('|'-separated
// alternatives in the data).
struct QuoteGold {
  Span content;
  std::string canonical;
};

// From dev-speakers.tsv (doc_id, attr_id, source_spans, source_text,
// canonical, kind, ..., a "speech" column named in the header) and
// dev.attributions.tsv (first annotator per article): doc_id -> its gold
// quotes, in file order.
std::map<std::string, std::vector<QuoteGold>> read_quote_gold(const std::string& speakers_tsv,
                                                              const std::string& attr_tsv);

struct QuoteSpeakerCounts {
  std::size_t n = 0, covered = 0, strict = 0, lenient = 0;
  // The predicted quote overlapping the gold content most (the first of
  // equals) must name the speaker: strict, the same normalised canonical
  // name; lenient, the gold surname (last word) is a word of it.
  void add(const std::vector<nlohmann::json>& articles, const std::vector<QuoteGold>& gold);
  nlohmann::json json() const;
};

// --- Article speaker sets -------------------------------------------------------

struct SpeakerSetCounts {
  std::size_t rows = 0, n_p = 0, n_g = 0, tp = 0;
  // GOLD_PERSONS: the '|'-separated persons of a row of
  // dev-speakers-articles.tsv; predictions: the canonical names of quotes
  // whose speaker kind is "person", normalised, as a set.
  void add(const std::vector<nlohmann::json>& articles, const std::string& gold_persons);
  nlohmann::json json() const;
};

// --- CoNLL-2003 -------------------------------------------------------------------

// An entity chunk: type and token or code-point span.
struct Chunk {
  std::string type;
  std::size_t start = 0, end = 0;
  auto operator<=>(const Chunk&) const = default;
};

// The chunks of one sentence's tags, conlleval style: accepts IOB1 (CoNLL-2003:
// I-X continues or starts an X chunk, B-X starts one right after another X),
// IOB2/BIO and BILOU/IOBES (U-/S- a single token, L-/E- the last token).
// Spans are token indices.
std::vector<Chunk> chunk_tags(const std::vector<std::string>& tags);

// One CoNLL document rebuilt as score_extract.py does: tokens joined by
// single spaces, one sentence a line (each line ends with '\n'); the gold
// chunks with code-point spans.
struct ConllDoc {
  std::string text;
  std::vector<Chunk> gold;
};

// Reads a CoNLL-2003 file (token ... tag per line; -DOCSTART- lines split
// documents, blank lines sentences).
std::vector<ConllDoc> read_conll(const std::string& file_text);

// Exact-match counts for one entity type or for all.
struct MatchCounts {
  std::size_t gold = 0, predicted = 0, correct = 0;
  nlohmann::json json() const;  // {"gold","predicted","correct","p","r","f1"}
};

struct ConllCounts {
  MatchCounts loc;                             // places' spans against LOC
  bool entities_printed = false;               // some article had an entity
  std::map<std::string, MatchCounts> by_type;  // from "entities": PER ORG LOC MISC
  MatchCounts overall;
  std::size_t documents = 0, returned = 0;
  // ARTICLE: the object printed for DOC (null if none was). The entity
  // figures are "not printed" until some article prints an entity.
  void add(const nlohmann::json& article, const ConllDoc& doc);
  nlohmann::json json() const;
};

// --- Reuters countries -----------------------------------------------------------

// One document: the gold country codes and, for each predicted code, the
// number of place mentions that gave it.
struct CountryDoc {
  std::set<std::string> gold;
  std::map<std::string, std::size_t> predicted;
};

// Micro P/R/F1 over all predicted codes, and precision at recall >= MIN_RECALL:
// a code is kept when the document mentions it at least K times; of the
// thresholds K whose recall is at least MIN_RECALL, the most precise
// (null, with the best recall reached, when none is).
nlohmann::json score_countries(const std::vector<CountryDoc>& docs, double min_recall = 0.95);

// --- Who said it ------------------------------------------------------------------

// True if the speaker of HIT (an element of whosaid --quotes --json's
// "hits") names SURNAME: the normalised surname is a substring of the
// normalised JSON text of the hit's "speaker".
bool hit_names(const nlohmann::json& hit, const std::string& surname);

}  // namespace whosaid::eval
