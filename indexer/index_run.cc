// The write loop: reader thread -> build workers -> writer (calling thread).
#include "indexer/index_run.h"

#include <fmt/format.h>
#include <pthread.h>
#include <xapian.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/analysis.h"
#include "core/database.h"
#include "core/error.h"
#include "core/facet_column.h"
#include "core/schema.h"
#include "indexer/build_document.h"
#include "indexer/data_dir.h"
#include "indexer/extract/extract.h"
#include "indexer/inputs.h"

namespace whosaid {
namespace {

using Clock = std::chrono::steady_clock;

// Names the calling thread (at most 15 bytes), so that top -H, perf and gdb
// tell the reader, the builders and the writers apart.
void name_thread(const std::string& name) {
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

// Bump when the input hash must change for every article (what it covers
// changes), so that a re-run rebuilds everything once.
constexpr int kInputHashFormat = 1;

// The most bytes of article text between the reader and the writer (besides
// the article each thread holds): with kMaxTextFileBytes articles, the
// window alone would allow gigabytes.
constexpr std::size_t kMaxBytesInFlight = 64u << 20;

// One unit of work, numbered in input order: an article to build (then
// built), an article whose input is unchanged (the writer checks it), or an
// issue to report.
struct Item {
  std::size_t seq = 0;
  std::optional<Article> article;
  std::string input_hash;  // of the article's raw input (kSlotInputHash)
  bool unchanged = false;  // the database had this input hash when the reader looked
  std::size_t bytes = 0;   // text held, for the pipeline's byte budget
  std::optional<BuiltArticle> built;
  std::optional<InputIssue> issue;
};

// The queues between the threads. The reader may run at most `window` items
// and about kMaxBytesInFlight bytes of text ahead of the writer: that bounds
// memory (articles, built documents).
class Pipeline {
 public:
  explicit Pipeline(std::size_t window) : window_(window) {}

  // Reader: queue an item (an article to build goes to the workers, anything
  // else straight to the writer). Blocks while the window is full. False
  // once cancelled.
  bool push(Item item) {
    std::unique_lock lock(m_);
    space_.wait(lock, [&] {
      return cancelled_ || (next_seq_ - next_out_ < window_ &&
                            (bytes_ == 0 || bytes_ + item.bytes <= kMaxBytesInFlight));
    });
    if (cancelled_) return false;
    item.seq = next_seq_++;
    bytes_ += item.bytes;
    if (item.article && !item.unchanged) {
      todo_.push_back(std::move(item));
      work_.notify_one();
    } else {
      done_.emplace(item.seq, std::move(item));
      ready_.notify_all();
    }
    return true;
  }

  void reader_finished(std::exception_ptr error) {
    std::lock_guard lock(m_);
    reader_done_ = true;
    if (error && !error_) error_ = error;
    work_.notify_all();
    ready_.notify_all();
  }

  // Worker: the next article to build, or nullopt when there is no more work.
  std::optional<Item> take_work() {
    std::unique_lock lock(m_);
    work_.wait(lock, [&] { return cancelled_ || !todo_.empty() || reader_done_; });
    if (cancelled_ || todo_.empty()) return std::nullopt;
    Item item = std::move(todo_.front());
    todo_.pop_front();
    return item;
  }

  void finished(Item item) {
    std::lock_guard lock(m_);
    done_.emplace(item.seq, std::move(item));
    ready_.notify_all();
  }

  void worker_failed(std::exception_ptr error) {
    std::lock_guard lock(m_);
    if (!error_) error_ = error;
    ready_.notify_all();
  }

  // Writer: the next item in input order; nullopt at the end, or after
  // TIMEOUT with nothing ready (so progress can be shown). Rethrows an
  // error of the reader or a worker.
  enum class Next { kItem, kEnd, kTimeout };
  Next take_next(Item& out, std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_);
    auto ready = [&] {
      return error_ || done_.count(next_out_) || (reader_done_ && next_out_ == next_seq_);
    };
    if (!ready_.wait_for(lock, timeout, ready)) return Next::kTimeout;
    if (error_) std::rethrow_exception(error_);
    auto it = done_.find(next_out_);
    if (it == done_.end()) return Next::kEnd;
    out = std::move(it->second);
    done_.erase(it);
    ++next_out_;
    bytes_ -= out.bytes;
    space_.notify_one();
    return Next::kItem;
  }

  void cancel() {
    std::lock_guard lock(m_);
    cancelled_ = true;
    space_.notify_all();
    work_.notify_all();
    ready_.notify_all();
  }

 private:
  std::mutex m_;
  std::condition_variable space_, work_, ready_;
  std::deque<Item> todo_;
  std::map<std::size_t, Item> done_;
  std::size_t window_;
  std::size_t next_seq_ = 0, next_out_ = 0;
  std::size_t bytes_ = 0;  // text bytes of the items pushed and not yet taken
  bool reader_done_ = false, cancelled_ = false;
  std::exception_ptr error_;
};

// Joins the threads however the writer leaves (an exception included).
class ThreadGroup {
 public:
  explicit ThreadGroup(Pipeline& p) : pipeline_(p) {}
  ~ThreadGroup() {
    pipeline_.cancel();
    for (std::thread& t : threads_)
      if (t.joinable()) t.join();
  }
  template <class F>
  void spawn(F&& f) {
    threads_.emplace_back(std::forward<F>(f));
  }

