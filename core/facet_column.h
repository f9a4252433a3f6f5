// Facet columns: for each facet slot, the item ids of every document by
// document id, with a dictionary of the items, kept in the database's user
// metadata and written in the same commit as the documents. Counting a
// facet from a column is an array lookup per match; through Xapian's value
// streams it is a walk over the slot's values of every document up to the
// match (quotes included), which at a million articles is most of a facet
// query's time.
//
// A column is only ever read for the revision it was written for: its stamp
// names the database's UUID (a compacted or merged copy has a new one), the
// revision its commit makes and the last document id. Anything else (an
// index without columns, a commit that did not update them, several
// shards, a remote database) reads as "no column", and the searcher counts
// through the value streams as before, with the same results.
#pragma once

#include <xapian.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace whosaid {

// The slots that have a column: every facet field's slot, and the date's
// (the month facet).
std::vector<Xapian::valueno> facet_column_slots();

// Writer side: brings the columns of DB up to date with its pending
// changes, as metadata changes that the caller's next commit writes with
// them. Call it right before each commit. REPLACED: the documents replaced
// in place since the last commit (replace_document(docid, ...)); documents
// added since are found by their ids, deleted ones need nothing (they no
// longer match). When the columns do not belong to DB's last committed
// revision (none yet, a compacted copy, a commit made without this call),
// they are rebuilt from every document. Writes nothing when nothing
// changed, so a commit with nothing to write stays one.
void update_facet_columns(Xapian::WritableDatabase& db,
                          const std::vector<Xapian::docid>& replaced = {});

// Reader side: the column of one slot at one revision of one database,
// shared by every search of that revision in the process, in any thread. It
// is read lazily (a chunk of document ids at a time, the dictionary once),
// through the database handle of the search that needs it (a
// Xapian::Database is not for two threads), so that each part is read and
// decoded once per revision rather than once per search.
class FacetColumn {
 public:
  // The column of SLOT in DB, or nullptr if DB has none that belongs to the
  // revision open (see above) or is not one local database. Searches of the
  // same revision get the same object: a process-wide cache keeps the
  // latest revision of each database and slot seen (a few dozen at most).
  static std::shared_ptr<const FacetColumn> open(const Xapian::Database& db,
                                                 Xapian::valueno slot);

  // Calls F(id) for each item id (1 .. size()) of document DID. DB: the
  // database open() was given (or one at the same revision).
  template <class F>
  void for_each(const Xapian::Database& db, Xapian::docid did, F&& f) const {
    const std::size_t n = (did - 1) / kChunkDocs;
    if (n >= chunk_count_) return;
    const Chunk& c = chunk(db, n);
    const std::size_t pos = (did - 1) % kChunkDocs;
    if (pos >= c.docs) return;
    if (c.offsets == nullptr) {
      std::uint32_t id = read(c.ids, pos, c.id_width);
      if (id) f(id);
      return;
    }
    std::uint32_t b = read(c.offsets, pos, c.offset_width);
    std::uint32_t e = read(c.offsets, pos + 1, c.offset_width);
    for (std::uint32_t i = b; i < e; ++i) f(read(c.ids, i, c.id_width));
  }

  // Number of distinct items (ids run from 1 to size()).
  std::uint32_t size() const { return size_; }

  // An item of the dictionary: the value and kind of its stored form (core
  // split_kind_item) and its group: items whose values differ only in case
  // or spacing (core fold_value) and that have the same kind share one,
  // named by the smallest id among them.
  struct Item {
    std::string_view stored;  // as stored in the slot's list (core encode_list)
    std::string_view value, kind;
    std::uint32_t group = 0;
  };
  // The items by id (index 0 unused), read once per revision.
  const std::vector<Item>& items(const Xapian::Database& db) const;

  // Documents per chunk (one metadata entry per slot and chunk).
  static constexpr std::size_t kChunkDocs = 8192;
  // Items per dictionary entry.
  static constexpr std::size_t kDictItems = 1024;

  FacetColumn(Xapian::valueno slot, std::uint32_t size, Xapian::docid last);
  ~FacetColumn();
  FacetColumn(const FacetColumn&) = delete;
  FacetColumn& operator=(const FacetColumn&) = delete;

 private:
  struct Chunk {
    std::size_t docs = 0;
    const unsigned char* offsets = nullptr;  // docs + 1 entries; null: one id a document
    const unsigned char* ids = nullptr;
    unsigned offset_width = 0, id_width = 0;
  };
  // A chunk's bytes and their view, read once by the first search that
  // needs them.
  struct Part {
    std::atomic<bool> ready{false};
    std::string data;
    Chunk view;
  };
  struct Dictionary;
  static std::uint32_t read(const unsigned char* p, std::size_t i, unsigned width) {
    p += i * width;
    switch (width) {
      case 1:
        return p[0];
      case 2:
        return p[0] | (std::uint32_t(p[1]) << 8);
      case 3:
        return p[0] | (std::uint32_t(p[1]) << 8) | (std::uint32_t(p[2]) << 16);
      default:
        return p[0] | (std::uint32_t(p[1]) << 8) | (std::uint32_t(p[2]) << 16) |
               (std::uint32_t(p[3]) << 24);
    }
  }
  const Chunk& chunk(const Xapian::Database& db, std::size_t n) const {
    const Part& p = parts_[n];
    if (!p.ready.load(std::memory_order_acquire)) load_chunk(db, n);
    return p.view;
  }
  void load_chunk(const Xapian::Database& db, std::size_t n) const;

  Xapian::valueno slot_;
  std::uint32_t size_;
  std::size_t chunk_count_;
  std::unique_ptr<Part[]> parts_;
  std::unique_ptr<Dictionary> dict_;
  // Held while a part read is put in place, and while the dictionary is
  // read (rarely: once per part and revision). A read that throws (a
  // revision overwritten under the search, damaged data) leaves the part
  // unread, for the next search to try again.
  mutable std::mutex load_mutex_;
};

// The error for stored facet data that does not read as written (KEY: the
// metadata entry): it says how to rebuild it.
Error facet_data_damaged(const std::string& key);

// Tests and benchmarks only: false makes FacetColumn::open() find no
// column, so that facets are counted through the value streams (the same
// counts, the old way). True by default.
void set_facet_columns_enabled(bool enabled);

}  // namespace whosaid
