// Sharded indexing (`whosaid-index --shards N --db DIR`): DIR holds N
// databases, DIR/shard0 .. DIR/shard<N-1>, and a Xapian stub file
// DIR/XAPIANDB listing them, so that `whosaid --db DIR` (and any Xapian tool)
// opens them as one database. An article goes to the shard its id hashes to
// (shard_of), so re-indexing it replaces it in the same shard; its quotes go
// with it. The shards are written in parallel, one indexing run
// (index_run.h) per shard, each keeping the articles of its shard.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/index_run.h"

namespace whosaid {

// Largest --shards.
inline constexpr std::size_t kMaxShards = 256;

// The shard (0 .. N-1) of the article ID: FNV-1a (64 bit) of the id, mod N.
// Stable across runs, machines and versions: changing it would move
// articles between shards.
std::size_t shard_of(std::string_view id, std::size_t n);

// The number of shards of the sharded index at PATH (from its XAPIANDB
// stub, which whosaid-index wrote), or 0 if PATH is not one. A XAPIANDB
// listing anything else is refused (NotAnIndex).
std::size_t sharded_index_size(const std::string& path);

// Throws NotAnIndex (core/database.h), changing nothing on disk, unless
// whosaid-index may write a sharded index at DIR: DIR does not exist, is an
// empty folder, or holds only a sharded index's own names (its marker,
// XAPIANDB, shard<K> folders, each of which passes check_index_target(),
// and their .compacting/.part<N> siblings); and no input overlaps DIR.
void check_sharded_target(const std::string& dir, const std::vector<std::string>& inputs);

// Indexes as run_index() does, into the sharded index at OPTIONS.db_path:
// creates it with SHARDS shards if it does not exist; an existing one keeps
// its number of shards (SHARDS 0 = whatever it has; another number is a
// UsageError, as is a single database at that path; a folder holding
// anything else is refused first, see check_sharded_target). --delete ids go to
// their shard. Warnings are reported once (each shard's run reads every
// input), the stats are those of all shards together. Standard input ("-")
// is read into memory once and given to every shard.
IndexStats run_sharded_index(const IndexOptions& options, std::size_t shards);

}  // namespace whosaid