 private:
  Pipeline& pipeline_;
  std::vector<std::thread> threads_;
};

// The writer's side: database updates and counts.
class Writer {
 public:
  Writer(Xapian::WritableDatabase& db, const IndexOptions& opt, IndexStats& stats)
      : db_(db), opt_(opt), stats_(stats) {}

  void issue(const InputIssue& i) {
    if (!stats_.count_issue(i)) {
      ++stats_.ignored;
      return;
    }
    if (opt_.on_issue) opt_.on_issue(i);
  }

  // True, after counting it, if the article ID_TERM is in the database
  // (this run's writes included) built from INPUT_HASH.
  bool unchanged(const std::string& id, const std::string& input_hash) {
    std::string term = id_term(id);
    if (!db_.term_exists(term)) return false;
    Xapian::Document doc = db_.get_document(*db_.postlist_begin(term));
    if (doc.get_value(kSlotInputHash) != input_hash) return false;
    ++stats_.unchanged;
    indexed(id);
    return true;
  }

  // Writes B, built from an input with INPUT_HASH, unless the database
  // holds the same documents from the same input.
  void write(BuiltArticle& b, const std::string& input_hash) {
    b.article.add_value(kSlotInputHash, input_hash);
    // term_exists() first: opening a posting list on a WritableDatabase
    // flushes the pending position changes (glass), which made writing new
    // articles several times slower.
    if (db_.term_exists(b.id_term)) {
      Xapian::docid did = *db_.postlist_begin(b.id_term);
      Xapian::Document old = db_.get_document(did);
      if (old.get_value(kSlotHash) == b.hash && old.get_value(kSlotInputHash) == input_hash) {
        ++stats_.unchanged;
        indexed(b.id);
        return;
      }
      begin();
      remove_spelling(old);
      delete_quotes(b.article_term, did);
      db_.replace_document(did, b.article);
      replaced_.push_back(did);
      ++stats_.replaced;
    } else {
      begin();
      db_.add_document(b.article);
      ++stats_.added;
    }
    // The article's old quotes are gone (delete_quotes): plain adds, at the
    // commit.
    for (auto& quote : b.quotes)
      batch_quotes_.push_back({b.article_term, std::move(quote.second), b.quote_common});
    stats_.quotes += b.quotes.size();
    for (const std::string& w : b.spelling) ++spelling_[w];
    if (opt_.on_commit) report_.articles.push_back(b.id);
    changed();
  }

  // Removes the article ID and its quotes; false if there is no such article.
  bool remove(const std::string& id) {
    std::string term = id_term(id);
    Xapian::PostingIterator p = db_.postlist_begin(term);
    if (p == db_.postlist_end(term)) return false;
    begin();
    remove_spelling(db_.get_document(*p));
    drop_batch_quotes(article_term(id));
    db_.delete_document(article_term(id));
    ++stats_.deleted;
    if (opt_.on_commit) report_.deleted.push_back(id);
    changed();
    return true;
  }

