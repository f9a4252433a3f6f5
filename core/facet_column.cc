// Facet columns in user metadata: the writer's update at commit and the
// reader's lazy lookup.
//
// Metadata entries (all under "whosaid:facet"):
//   whosaid:facet                 the stamp: "<format> <uuid> <revision> <last docid>
//                                 <doccount>" then " <slot> <items>" per slot
//   whosaid:facet:<slot>:c<n>     documents n*kChunkDocs+1 .. (n+1)*kChunkDocs
//   whosaid:facet:<slot>:d<k>     items k*kDictItems+1 .. (k+1)*kDictItems, joined by '\x1f'
// A chunk: a byte 'S' (at most one item a document) or 'M' (lists), the byte
// width of an item id (1-4), the byte width of an offset (0 for 'S'), the
// number of documents (4 bytes), then for 'S' one id a document (0 = none),
// for 'M' docs + 1 offsets into the ids that follow. Little-endian.
#include "core/facet_column.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "core/analysis.h"
#include "core/error.h"
#include "core/schema.h"

namespace whosaid {
namespace {

constexpr std::string_view kStampKey = "whosaid:facet";
constexpr int kFormat = 1;
constexpr char kSep = '\x1f';  // core encode_list's separator
constexpr std::size_t kHeader = 7;

std::atomic<bool> g_enabled{true};

}  // namespace

Error facet_data_damaged(const std::string& key) {
  return Error(fmt::format(
      "the facet counts stored in the index ({}) are damaged (rebuild them: run whosaid-index "
      "--compact on the index with any of its inputs)",
      key));
}

namespace {

std::string chunk_key(Xapian::valueno slot, std::size_t n) {
  return fmt::format("{}:{}:c{}", kStampKey, slot, n);
}

std::string dict_key(Xapian::valueno slot, std::size_t k) {
  return fmt::format("{}:{}:d{}", kStampKey, slot, k);
}

struct Stamp {
  bool ok = false;
  std::string uuid;
  Xapian::rev rev = 0;
  Xapian::docid last = 0;
  Xapian::doccount docs = 0;
  std::map<Xapian::valueno, std::uint32_t> sizes;  // items per slot
};

Stamp read_stamp(const Xapian::Database& db) {
  Stamp s;
  std::istringstream in(db.get_metadata(std::string(kStampKey)));
  int format = 0;
  if (!(in >> format >> s.uuid >> s.rev >> s.last >> s.docs) || format != kFormat) return s;
  Xapian::valueno slot;
  std::uint32_t size;
  while (in >> slot >> size) s.sizes[slot] = size;
  for (Xapian::valueno want : facet_column_slots())
    if (!s.sizes.count(want)) return s;
  s.ok = true;
  return s;
}

unsigned width_for(std::uint64_t max) {
  return max < (1u << 8) ? 1 : max < (1u << 16) ? 2 : max < (1u << 24) ? 3 : 4;
}

void put(std::string& out, std::uint64_t v, unsigned width) {
  for (unsigned i = 0; i < width; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

std::uint32_t get(const unsigned char* p, unsigned width) {
  std::uint32_t v = 0;
  for (unsigned i = 0; i < width; ++i) v |= std::uint32_t(p[i]) << (8 * i);
  return v;
}

using Entries = std::vector<std::vector<std::uint32_t>>;  // item ids per document

std::string encode_chunk(const Entries& docs) {
  std::uint32_t max_id = 0;
  std::size_t total = 0;
  bool lists = false;
  for (const auto& ids : docs) {
    total += ids.size();
    lists = lists || ids.size() > 1;
    for (std::uint32_t id : ids) max_id = std::max(max_id, id);
  }
  const unsigned w = width_for(max_id), ow = lists ? width_for(total) : 0;
  std::string out;
  out += lists ? 'M' : 'S';
  out += static_cast<char>(w);
  out += static_cast<char>(ow);
  put(out, docs.size(), 4);
  if (!lists) {
    for (const auto& ids : docs) put(out, ids.empty() ? 0 : ids[0], w);
    return out;
  }
  std::size_t offset = 0;
  for (const auto& ids : docs) {
    put(out, offset, ow);
    offset += ids.size();
  }
  put(out, offset, ow);
  for (const auto& ids : docs)
    for (std::uint32_t id : ids) put(out, id, w);
  return out;
}

// The parts of chunk DATA; throws if it is malformed.
struct ChunkView {
  char format = 0;
  unsigned w = 0, ow = 0;
  std::size_t docs = 0;
  const unsigned char* offsets = nullptr;
  const unsigned char* ids = nullptr;
};

ChunkView view_chunk(const std::string& data, const std::string& key) {
  ChunkView v;
  auto bad = [&] { return facet_data_damaged(key); };
  if (data.size() < kHeader) throw bad();
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  v.format = static_cast<char>(p[0]);
  v.w = p[1];
  v.ow = p[2];
  v.docs = get(p + 3, 4);
  if (v.w < 1 || v.w > 4 || (v.format != 'S' && v.format != 'M')) throw bad();
  if (v.format == 'S') {
    if (data.size() != kHeader + v.docs * v.w) throw bad();
    v.ids = p + kHeader;
    return v;
  }
  if (v.ow < 1 || v.ow > 4 || data.size() < kHeader + (v.docs + 1) * v.ow) throw bad();
  v.offsets = p + kHeader;
  v.ids = v.offsets + (v.docs + 1) * v.ow;
  std::size_t total = get(v.offsets + v.docs * v.ow, v.ow);
  if (data.size() != kHeader + (v.docs + 1) * v.ow + total * v.w) throw bad();
  for (std::size_t i = 0; i < v.docs; ++i)
    if (get(v.offsets + i * v.ow, v.ow) > get(v.offsets + (i + 1) * v.ow, v.ow)) throw bad();
  return v;
}

Entries decode_chunk(const std::string& data, const std::string& key) {
  ChunkView v = view_chunk(data, key);
  Entries out(v.docs);
  for (std::size_t i = 0; i < v.docs; ++i) {
    if (!v.offsets) {
      if (std::uint32_t id = get(v.ids + i * v.w, v.w)) out[i].push_back(id);
      continue;
    }
    std::uint32_t b = get(v.offsets + i * v.ow, v.ow), e = get(v.offsets + (i + 1) * v.ow, v.ow);
    for (std::uint32_t k = b; k < e; ++k) out[i].push_back(get(v.ids + k * v.w, v.w));
  }
  return out;
}

// One slot's dictionary while the writer updates it.
class Dictionary {
 public:
  Dictionary(Xapian::WritableDatabase& db, Xapian::valueno slot, std::uint32_t size)
      : db_(db), slot_(slot), stored_(size) {
    for (std::size_t k = 0; k * FacetColumn::kDictItems < size; ++k) {
      std::string data = db.get_metadata(dict_key(slot, k));
      if (data.empty()) break;  // missing: the size check below reports it
      for (std::string& item : decode_list(data)) add(std::move(item));
    }
    if (items_.size() != size) throw facet_data_damaged(dict_key(slot, 0));
  }

  // The ids of the items of the list VALUE, each once.
  std::vector<std::uint32_t> ids(std::string_view value) {
    std::vector<std::uint32_t> out;
    for (std::string& item : decode_list(value)) {
      auto it = index_.find(item);
      std::uint32_t id = it != index_.end() ? it->second : add(std::move(item));
      if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    }
    return out;
  }

  std::uint32_t size() const { return static_cast<std::uint32_t>(items_.size()); }

  // Writes the entries holding items added since the last write.
  void write() {
    const std::size_t d = FacetColumn::kDictItems;
    for (std::size_t k = stored_ / d; k * d < items_.size(); ++k) {
      const auto first = items_.begin() + static_cast<std::ptrdiff_t>(k * d);
      const auto stop = items_.begin() + static_cast<std::ptrdiff_t>(std::min(items_.size(), (k + 1) * d));
      db_.set_metadata(dict_key(slot_, k), encode_list({first, stop}));
    }
    stored_ = items_.size();
  }

 private:
  std::uint32_t add(std::string item) {
    items_.push_back(item);
    std::uint32_t id = static_cast<std::uint32_t>(items_.size());
    index_.emplace(std::move(item), id);
    return id;
  }

  Xapian::WritableDatabase& db_;
  Xapian::valueno slot_;
  std::size_t stored_;
  std::vector<std::string> items_;
  std::unordered_map<std::string, std::uint32_t> index_;
};

}  // namespace

std::vector<Xapian::valueno> facet_column_slots() {
  std::vector<Xapian::valueno> out = {kSlotDate};
  for (const Field& f : fields())
    if (f.facet && std::find(out.begin(), out.end(), f.slot) == out.end()) out.push_back(f.slot);
  std::sort(out.begin(), out.end());
  return out;
}

void update_facet_columns(Xapian::WritableDatabase& db,
                          const std::vector<Xapian::docid>& replaced) {
  const Stamp s = read_stamp(db);
  const std::string uuid = db.get_uuid();
  const Xapian::rev rev = db.get_revision();
  const bool valid = s.ok && s.uuid == uuid && s.rev == rev;
  const Xapian::docid last = db.get_lastdocid();
  const Xapian::doccount docs = db.get_doccount();
  const Xapian::docid first_new = valid ? s.last + 1 : 1;
  // Documents replaced in place that the columns hold (the new ones are
  // done anyway).
  std::vector<Xapian::docid> redo;
  if (valid)
    for (Xapian::docid d : replaced)
      if (d < first_new) redo.push_back(d);
  std::sort(redo.begin(), redo.end());
  redo.erase(std::unique(redo.begin(), redo.end()), redo.end());
  if (valid && first_new > last && redo.empty() && docs == s.docs) return;  // nothing changed

  // The chunks to write, ascending: those of replaced documents and of new ones.
  const std::size_t c = FacetColumn::kChunkDocs;
  std::vector<std::size_t> touched;
  for (Xapian::docid d : redo) touched.push_back((d - 1) / c);
  if (first_new <= last)
    for (std::size_t n = (first_new - 1) / c; n <= (last - 1) / c; ++n) touched.push_back(n);
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());

  std::string stamp = fmt::format("{} {} {} {} {}", kFormat, uuid, rev + 1, last, docs);
  for (Xapian::valueno slot : facet_column_slots()) {
    Dictionary dict(db, slot, valid ? s.sizes.at(slot) : 0);
    // The values of the new documents, in docid order (none if there are none).
    const Xapian::ValueIterator end = db.valuestream_end(slot);
    Xapian::ValueIterator v = first_new <= last ? db.valuestream_begin(slot) : end;
    if (v != end) v.skip_to(first_new);
    auto r = redo.begin();
    for (std::size_t n : touched) {
      const Xapian::docid lo = static_cast<Xapian::docid>(n * c + 1);
      const Xapian::docid hi = static_cast<Xapian::docid>(std::min<std::size_t>((n + 1) * c, last));
      Entries entries;
      if (valid && lo <= s.last) {
        const std::string key = chunk_key(slot, n);
        entries = decode_chunk(db.get_metadata(key), key);
      }
      entries.resize(hi - lo + 1);
      for (; r != redo.end() && *r <= hi; ++r) {
        std::vector<std::uint32_t>& e = entries[*r - lo];
        try {
          e = dict.ids(db.get_document(*r).get_value(slot));
        } catch (const Xapian::DocNotFoundError&) {
          e.clear();  // replaced, then deleted
        }
      }
      for (Xapian::docid d = std::max(lo, first_new); d <= hi; ++d) entries[d - lo].clear();
      for (; v != end && v.get_docid() <= hi; ++v) entries[v.get_docid() - lo] = dict.ids(*v);
      db.set_metadata(chunk_key(slot, n), encode_chunk(entries));
    }
    dict.write();
    stamp += fmt::format(" {} {}", slot, dict.size());
  }
  db.set_metadata(std::string(kStampKey), stamp);
}

// The columns of recently searched revisions, by database UUID and slot:
// the latest revision seen of each. A database's revision never changes
// once committed, so a column read for it stays right for as long as a
// search has that revision open. Bounded: the least recently used entry
// goes when there are more than kCacheEntries (columns of databases no
// longer searched; a search that holds one keeps it alive).
namespace {

constexpr std::size_t kCacheEntries = 64;

struct CacheEntry {
  std::string uuid;
  Xapian::valueno slot = 0;
  Xapian::rev rev = 0;
  Xapian::docid last = 0;
  std::uint64_t used = 0;
  std::shared_ptr<const FacetColumn> column;
};

std::mutex g_cache_mutex;
std::vector<CacheEntry> g_cache;
std::uint64_t g_cache_clock = 0;

}  // namespace

struct FacetColumn::Dictionary {
  std::atomic<bool> ready{false};
  std::vector<std::string> data;  // dictionary entry k's bytes
  std::vector<Item> items;
};

std::shared_ptr<const FacetColumn> FacetColumn::open(const Xapian::Database& db,
                                                     Xapian::valueno slot) {
  if (!g_enabled.load(std::memory_order_relaxed)) return nullptr;
  Xapian::rev rev;
  try {
    rev = db.get_revision();  // only one local database has one
  } catch (const Xapian::InvalidOperationError&) {
    return nullptr;
  } catch (const Xapian::UnimplementedError&) {
    return nullptr;
  }
  const Stamp s = read_stamp(db);
  if (!s.ok || s.rev != rev || s.last != db.get_lastdocid() || s.uuid != db.get_uuid())
    return nullptr;
  auto size = s.sizes.find(slot);
  if (size == s.sizes.end()) return nullptr;

  std::lock_guard lock(g_cache_mutex);
  auto it = std::find_if(g_cache.begin(), g_cache.end(), [&](const CacheEntry& e) {
    return e.uuid == s.uuid && e.slot == slot;
  });
  if (it == g_cache.end()) {
    if (g_cache.size() >= kCacheEntries)
      g_cache.erase(std::min_element(g_cache.begin(), g_cache.end(),
                                     [](const CacheEntry& a, const CacheEntry& b) {
                                       return a.used < b.used;
                                     }));
    g_cache.push_back({s.uuid, slot, 0, 0, 0, nullptr});
    it = g_cache.end() - 1;
  }
  // A reader still searching an older revision than the last one cached
  // gets a column of its own, not cached (rare: a commit between two
  // searches that overlap).
  if (it->column && (it->rev != s.rev || it->last != s.last)) {
    if (s.rev < it->rev) return std::make_shared<const FacetColumn>(slot, size->second, s.last);
    it->column.reset();
  }
  if (!it->column) {
    it->column = std::make_shared<const FacetColumn>(slot, size->second, s.last);
    it->rev = s.rev;
    it->last = s.last;
  }
  it->used = ++g_cache_clock;
  return it->column;
}

FacetColumn::FacetColumn(Xapian::valueno slot, std::uint32_t size, Xapian::docid last)
    : slot_(slot),
      size_(size),
      chunk_count_((static_cast<std::size_t>(last) + kChunkDocs - 1) / kChunkDocs),
      parts_(new Part[chunk_count_]),
      dict_(std::make_unique<Dictionary>()) {}

FacetColumn::~FacetColumn() = default;

void FacetColumn::load_chunk(const Xapian::Database& db, std::size_t n) const {
  Part& p = parts_[n];
  // Read outside the lock, so that threads counting different parts of a
  // match (searcher run_search()) read their chunks at once; the first to
  // finish keeps its copy.
  const std::string key = chunk_key(slot_, n);
  std::string data = db.get_metadata(key);
  std::lock_guard lock(load_mutex_);
  if (p.ready.load(std::memory_order_relaxed)) return;
  p.data = std::move(data);
  ChunkView v = view_chunk(p.data, key);
  p.view.docs = std::min(v.docs, kChunkDocs);
  p.view.offsets = v.offsets;
  p.view.ids = v.ids;
  p.view.offset_width = v.ow;
  p.view.id_width = v.w;
  p.ready.store(true, std::memory_order_release);
}

const std::vector<FacetColumn::Item>& FacetColumn::items(const Xapian::Database& db) const {
  Dictionary& d = *dict_;
  if (d.ready.load(std::memory_order_acquire)) return d.items;
  std::lock_guard lock(load_mutex_);
  if (!d.ready.load(std::memory_order_relaxed)) {
    std::vector<std::string> data((size_ + kDictItems - 1) / kDictItems);
    std::vector<Item> items(1);
    items.reserve(size_ + 1);
    for (std::size_t k = 0; k < data.size(); ++k) {
      const std::string key = dict_key(slot_, k);
      data[k] = db.get_metadata(key);
      if (data[k].empty()) throw facet_data_damaged(key);
      const std::size_t before = items.size();
      std::string_view rest = data[k];
      std::size_t count = 0;
      for (;;) {
        ++count;
        std::size_t sep = rest.find(kSep);
        if (sep == std::string_view::npos) break;
        rest.remove_prefix(sep + 1);
      }
      const std::size_t want = std::min<std::size_t>(kDictItems, size_ - k * kDictItems);
      if (count != want) throw facet_data_damaged(key);
      items.resize(before + count);
    }
    // Views into the entries are taken where the entries stay (a short
    // string's bytes move with it).
    d.data = std::move(data);
    std::size_t id = 1;
    for (const std::string& entry : d.data) {
      std::string_view rest = entry;
      for (;;) {
        std::size_t sep = rest.find(kSep);
        items[id++].stored = rest.substr(0, sep);
        if (sep == std::string_view::npos) break;
        rest.remove_prefix(sep + 1);
      }
    }
    std::unordered_map<std::string, std::uint32_t> groups;
    for (std::uint32_t i = 1; i < items.size(); ++i) {
      Item& item = items[i];
      std::tie(item.value, item.kind) = split_kind_item(item.stored);
      std::string key = fold_value(item.value);
      key += kSep;
      key += item.kind;
      item.group = groups.emplace(std::move(key), i).first->second;
    }
    d.items = std::move(items);
    d.ready.store(true, std::memory_order_release);
  }
  return d.items;
}

void set_facet_columns_enabled(bool enabled) { g_enabled.store(enabled); }

}  // namespace whosaid
