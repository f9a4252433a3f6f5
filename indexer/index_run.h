// The indexing run behind whosaid-index: open the database, delete the ids
// asked for, then stream the inputs through extraction and document building
// into the database, committing every batch. Memory stays bounded whatever
// the corpus size: the reader stays at most a fixed number of articles ahead
// of the writer.
//
// Threads: one reads and parses the inputs (in order), `jobs` workers extract
// and build documents, and the calling thread writes them, in input order, so
// that document ids and warnings come out the same on every run. A new
// database gets `writers` writer threads: the calling thread writes its share
// of the articles into the database, each other writer its share into a part
// database, and the final compaction merges the parts in (see writers).
//
// Compaction: a run that wrote at least a tenth of the documents ends by
// compacting the database in place (core/database.h compact_in_place).
//
// Re-running is cheap: the reader hashes each article's raw input (file
// bytes or JSON line, with its id, path, the indexer's version and options)
// and an article whose id is in the database with the same input hash
// (kSlotInputHash) skips extraction and building altogether.
//
// Crash safety: every commit is a Xapian transaction, so a killed run leaves
// the database as of its last commit; on_commit reports which articles each
// commit made durable, and running the same input again completes the job.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <istream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "indexer/input_issue.h"

namespace whosaid {

struct IndexStats;

// What one commit made durable.
struct CommitReport {
  std::size_t number = 0;             // 1, 2, ... within this run
  std::vector<std::string> articles;  // ids indexed (new, replaced or unchanged) since the last
  std::vector<std::string> deleted;   // ids removed by --delete since the last
};

struct IndexOptions {
  std::string db_path;
  // Analysis language; "" = the one the database records (english for a new
  // database). A language that differs from the recorded one is refused.
  std::string language;
  std::vector<std::string> inputs;         // files, folders, "-" (see inputs.h)
  std::vector<std::string> delete_ids;     // article ids (or file paths) to remove first
  std::size_t batch_size = 1000;           // commit every this many written articles
  bool extract = true;                     // run the Extractor on each article
  // Compact the database at the end (core/database.h compact_in_place):
  // kAuto when this run wrote at least a tenth of the documents the database
  // then holds (a new database, a big load), so a small update of a big
  // index does not pay for rewriting all of it.
  enum class Compact { kAuto, kAlways, kNever } compact = Compact::kAuto;
  unsigned jobs = 0;                       // build threads; 0 = one per core beyond the writer
  // Writer threads for a NEW database: each writes its share of the
  // articles (routed by id) into a part of its own (writer_part_path), and
  // the parts are merged into the database by the final compaction. 0 = one
  // per core (at most 4); 1 = one writer. Ignored (one writer) for an
  // existing database, with --delete, for a shard, or with Compact::kNever.
  // Parts not merged when a run is killed are dropped: the database then
  // holds the first writer's commits, and the next run does the rest.
  unsigned writers = 0;
  std::istream* standard_input = nullptr;  // read for "-"; nullptr = std::cin
  // Each warning, in input order, on the calling thread. kIgnored issues are
  // counted but not passed on.
  std::function<void(const InputIssue&)> on_issue;
  // Called on the calling thread about every progress_interval.
  std::function<void(const IndexStats&)> on_progress;
  std::chrono::milliseconds progress_interval{1000};
  // Called on the calling thread after each commit has returned (the
  // articles it lists are on disk), and never for articles not committed.
  std::function<void(const CommitReport&)> on_commit;
  // Sharding (indexer/shard_run.h): when set, only articles whose id it
  // accepts are indexed; the others are passed over without a word.
  std::function<bool(const std::string& id)> accept_id;
};

struct IndexStats {
  std::size_t added = 0;      // articles new to the database
  std::size_t replaced = 0;   // articles whose id was there, rewritten
  std::size_t unchanged = 0;  // articles whose id was there with the same content hash
  std::size_t built = 0;      // articles extracted and built (the others were unchanged inputs)
  std::size_t commits = 0;    // commits made (by all writers)
  std::size_t writers = 1;    // writer threads used
  std::size_t quotes = 0;     // quote documents written
  std::size_t deleted = 0;    // articles removed by --delete
  std::size_t skipped = 0;    // kSkipped issues: articles, lines, paths, ids not found
  std::size_t repaired = 0;   // articles indexed after an encoding repair
  std::size_t notes = 0;      // other warnings (an unreadable date)
  std::size_t ignored = 0;    // files left out by name (hidden, images, ...)
  std::map<std::string, std::size_t> skip_reasons;
  std::size_t documents = 0;  // documents in the database at the end (articles + quotes)
  std::size_t articles = 0;   // article documents in the database at the end
  std::string language;       // analysis language used
  bool compacted = false;     // the database was compacted at the end
  double compact_seconds = 0;  // of `seconds`, the time compacting took
  double seconds = 0;

  std::size_t indexed() const { return added + replaced + unchanged; }

  // Counts issue I (skipped, repaired, note; a notice is passed on but not
  // counted); false, counting nothing, for kIgnored, which callers count
  // their own way and do not pass on.
  bool count_issue(const InputIssue& i);
  // Adds the article, quote and commit counts of another run (a shard, a
  // writer's part) to these.
  void add_counts(const IndexStats& other);
  double rate() const { return seconds > 0 ? static_cast<double>(indexed()) / seconds : 0; }
};

// Xapian's flush threshold for this process: a WritableDatabase holds the
// changes of this many documents in memory (its inverter: sorted maps of
// terms, documents and positions) before writing them into its tables.
// With Xapian's default (10000), a batch of 1000 articles and their quote
// documents was flushed only at its commit, and walking those maps (cache
// misses, a few hundred lookups a document) was the biggest single cost of
// indexing (bench/README.md, "Write path profile"). A batch still commits
// every --batch-size articles whatever the threshold: a flush within a batch
// only writes (Writer::begin). 500 was best on 5,000 articles but 14% slower
// than 10000 on 100,000 (each flush rewrites the ends of posting lists in a
// bigger tree); 2000 is as fast as 10000 there, with 44 MB less peak RSS
// (bench/README.md, "Write path profile"). Sets XAPIAN_FLUSH_THRESHOLD unless
// the environment sets it; Xapian reads it when a WritableDatabase opens.
// Call it before any thread starts (it changes the environment), as
// whosaid-index's main() does.
inline constexpr int kXapianFlushThreshold = 2000;
void tune_xapian_flush();

// Runs the whole indexing job and commits. Throws IndexMissing when there is
// nothing to index and no database to delete from, IndexLocked when another
// writer holds the database, UsageError for an unknown or mismatching
// language, Error (or Xapian::Error) when the database cannot be written,
// and Error if the Extractor cannot load its data. Problems with inputs never
// throw: they are reported through on_issue and counted.
IndexStats run_index(const IndexOptions& options);

// "indexed 2225 articles (new 2225, replaced 0, unchanged 0) and 0 quotes,
// deleted 0, skipped 1 (reasons: empty 1), repaired 1, in 2.1 s (1059 articles/s)"
std::string format_summary(const IndexStats& stats);

// The summary as JSON (printed by --json), versioned by its "version" key.
nlohmann::json summary_json(const IndexStats& stats);

}  // namespace whosaid