  void commit() {
    // Each document is let go once added: Xapian holds its own copy of the
    // changes until the commit, and an article of thousands of quotes held
    // both at once.
    for (BatchQuote& quote : batch_quotes_) {
      add_quote_common(quote.doc, quote.common);
      db_.add_document(quote.doc);
      quote.doc = Xapian::Document();
      quote.common = Xapian::Document();
    }
    batch_quotes_.clear();
    flush_spelling();
    update_facet_columns(db_, replaced_);  // in the same commit as the documents
    replaced_.clear();
    if (in_transaction_) {
      db_.commit_transaction();
      in_transaction_ = false;
    } else {
      db_.commit();
    }
    pending_ = 0;
    ++stats_.commits;
    if (opt_.on_commit && (!report_.articles.empty() || !report_.deleted.empty())) {
      report_.number = stats_.commits;
      opt_.on_commit(report_);
    }
    report_.articles.clear();
    report_.deleted.clear();
  }

 private:
  // Each batch is one Xapian transaction, begun at its first change and
  // committed by commit(): Xapian flushes its in-memory changes every
  // XAPIAN_FLUSH_THRESHOLD documents (see tune_xapian_flush()), and outside
  // a transaction each such flush is a commit, which could make articles
  // durable without their quote documents (added at the commit): a run
  // killed then left them so, and the next run skipped them as unchanged.
  // Inside one, a flush only writes; the batch becomes durable whole. An
  // error that leaves the writer drops the batch (the transaction is
  // cancelled) rather than committing half of it.
  void begin() {
    if (in_transaction_) return;
    db_.begin_transaction();
    in_transaction_ = true;
  }

  void changed() {
    if (++pending_ >= opt_.batch_size || report_.articles.size() >= opt_.batch_size) commit();
  }

  // An unchanged article: nothing to write, but it is reported with the
  // next commit (it may be unchanged from a write of this run that is not
  // committed yet). A run of unchanged articles commits (a no-op for
  // Xapian) every batch, so the report stays small.
  void indexed(const std::string& id) {
    if (!opt_.on_commit) return;
    report_.articles.push_back(id);
    if (report_.articles.size() >= opt_.batch_size) commit();
  }

  void delete_quotes(const std::string& article_term, Xapian::docid article) {
    drop_batch_quotes(article_term);
    std::vector<Xapian::docid> quotes;
    for (auto q = db_.postlist_begin(article_term); q != db_.postlist_end(article_term); ++q)
      if (*q != article) quotes.push_back(*q);
    for (Xapian::docid q : quotes) db_.delete_document(q);
  }

  // Forgets the quotes of ARTICLE_TERM waiting for the commit (the article
  // is written again, or removed, in the same batch).
  void drop_batch_quotes(const std::string& article_term) {
    std::erase_if(batch_quotes_, [&](const BatchQuote& q) { return q.article_term == article_term; });
  }

  // Takes back the spelling words an old version of an article added.
  void remove_spelling(const Xapian::Document& old) {
    for (auto t = old.termlist_begin(); t != old.termlist_end(); ++t) {
      const std::string& term = *t;
      if (is_spelling_word(term)) --spelling_[term];
    }
  }

  // Spelling frequencies are summed over the batch and written once per
  // word at commit. (Measured with callgrind on BBC business: the spelling
  // table costs about 10% of the instructions either way.)
  void flush_spelling() {
    for (const auto& [word, n] : spelling_) {
      if (n > 0) db_.add_spelling(word, static_cast<Xapian::termcount>(n));
      if (n < 0) db_.remove_spelling(word, static_cast<Xapian::termcount>(-n));
    }
    spelling_.clear();
  }

  Xapian::WritableDatabase& db_;
  const IndexOptions& opt_;
  IndexStats& stats_;
  std::size_t pending_ = 0;
  std::vector<Xapian::docid> replaced_;  // in place since the last commit (facet columns)
  bool in_transaction_ = false;
  // The quote documents of the batch, (article term, document), added at
  // the commit after the batch's articles. So the articles of a batch have
  // consecutive document ids, and so do its quotes: an article search's
  // posting lists hold only articles, but BM25 reads each match's document
  // length from one list of all documents, and when quotes sat between the
  // articles (about four per article) that read walked over them. Grouped,
  // a term search's match at 20k articles takes 1.9x fewer instructions.
  // Each holds its article's shared fields apart (BuiltArticle::
  // quote_common), added just before it is written.
  struct BatchQuote {
    std::string article_term;
    Xapian::Document doc;
    Xapian::Document common;
  };
  std::vector<BatchQuote> batch_quotes_;
  std::unordered_map<std::string, long> spelling_;  // word -> frequency change
  CommitReport report_;  // what the next commit makes durable (when on_commit is set)
};

// The reader's view of the database as committed: is an article's input
// unchanged? Read on the reader thread only. The writer may commit
// meanwhile: a revision gone from under us is reopened.
class InputHashes {
 public:
  explicit InputHashes(const std::string& path) {
    try {
      db_ = Xapian::Database(path);
      open_ = true;
    } catch (const Xapian::Error&) {
      // A database created by this run and not yet committed: nothing to skip.
    }
  }

