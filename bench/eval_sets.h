// The data sets of whosaid-eval, each scored on what the product prints:
// articles are read by the readers whosaid-index and whosaid-extract use
// (indexer/inputs.h), extracted by the Extractor and turned into the JSON
// of whosaid-extract --json (indexer/extract_json.h); who-said-it runs the
// whosaid-index and whosaid programs themselves. The scoring rules are in
// eval_score.h. Every function reads the research data at run time and
// throws Error when a file cannot be read.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "indexer/extract/extract.h"

namespace whosaid::eval {

// The objects whosaid-extract --json prints for PATHS (files or folders),
// in order. Throws Error when an input is skipped.
std::vector<nlohmann::json> extract_printed(const Extractor& extractor,
                                            const std::vector<std::string>& paths);

// PolNeAR: TEXT_DIR holds <doc_id>.txt; the tables are those of
// ../shared/data/polnear (dev.attributions.tsv, dev-speakers.tsv,
// dev-speakers-articles.tsv).
nlohmann::json eval_polnear(const Extractor& extractor, const std::string& text_dir,
                            const std::string& attributions_tsv);
nlohmann::json eval_quotespeaker(const Extractor& extractor, const std::string& text_dir,
                                 const std::string& attributions_tsv,
                                 const std::string& speakers_tsv);
nlohmann::json eval_speakers(const Extractor& extractor, const std::string& text_dir,
                             const std::string& articles_tsv);

// CoNLL-2003 (e.g. eng.testa): each document rebuilt as text and given to
// the readers as a JSON Lines article in WORK_DIR; LOC against the places,
// and every type against "entities" when it is printed.
nlohmann::json eval_conll(const Extractor& extractor, const std::string& conll_file,
                          const std::filesystem::path& work_dir);

// Reuters-21578's articles.tsv as the JSON Lines articles every evaluation
// indexes or extracts (bench/README.md, "Reuters as articles"): one line per
// story with a body, {"id":"reuters-NEWID","title","body","date","source":"Reuters"},
// the body being the dateline, a space and the story's body (unescaped).
// Returns the number of articles written.
std::size_t write_reuters_jsonl(const std::string& articles_tsv, const std::filesystem::path& out);

// Document countries on Reuters: the countries of the places printed for
// each story (written by write_reuters_jsonl) against its PLACES labels,
// over the stories that have labels.
nlohmann::json eval_reuters(const Extractor& extractor, const std::string& articles_tsv,
                            const std::filesystem::path& work_dir);

// Who said it: indexes BBC_DIR and the Reuters stories with BIN_DIR/whosaid-index
// into DB (reused when it already holds a database), then searches each
// case's phrase with BIN_DIR/whosaid --quotes --json --limit 1.
nlohmann::json eval_whosaidit(const std::filesystem::path& bin_dir, const std::string& bbc_dir,
                              const std::string& reuters_tsv, const std::string& cases_tsv,
                              const std::filesystem::path& db,
                              const std::filesystem::path& work_dir);

}  // namespace whosaid::eval