  bool has(const std::string& id, const std::string& input_hash) {
    if (!open_) return false;
    std::string term = id_term(id);
    for (int attempt = 0; attempt < 3; ++attempt) {
      try {
        Xapian::PostingIterator p = db_.postlist_begin(term);
        if (p == db_.postlist_end(term)) return false;
        return db_.get_document(*p).get_value(kSlotInputHash) == input_hash;
      } catch (const Xapian::Error&) {
        // Most likely a commit of ours overwrote the revision being read
        // (DatabaseModifiedError, or DatabaseCorruptError when the race
        // hits a block): read the latest. Failing that, the article is
        // simply built.
        try {
          db_.reopen();
        } catch (const Xapian::Error&) {
          return false;
        }
      }
    }
    return false;
  }

 private:
  Xapian::Database db_;
  bool open_ = false;
};

// A writer thread of its own, writing its share of a new database's
// articles into a part database (writer_part_path) that the end of the run
// merges in. Its commits are reported (on_commit) only once merged.
class PartWriter {
 public:
  // WARN reports, on the calling thread, a part folder left behind.
  PartWriter(const IndexOptions& opt, const std::string& language, unsigned k,
             std::function<void(const InputIssue&)> warn)
      : path_(writer_part_path(opt.db_path, k)), opt_(opt), warn_(std::move(warn)) {
    opt_.on_issue = nullptr;
    opt_.on_progress = nullptr;
    if (opt.on_commit) opt_.on_commit = [this](const CommitReport& r) { reports_.push_back(r); };
    // A leftover of a killed run is removed only if it is whosaid's
    // (open_for_index() removed it already; check_index_target() refused
    // the run if it was not).
    if (!remove_owned_folder(path_))
      throw NotAnIndex(fmt::format(
          "cannot write a part of the new index {}: {} holds files whosaid-index did not "
          "write: move them out of {}",
          opt.db_path, path_, path_));
    claim_folder(path_);  // the marker first
    // Without fsync: a part is read back by the final compaction, whose
    // copy is synced before it replaces the index, and a part a crash or a
    // kill leaves behind is dropped by the next run, whatever it holds. Its
    // commits only keep its memory bounded (about 40 ms of waiting each on
    // this project's VM).
    db_ = Xapian::WritableDatabase(path_, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
    db_.set_metadata(kSchemaVersionKey, std::to_string(kSchemaVersion));
    db_.set_metadata(kLanguageKey, language);
    writer_ = std::make_unique<Writer>(db_, opt_, stats_);
    thread_ = std::thread([this, k] {
      name_thread(fmt::format("whosaid-write{}", k));
      run();
    });
  }
  ~PartWriter() {
    close();
    db_.close();
    if (remove_owned_folder(path_)) return;  // its own files only
    // Someone else's file in it: kept, and the folder with it.
    try {
      warn_({InputIssue::Kind::kNote, path_,
             "this writer part of the new index holds files whosaid-index did not write: "
             "left them there; move them out and remove the folder",
             "part left"});
    } catch (...) {
    }
  }
  PartWriter(const PartWriter&) = delete;
  PartWriter& operator=(const PartWriter&) = delete;

  // Queues ITEM (built) for writing; blocks while the queue is full.
  // Rethrows the thread's error.
  void put(Item&& item) {
    std::unique_lock lock(m_);
    space_.wait(lock, [&] { return error_ || queue_.size() < kQueue; });
    if (error_) std::rethrow_exception(error_);
    queue_.push_back(std::move(item));
    work_.notify_one();
  }

  // Writes what is queued, commits and stops the thread. Rethrows its error.
  void finish() {
    close();
    if (error_) std::rethrow_exception(error_);
  }

  const std::string& path() const { return path_; }
  const IndexStats& stats() const { return stats_; }  // after finish()
  const std::vector<CommitReport>& reports() const { return reports_; }
  std::size_t written() const { return written_.load(); }

 private:
  static constexpr std::size_t kQueue = 32;

  void close() {
    {
      std::lock_guard lock(m_);
      closed_ = true;
      work_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
  }

  void run() {
    try {
      for (;;) {
        Item item;
        {
          std::unique_lock lock(m_);
          work_.wait(lock, [&] { return closed_ || !queue_.empty(); });
          if (queue_.empty()) break;
          item = std::move(queue_.front());
          queue_.pop_front();
          space_.notify_one();
        }
        writer_->write(*item.built, item.input_hash);
        ++written_;
      }
      writer_->commit();
    } catch (...) {
      std::lock_guard lock(m_);
      error_ = std::current_exception();
      space_.notify_all();
    }
  }

  std::string path_;
  IndexOptions opt_;
  std::function<void(const InputIssue&)> warn_;
  IndexStats stats_;
  Xapian::WritableDatabase db_;
  std::unique_ptr<Writer> writer_;
  std::vector<CommitReport> reports_;
  std::mutex m_;
  std::condition_variable space_, work_;
  std::deque<Item> queue_;
  bool closed_ = false;
  std::exception_ptr error_;
  std::atomic<std::size_t> written_{0};
  std::thread thread_;
};

// Which of N writers an article goes to: by id, so that every version of an
// article in one run goes to the same writer (the last one wins).
unsigned writer_for(const std::string& id, unsigned n) {
  return static_cast<unsigned>(std::stoull(hash_hex(id).substr(8), nullptr, 16) % n);
}

// Copies the documents and spelling data of the database at FROM into DB
// (when the parts cannot be merged by compaction).
void copy_into(Xapian::WritableDatabase& db, const std::string& from) {
  Xapian::Database part(from);
  for (auto w = part.spellings_begin(); w != part.spellings_end(); ++w)
    db.add_spelling(*w, w.get_termfreq());
  for (auto d = part.postlist_begin(""); d != part.postlist_end(""); ++d)
    db.add_document(part.get_document(*d));
  db.commit();
}

std::string input_hash(const Article& a, const std::string& raw_hash, bool extract,
                       const std::string& language) {
  return hash_hex(fmt::format("{}\x1e{}\x1e{}\x1e{}\x1e{}\x1e{}\x1e{}", kInputHashFormat,
                              WHOSAID_VERSION, extract ? "extract" : "no-extract", language, a.id,
                              a.path, raw_hash));
}

std::size_t text_bytes(const Article& a) { return a.text.size() + a.body.size() + a.title.size(); }

// Extracts and builds ITEM's article into ITEM.built, or an issue if that
// fails; the article is dropped either way.
void build(Item& item, const std::optional<Extractor>& extractor, DocumentBuilder& builder) {
  Article& a = *item.article;
  try {
    if (extractor) extractor->extract(a);
    item.built = builder.build(a, /*defer_quote_common=*/true);
  } catch (const std::exception& e) {
    // One article the extractor or the builder chokes on: skip it.
    item.issue = InputIssue{InputIssue::Kind::kSkipped, a.origin,
                            fmt::format("cannot index: {}", e.what()), "failed"};
  }
  item.article.reset();
}

unsigned default_jobs() {
  unsigned n = std::thread::hardware_concurrency();
  return n > 1 ? n - 1 : 1;
}

}  // namespace

void tune_xapian_flush() {
  ::setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(kXapianFlushThreshold).c_str(), 0);
}

IndexStats run_index(const IndexOptions& opt) {
  auto start = Clock::now();
  IndexStats stats;
  std::string language;
  if (!opt.language.empty()) language = make_analysis(opt.language).language;
  // Before anything is created: --db must be new, empty or a whosaid index,
  // apart from the inputs.
  check_index_target(opt.db_path, opt.inputs);
  std::error_code ec;
  // (A folder holding no database yet, e.g. one another run is creating,
  // has nothing to delete either.)
  if (opt.inputs.empty() &&
      (!std::filesystem::exists(opt.db_path, ec) ||
       (std::filesystem::is_directory(opt.db_path, ec) &&
        !std::filesystem::exists(std::filesystem::path(opt.db_path) / "iamglass", ec))))
    throw IndexMissing(fmt::format("no index at {} (nothing to delete)", opt.db_path));
  Xapian::WritableDatabase db = open_for_index(opt.db_path, language);
  stats.language = database_language(db);

  IndexOptions o = opt;
  if (o.batch_size == 0) o.batch_size = 1;
  Writer writer(db, o, stats);

  for (const std::string& id : o.delete_ids) {
    if (writer.remove(id)) continue;
    // Plain-text articles are known by their canonical path: accept the path.
    std::filesystem::path canonical = std::filesystem::weakly_canonical(id, ec);
    if (!ec && canonical.string() != id && writer.remove(canonical.string())) continue;
    writer.issue(
        {InputIssue::Kind::kSkipped, id, "no article with this id in the index", "not found"});
  }

  // Parallel writers for a new database (see IndexOptions::writers).
  std::vector<std::unique_ptr<PartWriter>> parts;
  if (!o.inputs.empty() && o.delete_ids.empty() && !o.accept_id &&
      o.compact != IndexOptions::Compact::kNever && db.get_doccount() == 0) {
    unsigned n = o.writers ? o.writers : std::min(4u, std::thread::hardware_concurrency());
    for (unsigned k = 1; k < n; ++k)
      parts.push_back(std::make_unique<PartWriter>(
          o, stats.language, k, [&writer](const InputIssue& i) { writer.issue(i); }));
  }
  stats.writers = 1 + parts.size();

  if (!o.inputs.empty()) {
    std::optional<Extractor> extractor;
    if (o.extract) extractor.emplace(load_aliases());  // may throw Error: before any thread starts
    unsigned jobs = o.jobs ? o.jobs : default_jobs();
    Pipeline pipeline(16 * jobs + 64);
    ThreadGroup threads(pipeline);
    std::istream& in = o.standard_input ? *o.standard_input : std::cin;

    threads.spawn([&] {
      name_thread("whosaid-read");
      std::exception_ptr error;
      try {
        InputHashes hashes(o.db_path);
        InputSink sink{[&](Article&& a, const std::string& raw_hash) {
                         if (o.accept_id && !o.accept_id(a.id)) return true;  // another shard's
                         Item item;
                         item.input_hash = input_hash(a, raw_hash, o.extract, stats.language);
                         item.unchanged = hashes.has(a.id, item.input_hash);
                         item.bytes = text_bytes(a);
                         item.article = std::move(a);
                         return pipeline.push(std::move(item));
                       },
                       [&](InputIssue&& i) {
                         Item item;
                         item.issue = std::move(i);
                         return pipeline.push(std::move(item));
                       }};
        read_inputs(o.inputs, in, sink);
      } catch (...) {
        error = std::current_exception();
      }
      pipeline.reader_finished(error);
    });
    for (unsigned j = 0; j < jobs; ++j) {
      threads.spawn([&, j] {
        name_thread(fmt::format("whosaid-build{}", j));
        try {
          DocumentBuilder builder(stats.language);
          while (std::optional<Item> item = pipeline.take_work()) {
            build(*item, extractor, builder);
            pipeline.finished(std::move(*item));
          }
        } catch (...) {
          pipeline.worker_failed(std::current_exception());
        }
      });
    }

    std::optional<DocumentBuilder> writer_builder;  // for unchanged inputs changed by this run
    auto last_progress = Clock::now();
    for (;;) {
      Item item;
      auto next = pipeline.take_next(item, o.progress_interval);
      if (next == Pipeline::Next::kEnd) break;
      if (next == Pipeline::Next::kItem) {
        // The reader saw the input hash as committed before this run's
        // writes: an earlier line of this run with the same id may have
        // replaced it since. Then it is built here after all.
        if (item.unchanged && !writer.unchanged(item.article->id, item.input_hash)) {
          if (!writer_builder) writer_builder.emplace(stats.language);
          build(item, extractor, *writer_builder);
        }
        if (item.issue) writer.issue(*item.issue);
        if (item.built) {
          ++stats.built;
          unsigned k = parts.empty() ? 0 : writer_for(item.built->id, stats.writers);
          if (k == 0)
            writer.write(*item.built, item.input_hash);
          else
            parts[k - 1]->put(std::move(item));
        }
      }
      if (o.on_progress && Clock::now() - last_progress >= o.progress_interval) {
        last_progress = Clock::now();
        IndexStats view = stats;  // the parts' articles as new: their databases are new
        for (const auto& p : parts) view.added += p->written();
        view.seconds = std::chrono::duration<double>(last_progress - start).count();
        o.on_progress(view);
      }
    }
  }

  // Explicitly: the destructor would swallow a failure to commit.
  writer.commit();
  std::size_t reported_commits = stats.commits;  // the first writer's
  std::vector<std::string> merge;
  for (const auto& p : parts) {
    p->finish();
    stats.add_counts(p->stats());
    if (p->written() > 0) merge.push_back(p->path());  // an empty part is just dropped
  }
  // Written documents: articles built or removed and their quotes.
  std::size_t written = stats.added + stats.replaced + stats.deleted + stats.quotes;
  // (Parts to merge are merged by compaction, whatever was written.)
  bool compact = !merge.empty() || o.compact == IndexOptions::Compact::kAlways ||
                 (o.compact == IndexOptions::Compact::kAuto && written > 0 &&
                  written * 10 >= db.get_doccount());
  if (compact && std::filesystem::exists(std::filesystem::path(o.db_path) / "iamglass", ec)) {
    // Still holding the write lock (db is open), everything committed.
    auto compact_start = Clock::now();
    stats.compacted = compact_in_place(o.db_path, merge);
    stats.compact_seconds = std::chrono::duration<double>(Clock::now() - compact_start).count();
  }
  if (!merge.empty()) {
    if (!stats.compacted) {
      // No folder exchange here (or no glass database): copy the parts in.
      for (const std::string& m : merge) copy_into(db, m);
    }
    // The parts' articles are in the database now: report their commits.
    if (o.on_commit) {
      for (const auto& p : parts)
        for (CommitReport r : p->reports()) {
          r.number = ++reported_commits;
          o.on_commit(r);
        }
    }
    parts.clear();  // removes the parts
  }
  if (stats.compacted) db = Xapian::WritableDatabase();  // the old files; reopen to count
  Xapian::Database final_db(o.db_path);
  stats.documents = final_db.get_doccount();
  stats.articles = final_db.get_termfreq(std::string(kPrefixType) + std::string(kTypeArticle));
  stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return stats;
}

bool IndexStats::count_issue(const InputIssue& i) {
  switch (i.kind) {
    case InputIssue::Kind::kSkipped:
      ++skipped;
      ++skip_reasons[i.reason];
      return true;
    case InputIssue::Kind::kRepaired:
      ++repaired;
      return true;
    case InputIssue::Kind::kNote:
      ++notes;
      return true;
    case InputIssue::Kind::kNotice:
      return true;  // passed on, counted nowhere
    case InputIssue::Kind::kIgnored:
      break;
  }
  return false;
}

void IndexStats::add_counts(const IndexStats& other) {
  added += other.added;
  replaced += other.replaced;
  unchanged += other.unchanged;
  built += other.built;
  commits += other.commits;
  quotes += other.quotes;
  deleted += other.deleted;
}

std::string format_summary(const IndexStats& s) {
  auto count = [](std::size_t n, std::string_view noun) {
    return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
  };
  std::string out =
      fmt::format("indexed {} (new {}, replaced {}, unchanged {}) and {}, deleted {}, skipped {}",
                  count(s.indexed(), "article"), s.added, s.replaced, s.unchanged,
                  count(s.quotes, "quote"), s.deleted, s.skipped);
  if (!s.skip_reasons.empty()) {
    out += " (reasons: ";
    bool first = true;
    for (const auto& [reason, n] : s.skip_reasons) {
      out += fmt::format("{}{} {}", first ? "" : ", ", reason, n);
      first = false;
    }
    out += ")";
  }
  out += fmt::format(", repaired {}", s.repaired);
  if (s.ignored)
    out += fmt::format(", ignored {} (hidden or not articles)", count(s.ignored, "file"));
  out += fmt::format(", in {} s ({:.0f} articles/s)", fmt::format("{:.1f}", s.seconds), s.rate());
  if (s.compacted) out += fmt::format(", compacted in {:.1f} s", s.compact_seconds);
  return out;
}

nlohmann::json summary_json(const IndexStats& s) {
  return {{"version", 1},
          {"indexed", s.indexed()},
          {"new", s.added},
          {"replaced", s.replaced},
          {"unchanged", s.unchanged},
          {"built", s.built},
          {"commits", s.commits},
          {"quotes", s.quotes},
          {"deleted", s.deleted},
          {"skipped", s.skipped},
          {"skip_reasons", s.skip_reasons},
          {"repaired", s.repaired},
          {"notes", s.notes},
          {"ignored", s.ignored},
          {"documents", s.documents},
          {"articles", s.articles},
          {"language", s.language},
          {"compacted", s.compacted},
          {"compact_seconds", s.compact_seconds},
          {"seconds", s.seconds},
          {"articles_per_second", s.rate()}};
}

}  // namespace whosaid
